// The plan pull (`GET /api/v1/plan`): a partner's view, exactly its granted fields (R9, R10).
// Identity fields are always written; a column is written only when it is set — never null.
#include "sync/protocol/domain_json.h"
#include "sync/protocol/protocol.h"

namespace pt::protocol {

namespace {

using detail::Json;
using detail::ObjectReader;
using detail::Path;

// ---- writing ------------------------------------------------------------------------------

/// Writes `key` only when the column is set (sync-api.md: "absent, not null").
template <typename T>
void put_column(Json& object, const char* key, const std::optional<T>& column) {
    if (column) object[key] = *column;
}

void put_column(Json& object, const char* key, const std::optional<plan::Timestamp>& column) {
    if (column) object[key] = detail::time_json(*column);
}

Json order_json(const plan::ViewOrder& order) {
    return Json{{"id", order.id},
                {"number", order.number},
                {"article", order.article},
                {"quantity", order.quantity},
                {"due", detail::time_json(order.due)},
                {"parent_id", detail::nullable_json(order.parent_id)},
                {"top_id", order.top_id}};
}

Json resource_json(const plan::ViewResource& resource) {
    return Json{{"id", resource.id}, {"name", resource.name}, {"own", resource.own}};
}

Json work_step_json(const plan::ViewWorkStep& step) {
    Json object{{"id", step.id},
                {"order_id", step.order_id},
                {"resource_id", step.resource_id},
                {"status", detail::name_json(plan::name_of(step.status))},
                {"feedback_allowed", step.feedback_allowed}};
    put_column(object, "order_number", step.order_number);
    put_column(object, "article", step.article);
    put_column(object, "operation", step.operation);
    put_column(object, "seq", step.seq);
    put_column(object, "resource_name", step.resource_name);
    put_column(object, "planned_start", step.planned_start);
    put_column(object, "planned_end", step.planned_end);
    put_column(object, "quantity", step.quantity);
    put_column(object, "quantity_good", step.quantity_good);
    put_column(object, "quantity_scrap", step.quantity_scrap);
    put_column(object, "notes", step.notes);
    return object;
}

Json process_json(const plan::ViewProcess& process) {
    Json object{{"id", process.id},
                {"order_id", process.order_id},
                {"status", detail::name_json(plan::name_of(process.status))},
                {"feedback_allowed", process.feedback_allowed}};
    put_column(object, "order_number", process.order_number);
    put_column(object, "name", process.name);
    put_column(object, "type", process.type);
    put_column(object, "due", process.due);
    put_column(object, "notes", process.notes);
    return object;
}

template <typename Item, typename ToJson>
Json array_json(const std::vector<Item>& items, ToJson to_json) {
    Json list = Json::array();
    for (const auto& item : items)
        list.push_back(to_json(item));
    return list;
}

// ---- reading ------------------------------------------------------------------------------

plan::ViewOrder read_order(const Json& value, const Path& path) {
    using namespace detail;
    const ObjectReader object(value, path);
    plan::ViewOrder order;
    order.id = object.get("id", read_string);
    order.number = object.get("number", read_string);
    order.article = object.get("article", read_string);
    order.quantity = object.get("quantity", read_count);
    order.due = object.get("due", read_time);
    order.parent_id = object.get("parent_id", read_nullable_string);
    order.top_id = object.get("top_id", read_string);
    return order;
}

plan::ViewResource read_resource(const Json& value, const Path& path) {
    using namespace detail;
    const ObjectReader object(value, path);
    plan::ViewResource resource;
    resource.id = object.get("id", read_string);
    resource.name = object.get("name", read_string);
    resource.own = object.get("own", read_bool);
    return resource;
}

plan::ViewWorkStep read_work_step(const Json& value, const Path& path) {
    using namespace detail;
    const ObjectReader object(value, path);
    plan::ViewWorkStep step;
    step.id = object.get("id", read_string);
    step.order_id = object.get("order_id", read_string);
    step.resource_id = object.get("resource_id", read_string);
    step.status = object.get("status", read_work_step_status);
    step.feedback_allowed = object.get("feedback_allowed", read_bool);
    step.order_number = object.get_optional("order_number", read_string);
    step.article = object.get_optional("article", read_string);
    step.operation = object.get_optional("operation", read_string);
    step.seq = object.get_optional("seq", read_int);
    step.resource_name = object.get_optional("resource_name", read_string);
    step.planned_start = object.get_optional("planned_start", read_time);
    step.planned_end = object.get_optional("planned_end", read_time);
    step.quantity = object.get_optional("quantity", read_count);
    step.quantity_good = object.get_optional("quantity_good", read_count);
    step.quantity_scrap = object.get_optional("quantity_scrap", read_count);
    step.notes = object.get_optional("notes", read_string);
    return step;
}

plan::ViewProcess read_process(const Json& value, const Path& path) {
    using namespace detail;
    const ObjectReader object(value, path);
    plan::ViewProcess process;
    process.id = object.get("id", read_string);
    process.order_id = object.get("order_id", read_string);
    process.status = object.get("status", read_process_status);
    process.feedback_allowed = object.get("feedback_allowed", read_bool);
    process.order_number = object.get_optional("order_number", read_string);
    process.name = object.get_optional("name", read_string);
    process.type = object.get_optional("type", read_string);
    process.due = object.get_optional("due", read_time);
    process.notes = object.get_optional("notes", read_string);
    return process;
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
                     {"removed", Json{{"orders", string_list_json(removed.orders)},
                                      {"work_steps", string_list_json(removed.work_steps)},
                                      {"processes", string_list_json(removed.processes)},
                                      {"resources", string_list_json(removed.resources)}}}});
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
        response.removed = object.get("removed", read_removed);
        return response;
    });
}

}  // namespace pt::protocol
