// The console's users and sign-in (issue 16) through the real plan-server: `plan-server user` on
// the database file, a cookie session with the user's role, CSRF on every change, sign-out and
// password changes ending sessions, and sign-ins throttled per name like badge logins.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "tests/integration/datasets.h"
#include "tests/integration/harness.h"

namespace pt::itest {
namespace {

struct Browser {
    Harness& h;
    std::string cookie;  ///< `pt_console=…`
    std::string csrf;
    std::string source_address;
    /// Sent with every request (`Origin`, `Sec-Fetch-Site`).
    std::vector<std::pair<std::string, std::string>> headers;

    HttpResponse send(const std::string& method, const std::string& path,
                      std::optional<std::string> body = std::nullopt, bool with_csrf = true,
                      const std::string& csrf_value = "") {
        test::HttpRequest request;
        request.method = method;
        request.url = h.url(path);
        request.body = std::move(body);
        request.source_address = source_address;
        request.headers = headers;
        if (!cookie.empty()) request.headers.emplace_back("Cookie", cookie);
        if (with_csrf)
            request.headers.emplace_back("X-CSRF-Token", csrf_value.empty() ? csrf : csrf_value);
        return h.http().send(request);
    }
    HttpResponse sign_in(const std::string& name, const std::string& password) {
        const HttpResponse r = send("POST", "/console/api/sign-in",
                                    json{{"name", name}, {"password", password}}.dump(), false);
        if (r.status == 200) {
            const std::string set = r.headers.at("set-cookie");
            cookie = set.substr(0, set.find(';'));
            csrf = body_json(r)["csrf"].get<std::string>();
        }
        return r;
    }
};

constexpr const char* kPassword = "correct horse battery";

/// A running server sees the users table change within a second.
void let_server_see_users_change() {
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
}

}  // namespace

TEST_CASE("console users are added, listed, changed and removed on the database file") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    CHECK(user_command(h, "add alice --role planner", kPassword).status == 0);
    CHECK(user_command(h, "add alice --role viewer", kPassword).status == 1);  // taken
    CHECK(user_command(h, "add bob --role admin", "short").status == 1);       // < 10 bytes
    CHECK(user_command(h, "add bob", kPassword).status == 2);                  // no role
    CHECK(user_command(h, "add bad/name --role admin", kPassword).status == 2);
    (void)api_token(h, "erp", "viewer");
    CHECK(user_command(h, "add erp --role viewer", kPassword).status == 1);  // a token's name
    CHECK(token_command(h, "add alice --role viewer").status == 1);          // a user's name
    const CommandResult listed = user_command(h, "list");
    CHECK(listed.status == 0);
    CHECK(listed.out.find("alice") != std::string::npos);
    CHECK(listed.out.find("planner") != std::string::npos);
    CHECK(listed.out.find(kPassword) == std::string::npos);
    CHECK(user_command(h, "passwd nobody", kPassword).status == 1);
    CHECK(user_command(h, "remove nobody").status == 1);
}

TEST_CASE("console sign-in: a cookie session with the user's role and CSRF on every change") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    REQUIRE(user_command(h, "add alice --role planner", kPassword).status == 0);
    let_server_see_users_change();
    Browser browser{h};

    CHECK(browser.sign_in("alice", "wrong password").status == 401);
    CHECK(browser.sign_in("nobody", kPassword).status == 401);
    CHECK(browser.send("GET", "/admin/v1/dataset").status == 401);
    const HttpResponse signed_in = browser.sign_in("alice", kPassword);
    REQUIRE_MESSAGE(signed_in.status == 200, describe(signed_in));
    const std::string set_cookie = signed_in.headers.at("set-cookie");
    CHECK(set_cookie.find("HttpOnly") != std::string::npos);
    CHECK(set_cookie.find("SameSite=Strict") != std::string::npos);
    CHECK(set_cookie.find("Secure") == std::string::npos);  // plain HTTP here
    CHECK(body_json(signed_in)["role"] == "planner");
    CHECK(browser.csrf.size() >= 32);

    // Reads with the cookie alone; changes with the CSRF token only.
    CHECK(browser.send("GET", "/admin/v1/dataset", std::nullopt, false).status == 200);
    const std::string order = dataset_order("O9", "", "limited").dump();
    CHECK(browser.send("POST", "/admin/v1/orders", order, false).status == 403);
    CHECK(browser.send("POST", "/admin/v1/orders", order, true, "not-the-token").status == 403);
    CHECK(browser.send("POST", "/admin/v1/orders", order).status == 201);
    // The user's role holds, and the audit names the user.
    CHECK(browser.send("DELETE", "/admin/v1/partners/P1").status == 403);
    const json audit = body_json(h.admin("GET", "/admin/v1/audit"));
    CHECK(audit["entries"].back()["actor"] == "alice");
    const HttpResponse me = browser.send("GET", "/console/api/me");
    REQUIRE(me.status == 200);
    CHECK(body_json(me)["name"] == "alice");
    CHECK(body_json(me)["csrf"] == browser.csrf);

    // Sign-out ends the session: the old cookie is refused from then on.
    const std::string old_cookie = browser.cookie;
    CHECK(browser.send("POST", "/console/api/sign-out", std::nullopt, false).status == 403);
    const HttpResponse out = browser.send("POST", "/console/api/sign-out");
    CHECK(out.status == 204);
    CHECK(out.headers.at("set-cookie").find("Max-Age=0") != std::string::npos);
    CHECK(browser.send("GET", "/admin/v1/dataset").status == 401);
    CHECK(browser.send("GET", "/console/api/me").status == 401);

    // A new password, and the removal of the user, end the sessions made before.
    REQUIRE(browser.sign_in("alice", kPassword).status == 200);
    REQUIRE(user_command(h, "passwd alice", "another long password").status == 0);
    let_server_see_users_change();
    CHECK(browser.send("GET", "/admin/v1/dataset").status == 401);
    REQUIRE(browser.sign_in("alice", "another long password").status == 200);
    REQUIRE(user_command(h, "remove alice").status == 0);
    let_server_see_users_change();
    CHECK(browser.send("GET", "/admin/v1/dataset").status == 401);
    CHECK(browser.sign_in("alice", "another long password").status == 401);
    CHECK(old_cookie != browser.cookie);
}

