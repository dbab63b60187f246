// Terminal health (`POST /api/v1/terminals/health`) and the terminal list of
// `GET /admin/v1/terminals` (sync-api.md, "Terminal health" and "Credentials").
#include <algorithm>

#include "sync/protocol/domain_json.h"
#include "sync/protocol/limits.h"
#include "sync/protocol/protocol.h"

namespace pt::protocol {

namespace {

using detail::Json;
using detail::ObjectReader;
using detail::Path;

/// Reads an optional field of which JSON null means absent.
template <typename T, typename Read>
void read_nullable(const ObjectReader& object, std::string_view key, std::optional<T>& out,
                   Read read) {
    const Json* field = object.find(key);
    if (field == nullptr || field->is_null()) return;
    const Path path(object.path(), key);
    out = read(*field, path);
}

template <typename T, typename Write>
Json or_null(const std::optional<T>& value, Write write) {
    return value ? write(*value) : Json(nullptr);
}

Json health_json(const HealthReport& report) {
    const auto same = [](const auto& value) { return Json(value); };
    const auto time = [](plan::Timestamp t) { return detail::time_json(t); };
    return Json{{"software_version", report.software_version},
                {"image_version", or_null(report.image_version, same)},
                {"boot_slot", or_null(report.boot_slot, same)},
                {"outbox_pending", or_null(report.outbox_pending, same)},
                {"oldest_pending_at", or_null(report.oldest_pending_at, time)},
                {"refused_unseen", or_null(report.refused_unseen, same)},
                {"last_sync_at", or_null(report.last_sync_at, time)},
                {"last_error", or_null(report.last_error, same)},
                {"uptime_s", or_null(report.uptime_s, same)},
                {"session_open", or_null(report.session_open, same)}};
}

HealthReport read_health(const ObjectReader& object) {
    using namespace detail;
    HealthReport report;
    report.software_version = object.get("software_version", read_string);
    if (report.software_version.empty()) {
        throw ProtocolError("software_version", "must not be empty");
    }
    read_nullable(object, "image_version", report.image_version, read_string);
    read_nullable(object, "boot_slot", report.boot_slot, read_string);
    read_nullable(object, "outbox_pending", report.outbox_pending, read_count);
    read_nullable(object, "oldest_pending_at", report.oldest_pending_at, read_time);
    read_nullable(object, "refused_unseen", report.refused_unseen, read_count);
    read_nullable(object, "last_sync_at", report.last_sync_at, read_time);
    read_nullable(object, "last_error", report.last_error, read_string);
    read_nullable(object, "uptime_s", report.uptime_s, read_count);
    read_nullable(object, "session_open", report.session_open, read_bool);
    return report;
}

ListedTerminal read_listed_terminal(const Json& value, const Path& path) {
    using namespace detail;
    const ObjectReader object(value, path);
    ListedTerminal terminal;
    terminal.id = object.get("id", read_string);
    terminal.name = object.get("name", read_string);
    terminal.enrolled_at = object.get("enrolled_at", read_time);
    read_nullable(object, "last_seen_at", terminal.last_seen_at, read_time);
    terminal.revoked = object.get("revoked", read_bool);
    terminal.resource_ids = object.get("resource_ids", read_string_list);
    terminal.failed_logins_24h = object.get("failed_logins_24h", read_count);
    const Json& health = object.at("health");
    if (!health.is_null()) {
        const Path health_path(path, "health");
        const ObjectReader reader(health, health_path);
        terminal.health = ReceivedHealth{read_health(reader), reader.get("received_at", read_time)};
    }
    return terminal;
}

}  // namespace

std::string encode(const HealthReport& report) {
    return detail::dump(health_json(report));
}

HealthReport decode_health_report(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        return read_health(ObjectReader(document, root));
    });
}

std::optional<std::string> health_report_out_of_bounds(const HealthReport& report) {
    const auto too_long = [](const std::optional<std::string>& text, std::size_t limit) {
        return text && character_count(*text) > limit;
    };
    const auto names = {std::pair{"software_version", std::optional(report.software_version)},
                        std::pair{"image_version", report.image_version},
                        std::pair{"boot_slot", report.boot_slot}};
    for (const auto& [field, text] : names) {
        if (too_long(text, kMaxNameLength)) {
            return std::string(field) + " is longer than " + std::to_string(kMaxNameLength) +
                   " characters";
        }
    }
    if (too_long(report.last_error, kMaxTextLength)) {
        return "last_error is longer than " + std::to_string(kMaxTextLength) + " characters";
    }
    return std::nullopt;
}

std::string encode_terminals(const std::vector<ListedTerminal>& terminals) {
    Json list = Json::array();
    for (const ListedTerminal& terminal : terminals) {
        Json health(nullptr);
        if (terminal.health) {
            health = health_json(terminal.health->report);
            health["received_at"] = detail::time_json(terminal.health->received_at);
        }
        list.push_back(
            Json{{"id", terminal.id},
                 {"name", terminal.name},
                 {"enrolled_at", detail::time_json(terminal.enrolled_at)},
                 {"last_seen_at", or_null(terminal.last_seen_at,
                                          [](plan::Timestamp t) { return detail::time_json(t); })},
                 {"revoked", terminal.revoked},
                 {"resource_ids", detail::string_list_json(terminal.resource_ids)},
                 {"failed_logins_24h", terminal.failed_logins_24h},
                 {"health", std::move(health)}});
    }
    return detail::dump(Json{{"terminals", std::move(list)}});
}

std::vector<ListedTerminal> decode_terminals(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        return ObjectReader(document, root)
            .get("terminals", [](const Json& value, const Path& path) {
                return read_list(value, path, read_listed_terminal);
            });
    });
}

TerminalChange decode_terminal_change(std::string_view text) {
    using namespace detail;
    constexpr std::size_t kMostResources = 1'000;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        TerminalChange change;
        change.name = object.get_optional("name", read_string);
        if (change.name &&
            (change.name->empty() || character_count(*change.name) > kMaxNameLength)) {
            fail(Path(root, "name"),
                 "expected 1 to " + std::to_string(kMaxNameLength) + " characters");
        }
        if (const Json* ids = object.find("resource_ids")) {
            const Path path(root, "resource_ids");
            expect_array(*ids, path);
            if (ids->size() > kMostResources)
                fail(path, "at most " + std::to_string(kMostResources) + " resources");
            change.resource_ids = read_string_list(*ids, path);
            std::vector<std::string> sorted = *change.resource_ids;
            std::sort(sorted.begin(), sorted.end());
            for (std::size_t i = 0; i < sorted.size(); ++i) {
                if (!is_valid_id(sorted[i]) || (i > 0 && sorted[i] == sorted[i - 1]))
                    fail(path, "expected distinct resource ids");
            }
        }
        return change;
    });
}

}  // namespace pt::protocol
