// R13 in PlanService (sync-api.md, "Events are bound to sessions"): an event counts only when
// its operator logged in online on the sending terminal at a time T with
// occurred_at − offline_grace ≤ T ≤ occurred_at + 1 h; otherwise `unknown_operator`, the same
// answer as for an operator that does not exist, checked before anything else.
#include <doctest/doctest.h>

#include "sync/server/login_history.h"
#include "tests/plan/plan_builder.h"
#include "tests/server/service_harness.h"

namespace {

using namespace pt;
using namespace pt::server::testing;
using plan::EventType;
using plan::testing::PlanBuilder;
using protocol::ResultStatus;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::seconds;

/// P1 owns R1 with W1; P2 owns R2 with W2.
plan::Dataset two_partners() {
    PlanBuilder b;
    b.partner("P1")
        .partner("P2")
        .resource("R1", true, {"P1"})
        .resource("R2", true, {"P2"})
        .order("O1")
        .order("O2")
        .step("W1", "O1", "R1")
        .step("W2", "O2", "R2");
    return b.dataset();
}

/// "accepted", or the reason of the rejection.
std::string outcome_of(ServiceHarness& h, const std::string& terminal, const plan::Event& event) {
    const auto results = h.send(terminal, {event});
    REQUIRE(results.size() == 1);
    return results[0].status == ResultStatus::rejected ? results[0].reason
                                                       : std::string(name_of(results[0].status));
}

plan::Event event_at(EventType type, const std::string& op, const std::string& target,
                     plan::Timestamp occurred_at) {
    plan::Event event = make_event(type, op, target);
    event.occurred_at = occurred_at;
    if (type == EventType::work_step_paused) event.data.reason = "MAT";
    return event;
}

}  // namespace

TEST_CASE(
    "R13: a terminal where nobody of P2 logged in cannot report for P2 (issue 13, finding 3)") {
    ServiceHarness h;
    h.load(two_partners());
    const std::string kiosk = h.enroll("P1's kiosk");
    (void)h.login(kiosk, "BADGE-P1");

    // Before the fix both were accepted: any enrolled terminal could report for any operator.
    const auto started = event_at(EventType::work_step_started, "OP-P2", "W2", h.now);
    plan::Event finished = event_at(EventType::work_step_finished, "OP-P2", "W2", h.now);
    finished.data.good = 10;
    CHECK(outcome_of(h, kiosk, started) == "unknown_operator");
    CHECK(outcome_of(h, kiosk, finished) == "unknown_operator");
    CHECK(h.service->dataset().work_steps[1].status == plan::WorkStepStatus::open);

    // The same answer as for an operator that does not exist, whose ever the target: it tells
    // nothing about which operators exist (before the fix: not_visible for OP-P2 on W1).
    CHECK(outcome_of(h, kiosk, event_at(EventType::work_step_started, "OP-P2", "W1", h.now)) ==
          "unknown_operator");
    CHECK(outcome_of(h, kiosk, event_at(EventType::work_step_started, "NOPE", "W1", h.now)) ==
          "unknown_operator");

    // The operator's own login, on this terminal, is what counts.
    (void)h.login(kiosk, "BADGE-P2");
    const auto again = event_at(EventType::work_step_started, "OP-P2", "W2", h.now);
    CHECK(outcome_of(h, kiosk, again) == "accepted");
}

TEST_CASE("R13: a login on another terminal does not count") {
    ServiceHarness h;
    h.load(two_partners());
    const std::string hall = h.enroll("Hall");
    const std::string office = h.enroll("Office");
    (void)h.login(office, "BADGE-P1");
    CHECK(outcome_of(h, hall, event_at(EventType::work_step_started, "OP-P1", "W1", h.now)) ==
          "unknown_operator");
    CHECK(outcome_of(h, office, event_at(EventType::work_step_started, "OP-P1", "W1", h.now)) ==
          "accepted");
}

