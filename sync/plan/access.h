// R1–R8 for one partner: which resources, orders, work steps and processes it may see, and
// where it may give feedback. Computed from the plan's indexes in time proportional to the
// partner's share.
#pragma once

#include <span>
#include <unordered_set>
#include <vector>

#include "sync/plan/plan.h"

namespace pt::plan {

struct PartnerAccess {
    Handle partner = 0;
    /// R14: a work step finished at or before this time has left the partner's view (it sees it
    /// no more, and it anchors nothing).
    Timestamp retired_up_to{};
    /// R1: external resources linked to the partner.
    std::unordered_set<Handle> own_resources;
    /// R5 + R6: the orders the partner sees (planning objects).
    std::unordered_set<Handle> related_orders;
    /// Orders of `full` trees with an anchor, and of named trees (R7: all their work steps).
    std::unordered_set<Handle> fully_visible_orders;

    [[nodiscard]] bool has_module(const Plan& plan, Module module) const;
    /// R14: finished, and finished_retention_days ago or longer.
    [[nodiscard]] bool retired(const WorkStep& step) const;
    /// R2 + R7, cancelled and retired (R14) work steps excluded.
    [[nodiscard]] bool sees_work_step(const Plan& plan, Handle work_step) const;
    /// R7: processes of related orders, with allow_process_feedback; cancelled excluded.
    [[nodiscard]] bool sees_process(const Plan& plan, Handle process) const;
    /// R2 + R8: work step on an own resource, with the workbench licence.
    [[nodiscard]] bool may_give_work_step_feedback(const Plan& plan, Handle work_step) const;
    /// R7 + R8: visible process, with the workbench licence.
    [[nodiscard]] bool may_give_process_feedback(const Plan& plan, Handle process) const;
};

/// Every partner whose access can depend on the resources `resources` or on the order trees
/// the orders `orders` stand in: those linked to one of the resources, linked to the resource of
/// a work step in one of the trees, or named in one of them (R1, R3, R5, R6). A change confined
/// to those resources and trees leaves every other partner's access as it was. Sorted.
[[nodiscard]] std::vector<Handle> partners_depending_on(const Plan& plan,
                                                        std::span<const Handle> resources,
                                                        std::span<const Handle> orders);

/// Computes the partner's access at `now` (R14 depends on it); nullopt for an unknown partner.
[[nodiscard]] std::optional<PartnerAccess> compute_access(const Plan& plan,
                                                          std::string_view partner_id,
                                                          Timestamp now);

}  // namespace pt::plan
