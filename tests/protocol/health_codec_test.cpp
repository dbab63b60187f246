// Terminal health reports and the admin terminal list (sync-api.md, "Terminal health",
// "Credentials").
#include <doctest/doctest.h>

#include <set>

#include "tests/protocol/protocol_samples.h"

namespace pt::protocol::test {
namespace {

const plan::Timestamp kAt{std::chrono::hours{24 * 20780 + 6}};  // 2026-11-23T06:00:00Z

HealthReport full_report() {
    HealthReport report;
    report.software_version = "1.4.0";
    report.image_version = "2026.12.1";
    report.boot_slot = "A";
    report.outbox_pending = 12;
    report.oldest_pending_at = kAt - std::chrono::hours{1};
    report.refused_unseen = 0;
    report.last_sync_at = kAt;
    report.last_error = "timeout";
    report.uptime_s = 3600;
    report.session_open = false;
    return report;
}

const std::set<std::string> kReportKeys{
    "software_version", "image_version", "boot_slot",  "outbox_pending", "oldest_pending_at",
    "refused_unseen",   "last_sync_at",  "last_error", "uptime_s",       "session_open"};

TEST_CASE("health report round trips; absent fields are written as null and read back absent") {
    CHECK(decode_health_report(encode(full_report())) == full_report());
    const Json document = Json::parse(encode(full_report()));
    CHECK(keys_of(document) == kReportKeys);
    CHECK(document["oldest_pending_at"] == "2026-11-23T05:00:00Z");

    const HealthReport minimal{.software_version = "1.0"};
    const Json sparse = Json::parse(encode(minimal));
    CHECK(keys_of(sparse) == kReportKeys);
    CHECK(sparse["boot_slot"].is_null());
    CHECK(decode_health_report(encode(minimal)) == minimal);
    CHECK(decode_health_report(R"({"software_version": "1.0", "unknown": [1]})") == minimal);
}

TEST_CASE("health report errors name the field") {
    const std::string text = encode(full_report());
    auto field_of = [&](auto edit) {
        const std::string changed = edited(text, edit);
        return error_field([&] { return decode_health_report(changed); });
    };
    CHECK(field_of([](Json& d) { d.erase("software_version"); }) == "software_version");
    CHECK(field_of([](Json& d) { d["software_version"] = nullptr; }) == "software_version");
    CHECK(field_of([](Json& d) { d["image_version"] = 3; }) == "image_version");
    CHECK(field_of([](Json& d) { d["outbox_pending"] = -1; }) == "outbox_pending");
    CHECK(field_of([](Json& d) { d["refused_unseen"] = 0.5; }) == "refused_unseen");
    CHECK(field_of([](Json& d) { d["uptime_s"] = "1h"; }) == "uptime_s");
    CHECK(field_of([](Json& d) { d["last_sync_at"] = "now"; }) == "last_sync_at");
    CHECK(field_of([](Json& d) { d["oldest_pending_at"] = 0; }) == "oldest_pending_at");
    CHECK(field_of([](Json& d) { d["session_open"] = 1; }) == "session_open");
    CHECK(field_of([](Json& d) { d["last_error"] = Json::object(); }) == "last_error");
    CHECK(error_field([] { return decode_health_report("[]"); }) == "");
}

TEST_CASE("health report bounds: names 200 characters, last_error 2,000") {
    HealthReport report = full_report();
    CHECK_FALSE(health_report_out_of_bounds(report));
    report.software_version = std::string(200, 'v');
    report.image_version.emplace();
    for (int i = 0; i < 200; ++i)
        *report.image_version += "\u00e9";  // counted in characters, not bytes
    CHECK_FALSE(health_report_out_of_bounds(report));
    report.software_version += "v";
    CHECK(health_report_out_of_bounds(report));
    report = full_report();
    report.boot_slot = std::string(201, 'b');
    CHECK(health_report_out_of_bounds(report));
    report = full_report();
    report.last_error = std::string(2000, 'e');
    CHECK_FALSE(health_report_out_of_bounds(report));
    report.last_error->push_back('e');
    CHECK(health_report_out_of_bounds(report));
}

TEST_CASE("terminal list round trips with its exact shape") {
    ListedTerminal reporting;
    reporting.id = "T-1";
    reporting.name = "Hall";
    reporting.enrolled_at = kAt;
    reporting.last_seen_at = kAt + std::chrono::minutes{5};
    reporting.failed_logins_24h = 2;
    reporting.health = ReceivedHealth{full_report(), kAt + std::chrono::minutes{4}};
    ListedTerminal silent;
    silent.id = "T-2";
    silent.name = "Yard";
    silent.enrolled_at = kAt;
    silent.revoked = true;
    const std::vector<ListedTerminal> list{reporting, silent};
    CHECK(decode_terminals(encode_terminals(list)) == list);
    CHECK(decode_terminals(encode_terminals({})).empty());

    const Json document = Json::parse(encode_terminals(list));
    CHECK(keys_of(document) == std::set<std::string>{"terminals"});
    CHECK(keys_of(document["terminals"][0]) ==
          std::set<std::string>{"id", "name", "enrolled_at", "last_seen_at", "revoked",
                                "resource_ids", "failed_logins_24h", "health"});
    std::set<std::string> health_keys = kReportKeys;
    health_keys.insert("received_at");
    CHECK(keys_of(document["terminals"][0]["health"]) == health_keys);
    CHECK(document["terminals"][0]["health"]["received_at"] == "2026-11-23T06:04:00Z");
    CHECK(document["terminals"][0]["resource_ids"] == Json::array());
    CHECK(document["terminals"][1]["health"].is_null());
    CHECK(document["terminals"][1]["last_seen_at"].is_null());
    CHECK(document["terminals"][1]["revoked"] == true);

    const std::string text = encode_terminals(list);
    CHECK(error_field([&] {
              return decode_terminals(
                  edited(text, [](Json& d) { d["terminals"][0]["health"].erase("received_at"); }));
          }) == "terminals[0].health.received_at");
    CHECK(error_field([&] {
              return decode_terminals(
                  edited(text, [](Json& d) { d["terminals"][1]["failed_logins_24h"] = -1; }));
          }) == "terminals[1].failed_logins_24h");
}

}  // namespace
}  // namespace pt::protocol::test
