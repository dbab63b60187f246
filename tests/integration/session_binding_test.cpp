// R13 on the real plan-server (sync-api.md, "Events are bound to sessions"): a report counts
// only when its operator logged in online on the sending terminal at most the offline grace
// before it occurred (or up to an hour after); otherwise `unknown_operator`, the answer for an
// operator that does not exist, whoever's operator it names.
#include <doctest/doctest.h>

#include <ctime>

#include "tests/integration/datasets.h"
#include "tests/integration/harness.h"
#include "tests/integration/world.h"

namespace {

using namespace pt::itest;

constexpr long kDay = 86'400;
constexpr long kHour = 3'600;

/// Now plus `offset_s` seconds, as RFC 3339 UTC.
std::string rfc3339_in(long offset_s) {
    const std::time_t at = std::time(nullptr) + offset_s;
    std::tm utc{};
    ::gmtime_r(&at, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

json event_at(const std::string& type, const std::string& op, const std::string& target,
              long offset_s, json data = json::object()) {
    json event = make_event(type, op, target, std::move(data));
    event["occurred_at"] = rfc3339_in(offset_s);
    return event;
}

std::string outcome_of(Harness& h, const Terminal& terminal, const json& event) {
    return outcome(h.post_events(terminal.token, json::array({event}))[0]);
}

}  // namespace

TEST_CASE(
    "R13: a terminal where nobody of P2 logged in cannot report for P2 (issue 13, finding 3)") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    const Terminal kiosk = h.enroll("P1's kiosk");
    (void)h.session(kiosk, "B-1001");  // only P1 ever logged in here

    // WB1 is P2's own step on R2. Before the fix both were accepted.
    CHECK(outcome_of(h, kiosk, make_event("work_step.started", "OP3", "WB1")) ==
          "rejected unknown_operator");
    CHECK(outcome_of(h, kiosk,
                     make_event("work_step.finished", "OP3", "WB1", {{"good", 5}, {"scrap", 0}})) ==
          "rejected unknown_operator");
    // Whose ever the target and whether the operator exists: one answer (before the fix OP3 on
    // P1's WA11 was not_visible, telling that OP3 exists).
    const std::string unknown = "rejected unknown_operator";
    CHECK(outcome_of(h, kiosk, make_event("work_step.started", "OP3", "WA11")) == unknown);
    CHECK(outcome_of(h, kiosk, make_event("work_step.started", "NOPE", "WA11")) == unknown);
    // OP2 is P1's too, but never logged in here either.
    CHECK(outcome_of(h, kiosk, make_event("work_step.started", "OP2", "WA11")) == unknown);

    json dataset = h.get_dataset();
    CHECK(dataset_item(dataset, "work_steps", "WB1")["status"] == "open");
    CHECK(h.admin_events().empty());

    // Once OP3 logs in on this terminal its reports count.
    (void)h.session(kiosk, "B-2001");
    CHECK(outcome_of(h, kiosk, make_event("work_step.started", "OP3", "WB1")) == "accepted");
}

TEST_CASE("R13: the window around the login, and a login elsewhere does not count") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    const Terminal kiosk = h.enroll("Kiosk");
    const Terminal office = h.enroll("Office");
    const json login = h.login(kiosk, "B-1001");
    REQUIRE(login.contains("offline_grace_s"));
    CHECK(login["offline_grace_s"] == 7 * kDay);
    const std::string unknown = "rejected unknown_operator";
    const std::string accepted = "accepted";

    CHECK(outcome_of(h, office, event_at("work_step.started", "OP1", "WA11", 0)) == unknown);
    // Occurred more than the grace after the login (the login is too old for it).
    CHECK(outcome_of(h, kiosk, event_at("work_step.started", "OP1", "WA11", 8 * kDay)) == unknown);
    // Occurred two hours before the login: a clock behind by more than the hour allowed.
    CHECK(outcome_of(h, kiosk, event_at("work_step.started", "OP1", "WA11", -2 * kHour)) ==
          unknown);
    // Within the grace after the login, and the login under an hour after the event.
    CHECK(outcome_of(h, kiosk, event_at("work_step.started", "OP1", "WA11", 6 * kDay)) == accepted);
    CHECK(outcome_of(h, kiosk,
                     event_at("work_step.paused", "OP1", "WA11", -50 * 60, {{"reason", "MAT"}})) ==
          accepted);
}

TEST_CASE("R13: --offline-grace-days sets the grace and the session response says it") {
    Harness h(false, {"--offline-grace-days", "2"});
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    const Terminal kiosk = h.enroll("Kiosk");
    CHECK(h.login(kiosk, "B-1001")["offline_grace_s"] == 2 * kDay);
    CHECK(outcome_of(h, kiosk, event_at("work_step.started", "OP1", "WA11", 3 * kDay)) ==
          "rejected unknown_operator");
    CHECK(outcome_of(h, kiosk, event_at("work_step.started", "OP1", "WA11", kDay)) == "accepted");
}

// sync-api.md, "Credentials": a revoked terminal enrolled again with `previous_token` (our
// addition to the enrolment body) is the same terminal: same id, new token, its logins kept.
TEST_CASE(
    "R13: re-enrolled with its previous token, the pending report of a revoked terminal "
    "counts") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    const Terminal kiosk = h.enroll("Kiosk");
    (void)h.session(kiosk, "B-1001");
    const json pending = make_event("work_step.started", "OP1", "WA11");  // waits in the outbox
    REQUIRE(h.admin("DELETE", "/admin/v1/terminals/" + kiosk.id).status == 204);
    CHECK(h.try_post_events(kiosk.token, json::array({pending})).status == 401);

    const auto enrol = [&](const std::string& name, const std::string& previous_token) {
        const HttpResponse response = h.send("POST", "/api/v1/terminals/enroll",
                                             json{{"code", h.new_enrollment_code()},
                                                  {"name", name},
                                                  {"previous_token", previous_token}}
                                                 .dump(),
                                             {});
        REQUIRE_MESSAGE(response.status == 201, describe(response));
        const json body = body_json(response);
        return Terminal{body.at("terminal_id").get<std::string>(),
                        body.at("token").get<std::string>()};
    };
    const Terminal again = enrol("Kiosk", kiosk.token);
    CHECK(again.id == kiosk.id);
    CHECK(again.token != kiosk.token);
    CHECK(outcome_of(h, again, pending) == "accepted");
    CHECK(h.try_post_events(kiosk.token, json::array()).status == 401);

    // A token of no terminal enrols a new one, which has none of the kiosk's logins.
    const Terminal stranger = enrol("Stranger", "no-such-token");
    CHECK(stranger.id != kiosk.id);
    CHECK(outcome_of(h, stranger, make_event("work_step.started", "OP1", "WA11")) ==
          "rejected unknown_operator");
    // Tokens never reach the log.
    for (const std::string& token : {kiosk.token, again.token, stranger.token})
        CHECK(h.server().log_tail(std::size_t{1} << 20).find(token) == std::string::npos);
}
