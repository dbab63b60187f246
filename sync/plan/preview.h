// The change preview (sync-api.md `POST /admin/v1/preview`): what each partner would gain or
// lose through one change of the plan, read by the rules themselves. The change is made to the
// plan, the views of the partners it can concern are read before and after, and the change is
// undone exactly, so that copying a plan of a million work steps is never needed.
#pragma once

#include <span>
#include <variant>

#include "sync/plan/plan.h"

namespace pt::plan {

enum class ObjectKind : std::uint8_t { partner, resource, order, work_step, process };

/// One change as the admin calls make it (sync-api.md "Administration"). A PATCH arrives as
/// the whole object after the patch (ChangeOrder for orders: their own partial update).
struct AddObject {
    std::variant<Partner, Resource, Order, WorkStep, Process> object;
};
struct ReplaceObject {
    std::variant<Partner, Resource, WorkStep, Process> object;
};
struct ChangeOrder {
    std::string id;
    OrderChange change;
};
struct RemoveObject {
    ObjectKind kind = ObjectKind::work_step;
    std::string id;
};
struct ReplaceSettings {
    Settings settings;
};
using PlanChange =
    std::variant<AddObject, ReplaceObject, ChangeOrder, RemoveObject, ReplaceSettings>;

/// Makes the change through Plan's own calls (refused as they refuse it).
[[nodiscard]] std::optional<PlanError> apply_change(Plan& plan, const PlanChange& change);

/// Ids a partner sees, each list sorted.
struct VisibleIds {
    std::vector<std::string> orders;
    std::vector<std::string> work_steps;
    std::vector<std::string> processes;
    [[nodiscard]] bool empty() const {
        return orders.empty() && work_steps.empty() && processes.empty();
    }
    bool operator==(const VisibleIds&) const = default;
};

struct PartnerDifference {
    std::string partner_id;
    VisibleIds gains;
    VisibleIds loses;
    bool operator==(const PartnerDifference&) const = default;
};

/// The partners (ids, sorted) whose view `change` can alter: those it can concern as the plan
/// is, and with the change made (it is made and taken back), or the change's refusal. A
/// change of the settings concerns every partner when it changes the retention, none else.
[[nodiscard]] std::variant<std::vector<std::string>, PlanError> partners_concerned(
    Plan& plan, const PlanChange& change);

/// Of `partners` (ids, sorted), those whose view the change would alter, with what each would
/// gain and lose; a refused change gives the refusal the change itself would get. The plan is
/// left as it was: the same objects at the same handles, the same to_dataset(). Throws
/// std::logic_error only if undoing fails, which would be a bug: the caller must then rebuild
/// the plan from its source; any other exception comes after the change was taken back, unless
/// taking it back failed as well. Costs two views of each partner: a caller holding a lock for
/// it can ask for a few partners at a time (Plan::revision() tells whether the plan changed
/// in between).
[[nodiscard]] std::variant<std::vector<PartnerDifference>, PlanError> preview_change(
    Plan& plan, const PlanChange& change, Timestamp now, std::span<const std::string> partners);

/// The same for every partner the change concerns (partners_concerned).
[[nodiscard]] std::variant<std::vector<PartnerDifference>, PlanError> preview_change(
    Plan& plan, const PlanChange& change, Timestamp now);

}  // namespace pt::plan
