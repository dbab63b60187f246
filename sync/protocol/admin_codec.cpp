// Admin documents other than the dataset: patches, settings, enrolment codes, and the error
// body every endpoint shares.
#include "sync/plan/record_fields.h"
#include "sync/protocol/dataset_fields.h"
#include "sync/protocol/domain_json.h"
#include "sync/protocol/field_codec.h"
#include "sync/protocol/protocol.h"

namespace pt::protocol {

namespace {

using detail::Json;
using detail::ObjectReader;
using detail::Path;
using detail::Presence;

constexpr const char* kIdsNeverChange = "ids cannot be changed";

/// Parses a patch body and applies `apply(object)` to a copy of `target`, which is replaced
/// only when the whole body was read: a refused patch leaves `target` as it was.
template <typename T, typename Apply>
void apply_patch(T& target, std::string_view text, Apply apply) {
    detail::guarded([&] {
        const Json document = detail::parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        object.refuse("id", kIdsNeverChange);
        T changed = target;
        apply(object, changed);
        target = std::move(changed);
    });
}

}  // namespace

// ---- errors -------------------------------------------------------------------------------

std::string encode_error(const ErrorBody& body) {
    return detail::dump(Json{{"error", body.error}, {"message", body.message}});
}

ErrorBody decode_error(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        return ErrorBody{.error = object.get("error", read_string),
                         .message = object.get("message", read_string)};
    });
}

// ---- operators ----------------------------------------------------------------------------

namespace {

/// A string read as a field of `kind` (sync-api.md "Limits": 422 beyond them).
auto read_as(plan::FieldKind kind) {
    return [kind](const Json& value, const Path& path) {
        std::string read;
        detail::read_value(value, path, kind, read);
        return read;
    };
}

/// A badge code: not empty, and within the Limits of a name.
std::string read_badge(const Json& value, const Path& path) {
    std::string badge = read_as(plan::FieldKind::name)(value, path);
    if (badge.empty()) detail::fail(path, "a badge cannot be empty");
    return badge;
}

/// A PIN, or null for none; an empty one is refused (null says "none").
std::optional<std::string> read_pin(const Json& value, const Path& path) {
    if (value.is_null()) return std::nullopt;
    std::string pin = read_as(plan::FieldKind::name)(value, path);
    if (pin.empty()) detail::fail(path, "a PIN cannot be empty (null means none)");
    return pin;
}

}  // namespace

NewOperator decode_new_operator(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        NewOperator made;
        read_fields(object, plan::kOperatorFields, made.op, Presence::required);
        made.partner_id = object.get("partner_id", read_as(plan::FieldKind::id));
        // sync-api.md "Credentials": a new operator without a badge is 422, as in a PUT.
        if (!object.has("badge")) {
            detail::fail_limit(Path(root, "badge"), "a new operator needs a badge");
        }
        made.op.badge = object.get("badge", read_badge);
        made.op.pin = object.get_optional("pin", read_pin).value_or(std::nullopt);
        return made;
    });
}

plan::OperatorChange decode_operator_change(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        object.refuse("id", kIdsNeverChange);
        plan::OperatorChange change;
        change.name = object.get_optional("name", read_as(plan::FieldKind::name));
        change.badge = object.get_optional("badge", read_badge);
        change.pin = object.get_optional("pin", read_pin);
        change.partner_id = object.get_optional("partner_id", read_as(plan::FieldKind::id));
        change.role = object.get_optional("role", [](const Json& value, const Path& path) {
            plan::OperatorRole role{};
            read_value(value, path, plan::FieldKind::enumeration, role);
            return role;
        });
        return change;
    });
}

std::string encode_operator(const plan::Operator& op, std::string_view partner_id) {
    Json object;
    detail::put_fields(object, plan::kOperatorFields, op);
    object["has_pin"] = op.pin.has_value();
    object["partner_id"] = std::string(partner_id);
    return detail::dump(object);
}

// ---- patches ------------------------------------------------------------------------------

