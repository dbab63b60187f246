// Feedback events (`POST /api/v1/events`), their results, and the admin's list of accepted
// events (`GET /admin/v1/events`). Event types and data: product.md §4.
#include "sync/protocol/domain_json.h"
#include "sync/protocol/limits.h"
#include "sync/protocol/protocol.h"

namespace pt::protocol {

namespace {

using detail::Json;
using detail::ObjectReader;
using detail::Path;

using plan::EventType;

// ---- writing ------------------------------------------------------------------------------

Json data_json(const plan::Event& event) {
    const plan::EventData& data = event.data;
    switch (event.type) {
        case EventType::work_step_paused:
            return Json{{"reason", data.reason}};
        case EventType::work_step_quantity:
        case EventType::work_step_finished:
            return Json{{"good", data.good},
                        {"scrap", data.scrap},
                        {"scrap_reason",
                         data.scrap_reason.empty() ? Json(nullptr) : Json(data.scrap_reason)}};
        case EventType::process_feedback: {
            Json object{{"comment", data.comment}};
            if (data.process_status) {
                object["status"] = detail::name_json(plan::name_of(*data.process_status));
            }
            return object;
        }
        case EventType::work_step_note:
            return Json{{"text", data.text}};
        case EventType::work_step_corrected:
            return Json{{"corrects", data.corrects},
                        {"good", data.good},
                        {"scrap", data.scrap},
                        {"scrap_reason",
                         data.scrap_reason.empty() ? Json(nullptr) : Json(data.scrap_reason)},
                        {"approved_by", data.approved_by}};
        case EventType::work_step_started:
        case EventType::work_step_resumed:
        case EventType::work_step_joined:
        case EventType::work_step_left:
            break;
    }
    return Json::object();
}

Json event_json(const plan::Event& event) {
    return Json{{"id", event.id},
                {"type", detail::name_json(plan::name_of(event.type))},
                {"operator_id", event.operator_id},
                {"target_id", event.target_id},
                {"occurred_at", detail::time_json(event.occurred_at)},
                {"data", data_json(event)}};
}

// ---- reading ------------------------------------------------------------------------------

EventType read_event_type(const Json& value, const Path& path) {
    return detail::read_enum(value, path, plan::event_type_from_name, "event type");
}

/// An id of sync-api.md's Limits: 1–64 characters of `A-Z a-z 0-9 . _ : -`.
std::string read_id(const Json& value, const Path& path) {
    std::string id = detail::read_string(value, path);
    if (!is_valid_id(id)) {
        detail::fail(path, "expected an id of 1 to " + std::to_string(kMaxIdLength) +
                               " characters A-Z a-z 0-9 . _ : -");
    }
    return id;
}

/// `null` or absent reads as the empty string; at most `max_characters`.
std::string read_optional_text(const ObjectReader& object, std::string_view key,
                               std::size_t max_characters) {
    std::string text = object.get_optional(key, detail::read_nullable_string)
                           .value_or(std::nullopt)
                           .value_or(std::string());
    if (character_count(text) > max_characters) {
        detail::fail(Path(object.path(), key),
                     "longer than " + std::to_string(max_characters) + " characters");
    }
    return text;
}

/// A reason code, or the empty string when `null` or absent.
std::string read_optional_code(const ObjectReader& object, std::string_view key) {
    const auto code = object.get_optional(key, detail::read_nullable_string).value_or(std::nullopt);
    if (!code || code->empty()) return {};
    return read_id(object.at(key), Path(object.path(), key));
}

std::string read_event_uuid(const Json& value, const Path& path) {
    std::string id = detail::read_string(value, path);
    if (!is_uuid_shaped(id)) detail::fail(path, "an event id is a UUID (36 characters)");
    return id;
}

/// `good`, `scrap` and `scrap_reason` (required when scrap > 0) of a report or correction.
void read_quantities(const ObjectReader& object, plan::EventData& data) {
    using namespace detail;
    data.good = object.get("good", read_count);
    data.scrap = object.get("scrap", read_count);
    data.scrap_reason = read_optional_code(object, "scrap_reason");
    if (data.scrap > 0 && data.scrap_reason.empty()) {
        fail(Path(object.path(), "scrap_reason"), "required when scrap is more than 0");
    }
}

plan::EventData read_data(EventType type, const ObjectReader& event) {
    using namespace detail;
    plan::EventData data;
    const Json* value = event.find("data");
    const Path path(event.path(), "data");
    switch (type) {
        case EventType::work_step_started:
        case EventType::work_step_resumed:
        case EventType::work_step_joined:
        case EventType::work_step_left:
            if (value != nullptr) (void)ObjectReader(*value, path);  // must be an object
            return data;
        case EventType::work_step_paused: {
            const ObjectReader object(event.at("data"), path);
            data.reason = object.get("reason", read_id);
            return data;
        }
        case EventType::work_step_quantity:
        case EventType::work_step_finished: {
            const ObjectReader object(event.at("data"), path);
            read_quantities(object, data);
            return data;
        }
        case EventType::work_step_note: {
            const ObjectReader object(event.at("data"), path);
            data.text = object.get("text", read_string);
            if (character_count(data.text) > kMaxTextLength) {
                fail(Path(path, "text"),
                     "longer than " + std::to_string(kMaxTextLength) + " characters");
            }
            return data;
        }
        case EventType::work_step_corrected: {
            const ObjectReader object(event.at("data"), path);
            data.corrects = object.get("corrects", read_event_uuid);
            read_quantities(object, data);
            data.approved_by = object.get("approved_by", read_id);
            return data;
        }
        case EventType::process_feedback: {
            const ObjectReader object(event.at("data"), path);
            const Path status_path(path, "status");
            const auto status = read_process_status(object.at("status"), status_path);
            if (status != plan::ProcessStatus::in_progress && status != plan::ProcessStatus::done) {
                fail(status_path, "must be in_progress or done");
            }
            data.process_status = status;
            data.comment = read_optional_text(object, "comment", kMaxTextLength);
            return data;
        }
    }
    fail(path, "unsupported event type");
}

plan::Event read_event(const Json& value, const Path& path) {
    using namespace detail;
    const ObjectReader object(value, path);
    plan::Event event;
    event.id = object.get("id", read_event_uuid);
    event.type = object.get("type", read_event_type);
    event.operator_id = object.get("operator_id", read_id);
    event.target_id = object.get("target_id", read_id);
    event.occurred_at = object.get("occurred_at", read_time);
    event.data = read_data(event.type, object);
    return event;
}

/// The part of an event a request cannot do without: an object with a non-empty string id.
std::string read_event_id(const Json& value, const Path& path) {
    const ObjectReader object(value, path);
    const Path id_path(path, "id");
    const Json& id = object.at("id");
    if (!id.is_string() || id.get_ref<const std::string&>().empty()) {
        detail::fail(id_path, "expected a non-empty string");
    }
    return id.get<std::string>();
}

std::optional<ResultStatus> result_status_from_name(std::string_view name) {
    for (auto status : {ResultStatus::accepted, ResultStatus::duplicate, ResultStatus::rejected}) {
        if (name_of(status) == name) return status;
    }
    return std::nullopt;
}

OriginalOutcome read_original(const Json& value, const Path& path) {
    using namespace detail;
    const ObjectReader object(value, path);
    OriginalOutcome original;
    original.status = object.get("status", [](const Json& status, const Path& status_path) {
        const auto parsed =
            read_enum(status, status_path, result_status_from_name, "original status");
        if (parsed == ResultStatus::duplicate) {
            fail(status_path, "the original outcome is accepted or rejected, not duplicate");
        }
        return parsed;
    });
    if (original.status == ResultStatus::rejected) {
        original.reason = object.get("reason", read_string);
    }
    return original;
}

EventResult read_result(const Json& value, const Path& path) {
    using namespace detail;
    const ObjectReader object(value, path);
    EventResult result;
    result.id = object.get("id", read_string);
    result.status = object.get("status", [](const Json& status, const Path& status_path) {
        return read_enum(status, status_path, result_status_from_name, "result status");
    });
    if (result.status == ResultStatus::rejected) result.reason = object.get("reason", read_string);
    if (result.status == ResultStatus::duplicate) {
        result.original = object.get_optional("original", read_original);
    }
    return result;
}

RecordedEvent read_recorded_event(const Json& value, const Path& path) {
    using namespace detail;
    RecordedEvent recorded;
    const ObjectReader object(value, path);
    // A refused event that could not be decoded has no type: only its id is known.
    recorded.undecoded = !object.has("type");
    if (recorded.undecoded)
        recorded.event.id = object.get("id", read_string);
    else
        recorded.event = read_event(value, path);
    recorded.seq = object.get_optional("seq", read_int).value_or(0);
    recorded.received_at = object.get("received_at", read_time);
    recorded.terminal_id = object.get("terminal_id", read_string);
    recorded.reason = object.get_optional("reason", read_string).value_or("");
    recorded.message = object.get_optional("message", read_string).value_or("");
    return recorded;
}

/// `good`, `scrap` and `scrap_reason` (null when none) of a report or a correction.
void write_quantities(detail::JsonWriter& out, const plan::EventData& data) {
    out.key("good").number(data.good).key("scrap").number(data.scrap);
    out.key("scrap_reason");
    if (data.scrap_reason.empty()) {
        out.null();
    } else {
        out.string(data.scrap_reason);
    }
}

/// One recorded event, written straight to text (the feed's pages are large: json_write.h).
/// The members are those of event_json() and in the same order.
void write_recorded_event(detail::JsonWriter& out, const RecordedEvent& recorded, bool refusal) {
    const plan::Event& e = recorded.event;
    out.begin_object();
    if (!recorded.undecoded) {
        out.key("data").begin_object();
        switch (e.type) {
            case EventType::work_step_paused:
                out.key("reason").string(e.data.reason);
                break;
            case EventType::work_step_quantity:
            case EventType::work_step_finished:
                write_quantities(out, e.data);
                break;
            case EventType::process_feedback:
                out.key("comment").string(e.data.comment);
                if (e.data.process_status)
                    out.key("status").string(plan::name_of(*e.data.process_status));
                break;
            case EventType::work_step_note:
                out.key("text").string(e.data.text);
                break;
            case EventType::work_step_corrected:
                out.key("corrects").string(e.data.corrects);
                write_quantities(out, e.data);
                out.key("approved_by").string(e.data.approved_by);
                break;
            case EventType::work_step_started:
            case EventType::work_step_resumed:
            case EventType::work_step_joined:
            case EventType::work_step_left:
                break;
        }
        out.end_object();
    }
    out.key("id").string(e.id);
    if (refusal) out.key("message").string(recorded.message);
    if (!recorded.undecoded) {
        out.key("occurred_at").time(e.occurred_at);
        out.key("operator_id").string(e.operator_id);
    }
    if (refusal) out.key("reason").string(recorded.reason);
    out.key("received_at").time(recorded.received_at);
    out.key("seq").number(recorded.seq);
    if (!recorded.undecoded) out.key("target_id").string(e.target_id);
    out.key("terminal_id").string(recorded.terminal_id);
    if (!recorded.undecoded) out.key("type").string(plan::name_of(e.type));
    out.end_object();
}

/// `{"events": [...]}` and, for a page, `"next"`.
std::string write_recorded_events(const std::vector<RecordedEvent>& events, bool refusals,
                                  std::optional<std::int64_t> next) {
    std::string text;
    text.reserve(events.size() * 280 + 32);
    detail::JsonWriter out(text);
    out.begin_object().key("events").begin_array();
    for (const auto& recorded : events)
        write_recorded_event(out, recorded, refusals);
    out.end_array();
    if (next) out.key("next").number(*next);
    out.end_object();
    return text;
}

/// The array under `key` of a `{key: [...]}` document.
const Json& top_list(const ObjectReader& object, std::string_view key, const Path& path) {
    const Json& list = object.at(key);
    detail::expect_array(list, path);
    return list;
}

}  // namespace

// ---- events -------------------------------------------------------------------------------

std::string encode_event(const plan::Event& event) {
    return detail::dump(event_json(event));
}

std::string encode_events_request(const std::vector<plan::Event>& events) {
    Json list = Json::array();
    for (const auto& event : events)
        list.push_back(event_json(event));
    return detail::dump(Json{{"events", std::move(list)}});
}

std::vector<DecodedEvent> decode_events_request(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        const Path events_path(root, "events");
        const Json& events = top_list(object, "events", events_path);
        if (events.size() > kMaxEventsPerRequest) {
            fail(events_path, "at most " + std::to_string(kMaxEventsPerRequest) +
                                  " events per request, got " + std::to_string(events.size()));
        }
        // Whole-body checks first, so that a refused body decodes nothing.
        std::vector<DecodedEvent> decoded;
        decoded.reserve(events.size());
        for (std::size_t i = 0; i < events.size(); ++i) {
            const Path path(events_path, i);
            decoded.push_back(DecodedEvent{
                .id = read_event_id(events[i], path), .event = std::nullopt, .error = {}});
        }
        for (std::size_t i = 0; i < events.size(); ++i) {
            const Path path(events_path, i);
            try {
                decoded[i].event = read_event(events[i], path);
            } catch (const ProtocolError& error) {
                decoded[i].error = error.what();
            }
        }
        return decoded;
    });
}

