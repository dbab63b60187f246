// Notes on work steps (product.md §8, sync-api.md `step_notes`): plan-server keeps the accepted
// notes of the last kStepNoteDays, and a partner's view carries those on its own work steps.
#pragma once

#include <chrono>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sync/plan/plan.h"

namespace pt::plan {

struct PartnerAccess;

/// How long a note comes with the plan.
inline constexpr std::chrono::days kStepNoteDays{30};
/// The newest notes of one step a view carries at most: a bound on a pull's size whatever a
/// terminal writes (the older ones stay in the event log).
inline constexpr std::size_t kMaxNotesPerStep = 100;
/// The notes' texts in one partner's view at most, in bytes: the newest notes up to it. However
/// many steps a terminal writes notes on, a pull stays far below what a terminal reads (64 MiB).
inline constexpr std::size_t kMaxStepNoteBytesPerView = 4 * 1024 * 1024;

/// The accepted notes, by work step, in the order they were accepted; at most the newest
/// kMaxNotesPerStep of each step (held in plan-server's memory, so bounded).
class StepNoteLog {
public:
    /// Adds a note; a step's oldest note goes when it has more than kMaxNotesPerStep.
    void add(ViewStepNote note);
    /// Forgets the notes written before `cutoff` (now - kStepNoteDays).
    void forget_before(Timestamp cutoff);
    [[nodiscard]] std::span<const ViewStepNote> on_step(std::string_view work_step_id) const;
    [[nodiscard]] std::size_t size() const { return count_; }

private:
    std::unordered_map<std::string, std::vector<ViewStepNote>> by_step_;
    std::size_t count_ = 0;
};

/// The notes a partner sees at `now` among those of `log`: on the partner's own work steps of
/// `visible_steps` (R1, R2), written within kStepNoteDays, at most kMaxNotesPerStep newest per
/// step and the newest within kMaxStepNoteBytesPerView in all; sorted by id.
[[nodiscard]] std::vector<ViewStepNote> visible_step_notes(const Plan& plan,
                                                           const PartnerAccess& access,
                                                           std::span<const Handle> visible_steps,
                                                           const StepNoteLog& log, Timestamp now);

}  // namespace pt::plan
