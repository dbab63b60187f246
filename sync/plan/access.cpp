#include "sync/plan/access.h"

#include <algorithm>
#include <vector>

namespace pt::plan {
namespace {

// Adds every order of the tree below `top` (inclusive) to `related` and `fully_visible`.
void add_whole_tree(const Plan& plan, Handle top, PartnerAccess& access) {
    std::vector<Handle> pending{top};
    while (!pending.empty()) {
        const Handle order = pending.back();
        pending.pop_back();
        access.related_orders.insert(order);
        access.fully_visible_orders.insert(order);
        for (Handle child : plan.children_of(order))
            pending.push_back(child);
    }
}

}  // namespace

std::optional<PartnerAccess> compute_access(const Plan& plan, std::string_view partner_id,
                                            Timestamp now) {
    const auto partner = plan.partner_handle(partner_id);
    if (!partner) return std::nullopt;
    PartnerAccess access;
    access.partner = *partner;
    access.retired_up_to = now - std::chrono::days{plan.settings().finished_retention_days};

    // R1: only external resources count, even when a resource links the partner.
    for (Handle resource : plan.resources_linked_to(*partner)) {
        if (plan.resource_at(resource).external) access.own_resources.insert(resource);
    }

    // R3 + R5: anchors come from the partner's own work steps, not cancelled, not retired (R14).
    std::unordered_set<Handle> expanded_tops;
    for (Handle resource : access.own_resources) {
        for (Handle step : plan.work_steps_on(resource)) {
            const WorkStep& work_step = plan.work_step_at(step);
            if (work_step.status == WorkStepStatus::cancelled || access.retired(work_step)) {
                continue;
            }
            const Handle anchor = plan.order_of_work_step(step);
            if (plan.inheritance_of_tree(anchor) == Inheritance::full) {
                const Handle top = plan.top_of(anchor);
                if (expanded_tops.insert(top).second) add_whole_tree(plan, top, access);
            } else {
                access.related_orders.insert(anchor);
            }
        }
    }

    // R6: a partner named anywhere in a tree gets the whole tree, whatever its setting.
    for (Handle named : plan.orders_naming(*partner)) {
        const Handle top = plan.top_of(named);
        if (expanded_tops.insert(top).second) add_whole_tree(plan, top, access);
    }
    return access;
}

std::vector<Handle> partners_depending_on(const Plan& plan, std::span<const Handle> resources,
                                          std::span<const Handle> orders) {
    std::unordered_set<Handle> partners;
    std::unordered_set<Handle> seen_resources;
    const auto add_linked = [&](Handle resource) {
        if (!seen_resources.insert(resource).second) return;
        for (const std::string& id : plan.resource_at(resource).partner_ids) {
            if (const auto partner = plan.partner_handle(id)) partners.insert(*partner);
        }
    };
    for (Handle resource : resources)
        add_linked(resource);
    std::unordered_set<Handle> tops;
    for (Handle order : orders) {
        if (!tops.insert(plan.top_of(order)).second) continue;
        std::vector<Handle> pending{plan.top_of(order)};
        while (!pending.empty()) {
            const Handle o = pending.back();
            pending.pop_back();
            for (const std::string& id : plan.order_at(o).named_partner_ids) {
                if (const auto partner = plan.partner_handle(id)) partners.insert(*partner);
            }
            for (Handle step : plan.work_steps_of(o))
                add_linked(plan.resource_of(step));
            for (Handle child : plan.children_of(o))
                pending.push_back(child);
        }
    }
    std::vector<Handle> sorted(partners.begin(), partners.end());
    std::sort(sorted.begin(), sorted.end());
    return sorted;
}

bool PartnerAccess::has_module(const Plan& plan, Module module) const {
    return plan.partner_at(partner).modules.contains(module);
}

bool PartnerAccess::retired(const WorkStep& step) const {
    return step.status == WorkStepStatus::finished && step.finished_at &&
           *step.finished_at <= retired_up_to;
}

bool PartnerAccess::sees_work_step(const Plan& plan, Handle work_step) const {
    const WorkStep& step = plan.work_step_at(work_step);
    if (step.status == WorkStepStatus::cancelled || retired(step)) return false;
    return own_resources.contains(plan.resource_of(work_step)) ||
           fully_visible_orders.contains(plan.order_of_work_step(work_step));
}

bool PartnerAccess::sees_process(const Plan& plan, Handle process) const {
    if (!plan.partner_at(partner).allow_process_feedback) return false;
    if (plan.process_at(process).status == ProcessStatus::cancelled) return false;
    return related_orders.contains(plan.order_of_process(process));
}

bool PartnerAccess::may_give_work_step_feedback(const Plan& plan, Handle work_step) const {
    return has_module(plan, Module::workbench) && sees_work_step(plan, work_step) &&
           own_resources.contains(plan.resource_of(work_step));
}

bool PartnerAccess::may_give_process_feedback(const Plan& plan, Handle process) const {
    return has_module(plan, Module::workbench) && sees_process(plan, process);
}

}  // namespace pt::plan
