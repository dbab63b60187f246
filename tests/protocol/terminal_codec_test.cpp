// Enrolment and badge login documents.
#include <doctest/doctest.h>

#include <set>

#include "sync/protocol/limits.h"
#include "tests/protocol/protocol_samples.h"

namespace pt::protocol::test {
namespace {

TEST_CASE("enrolment round trips") {
    const EnrollRequest request{.code = "C-1", .name = "Hall 3 terminal"};
    const EnrollRequest decoded = decode_enroll_request(encode(request));
    CHECK(decoded.code == request.code);
    CHECK(decoded.name == request.name);
    CHECK_FALSE(decoded.previous_token.has_value());
    CHECK(keys_of(Json::parse(encode(request))) == std::set<std::string>{"code", "name"});

    const EnrollResponse response{.terminal_id = "T1", .token = "secret"};
    const EnrollResponse back = decode_enroll_response(encode(response));
    CHECK(back.terminal_id == "T1");
    CHECK(back.token == "secret");
    CHECK(keys_of(Json::parse(encode(response))) == std::set<std::string>{"terminal_id", "token"});

    CHECK(error_field([] { return decode_enroll_request(R"({"code": "C"})"); }) == "name");
    CHECK(error_field([] { return decode_enroll_request(R"({"code": [], "name": ""})"); }) ==
          "code");
    CHECK(error_field([] { return decode_enroll_response(R"({"terminal_id": "T"})"); }) == "token");
    CHECK(error_field([] { return decode_enroll_response(""); }) == "");
}

TEST_CASE("enrolment request: previous_token present, bounded, never quoted in errors") {
    const EnrollRequest again{.code = "C-2", .name = "T", .previous_token = "old-token"};
    CHECK(keys_of(Json::parse(encode(again))) ==
          std::set<std::string>{"code", "name", "previous_token"});
    CHECK(decode_enroll_request(encode(again)).previous_token ==
          std::optional<std::string>("old-token"));

    const std::string longest(kMaxTokenLength, 'x');
    CHECK(decode_enroll_request(encode(EnrollRequest{"C", "T", longest})).previous_token ==
          std::optional<std::string>(longest));

    const std::string too_long(kMaxTokenLength + 1, 's');
    try {
        (void)decode_enroll_request(encode(EnrollRequest{"C", "T", too_long}));
        FAIL("a token over the limit was accepted");
    } catch (const ProtocolError& error) {
        CHECK(error.field() == "previous_token");
        CHECK(std::string(error.what()).find("sss") == std::string::npos);
    }
    CHECK(error_field([] {
              return decode_enroll_request(R"({"code": "C", "name": "T", "previous_token": ""})");
          }) == "previous_token");
    CHECK(error_field([] {
              return decode_enroll_request(R"({"code": "C", "name": "T", "previous_token": 7})");
          }) == "previous_token");
    CHECK(error_field([] {
              return decode_enroll_request(R"({"code": "C", "name": "T", "previous_token": null})");
          }) == "previous_token");
}

TEST_CASE("login request: pin absent, null or a string") {
    const LoginRequest with_pin{.badge = "B-1", .pin = "1234"};
    const LoginRequest decoded = decode_login_request(encode(with_pin));
    CHECK(decoded.badge == "B-1");
    CHECK(decoded.pin == "1234");

    const LoginRequest without{.badge = "B-2", .pin = std::nullopt};
    CHECK(keys_of(Json::parse(encode(without))) == std::set<std::string>{"badge"});
    CHECK_FALSE(decode_login_request(encode(without)).pin.has_value());
    CHECK_FALSE(decode_login_request(R"({"badge": "B", "pin": null})").pin.has_value());

    CHECK(error_field([] { return decode_login_request(R"({"badge": "B", "pin": 1234})"); }) ==
          "pin");
    CHECK(error_field([] { return decode_login_request(R"({"pin": "1"})"); }) == "badge");
    CHECK(error_field([] { return decode_login_request("{\"badge\":"); }) == "");
}

TEST_CASE("login response round trip and exact shape") {
    const LoginResponse response = sample_login_response();
    CHECK(decode_login_response(encode(response)) == response);
    CHECK(decode_login_response(encode(LoginResponse{})) == LoginResponse{});

    const Json document = Json::parse(encode(response));
    CHECK(keys_of(document) == std::set<std::string>{"token", "expires_at", "operator", "partner",
                                                     "columns", "reasons"});
    CHECK(keys_of(document["operator"]) == std::set<std::string>{"id", "name", "role"});
    CHECK(keys_of(document["partner"]) ==
          std::set<std::string>{"id", "name", "modules", "allow_process_feedback"});
    CHECK(keys_of(document["columns"]) == std::set<std::string>{"work_steps", "processes"});
    CHECK(keys_of(document["reasons"]) == std::set<std::string>{"pause", "scrap"});
    CHECK(keys_of(document["reasons"]["scrap"][0]) == std::set<std::string>{"code", "label"});
    CHECK(document["expires_at"] == "2026-11-23T18:00:00Z");
    CHECK(document["partner"]["modules"] == Json{"workbench", "dashboard"});
    CHECK(document["columns"]["work_steps"] == Json{"operation", "quantity_scrap"});
    CHECK(document["columns"]["processes"] == Json{"order_number", "name", "type", "due", "notes"});
}

TEST_CASE("login response: offline_grace_s is written when set and optional when read") {
    LoginResponse response = sample_login_response();
    response.offline_grace_s = 604'800;
    const Json document = Json::parse(encode(response));
    CHECK(document["offline_grace_s"] == 604'800);
    CHECK(decode_login_response(encode(response)) == response);
    // An older server leaves it out.
    CHECK_FALSE(decode_login_response(encode(sample_login_response())).offline_grace_s);
    const std::string text = encode(response);
    CHECK(error_field([&] {
              return decode_login_response(
                  edited(text, [](Json& d) { d["offline_grace_s"] = -1; }));
          }) == "offline_grace_s");
    CHECK(error_field([&] {
              return decode_login_response(
                  edited(text, [](Json& d) { d["offline_grace_s"] = "7d"; }));
          }) == "offline_grace_s");
}

TEST_CASE("login response errors name the field") {
    const std::string text = encode(sample_login_response());
    auto field_of = [&](auto edit) {
        const std::string changed = edited(text, edit);
        return error_field([&] { return decode_login_response(changed); });
    };
    CHECK(field_of([](Json& d) { d["expires_at"] = "2026-13-01T00:00:00Z"; }) == "expires_at");
    CHECK(field_of([](Json& d) { d.erase("token"); }) == "token");
    CHECK(field_of([](Json& d) { d["operator"] = "OP1"; }) == "operator");
    CHECK(field_of([](Json& d) { d["operator"].erase("name"); }) == "operator.name");
    CHECK(field_of([](Json& d) { d["partner"]["modules"][0] = "chess"; }) == "partner.modules[0]");
    CHECK(field_of([](Json& d) { d["partner"]["allow_process_feedback"] = "true"; }) ==
          "partner.allow_process_feedback");
    CHECK(field_of([](Json& d) { d["columns"].erase("processes"); }) == "columns.processes");
    CHECK(field_of([](Json& d) { d["columns"]["work_steps"][0] = "price"; }) ==
          "columns.work_steps[0]");
    CHECK(field_of([](Json& d) { d["reasons"]["scrap"][1]["label"] = 3; }) ==
          "reasons.scrap[1].label");
    CHECK(field_of([](Json& d) { d.erase("reasons"); }) == "reasons");
}

TEST_CASE("login response: offline_grace_s is optional, a whole number, not negative") {
    LoginResponse response = sample_login_response();
    CHECK_FALSE(decode_login_response(encode(response)).offline_grace_s.has_value());
    CHECK_FALSE(Json::parse(encode(response)).contains("offline_grace_s"));

    response.offline_grace_s = 3 * 86400;
    CHECK(Json::parse(encode(response))["offline_grace_s"] == 259200);
    CHECK(decode_login_response(encode(response)) == response);

    const std::string text = encode(sample_login_response());
    auto field_of = [&](auto edit) {
        const std::string changed = edited(text, edit);
        return error_field([&] { return decode_login_response(changed); });
    };
    CHECK(field_of([](Json& d) { d["offline_grace_s"] = -1; }) == "offline_grace_s");
    CHECK(field_of([](Json& d) { d["offline_grace_s"] = 1.5; }) == "offline_grace_s");
    CHECK(field_of([](Json& d) { d["offline_grace_s"] = "604800"; }) == "offline_grace_s");
}

TEST_CASE("health report errors name the field") {
    CHECK(error_field([] { return decode_health_report("{}"); }) == "software_version");
    CHECK(error_field([] { return decode_health_report(R"({"software_version": ""})"); }) ==
          "software_version");
    CHECK(error_field([] {
              return decode_health_report(R"({"software_version": "1", "outbox_pending": -3})");
          }) == "outbox_pending");
    CHECK(error_field([] {
              return decode_health_report(R"({"software_version": "1", "uptime_s": "12"})");
          }) == "uptime_s");
    CHECK(error_field([] {
              return decode_health_report(
                  R"({"software_version": "1", "last_sync_at": "yesterday"})");
          }) == "last_sync_at");
    CHECK(error_field([] {
              return decode_health_report(R"({"software_version": "1", "session_open": 1})");
          }) == "session_open");
    CHECK(error_field([] { return decode_health_report("[1]"); }) == "");
}

}  // namespace
}  // namespace pt::protocol::test
