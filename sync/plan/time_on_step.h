// Each operator's own time on a work step (product.md §8), computed from the step's events:
// an operator's clock runs while they are on the step (started or joined, not left, not
// finished) and the step is in progress (not paused). Pure, so the terminal computes it from its
// stored events offline and after a restart alike.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sync/plan/feedback.h"

namespace pt::plan {

struct OperatorTime {
    std::string operator_id;
    std::chrono::seconds time{0};
    bool running = false;  ///< on the step while it is in progress, at `now`
    bool operator==(const OperatorTime&) const = default;
};

/// The time of every operator who came onto the step in `events` (one step's events recorded at
/// this terminal, in recording order; refused ones left out), in the order they first came, up
/// to `now`. The events may begin with a join (the step started elsewhere): it counts as joining
/// a running step. The last stretch counts only while `status_now` (the step as the view shows
/// it) is in progress. A clock set back between two events (a later event dated earlier) counts
/// that stretch as nothing rather than as negative time; so does `now` before the last event.
[[nodiscard]] std::vector<OperatorTime> time_on_step(std::span<const Event> events, Timestamp now,
                                                     WorkStepStatus status_now);

}  // namespace pt::plan
