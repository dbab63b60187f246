#include "sync/plan/view.h"

#include <algorithm>

#include "sync/plan/access.h"

namespace pt::plan {
namespace {

template <typename T>
std::optional<T> if_chosen(bool chosen, const T& value) {
    return chosen ? std::optional<T>(value) : std::nullopt;
}

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

// R9: a column the administrator did not choose is never copied.
ViewWorkStep view_of_work_step(const Plan& plan, const PartnerAccess& access, Handle h) {
    const WorkStep& step = plan.work_step_at(h);
    const Order& order = plan.order_at(plan.order_of_work_step(h));
    const Resource& resource = plan.resource_at(plan.resource_of(h));
    const WorkStepColumns columns = plan.settings().work_step_columns;
    const auto has = [&](WorkStepColumn c) { return columns.contains(c); };
    ViewWorkStep view;
    view.id = step.id;
    view.order_id = step.order_id;
    view.resource_id = step.resource_id;
    view.status = step.status;
    view.feedback_allowed = access.may_give_work_step_feedback(plan, h);
    view.order_number = if_chosen(has(WorkStepColumn::order_number), order.number);
    view.article = if_chosen(has(WorkStepColumn::article), order.article);
    view.operation = if_chosen(has(WorkStepColumn::operation), step.operation);
    view.seq = if_chosen(has(WorkStepColumn::seq), step.seq);
    view.resource_name = if_chosen(has(WorkStepColumn::resource_name), resource.name);
    view.planned_start = if_chosen(has(WorkStepColumn::planned_start), step.planned_start);
    view.planned_end = if_chosen(has(WorkStepColumn::planned_end), step.planned_end);
    view.quantity = if_chosen(has(WorkStepColumn::quantity), step.quantity);
    view.quantity_good = if_chosen(has(WorkStepColumn::quantity_good), step.quantity_good);
    view.quantity_scrap = if_chosen(has(WorkStepColumn::quantity_scrap), step.quantity_scrap);
    view.notes = if_chosen(has(WorkStepColumn::notes), step.notes);
    return view;
}

ViewProcess view_of_process(const Plan& plan, const PartnerAccess& access, Handle h) {
    const Process& process = plan.process_at(h);
    const Order& order = plan.order_at(plan.order_of_process(h));
    const ProcessColumns columns = plan.settings().process_columns;
    const auto has = [&](ProcessColumn c) { return columns.contains(c); };
    ViewProcess view;
    view.id = process.id;
    view.order_id = process.order_id;
    view.status = process.status;
    view.feedback_allowed = access.may_give_process_feedback(plan, h);
    view.order_number = if_chosen(has(ProcessColumn::order_number), order.number);
    view.name = if_chosen(has(ProcessColumn::name), process.name);
    view.type = if_chosen(has(ProcessColumn::type), process.type);
    view.due = if_chosen(has(ProcessColumn::due), process.due);
    view.notes = if_chosen(has(ProcessColumn::notes), process.notes);
    return view;
}

}  // namespace

std::optional<PartnerView> compute_view(const Plan& plan, std::string_view partner_id) {
    const auto access = compute_access(plan, partner_id);
    if (!access) return std::nullopt;
    PartnerView view;
    // Handles are sorted by id before any view object exists: moving handles is far cheaper
    // than sorting the (large) view objects afterwards.
    const auto by_id = [](auto id_of) {
        return [id_of](Handle a, Handle b) { return id_of(a) < id_of(b); };
    };

    // R2 + R7: own work steps, and every work step of fully visible (full or named) orders.
    std::vector<Handle> steps;
    for (Handle resource : access->own_resources) {
        for (Handle step : plan.work_steps_on(resource))
            steps.push_back(step);
    }
    for (Handle order : access->fully_visible_orders) {
        for (Handle step : plan.work_steps_of(order))
            steps.push_back(step);
    }
    std::sort(steps.begin(), steps.end());
    steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
    std::erase_if(steps, [&](Handle step) { return !access->sees_work_step(plan, step); });
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

    std::vector<Handle> orders(access->related_orders.begin(), access->related_orders.end());
    std::sort(orders.begin(), orders.end(),
              by_id([&](Handle h) -> const std::string& { return plan.order_at(h).id; }));
    std::vector<Handle> processes;
    view.orders.reserve(orders.size());
    for (Handle order : orders) {
        view.orders.push_back(view_of_order(plan, order));
        for (Handle process : plan.processes_of(order)) {
            if (access->sees_process(plan, process)) processes.push_back(process);
        }
    }
    std::sort(processes.begin(), processes.end(),
              by_id([&](Handle h) -> const std::string& { return plan.process_at(h).id; }));
    view.processes.reserve(processes.size());
    for (Handle process : processes) {
        view.processes.push_back(view_of_process(plan, *access, process));
    }
    return view;
}

}  // namespace pt::plan
