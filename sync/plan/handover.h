// Handover between shifts (product.md §8): what an operator finds changed on the partner's own
// work steps since their last logout here — new, moved, re-timed, quantity changed, finished or
// otherwise moved on by someone else, new notes — and what the terminal remembers at a logout to
// tell it next time. A step stays marked until the operator opened it.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "sync/plan/view.h"

namespace pt::plan {

/// One own work step as an operator left it at logout.
struct StepMemory {
    std::string work_step_id;
    std::string resource_id;
    std::optional<Timestamp> planned_start;
    std::optional<Timestamp> planned_end;
    std::optional<std::int64_t> quantity;
    WorkStepStatus status = WorkStepStatus::open;
    /// The notes it had (their ids): any other is new. By id, not by time: a note written
    /// offline elsewhere may arrive here after the logout with an earlier time.
    std::vector<std::string> seen_notes;
    bool operator==(const StepMemory&) const = default;
};

enum class StepChange : std::uint8_t { added, moved, re_timed, quantity, finished, status, notes };
using StepChanges = EnumSet<StepChange, 7>;

struct ChangedStep {
    std::string work_step_id;
    StepChanges changes;
    std::size_t new_notes = 0;  ///< by others, since the notes seen
    bool operator==(const ChangedStep&) const = default;
};

/// The own steps of `view` that changed since `memory` (sorted by work step id); notes count
/// only when written by someone named other than `operator_name`. A step gone from the view is
/// no change the operator can open: it is left out.
[[nodiscard]] std::vector<ChangedStep> changes_since(const PartnerView& view,
                                                     std::span<const StepMemory> memory,
                                                     std::string_view operator_name);

/// What to remember at a logout: every own step of `view` as it is, except those in `unopened`
/// (still marked), which keep what `previous` remembered of them (a step new to the operator
/// stays new).
[[nodiscard]] std::vector<StepMemory> remember(const PartnerView& view,
                                               std::span<const StepMemory> previous,
                                               const std::unordered_set<std::string>& unopened);

}  // namespace pt::plan
