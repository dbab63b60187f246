// plan-server over HTTPS (`--tls-cert FILE --tls-key FILE`) with a real libcurl client: the
// self-signed certificate is refused without its CA file and with another CA, accepted with the
// right one (a whole enrolment, login, pull and event round), public-key pinning accepts the
// right key and refuses another, plain HTTP on the TLS port gets nowhere, and bad TLS options
// stop the server with a clear message. Certificates are made at test time (tls_fixture.h).
#include <doctest/doctest.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "tests/integration/datasets.h"
#include "tests/integration/harness.h"
#include "tests/support/tls_fixture.h"

#ifndef PLAN_SERVER_BIN
#error "PLAN_SERVER_BIN must name the plan-server executable"
#endif

namespace pt::itest {
namespace {

// libcurl's codes for refused TLS.
constexpr int kCurlPeerFailedVerification = 60;  // CURLE_PEER_FAILED_VERIFICATION
constexpr int kCurlPinnedKeyMismatch = 90;       // CURLE_SSL_PINNEDPUBKEYNOTMATCH

test::PlanServerOptions server_options(const test::TempDir& dir, const std::string& admin_token) {
    test::PlanServerOptions options;
    const char* binary = std::getenv("PT_PLAN_SERVER");  // as the harness: another build
    options.binary = binary != nullptr && *binary != '\0' ? binary : PLAN_SERVER_BIN;
    options.db = dir / "plan.db";
    options.log_dir = dir.path();
    options.admin_token = admin_token;
    return options;
}

/// A plan-server serving HTTPS with freshly made certificates, and a client.
class TlsWorld {
public:
    explicit TlsWorld(std::vector<std::string> extra_args = {})
        : tls(test::make_tls_material(dir.path())), server(options(std::move(extra_args))) {
        server.start();
    }
    ~TlsWorld() {
        if (!server.running()) return;
        http.disconnect();
        const int status = server.stop();
        CHECK_MESSAGE(status == 0, "plan-server did not exit 0 on SIGTERM\n", log_tail());
    }
    TlsWorld(const TlsWorld&) = delete;
    TlsWorld& operator=(const TlsWorld&) = delete;

    [[nodiscard]] std::string url(const std::string& path) const {
        return server.base_url() + path;
    }
    [[nodiscard]] std::string log_tail() const { return server.log_tail(); }

    /// The curl error of GET /healthz with `options`; 0 when it answers 200.
    [[nodiscard]] int healthz_error(const test::TlsOptions& options) {
        http.set_tls(options);
        http.disconnect();  // a fresh handshake for every check
        try {
            const HttpResponse response = http.get(url("/healthz"));
            return response.status == 200 ? 0 : -1;
        } catch (const test::HttpError& error) {
            return error.curl_code();
        }
    }

