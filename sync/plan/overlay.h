// The optimistic view (product.md §4, issue #3): the cached plan of one partner with the
// terminal's own pending events applied on top, so the screen shows a report's effect at once,
// marked "not yet confirmed" until the central plan has answered it. Recomputed from the cache
// and the still-pending events whenever either changes, so it settles to the server's state
// by itself as results and deltas arrive.
#pragma once

#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "sync/plan/feedback.h"
#include "sync/plan/view.h"

namespace pt::plan {

struct OptimisticView {
    PartnerView view;
    /// Work steps and processes changed by a pending event ("not yet confirmed").
    std::unordered_set<std::string> unconfirmed_work_steps;
    std::unordered_set<std::string> unconfirmed_processes;
    /// Pending events that do not apply to the cached state (target gone, or a transition
    /// the cached status does not allow); the server decides them, the screen keeps them
    /// in the pending count.
    std::vector<std::string> inapplicable_event_ids;
};

/// Applies `pending` (in recording order) to `cached`, following the state machine of §4.
/// Quantities add only where the quantity columns are visible (R9). Never fails.
[[nodiscard]] OptimisticView overlay_pending(PartnerView cached, std::span<const Event> pending);
/// Lays one more pending event on `view` (the same as overlaying it last). Never fails.
void overlay_one(OptimisticView& view, const Event& event);

}  // namespace pt::plan
