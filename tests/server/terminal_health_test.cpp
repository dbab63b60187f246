// Terminal health and the terminal list (sync-api.md, "Terminal health" and "Credentials"):
// POST /api/v1/terminals/health keeps the latest report per terminal with the server's time;
// GET /admin/v1/terminals lists every terminal with last_seen_at, failed logins and health.
#include <doctest/doctest.h>

#include <algorithm>

#include "tests/plan/plan_builder.h"
#include "tests/server/service_harness.h"

namespace {

using namespace pt;
using namespace pt::server::testing;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

plan::Dataset one_partner() {
    plan::testing::PlanBuilder b;
    b.partner("P1").resource("R1", true, {"P1"}).order("O1").step("W1", "O1", "R1");
    return b.dataset();
}

std::vector<protocol::ListedTerminal> terminals(ServiceHarness& h) {
    const server::Reply reply = h.service->get_terminals(kAdmin);
    REQUIRE_MESSAGE(reply.status == 200, reply.body);
    return protocol::decode_terminals(reply.body);
}

const protocol::ListedTerminal& find(const std::vector<protocol::ListedTerminal>& list,
                                     const std::string& id) {
    const auto it = std::find_if(list.begin(), list.end(),
                                 [&](const protocol::ListedTerminal& t) { return t.id == id; });
    REQUIRE(it != list.end());
    return *it;
}

}  // namespace

TEST_CASE("a health report is kept per terminal with the server's time and listed") {
    ServiceHarness h;
    h.load(one_partner());
    const std::string kiosk = h.enroll("Kiosk");
    const std::string kiosk_id = h.terminal_id;
    (void)h.enroll("Other");  // a second terminal, to tell rows apart
    const std::string other_id = h.terminal_id;

    auto listed = terminals(h);
    REQUIRE(listed.size() == 2);
    CHECK(find(listed, kiosk_id).name == "Kiosk");
    CHECK(find(listed, kiosk_id).enrolled_at == h.now);
    CHECK_FALSE(find(listed, kiosk_id).health.has_value());
    CHECK(find(listed, kiosk_id).resource_ids.empty());
    CHECK_FALSE(find(listed, kiosk_id).revoked);

    protocol::HealthReport report;
    report.software_version = "1.4.0";
    report.image_version = "2026.12.1";
    report.boot_slot = "B";
    report.outbox_pending = 3;
    report.oldest_pending_at = h.now - hours{2};
    report.refused_unseen = 1;
    report.last_sync_at = h.now - minutes{1};
    report.last_error = "connection refused";
    report.uptime_s = 86'400;
    report.session_open = true;
    h.now += seconds{30};
    CHECK(h.service->post_health(kiosk, protocol::encode(report)).status == 204);

    listed = terminals(h);
    const auto& kiosk_row = find(listed, kiosk_id);
    REQUIRE(kiosk_row.health.has_value());
    CHECK(kiosk_row.health->report == report);
    CHECK(kiosk_row.health->received_at == h.now);
    CHECK(kiosk_row.last_seen_at == h.now);
    CHECK_FALSE(find(listed, other_id).health.has_value());

    // Only software_version is required; the latest report replaces the one before.
    h.now += minutes{1};
    CHECK(h.service->post_health(kiosk, R"({"software_version": "1.4.1", "boot_slot": null})")
              .status == 204);
    listed = terminals(h);
    REQUIRE(find(listed, kiosk_id).health.has_value());
    CHECK(find(listed, kiosk_id).health->report ==
          protocol::HealthReport{.software_version = "1.4.1"});
    CHECK(find(listed, kiosk_id).health->received_at == h.now);

    // Kept across a restart.
    h.open();
    CHECK(find(terminals(h), kiosk_id).health->report.software_version == "1.4.1");
}

TEST_CASE("bad health reports are refused and change nothing") {
    ServiceHarness h;
    h.load(one_partner());
    const std::string kiosk = h.enroll();
    const std::string kiosk_id = h.terminal_id;
    const auto status = [&](const std::string& body) {
        return h.service->post_health(kiosk, body).status;
    };
    CHECK(status("not json") == 400);
    CHECK(status("[]") == 400);
    CHECK(status("{}") == 400);                           // no software_version
    CHECK(status(R"({"software_version": 14})") == 400);  // wrong type
    CHECK(status(R"({"software_version": "1", "outbox_pending": -1})") == 400);
    CHECK(status(R"({"software_version": "1", "outbox_pending": 1.5})") == 400);
    CHECK(status(R"({"software_version": "1", "session_open": "yes"})") == 400);
    CHECK(status(R"({"software_version": "1", "last_sync_at": "yesterday"})") == 400);
    CHECK(status(R"({"software_version": "1", "uptime_s": true})") == 400);
    CHECK(status(R"({"software_version": ")" + std::string(201, 'v') + "\"}") == 422);
    CHECK(status(R"({"software_version": "1", "boot_slot": ")" + std::string(201, 'b') + "\"}") ==
          422);
    CHECK(status(R"({"software_version": "1", "last_error": ")" + std::string(2001, 'e') + "\"}") ==
          422);
    CHECK(status(R"({"software_version": ")" + std::string(200, 'v') + "\"}") == 204);
    CHECK(find(terminals(h), kiosk_id).health->report.software_version == std::string(200, 'v'));
}