TEST_CASE("console sign-ins are throttled per client address over every name, like badge logins") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    REQUIRE(user_command(h, "add alice --role viewer", kPassword).status == 0);
    REQUIRE(user_command(h, "add bob --role viewer", kPassword).status == 0);
    let_server_see_users_change();
    Browser browser{h};
    for (int i = 0; i < 5; ++i)
        CHECK(browser.sign_in("alice", "wrong password").status == 401);
    const HttpResponse blocked = browser.sign_in("alice", kPassword);
    CHECK(blocked.status == 429);
    CHECK(!blocked.headers.at("retry-after").empty());
    // Trying other names from the same address gains nothing (password spraying).
    CHECK(browser.sign_in("bob", kPassword).status == 429);
    // Another client is not held up: guessing from one address must not lock the user out
    // everywhere (review of issue 16; failed before the fix).
    Browser elsewhere{h};
    elsewhere.source_address = "127.0.0.2";
    CHECK(elsewhere.sign_in("alice", kPassword).status == 200);
}

TEST_CASE("console sessions and API tokens never pass for each other") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    REQUIRE(user_command(h, "add alice --role admin", kPassword).status == 0);
    const std::string token = api_token(h, "erp", "admin");
    let_server_see_users_change();
    Browser browser{h};
    REQUIRE(browser.sign_in("alice", kPassword).status == 200);
    const std::string session = browser.cookie.substr(browser.cookie.find('=') + 1);
    // The session token as a bearer token: refused (failed before the fix).
    test::HttpRequest as_bearer;
    as_bearer.url = h.url("/admin/v1/dataset");
    as_bearer.bearer = session;
    CHECK(h.http().send(as_bearer).status == 401);
    // The API token as the cookie: refused (failed before the fix).
    Browser forged{h, "pt_console=" + token, browser.csrf};
    CHECK(forged.send("GET", "/admin/v1/dataset").status == 401);
    CHECK(browser.send("GET", "/admin/v1/dataset").status == 200);
}

TEST_CASE("console: no login CSRF, no change from another site, CSRF on every method") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    REQUIRE(user_command(h, "add alice --role admin", kPassword).status == 0);
    let_server_see_users_change();
    const std::string credentials = json{{"name", "alice"}, {"password", kPassword}}.dump();

    // A form of another site posts text/plain: refused before any password is checked.
    test::HttpRequest form;
    form.method = "POST";
    form.url = h.url("/console/api/sign-in");
    form.body = credentials;
    form.content_type = "text/plain";
    CHECK(h.http().send(form).status == 415);
    Browser other_site{h};
    other_site.headers = {{"Origin", "https://evil.example"}};
    CHECK(other_site.sign_in("alice", kPassword).status == 403);
    other_site.headers = {{"Sec-Fetch-Site", "cross-site"}};
    CHECK(other_site.sign_in("alice", kPassword).status == 403);

    Browser browser{h};
    browser.headers = {{"Sec-Fetch-Site", "same-origin"}};
    REQUIRE(browser.sign_in("alice", kPassword).status == 200);
    // Every changing method wants the CSRF token.
    const std::string partner = json{{"name", "Renamed"}}.dump();
    CHECK(browser.send("PATCH", "/admin/v1/partners/P1", partner, false).status == 403);
    CHECK(browser.send("PUT", "/admin/v1/settings", json::object().dump(), false).status == 403);
    CHECK(browser.send("DELETE", "/admin/v1/partners/P1", std::nullopt, false).status == 403);
    CHECK(browser.send("PATCH", "/admin/v1/partners/P1", partner).status == 204);
    // With the token, but sent by another site's page: refused.
    browser.headers = {{"Sec-Fetch-Site", "same-site"}};
    CHECK(browser.send("PATCH", "/admin/v1/partners/P1", partner).status == 403);
}

TEST_CASE("console: behind a TLS proxy the cookie is Secure and __Host-") {
    Harness h(false, {"--secure-cookies"});
    PT_SERVER_LOG_ON_FAILURE(h);
    REQUIRE(user_command(h, "add alice --role viewer", kPassword).status == 0);
    let_server_see_users_change();
    Browser browser{h};
    const HttpResponse signed_in = browser.sign_in("alice", kPassword);
    REQUIRE(signed_in.status == 200);
    const std::string set_cookie = signed_in.headers.at("set-cookie");
    CHECK(set_cookie.starts_with("__Host-pt_console=ptc."));
    CHECK(set_cookie.find("; Secure") != std::string::npos);
    CHECK(set_cookie.find("; Path=/") != std::string::npos);
    CHECK(browser.send("GET", "/console/api/me").status == 200);
    Browser plain_name{h, "pt_console=" + browser.cookie.substr(browser.cookie.find('=') + 1)};
    CHECK(plain_name.send("GET", "/console/api/me").status == 401);
}

}  // namespace pt::itest
