// Enrolment (`POST /api/v1/terminals/enroll`) and badge login (`POST /api/v1/sessions`).
#include <string>

#include "sync/protocol/domain_json.h"
#include "sync/protocol/limits.h"
#include "sync/protocol/protocol.h"

namespace pt::protocol {

using detail::Json;
using detail::ObjectReader;
using detail::Path;

namespace {

/// A token sent in a body: a non-empty string of at most kMaxTokenLength bytes. Its content is
/// never quoted in the error (it is a secret).
std::string read_token(const Json& value, const Path& path) {
    std::string token = detail::read_string(value, path);
    if (token.empty() || token.size() > kMaxTokenLength) {
        detail::fail(path,
                     "expected a token of 1 to " + std::to_string(kMaxTokenLength) + " bytes");
    }
    return token;
}

}  // namespace

// ---- enrolment ----------------------------------------------------------------------------

std::string encode(const EnrollRequest& request) {
    Json body{{"code", request.code}, {"name", request.name}};
    if (request.previous_token) body["previous_token"] = *request.previous_token;
    return detail::dump(body);
}

EnrollRequest decode_enroll_request(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        return EnrollRequest{.code = object.get("code", read_string),
                             .name = object.get("name", read_string),
                             .previous_token = object.get_optional("previous_token", read_token)};
    });
}

std::string encode(const EnrollResponse& response) {
    return detail::dump(Json{{"terminal_id", response.terminal_id}, {"token", response.token}});
}

EnrollResponse decode_enroll_response(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        return EnrollResponse{.terminal_id = object.get("terminal_id", read_string),
                              .token = object.get("token", read_string)};
    });
}

// ---- login --------------------------------------------------------------------------------

std::string encode(const LoginRequest& request) {
    Json body{{"badge", request.badge}};
    if (request.pin) body["pin"] = *request.pin;
    return detail::dump(body);
}

LoginRequest decode_login_request(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        LoginRequest request;
        request.badge = object.get("badge", read_string);
        object.read_into("pin", request.pin, read_nullable_string, Presence::optional);
        return request;
    });
}

std::string encode(const LoginResponse& response) {
    using namespace detail;
    Json body{
        {"token", response.token},
        {"expires_at", time_json(response.expires_at)},
        {"operator", Json{{"id", response.operator_id},
                          {"name", response.operator_name},
                          {"role", name_json(plan::name_of(response.operator_role))}}},
        {"partner", Json{{"id", response.partner_id},
                         {"name", response.partner_name},
                         {"modules", modules_json(response.modules)},
                         {"allow_process_feedback", response.allow_process_feedback}}},
        {"columns", Json{{"work_steps", columns_json(response.work_step_columns)},
                         {"processes", columns_json(response.process_columns)}}},
        {"reasons", Json{{"pause", reasons_json(response.pause_reasons)},
                         {"scrap", reasons_json(response.scrap_reasons)}}},
    };
    if (response.offline_grace_s) body["offline_grace_s"] = *response.offline_grace_s;
    if (response.terminal) {
        body["terminal"] =
            Json{{"id", response.terminal->id},
                 {"name", response.terminal->name},
                 {"resource_ids", string_list_json(response.terminal->resource_ids)}};
    }
    return dump(body);
}

LoginResponse decode_login_response(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        LoginResponse response;
        response.token = object.get("token", read_string);
        response.expires_at = object.get("expires_at", read_time);
        {
            const Path path(root, "operator");
            const ObjectReader op(object.at("operator"), path);
            response.operator_id = op.get("id", read_string);
            response.operator_name = op.get("name", read_string);
            if (const auto role = op.get_optional("role", read_string)) {
                const auto known = plan::operator_role_from_name(*role);
                if (!known) fail(Path(path, "role"), "expected operator or lead");
                response.operator_role = *known;
            }
        }
        {
            const Path path(root, "partner");
            const ObjectReader partner(object.at("partner"), path);
            response.partner_id = partner.get("id", read_string);
            response.partner_name = partner.get("name", read_string);
            response.modules = partner.get("modules", read_module_set);
            response.allow_process_feedback = partner.get("allow_process_feedback", read_bool);
        }
        {
            const Path path(root, "columns");
            const ObjectReader columns(object.at("columns"), path);
            response.work_step_columns = columns.get("work_steps", read_work_step_columns);
            response.process_columns = columns.get("processes", read_process_columns);
        }
        {
            const Path path(root, "reasons");
            const ObjectReader reasons(object.at("reasons"), path);
            response.pause_reasons = reasons.get("pause", read_reasons);
            response.scrap_reasons = reasons.get("scrap", read_reasons);
        }
        response.offline_grace_s = object.get_optional("offline_grace_s", read_count);
        if (const Json* terminal = object.find("terminal"); terminal && !terminal->is_null()) {
            const Path path(root, "terminal");
            const ObjectReader fields(*terminal, path);
            response.terminal =
                SessionTerminal{fields.get("id", read_string), fields.get("name", read_string),
                                fields.get("resource_ids", read_string_list)};
        }
        return response;
    });
}

}  // namespace pt::protocol
