#include "sync/plan/view.h"

#include <algorithm>

#include "sync/plan/access.h"
#include "sync/plan/record_fields.h"
#include "sync/plan/step_notes.h"

namespace pt::plan {
namespace {

ViewOrder view_of_order(const Plan& plan, Handle h) {
    const Order& order = plan.order_at(h);
    return ViewOrder{order.id,
                     order.number,
                     order.article,
                     order.quantity,
                     order.due,
                     order.parent_id,
                     plan.order_at(plan.top_of(h)).id};
}

// R9: a column the administrator did not choose is never copied. Fields without a source
// (feedback_allowed) are decided by the rules and set by the caller.
template <typename Table, typename View, typename Source, typename Columns>
void copy_fields(const Table& table, View& view, const Source& source, Columns columns) {
    using Column = typename Columns::value_type;
    for_each_field(table, [&](const auto& field) {
        if (field.source == nullptr) return;
        if (field.hideable() && !columns.contains(static_cast<Column>(field.r9))) return;
        view.*(field.member) = field.source(source);
    });
}

ViewWorkStep view_of_work_step(const Plan& plan, const PartnerAccess& access, Handle h) {
    const WorkStepSource source{plan.work_step_at(h), plan.order_at(plan.order_of_work_step(h)),
                                plan.resource_at(plan.resource_of(h))};
    ViewWorkStep view;
    copy_fields(kViewWorkStepFields, view, source, plan.settings().work_step_columns);
    view.feedback_allowed = access.may_give_work_step_feedback(plan, h);
    // Names, as a terminal shows them; an operator removed since is no longer on the step.
    for (const std::string& id : source.step.operator_ids) {
        if (const auto on_step = plan.find_operator(id))
            view.operators.push_back(on_step->op->name);
    }
    return view;
}

ViewProcess view_of_process(const Plan& plan, const PartnerAccess& access, Handle h) {
    const ProcessSource source{plan.process_at(h), plan.order_at(plan.order_of_process(h))};
    ViewProcess view;
    copy_fields(kViewProcessFields, view, source, plan.settings().process_columns);
    view.feedback_allowed = access.may_give_process_feedback(plan, h);
    return view;
}

}  // namespace

VisibleHandles visible_handles(const Plan& plan, const PartnerAccess& access) {
    VisibleHandles visible;
    std::vector<Handle>& steps = visible.work_steps;
    for (Handle resource : access.own_resources) {
        for (Handle step : plan.work_steps_on(resource))
            steps.push_back(step);
    }
    for (Handle order : access.fully_visible_orders) {
        for (Handle step : plan.work_steps_of(order))
            steps.push_back(step);
    }
    std::sort(steps.begin(), steps.end());
    steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
    std::erase_if(steps, [&](Handle step) { return !access.sees_work_step(plan, step); });

    visible.orders.assign(access.related_orders.begin(), access.related_orders.end());
    for (Handle order : visible.orders) {
        for (Handle process : plan.processes_of(order)) {
            if (access.sees_process(plan, process)) visible.processes.push_back(process);
        }
    }
    return visible;
}

std::optional<PartnerView> compute_view(const Plan& plan, std::string_view partner_id,
                                        Timestamp now, const StepNoteLog* notes) {
    const auto access = compute_access(plan, partner_id, now);
    if (!access) return std::nullopt;
    PartnerView view;
    const auto by_id = [](auto id_of) {
        return [id_of](Handle a, Handle b) { return id_of(a) < id_of(b); };
    };
    VisibleHandles visible = visible_handles(plan, *access);

    std::vector<Handle>& steps = visible.work_steps;
    std::sort(steps.begin(), steps.end(),
              by_id([&](Handle h) -> const std::string& { return plan.work_step_at(h).id; }));

    std::vector<Handle> resources(access->own_resources.begin(), access->own_resources.end());
    std::unordered_set<Handle> other_resources;
    view.work_steps.reserve(steps.size());
    for (Handle step : steps) {
        view.work_steps.push_back(view_of_work_step(plan, *access, step));
        const Handle resource = plan.resource_of(step);
        if (!access->own_resources.contains(resource) && other_resources.insert(resource).second) {
            resources.push_back(resource);
        }
    }
    std::sort(resources.begin(), resources.end(),
              by_id([&](Handle h) -> const std::string& { return plan.resource_at(h).id; }));
    view.resources.reserve(resources.size());
    for (Handle resource : resources) {
        view.resources.push_back({plan.resource_at(resource).id, plan.resource_at(resource).name,
                                  access->own_resources.contains(resource)});
    }

    std::vector<Handle>& orders = visible.orders;
    std::sort(orders.begin(), orders.end(),
              by_id([&](Handle h) -> const std::string& { return plan.order_at(h).id; }));
    view.orders.reserve(orders.size());
    for (Handle order : orders)
        view.orders.push_back(view_of_order(plan, order));
    std::vector<Handle>& processes = visible.processes;
    std::sort(processes.begin(), processes.end(),
              by_id([&](Handle h) -> const std::string& { return plan.process_at(h).id; }));
    view.processes.reserve(processes.size());
    for (Handle process : processes) {
        view.processes.push_back(view_of_process(plan, *access, process));
    }
    if (notes != nullptr) view.step_notes = visible_step_notes(plan, *access, steps, *notes, now);
    return view;
}

}  // namespace pt::plan