// ---- results ------------------------------------------------------------------------------

std::string_view name_of(ResultStatus status) {
    switch (status) {
        case ResultStatus::accepted:
            return "accepted";
        case ResultStatus::duplicate:
            return "duplicate";
        case ResultStatus::rejected:
            return "rejected";
    }
    return "rejected";
}

std::string encode_event_results(const std::vector<EventResult>& results) {
    Json list = Json::array();
    for (const auto& result : results) {
        Json object{{"id", result.id}, {"status", detail::name_json(name_of(result.status))}};
        if (result.status == ResultStatus::rejected) object["reason"] = result.reason;
        if (result.status == ResultStatus::duplicate && result.original) {
            Json original{{"status", detail::name_json(name_of(result.original->status))}};
            if (result.original->status == ResultStatus::rejected) {
                original["reason"] = result.original->reason;
            }
            object["original"] = std::move(original);
        }
        list.push_back(std::move(object));
    }
    return detail::dump(Json{{"results", std::move(list)}});
}

std::vector<EventResult> decode_event_results(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        const Path results_path(root, "results");
        return read_list(top_list(object, "results", results_path), results_path, read_result);
    });
}

// ---- recorded events ----------------------------------------------------------------------

std::string encode_recorded_events(const std::vector<RecordedEvent>& events) {
    return write_recorded_events(events, false, std::nullopt);
}

std::string encode_event_page(const EventPage& page, bool refusals) {
    return write_recorded_events(page.events, refusals, page.next);
}

EventPage decode_event_page(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        const Path events_path(root, "events");
        EventPage page;
        page.events =
            read_list(top_list(object, "events", events_path), events_path, read_recorded_event);
        page.next = object.get("next", read_int);
        return page;
    });
}

std::vector<RecordedEvent> decode_recorded_events(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        const Path events_path(root, "events");
        return read_list(top_list(object, "events", events_path), events_path, read_recorded_event);
    });
}

}  // namespace pt::protocol
