// The dataset document of `PUT/GET /admin/v1/dataset` (sync-api.md "Dataset document").
#include "sync/plan/record_fields.h"
#include "sync/protocol/dataset_fields.h"
#include "sync/protocol/domain_json.h"
#include "sync/protocol/field_codec.h"
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
    read_fields(object, plan::kOperatorFields, op, kRequired);
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
    read_resource_fields(object, resource, kRequired);
    return resource;
}

plan::WorkStep read_work_step(const Json& value, const Path& path) {
    const ObjectReader object(value, path);
    plan::WorkStep step;
    read_work_step_fields(object, step, kRequired);
    return step;
}

plan::Process read_process(const Json& value, const Path& path) {
    const ObjectReader object(value, path);
    plan::Process process;
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
        {"finished_retention_days", settings.finished_retention_days},
    };
}

/// An operator as GET shows it (`has_pin`, sync-api.md "Credentials") or as stored (badge, pin).
Json operator_json(const plan::Operator& op, OperatorCredentials credentials) {
    Json object;
    put_fields(object, plan::kOperatorFields, op);
    if (credentials == OperatorCredentials::withheld) {
        object["has_pin"] = op.pin.has_value();
    } else {
        object["badge"] = op.badge;
        object["pin"] = nullable_json(op.pin);
    }
    return object;
}

Json partner_json(const plan::Partner& partner, OperatorCredentials credentials) {
    Json operators = Json::array();
    for (const auto& op : partner.operators)
        operators.push_back(operator_json(op, credentials));
    Json object;
    put_fields(object, plan::kPartnerFields, partner);
    object["operators"] = std::move(operators);
    return object;
}

Json resource_json(const plan::Resource& resource) {
    Json object;
    put_fields(object, plan::kResourceFields, resource);
    object["partner_ids"] = string_list_json(resource.partner_ids);
    return object;
}

Json order_json(const plan::Order& order) {
    Json object;
    put_fields(object, plan::kOrderFields, order);
    object["named_partner_ids"] = string_list_json(order.named_partner_ids);
    return object;
}

Json work_step_json(const plan::WorkStep& step) {
    Json object;
    put_fields(object, plan::kWorkStepFields, step);
    return object;
}

Json process_json(const plan::Process& process) {
    Json object;
    put_fields(object, plan::kProcessFields, process);
    return object;
}

template <typename Item, typename ToJson>
Json array_json(const std::vector<Item>& items, ToJson to_json) {
    Json list = Json::array();
    for (const auto& item : items)
        list.push_back(to_json(item));
    return list;
}

}  // namespace

Json dataset_settings_json(const plan::Settings& settings) {
    return settings_json(settings);
}
Json dataset_partner_json(const plan::Partner& partner, OperatorCredentials credentials) {
    return partner_json(partner, credentials);
}
Json dataset_resource_json(const plan::Resource& resource) {
    return resource_json(resource);
}
Json dataset_order_json(const plan::Order& order) {
    return order_json(order);
}
Json dataset_work_step_json(const plan::WorkStep& step) {
    return work_step_json(step);
}
Json dataset_process_json(const plan::Process& process) {
    return process_json(process);
}

void read_settings_fields(const ObjectReader& object, plan::Settings& settings, Presence presence) {
    object.read_into("default_external_inheritance", settings.default_external_inheritance,
                     read_inheritance, presence);
    // R14, added in December 2026: a document without it keeps the default (or, in a PUT of the
    // settings, the current value); its range is the plan's to check (422).
    object.read_into("finished_retention_days", settings.finished_retention_days, read_count,
                     Presence::optional);
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
    read_fields(object, plan::kPartnerFields, partner, presence);
}

namespace {

/// A list of partner ids, each within the Limits of an id (422 beyond them, as the ids are).
std::vector<std::string> read_partner_ids(const Json& value, const Path& path) {
    return read_list(value, path, [](const Json& item, const Path& item_path) {
        std::string id;
        read_value(item, item_path, plan::FieldKind::id, id);
        return id;
    });
}

}  // namespace

void read_resource_fields(const ObjectReader& object, plan::Resource& resource, Presence presence) {
    read_fields(object, plan::kResourceFields, resource, presence);
    object.read_into("partner_ids", resource.partner_ids, read_partner_ids, presence);
}

void read_work_step_fields(const ObjectReader& object, plan::WorkStep& step, Presence presence) {
    read_fields(object, plan::kWorkStepFields, step, presence);
}

void read_process_fields(const ObjectReader& object, plan::Process& process, Presence presence) {
    read_fields(object, plan::kProcessFields, process, presence);
}

plan::Order read_order(const Json& value, const Path& path) {
    const ObjectReader object(value, path);
    plan::Order order;
    read_fields(object, plan::kOrderFields, order, Presence::required);
    order.named_partner_ids = object.get("named_partner_ids", read_partner_ids);
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

// ---- one object at a time (sync-api.md "Administration") ----------------------------------

namespace {

template <typename Read>
auto decode_object(std::string_view text, Read read) {
    return detail::guarded([&] {
        const Json document = detail::parse_object(text);
        return read(document, Path());
    });
}

}  // namespace

plan::Partner decode_partner(std::string_view text) {
    return decode_object(text, [](const Json& value, const Path& path) {
        const ObjectReader object(value, path);
        if (const Json* operators = object.find("operators");
            operators != nullptr && !(operators->is_array() && operators->empty())) {
            object.refuse("operators", "operators are added with POST /admin/v1/operators");
        }
        plan::Partner partner;
        detail::read_partner_fields(object, partner, Presence::required);
        return partner;
    });
}

plan::Resource decode_resource(std::string_view text) {
    return decode_object(text, detail::read_resource);
}

plan::WorkStep decode_work_step(std::string_view text) {
    return decode_object(text, detail::read_work_step);
}

plan::Process decode_process(std::string_view text) {
    return decode_object(text, detail::read_process);
}

std::string encode_partner(const plan::Partner& partner) {
    return detail::dump(detail::partner_json(partner, OperatorCredentials::withheld));
}

std::string encode_resource(const plan::Resource& resource) {
    return detail::dump(detail::resource_json(resource));
}

std::string encode_work_step(const plan::WorkStep& step) {
    return detail::dump(detail::work_step_json(step));
}

std::string encode_process(const plan::Process& process) {
    return detail::dump(detail::process_json(process));
}

}  // namespace pt::protocol
