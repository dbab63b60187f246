// product.md §4: every feedback event type from every state, in one request, against work
// steps and processes prepared in those states by the dataset.
#include <doctest/doctest.h>

#include "tests/integration/world.h"

namespace pt::itest {

TEST_CASE("feedback state machine: every event type from every state") {
    const std::vector<std::string> step_states = {"open", "in_progress", "paused", "finished",
                                                  "cancelled"};
    struct Type {
        std::string name;
        json data;
        std::set<std::string> allowed_from;
        std::string next_state;  // empty: unchanged
    };
    const std::vector<Type> types = {
        {"work_step.started", json::object(), {"open"}, "in_progress"},
        {"work_step.paused", {{"reason", "MAT"}}, {"in_progress"}, "paused"},
        {"work_step.resumed", json::object(), {"paused"}, "in_progress"},
        {"work_step.quantity",
         {{"good", 3}, {"scrap", 1}, {"scrap_reason", "DIM"}},
         {"in_progress", "paused"},
         ""},
        {"work_step.finished", {{"good", 4}, {"scrap", 0}}, {"in_progress", "paused"}, "finished"},
    };
    const std::vector<std::string> process_states = {"open", "in_progress", "done", "cancelled"};

    // One work step on P1's own resource R1 per (type, state); one process per (status, state).
    json dataset = standard_dataset();
    const auto step_id = [](const Type& type, const std::string& state) {
        return "SM-" + type.name.substr(type.name.find('.') + 1) + "-" + state;
    };
    for (const auto& type : types) {
        for (const auto& state : step_states) {
            dataset["work_steps"].push_back(
                dataset_work_step(step_id(type, state), "OA11", "R1", state));
        }
    }
    for (const char* feedback : {"in_progress", "done"}) {
        for (const auto& state : process_states) {
            dataset["processes"].push_back(
                dataset_process(std::string("SMP-") + feedback + "-" + state, "OB", state));
        }
    }
    World w(dataset);
    PT_SERVER_LOG_ON_FAILURE(w.h);

    struct Expectation {
        std::string target;
        std::string outcome;
        std::string kind;
        std::string state_after;
    };
    std::vector<Expectation> expected;
    json p1_events = json::array();
    for (const auto& type : types) {
        for (const auto& state : step_states) {
            const std::string id = step_id(type, state);
            p1_events.push_back(make_event(type.name, "OP1", id, type.data));
            if (state == "cancelled") {
                expected.push_back({id, "rejected not_visible", "work_steps", ""});
            } else if (type.allowed_from.count(state) != 0) {
                expected.push_back({id, "accepted", "work_steps",
                                    type.next_state.empty() ? state : type.next_state});
            } else {
                expected.push_back({id, "rejected invalid_transition", "work_steps", state});
            }
        }
    }
    json p2_events = json::array();
    for (const char* feedback : {"in_progress", "done"}) {
        for (const auto& state : process_states) {
            const std::string id = std::string("SMP-") + feedback + "-" + state;
            p2_events.push_back(make_event("process.feedback", "OP3", id, {{"status", feedback}}));
            if (state == "cancelled") {
                expected.push_back({id, "rejected not_visible", "processes", ""});
            } else if (state == "open" || state == "in_progress") {
                expected.push_back({id, "accepted", "processes", feedback});
            } else {
                expected.push_back({id, "rejected invalid_transition", "processes", state});
            }
        }
    }

    json results = w.h.post_events(w.terminal.token, p1_events);
    for (const auto& result : w.h.post_events(w.terminal.token, p2_events)) {
        results.push_back(result);
    }
    REQUIRE(results.size() == expected.size());
    const PlanView p1 = w.view("P1");
    const PlanView p2 = w.view("P2");
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const Expectation& want = expected[i];
        CHECK_MESSAGE(outcome(results[i]) == want.outcome, want.target, ": got ",
                      results[i].dump());
        if (want.state_after.empty()) continue;
        const PlanView& view = want.kind == "work_steps" ? p1 : p2;
        const json* object = view.find(want.kind, want.target);
        REQUIRE_MESSAGE(object != nullptr, want.target, " should be visible");
        CHECK_MESSAGE(object->value("status", "") == want.state_after, want.target, " should be ",
                      want.state_after, " after the event: ", object->dump());
    }
    // Quantities reported from 0 show in the visible columns.
    const json* counted = p1.find("work_steps", "SM-quantity-in_progress");
    REQUIRE(counted != nullptr);
    CHECK(counted->value("quantity_good", -1) == 3);
    CHECK(counted->value("quantity_scrap", -1) == 1);
    const json* finished = p1.find("work_steps", "SM-finished-paused");
    REQUIRE(finished != nullptr);
    CHECK(finished->value("quantity_good", -1) == 4);
}

}  // namespace pt::itest
