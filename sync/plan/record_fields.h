// The field tables of the plan's records (field.h): one row per stored and exchanged field, in
// the order the records declare them. The JSON codecs, the content hash of plan deltas, the R9
// filter and both SQLite stores iterate these rows; a new column is one row here (and one per
// view record when partners see it), not an edit in ten places.
//
// Left out on purpose, and written by hand where they are used:
// - list-valued fields (partner operators, resource partner_ids, order named_partner_ids): each
//   is a JSON array and a child table in SQL, with positions; a row kind for them would only
//   move that code, not remove it;
// - operator credentials (badge, pin, has_pin): write-only, hashed by plan-server and answered
//   differently by GET and PUT (sync-api.md "Credentials");
// - `feedback_allowed` and `top_id` in the views: decided by the rules, not copied.
#pragma once

#include <optional>
#include <string>
#include <tuple>

#include "sync/plan/field.h"
#include "sync/plan/types.h"

namespace pt::plan {

/// What a partner's work step is built from (view.cpp).
struct WorkStepSource {
    const WorkStep& step;
    const Order& order;
    const Resource& resource;
};

/// What a partner's process is built from (view.cpp).
struct ProcessSource {
    const Process& process;
    const Order& order;
};

// ---- dataset records (PUT/GET /admin/v1/dataset, plan-server's database) ----------------------

/// Partner fields except `operators`.
inline constexpr auto kPartnerFields = std::tuple{
    field("id", &Partner::id, FieldKind::id),
    field("name", &Partner::name, FieldKind::name),
    field("modules", &Partner::modules, FieldKind::enum_set),
    field("allow_process_feedback", &Partner::allow_process_feedback, FieldKind::flag),
};

/// Operator fields except the credentials; `role` came with product.md §8 (absent: operator).
inline constexpr auto kOperatorFields = std::tuple{
    field("id", &Operator::id, FieldKind::id),
    field("name", &Operator::name, FieldKind::name),
    field("role", &Operator::role, FieldKind::enumeration, kNeverHidden, Input::defaulted),
};

/// Resource fields except `partner_ids`.
inline constexpr auto kResourceFields = std::tuple{
    field("id", &Resource::id, FieldKind::id),
    field("name", &Resource::name, FieldKind::name),
    field("external", &Resource::external, FieldKind::flag),
};

/// Order fields except `named_partner_ids`.
inline constexpr auto kOrderFields = std::tuple{
    field("id", &Order::id, FieldKind::id),
    field("number", &Order::number, FieldKind::name),
    field("article", &Order::article, FieldKind::name),
    field("quantity", &Order::quantity, FieldKind::count),
    field("due", &Order::due, FieldKind::time),
    field("parent_id", &Order::parent_id, FieldKind::id),
    field("external_inheritance", &Order::external_inheritance, FieldKind::enumeration),
};

/// Every work step field; `r9`: the column that shows it to partners.
inline constexpr auto kWorkStepFields = std::tuple{
    field("id", &WorkStep::id, FieldKind::id),
    field("order_id", &WorkStep::order_id, FieldKind::id),
    field("seq", &WorkStep::seq, FieldKind::integer, r9_of(WorkStepColumn::seq)),
    field("operation", &WorkStep::operation, FieldKind::name, r9_of(WorkStepColumn::operation)),
    field("resource_id", &WorkStep::resource_id, FieldKind::id),
    field("planned_start", &WorkStep::planned_start, FieldKind::time,
          r9_of(WorkStepColumn::planned_start)),
    field("planned_end", &WorkStep::planned_end, FieldKind::time,
          r9_of(WorkStepColumn::planned_end)),
    field("quantity", &WorkStep::quantity, FieldKind::count, r9_of(WorkStepColumn::quantity)),
    field("status", &WorkStep::status, FieldKind::enumeration),
    field("quantity_good", &WorkStep::quantity_good, FieldKind::count,
          r9_of(WorkStepColumn::quantity_good)),
    field("quantity_scrap", &WorkStep::quantity_scrap, FieldKind::count,
          r9_of(WorkStepColumn::quantity_scrap)),
    field("notes", &WorkStep::notes, FieldKind::text, r9_of(WorkStepColumn::notes)),
    field("finished_at", &WorkStep::finished_at, FieldKind::time, kNeverHidden, Input::ignored),
    field("operator_ids", &WorkStep::operator_ids, FieldKind::name_list, kNeverHidden,
          Input::ignored),
};

/// Every process field; `r9`: the column that shows it to partners.
inline constexpr auto kProcessFields = std::tuple{
    field("id", &Process::id, FieldKind::id),
    field("order_id", &Process::order_id, FieldKind::id),
    field("name", &Process::name, FieldKind::name, r9_of(ProcessColumn::name)),
    field("type", &Process::type, FieldKind::name, r9_of(ProcessColumn::type)),
    field("due", &Process::due, FieldKind::time, r9_of(ProcessColumn::due)),
    field("status", &Process::status, FieldKind::enumeration),
    field("notes", &Process::notes, FieldKind::text, r9_of(ProcessColumn::notes)),
};

// ---- partner views (GET /api/v1/plan, the terminal's plan cache) ------------------------------

/// Every field of a view order (view_of_order fills them: top_id needs the plan's tree).
inline constexpr auto kViewOrderFields = std::tuple{
    field("id", &ViewOrder::id, FieldKind::id),
    field("number", &ViewOrder::number, FieldKind::name),
    field("article", &ViewOrder::article, FieldKind::name),
    field("quantity", &ViewOrder::quantity, FieldKind::count),
    field("due", &ViewOrder::due, FieldKind::time),
    field("parent_id", &ViewOrder::parent_id, FieldKind::id),
    field("top_id", &ViewOrder::top_id, FieldKind::id),
};

/// Every field of a view resource.
inline constexpr auto kViewResourceFields = std::tuple{
    field("id", &ViewResource::id, FieldKind::id),
    field("name", &ViewResource::name, FieldKind::name),
    field("own", &ViewResource::own, FieldKind::flag),
};

/// Every field of a partner's work step: identity fields, then the R9 columns, each with where
/// its value comes from. The order is that of the content hash (plan_delta.cpp): changing it
/// makes every cursor's next delta list every work step once.
inline constexpr auto kViewWorkStepFields = std::tuple{
    view_field<WorkStepSource>(
        "id", &ViewWorkStep::id, FieldKind::id, kNeverHidden,
        +[](const WorkStepSource& s) { return s.step.id; }),
    view_field<WorkStepSource>(
        "order_id", &ViewWorkStep::order_id, FieldKind::id, kNeverHidden,
        +[](const WorkStepSource& s) { return s.step.order_id; }),
    view_field<WorkStepSource>(
        "resource_id", &ViewWorkStep::resource_id, FieldKind::id, kNeverHidden,
        +[](const WorkStepSource& s) { return s.step.resource_id; }),
    view_field<WorkStepSource>(
        "status", &ViewWorkStep::status, FieldKind::enumeration, kNeverHidden,
        +[](const WorkStepSource& s) { return s.step.status; }),
    view_field<WorkStepSource>("feedback_allowed", &ViewWorkStep::feedback_allowed, FieldKind::flag,
                               kNeverHidden, nullptr),
    view_field<WorkStepSource>("operators", &ViewWorkStep::operators, FieldKind::name_list,
                               kNeverHidden, nullptr),
    view_field<WorkStepSource>(
        "order_number", &ViewWorkStep::order_number, FieldKind::name,
        r9_of(WorkStepColumn::order_number),
        +[](const WorkStepSource& s) { return std::optional<std::string>(s.order.number); }),
    view_field<WorkStepSource>(
        "article", &ViewWorkStep::article, FieldKind::name, r9_of(WorkStepColumn::article),
        +[](const WorkStepSource& s) { return std::optional<std::string>(s.order.article); }),
    view_field<WorkStepSource>(
        "operation", &ViewWorkStep::operation, FieldKind::name, r9_of(WorkStepColumn::operation),
        +[](const WorkStepSource& s) { return std::optional<std::string>(s.step.operation); }),
    view_field<WorkStepSource>(
        "seq", &ViewWorkStep::seq, FieldKind::integer, r9_of(WorkStepColumn::seq),
        +[](const WorkStepSource& s) { return std::optional<std::int64_t>(s.step.seq); }),
    view_field<WorkStepSource>(
        "resource_name", &ViewWorkStep::resource_name, FieldKind::name,
        r9_of(WorkStepColumn::resource_name),
        +[](const WorkStepSource& s) { return std::optional<std::string>(s.resource.name); }),
    view_field<WorkStepSource>(
        "planned_start", &ViewWorkStep::planned_start, FieldKind::time,
        r9_of(WorkStepColumn::planned_start),
        +[](const WorkStepSource& s) { return std::optional<Timestamp>(s.step.planned_start); }),
    view_field<WorkStepSource>(
        "planned_end", &ViewWorkStep::planned_end, FieldKind::time,
        r9_of(WorkStepColumn::planned_end),
        +[](const WorkStepSource& s) { return std::optional<Timestamp>(s.step.planned_end); }),
    view_field<WorkStepSource>(
        "quantity", &ViewWorkStep::quantity, FieldKind::count, r9_of(WorkStepColumn::quantity),
        +[](const WorkStepSource& s) { return std::optional<std::int64_t>(s.step.quantity); }),
    view_field<WorkStepSource>(
        "quantity_good", &ViewWorkStep::quantity_good, FieldKind::count,
        r9_of(WorkStepColumn::quantity_good),
        +[](const WorkStepSource& s) { return std::optional<std::int64_t>(s.step.quantity_good); }),
    view_field<WorkStepSource>(
        "quantity_scrap", &ViewWorkStep::quantity_scrap, FieldKind::count,
        r9_of(WorkStepColumn::quantity_scrap),
        +[](const WorkStepSource& s) {
            return std::optional<std::int64_t>(s.step.quantity_scrap);
        }),
    view_field<WorkStepSource>(
        "notes", &ViewWorkStep::notes, FieldKind::text, r9_of(WorkStepColumn::notes),
        +[](const WorkStepSource& s) { return std::optional<std::string>(s.step.notes); }),
};

/// Every field of a partner's process, as kViewWorkStepFields.
inline constexpr auto kViewProcessFields = std::tuple{
    view_field<ProcessSource>(
        "id", &ViewProcess::id, FieldKind::id, kNeverHidden,
        +[](const ProcessSource& s) { return s.process.id; }),
    view_field<ProcessSource>(
        "order_id", &ViewProcess::order_id, FieldKind::id, kNeverHidden,
        +[](const ProcessSource& s) { return s.process.order_id; }),
    view_field<ProcessSource>(
        "status", &ViewProcess::status, FieldKind::enumeration, kNeverHidden,
        +[](const ProcessSource& s) { return s.process.status; }),
    view_field<ProcessSource>("feedback_allowed", &ViewProcess::feedback_allowed, FieldKind::flag,
                              kNeverHidden, nullptr),
    view_field<ProcessSource>(
        "order_number", &ViewProcess::order_number, FieldKind::name,
        r9_of(ProcessColumn::order_number),
        +[](const ProcessSource& s) { return std::optional<std::string>(s.order.number); }),
    view_field<ProcessSource>(
        "name", &ViewProcess::name, FieldKind::name, r9_of(ProcessColumn::name),
        +[](const ProcessSource& s) { return std::optional<std::string>(s.process.name); }),
    view_field<ProcessSource>(
        "type", &ViewProcess::type, FieldKind::name, r9_of(ProcessColumn::type),
        +[](const ProcessSource& s) { return std::optional<std::string>(s.process.type); }),
    view_field<ProcessSource>(
        "due", &ViewProcess::due, FieldKind::time, r9_of(ProcessColumn::due),
        +[](const ProcessSource& s) { return std::optional<Timestamp>(s.process.due); }),
    view_field<ProcessSource>(
        "notes", &ViewProcess::notes, FieldKind::text, r9_of(ProcessColumn::notes),
        +[](const ProcessSource& s) { return std::optional<std::string>(s.process.notes); }),
};

/// Every field of a note on a work step (product.md §8; notes are immutable).
inline constexpr auto kViewStepNoteFields = std::tuple{
    field("id", &ViewStepNote::id, FieldKind::id),
    field("work_step_id", &ViewStepNote::work_step_id, FieldKind::id),
    field("operator_name", &ViewStepNote::operator_name, FieldKind::name),
    field("at", &ViewStepNote::at, FieldKind::time),
    field("text", &ViewStepNote::text, FieldKind::text),
};

static_assert(kinds_fit(kPartnerFields) && kinds_fit(kOperatorFields) &&
              kinds_fit(kResourceFields) && kinds_fit(kOrderFields) && kinds_fit(kWorkStepFields) &&
              kinds_fit(kProcessFields));
static_assert(kinds_fit(kViewOrderFields) && kinds_fit(kViewResourceFields) &&
              kinds_fit(kViewWorkStepFields) && kinds_fit(kViewProcessFields) &&
              kinds_fit(kViewStepNoteFields));

}  // namespace pt::plan