TEST_CASE("health needs a terminal token; the list needs the admin token") {
    ServiceHarness h;
    h.load(one_partner());
    const std::string kiosk = h.enroll();
    const std::string session = h.login(kiosk, "BADGE-P1");
    const std::string body = R"({"software_version": "1"})";
    CHECK(h.service->post_health("", body).status == 401);
    CHECK(h.service->post_health("nonsense", body).status == 401);
    CHECK(h.service->post_health(session, body).status == 401);
    CHECK(h.service->post_health(kAdmin, body).status == 401);
    // A terminal's token sees nothing of the list, its own row included.
    CHECK(h.service->get_terminals(kiosk).status == 401);
    CHECK(h.service->get_terminals(session).status == 401);
    CHECK(h.service->get_terminals("").status == 401);

    // A revoked terminal is listed as revoked, and its token no longer reports.
    CHECK(h.service->revoke_terminal(kAdmin, h.terminal_id).status == 204);
    CHECK(h.service->post_health(kiosk, body).status == 401);
    const auto listed = terminals(h);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].revoked);
    CHECK_FALSE(listed[0].health.has_value());
}

TEST_CASE("failed_logins_24h counts a terminal's failed logins of the last 24 hours") {
    ServiceHarness h;
    h.load(one_partner());
    const std::string kiosk = h.enroll("Kiosk");
    const std::string kiosk_id = h.terminal_id;
    (void)h.enroll("Other");  // a second terminal, to tell rows apart
    const std::string other_id = h.terminal_id;

    const plan::Timestamp start = h.now;
    for (int i = 0; i < 3; ++i)
        CHECK(h.login_reply(kiosk, "NO-SUCH-BADGE").status == 401);
    (void)h.login(kiosk, "BADGE-P1");  // a success does not lower the count
    h.now += hours{12};
    CHECK(h.login_reply(kiosk, "NO-SUCH-BADGE").status == 401);
    CHECK(find(terminals(h), kiosk_id).failed_logins_24h == 4);
    CHECK(find(terminals(h), other_id).failed_logins_24h == 0);

    h.now = start + hours{24} + seconds{1};  // the first three are over a day old
    CHECK(find(terminals(h), kiosk_id).failed_logins_24h == 1);
    h.open();
    CHECK(find(terminals(h), kiosk_id).failed_logins_24h == 1);
}

TEST_CASE("last_seen_at follows every authenticated terminal request") {
    ServiceHarness h;
    h.load(one_partner());
    const std::string kiosk = h.enroll();
    const std::string kiosk_id = h.terminal_id;
    CHECK_FALSE(find(terminals(h), kiosk_id).last_seen_at.has_value());

    h.now += seconds{5};
    const std::string session = h.login(kiosk, "BADGE-P1");
    CHECK(find(terminals(h), kiosk_id).last_seen_at == h.now);
    h.now += seconds{10};  // within the minute: shown exactly, written later
    (void)h.pull(session);
    CHECK(find(terminals(h), kiosk_id).last_seen_at == h.now);
    h.now += seconds{10};
    (void)h.send(kiosk, {});
    CHECK(find(terminals(h), kiosk_id).last_seen_at == h.now);
    const plan::Timestamp unwritten = h.now;

    // After a restart the database's value shows: the first request's, at most a minute old.
    h.open();
    const auto restarted = find(terminals(h), kiosk_id).last_seen_at;
    REQUIRE(restarted.has_value());
    CHECK(*restarted <= unwritten);
    CHECK(unwritten - *restarted < minutes{1});

    // A request with a wrong token is not the terminal's.
    h.now += hours{1};
    CHECK(h.service->post_health("nonsense", R"({"software_version": "1"})").status == 401);
    CHECK(*find(terminals(h), kiosk_id).last_seen_at < h.now);
}
