// The terminal's health report (`POST /api/v1/terminals/health`, sync-api.md "Terminal
// health"): the terminal encodes it with its sync cycle, the server decodes it.
#include "sync/protocol/domain_json.h"
#include "sync/protocol/protocol.h"

namespace pt::protocol {
namespace {

using detail::Json;
using detail::ObjectReader;
using detail::Path;

/// A field that is null counts as absent: a terminal that does not know a value may say so
/// either way.
template <typename Read>
auto optional_field(const ObjectReader& object, std::string_view key, Read read)
    -> std::optional<decltype(read(std::declval<const Json&>(), std::declval<const Path&>()))> {
    const Json* field = object.find(key);
    if (field == nullptr || field->is_null()) return std::nullopt;
    const Path path(object.path(), key);
    return read(*field, path);
}

template <typename T, typename ToJson>
void put(Json& body, const char* key, const std::optional<T>& value, ToJson to_json) {
    if (value) body[key] = to_json(*value);
}

}  // namespace

std::string encode(const HealthReport& report) {
    using namespace detail;
    Json body{{"software_version", report.software_version}};
    const auto same = [](const auto& value) { return Json(value); };
    put(body, "image_version", report.image_version, same);
    put(body, "boot_slot", report.boot_slot, same);
    put(body, "outbox_pending", report.outbox_pending, same);
    put(body, "oldest_pending_at", report.oldest_pending_at, time_json);
    put(body, "refused_unseen", report.refused_unseen, same);
    put(body, "last_sync_at", report.last_sync_at, time_json);
    put(body, "last_error", report.last_error, same);
    put(body, "uptime_s", report.uptime_s, same);
    put(body, "session_open", report.session_open, same);
    return dump(body);
}

HealthReport decode_health_report(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        HealthReport report;
        report.software_version = object.get("software_version", read_string);
        if (report.software_version.empty()) {
            throw ProtocolError("software_version", "must not be empty");
        }
        report.image_version = optional_field(object, "image_version", read_string);
        report.boot_slot = optional_field(object, "boot_slot", read_string);
        report.outbox_pending = optional_field(object, "outbox_pending", read_count);
        report.oldest_pending_at = optional_field(object, "oldest_pending_at", read_time);
        report.refused_unseen = optional_field(object, "refused_unseen", read_count);
        report.last_sync_at = optional_field(object, "last_sync_at", read_time);
        report.last_error = optional_field(object, "last_error", read_string);
        report.uptime_s = optional_field(object, "uptime_s", read_count);
        report.session_open = optional_field(object, "session_open", read_bool);
        return report;
    });
}

}  // namespace pt::protocol
