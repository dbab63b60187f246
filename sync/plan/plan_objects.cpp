// Plan: objects added and removed one by one (sync-api.md "Administration"). Each call checks
// everything before it changes anything, so a refused call leaves the plan as it was. A removal
// first swaps the object with the last of its kind (plan.h), repairing only the relations of
// the two, and then drops the last slot; its undo (restore_*) adds the object back at the end
// and swaps it into its old handle.
#include "sync/plan/plan_index.h"

namespace pt::plan {
namespace {

PlanError conflict(std::string message) {
    return PlanError{PlanError::Kind::conflict, std::move(message)};
}

/// In `list`, handles `a` and `b` trade places (their objects are about to trade slots).
void swap_in(std::vector<Handle>& list, Handle a, Handle b) {
    for (Handle& h : list) {
        if (h == a) {
            h = b;
        } else if (h == b) {
            h = a;
        }
    }
}

/// swap_in on each distinct list of `lists` once (two objects may share a parent, an order, a
/// resource or a partner).
void swap_in_each(std::vector<std::vector<Handle>*> lists, Handle a, Handle b) {
    std::sort(lists.begin(), lists.end());
    lists.erase(std::unique(lists.begin(), lists.end()), lists.end());
    for (std::vector<Handle>* list : lists) {
        if (list != nullptr) swap_in(*list, a, b);
    }
}

/// The slots `a` and `b` of each of `vectors` trade contents.
template <typename... Vectors>
void swap_slots(Handle a, Handle b, Vectors&... vectors) {
    (std::swap(vectors[a], vectors[b]), ...);
}

/// Drops the last slot of each of `vectors`.
template <typename... Vectors>
void pop_each(Vectors&... vectors) {
    (vectors.pop_back(), ...);
}

/// add_X, then the new object (at the end) trades handles with the one at `at`: the undo of a
/// removal that moved the last object into `at`.
template <typename Add, typename Swap>
std::optional<PlanError> add_at(Handle at, std::size_t count, Add add, Swap swap) {
    if (at > count) return rule_violation("handle " + std::to_string(at) + " is past the end");
    if (auto error = add()) return error;
    if (at != count) swap(at, static_cast<Handle>(count));
    return std::nullopt;
}

}  // namespace

// ---- partners and operators -------------------------------------------------------------------

std::optional<PlanError> Plan::add_partner(Partner partner) {
    index_->revision = next_revision();  // may change the plan
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

void Plan::Index::swap_partners(Handle a, Handle b) {
    swap_slots(a, b, partners, partner_resources, partner_named_orders);
    for (const Handle h : {a, b}) {
        partner_by_id.find(partners[h].id)->second = h;
        for (const Operator& op : partners[h].operators) {
            operator_by_id.find(op.id)->second.partner = h;
            operator_by_badge.find(op.badge)->second.partner = h;
        }
    }
}

std::optional<PlanError> Plan::remove_partner(std::string_view id) {
    index_->revision = next_revision();  // may change the plan
    Index& x = *index_;
    const auto found = find_in(x.partner_by_id, id);
    if (!found) return not_found("partner", id);
    const auto last = static_cast<Handle>(x.partners.size() - 1);
    if (*found != last) x.swap_partners(*found, last);
    const std::string& partner_id = x.partners[last].id;
    for (const Handle r : x.partner_resources[last])
        std::erase(x.resources[r].partner_ids, partner_id);
    for (const Handle o : x.partner_named_orders[last])
        std::erase(x.orders[o].named_partner_ids, partner_id);
    for (const Operator& op : x.partners[last].operators) {
        x.operator_by_id.erase(op.id);
        x.operator_by_badge.erase(op.badge);
    }
    x.partner_by_id.erase(partner_id);
    pop_each(x.partners, x.partner_resources, x.partner_named_orders);
    return std::nullopt;
}

Plan::PartnerMentions Plan::mentions_of(Handle partner) const {
    const Index& x = *index_;
    const std::string& id = x.partners[partner].id;
    PartnerMentions mentions;
    const auto collect = [&id](const std::vector<std::string>& ids, Handle holder, auto& into) {
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (ids[i] == id) into.push_back({holder, i});
        }
    };
    for (const Handle r : x.partner_resources[partner])
        collect(x.resources[r].partner_ids, r, mentions.resources);
    for (const Handle o : x.partner_named_orders[partner])
        collect(x.orders[o].named_partner_ids, o, mentions.orders);
    return mentions;
}

std::optional<PlanError> Plan::restore_partner(Partner partner, Handle at,
                                               const PartnerMentions& mentions) {
    index_->revision = next_revision();  // may change the plan
    Index& x = *index_;
    const std::string id = partner.id;
    const std::size_t count = x.partners.size();
    for (const auto& [r, position] : mentions.resources) {
        if (r >= x.resources.size() || position > x.resources[r].partner_ids.size())
            return rule_violation("a mention of partner '" + id + "' is out of range");
    }
    for (const auto& [o, position] : mentions.orders) {
        if (o >= x.orders.size() || position > x.orders[o].named_partner_ids.size())
            return rule_violation("a mention of partner '" + id + "' is out of range");
    }
    return add_at(
        at, count,
        [&]() -> std::optional<PlanError> {
            if (auto error = add_partner(std::move(partner))) return error;
            const auto h = static_cast<Handle>(count);
            // In the order recorded (ascending positions per holder): each lands where it was.
            for (const auto& [r, position] : mentions.resources) {
                auto& ids = x.resources[r].partner_ids;
                ids.insert(ids.begin() + static_cast<std::ptrdiff_t>(position), id);
                add_unique(x.partner_resources[h], r);
            }
            for (const auto& [o, position] : mentions.orders) {
                auto& ids = x.orders[o].named_partner_ids;
                ids.insert(ids.begin() + static_cast<std::ptrdiff_t>(position), id);
                add_unique(x.partner_named_orders[h], o);
            }
            return std::nullopt;
        },
        [&x](Handle a, Handle b) { x.swap_partners(a, b); });
}

std::optional<PlanError> Plan::add_operator(std::string_view partner_id, Operator op) {
    index_->revision = next_revision();  // may change the plan
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
    index_->revision = next_revision();  // may change the plan
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
    index_->revision = next_revision();  // may change the plan
    Index& x = *index_;
    const auto found = x.operator_by_id.find(id);
    if (found == x.operator_by_id.end()) return not_found("operator", id);
    x.erase_operator(found->second);
    return std::nullopt;
}

std::vector<Handle> Plan::take_off_work_steps(std::string_view operator_id) {
    std::vector<Handle> changed;
    Index& x = *index_;
    for (Handle h = 0; h < x.work_steps.size(); ++h) {
        std::vector<std::string>& on_step = x.work_steps[h].operator_ids;
        if (std::erase(on_step, operator_id) > 0) changed.push_back(h);
    }
    if (!changed.empty()) index_->revision = next_revision();
    return changed;
}

// ---- resources and orders ---------------------------------------------------------------------

std::optional<PlanError> Plan::add_resource(Resource resource) {
    index_->revision = next_revision();  // may change the plan
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

void Plan::Index::swap_resources(Handle a, Handle b) {
    std::vector<std::vector<Handle>*> linked;
    for (const Handle r : {a, b}) {
        for (const auto& pid : resources[r].partner_ids)
            linked.push_back(&partner_resources[partner_by_id.find(pid)->second]);
    }
    swap_in_each(std::move(linked), a, b);
    for (const Handle w : resource_work_steps[a])
        work_step_resource[w] = b;
    for (const Handle w : resource_work_steps[b])
        work_step_resource[w] = a;
    swap_slots(a, b, resources, resource_work_steps);
    resource_by_id.find(resources[a].id)->second = a;
    resource_by_id.find(resources[b].id)->second = b;
}

std::optional<PlanError> Plan::remove_resource(std::string_view id) {
    index_->revision = next_revision();  // may change the plan
    Index& x = *index_;
    const auto found = find_in(x.resource_by_id, id);
    if (!found) return not_found("resource", id);
    if (!x.resource_work_steps[*found].empty()) {
        return conflict("resource '" + std::string(id) + "' has " +
                        std::to_string(x.resource_work_steps[*found].size()) +
                        " work steps planned on it");
    }
    const auto last = static_cast<Handle>(x.resources.size() - 1);
    if (*found != last) x.swap_resources(*found, last);
    x.unlink_resource(last);
    x.resource_by_id.erase(x.resources[last].id);
    pop_each(x.resources, x.resource_work_steps);
    return std::nullopt;
}

std::optional<PlanError> Plan::restore_resource(Resource resource, Handle at) {
    index_->revision = next_revision();  // may change the plan
    Index& x = *index_;
    return add_at(
        at, x.resources.size(), [&] { return add_resource(std::move(resource)); },
        [&x](Handle a, Handle b) { x.swap_resources(a, b); });
}

void Plan::Index::swap_orders(Handle a, Handle b) {
    const auto swapped = [a, b](Handle h) { return h == a ? b : h == b ? a : h; };
    // The lists that hold a or b, found while the relations are as they were.
    std::vector<std::vector<Handle>*> holders;
    for (const Handle order : {a, b}) {
        if (order_parent[order] != kNone) holders.push_back(&order_children[order_parent[order]]);
        for (const auto& pid : orders[order].named_partner_ids)
            holders.push_back(&partner_named_orders[partner_by_id.find(pid)->second]);
    }
    for (const Handle order : {a, b}) {
        for (const Handle child : order_children[order])
            order_parent[child] = swapped(order_parent[child]);
        for (const Handle w : order_work_steps[order])
            work_step_order[w] = swapped(work_step_order[w]);
        for (const Handle p : order_processes[order])
            process_order[p] = swapped(process_order[p]);
    }
    swap_in_each(std::move(holders), a, b);
    swap_slots(a, b, orders, order_parent, order_children, order_work_steps, order_processes);
    order_by_id.find(orders[a].id)->second = a;
    order_by_id.find(orders[b].id)->second = b;
}

std::optional<PlanError> Plan::remove_order(std::string_view id) {
    index_->revision = next_revision();  // may change the plan
    index_->moved_layout();
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
    const auto last = static_cast<Handle>(x.orders.size() - 1);
    if (h != last) x.swap_orders(h, last);
    x.unlink_named(last);
    if (x.order_parent[last] != kNone) std::erase(x.order_children[x.order_parent[last]], last);
    x.order_by_id.erase(x.orders[last].id);
    pop_each(x.orders, x.order_parent, x.order_children, x.order_work_steps, x.order_processes);
    return std::nullopt;
}

std::optional<PlanError> Plan::restore_order(Order order, Handle at) {
    index_->revision = next_revision();  // may change the plan
    index_->moved_layout();
    Index& x = *index_;
    return add_at(
        at, x.orders.size(), [&] { return add_order(std::move(order)); },
        [&x](Handle a, Handle b) { x.swap_orders(a, b); });
}

// ---- work steps and processes -----------------------------------------------------------------

std::optional<PlanError> Plan::add_work_step(WorkStep step) {
    index_->revision = next_revision();  // may change the plan
    index_->moved_layout();
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
    x.work_step_status.push_back(x.work_steps.back().status);
    x.order_work_steps[order].push_back(h);
    x.resource_work_steps[resource].push_back(h);
    return std::nullopt;
}

void Plan::Index::swap_work_steps(Handle a, Handle b) {
    swap_in_each(
        {&order_work_steps[work_step_order[a]], &order_work_steps[work_step_order[b]],
         &resource_work_steps[work_step_resource[a]], &resource_work_steps[work_step_resource[b]]},
        a, b);
    swap_slots(a, b, work_steps, work_step_order, work_step_resource, work_step_status);
    work_step_by_id.find(work_steps[a].id)->second = a;
    work_step_by_id.find(work_steps[b].id)->second = b;
}

std::optional<PlanError> Plan::remove_work_step(std::string_view id) {
    index_->revision = next_revision();  // may change the plan
    index_->moved_layout();
    Index& x = *index_;
    const auto found = find_in(x.work_step_by_id, id);
    if (!found) return not_found("work step", id);
    const auto last = static_cast<Handle>(x.work_steps.size() - 1);
    if (*found != last) x.swap_work_steps(*found, last);
    std::erase(x.order_work_steps[x.work_step_order[last]], last);
    std::erase(x.resource_work_steps[x.work_step_resource[last]], last);
    x.work_step_by_id.erase(x.work_steps[last].id);
    pop_each(x.work_steps, x.work_step_order, x.work_step_resource, x.work_step_status);
    return std::nullopt;
}

std::optional<PlanError> Plan::restore_work_step(WorkStep step, Handle at) {
    index_->revision = next_revision();  // may change the plan
    index_->moved_layout();
    Index& x = *index_;
    return add_at(
        at, x.work_steps.size(), [&] { return add_work_step(std::move(step)); },
        [&x](Handle a, Handle b) { x.swap_work_steps(a, b); });
}

std::optional<PlanError> Plan::add_process(Process process) {
    index_->revision = next_revision();  // may change the plan
    index_->moved_layout();
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

void Plan::Index::swap_processes(Handle a, Handle b) {
    swap_in_each({&order_processes[process_order[a]], &order_processes[process_order[b]]}, a, b);
    swap_slots(a, b, processes, process_order);
    process_by_id.find(processes[a].id)->second = a;
    process_by_id.find(processes[b].id)->second = b;
}

std::optional<PlanError> Plan::remove_process(std::string_view id) {
    index_->revision = next_revision();  // may change the plan
    index_->moved_layout();
    Index& x = *index_;
    const auto found = find_in(x.process_by_id, id);
    if (!found) return not_found("process", id);
    const auto last = static_cast<Handle>(x.processes.size() - 1);
    if (*found != last) x.swap_processes(*found, last);
    std::erase(x.order_processes[x.process_order[last]], last);
    x.process_by_id.erase(x.processes[last].id);
    pop_each(x.processes, x.process_order);
    return std::nullopt;
}

std::optional<PlanError> Plan::restore_process(Process process, Handle at) {
    index_->revision = next_revision();  // may change the plan
    index_->moved_layout();
    Index& x = *index_;
    return add_at(
        at, x.processes.size(), [&] { return add_process(std::move(process)); },
        [&x](Handle a, Handle b) { x.swap_processes(a, b); });
}

}  // namespace pt::plan
