// The plan pull (`GET /api/v1/plan`): a partner's view, exactly its granted fields (R9, R10).
// Identity fields are always written; a column is written only when it is set — never null.
#include "sync/plan/record_fields.h"
#include "sync/protocol/domain_json.h"
#include "sync/protocol/field_codec.h"
#include "sync/protocol/protocol.h"

namespace pt::protocol {

namespace {

using detail::Json;
using detail::ObjectReader;
using detail::Path;

// ---- writing ------------------------------------------------------------------------------

template <typename Table, typename Record>
Json view_json(const Table& table, const Record& record) {
    Json object;
    detail::put_view_fields(object, table, record);
    return object;
}

Json order_json(const plan::ViewOrder& order) {
    return view_json(plan::kViewOrderFields, order);
}

Json resource_json(const plan::ViewResource& resource) {
    return view_json(plan::kViewResourceFields, resource);
}

Json work_step_json(const plan::ViewWorkStep& step) {
    return view_json(plan::kViewWorkStepFields, step);
}

Json process_json(const plan::ViewProcess& process) {
    return view_json(plan::kViewProcessFields, process);
}

Json step_note_json(const plan::ViewStepNote& note) {
    return view_json(plan::kViewStepNoteFields, note);
}

template <typename Item, typename ToJson>
Json array_json(const std::vector<Item>& items, ToJson to_json) {
    Json list = Json::array();
    for (const auto& item : items)
        list.push_back(to_json(item));
    return list;
}

// ---- reading ------------------------------------------------------------------------------

/// Reads one view record of `table`.
template <typename Record, typename Table>
Record read_view(const Table& table, const Json& value, const Path& path) {
    const ObjectReader object(value, path);
    Record record;
    detail::read_view_fields(object, table, record);
    return record;
}

plan::ViewOrder read_order(const Json& value, const Path& path) {
    return read_view<plan::ViewOrder>(plan::kViewOrderFields, value, path);
}

plan::ViewResource read_resource(const Json& value, const Path& path) {
    return read_view<plan::ViewResource>(plan::kViewResourceFields, value, path);
}

plan::ViewWorkStep read_work_step(const Json& value, const Path& path) {
    return read_view<plan::ViewWorkStep>(plan::kViewWorkStepFields, value, path);
}

plan::ViewProcess read_process(const Json& value, const Path& path) {
    return read_view<plan::ViewProcess>(plan::kViewProcessFields, value, path);
}

plan::ViewStepNote read_step_note(const Json& value, const Path& path) {
    return read_view<plan::ViewStepNote>(plan::kViewStepNoteFields, value, path);
}

template <typename ReadItem>
auto list_of(ReadItem read_item) {
    return [read_item](const Json& list, const Path& path) {
        return detail::read_list(list, path, read_item);
    };
}

RemovedIds read_removed(const Json& value, const Path& path) {
    using namespace detail;
    const ObjectReader object(value, path);
    RemovedIds removed;
    removed.orders = object.get("orders", read_string_list);
    removed.work_steps = object.get("work_steps", read_string_list);
    removed.processes = object.get("processes", read_string_list);
    removed.resources = object.get("resources", read_string_list);
    // Added with product.md §8: a server before it sends none.
    removed.step_notes =
        object.get_optional("step_notes", read_string_list).value_or(std::vector<std::string>{});
    return removed;
}

}  // namespace

std::string encode(const PlanResponse& response) {
    using namespace detail;
    const RemovedIds& removed = response.removed;
    return dump(Json{{"cursor", response.cursor},
                     {"reset", response.reset},
                     {"orders", array_json(response.view.orders, order_json)},
                     {"resources", array_json(response.view.resources, resource_json)},
                     {"work_steps", array_json(response.view.work_steps, work_step_json)},
                     {"processes", array_json(response.view.processes, process_json)},
                     {"step_notes", array_json(response.view.step_notes, step_note_json)},
                     {"removed", Json{{"orders", string_list_json(removed.orders)},
                                      {"work_steps", string_list_json(removed.work_steps)},
                                      {"processes", string_list_json(removed.processes)},
                                      {"resources", string_list_json(removed.resources)},
                                      {"step_notes", string_list_json(removed.step_notes)}}}});
}

PlanResponse decode_plan_response(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        PlanResponse response;
        response.cursor = object.get("cursor", read_string);
        response.reset = object.get("reset", read_bool);
        response.view.orders = object.get("orders", list_of(read_order));
        response.view.resources = object.get("resources", list_of(read_resource));
        response.view.work_steps = object.get("work_steps", list_of(read_work_step));
        response.view.processes = object.get("processes", list_of(read_process));
        response.view.step_notes = object.get_optional("step_notes", list_of(read_step_note))
                                       .value_or(std::vector<plan::ViewStepNote>{});
        response.removed = object.get("removed", read_removed);
        return response;
    });
}

}  // namespace pt::protocol
