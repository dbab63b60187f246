// Feedback events, their results, and the admin's event list.
#include <doctest/doctest.h>

#include <set>

#include "tests/protocol/protocol_samples.h"

namespace pt::protocol::test {
namespace {

/// A request body holding the given event objects.
std::string request_of(const Json& events) {
    return Json{{"events", events}}.dump();
}

Json sample_event_json(std::size_t index) {
    return Json::parse(encode_event(sample_events()[index]));
}

TEST_CASE("events request round trip: every type and its data") {
    const std::vector<plan::Event> events = sample_events();
    const std::vector<DecodedEvent> decoded = decode_events_request(encode_events_request(events));
    REQUIRE(decoded.size() == events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
        CAPTURE(i);
        CHECK(decoded[i].id == events[i].id);
        CHECK(decoded[i].error == "");
        REQUIRE(decoded[i].event.has_value());
        CHECK(*decoded[i].event == events[i]);
    }
    CHECK(decode_events_request(encode_events_request({})).empty());
}

TEST_CASE("event encoding: the contract's fields and per-type data") {
    const Json started = sample_event_json(0);
    CHECK(keys_of(started) ==
          Keys{"id", "type", "operator_id", "target_id", "occurred_at", "data"});
    CHECK(started["type"] == "work_step.started");
    CHECK(started["data"] == Json::object());
    CHECK(started["occurred_at"] == "2026-11-23T07:00:00Z");
    CHECK(sample_event_json(1)["type"] == "work_step.paused");
    CHECK(sample_event_json(1)["data"] == Json{{"reason", "MAT"}});
    CHECK(sample_event_json(2)["type"] == "work_step.resumed");
    CHECK(sample_event_json(3)["type"] == "work_step.quantity");
    CHECK(sample_event_json(3)["data"] ==
          Json{{"good", 5}, {"scrap", 0}, {"scrap_reason", nullptr}});
    CHECK(sample_event_json(4)["type"] == "work_step.finished");
    CHECK(sample_event_json(4)["data"] ==
          Json{{"good", 90}, {"scrap", 3}, {"scrap_reason", "SURF"}});
    CHECK(sample_event_json(5)["type"] == "process.feedback");
    CHECK(sample_event_json(5)["data"] == Json{{"status", "done"}, {"comment", "all there"}});
    CHECK(sample_event_json(7)["type"] == "work_step.joined");
    CHECK(sample_event_json(8)["type"] == "work_step.left");
    CHECK(sample_event_json(9)["type"] == "work_step.note");
    CHECK(sample_event_json(9)["data"] == Json{{"text", "Charge 2 — Haftgrund dünn"}});
    CHECK(sample_event_json(10)["type"] == "work_step.corrected");
    CHECK(sample_event_json(10)["data"] ==
          Json{{"corrects", "00000000-0000-4000-8000-000000000005"},
               {"good", 88},
               {"scrap", 5},
               {"scrap_reason", "SURF"},
               {"approved_by", "OP2"}});
}

TEST_CASE("notes and corrections out of the contract are malformed events") {
    Json long_note = sample_event_json(9);
    long_note["data"]["text"] = std::string(2001, 'x');
    Json no_text = sample_event_json(9);
    no_text["data"].erase("text");
    Json bad_corrects = sample_event_json(10);
    bad_corrects["data"]["corrects"] = "W1";
    Json no_approver = sample_event_json(10);
    no_approver["data"].erase("approved_by");
    Json scrap_without_reason = sample_event_json(10);
    scrap_without_reason["data"]["scrap_reason"] = nullptr;
    const auto decoded = decode_events_request(
        request_of(Json{long_note, no_text, bad_corrects, no_approver, scrap_without_reason}));
    REQUIRE(decoded.size() == 5);
    for (const auto& item : decoded) {
        CAPTURE(item.id);
        CHECK_FALSE(item.event.has_value());
        CHECK(item.error != "");
    }
    CHECK(decoded[0].error.find("2000 characters") != std::string::npos);
}

TEST_CASE("events request accepts the documented omissions") {
    Json started = sample_event_json(0);
    started.erase("data");
    Json quantity = sample_event_json(3);
    quantity["data"].erase("scrap_reason");
    Json quantity_empty_reason = sample_event_json(3);
    quantity_empty_reason["data"]["scrap_reason"] = "";
    Json feedback = sample_event_json(6);
    feedback["data"].erase("comment");
    Json feedback_null = sample_event_json(6);
    feedback_null["data"]["comment"] = nullptr;
    feedback_null["extra"] = true;
    const auto decoded = decode_events_request(
        request_of(Json{started, quantity, quantity_empty_reason, feedback, feedback_null}));
    const auto events = sample_events();
    REQUIRE(decoded.size() == 5);
    for (const auto& event : decoded)
        CHECK(event.error == "");
    CHECK(decoded[0].event == events[0]);
    CHECK(decoded[1].event == events[3]);
    CHECK(decoded[2].event == events[3]);
    CHECK(decoded[3].event == events[6]);
    CHECK(decoded[4].event == events[6]);
}

TEST_CASE("a malformed event is judged alone and its error names the field") {
    struct Case {
        std::size_t sample;
        void (*edit)(Json&);
        const char* field;
    };
    const Case cases[] = {
        {0, [](Json& e) { e["type"] = "work_step.exploded"; }, "events[0].type"},
        {0, [](Json& e) { e["type"] = 3; }, "events[0].type"},
        {0, [](Json& e) { e.erase("operator_id"); }, "events[0].operator_id"},
        {0, [](Json& e) { e["target_id"] = nullptr; }, "events[0].target_id"},
        {0, [](Json& e) { e["occurred_at"] = "yesterday"; }, "events[0].occurred_at"},
        {0, [](Json& e) { e["data"] = Json::array(); }, "events[0].data"},
        {1, [](Json& e) { e.erase("data"); }, "events[0].data"},
        {1, [](Json& e) { e["data"]["reason"] = 1; }, "events[0].data.reason"},
        {3, [](Json& e) { e["data"]["good"] = -1; }, "events[0].data.good"},
        {3, [](Json& e) { e["data"]["good"] = 2.5; }, "events[0].data.good"},
        {3, [](Json& e) { e["data"].erase("scrap"); }, "events[0].data.scrap"},
        {4, [](Json& e) { e["data"]["scrap"] = -3; }, "events[0].data.scrap"},
        {4, [](Json& e) { e["data"].erase("scrap_reason"); }, "events[0].data.scrap_reason"},
        {4, [](Json& e) { e["data"]["scrap_reason"] = false; }, "events[0].data.scrap_reason"},
        {5, [](Json& e) { e["data"]["status"] = "open"; }, "events[0].data.status"},
        {5, [](Json& e) { e["data"]["status"] = "finished"; }, "events[0].data.status"},
        {5, [](Json& e) { e["data"].erase("status"); }, "events[0].data.status"},
        {5, [](Json& e) { e["data"]["comment"] = Json::object(); }, "events[0].data.comment"},
        {5, [](Json& e) { e["data"] = nullptr; }, "events[0].data"},
        // The Limits of sync-api.md (issue #13, finding 11: one 15 MB event id was stored).
        {0, [](Json& e) { e["id"] = "e1"; }, "events[0].id"},
        {0, [](Json& e) { e["id"] = std::string(15'000, 'a'); }, "events[0].id"},
        {0, [](Json& e) { e["id"] = "0000000g-0000-4000-8000-000000000001"; }, "events[0].id"},
        {0, [](Json& e) { e["operator_id"] = std::string(65, 'O'); }, "events[0].operator_id"},
        {0, [](Json& e) { e["operator_id"] = ""; }, "events[0].operator_id"},
        {0, [](Json& e) { e["target_id"] = "W 1"; }, "events[0].target_id"},
        {0, [](Json& e) { e["target_id"] = "W1/../W2"; }, "events[0].target_id"},
        {1, [](Json& e) { e["data"]["reason"] = "MAT\n"; }, "events[0].data.reason"},
        {4, [](Json& e) { e["data"]["scrap_reason"] = std::string(65, 'S'); },
         "events[0].data.scrap_reason"},
        {5, [](Json& e) { e["data"]["comment"] = std::string(2001, 'c'); },
         "events[0].data.comment"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.field);
        Json bad = sample_event_json(c.sample);
        c.edit(bad);
        const auto decoded = decode_events_request(request_of(Json{bad, sample_event_json(2)}));
        REQUIRE(decoded.size() == 2);
        CHECK(decoded[0].id == bad["id"]);
        CHECK_FALSE(decoded[0].event.has_value());
        CHECK(decoded[0].error.rfind(std::string(c.field) + ": ", 0) == 0);
        // The good event after it is decoded as usual.
        CHECK(decoded[1].error == "");
        CHECK(decoded[1].event == sample_events()[2]);
    }
}

TEST_CASE("texts count characters, not bytes, and the limits are inclusive") {
    Json comment = sample_event_json(5);
    std::string text;
    for (int i = 0; i < 2000; ++i)
        text += "\xc3\xa4";  // ä: 2,000 characters in 4,000 bytes
    comment["data"]["comment"] = text;
    Json id = sample_event_json(0);
    id["operator_id"] = std::string(64, 'O');
    const auto decoded = decode_events_request(request_of(Json{comment, id}));
    CHECK(decoded[0].error == "");
    CHECK(decoded[1].error == "");
}

TEST_CASE("JSON nested deeper than 32 levels is refused before it is parsed") {
    const auto nested = [](int levels) {
        return std::string(static_cast<std::size_t>(levels), '[') +
               std::string(static_cast<std::size_t>(levels), ']');
    };
    // `{"events": [ … ]}`: the events array is inside 1 other; 30 more arrays in it are fine.
    CHECK(error_field([&] { return decode_events_request("{\"events\": " + nested(31) + "}"); }) ==
          "events[0]");  // parsed: the first event is an array, not an object
    CHECK(error_field([&] { return decode_events_request("{\"events\": " + nested(32) + "}"); }) ==
          "");
    try {
        (void)decode_events_request("{\"events\": " + nested(32) + "}");
    } catch (const ProtocolError& error) {
        CHECK(std::string(error.what()).find("deeper than 32") != std::string::npos);
    }
    // Brackets inside strings do not count; 16 MB of `[` is refused without parsing.
    Json stringy = sample_event_json(5);
    stringy["data"]["comment"] = std::string(1000, '[');
    CHECK(decode_events_request(request_of(Json{stringy})).size() == 1);
    CHECK(error_field([] { return decode_events_request(std::string(16 << 20, '[')); }) == "");
}

TEST_CASE("a malformed body as a whole is refused") {
    const Json good = sample_event_json(0);
    Json no_id = good;
    no_id.erase("id");
    Json empty_id = good;
    empty_id["id"] = "";
    Json number_id = good;
    number_id["id"] = 7;

    CHECK(error_field([] { return decode_events_request("not json"); }) == "");
    CHECK(error_field([] { return decode_events_request("{\"events\": ["); }) == "");
    CHECK(error_field([] { return decode_events_request("[]"); }) == "");
    CHECK(error_field([] { return decode_events_request("{}"); }) == "events");
    CHECK(error_field([] { return decode_events_request(R"({"events": {}})"); }) == "events");
    CHECK(error_field([&] {
              return decode_events_request(request_of(Json{good, "e2"}));
          }) == "events[1]");
    CHECK(error_field([&] {
              return decode_events_request(request_of(Json{good, no_id}));
          }) == "events[1].id");
    CHECK(error_field([&] { return decode_events_request(request_of(Json{empty_id})); }) ==
          "events[0].id");
    CHECK(error_field([&] { return decode_events_request(request_of(Json{number_id})); }) ==
          "events[0].id");
}

TEST_CASE("at most kMaxEventsPerRequest events per request") {
    std::vector<plan::Event> events(kMaxEventsPerRequest, sample_events()[0]);
    for (std::size_t i = 0; i < events.size(); ++i) {
        char id[48];
        std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012zu", i);
        events[i].id = id;
    }
    CHECK(decode_events_request(encode_events_request(events)).size() == kMaxEventsPerRequest);
    events.push_back(sample_events()[1]);
    CHECK(error_field([&] { return decode_events_request(encode_events_request(events)); }) ==
          "events");
}

TEST_CASE("event results") {
    CHECK(name_of(ResultStatus::accepted) == "accepted");
    CHECK(name_of(ResultStatus::duplicate) == "duplicate");
    CHECK(name_of(ResultStatus::rejected) == "rejected");

    const std::vector<EventResult> results{
        {"e1", ResultStatus::accepted, ""},
        {"e2", ResultStatus::duplicate, ""},  // an older server: no first answer
        {"e3", ResultStatus::rejected, "not_visible"},
        {"e4", ResultStatus::duplicate, "", OriginalOutcome{ResultStatus::accepted, ""}},
        {"e5", ResultStatus::duplicate, "", OriginalOutcome{ResultStatus::rejected, "invalid"}},
    };
    const std::string text = encode_event_results(results);
    CHECK(decode_event_results(text) == results);
    const Json document = Json::parse(text);
    CHECK(keys_of(document) == Keys{"results"});
    CHECK(keys_of(document["results"][0]) == Keys{"id", "status"});
    CHECK(keys_of(document["results"][1]) == Keys{"id", "status"});
    CHECK(document["results"][2] ==
          Json{{"id", "e3"}, {"status", "rejected"}, {"reason", "not_visible"}});
    CHECK(document["results"][3] ==
          Json{{"id", "e4"}, {"status", "duplicate"}, {"original", {{"status", "accepted"}}}});
    CHECK(document["results"][4] ==
          Json{{"id", "e5"},
               {"status", "duplicate"},
               {"original", {{"status", "rejected"}, {"reason", "invalid"}}}});

    // A first answer is accepted or rejected (with its reason), never itself a duplicate.
    CHECK(
        error_field([] {
            return decode_event_results(
                R"({"results": [{"id": "e", "status": "duplicate", "original": {"status": "duplicate"}}]})");
        }) == "results[0].original.status");
    CHECK(
        error_field([] {
            return decode_event_results(
                R"({"results": [{"id": "e", "status": "duplicate", "original": {"status": "rejected"}}]})");
        }) == "results[0].original.reason");

    CHECK(error_field([] {
              return decode_event_results(R"({"results": [{"id": "e", "status": "rejected"}]})");
          }) == "results[0].reason");
    CHECK(error_field([] {
              return decode_event_results(R"({"results": [{"id": "e", "status": "maybe"}]})");
          }) == "results[0].status");
    CHECK(error_field([] {
              return decode_event_results(R"({"results": [{"status": "accepted"}]})");
          }) == "results[0].id");
    CHECK(error_field([] { return decode_event_results(R"({"results": null})"); }) == "results");
    CHECK(error_field([] { return decode_event_results("{"); }) == "");
}

TEST_CASE("recorded events") {
    std::vector<RecordedEvent> recorded;
    for (const auto& event : sample_events()) {
        recorded.push_back(
            RecordedEvent{.event = event, .received_at = at_hour(2), .terminal_id = "T1"});
    }
    const std::string text = encode_recorded_events(recorded);
    CHECK(decode_recorded_events(text) == recorded);
    const Json document = Json::parse(text);
    CHECK(keys_of(document["events"][0]) == Keys{"id", "type", "operator_id", "target_id",
                                                 "occurred_at", "data", "seq", "received_at",
                                                 "terminal_id"});
    CHECK(document["events"][0]["received_at"] == "2026-11-23T08:00:00Z");

    auto field_of = [&](auto edit) {
        const std::string changed = edited(text, edit);
        return error_field([&] { return decode_recorded_events(changed); });
    };
    CHECK(field_of([](Json& d) { d["events"][2].erase("terminal_id"); }) ==
          "events[2].terminal_id");
    CHECK(field_of([](Json& d) { d["events"][0]["received_at"] = "now"; }) ==
          "events[0].received_at");
    CHECK(field_of([](Json& d) { d["events"][4]["data"]["good"] = "90"; }) ==
          "events[4].data.good");
    CHECK(field_of([](Json& d) { d["events"][1]["type"] = "x"; }) == "events[1].type");
}

}  // namespace
}  // namespace pt::protocol::test
