// What a partner's terminal receives (sync-api.md GET /plan): R1–R10, with R9 applied by
// construction — a column the administrator did not choose is never filled in.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sync/plan/plan.h"

namespace pt::plan {

/// One partner's share of the plan; every list sorted by id.
struct PartnerView {
    std::vector<ViewOrder> orders;
    std::vector<ViewResource> resources;
    std::vector<ViewWorkStep> work_steps;
    std::vector<ViewProcess> processes;
    /// product.md §8: the notes of the last kStepNoteDays on the partner's own work steps.
    std::vector<ViewStepNote> step_notes;
    bool operator==(const PartnerView&) const = default;
};

struct PartnerAccess;

/// What the partner sees, as handles in no particular order: compute_view's choice, which the
/// change preview compares before and after a change.
struct VisibleHandles {
    std::vector<Handle> orders;
    std::vector<Handle> work_steps;
    std::vector<Handle> processes;
};
[[nodiscard]] VisibleHandles visible_handles(const Plan& plan, const PartnerAccess& access);

class StepNoteLog;

/// The partner's view at `now` (R14: finished work steps leave it), with the notes of `notes`
/// it sees (step_notes.h; none when null); nullopt for an unknown partner.
[[nodiscard]] std::optional<PartnerView> compute_view(const Plan& plan, std::string_view partner_id,
                                                      Timestamp now,
                                                      const StepNoteLog* notes = nullptr);

}  // namespace pt::plan