    test::TempDir dir{"pt-tls-"};
    std::string admin_token = "admin-" + random_hex(24);
    test::TlsMaterial tls;
    test::PlanServerProcess server;
    test::HttpClient http;

private:
    test::PlanServerOptions options(std::vector<std::string> extra_args) const {
        test::PlanServerOptions result = server_options(dir, admin_token);
        result.tls_cert = tls.server.cert;
        result.tls_key = tls.server.key;
        result.extra_args = std::move(extra_args);
        return result;
    }
};

/// The message with which plan-server refuses to start with `cert` and `key` (empty: omitted).
std::string start_error(const std::optional<std::filesystem::path>& cert,
                        const std::optional<std::filesystem::path>& key) {
    test::TempDir dir("pt-tls-");
    test::PlanServerOptions options = server_options(dir, "admin-token");
    if (cert) options.tls_cert = *cert;
    if (key) options.tls_key = *key;
    test::PlanServerProcess server(options);
    try {
        server.start();
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "started";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("plan-server with --tls-cert/--tls-key serves HTTPS; the ready line says https") {
    TlsWorld w;
    PT_SERVER_LOG_ON_FAILURE(w);
    CHECK(w.server.base_url().rfind("https://127.0.0.1:", 0) == 0);
}

TEST_CASE("the client refuses the self-signed certificate without its CA, or with another CA") {
    TlsWorld w;
    PT_SERVER_LOG_ON_FAILURE(w);
    CHECK(w.healthz_error({}) == kCurlPeerFailedVerification);  // the system CAs only
    CHECK(w.healthz_error({.ca_file = w.tls.unrelated.cert.string()}) ==
          kCurlPeerFailedVerification);
    CHECK(w.healthz_error({.ca_file = w.tls.server.cert.string()}) == 0);
}

TEST_CASE("with the right CA file a terminal enrols, logs in, pulls and posts events") {
    TlsWorld w;
    PT_SERVER_LOG_ON_FAILURE(w);
    w.http.set_tls({.ca_file = w.tls.server.cert.string()});

    HttpResponse response =
        w.http.put(w.url("/admin/v1/dataset"), standard_dataset().dump(), w.admin_token);
    REQUIRE_MESSAGE(response.status == 204, describe(response));
    response = w.http.post(w.url("/admin/v1/enrollment_codes"), "", w.admin_token);
    REQUIRE_MESSAGE(response.status == 201, describe(response));
    const std::string code = body_json(response)["code"].get<std::string>();

    response = w.http.post(w.url("/api/v1/terminals/enroll"),
                           json{{"code", code}, {"name", "TLS kiosk"}}.dump());
    REQUIRE_MESSAGE(response.status == 201, describe(response));
    const std::string terminal_token = body_json(response)["token"].get<std::string>();

    response =
        w.http.post(w.url("/api/v1/sessions"), json{{"badge", "B-1001"}}.dump(), terminal_token);
    REQUIRE_MESSAGE(response.status == 201, describe(response));
    const std::string session = body_json(response)["token"].get<std::string>();

    response = w.http.get(w.url("/api/v1/plan"), session);
    REQUIRE_MESSAGE(response.status == 200, describe(response));
    CHECK(body_json(response)["work_steps"].size() == 4);  // P1: WA11, WE, WC0, WC1

    const json started = make_event("work_step.started", "OP1", "WA11");
    response =
        w.http.post(w.url("/api/v1/events"), json{{"events", {started}}}.dump(), terminal_token);
    REQUIRE_MESSAGE(response.status == 200, describe(response));
    CHECK(body_json(response)["results"][0]["status"] == "accepted");
}

TEST_CASE("a pinned public key: the right one is accepted, another refused") {
    TlsWorld w;
    PT_SERVER_LOG_ON_FAILURE(w);
    const std::string ca = w.tls.server.cert.string();
    CHECK(w.healthz_error({.ca_file = ca, .pinned_key = w.tls.server.pin}) == 0);
    CHECK(w.healthz_error({.ca_file = ca, .pinned_key = w.tls.unrelated.pin}) ==
          kCurlPinnedKeyMismatch);
    // The pin alone, without verifying the chain, still decides.
    CHECK(w.healthz_error({.pinned_key = w.tls.server.pin, .verify = false}) == 0);
    CHECK(w.healthz_error({.pinned_key = w.tls.unrelated.pin, .verify = false}) ==
          kCurlPinnedKeyMismatch);
    // Several pins joined with ';': one matching is enough.
    CHECK(w.healthz_error(
              {.ca_file = ca, .pinned_key = w.tls.unrelated.pin + ";" + w.tls.server.pin}) == 0);
}

TEST_CASE("plain HTTP to the TLS port gets no answer, and HTTPS keeps working") {
    TlsWorld w;
    PT_SERVER_LOG_ON_FAILURE(w);
    std::string plain = w.server.base_url();
    plain.replace(0, std::string("https").size(), "http");
    w.http.set_timeout(std::chrono::milliseconds(10000));
    bool answered = false;
    try {
        const HttpResponse response = w.http.get(plain + "/healthz");
        answered = response.status != 0;
        INFO(describe(response));
    } catch (const test::HttpError& error) {
        INFO(error.what());
    }
    CHECK_FALSE(answered);
    CHECK(w.healthz_error({.ca_file = w.tls.server.cert.string()}) == 0);
}

TEST_CASE("the fault mode works over TLS too: drop_after applies and sends nothing") {
    TlsWorld w({"--faults", "drop_after=1"});
    PT_SERVER_LOG_ON_FAILURE(w);
    w.http.set_tls({.ca_file = w.tls.server.cert.string()});
    HttpResponse response = w.http.post(w.url("/admin/v1/enrollment_codes"), "", w.admin_token);
    REQUIRE_MESSAGE(response.status == 201, describe(response));
    const std::string code = body_json(response)["code"].get<std::string>();
    bool answered = true;
    try {
        (void)w.http.post(w.url("/api/v1/terminals/enroll"),
                          json{{"code", code}, {"name", "TLS kiosk"}}.dump());
    } catch (const test::HttpError& error) {
        answered = false;
        INFO(error.what());
    }
    CHECK_FALSE(answered);
    CHECK(w.healthz_error({.ca_file = w.tls.server.cert.string()}) == 0);  // still serving
    CHECK(w.log_tail().find("fault: drop_after on POST /api/v1/terminals/enroll") !=
          std::string::npos);
}

TEST_CASE("bad TLS options stop plan-server with a clear message") {
    test::TempDir dir("pt-tls-");
    const test::TlsMaterial tls = test::make_tls_material(dir.path());

    std::string error = start_error(tls.server.cert, std::nullopt);
    CHECK(contains(error, "exited with status 2"));
    CHECK(contains(error, "--tls-cert FILE and --tls-key FILE go together"));

    error = start_error(std::nullopt, tls.server.key);
    CHECK(contains(error, "go together"));

    error = start_error(dir / "missing.crt", tls.server.key);
    CHECK(contains(error, "exited with status 1"));
    CHECK(contains(error, "cannot read --tls-cert"));
    CHECK(contains(error, "missing.crt"));

    error = start_error(tls.server.cert, dir / "missing.key");
    CHECK(contains(error, "cannot read --tls-key"));

    error = start_error(tls.server.cert, tls.unrelated.key);  // not the certificate's key
    CHECK(contains(error, "exited with status 1"));
    CHECK(contains(error, "cannot use --tls-cert"));
}

}  // namespace pt::itest