plan::OrderChange decode_order_change(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        object.refuse("id", kIdsNeverChange);
        plan::OrderChange change;
        // Read as the order table reads them (sync-api.md "Limits": 422 beyond them).
        change.number = object.get_optional("number", read_as(plan::FieldKind::name));
        change.article = object.get_optional("article", read_as(plan::FieldKind::name));
        change.quantity = object.get_optional("quantity", read_count);
        change.due = object.get_optional("due", read_time);
        change.parent_id = object.get_optional(
            "parent_id", [&](const Json& value, const Path& path) -> std::optional<std::string> {
                if (value.is_null()) return std::nullopt;
                return read_as(plan::FieldKind::id)(value, path);
            });
        change.external_inheritance =
            object.get_optional("external_inheritance", read_nullable_inheritance);
        change.named_partner_ids =
            object.get_optional("named_partner_ids", [&](const Json& value, const Path& path) {
                return read_list(value, path, read_as(plan::FieldKind::id));
            });
        return change;
    });
}

void apply_work_step_patch(plan::WorkStep& target, std::string_view text) {
    apply_patch(target, text, [](const ObjectReader& object, plan::WorkStep& step) {
        detail::read_work_step_fields(object, step, Presence::optional);
    });
}

void apply_process_patch(plan::Process& target, std::string_view text) {
    apply_patch(target, text, [](const ObjectReader& object, plan::Process& process) {
        detail::read_process_fields(object, process, Presence::optional);
    });
}

void apply_partner_patch(plan::Partner& target, std::string_view text) {
    apply_patch(target, text, [](const ObjectReader& object, plan::Partner& partner) {
        object.refuse("operators", "operators are changed with /admin/v1/operators/{id}");
        detail::read_partner_fields(object, partner, Presence::optional);
    });
}

void apply_resource_patch(plan::Resource& target, std::string_view text) {
    apply_patch(target, text, [](const ObjectReader& object, plan::Resource& resource) {
        detail::read_resource_fields(object, resource, Presence::optional);
    });
}

void apply_settings_update(plan::Settings& target, std::string_view text) {
    detail::guarded([&] {
        const Json document = detail::parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        plan::Settings changed = target;
        detail::read_settings_fields(object, changed, Presence::optional);
        target = std::move(changed);
    });
}

// ---- enrolment codes ----------------------------------------------------------------------

std::string encode_enrollment_code(std::string_view code, plan::Timestamp expires_at) {
    return detail::dump(
        Json{{"code", std::string(code)}, {"expires_at", detail::time_json(expires_at)}});
}

std::optional<std::int64_t> decode_enrollment_code_request(std::string_view text) {
    using namespace detail;
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return std::nullopt;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        return ObjectReader(document, root).get_optional("expires_in_s", read_int);
    });
}

std::string encode_enrollment_codes(const std::vector<ListedEnrollmentCode>& codes) {
    Json list = Json::array();
    for (const auto& code : codes) {
        list.push_back(Json{{"code", code.code},
                            {"created_at", detail::time_json(code.created_at)},
                            {"expires_at", detail::time_json(code.expires_at)}});
    }
    return detail::dump(Json{{"codes", std::move(list)}});
}

std::string decode_enrollment_code(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        return ObjectReader(document, root).get("code", read_string);
    });
}

// ---- audit --------------------------------------------------------------------------------

std::vector<std::string> field_names(std::string_view text) {
    std::vector<std::string> names;
    try {
        const Json document = detail::parse_object(text);
        for (const auto& item : document.items())
            names.push_back(item.key());
    } catch (const std::exception&) {
        // Not an object: no names (the change itself was decoded and checked already).
    }
    return names;
}

std::string encode_audit_page(const std::vector<AuditEntry>& entries, std::int64_t next) {
    Json list = Json::array();
    for (const auto& e : entries) {
        list.push_back(Json{{"seq", e.seq},
                            {"at", detail::time_json(e.at)},
                            {"actor", e.actor},
                            {"method", e.method},
                            {"path", e.path},
                            {"summary", e.summary}});
    }
    return detail::dump(Json{{"entries", std::move(list)}, {"next", next}});
}

std::pair<std::vector<AuditEntry>, std::int64_t> decode_audit_page(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        const Path entries_path(root, "entries");
        const Json& list = object.at("entries");
        expect_array(list, entries_path);
        auto entries = read_list(list, entries_path, [](const Json& value, const Path& path) {
            const ObjectReader entry(value, path);
            return AuditEntry{entry.get("seq", read_int),      entry.get("at", read_time),
                              entry.get("actor", read_string), entry.get("method", read_string),
                              entry.get("path", read_string),  entry.get("summary", read_string)};
        });
        return std::pair{std::move(entries), object.get("next", read_int)};
    });
}

}  // namespace pt::protocol
