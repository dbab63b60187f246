#include "sync/plan/plan.h"

#include "sync/plan/plan_index.h"

namespace pt::plan {

std::optional<PlanError> Plan::Index::add_partners(std::vector<Partner> list) {
    partners = std::move(list);
    partner_by_id.reserve(partners.size());
    partner_resources.resize(partners.size());
    partner_named_orders.resize(partners.size());
    for (Handle p = 0; p < partners.size(); ++p) {
        const Partner& partner = partners[p];
        if (partner.id.empty()) return rule_violation("a partner has an empty id");
        if (!partner_by_id.emplace(partner.id, p).second) {
            return rule_violation("partner id '" + partner.id + "' appears twice");
        }
        for (std::size_t i = 0; i < partner.operators.size(); ++i) {
            if (auto error = index_operator(p, i)) return error;
        }
    }
    return std::nullopt;
}

std::optional<PlanError> Plan::Index::add_resources(std::vector<Resource> list) {
    resources = std::move(list);
    resource_by_id.reserve(resources.size());
    resource_work_steps.resize(resources.size());
    for (Handle r = 0; r < resources.size(); ++r) {
        const Resource& resource = resources[r];
        if (resource.id.empty()) return rule_violation("a resource has an empty id");
        if (!resource_by_id.emplace(resource.id, r).second) {
            return rule_violation("resource id '" + resource.id + "' appears twice");
        }
        if (auto error =
                check_partner_ids("resource '" + resource.id + "'", resource.partner_ids)) {
            return error;
        }
        link_resource(r);
    }
    return std::nullopt;
}

std::optional<PlanError> Plan::Index::add_orders(std::vector<Order> list) {
    orders = std::move(list);
    order_by_id.reserve(orders.size());
    order_parent.assign(orders.size(), kNone);
    order_children.resize(orders.size());
    order_work_steps.resize(orders.size());
    order_processes.resize(orders.size());
    for (Handle o = 0; o < orders.size(); ++o) {
        if (orders[o].id.empty()) return rule_violation("an order has an empty id");
        if (!order_by_id.emplace(orders[o].id, o).second) {
            return rule_violation("order id '" + orders[o].id + "' appears twice");
        }
    }
    for (Handle o = 0; o < orders.size(); ++o) {
        Order& order = orders[o];
        if (order.quantity < 0)
            return rule_violation("order '" + order.id + "' has a negative quantity");
        if (auto error = check_partner_ids("order '" + order.id + "'", order.named_partner_ids)) {
            return error;
        }
        if (order.parent_id) {
            const auto parent = find_in(order_by_id, *order.parent_id);
            if (!parent) {
                return rule_violation("order '" + order.id + "' has unknown parent '" +
                                      *order.parent_id + "'");
            }
            if (order.external_inheritance) {
                return rule_violation("order '" + order.id +
                                      "' is a sub-order: only a top-level order carries "
                                      "external_inheritance (R4)");
            }
            order_parent[o] = *parent;
            order_children[*parent].push_back(o);
        } else if (!order.external_inheritance) {
            order.external_inheritance = settings.default_external_inheritance;
        }
        link_named(o);
    }
    // Every walk up the parents must end at a top-level order: 0 unseen, 1 on the walk, 2 done.
    std::vector<std::uint8_t> state(orders.size(), 0);
    std::vector<Handle> walk;
    for (Handle start = 0; start < orders.size(); ++start) {
        walk.clear();
        Handle h = start;
        while (h != kNone && state[h] == 0) {
            state[h] = 1;
            walk.push_back(h);
            h = order_parent[h];
        }
        if (h != kNone && state[h] == 1) {
            return rule_violation("order '" + orders[h].id + "' is its own ancestor (cycle)");
        }
        for (Handle w : walk)
            state[w] = 2;
    }
    return std::nullopt;
}

std::optional<PlanError> Plan::Index::add_work_steps(std::vector<WorkStep> list) {
    work_steps = std::move(list);
    work_step_by_id.reserve(work_steps.size());
    work_step_resource.resize(work_steps.size());
    work_step_order.resize(work_steps.size());
    work_step_status.resize(work_steps.size());
    for (Handle w = 0; w < work_steps.size(); ++w) {
        const WorkStep& step = work_steps[w];
        if (step.id.empty()) return rule_violation("a work step has an empty id");
        if (!work_step_by_id.emplace(step.id, w).second) {
            return rule_violation("work step id '" + step.id + "' appears twice");
        }
        const auto links = links_of(step);
        if (const auto* error = std::get_if<PlanError>(&links)) return *error;
        const auto [order, resource] = std::get<WorkStepLinks>(links);
        work_step_order[w] = order;
        work_step_resource[w] = resource;
        work_step_status[w] = step.status;
        order_work_steps[order].push_back(w);
        resource_work_steps[resource].push_back(w);
    }
    return std::nullopt;
}

std::optional<PlanError> Plan::Index::add_processes(std::vector<Process> list) {
    processes = std::move(list);
    process_by_id.reserve(processes.size());
    process_order.resize(processes.size());
    for (Handle p = 0; p < processes.size(); ++p) {
        const Process& process = processes[p];
        if (process.id.empty()) return rule_violation("a process has an empty id");
        if (!process_by_id.emplace(process.id, p).second) {
            return rule_violation("process id '" + process.id + "' appears twice");
        }
        const auto order = order_of(process);
        if (const auto* error = std::get_if<PlanError>(&order)) return *error;
        process_order[p] = std::get<Handle>(order);
        order_processes[std::get<Handle>(order)].push_back(p);
    }
    return std::nullopt;
}

// ---- Plan -----------------------------------------------------------------------------------

Plan::Plan() : index_(std::make_unique<Index>()) {}
Plan::~Plan() = default;
Plan::Plan(Plan&&) noexcept = default;
Plan& Plan::operator=(Plan&&) noexcept = default;

std::optional<PlanError> Plan::replace_all(Dataset dataset) {
    index_->revision = next_revision();  // may change the plan
    auto next = std::make_unique<Index>();
    if (auto error = check_settings(dataset.settings)) return error;
    next->settings = std::move(dataset.settings);
    if (auto e = next->add_partners(std::move(dataset.partners))) return e;
    if (auto e = next->add_resources(std::move(dataset.resources))) return e;
    if (auto e = next->add_orders(std::move(dataset.orders))) return e;
    if (auto e = next->add_work_steps(std::move(dataset.work_steps))) return e;
    if (auto e = next->add_processes(std::move(dataset.processes))) return e;
    index_ = std::move(next);
    return std::nullopt;
}

OrderChange change_back_to(const Order& order) {
    OrderChange change;
    change.number = order.number;
    change.article = order.article;
    change.quantity = order.quantity;
    change.due = order.due;
    change.parent_id = order.parent_id;
    change.external_inheritance = order.external_inheritance;
    change.named_partner_ids = order.named_partner_ids;
    return change;
}

Dataset Plan::to_dataset() const {
    const Index& x = *index_;
    return Dataset{x.settings, x.partners, x.resources, x.orders, x.work_steps, x.processes};
}

std::optional<PlanError> Plan::add_order(Order order) {
    index_->revision = next_revision();  // may change the plan
    index_->moved_layout();
    Index& x = *index_;
    if (order.id.empty()) return rule_violation("an order needs an id");
    if (x.order_by_id.contains(order.id)) {
        return rule_violation("order id '" + order.id + "' already exists");
    }
    if (order.quantity < 0)
        return rule_violation("order '" + order.id + "' has a negative quantity");
    if (auto error = x.check_partner_ids("order '" + order.id + "'", order.named_partner_ids)) {
        return error;
    }
    Handle parent = kNone;
    if (order.parent_id) {
        const auto found = find_in(x.order_by_id, *order.parent_id);
        if (!found) {
            return rule_violation("order '" + order.id + "' has unknown parent '" +
                                  *order.parent_id + "'");
        }
        if (order.external_inheritance) {
            return rule_violation("order '" + order.id +
                                  "' is a sub-order: only a top-level order carries "
                                  "external_inheritance (R4)");
        }
        parent = *found;
    } else if (!order.external_inheritance) {
        order.external_inheritance = x.settings.default_external_inheritance;  // R4
    }
    const auto h = static_cast<Handle>(x.orders.size());
    x.order_by_id.emplace(order.id, h);
    x.orders.push_back(std::move(order));
    x.order_parent.push_back(parent);
    x.order_children.emplace_back();
    x.order_work_steps.emplace_back();
    x.order_processes.emplace_back();
    if (parent != kNone) x.order_children[parent].push_back(h);
    x.link_named(h);
    return std::nullopt;
}

std::optional<PlanError> Plan::change_order(std::string_view id, const OrderChange& change) {
    index_->revision = next_revision();  // may change the plan
    index_->moved_layout();
    Index& x = *index_;
    const auto found = find_in(x.order_by_id, id);
    if (!found) return not_found("order", id);
    const Handle h = *found;
    Order next = x.orders[h];
    if (change.number) next.number = *change.number;
    if (change.article) next.article = *change.article;
    if (change.quantity) next.quantity = *change.quantity;
    if (change.due) next.due = *change.due;
    if (change.parent_id) next.parent_id = *change.parent_id;
    if (change.named_partner_ids) next.named_partner_ids = *change.named_partner_ids;
    if (next.quantity < 0) return rule_violation("order '" + next.id + "' has a negative quantity");
    if (auto error = x.check_partner_ids("order '" + next.id + "'", next.named_partner_ids)) {
        return error;
    }

    Handle parent = kNone;
    if (next.parent_id) {
        const auto p = find_in(x.order_by_id, *next.parent_id);
        if (!p) {
            return rule_violation("order '" + next.id + "' has unknown parent '" + *next.parent_id +
                                  "'");
        }
        if (x.is_ancestor_or_self(h, *p)) {
            return rule_violation("order '" + next.id + "' cannot be placed under '" +
                                  *next.parent_id + "': that would make a cycle");
        }
        if (change.external_inheritance && *change.external_inheritance) {
            return rule_violation("order '" + next.id +
                                  "' is a sub-order: only a top-level order carries "
                                  "external_inheritance (R4)");
        }
        parent = *p;
        next.external_inheritance.reset();  // a sub-order follows its top-level order
    } else {
        if (change.external_inheritance) next.external_inheritance = *change.external_inheritance;
        if (!next.external_inheritance) {
            next.external_inheritance = x.settings.default_external_inheritance;
        }
    }

    if (x.order_parent[h] != parent) {
        if (x.order_parent[h] != kNone) std::erase(x.order_children[x.order_parent[h]], h);
        if (parent != kNone) x.order_children[parent].push_back(h);
        x.order_parent[h] = parent;
    }
    x.unlink_named(h);
    x.orders[h] = std::move(next);
    x.link_named(h);
    return std::nullopt;
}

std::optional<PlanError> Plan::update_work_step(WorkStep step) {
    index_->revision = next_revision();  // may change the plan
    Index& x = *index_;
    const auto found = find_in(x.work_step_by_id, step.id);
    if (!found) return not_found("work step", step.id);
    const Handle h = *found;
    const auto links = x.links_of(step);
    if (const auto* error = std::get_if<PlanError>(&links)) return *error;
    const auto [order, resource] = std::get<Index::WorkStepLinks>(links);
    const WorkStep& before = x.work_steps[h];
    if (x.work_step_order[h] != order || before.planned_start != step.planned_start ||
        before.operation != step.operation) {
        x.moved_layout();
    }
    x.work_step_status[h] = step.status;
    if (x.work_step_order[h] != order) {
        std::erase(x.order_work_steps[x.work_step_order[h]], h);
        x.order_work_steps[order].push_back(h);
        x.work_step_order[h] = order;
    }
    if (x.work_step_resource[h] != resource) {
        std::erase(x.resource_work_steps[x.work_step_resource[h]], h);
        x.resource_work_steps[resource].push_back(h);
        x.work_step_resource[h] = resource;
    }
    x.work_steps[h] = std::move(step);
    return std::nullopt;
}

std::optional<PlanError> Plan::update_process(Process process) {
    index_->revision = next_revision();  // may change the plan
    Index& x = *index_;
    const auto found = find_in(x.process_by_id, process.id);
    if (!found) return not_found("process", process.id);
    const Handle h = *found;
    const auto found_order = x.order_of(process);
    if (const auto* error = std::get_if<PlanError>(&found_order)) return *error;
    const Handle order = std::get<Handle>(found_order);
    if (x.process_order[h] != order || x.processes[h].name != process.name) x.moved_layout();
    if (x.process_order[h] != order) {
        std::erase(x.order_processes[x.process_order[h]], h);
        x.order_processes[order].push_back(h);
        x.process_order[h] = order;
    }
    x.processes[h] = std::move(process);
    return std::nullopt;
}

std::optional<PlanError> Plan::update_partner(const Partner& partner) {
    index_->revision = next_revision();  // may change the plan
    Index& x = *index_;
    const auto found = find_in(x.partner_by_id, partner.id);
    if (!found) return not_found("partner", partner.id);
    Partner& target = x.partners[*found];
    target.name = partner.name;
    target.modules = partner.modules;
    target.allow_process_feedback = partner.allow_process_feedback;
    return std::nullopt;
}

std::optional<PlanError> Plan::update_resource(Resource resource) {
    index_->revision = next_revision();  // may change the plan
    Index& x = *index_;
    const auto found = find_in(x.resource_by_id, resource.id);
    if (!found) return not_found("resource", resource.id);
    if (auto error = x.check_partner_ids("resource '" + resource.id + "'", resource.partner_ids)) {
        return error;
    }
    x.unlink_resource(*found);
    x.resources[*found] = std::move(resource);
    x.link_resource(*found);
    return std::nullopt;
}

std::optional<PlanError> Plan::update_settings(Settings settings) {
    index_->revision = next_revision();  // may change the plan
    if (auto error = check_settings(settings)) return error;
    index_->settings = std::move(settings);
    return std::nullopt;
}

// ---- lookups --------------------------------------------------------------------------------

std::uint64_t Plan::revision() const {
    return index_->revision;
}

std::uint64_t Plan::layout_revision() const {
    return index_->layout_revision;
}

const Settings& Plan::settings() const {
    return index_->settings;
}

const Partner* Plan::find_partner(std::string_view id) const {
    const auto h = find_in(index_->partner_by_id, id);
    return h ? &index_->partners[*h] : nullptr;
}
const Resource* Plan::find_resource(std::string_view id) const {
    const auto h = find_in(index_->resource_by_id, id);
    return h ? &index_->resources[*h] : nullptr;
}
const Order* Plan::find_order(std::string_view id) const {
    const auto h = find_in(index_->order_by_id, id);
    return h ? &index_->orders[*h] : nullptr;
}
const WorkStep* Plan::find_work_step(std::string_view id) const {
    const auto h = find_in(index_->work_step_by_id, id);
    return h ? &index_->work_steps[*h] : nullptr;
}
const Process* Plan::find_process(std::string_view id) const {
    const auto h = find_in(index_->process_by_id, id);
    return h ? &index_->processes[*h] : nullptr;
}

std::optional<OperatorRef> Plan::find_operator(std::string_view operator_id) const {
    const auto it = index_->operator_by_id.find(operator_id);
    if (it == index_->operator_by_id.end()) return std::nullopt;
    const Partner& partner = index_->partners[it->second.partner];
    return OperatorRef{&partner.operators[it->second.position], &partner};
}
std::optional<OperatorRef> Plan::find_operator_by_badge(std::string_view badge) const {
    const auto it = index_->operator_by_badge.find(badge);
    if (it == index_->operator_by_badge.end()) return std::nullopt;
    const Partner& partner = index_->partners[it->second.partner];
    return OperatorRef{&partner.operators[it->second.position], &partner};
}

std::size_t Plan::partner_count() const {
    return index_->partners.size();
}
std::size_t Plan::resource_count() const {
    return index_->resources.size();
}
std::size_t Plan::order_count() const {
    return index_->orders.size();
}
std::size_t Plan::work_step_count() const {
    return index_->work_steps.size();
}
std::size_t Plan::process_count() const {
    return index_->processes.size();
}

std::optional<Handle> Plan::partner_handle(std::string_view id) const {
    return find_in(index_->partner_by_id, id);
}
std::optional<Handle> Plan::resource_handle(std::string_view id) const {
    return find_in(index_->resource_by_id, id);
}
std::optional<Handle> Plan::order_handle(std::string_view id) const {
    return find_in(index_->order_by_id, id);
}
std::optional<Handle> Plan::work_step_handle(std::string_view id) const {
    return find_in(index_->work_step_by_id, id);
}
std::optional<Handle> Plan::process_handle(std::string_view id) const {
    return find_in(index_->process_by_id, id);
}

const Partner& Plan::partner_at(Handle h) const {
    return index_->partners[h];
}
const Resource& Plan::resource_at(Handle h) const {
    return index_->resources[h];
}
const Order& Plan::order_at(Handle h) const {
    return index_->orders[h];
}
const WorkStep& Plan::work_step_at(Handle h) const {
    return index_->work_steps[h];
}
const Process& Plan::process_at(Handle h) const {
    return index_->processes[h];
}

std::span<const Handle> Plan::resources_linked_to(Handle partner) const {
    return index_->partner_resources[partner];
}
std::span<const Handle> Plan::orders_naming(Handle partner) const {
    return index_->partner_named_orders[partner];
}
std::span<const Handle> Plan::work_steps_on(Handle resource) const {
    return index_->resource_work_steps[resource];
}
std::span<const Handle> Plan::work_steps_of(Handle order) const {
    return index_->order_work_steps[order];
}
std::span<const Handle> Plan::processes_of(Handle order) const {
    return index_->order_processes[order];
}
std::span<const Handle> Plan::children_of(Handle order) const {
    return index_->order_children[order];
}
Handle Plan::resource_of(Handle work_step) const {
    return index_->work_step_resource[work_step];
}
std::span<const WorkStepStatus> Plan::work_step_statuses() const {
    return index_->work_step_status;
}

Handle Plan::order_of_work_step(Handle work_step) const {
    return index_->work_step_order[work_step];
}
Handle Plan::order_of_process(Handle process) const {
    return index_->process_order[process];
}

Handle Plan::top_of(Handle order) const {
    Handle h = order;
    while (index_->order_parent[h] != kNone)
        h = index_->order_parent[h];
    return h;
}

Inheritance Plan::inheritance_of_tree(Handle order) const {
    return index_->orders[top_of(order)].external_inheritance.value_or(Inheritance::limited);
}

}  // namespace pt::plan
