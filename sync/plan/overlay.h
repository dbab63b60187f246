// The optimistic view (product.md §4, issues #3 and #12): the cached plan of one partner with the
// terminal's own events that the cache does not reflect yet applied on top, so the screen shows
// a report's effect at once, marked "not yet confirmed" until the central plan has accepted it,
// and keeps showing it after the acceptance until a pull has brought the new state. Recomputed
// from the cache and those events whenever either changes, so it settles to the server's state
// by itself as results and deltas arrive.
#pragma once

#include <cstdint>
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
    /// Notes (by id) written here and not yet accepted.
    std::unordered_set<std::string> unconfirmed_notes;
    /// Pending events that do not apply to the cached state (target gone, or a transition
    /// the cached status does not allow); the server decides them, the screen keeps them
    /// in the pending count.
    std::vector<std::string> inapplicable_event_ids;
};

/// Whether the central plan has accepted an event laid on the view (its effect is then no longer
/// "not yet confirmed", and it is no longer counted among the pending ones).
enum class Answer : std::uint8_t { pending, accepted };

/// Applies `pending` (in recording order) to `cached`, following the state machine of §4.
/// Quantities add only where the quantity columns are visible (R9). Never fails.
[[nodiscard]] OptimisticView overlay_pending(PartnerView cached, std::span<const Event> pending);
/// Lays one more event on `result` (the same as overlaying it last). A pending event applies
/// where the cached state allows it; an accepted one always does, being what the server decided
/// on a state the cache may not show yet. Never fails.
/// `operator_name` is who the terminal knew recorded it (for the step's operators; empty: the
/// operator's id stands in until a pull brings the name).
void overlay_one(OptimisticView& result, const Event& event, Answer answer = Answer::pending,
                 std::string_view operator_name = {});

}  // namespace pt::plan
