// R13 in PlanService (sync-api.md, "Events are bound to sessions"): an event counts only when
// its operator logged in online on the sending terminal at a time T with
// occurred_at − offline_grace ≤ T ≤ occurred_at + 1 h; otherwise `unknown_operator`, the same
// answer as for an operator that does not exist, checked before anything else.
#include <doctest/doctest.h>

#include "sync/protocol/limits.h"
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

// sync-api.md, "Credentials": a revoked terminal enrolled again proves with its previous token
// that it is the same one, keeps its id and so its login history; its pending reports count.
TEST_CASE("R13: re-enrolled with its previous token, a terminal keeps its id and its logins") {
    ServiceHarness h;
    h.load(two_partners());
    const std::string old_token = h.enroll("Kiosk");
    const std::string kiosk_id = h.terminal_id;
    const std::string session = h.login(old_token, "BADGE-P1");
    // Recorded while the terminal was cut off: it waits in the outbox.
    const auto pending = event_at(EventType::work_step_started, "OP-P1", "W1", h.now);
    REQUIRE(h.service->revoke_terminal(kAdmin, kiosk_id).status == 204);
    h.now += hours{2};

    // Before the fix the terminal got a new id, and OP-P1 had never logged in under it.
    const std::string new_token = h.enroll("Kiosk, hall 3", old_token);
    CHECK(h.terminal_id == kiosk_id);
    CHECK(new_token != old_token);
    CHECK(outcome_of(h, new_token, pending) == "accepted");
    // The old token and the sessions it opened stay dead.
    CHECK(h.service->post_events(old_token, R"({"events": []})").status == 401);
    CHECK(h.login_reply(old_token, "BADGE-P1").status == 401);
    CHECK(h.service->pull(session, "").status == 401);
    const auto listed = protocol::decode_terminals(h.service->get_terminals(kAdmin).body);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].id == kiosk_id);
    CHECK(listed[0].name == "Kiosk, hall 3");
    CHECK_FALSE(listed[0].revoked);

    // Not revoked first: enrolled again all the same; its sessions end with its old token.
    const std::string fresh_session = h.login(new_token, "BADGE-P1");
    const std::string third_token = h.enroll("Kiosk", new_token);
    CHECK(h.terminal_id == kiosk_id);
    CHECK(h.service->pull(fresh_session, "").status == 401);
    CHECK(h.service->post_events(new_token, R"({"events": []})").status == 401);
    CHECK(h.service->post_events(third_token, R"({"events": []})").status == 200);
}

TEST_CASE("re-enrolment: a previous token nobody holds enrols a new terminal, no error") {
    ServiceHarness h;
    h.load(two_partners());
    const std::string token = h.enroll("Kiosk");
    const std::string kiosk_id = h.terminal_id;
    (void)h.login(token, "BADGE-P1");

    const std::string stranger = h.enroll("Stranger", "not-a-token-of-this-server");
    CHECK(h.terminal_id != kiosk_id);
    // The new terminal has none of the kiosk's history; the kiosk keeps its token.
    CHECK(outcome_of(h, stranger, event_at(EventType::work_step_started, "OP-P1", "W1", h.now)) ==
          "unknown_operator");
    CHECK(h.service->post_events(token, R"({"events": []})").status == 200);
    CHECK(protocol::decode_terminals(h.service->get_terminals(kAdmin).body).size() == 2);
}

TEST_CASE("re-enrolment with a previous token still needs a usable code") {
    ServiceHarness h;
    h.load(two_partners());
    const std::string token = h.enroll("Kiosk");
    const std::string kiosk_id = h.terminal_id;
    REQUIRE(h.service->revoke_terminal(kAdmin, kiosk_id).status == 204);
    const auto attempt = [&](const std::string& code) {
        return h.service->enroll(protocol::encode(protocol::EnrollRequest{code, "Kiosk", token}));
    };
    CHECK(attempt("AAAA-BBBB-CCCC-DDDD").status == 401);
    const std::string code =
        protocol::decode_enrollment_code(h.service->post_enrollment_code(kAdmin, "").body);
    const server::Reply first = attempt(code);
    REQUIRE(first.status == 201);
    CHECK(protocol::decode_enroll_response(first.body).terminal_id == kiosk_id);
    CHECK(attempt(code).status == 401);  // spent
    // Nothing of the refused attempts touched the terminal: the first answer's token works.
    CHECK(h.service
              ->post_events(protocol::decode_enroll_response(first.body).token, R"({"events": []})")
              .status == 200);
    // An overlong previous token is a malformed body, refused before the code is looked at.
    CHECK(h.service
              ->enroll(protocol::encode(protocol::EnrollRequest{
                  code, "Kiosk", std::string(protocol::kMaxTokenLength + 1, 't')}))
              .status == 400);
}
