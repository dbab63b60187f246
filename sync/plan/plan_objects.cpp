// Plan: objects added and removed one by one (sync-api.md "Administration"). Each call checks
// everything before it changes anything, so a refused call leaves the plan as it was. A removal
// moves the last object of its kind into the freed handle (plan.h) and repairs only the
// relations of the two objects involved.
#include "sync/plan/plan_index.h"

namespace pt::plan {
namespace {

PlanError conflict(std::string message) {
    return PlanError{PlanError::Kind::conflict, std::move(message)};
}

/// In `list`, the handle `from` becomes `to` (the last object moved into a freed slot).
void rename_handle(std::vector<Handle>& list, Handle from, Handle to) {
    std::replace(list.begin(), list.end(), from, to);
}

/// Moves the last element of `list` to `at` and drops the last slot.
template <typename T>
void move_last_to(std::vector<T>& list, Handle at) {
    if (at + 1 != list.size()) list[at] = std::move(list.back());
    list.pop_back();
}

}  // namespace

// ---- partners and operators -------------------------------------------------------------------

std::optional<PlanError> Plan::add_partner(Partner partner) {
    Index& x = *index_;
    if (partner.id.empty()) return rule_violation("a partner needs an id");
    if (x.partner_by_id.contains(partner.id)) {
        return rule_violation("partner id '" + partner.id + "' already exists");
    }
    const auto h = static_cast<Handle>(x.partners.size());
    x.partners.push_back(std::move(partner));
    x.partner_resources.emplace_back();
    x.partner_named_orders.emplace_back();
    for (std::size_t i = 0; i < x.partners[h].operators.size(); ++i) {
        if (auto error = x.index_operator(h, i)) {
            for (std::size_t j = 0; j < i; ++j) {  // undo the ones indexed so far
                x.operator_by_id.erase(x.partners[h].operators[j].id);
                x.operator_by_badge.erase(x.partners[h].operators[j].badge);
            }
            x.partners.pop_back();
            x.partner_resources.pop_back();
            x.partner_named_orders.pop_back();
            return error;
        }
    }
    x.partner_by_id.emplace(x.partners[h].id, h);
    return std::nullopt;
}

std::optional<PlanError> Plan::remove_partner(std::string_view id) {
    Index& x = *index_;
    const auto found = find_in(x.partner_by_id, id);
    if (!found) return not_found("partner", id);
    const Handle h = *found;
    const std::string partner_id = x.partners[h].id;
    for (const Handle r : x.partner_resources[h])
        std::erase(x.resources[r].partner_ids, partner_id);
    for (const Handle o : x.partner_named_orders[h])
        std::erase(x.orders[o].named_partner_ids, partner_id);
    for (const Operator& op : x.partners[h].operators) {
        x.operator_by_id.erase(op.id);
        x.operator_by_badge.erase(op.badge);
    }
    x.partner_by_id.erase(partner_id);

    const auto last = static_cast<Handle>(x.partners.size() - 1);
    move_last_to(x.partners, h);
    move_last_to(x.partner_resources, h);
    move_last_to(x.partner_named_orders, h);
    if (h != last) {
        x.partner_by_id[x.partners[h].id] = h;
        for (const Operator& op : x.partners[h].operators) {
            x.operator_by_id.find(op.id)->second.partner = h;
            x.operator_by_badge.find(op.badge)->second.partner = h;
        }
    }
    return std::nullopt;
}

std::optional<PlanError> Plan::add_operator(std::string_view partner_id, Operator op) {
    Index& x = *index_;
    const auto partner = find_in(x.partner_by_id, partner_id);
    if (!partner) {
        return rule_violation("operator '" + op.id + "' names unknown partner '" +
                              std::string(partner_id) + "'");
    }
    std::vector<Operator>& operators = x.partners[*partner].operators;
    operators.push_back(std::move(op));
    if (auto error = x.index_operator(*partner, operators.size() - 1)) {
        operators.pop_back();
        return error;
    }
    return std::nullopt;
}

void Plan::Index::erase_operator(OperatorLocation at) {
    std::vector<Operator>& operators = partners[at.partner].operators;
    operator_by_id.erase(operators[at.position].id);
    operator_by_badge.erase(operators[at.position].badge);
    operators.erase(operators.begin() + static_cast<std::ptrdiff_t>(at.position));
    for (std::size_t i = at.position; i < operators.size(); ++i) {
        operator_by_id.find(operators[i].id)->second.position = i;
        operator_by_badge.find(operators[i].badge)->second.position = i;
    }
}

std::optional<PlanError> Plan::change_operator(std::string_view id, const OperatorChange& change) {
    Index& x = *index_;
    const auto found = x.operator_by_id.find(id);
    if (found == x.operator_by_id.end()) return not_found("operator", id);
    const Index::OperatorLocation at = found->second;
    Operator next = x.partners[at.partner].operators[at.position];
    if (change.name) next.name = *change.name;
    if (change.badge) next.badge = *change.badge;
    if (change.pin) next.pin = *change.pin;
    if (change.role) next.role = *change.role;
    if (next.badge.empty()) return rule_violation("operator '" + next.id + "' needs a badge");
    const auto holder = x.operator_by_badge.find(next.badge);
    if (holder != x.operator_by_badge.end() &&
        (holder->second.partner != at.partner || holder->second.position != at.position)) {
        return rule_violation("operator '" + next.id + "' has a badge already in use");
    }
    Handle partner = at.partner;
    if (change.partner_id) {
        const auto target = find_in(x.partner_by_id, *change.partner_id);
        if (!target) {
            return rule_violation("operator '" + next.id + "' names unknown partner '" +
                                  *change.partner_id + "'");
        }
        partner = *target;
    }
    // Checked: erase and index again (index_operator cannot fail now).
    x.erase_operator(at);
    std::vector<Operator>& operators = x.partners[partner].operators;
    const std::size_t position = partner == at.partner ? at.position : operators.size();
    operators.insert(operators.begin() + static_cast<std::ptrdiff_t>(position), std::move(next));
    for (std::size_t i = position; i < operators.size(); ++i) {
        x.operator_by_id.insert_or_assign(operators[i].id, Index::OperatorLocation{partner, i});
        x.operator_by_badge.insert_or_assign(operators[i].badge,
                                             Index::OperatorLocation{partner, i});
    }
    return std::nullopt;
}

std::optional<PlanError> Plan::remove_operator(std::string_view id) {
    Index& x = *index_;
    const auto found = x.operator_by_id.find(id);
    if (found == x.operator_by_id.end()) return not_found("operator", id);
    x.erase_operator(found->second);
    return std::nullopt;
}

// ---- resources and orders ---------------------------------------------------------------------

std::optional<PlanError> Plan::add_resource(Resource resource) {
    Index& x = *index_;
    if (resource.id.empty()) return rule_violation("a resource needs an id");
    if (x.resource_by_id.contains(resource.id)) {
        return rule_violation("resource id '" + resource.id + "' already exists");
    }
    if (auto error = x.check_partner_ids("resource '" + resource.id + "'", resource.partner_ids)) {
        return error;
    }
    const auto h = static_cast<Handle>(x.resources.size());
    x.resource_by_id.emplace(resource.id, h);
    x.resources.push_back(std::move(resource));
    x.resource_work_steps.emplace_back();
    x.link_resource(h);
    return std::nullopt;
}

std::optional<PlanError> Plan::remove_resource(std::string_view id) {
    Index& x = *index_;
    const auto found = find_in(x.resource_by_id, id);
    if (!found) return not_found("resource", id);
    const Handle h = *found;
    if (!x.resource_work_steps[h].empty()) {
        return conflict("resource '" + std::string(id) + "' has " +
                        std::to_string(x.resource_work_steps[h].size()) +
                        " work steps planned on it");
    }
    x.unlink_resource(h);
    x.resource_by_id.erase(x.resources[h].id);
    const auto last = static_cast<Handle>(x.resources.size() - 1);
    if (h != last) x.unlink_resource(last);
    move_last_to(x.resources, h);
    move_last_to(x.resource_work_steps, h);
    if (h != last) {
        x.resource_by_id[x.resources[h].id] = h;
        x.link_resource(h);
        for (const Handle w : x.resource_work_steps[h])
            x.work_step_resource[w] = h;
    }
    return std::nullopt;
}

std::optional<PlanError> Plan::remove_order(std::string_view id) {
    Index& x = *index_;
    const auto found = find_in(x.order_by_id, id);
    if (!found) return not_found("order", id);
    const Handle h = *found;
    const auto count = [](const std::vector<Handle>& list, const char* what) {
        return list.empty() ? "" : std::to_string(list.size()) + " " + what;
    };
    for (const std::string& held :
         {count(x.order_children[h], "sub-orders"), count(x.order_work_steps[h], "work steps"),
          count(x.order_processes[h], "processes")}) {
        if (!held.empty()) return conflict("order '" + std::string(id) + "' still has " + held);
    }
    x.unlink_named(h);
    if (x.order_parent[h] != kNone) std::erase(x.order_children[x.order_parent[h]], h);
    x.order_by_id.erase(x.orders[h].id);

    const auto last = static_cast<Handle>(x.orders.size() - 1);
    if (h != last) x.unlink_named(last);
    move_last_to(x.orders, h);
    move_last_to(x.order_parent, h);
    move_last_to(x.order_children, h);
    move_last_to(x.order_work_steps, h);
    move_last_to(x.order_processes, h);
    if (h != last) {
        x.order_by_id[x.orders[h].id] = h;
        x.link_named(h);
        if (x.order_parent[h] != kNone) rename_handle(x.order_children[x.order_parent[h]], last, h);
        for (const Handle child : x.order_children[h])
            x.order_parent[child] = h;
        for (const Handle w : x.order_work_steps[h])
            x.work_step_order[w] = h;
        for (const Handle p : x.order_processes[h])
            x.process_order[p] = h;
    }
    return std::nullopt;
}

// ---- work steps and processes -----------------------------------------------------------------

std::optional<PlanError> Plan::add_work_step(WorkStep step) {
    Index& x = *index_;
    if (step.id.empty()) return rule_violation("a work step needs an id");
    if (x.work_step_by_id.contains(step.id)) {
        return rule_violation("work step id '" + step.id + "' already exists");
    }
    const auto links = x.links_of(step);
    if (const auto* error = std::get_if<PlanError>(&links)) return *error;
    const auto [order, resource] = std::get<Index::WorkStepLinks>(links);
    const auto h = static_cast<Handle>(x.work_steps.size());
    x.work_step_by_id.emplace(step.id, h);
    x.work_steps.push_back(std::move(step));
    x.work_step_order.push_back(order);
    x.work_step_resource.push_back(resource);
    x.order_work_steps[order].push_back(h);
    x.resource_work_steps[resource].push_back(h);
    return std::nullopt;
}

std::optional<PlanError> Plan::remove_work_step(std::string_view id) {
    Index& x = *index_;
    const auto found = find_in(x.work_step_by_id, id);
    if (!found) return not_found("work step", id);
    const Handle h = *found;
    std::erase(x.order_work_steps[x.work_step_order[h]], h);
    std::erase(x.resource_work_steps[x.work_step_resource[h]], h);
    x.work_step_by_id.erase(x.work_steps[h].id);
    const auto last = static_cast<Handle>(x.work_steps.size() - 1);
    move_last_to(x.work_steps, h);
    move_last_to(x.work_step_order, h);
    move_last_to(x.work_step_resource, h);
    if (h != last) {
        x.work_step_by_id[x.work_steps[h].id] = h;
        rename_handle(x.order_work_steps[x.work_step_order[h]], last, h);
        rename_handle(x.resource_work_steps[x.work_step_resource[h]], last, h);
    }
    return std::nullopt;
}

std::optional<PlanError> Plan::add_process(Process process) {
    Index& x = *index_;
    if (process.id.empty()) return rule_violation("a process needs an id");
    if (x.process_by_id.contains(process.id)) {
        return rule_violation("process id '" + process.id + "' already exists");
    }
    const auto found_order = x.order_of(process);
    if (const auto* error = std::get_if<PlanError>(&found_order)) return *error;
    const Handle order = std::get<Handle>(found_order);
    const auto h = static_cast<Handle>(x.processes.size());
    x.process_by_id.emplace(process.id, h);
    x.processes.push_back(std::move(process));
    x.process_order.push_back(order);
    x.order_processes[order].push_back(h);
    return std::nullopt;
}

std::optional<PlanError> Plan::remove_process(std::string_view id) {
    Index& x = *index_;
    const auto found = find_in(x.process_by_id, id);
    if (!found) return not_found("process", id);
    const Handle h = *found;
    std::erase(x.order_processes[x.process_order[h]], h);
    x.process_by_id.erase(x.processes[h].id);
    const auto last = static_cast<Handle>(x.processes.size() - 1);
    move_last_to(x.processes, h);
    move_last_to(x.process_order, h);
    if (h != last) {
        x.process_by_id[x.processes[h].id] = h;
        rename_handle(x.order_processes[x.process_order[h]], last, h);
    }
    return std::nullopt;
}

}  // namespace pt::plan
