// The dataset document of `PUT/GET /admin/v1/dataset` (sync-api.md "Dataset document").
#include "sync/protocol/dataset_fields.h"
#include "sync/protocol/domain_json.h"
#include "sync/protocol/protocol.h"

namespace pt::protocol {

using detail::Json;
using detail::ObjectReader;
using detail::Path;
using detail::Presence;

namespace detail {

namespace {

constexpr Presence kRequired = Presence::required;

/// An operator of a PUT: `badge` and `pin` may be absent (keep the stored ones), `has_pin` is
/// ignored (sync-api.md "Credentials").
plan::Operator read_operator(const Json& value, const Path& path, DatasetUpload& upload,
                             bool whole) {
    const ObjectReader object(value, path);
    plan::Operator op;
    op.id = object.get("id", read_string);
    op.name = object.get("name", read_string);
    if (whole || object.has("badge")) {
        op.badge = object.get("badge", read_string);
    } else {
        upload.keeps_badge.insert(op.id);
    }
    if (object.has("pin")) {
        op.pin = object.get("pin", read_nullable_string);
    } else if (!whole) {
        upload.keeps_pin.insert(op.id);
    }
    return op;
}

plan::Partner read_partner(const Json& value, const Path& path, DatasetUpload& upload, bool whole) {
    const ObjectReader object(value, path);
    plan::Partner partner;
    partner.id = object.get("id", read_string);
    read_partner_fields(object, partner, kRequired);
    partner.operators = object.get("operators", [&](const Json& list, const Path& list_path) {
        return read_list(list, list_path, [&](const Json& item, const Path& item_path) {
            return read_operator(item, item_path, upload, whole);
        });
    });
    return partner;
}

plan::Resource read_resource(const Json& value, const Path& path) {
    const ObjectReader object(value, path);
    plan::Resource resource;
    resource.id = object.get("id", read_string);
    read_resource_fields(object, resource, kRequired);
    return resource;
}

plan::WorkStep read_work_step(const Json& value, const Path& path) {
    const ObjectReader object(value, path);
    plan::WorkStep step;
    step.id = object.get("id", read_string);
    read_work_step_fields(object, step, kRequired);
    return step;
}

plan::Process read_process(const Json& value, const Path& path) {
    const ObjectReader object(value, path);
    plan::Process process;
    process.id = object.get("id", read_string);
    read_process_fields(object, process, kRequired);
    return process;
}

plan::Settings read_settings(const Json& value, const Path& path) {
    const ObjectReader object(value, path);
    plan::Settings settings;
    read_settings_fields(object, settings, kRequired);
    return settings;
}

template <typename ReadItem>
auto list_of(ReadItem read_item) {
    return [read_item](const Json& list, const Path& path) {
        return read_list(list, path, read_item);
    };
}

// ---- writing ------------------------------------------------------------------------------

Json settings_json(const plan::Settings& settings) {
    return Json{
        {"default_external_inheritance",
         name_json(plan::name_of(settings.default_external_inheritance))},
        {"external_columns", Json{{"work_steps", columns_json(settings.work_step_columns)},
                                  {"processes", columns_json(settings.process_columns)}}},
        {"reasons", Json{{"pause", reasons_json(settings.pause_reasons)},
                         {"scrap", reasons_json(settings.scrap_reasons)}}},
    };
}

Json partner_json(const plan::Partner& partner, OperatorCredentials credentials) {
    Json operators = Json::array();
    for (const auto& op : partner.operators) {
        if (credentials == OperatorCredentials::withheld) {
            operators.push_back(
                Json{{"id", op.id}, {"name", op.name}, {"has_pin", op.pin.has_value()}});
        } else {
            operators.push_back(Json{{"id", op.id},
                                     {"name", op.name},
                                     {"badge", op.badge},
                                     {"pin", nullable_json(op.pin)}});
        }
    }
    return Json{{"id", partner.id},
                {"name", partner.name},
                {"modules", modules_json(partner.modules)},
                {"allow_process_feedback", partner.allow_process_feedback},
                {"operators", std::move(operators)}};
}

Json resource_json(const plan::Resource& resource) {
    return Json{{"id", resource.id},
                {"name", resource.name},
                {"external", resource.external},
                {"partner_ids", string_list_json(resource.partner_ids)}};
}

Json order_json(const plan::Order& order) {
    return Json{{"id", order.id},
                {"number", order.number},
                {"article", order.article},
                {"quantity", order.quantity},
                {"due", time_json(order.due)},
                {"parent_id", nullable_json(order.parent_id)},
                {"external_inheritance", order.external_inheritance
                                             ? name_json(plan::name_of(*order.external_inheritance))
                                             : Json(nullptr)},
                {"named_partner_ids", string_list_json(order.named_partner_ids)}};
}

Json work_step_json(const plan::WorkStep& step) {
    return Json{{"id", step.id},
                {"order_id", step.order_id},
                {"seq", step.seq},
                {"operation", step.operation},
                {"resource_id", step.resource_id},
                {"planned_start", time_json(step.planned_start)},
                {"planned_end", time_json(step.planned_end)},
                {"quantity", step.quantity},
                {"status", name_json(plan::name_of(step.status))},
                {"quantity_good", step.quantity_good},
                {"quantity_scrap", step.quantity_scrap},
                {"notes", step.notes}};
}

Json process_json(const plan::Process& process) {
    return Json{{"id", process.id},
                {"order_id", process.order_id},
                {"name", process.name},
                {"type", process.type},
                {"due", time_json(process.due)},
                {"status", name_json(plan::name_of(process.status))},
                {"notes", process.notes}};
}

template <typename Item, typename ToJson>
Json array_json(const std::vector<Item>& items, ToJson to_json) {
    Json list = Json::array();
    for (const auto& item : items)
        list.push_back(to_json(item));
    return list;
}

}  // namespace

void read_settings_fields(const ObjectReader& object, plan::Settings& settings, Presence presence) {
    object.read_into("default_external_inheritance", settings.default_external_inheritance,
                     read_inheritance, presence);
    if (const Json* columns = object.find("external_columns")) {
        const Path columns_path(object.path(), "external_columns");
        const ObjectReader columns_object(*columns, columns_path);
        settings.work_step_columns =
            columns_object.get_optional("work_steps", read_work_step_columns)
                .value_or(plan::WorkStepColumns::all());
        settings.process_columns = columns_object.get_optional("processes", read_process_columns)
                                       .value_or(plan::ProcessColumns::all());
    }
    const Json* reasons = object.find("reasons");
    if (reasons == nullptr) {
        if (presence == kRequired) (void)object.at("reasons");  // throws "missing"
        return;
    }
    const Path reasons_path(object.path(), "reasons");
    const ObjectReader reasons_object(*reasons, reasons_path);
    reasons_object.read_into("pause", settings.pause_reasons, read_reasons, presence);
    reasons_object.read_into("scrap", settings.scrap_reasons, read_reasons, presence);
}

void read_partner_fields(const ObjectReader& object, plan::Partner& partner, Presence presence) {
    object.read_into("name", partner.name, read_string, presence);
    object.read_into("modules", partner.modules, read_module_set, presence);
    object.read_into("allow_process_feedback", partner.allow_process_feedback, read_bool, presence);
}

void read_resource_fields(const ObjectReader& object, plan::Resource& resource, Presence presence) {
    object.read_into("name", resource.name, read_string, presence);
    object.read_into("external", resource.external, read_bool, presence);
    object.read_into("partner_ids", resource.partner_ids, read_string_list, presence);
}

void read_work_step_fields(const ObjectReader& object, plan::WorkStep& step, Presence presence) {
    object.read_into("order_id", step.order_id, read_string, presence);
    object.read_into("seq", step.seq, read_int, presence);
    object.read_into("operation", step.operation, read_string, presence);
    object.read_into("resource_id", step.resource_id, read_string, presence);
    object.read_into("planned_start", step.planned_start, read_time, presence);
    object.read_into("planned_end", step.planned_end, read_time, presence);
    object.read_into("quantity", step.quantity, read_count, presence);
    object.read_into("status", step.status, read_work_step_status, presence);
    object.read_into("quantity_good", step.quantity_good, read_count, presence);
    object.read_into("quantity_scrap", step.quantity_scrap, read_count, presence);
    object.read_into("notes", step.notes, read_string, presence);
}

void read_process_fields(const ObjectReader& object, plan::Process& process, Presence presence) {
    object.read_into("order_id", process.order_id, read_string, presence);
    object.read_into("name", process.name, read_string, presence);
    object.read_into("type", process.type, read_string, presence);
    object.read_into("due", process.due, read_time, presence);
    object.read_into("status", process.status, read_process_status, presence);
    object.read_into("notes", process.notes, read_string, presence);
}

plan::Order read_order(const Json& value, const Path& path) {
    const ObjectReader object(value, path);
    plan::Order order;
    order.id = object.get("id", read_string);
    order.number = object.get("number", read_string);
    order.article = object.get("article", read_string);
    order.quantity = object.get("quantity", read_count);
    order.due = object.get("due", read_time);
    object.read_into("parent_id", order.parent_id, read_nullable_string, Presence::optional);
    object.read_into("external_inheritance", order.external_inheritance, read_nullable_inheritance,
                     Presence::optional);
    order.named_partner_ids = object.get("named_partner_ids", read_string_list);
    return order;
}

}  // namespace detail

std::string encode_dataset(const plan::Dataset& dataset, OperatorCredentials credentials) {
    using namespace detail;
    Json partners = Json::array();
    for (const auto& partner : dataset.partners)
        partners.push_back(partner_json(partner, credentials));
    return dump(Json{{"settings", settings_json(dataset.settings)},
                     {"partners", std::move(partners)},
                     {"resources", array_json(dataset.resources, resource_json)},
                     {"orders", array_json(dataset.orders, order_json)},
                     {"work_steps", array_json(dataset.work_steps, work_step_json)},
                     {"processes", array_json(dataset.processes, process_json)}});
}

namespace {

/// `whole`: every operator needs its badge (a missing pin is no PIN), as in a stored document.
DatasetUpload decode_dataset_document(std::string_view text, bool whole) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        DatasetUpload upload;
        plan::Dataset& dataset = upload.dataset;
        dataset.settings = object.get("settings", read_settings);
        dataset.partners = object.get("partners", list_of([&](const Json& item, const Path& path) {
                                          return read_partner(item, path, upload, whole);
                                      }));
        dataset.resources = object.get("resources", list_of(read_resource));
        dataset.orders = object.get("orders", list_of(read_order));
        dataset.work_steps = object.get("work_steps", list_of(read_work_step));
        dataset.processes = object.get("processes", list_of(read_process));
        return upload;
    });
}

}  // namespace

DatasetUpload decode_dataset_upload(std::string_view text) {
    return decode_dataset_document(text, false);
}

plan::Dataset decode_dataset(std::string_view text) {
    return decode_dataset_document(text, true).dataset;
}

std::string encode_order(const plan::Order& order) {
    return detail::dump(detail::order_json(order));
}

plan::Order decode_order(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        return read_order(document, Path());
    });
}

}  // namespace pt::protocol
