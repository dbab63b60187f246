// Internal to pt::plan: the plan's storage and indexes (Plan::Index), shared by plan.cpp (the
// whole plan, changes, lookups) and plan_objects.cpp (objects added and removed one by one).
#pragma once

#include <algorithm>
#include <atomic>
#include <functional>
#include <limits>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "sync/plan/plan.h"

namespace pt::plan {

// Helpers of the two files, for them only.

inline constexpr Handle kNone = std::numeric_limits<Handle>::max();

// Transparent hashing so lookups by string_view allocate nothing.
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept {
        return std::hash<std::string_view>{}(text);
    }
};
template <typename Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

inline PlanError rule_violation(std::string message) {
    return PlanError{PlanError::Kind::rule_violation, std::move(message)};
}
inline PlanError not_found(std::string_view kind, std::string_view id) {
    return PlanError{PlanError::Kind::not_found,
                     std::string(kind) + " '" + std::string(id) + "' does not exist"};
}

template <typename Value>
inline std::optional<Handle> find_in(const StringMap<Value>& map, std::string_view id) {
    const auto it = map.find(id);
    if (it == map.end()) return std::nullopt;
    return it->second;
}

inline void add_unique(std::vector<Handle>& list, Handle h) {
    if (std::find(list.begin(), list.end(), h) == list.end()) list.push_back(h);
}

inline std::optional<PlanError> check_settings(const Settings& settings) {
    if (settings.finished_retention_days < 0 ||
        settings.finished_retention_days > kMaxFinishedRetentionDays) {
        return rule_violation("finished_retention_days must be 0 to " +
                              std::to_string(kMaxFinishedRetentionDays));
    }
    for (const auto* list : {&settings.pause_reasons, &settings.scrap_reasons}) {
        std::unordered_set<std::string_view> codes;
        for (const auto& reason : *list) {
            if (reason.code.empty()) return rule_violation("a reason has an empty code");
            if (!codes.insert(reason.code).second) {
                return rule_violation("reason code '" + reason.code + "' appears twice");
            }
        }
    }
    return std::nullopt;
}

inline std::optional<PlanError> check_quantities(const WorkStep& step) {
    if (step.quantity < 0 || step.quantity_good < 0 || step.quantity_scrap < 0) {
        return rule_violation("work step '" + step.id + "' has a negative quantity");
    }
    return std::nullopt;
}

/// A number no Plan has had before: every call that may change a plan takes one, and so does a
/// new plan (Plan::revision()).
inline std::uint64_t next_revision() {
    static std::atomic<std::uint64_t> last{0};
    return ++last;
}

struct Plan::Index {
    std::uint64_t revision = next_revision();
    /// Plan::layout_revision(): the revision of the last call that may have moved a sort key.
    std::uint64_t layout_revision = revision;
    /// Notes that the call under way (which took a new revision) may move a sort key.
    void moved_layout() { layout_revision = revision; }
    Settings settings;
    std::vector<Partner> partners;
    std::vector<Resource> resources;
    std::vector<Order> orders;
    std::vector<WorkStep> work_steps;
    std::vector<Process> processes;

    StringMap<Handle> partner_by_id, resource_by_id, order_by_id, work_step_by_id, process_by_id;
    struct OperatorLocation {
        Handle partner;
        std::size_t position;
    };
    StringMap<OperatorLocation> operator_by_id, operator_by_badge;

    std::vector<Handle> order_parent;  // kNone for a top-level order
    std::vector<Handle> work_step_resource, work_step_order, process_order;
    /// Each work step's status beside the records: a scan for one status reads a byte per step.
    std::vector<WorkStepStatus> work_step_status;
    std::vector<std::vector<Handle>> partner_resources, partner_named_orders;
    std::vector<std::vector<Handle>> resource_work_steps;
    std::vector<std::vector<Handle>> order_children, order_work_steps, order_processes;

    [[nodiscard]] std::optional<PlanError> check_partner_ids(
        std::string_view owner, const std::vector<std::string>& ids) const {
        for (const auto& id : ids) {
            if (!partner_by_id.contains(id)) {
                return rule_violation(std::string(owner) + " names unknown partner '" + id + "'");
            }
        }
        return std::nullopt;
    }

