// Refused events are not kept for ever (issue 13, finding 11): plan-server keeps a terminal's
// newest refusals up to a cap, and none older than the retention, so that a hostile terminal
// cannot grow the database without bound; accepted events are kept.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include "tests/plan/plan_builder.h"
#include "tests/server/service_harness.h"

namespace {

using namespace pt;
using namespace pt::server::testing;
using plan::EventType;
using protocol::ResultStatus;

plan::Dataset pruning_plan() {
    plan::testing::PlanBuilder b;
    b.partner("P1").resource("R1", true, {"P1"}).order("O1").step("W1", "O1", "R1");
    return b.dataset();
}

std::int64_t stored(ServiceHarness& h, const char* status) {
    SQLite::Database db((h.dir / "plan.db").string(), SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT count(*) FROM events WHERE status = ?");
    q.bind(1, status);
    q.executeStep();
    return q.getColumn(0).getInt64();
}

std::vector<plan::Event> refused_events(int count) {
    std::vector<plan::Event> events;
    for (int i = 0; i < count; ++i)
        events.push_back(make_event(EventType::work_step_started, "OP-P1", "W404"));
    return events;
}

/// Loads the plan into the opened harness, enrols a terminal on which OP-P1 logs in and starts
/// W1 (one accepted event): the terminal id.
std::string kiosk_with_one_accepted_event(ServiceHarness& h) {
    h.load(pruning_plan());
    const std::string kiosk = h.enroll();
    (void)h.login(kiosk, "BADGE-P1");
    CHECK(h.send(kiosk, {make_event(EventType::work_step_started, "OP-P1", "W1")})[0].status ==
          ResultStatus::accepted);
    return kiosk;
}

}  // namespace

TEST_CASE("a terminal's refused events are kept up to a cap, the newest") {
    ServiceHarness h;
    h.refused_per_terminal = 3;
    h.open();
    const std::string kiosk = kiosk_with_one_accepted_event(h);

    const std::vector<plan::Event> refused = refused_events(5);
    for (const auto& result : h.send(kiosk, refused))
        CHECK(result.status == ResultStatus::rejected);
    CHECK(stored(h, "rejected") == 3);
    CHECK(stored(h, "accepted") == 1);

    // The newest three still answer with their first answer; the two oldest are judged anew.
    const auto again = h.send(kiosk, refused);
    REQUIRE(again.size() == 5);
    CHECK(again[0].status == ResultStatus::rejected);
    CHECK(again[1].status == ResultStatus::rejected);
    for (std::size_t i = 2; i < 5; ++i) {
        CHECK(again[i].status == ResultStatus::duplicate);
        REQUIRE(again[i].original.has_value());
        CHECK(again[i].original->status == ResultStatus::rejected);
    }
    CHECK(stored(h, "rejected") == 3);

    // Another terminal's refusals do not push these out.
    const std::string other = h.enroll("Other");
    (void)h.login(other, "BADGE-P1");
    (void)h.send(other, refused_events(2));
    CHECK(stored(h, "rejected") == 5);
}

TEST_CASE("refused events older than the retention are forgotten, accepted ones kept") {
    ServiceHarness h;
    h.open();
    const std::string kiosk = kiosk_with_one_accepted_event(h);
    (void)h.send(kiosk, refused_events(4));
    CHECK(stored(h, "rejected") == 4);

    h.now += std::chrono::days{89};
    (void)h.send(kiosk, refused_events(1));
    CHECK(stored(h, "rejected") == 5);  // all within 90 days

    h.now += std::chrono::days{2};  // the first four are 91 days old now
    (void)h.send(kiosk, refused_events(1));
    CHECK(stored(h, "rejected") == 2);
    CHECK(stored(h, "accepted") == 1);
}
