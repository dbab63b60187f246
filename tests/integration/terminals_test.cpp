// Terminal health and the admin terminal list on the real plan-server (sync-api.md, "Terminal
// health" and "Credentials").
#include <doctest/doctest.h>

#include "tests/integration/datasets.h"
#include "tests/integration/harness.h"

namespace {

using namespace pt::itest;

json terminal_list(Harness& h) {
    const HttpResponse response = h.admin("GET", "/admin/v1/terminals");
    REQUIRE_MESSAGE(response.status == 200, describe(response));
    const json body = body_json(response);
    REQUIRE_MESSAGE((body.is_object() && body.value("terminals", json()).is_array()),
                    describe(response));
    return body["terminals"];
}

json row_of(const json& list, const std::string& id) {
    for (const json& row : list) {
        if (row.value("id", "") == id) return row;
    }
    FAIL("terminal ", id, " is not listed in ", list.dump());
    return {};
}

HttpResponse post_health(Harness& h, const std::string& token, const std::string& body) {
    return h.send("POST", "/api/v1/terminals/health", body, token);
}

}  // namespace

TEST_CASE("a terminal's health report is listed with received_at; bad ones are refused") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    const Terminal kiosk = h.enroll("Kiosk");
    const Terminal other = h.enroll("Other");

    json row = row_of(terminal_list(h), kiosk.id);
    CHECK(keys_of(row) == std::set<std::string>{"id", "name", "enrolled_at", "last_seen_at",
                                                "revoked", "resource_ids", "failed_logins_24h",
                                                "health"});
    CHECK(row["name"] == "Kiosk");
    CHECK(row["health"].is_null());
    CHECK(row["revoked"] == false);
    CHECK(row["resource_ids"] == json::array());
    CHECK(is_rfc3339_utc(row["enrolled_at"].get<std::string>()));

    const json report{{"software_version", "1.4.0"},
                      {"image_version", "2026.12.1"},
                      {"boot_slot", "A"},
                      {"outbox_pending", 2},
                      {"oldest_pending_at", now_rfc3339()},
                      {"refused_unseen", 0},
                      {"last_sync_at", now_rfc3339()},
                      {"last_error", nullptr},
                      {"uptime_s", 120},
                      {"session_open", true}};
    const HttpResponse posted = post_health(h, kiosk.token, report.dump());
    CHECK_MESSAGE(posted.status == 204, describe(posted));

    row = row_of(terminal_list(h), kiosk.id);
    REQUIRE(row["health"].is_object());
    for (const auto& [key, value] : report.items())
        CHECK_MESSAGE(row["health"][key] == value, key);
    CHECK(is_rfc3339_utc(row["health"].value("received_at", "")));
    CHECK(is_rfc3339_utc(row["last_seen_at"].get<std::string>()));
    CHECK(row_of(terminal_list(h), other.id)["health"].is_null());

    CHECK(post_health(h, kiosk.token, "not json").status == 400);
    CHECK(post_health(h, kiosk.token, R"({"boot_slot": "A"})").status == 400);
    CHECK(post_health(h, kiosk.token, R"({"software_version": "1", "uptime_s": -5})").status ==
          400);
    CHECK(post_health(h, kiosk.token, json{{"software_version", std::string(201, 'v')}}.dump())
              .status == 422);
    CHECK(row_of(terminal_list(h), kiosk.id)["health"]["software_version"] == "1.4.0");
}

TEST_CASE("terminal tokens see nothing of the list; failed logins and revocation show") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    const Terminal kiosk = h.enroll("Kiosk");
    const Terminal other = h.enroll("Other");
    const std::string session = h.session(kiosk, "B-1001");

    CHECK(h.send("GET", "/admin/v1/terminals", std::nullopt, kiosk.token).status == 401);
    CHECK(h.send("GET", "/admin/v1/terminals", std::nullopt, session).status == 401);
    CHECK(h.send("GET", "/admin/v1/terminals", std::nullopt, "").status == 401);
    CHECK(post_health(h, "", R"({"software_version": "1"})").status == 401);
    CHECK(post_health(h, session, R"({"software_version": "1"})").status == 401);

    for (int i = 0; i < 3; ++i)
        CHECK(h.try_login(other, "B-9999").status == 401);
    CHECK(h.try_login(other, "B-1002", "0000").status == 401);  // wrong PIN
    const json list = terminal_list(h);
    CHECK(row_of(list, other.id)["failed_logins_24h"] == 4);
    CHECK(row_of(list, kiosk.id)["failed_logins_24h"] == 0);

    CHECK(h.admin("DELETE", "/admin/v1/terminals/" + other.id).status == 204);
    CHECK(post_health(h, other.token, R"({"software_version": "1"})").status == 401);
    const json after = terminal_list(h);
    CHECK(after.size() == 2);
    CHECK(row_of(after, other.id)["revoked"] == true);
    CHECK(row_of(after, kiosk.id)["revoked"] == false);
}