    /// True when `ancestor` is `order` or one of its ancestors.
    [[nodiscard]] bool is_ancestor_or_self(Handle ancestor, Handle order) const {
        for (Handle h = order; h != kNone; h = order_parent[h]) {
            if (h == ancestor) return true;
        }
        return false;
    }

    void link_resource(Handle r) {
        for (const auto& pid : resources[r].partner_ids) {
            add_unique(partner_resources[partner_by_id.find(pid)->second], r);
        }
    }
    void unlink_resource(Handle r) {
        for (const auto& pid : resources[r].partner_ids) {
            std::erase(partner_resources[partner_by_id.find(pid)->second], r);
        }
    }
    void link_named(Handle o) {
        for (const auto& pid : orders[o].named_partner_ids) {
            add_unique(partner_named_orders[partner_by_id.find(pid)->second], o);
        }
    }
    void unlink_named(Handle o) {
        for (const auto& pid : orders[o].named_partner_ids) {
            std::erase(partner_named_orders[partner_by_id.find(pid)->second], o);
        }
    }

    /// Indexes operator `position` of partner `p`: refused for an empty id or badge, or one
    /// already in use (the maps are then as before).
    [[nodiscard]] std::optional<PlanError> index_operator(Handle p, std::size_t position) {
        const Operator& op = partners[p].operators[position];
        if (op.id.empty() || op.badge.empty()) {
            return rule_violation("an operator of partner '" + partners[p].id +
                                  "' has an empty id or badge");
        }
        if (operator_by_id.contains(op.id)) {
            return rule_violation("operator id '" + op.id + "' appears twice");
        }
        if (operator_by_badge.contains(op.badge)) {
            return rule_violation("operator '" + op.id + "' has a badge already in use");
        }
        operator_by_id.emplace(op.id, OperatorLocation{p, position});
        operator_by_badge.emplace(op.badge, OperatorLocation{p, position});
        return std::nullopt;
    }

    /// The handles a work step links to, once its order and resource exist and its quantities
    /// hold; otherwise the refusal (add_work_steps, update_work_step and add_work_step share it).
    struct WorkStepLinks {
        Handle order = kNone;
        Handle resource = kNone;
    };
    [[nodiscard]] std::variant<WorkStepLinks, PlanError> links_of(const WorkStep& step) const {
        const auto order = find_in(order_by_id, step.order_id);
        if (!order) {
            return rule_violation("work step '" + step.id + "' has unknown order '" +
                                  step.order_id + "'");
        }
        const auto resource = find_in(resource_by_id, step.resource_id);
        if (!resource) {
            return rule_violation("work step '" + step.id + "' has unknown resource '" +
                                  step.resource_id + "'");
        }
        if (auto error = check_quantities(step)) return *error;
        return WorkStepLinks{*order, *resource};
    }
    /// The order a process belongs to, or the refusal when it does not exist.
    [[nodiscard]] std::variant<Handle, PlanError> order_of(const Process& process) const {
        const auto order = find_in(order_by_id, process.order_id);
        if (!order) {
            return rule_violation("process '" + process.id + "' has unknown order '" +
                                  process.order_id + "'");
        }
        return *order;
    }

    /// Drops the operator at `at`; the later ones of its partner move up one position.
    void erase_operator(OperatorLocation at);

    // The objects at handles `a` and `b` of one kind trade handles; every relation follows
    // (a removal swaps its object to the end first, a restore swaps it back).
    void swap_partners(Handle a, Handle b);
    void swap_resources(Handle a, Handle b);
    void swap_orders(Handle a, Handle b);
    void swap_work_steps(Handle a, Handle b);
    void swap_processes(Handle a, Handle b);

    [[nodiscard]] std::optional<PlanError> add_partners(std::vector<Partner> list);
    [[nodiscard]] std::optional<PlanError> add_resources(std::vector<Resource> list);
    [[nodiscard]] std::optional<PlanError> add_orders(std::vector<Order> list);
    [[nodiscard]] std::optional<PlanError> add_work_steps(std::vector<WorkStep> list);
    [[nodiscard]] std::optional<PlanError> add_processes(std::vector<Process> list);
};

}  // namespace pt::plan
