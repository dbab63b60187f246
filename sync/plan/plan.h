// The central plan held in memory with the indexes the rules need, so that a partner's view
// costs in proportion to that partner's share of the plan, not to the whole plan.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sync/plan/types.h"

namespace pt::plan {

/// Why a change to the plan was refused.
struct PlanError {
    enum class Kind : std::uint8_t {
        not_found,       ///< the object to change does not exist (HTTP 404)
        rule_violation,  ///< the change would break the dataset's rules (HTTP 422)
        conflict,        ///< a delete would orphan other objects (HTTP 409)
    };
    Kind kind = Kind::rule_violation;
    std::string message;
};

/// Dense index of an object inside Plan; stable until the next replace_all().
using Handle = std::uint32_t;

/// A partial update of an order (`PATCH /admin/v1/orders/{id}`): only engaged fields change.
struct OrderChange {
    std::optional<std::string> number;
    std::optional<std::string> article;
    std::optional<std::int64_t> quantity;
    std::optional<Timestamp> due;
    std::optional<std::optional<std::string>> parent_id;  ///< engaged nullopt: make top-level
    std::optional<std::optional<Inheritance>> external_inheritance;
    std::optional<std::vector<std::string>> named_partner_ids;
};
/// The OrderChange that sets every field back to `order` (the undo of a change_order).
[[nodiscard]] OrderChange change_back_to(const Order& order);

/// A partial update of an operator (`PATCH /admin/v1/operators/{id}`): only engaged fields change.
struct OperatorChange {
    std::optional<std::string> name;
    std::optional<std::string> badge;               ///< as the plan keeps it (plan-server: a hash)
    std::optional<std::optional<std::string>> pin;  ///< engaged nullopt: no PIN any more
    std::optional<std::string> partner_id;
    std::optional<OperatorRole> role;
};

struct OperatorRef {
    const Operator* op = nullptr;
    const Partner* partner = nullptr;
};

class Plan {
public:
    Plan();
    ~Plan();
    Plan(Plan&&) noexcept;
    Plan& operator=(Plan&&) noexcept;
    Plan(const Plan&) = delete;
    Plan& operator=(const Plan&) = delete;

    // ---- whole plan ------------------------------------------------------------------------
    /// Replaces everything; on error (naming the offending object) the plan is unchanged.
    /// Top-level orders without a setting take the dataset's default (R4).
    [[nodiscard]] std::optional<PlanError> replace_all(Dataset dataset);
    /// The whole plan as a dataset document (objects in insertion order).
    [[nodiscard]] Dataset to_dataset() const;

    // ---- changes (each validated; on error the plan is unchanged) ---------------------------
    /// Adds an order; a top-level order without a setting takes the current default (R4),
    /// a sub-order carrying one is refused.
    [[nodiscard]] std::optional<PlanError> add_order(Order order);
    /// Changes the given fields of an order. Setting `external_inheritance` on an order that
    /// is (or becomes) a sub-order is refused (R4). An order that becomes a sub-order drops its
    /// setting; one that becomes top-level without one takes the current default.
    [[nodiscard]] std::optional<PlanError> change_order(std::string_view id,
                                                        const OrderChange& change);
    [[nodiscard]] std::optional<PlanError> update_work_step(WorkStep step);
    [[nodiscard]] std::optional<PlanError> update_process(Process process);
    /// Replaces name, modules and allow_process_feedback; operators are kept.
    [[nodiscard]] std::optional<PlanError> update_partner(const Partner& partner);
    [[nodiscard]] std::optional<PlanError> update_resource(Resource resource);
    /// Changes no existing order (R4: the default applies at creation only).
    [[nodiscard]] std::optional<PlanError> update_settings(Settings settings);

    // ---- objects one by one (sync-api.md "Administration"; plan_objects.cpp) ----------------
    // A new object takes the next handle. A removal frees its handle and the last object of
    // that kind takes it (its handle changes from count() - 1 to the removed one's); every other
    // handle stays, so a removal costs in proportion to the object's relations, not the plan.
    // restore_* undoes a removal made just before (the change preview): the object goes back to
    // its old handle and the one that took it back to the end, so that handles and to_dataset()
    // are as before the removal.
    /// A partner with its operators (ids and badges unique across the plan).
    [[nodiscard]] std::optional<PlanError> add_partner(Partner partner);
    /// Its operators go; resources and orders stop naming it.
    [[nodiscard]] std::optional<PlanError> remove_partner(std::string_view id);
    [[nodiscard]] std::optional<PlanError> add_operator(std::string_view partner_id, Operator op);
    /// A new partner moves the operator to the end of that partner's list.
    [[nodiscard]] std::optional<PlanError> change_operator(std::string_view id,
                                                           const OperatorChange& change);
    [[nodiscard]] std::optional<PlanError> remove_operator(std::string_view id);
    /// Takes the operator off every work step it is on (product.md §8: deleted, or moved to
    /// another partner, it works on none of its old partner's steps); the steps it changed.
    [[nodiscard]] std::vector<Handle> take_off_work_steps(std::string_view operator_id);
    [[nodiscard]] std::optional<PlanError> add_resource(Resource resource);
    /// A conflict while work steps are planned on it.
    [[nodiscard]] std::optional<PlanError> remove_resource(std::string_view id);
    /// A conflict while it has sub-orders, work steps or processes.
    [[nodiscard]] std::optional<PlanError> remove_order(std::string_view id);
    [[nodiscard]] std::optional<PlanError> add_work_step(WorkStep step);
    [[nodiscard]] std::optional<PlanError> remove_work_step(std::string_view id);
    [[nodiscard]] std::optional<PlanError> add_process(Process process);
    [[nodiscard]] std::optional<PlanError> remove_process(std::string_view id);

