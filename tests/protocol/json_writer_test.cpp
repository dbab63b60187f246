// The streaming JSON writer of the event feed (json_write.h) against nlohmann's own documents:
// the same text for every valid string, U+FFFD for every byte that is not UTF-8, and the feed's
// pages equal to the documents the contract describes.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <random>

#include "sync/protocol/json_write.h"
#include "sync/protocol/protocol.h"

using nlohmann::json;
using pt::protocol::detail::JsonWriter;

namespace {

std::string written(std::string_view text) {
    std::string out;
    JsonWriter(out).string(text);
    return out;
}

std::string nlohmann_text(const std::string& text) {
    return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

/// Random valid UTF-8: ASCII with every control character, and 2-, 3- and 4-byte characters.
std::string random_utf8(std::mt19937& rng) {
    static const char* const kPieces[] = {
        "\"", "\\", "/", "\x7f", "ä", "€", "𝄞", "\xEF\xBF\xBD", "\xED\x9F\xBF", "\xF4\x8F\xBF\xBF",
        "a",  "Z",  " "};
    std::string text;
    const int length = std::uniform_int_distribution<int>(0, 24)(rng);
    for (int i = 0; i < length; ++i) {
        if (std::uniform_int_distribution<int>(0, 3)(rng) == 0) {
            text += static_cast<char>(std::uniform_int_distribution<int>(0, 0x1F)(rng));
        } else {
            text +=
                kPieces[std::uniform_int_distribution<std::size_t>(0, std::size(kPieces) - 1)(rng)];
        }
    }
    return text;
}

}  // namespace

TEST_CASE("JsonWriter writes every valid string as nlohmann does") {
    std::mt19937 rng(7);
    for (int i = 0; i < 5000; ++i) {
        const std::string text = random_utf8(rng);
        CAPTURE(text);
        REQUIRE(written(text) == nlohmann_text(text));
    }
}

TEST_CASE("JsonWriter replaces each byte that is not UTF-8 and stays valid JSON") {
    // Overlong, surrogate, beyond U+10FFFF, truncated, stray continuation, invalid leads.
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD"},
        {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
        {"\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
        {"a\xE2\x82", "a\xEF\xBF\xBD\xEF\xBF\xBD"},
        {"\x80x", "\xEF\xBF\xBDx"},
        {"\xFF\xFE", "\xEF\xBF\xBD\xEF\xBF\xBD"},
    };
    for (const auto& [in, out] : cases) {
        CAPTURE(in);
        const std::string text = written(in);
        CHECK(json::parse(text).get<std::string>() == out);
    }
    std::mt19937 rng(11);
    for (int i = 0; i < 2000; ++i) {
        std::string bytes;
        for (int k = std::uniform_int_distribution<int>(0, 16)(rng); k > 0; --k)
            bytes += static_cast<char>(std::uniform_int_distribution<int>(0, 255)(rng));
        CAPTURE(bytes);
        REQUIRE(json::accept(written(bytes)));
    }
}

TEST_CASE("JsonWriter nests objects and arrays with commas in their places") {
    std::string out;
    JsonWriter w(out);
    w.begin_object()
        .key("a")
        .begin_array()
        .number(1)
        .null()
        .string("x")
        .begin_object()
        .end_object();
    w.end_array().key("b").number(-7).key("c").begin_array().end_array().end_object();
    CHECK(out == R"({"a":[1,null,"x",{}],"b":-7,"c":[]})");
}

TEST_CASE("event feed pages are the documents of the contract") {
    using namespace pt;
    protocol::EventPage page;
    const auto at = plan::Timestamp{std::chrono::seconds{1'795'000'000}};
    const auto recorded = [&](std::int64_t seq, plan::EventType type) {
        protocol::RecordedEvent r;
        r.seq = seq;
        r.event.id = "00000000-0000-4000-8000-00000000000" + std::to_string(seq);
        r.event.type = type;
        r.event.operator_id = "OP1";
        r.event.target_id = "W1";
        r.event.occurred_at = at;
        r.received_at = at + std::chrono::seconds{5};
        r.terminal_id = "T1";
        return r;
    };
    page.events.push_back(recorded(1, plan::EventType::work_step_started));
    page.events.push_back(recorded(2, plan::EventType::work_step_paused));
    page.events.back().event.data.reason = "MAT";
    page.events.push_back(recorded(3, plan::EventType::work_step_finished));
    page.events.back().event.data.good = 7;
    page.events.back().event.data.scrap = 0;
    page.events.push_back(recorded(4, plan::EventType::process_feedback));
    page.events.back().event.data.comment = "line\nbreak \"quoted\"";
    page.events.back().event.data.process_status = plan::ProcessStatus::done;
    page.next = 4;

    const json text = json::parse(protocol::encode_event_page(page, false));
    const json base = {{"operator_id", "OP1"},
                       {"target_id", "W1"},
                       {"occurred_at", "2026-11-18T11:06:40Z"},
                       {"received_at", "2026-11-18T11:06:45Z"},
                       {"terminal_id", "T1"}};
    json expected = {{"events", json::array()}, {"next", 4}};
    const auto with = [&](std::int64_t seq, const char* type, const json& data) {
        json e = base;
        e["seq"] = seq;
        e["id"] = "00000000-0000-4000-8000-00000000000" + std::to_string(seq);
        e["type"] = type;
        e["data"] = data;
        expected["events"].push_back(e);
    };
    with(1, "work_step.started", json::object());
    with(2, "work_step.paused", {{"reason", "MAT"}});
    with(3, "work_step.finished", {{"good", 7}, {"scrap", 0}, {"scrap_reason", nullptr}});
    with(4, "process.feedback", {{"comment", "line\nbreak \"quoted\""}, {"status", "done"}});
    CHECK(text == expected);
    CHECK(protocol::decode_event_page(protocol::encode_event_page(page, false)) == page);

    // A refusal carries reason and message; one that could not be decoded, only its id.
    protocol::EventPage refusals;
    refusals.events.push_back(recorded(5, plan::EventType::work_step_started));
    refusals.events.back().reason = "not_visible";
    refusals.events.back().message = "no";
    protocol::RecordedEvent undecoded;
    undecoded.seq = 6;
    undecoded.undecoded = true;
    undecoded.event.id = "garbage";
    undecoded.received_at = at;
    undecoded.terminal_id = "T1";
    undecoded.reason = "invalid";
    undecoded.message = "not JSON";
    refusals.events.push_back(undecoded);
    refusals.next = 6;
    const json refused = json::parse(protocol::encode_event_page(refusals, true));
    CHECK(refused["events"][0]["reason"] == "not_visible");
    CHECK(refused["events"][1] == json{{"id", "garbage"},
                                       {"seq", 6},
                                       {"received_at", "2026-11-18T11:06:40Z"},
                                       {"terminal_id", "T1"},
                                       {"reason", "invalid"},
                                       {"message", "not JSON"}});
    CHECK(protocol::decode_event_page(protocol::encode_event_page(refusals, true)) == refusals);
}
