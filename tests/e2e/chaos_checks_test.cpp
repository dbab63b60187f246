// The chaos test's rules (chaos_checks.h) on hand-made outboxes: a check that cannot fail, or
// that fails on a correct terminal, would make the chaos test worthless either way.
#include "tests/e2e/chaos_checks.h"

#include <doctest/doctest.h>

namespace pt::e2e::chaos {
namespace {

json row(std::int64_t sequence, const std::string& type, const std::string& state,
         const std::string& target = "W1", const std::string& reason = "") {
    const std::string id = "00000000-0000-4000-8000-" +
                           std::string(12 - std::to_string(sequence).size(), '0') +
                           std::to_string(sequence);
    return json{
        {"sequence", sequence},
        {"event", {{"id", id}, {"type", type}, {"operator_id", "OP1"}, {"target_id", target}}},
        {"partner_id", "P1"},
        {"state", state},
        {"reason", reason}};
}

StepState state_of(const json& outbox, const AdminMarks& marks = {}) {
    const auto expected = expected_state(outbox, "W1", "P1", marks);
    REQUIRE(expected.has_value());
    return expected->state;
}

}  // namespace

TEST_CASE("chaos rules: the state a step's own reports imply") {
    CHECK_FALSE(expected_state(json::array(), "W1", "P1", {}).has_value());
    // Accepted and pending reports count alike; quantities keep the state.
    CHECK(state_of(json::array({row(1, "work_step.started", "accepted")})) ==
          StepState::in_progress);
    CHECK(state_of(json::array({row(1, "work_step.started", "accepted"),
                                row(2, "work_step.paused", "pending"),
                                row(3, "work_step.quantity", "pending")})) == StepState::paused);
    // A refused report implies nothing; another step's reports do not count.
    CHECK(state_of(json::array({row(1, "work_step.started", "accepted"),
                                row(2, "work_step.finished", "rejected", "W1", "not_visible"),
                                row(3, "work_step.finished", "accepted", "W2")})) ==
          StepState::in_progress);
    CHECK_FALSE(expected_state(json::array({row(1, "work_step.started", "rejected", "W1",
                                                "invalid_transition")}),
                               "W1", "P1", {})
                    .has_value());
    // Another partner's session (a shared resource) is not judged by P1's last report.
    CHECK_FALSE(
        expected_state(json::array({row(1, "work_step.started", "accepted")}), "W1", "P2", {})
            .has_value());
    // A `duplicate` row still counts as delivered (its original outcome is the final check's
    // business).
    CHECK(state_of(json::array({row(1, "work_step.started", "duplicate")})) ==
          StepState::in_progress);
}

TEST_CASE("chaos rules: an admin change of the status leaves a step open until reports follow") {
    const json before = json::array({row(1, "work_step.started", "accepted")});
    CHECK_FALSE(expected_state(before, "W1", "P1", {{"W1", 1}}).has_value());
    CHECK(state_of(before, {{"W2", 1}}) == StepState::in_progress);
    json after = before;
    after.push_back(row(2, "work_step.paused", "pending"));
    CHECK_FALSE(
        expected_state(after, "W1", "P1", {{"W1", 1}}).has_value());  // may still be refused
    after[1]["state"] = "accepted";
    CHECK(state_of(after, {{"W1", 1}}) == StepState::paused);
    after[1]["state"] = "rejected";
    CHECK_FALSE(expected_state(after, "W1", "P1", {{"W1", 1}}).has_value());
}

TEST_CASE("chaos rules: what §4 allows on the detail screen") {
    CHECK(invalid_offers({"detail.start"}, StepState::open).empty());
    CHECK(invalid_offers({"detail.start"}, StepState::in_progress) ==
          std::vector<std::string>{"detail.start"});
    CHECK(
        invalid_offers({"detail.pause", "detail.quantity", "detail.finish"}, StepState::in_progress)
            .empty());
    CHECK(invalid_offers({"detail.resume", "detail.quantity", "detail.finish"}, StepState::paused)
              .empty());
    CHECK(invalid_offers({"detail.pause", "detail.resume"}, StepState::paused) ==
          std::vector<std::string>{"detail.pause"});
    CHECK(invalid_offers({"detail.quantity", "detail.finish"}, StepState::finished).size() == 2);
}

TEST_CASE("chaos rules: the end of a round") {
    const json outbox = json::array({row(1, "work_step.started", "accepted"),
                                     row(2, "work_step.paused", "rejected", "W1", "not_visible"),
                                     row(3, "work_step.resumed", "duplicate"),
                                     row(4, "work_step.finished", "pending")});
    json events = json::array();
    const auto accepted = [&](const json& r, const std::string& terminal = "T1") {
        events.push_back({{"id", r.at("event").at("id")},
                          {"type", r.at("event").at("type")},
                          {"target_id", "W1"},
                          {"terminal_id", terminal}});
    };
    accepted(outbox[0]);
    accepted(outbox[2]);
    auto problems = delivery_problems(outbox, events, "T1");
    CHECK(problems.size() == 2);  // the duplicate and the pending row
    accepted(outbox[0]);          // twice
    accepted(outbox[1]);          // refused, yet accepted
    events.push_back({{"id", "invented"},
                      {"type", "work_step.started"},
                      {"target_id", "W9"},
                      {"terminal_id", "T1"}});
    events.push_back({{"id", "other"},
                      {"type", "work_step.started"},
                      {"target_id", "W9"},
                      {"terminal_id", "T2"}});
    problems = delivery_problems(outbox, events, "T1");
    CHECK(problems.size() == 5);

    CHECK(partners_with_refusals(outbox) == std::vector<std::string>{"P1"});
    const std::string refused = outbox[1].at("event").at("id");
    CHECK(attention_problems(outbox, "P1",
                             json::array({{{"event_id", refused}, {"reason", "not_visible"}}}))
              .empty());
    CHECK(attention_problems(outbox, "P1", json::array()).size() == 1);
    CHECK(attention_problems(outbox, "P1",
                             json::array({{{"event_id", refused}, {"reason", "invalid"}}}))
              .size() == 1);
    CHECK(attention_problems(outbox, "P1",
                             json::array({{{"event_id", refused}, {"reason", "not_visible"}},
                                          {{"event_id", "x"}, {"reason", "invalid"}}}))
              .size() == 1);
}

}  // namespace pt::e2e::chaos