TEST_CASE("R13: the window is occurred_at − grace … occurred_at + 1 h, edges included") {
    ServiceHarness h;
    h.load(two_partners());
    const std::string kiosk = h.enroll();
    const plan::Timestamp login_at = h.now;
    (void)h.login(kiosk, "BADGE-P1");
    const auto grace = plan::kDefaultOfflineGrace;
    h.now = login_at + grace + days{3};  // delivered late, after an offline spell

    // Too old a login for the event: occurred more than the grace after it.
    CHECK(outcome_of(h, kiosk,
                     event_at(EventType::work_step_started, "OP-P1", "W1",
                              login_at + grace + seconds{1})) == "unknown_operator");
    // Too late a login: more than an hour after the event (a clock running far behind).
    CHECK(outcome_of(h, kiosk,
                     event_at(EventType::work_step_started, "OP-P1", "W1",
                              login_at - hours{1} - seconds{1})) == "unknown_operator");
    // The edges count.
    CHECK(outcome_of(h, kiosk,
                     event_at(EventType::work_step_started, "OP-P1", "W1", login_at + grace)) ==
          "accepted");
    CHECK(outcome_of(h, kiosk,
                     event_at(EventType::work_step_paused, "OP-P1", "W1", login_at - hours{1})) ==
          "accepted");
    CHECK(outcome_of(h, kiosk,
                     event_at(EventType::work_step_resumed, "OP-P1", "W1", login_at + days{2})) ==
          "accepted");
}

TEST_CASE("R13: a later login keeps the earlier ones' windows; history survives a restart") {
    ServiceHarness h;
    h.load(two_partners());
    const std::string kiosk = h.enroll();
    const plan::Timestamp first = h.now;
    (void)h.login(kiosk, "BADGE-P1");
    h.now = first + hours{2};  // another run
    (void)h.login(kiosk, "BADGE-P1");
    h.now = first + days{10};
    (void)h.login(kiosk, "BADGE-P1");
    h.open();

    // Offline on day 1, delivered after the login of day 10: the day-0 login binds it.
    CHECK(outcome_of(h, kiosk,
                     event_at(EventType::work_step_started, "OP-P1", "W1", first + days{1})) ==
          "accepted");
    // Day 8.5: no login within 7 days before it (day 0 is too old, day 10 more than 1 h later).
    CHECK(outcome_of(h, kiosk,
                     event_at(EventType::work_step_paused, "OP-P1", "W1",
                              first + days{8} + hours{12})) == "unknown_operator");
    CHECK(outcome_of(h, kiosk,
                     event_at(EventType::work_step_paused, "OP-P1", "W1",
                              first + days{10} - hours{1})) == "accepted");
}

TEST_CASE("R13: logins are forgotten once older than the grace plus a delivery margin") {
    ServiceHarness h;
    h.load(two_partners());
    const std::string kiosk = h.enroll();
    const plan::Timestamp first = h.now;
    (void)h.login(kiosk, "BADGE-P1");
    h.now = first + plan::kDefaultOfflineGrace + server::LoginHistory::kDeliveryMargin + days{1};
    (void)h.login(kiosk, "BADGE-P2");  // any login prunes
    CHECK(outcome_of(h, kiosk, event_at(EventType::work_step_started, "OP-P1", "W1", first)) ==
          "unknown_operator");
}

TEST_CASE("R13: the grace is a service option and the session response says it") {
    ServiceHarness h;
    h.offline_grace = days{2};
    h.open();
    h.load(two_partners());
    const std::string kiosk = h.enroll();
    const server::Reply login = h.login_reply(kiosk, "BADGE-P1");
    REQUIRE(login.status == 201);
    CHECK(protocol::decode_login_response(login.body).offline_grace_s == 2 * 86'400);
    const plan::Timestamp login_at = h.now;
    h.now += days{5};
    CHECK(outcome_of(h, kiosk,
                     event_at(EventType::work_step_started, "OP-P1", "W1",
                              login_at + days{2} + seconds{1})) == "unknown_operator");
    CHECK(outcome_of(h, kiosk,
                     event_at(EventType::work_step_started, "OP-P1", "W1", login_at + days{2})) ==
          "accepted");

    ServiceHarness defaults;
    defaults.load(two_partners());
    const std::string other = defaults.enroll();
    const server::Reply answer = defaults.login_reply(other, "BADGE-P1");
    REQUIRE(answer.status == 201);
    CHECK(protocol::decode_login_response(answer.body).offline_grace_s == 7 * 86'400);
}