    /// Where a partner's id stands in resources' `partner_ids` and orders' `named_partner_ids`
    /// (holder, position), for restore_partner.
    struct PartnerMentions {
        std::vector<std::pair<Handle, std::size_t>> resources;
        std::vector<std::pair<Handle, std::size_t>> orders;
    };
    [[nodiscard]] PartnerMentions mentions_of(Handle partner) const;
    [[nodiscard]] std::optional<PlanError> restore_partner(Partner partner, Handle at,
                                                           const PartnerMentions& mentions);
    [[nodiscard]] std::optional<PlanError> restore_resource(Resource resource, Handle at);
    [[nodiscard]] std::optional<PlanError> restore_order(Order order, Handle at);
    [[nodiscard]] std::optional<PlanError> restore_work_step(WorkStep step, Handle at);
    [[nodiscard]] std::optional<PlanError> restore_process(Process process, Handle at);

    /// Changes with every call that may have changed the plan (refused ones too), and differs
    /// between plans: equal revisions mean the same plan, unchanged.
    [[nodiscard]] std::uint64_t revision() const;
    /// Changes whenever an order, work step or process is added, removed or restored, an order
    /// changes, a work step moves to another order or planned start or gets another operation,
    /// or a process another order or name: what lists of them sorted by id, number or planned
    /// start, or searched in those texts, depend on. Reports (statuses, quantities) leave it, so
    /// such lists outlive the shop floor's traffic. Like revision(), never repeats.
    [[nodiscard]] std::uint64_t layout_revision() const;

    // ---- lookups (nullptr / nullopt when unknown) --------------------------------------------
    [[nodiscard]] const Settings& settings() const;
    [[nodiscard]] const Partner* find_partner(std::string_view id) const;
    [[nodiscard]] const Resource* find_resource(std::string_view id) const;
    [[nodiscard]] const Order* find_order(std::string_view id) const;
    [[nodiscard]] const WorkStep* find_work_step(std::string_view id) const;
    [[nodiscard]] const Process* find_process(std::string_view id) const;
    [[nodiscard]] std::optional<OperatorRef> find_operator(std::string_view operator_id) const;
    [[nodiscard]] std::optional<OperatorRef> find_operator_by_badge(std::string_view badge) const;

    [[nodiscard]] std::size_t partner_count() const;
    [[nodiscard]] std::size_t resource_count() const;
    [[nodiscard]] std::size_t order_count() const;
    [[nodiscard]] std::size_t work_step_count() const;
    [[nodiscard]] std::size_t process_count() const;

    // ---- handles and relations, for the rules in access.cpp ----------------------------------
    [[nodiscard]] std::optional<Handle> partner_handle(std::string_view id) const;
    [[nodiscard]] std::optional<Handle> resource_handle(std::string_view id) const;
    [[nodiscard]] std::optional<Handle> order_handle(std::string_view id) const;
    [[nodiscard]] std::optional<Handle> work_step_handle(std::string_view id) const;
    [[nodiscard]] std::optional<Handle> process_handle(std::string_view id) const;
    [[nodiscard]] const Partner& partner_at(Handle h) const;
    [[nodiscard]] const Resource& resource_at(Handle h) const;
    [[nodiscard]] const Order& order_at(Handle h) const;
    [[nodiscard]] const WorkStep& work_step_at(Handle h) const;
    [[nodiscard]] const Process& process_at(Handle h) const;
    /// Resources whose partner_ids name the partner (external or not).
    [[nodiscard]] std::span<const Handle> resources_linked_to(Handle partner) const;
    /// Orders whose named_partner_ids name the partner (R6).
    [[nodiscard]] std::span<const Handle> orders_naming(Handle partner) const;
    [[nodiscard]] std::span<const Handle> work_steps_on(Handle resource) const;
    [[nodiscard]] std::span<const Handle> work_steps_of(Handle order) const;
    [[nodiscard]] std::span<const Handle> processes_of(Handle order) const;
    [[nodiscard]] std::span<const Handle> children_of(Handle order) const;
    [[nodiscard]] Handle resource_of(Handle work_step) const;
    [[nodiscard]] Handle order_of_work_step(Handle work_step) const;
    /// Every work step's status by handle (work_step_at(h).status, packed for scans).
    [[nodiscard]] std::span<const WorkStepStatus> work_step_statuses() const;
    [[nodiscard]] Handle order_of_process(Handle process) const;
    /// The top-level order of the order's tree (itself for a top-level order).
    [[nodiscard]] Handle top_of(Handle order) const;
    /// The inheritance setting in force for the order's tree (that of its top-level order).
    [[nodiscard]] Inheritance inheritance_of_tree(Handle order) const;

private:
    struct Index;
    std::unique_ptr<Index> index_;
};

}  // namespace pt::plan
