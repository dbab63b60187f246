#include "sync/plan/time_on_step.h"

#include <algorithm>

namespace pt::plan {
namespace {

OperatorTime& entry_of(std::vector<OperatorTime>& times, const std::string& operator_id) {
    const auto it = std::find_if(times.begin(), times.end(), [&](const OperatorTime& t) {
        return t.operator_id == operator_id;
    });
    if (it != times.end()) return *it;
    times.push_back({operator_id, std::chrono::seconds{0}, false});
    return times.back();
}

}  // namespace

std::vector<OperatorTime> time_on_step(std::span<const Event> events, Timestamp now,
                                       WorkStepStatus status_now) {
    std::vector<OperatorTime> times;
    std::vector<std::string> on_step;
    // Whether the step runs, as far as these events tell: unknown until one of them says.
    std::optional<bool> known_running;
    bool in_progress = false;
    Timestamp last{};
    // Each stretch runs from one event to the next (or to now); one that ends before it starts,
    // the clock having been set back, counts as nothing.
    // Adds the stretch since the last event to everyone on the running step.
    const auto advance = [&](Timestamp to) {
        if (in_progress && to > last) {
            for (const std::string& id : on_step)
                entry_of(times, id).time += to - last;
        }
        last = to;  // a clock set back: measure on from the new time
    };
    for (const Event& event : events) {
        advance(event.occurred_at);
        switch (event.type) {
            case EventType::work_step_started:
                on_step = {event.operator_id};
                known_running = in_progress = true;
                (void)entry_of(times, event.operator_id);
                break;
            case EventType::work_step_joined:
                // Started at another terminal: joined, so it ran (a paused step's join is
                // corrected by the status below for the stretch up to now).
                if (!known_running) known_running = in_progress = true;
                if (std::find(on_step.begin(), on_step.end(), event.operator_id) == on_step.end())
                    on_step.push_back(event.operator_id);
                (void)entry_of(times, event.operator_id);
                break;
            case EventType::work_step_left:
                std::erase(on_step, event.operator_id);
                break;
            case EventType::work_step_paused:
                known_running = in_progress = false;
                break;
            case EventType::work_step_resumed:
                known_running = in_progress = true;
                break;
            case EventType::work_step_finished:
                on_step.clear();
                known_running = in_progress = false;
                break;
            default:
                break;
        }
    }
    // The stretch up to now follows the step as the view shows it: paused or finished at another
    // terminal since, it does not run.
    in_progress = in_progress && status_now == WorkStepStatus::in_progress;
    advance(now);
    for (OperatorTime& t : times) {
        t.running = in_progress &&
                    std::find(on_step.begin(), on_step.end(), t.operator_id) != on_step.end();
    }
    return times;
}

}  // namespace pt::plan
