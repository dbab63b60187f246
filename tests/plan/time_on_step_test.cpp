// Each operator's own time on a step from the step's events (product.md §8).
#include "sync/plan/time_on_step.h"

#include <doctest/doctest.h>

#include "plan_builder.h"

using namespace pt::plan;
using namespace pt::plan::testing;
using std::chrono::minutes;

namespace {

Event at(int minute, EventType type, std::string op) {
    Event e;
    e.id = "E" + std::to_string(minute) + op;
    e.type = type;
    e.operator_id = std::move(op);
    e.target_id = "W1";
    e.occurred_at = at_hour(8) + minutes(minute);
    return e;
}

minutes time_of(const std::vector<OperatorTime>& times, std::string_view op) {
    for (const OperatorTime& t : times) {
        if (t.operator_id == op) return std::chrono::duration_cast<minutes>(t.time);
    }
    return minutes(-1);
}

}  // namespace

TEST_CASE("two operators: join, a pause for both, leave, finish by the other") {
    const std::vector<Event> events{
        at(0, EventType::work_step_started, "ANA"), at(10, EventType::work_step_joined, "BEN"),
        at(20, EventType::work_step_paused, "BEN"), at(30, EventType::work_step_resumed, "ANA"),
        at(40, EventType::work_step_left, "ANA"),   at(55, EventType::work_step_finished, "BEN")};
    const auto times = time_on_step(events, at_hour(8) + minutes(90), WorkStepStatus::finished);
    REQUIRE(times.size() == 2);
    CHECK(times[0].operator_id == "ANA");         // in the order they came
    CHECK(time_of(times, "ANA") == minutes(30));  // 0–20, 30–40
    CHECK(time_of(times, "BEN") == minutes(35));  // 10–20, 30–55
    CHECK_FALSE(times[0].running);
    CHECK_FALSE(times[1].running);
}

TEST_CASE("the clock runs to now for those on a running step, and not while paused") {
    std::vector<Event> events{at(0, EventType::work_step_started, "ANA"),
                              at(5, EventType::work_step_joined, "BEN")};
    auto times = time_on_step(events, at_hour(8) + minutes(20), WorkStepStatus::in_progress);
    CHECK(time_of(times, "ANA") == minutes(20));
    CHECK(time_of(times, "BEN") == minutes(15));
    CHECK(times[0].running);
    events.push_back(at(25, EventType::work_step_paused, "ANA"));
    times = time_on_step(events, at_hour(8) + minutes(60), WorkStepStatus::paused);
    CHECK(time_of(times, "ANA") == minutes(25));
    CHECK_FALSE(times[0].running);
    // Recomputed from the same stored events after a restart: the same answer.
    CHECK(time_on_step(events, at_hour(8) + minutes(60), WorkStepStatus::paused) == times);
}

TEST_CASE("a clock set back counts that stretch as nothing, never as negative time") {
    const std::vector<Event> events{
        at(60, EventType::work_step_started, "ANA"),
        at(30, EventType::work_step_paused, "ANA"),  // the clock went back an hour
        at(40, EventType::work_step_resumed, "ANA")};
    const auto times = time_on_step(events, at_hour(8) + minutes(90), WorkStepStatus::in_progress);
    CHECK(time_of(times, "ANA") == minutes(50));  // 40–90 after the change
    // Now before the last event (set back once more): nothing is taken away.
    CHECK(time_of(time_on_step(events, at_hour(8) + minutes(10), WorkStepStatus::in_progress),
                  "ANA") == minutes(0));
}

TEST_CASE("a second start after a finish begins a new crew; an unknown leave changes nothing") {
    const std::vector<Event> events{
        at(0, EventType::work_step_started, "ANA"), at(10, EventType::work_step_finished, "ANA"),
        at(20, EventType::work_step_left, "CEM"), at(30, EventType::work_step_started, "BEN")};
    const auto times = time_on_step(events, at_hour(8) + minutes(45), WorkStepStatus::in_progress);
    CHECK(time_of(times, "ANA") == minutes(10));
    CHECK(time_of(times, "BEN") == minutes(15));
    CHECK(time_of(times, "CEM") == minutes(-1));  // never on it
}

TEST_CASE("a join here of a step started elsewhere runs from the join; the view's status ends it") {
    // Issue 17 review: only the join is recorded at this terminal; the start was at another.
    const std::vector<Event> events{at(10, EventType::work_step_joined, "BEN")};
    auto times = time_on_step(events, at_hour(8) + minutes(40), WorkStepStatus::in_progress);
    CHECK(time_of(times, "BEN") == minutes(30));
    CHECK(times[0].running);
    // Paused at the other terminal since: the view says so, the clock stands.
    times = time_on_step(events, at_hour(8) + minutes(40), WorkStepStatus::paused);
    CHECK(time_of(times, "BEN") == minutes(0));
    CHECK_FALSE(times[0].running);
}
