// POST /api/v1/events: results, duplicates, rejection reasons, order, the admin event log,
// and malformed bodies (sync-api.md "POST /api/v1/events", product.md §4, §5).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <thread>

#include "tests/integration/world.h"

namespace pt::itest {
namespace {

json step_field(World& w, const std::string& partner, const std::string& id,
                const std::string& name) {
    const PlanView view = w.view(partner);
    const json* step = view.find("work_steps", id);
    if (step == nullptr || !step->contains(name)) return json("<absent>");
    return (*step)[name];
}

std::vector<std::string> outcomes(const json& results) {
    std::vector<std::string> list;
    for (const auto& result : results)
        list.push_back(outcome(result));
    return list;
}

}  // namespace

TEST_CASE("accepted events take effect in the plan") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    const json started = make_event("work_step.started", "OP1", "WA11");
    const json results = w.h.post_events(w.terminal.token, json::array({started}));
    CHECK(results[0].value("id", "") == started["id"]);
    CHECK(outcome(results[0]) == "accepted");
    CHECK(step_field(w, "P1", "WA11", "status") == json("in_progress"));

    CHECK(outcome(w.post_one(make_event("work_step.quantity", "OP1", "WA11",
                                        {{"good", 5}, {"scrap", 2}, {"scrap_reason", "SURF"}}))) ==
          "accepted");
    CHECK(step_field(w, "P1", "WA11", "quantity_good") == json(5));
    CHECK(step_field(w, "P1", "WA11", "quantity_scrap") == json(2));
    CHECK(step_field(w, "P1", "WA11", "status") == json("in_progress"));

    CHECK(outcome(w.post_one(
              make_event("work_step.paused", "OP1", "WA11", {{"reason", "TOOL"}}))) == "accepted");
    CHECK(step_field(w, "P1", "WA11", "status") == json("paused"));
    CHECK(outcome(w.post_one(make_event("work_step.resumed", "OP1", "WA11"))) == "accepted");
    CHECK(step_field(w, "P1", "WA11", "status") == json("in_progress"));
    CHECK(outcome(w.post_one(make_event("work_step.finished", "OP1", "WA11",
                                        {{"good", 90}, {"scrap", 0}}))) == "accepted");
    CHECK(step_field(w, "P1", "WA11", "status") == json("finished"));

    // The shared resource: both partners give feedback on WE; both see its state.
    CHECK(outcome(w.post_one(make_event("work_step.started", "OP3", "WE"))) == "accepted");
    CHECK(step_field(w, "P1", "WE", "status") == json("in_progress"));
    CHECK(outcome(w.post_one(make_event("work_step.finished", "OP1", "WE",
                                        {{"good", 10}, {"scrap", 0}}))) == "accepted");
    CHECK(step_field(w, "P2", "WE", "status") == json("finished"));

    CHECK(outcome(w.post_one(make_event("process.feedback", "OP3", "PRB",
                                        {{"status", "in_progress"}, {"comment", "on the way"}}))) ==
          "accepted");
    const PlanView p2 = w.view("P2");
    CHECK(p2.find("processes", "PRB")->value("status", "") == "in_progress");
}

TEST_CASE("an event id counts once: duplicates in later requests and in the same request") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    const json started = make_event("work_step.started", "OP1", "WA11");
    CHECK(outcome(w.post_one(started)) == "accepted");

    const json paused = make_event("work_step.paused", "OP1", "WA11", {{"reason", "MAT"}});
    const json results = w.h.post_events(w.terminal.token, json::array({started, paused, paused}));
    CHECK(outcomes(results) == std::vector<std::string>{"duplicate", "accepted", "duplicate"});
    CHECK(results[0].value("id", "") == started["id"]);
    CHECK(results[2].value("id", "") == paused["id"]);
    // Every duplicate carries the first answer (issue #12), also within one request.
    CHECK(results[0]["original"] == json{{"status", "accepted"}});
    CHECK(results[2]["original"] == json{{"status", "accepted"}});
    CHECK_FALSE(results[1].contains("original"));
    CHECK(step_field(w, "P1", "WA11", "status") == json("paused"));

    // A rejected event is a duplicate later too, even when it would now be accepted.
    const json resumed_by_stranger = make_event("work_step.resumed", "OP3", "WA11");
    CHECK(outcome(w.post_one(resumed_by_stranger)) == "rejected not_visible");
    json same_id_other_operator = resumed_by_stranger;
    same_id_other_operator["operator_id"] = "OP1";
    const json refused_again = w.post_one(same_id_other_operator);
    CHECK(outcome(refused_again) == "duplicate");
    CHECK(refused_again["original"] == json{{"status", "rejected"}, {"reason", "not_visible"}});
    CHECK(step_field(w, "P1", "WA11", "status") == json("paused"));

    // From another terminal as well.
    const Terminal other = w.h.enroll("Second kiosk");
    CHECK(outcomes(w.h.post_events(other.token, json::array({started, paused}))) ==
          std::vector<std::string>{"duplicate", "duplicate"});
    // A malformed event's refusal is its first answer too.
    json malformed = make_event("work_step.quantity", "OP1", "WA11", {{"good", "many"}});
    CHECK(outcome(w.post_one(malformed)) == "rejected invalid");
    CHECK(w.post_one(malformed)["original"] == json{{"status", "rejected"}, {"reason", "invalid"}});
    CHECK(w.h.admin_events().size() == 2);
}

TEST_CASE("rejections carry each reason of the contract and change nothing") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    REQUIRE(outcome(w.post_one(make_event("work_step.started", "OP1", "WA11"))) == "accepted");

    struct Case {
        const char* what;
        json event;
        const char* expected;
    };
    const std::vector<Case> cases = {
        {"unknown operator", make_event("work_step.paused", "OP-NOPE", "WA11", {{"reason", "MAT"}}),
         "rejected unknown_operator"},
        {"another partner's step", make_event("work_step.started", "OP1", "WB1"),
         "rejected not_visible"},
        {"unknown step", make_event("work_step.started", "OP1", "W-NOPE"), "rejected not_visible"},
        {"internal step", make_event("work_step.started", "OP1", "WA1"), "rejected not_visible"},
        {"read-only step (named tree)", make_event("work_step.started", "OP1", "WC0"),
         "rejected not_allowed"},
        {"no workbench licence", make_event("work_step.started", "OP4", "WD"),
         "rejected not_allowed"},
        {"resume while in progress", make_event("work_step.resumed", "OP1", "WA11"),
         "rejected invalid_transition"},
        {"start while in progress", make_event("work_step.started", "OP1", "WA11"),
         "rejected invalid_transition"},
        {"pause with an unknown reason code",
         make_event("work_step.paused", "OP1", "WA11", {{"reason", "COFFEE"}}), "rejected invalid"},
        {"pause without a reason", make_event("work_step.paused", "OP1", "WA11"),
         "rejected invalid"},
        {"negative good quantity",
         make_event("work_step.quantity", "OP1", "WA11", {{"good", -1}, {"scrap", 0}}),
         "rejected invalid"},
        {"negative scrap",
         make_event("work_step.quantity", "OP1", "WA11",
                    {{"good", 1}, {"scrap", -2}, {"scrap_reason", "SURF"}}),
         "rejected invalid"},
        {"scrap without scrap reason",
         make_event("work_step.quantity", "OP1", "WA11", {{"good", 1}, {"scrap", 2}}),
         "rejected invalid"},
        {"scrap with an unknown scrap reason",
         make_event("work_step.quantity", "OP1", "WA11",
                    {{"good", 1}, {"scrap", 2}, {"scrap_reason", "NOPE"}}),
         "rejected invalid"},
        {"finish with scrap but no reason",
         make_event("work_step.finished", "OP1", "WA11", {{"good", 1}, {"scrap", 1}}),
         "rejected invalid"},
        {"quantity as text",
         make_event("work_step.quantity", "OP1", "WA11", {{"good", "five"}, {"scrap", 0}}),
         "rejected invalid"},
        {"unknown type", make_event("work_step.exploded", "OP1", "WA11"), "rejected invalid"},
        {"process feedback with status open",
         make_event("process.feedback", "OP3", "PRB", {{"status", "open"}}), "rejected invalid"},
        {"process feedback without status", make_event("process.feedback", "OP3", "PRB"),
         "rejected invalid"},
        // Issue #13, finding 5: both were accepted before, the first with a signed overflow.
        {"good of 2^63 - 1",
         make_event("work_step.quantity", "OP1", "WA11",
                    {{"good", std::numeric_limits<std::int64_t>::max()}, {"scrap", 0}}),
         "rejected invalid"},
        {"good over 1,000,000",
         make_event("work_step.quantity", "OP1", "WA11", {{"good", 1'000'001}, {"scrap", 0}}),
         "rejected invalid"},
        {"a comment over 2,000 characters",
         make_event("process.feedback", "OP3", "PRB",
                    {{"status", "done"}, {"comment", std::string(2001, 'x')}}),
         "rejected invalid"},
    };
    json events = json::array();
    for (const auto& c : cases)
        events.push_back(c.event);
    const json results = w.h.post_events(w.terminal.token, events);
    for (std::size_t i = 0; i < cases.size(); ++i) {
        CHECK_MESSAGE(outcome(results[i]) == cases[i].expected, cases[i].what, ": got ",
                      results[i].dump(), " for ", cases[i].event.dump());
        CHECK(results[i].value("id", "") == cases[i].event["id"]);
        CHECK_MESSAGE((results[i].value("status", "") != "rejected" ||
                       results[i].value("reason", json()).is_string()),
                      "a rejection carries a reason: ", results[i].dump());
    }
    const PlanView p1 = w.view("P1");
    CHECK(p1.find("work_steps", "WA11")->value("status", "") == "in_progress");
    CHECK(p1.find("work_steps", "WA11")->value("quantity_good", -1) == 0);
    CHECK(p1.find("work_steps", "WA11")->value("quantity_scrap", -1) == 0);
    CHECK(w.view("P2").find("processes", "PRB")->value("status", "") == "open");
    CHECK(w.h.admin_events().size() == 1);
}

// Issue #13, finding 5: totals near the top of the range must not wrap around (before: a
// signed overflow, and the failed plan update was ignored while the event counted as accepted).
TEST_CASE("a report that would overflow a total is refused and changes nothing") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    REQUIRE(outcome(w.post_one(make_event("work_step.started", "OP1", "WA11"))) == "accepted");
    const std::int64_t near_top = std::numeric_limits<std::int64_t>::max() - 1;
    w.h.patch("work_steps", "WA11", json{{"quantity_good", near_top}});
    CHECK(outcome(w.post_one(make_event("work_step.quantity", "OP1", "WA11",
                                        {{"good", 2}, {"scrap", 0}}))) == "rejected invalid");
    CHECK(step_field(w, "P1", "WA11", "quantity_good") == json(near_top));
    CHECK(outcome(w.post_one(make_event("work_step.quantity", "OP1", "WA11",
                                        {{"good", 1}, {"scrap", 0}}))) == "accepted");
    CHECK(step_field(w, "P1", "WA11", "quantity_good") ==
          json(std::numeric_limits<std::int64_t>::max()));
    CHECK(w.h.admin_events().size() == 2);
}

// Issue #13, finding 11: a 15 MB event id cost 30 MB of database and 30 MB of WAL. An id that
// is not UUID-shaped is refused and not stored at all (asked again, it is refused again).
TEST_CASE("an event id that is not a UUID is refused and not stored") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    json long_id = make_event("work_step.started", "OP1", "WA11");
    long_id["id"] = std::string(1'000'000, 'x');
    const json results = w.h.post_events(w.terminal.token, json::array({long_id, long_id}));
    CHECK(outcome(results[0]) == "rejected invalid");
    CHECK(outcome(results[1]) == "rejected invalid");  // not a duplicate: nothing was kept
    CHECK(step_field(w, "P1", "WA11", "status") == json("open"));
    CHECK(w.h.admin_events().empty());
    const auto db = w.h.server().options().db;
    const auto wal = std::filesystem::path(db.string() + "-wal");
    CHECK(std::filesystem::file_size(db) +
              (std::filesystem::exists(wal) ? std::filesystem::file_size(wal) : 0) <
          1'000'000);
}

TEST_CASE("the events of one request are applied in order") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    const json in_order =
        json::array({make_event("work_step.started", "OP1", "WE"),
                     make_event("work_step.paused", "OP1", "WE", {{"reason", "MAT"}})});
    CHECK(outcomes(w.h.post_events(w.terminal.token, in_order)) ==
          std::vector<std::string>{"accepted", "accepted"});
    CHECK(step_field(w, "P1", "WE", "status") == json("paused"));

    const json reversed =
        json::array({make_event("work_step.paused", "OP1", "WA11", {{"reason", "MAT"}}),
                     make_event("work_step.started", "OP1", "WA11")});
    CHECK(outcomes(w.h.post_events(w.terminal.token, reversed)) ==
          std::vector<std::string>{"rejected invalid_transition", "accepted"});
    CHECK(step_field(w, "P1", "WA11", "status") == json("in_progress"));
}

TEST_CASE("GET /admin/v1/events lists exactly the accepted events in acceptance order") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    const Terminal second = w.h.enroll("Second kiosk");
    CHECK(second.id != w.terminal.id);
    (void)w.h.session(second, "B-2001");  // R13: OP3 reports from here too

    std::vector<std::pair<json, std::string>> accepted;  // event, terminal id
    const auto post = [&](const Terminal& terminal, const json& events) {
        const json results = w.h.post_events(terminal.token, events);
        for (std::size_t i = 0; i < results.size(); ++i) {
            if (results[i].value("status", "") == "accepted") {
                accepted.emplace_back(events[i], terminal.id);
            }
        }
    };
    const json a1 = make_event("work_step.started", "OP1", "WA11");
    post(w.terminal, json::array({a1, make_event("work_step.started", "OP1", "WB1")}));
    post(second, json::array({make_event("work_step.started", "OP3", "WB1"), a1}));
    post(w.terminal,
         json::array({make_event("work_step.paused", "OP1", "WA11", {{"reason", "MAT"}}),
                      make_event("work_step.started", "OP-NOPE", "WE")}));
    post(second, json::array({make_event("process.feedback", "OP3", "PRB", {{"status", "done"}}),
                              make_event("work_step.started", "OP3", "WE")}));
    REQUIRE(accepted.size() == 5);

    const json listed = w.h.admin_events();
    REQUIRE(listed.size() == accepted.size());
    std::string previous_received;
    for (std::size_t i = 0; i < listed.size(); ++i) {
        const json& event = listed[i];
        const json& sent = accepted[i].first;
        INFO("listed event ", i, ": ", event.dump(), " sent ", sent.dump());
        CHECK(event.value("id", "") == sent["id"]);
        CHECK(event.value("type", "") == sent["type"]);
        CHECK(event.value("operator_id", "") == sent["operator_id"]);
        CHECK(event.value("target_id", "") == sent["target_id"]);
        // The log may normalise data (an optional comment written as ""); what was sent is kept.
        for (const auto& item : sent["data"].items()) {
            CHECK_MESSAGE(event["data"].value(item.key(), json()) == item.value(), item.key());
        }
        CHECK(event.value("terminal_id", "") == accepted[i].second);
        const std::string received = event.value("received_at", "");
        CHECK_MESSAGE(is_rfc3339_utc(received), "received_at ", received);
        CHECK(received >= previous_received);
        previous_received = received;
    }
}

TEST_CASE("the event feeds page by seq over HTTP: every accepted event once, refusals apart") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    json sent =
        json::array({make_event("work_step.started", "OP1", "WA11"),
                     make_event("work_step.paused", "OP1", "WA11", {{"reason", "MAT"}}),
                     make_event("work_step.resumed", "OP1", "WA11"),
                     make_event("work_step.quantity", "OP1", "WA11", {{"good", 1}, {"scrap", 0}})});
    sent.push_back(make_event("work_step.started", "OP-NOPE", "WE"));  // refused
    (void)w.h.post_events(w.terminal.token, sent);

    std::vector<std::string> booked;
    std::int64_t after = 0;
    for (int pages = 0; pages < 10; ++pages) {
        const HttpResponse page =
            w.h.admin("GET", "/admin/v1/events?after=" + std::to_string(after) + "&limit=3");
        REQUIRE_MESSAGE(page.status == 200, page.body);
        const json body = json::parse(page.body);
        for (const json& event : body["events"]) {
            CHECK(event["seq"].get<std::int64_t>() > after);
            booked.push_back(event.value("id", ""));
        }
        const auto next = body["next"].get<std::int64_t>();
        if (body["events"].empty()) {
            CHECK(next == after);
            break;
        }
        after = next;
    }
    REQUIRE(booked.size() == 4);
    for (std::size_t i = 0; i < booked.size(); ++i)
        CHECK(booked[i] == sent[i]["id"]);

    const HttpResponse refusals = w.h.admin("GET", "/admin/v1/refusals?limit=10");
    REQUIRE(refusals.status == 200);
    const json refused = json::parse(refusals.body)["events"];
    REQUIRE(refused.size() == 1);
    CHECK(refused[0]["id"] == sent[4]["id"]);
    CHECK(refused[0]["reason"] == "unknown_operator");

    CHECK(w.h.admin("GET", "/admin/v1/events?limit=10001").status == 422);
    CHECK(w.h.admin("GET", "/admin/v1/events?after=%2D1").status == 422);
}

TEST_CASE("a malformed events body gets 400 and nothing of it is applied") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    const json good = make_event("work_step.started", "OP1", "WA11");
    json without_id = make_event("work_step.started", "OP1", "WE");
    without_id.erase("id");
    json too_many = json::array();
    too_many.push_back(good);
    for (int i = 0; i < 1000; ++i) {
        too_many.push_back(
            make_event("work_step.quantity", "OP1", "WA11", {{"good", 1}, {"scrap", 0}}));
    }
    const std::string valid_prefix = json{{"events", json::array({good})}}.dump();
    const std::vector<std::pair<std::string, std::string>> bodies = {
        {"not JSON", "this is not json"},
        {"empty", ""},
        {"truncated", valid_prefix.substr(0, valid_prefix.size() / 2)},
        {"events is not an array", json{{"events", good}}.dump()},
        {"no events key", json{{"evnts", json::array({good})}}.dump()},
        {"a JSON array", json::array({good}).dump()},
        {"1001 events", json{{"events", too_many}}.dump()},
        {"an event without id", json{{"events", json::array({good, without_id})}}.dump()},
        {"an event that is not an object", json{{"events", json::array({good, 42})}}.dump()},
        {"an id that is not a string",
         json{{"events", json::array({good,
                                      [&] {
                                          json e = make_event("work_step.started", "OP1", "WE");
                                          e["id"] = 7;
                                          return e;
                                      }()})}}
             .dump()},
    };
    for (const auto& [what, body] : bodies) {
        const HttpResponse response = w.h.send("POST", "/api/v1/events", body, w.terminal.token);
        CHECK_MESSAGE(response.status == 400, what, ": ", describe(response));
        CHECK_MESSAGE(is_error_body(response), what, ": ", describe(response));
    }
    CHECK_MESSAGE(w.h.admin_events().empty(), "a refused body left events behind");
    CHECK(step_field(w, "P1", "WA11", "status") == json("open"));
    // Nothing was recorded, so the good event is new, not a duplicate.
    CHECK(outcome(w.post_one(good)) == "accepted");
}

TEST_CASE("1000 events in one request are fine") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    json events = json::array();
    events.push_back(make_event("work_step.started", "OP1", "WA11"));
    for (int i = 1; i < 1000; ++i) {
        events.push_back(
            make_event("work_step.quantity", "OP1", "WA11", {{"good", 1}, {"scrap", 0}}));
    }
    const json results = w.h.post_events(w.terminal.token, events);
    std::size_t accepted = 0;
    for (const auto& result : results)
        accepted += result.value("status", "") == "accepted";
    CHECK(accepted == 1000);
    CHECK(w.h.admin_events().size() == 1000);
}

}  // namespace pt::itest

namespace pt::itest {

TEST_CASE("exactly once under concurrency: the same events from many terminals at once") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    constexpr int kTerminals = 6;
    std::vector<Terminal> terminals;
    for (int i = 0; i < kTerminals; ++i) {
        terminals.push_back(w.h.enroll("Kiosk " + std::to_string(i)));
        (void)w.h.session(terminals.back(), "B-1001");  // R13: OP1 reports from each
    }
    json events = json::array();
    events.push_back(make_event("work_step.started", "OP1", "WA11"));
    for (int i = 0; i < 60; ++i) {
        events.push_back(
            make_event("work_step.quantity", "OP1", "WA11", {{"good", 1}, {"scrap", 0}}));
    }
    const std::string body = json{{"events", events}}.dump();
    const std::string url = w.h.url("/api/v1/events");

    std::vector<HttpResponse> responses(kTerminals);
    std::vector<std::string> failures(kTerminals);
    std::vector<std::thread> threads;
    for (int i = 0; i < kTerminals; ++i) {
        threads.emplace_back([&, i] {
            try {
                test::HttpClient http;
                responses[static_cast<std::size_t>(i)] =
                    http.post(url, body, terminals[static_cast<std::size_t>(i)].token);
            } catch (const std::exception& error) {
                failures[static_cast<std::size_t>(i)] = error.what();
            }
        });
    }
    for (auto& thread : threads)
        thread.join();

    std::map<std::string, int> accepted;
    for (int i = 0; i < kTerminals; ++i) {
        const auto index = static_cast<std::size_t>(i);
        REQUIRE_MESSAGE(failures[index].empty(), failures[index]);
        REQUIRE_MESSAGE(responses[index].status == 200, describe(responses[index]));
        const json answer = body_json(responses[index]);
        for (const auto& result : answer["results"]) {
            const std::string status = result.value("status", "");
            CHECK_MESSAGE((status == "accepted" || status == "duplicate"), result.dump());
            if (status == "accepted") ++accepted[result.value("id", "")];
        }
    }
    CHECK(accepted.size() == events.size());
    for (const auto& [id, count] : accepted)
        CHECK_MESSAGE(count == 1, id, " accepted ", count, " times");
    CHECK(w.h.admin_events().size() == events.size());
    const PlanView p1 = w.view("P1");
    CHECK(p1.find("work_steps", "WA11")->value("status", "") == "in_progress");
}

TEST_CASE("§8 several operators on one step, from two terminals: join, leave, finish") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    const Terminal second = w.h.enroll("Second kiosk");
    (void)w.h.session(second, "B-1002", "4711");  // R13: Ben reports from the second kiosk
    const auto post_from_second = [&](const json& event) {
        return outcome(w.h.post_events(second.token, json::array({event}))[0]);
    };
    const auto on_it = [&] { return step_field(w, "P1", "WA11", "operators"); };
    CHECK(on_it() == json::array());  // an identity field: present while nobody is on it

    CHECK(post_from_second(make_event("work_step.joined", "OP2", "WA11")) ==
          "rejected invalid_transition");  // nothing to join while open
    CHECK(outcome(w.post_one(make_event("work_step.started", "OP1", "WA11"))) == "accepted");
    CHECK(post_from_second(make_event("work_step.started", "OP2", "WA11")) ==
          "rejected invalid_transition");
    CHECK(post_from_second(make_event("work_step.joined", "OP2", "WA11")) == "accepted");
    CHECK(on_it() == json({"Ana", "Ben"}));
    CHECK(post_from_second(make_event("work_step.joined", "OP2", "WA11")) ==
          "rejected invalid_transition");
    CHECK(post_from_second(make_event("work_step.paused", "OP2", "WA11", {{"reason", "MAT"}})) ==
          "accepted");
    CHECK(outcome(w.post_one(make_event("work_step.left", "OP1", "WA11"))) == "accepted");
    CHECK(outcome(w.post_one(make_event("work_step.left", "OP1", "WA11"))) ==
          "rejected invalid_transition");
    CHECK(on_it() == json({"Ben"}));
    CHECK(step_field(w, "P1", "WA11", "status") == json("paused"));
    // A delta carries the change: a terminal with a cursor learns who is on it.
    const std::string token = w.h.session(w.terminal, "B-1001");
    const json full = w.h.pull(token);
    CHECK(outcome(w.post_one(make_event("work_step.joined", "OP1", "WA11"))) == "accepted");
    const json delta = w.h.pull(token, full.value("cursor", ""));
    REQUIRE(delta["work_steps"].size() == 1);
    CHECK(delta["work_steps"][0]["operators"] == json({"Ben", "Ana"}));
    // The administrator sees ids; whatever a change says about them, the server keeps its own.
    const json dataset = w.h.get_dataset();
    json stored = json::object();
    for (const json& step : dataset["work_steps"])
        if (step["id"] == "WA11") stored = step;
    CHECK(stored["operator_ids"] == json({"OP2", "OP1"}));
    CHECK(w.h.admin("PATCH", "/admin/v1/work_steps/WA11", json{{"operator_ids", {"OP3"}}}).status ==
          204);
    CHECK(on_it() == json({"Ben", "Ana"}));
    // Finished by one: everyone's work on it ends.
    CHECK(post_from_second(make_event("work_step.finished", "OP2", "WA11",
                                      {{"good", 4}, {"scrap", 0}})) == "accepted");
    CHECK(on_it() == json::array());
    CHECK(post_from_second(make_event("work_step.left", "OP2", "WA11")) ==
          "rejected invalid_transition");
}

TEST_CASE("§8 an operator deleted or moved to another partner comes off its steps") {
    // Review of issue 17: their ids stayed on the steps (a moved one's name went on showing,
    // a deleted id came back with a new operator of that id).
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    const Terminal second = w.h.enroll("Second kiosk");
    (void)w.h.session(second, "B-1002", "4711");
    const auto on = [&](const std::string& step) { return step_field(w, "P1", step, "operators"); };
    const auto from_second = [&](const json& event) {
        return outcome(w.h.post_events(second.token, json::array({event}))[0]);
    };
    CHECK(outcome(w.post_one(make_event("work_step.started", "OP1", "WA11"))) == "accepted");
    CHECK(from_second(make_event("work_step.joined", "OP2", "WA11")) == "accepted");
    CHECK(on("WA11") == json({"Ana", "Ben"}));
    // Moved to P2: off P1's step.
    CHECK(w.h.admin("PATCH", "/admin/v1/operators/OP2", json{{"partner_id", "P2"}}).status == 200);
    CHECK(on("WA11") == json({"Ana"}));
    // Now P2's, on the shared step; deleted: off it.
    (void)w.h.session(second, "B-1002", "4711");
    CHECK(from_second(make_event("work_step.started", "OP2", "WE")) == "accepted");
    CHECK(on("WE") == json({"Ben"}));
    CHECK(w.h.admin("DELETE", "/admin/v1/operators/OP2").status == 204);
    CHECK(on("WE") == json::array());
    // A dataset replacement that moves Ana to P2: off P1's step as well.
    json dataset = w.h.get_dataset();
    json ana;
    for (json& partner : dataset["partners"]) {
        if (partner["id"] != "P1") continue;
        for (const json& op : partner["operators"])
            if (op["id"] == "OP1") ana = op;
        json kept = json::array();
        for (const json& op : partner["operators"])
            if (op["id"] != "OP1") kept.push_back(op);
        partner["operators"] = kept;
    }
    for (json& partner : dataset["partners"])
        if (partner["id"] == "P2") partner["operators"].push_back(ana);
    REQUIRE(w.h.admin("PUT", "/admin/v1/dataset", dataset).status == 204);
    // P1 has nobody left to log in with: its view as the administrator sees it.
    const json view = body_json(w.h.admin("GET", "/admin/v1/partners/P1/view"));
    int seen = 0;
    for (const json& step : view["work_steps"]) {
        if (step["id"] != "WA11") continue;
        ++seen;
        CHECK(step["status"] == "in_progress");
        CHECK(step["operators"] == json::array());
    }
    CHECK(seen == 1);
    const json stored = w.h.get_dataset();
    for (const json& step : stored["work_steps"]) {
        if (step["id"] == "WA11") CHECK(step["operator_ids"] == json::array());
    }
}

}  // namespace pt::itest

namespace pt::itest {
namespace {

/// The notes of a partner's view, as "work step: author: text", sorted.
std::vector<std::string> notes_of(World& w, const std::string& partner) {
    const PlanView view = w.view(partner);
    std::vector<std::string> list;
    for (const std::string& id : view.ids("step_notes")) {
        const json& note = *view.find("step_notes", id);
        list.push_back(note["work_step_id"].get<std::string>() + ": " +
                       note["operator_name"].get<std::string>() + ": " +
                       note["text"].get<std::string>());
    }
    std::sort(list.begin(), list.end());
    return list;
}

}  // namespace

TEST_CASE("§8 notes: on own steps only, in every pull of the partner, gone with the step") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    using Notes = std::vector<std::string>;
    const auto note = [](const std::string& step, const std::string& text) {
        return make_event("work_step.note", "OP1", step, {{"text", text}});
    };
    const std::string token = w.h.session(w.terminal, "B-1001");
    const json before = w.h.pull(token);

    json first = note("WA11", "Charge 2: Haftgrund dünn — bitte prüfen");
    CHECK(outcome(w.post_one(first)) == "accepted");                         // on an open step
    CHECK(outcome(w.post_one(note("WC1", "x"))) == "rejected not_allowed");  // seen, not its own
    CHECK(outcome(w.post_one(note("WB1", "x"))) == "rejected not_visible");  // P2's
    CHECK(outcome(w.post_one(note("WA11", "  "))) == "rejected invalid");
    CHECK(outcome(w.post_one(note("WA11", std::string(2001, 'x')))) == "rejected invalid");
    CHECK(outcome(w.post_one(note("WE", "Übergabe an die Spätschicht"))) == "accepted");

    CHECK(notes_of(w, "P1") == Notes{"WA11: Ana: Charge 2: Haftgrund dünn — bitte prüfen",
                                     "WE: Ana: Übergabe an die Spätschicht"});
    // WE is P2's own step too; WA11 is not.
    CHECK(notes_of(w, "P2") == Notes{"WE: Ana: Übergabe an die Spätschicht"});
    CHECK(notes_of(w, "P3").empty());
    const PlanView p1 = w.view("P1");
    const json& stored = *p1.find("step_notes", first["id"].get<std::string>());
    CHECK(stored["at"] == first["occurred_at"]);  // the note's id is the event's

    // A delta brings the notes alone: no work step changed.
    const json delta = w.h.pull(token, before.value("cursor", ""));
    CHECK(delta["step_notes"].size() == 2);
    CHECK(delta["work_steps"].empty());

    // The step stops being P1's own (moved to an internal machine): its notes leave the view.
    w.h.patch("work_steps", "WA11", json{{"resource_id", "R4"}});
    const json moved = w.h.pull(token, delta.value("cursor", ""));
    CHECK(moved["removed"]["step_notes"] == json::array({first["id"]}));
    CHECK(notes_of(w, "P1") == Notes{"WE: Ana: Übergabe an die Spätschicht"});
    w.h.patch("work_steps", "WA11", json{{"resource_id", "R1"}});

    // A restart loads the notes back from the event log.
    REQUIRE(w.h.server().stop() == 0);
    w.h.server().start();
    CHECK(notes_of(w, "P1").size() == 2);
}

TEST_CASE("§8 corrections: a lead approves, the report's numbers are replaced, totals follow") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    w.h.patch("operators", "OP2", json{{"role", "lead"}});
    w.h.patch("operators", "OP3", json{{"role", "lead"}});  // P2's lead
    (void)w.h.session(w.terminal, "B-1002", "4711");        // R13: the lead logged in here
    const auto good = [&] { return step_field(w, "P1", "WA11", "quantity_good"); };
    const auto scrap = [&] { return step_field(w, "P1", "WA11", "quantity_scrap"); };
    const auto correct = [](const json& report, int good_count, int scrap_count,
                            const std::string& lead) {
        json data{{"corrects", report["id"]},
                  {"good", good_count},
                  {"scrap", scrap_count},
                  {"approved_by", lead}};
        data["scrap_reason"] = scrap_count > 0 ? json("SURF") : json(nullptr);
        return make_event("work_step.corrected", "OP1", "WA11", data);
    };

    CHECK(outcome(w.post_one(make_event("work_step.started", "OP1", "WA11"))) == "accepted");
    const json report =
        make_event("work_step.quantity", "OP1", "WA11", {{"good", 10}, {"scrap", 0}});
    CHECK(outcome(w.post_one(report)) == "accepted");
    CHECK(good() == 10);

    const json fix = correct(report, 8, 2, "OP2");
    CHECK(outcome(w.post_one(fix)) == "accepted");
    CHECK(good() == 8);
    CHECK(scrap() == 2);
    // Corrected again: the latest correction counts, measured from the numbers in force.
    CHECK(outcome(w.post_one(correct(report, 12, 0, "OP2"))) == "accepted");
    CHECK(good() == 12);
    CHECK(scrap() == 0);

    // Refused: a correction of a correction, of a refused report; not a lead; another partner's.
    CHECK(outcome(w.post_one(correct(fix, 1, 0, "OP2"))) == "rejected invalid");
    const json refused =
        make_event("work_step.quantity", "OP1", "WA11", {{"good", 0}, {"scrap", 0}});
    CHECK(outcome(w.post_one(refused)) == "rejected invalid");
    CHECK(outcome(w.post_one(correct(refused, 1, 0, "OP2"))) == "rejected invalid");
    CHECK(outcome(w.post_one(correct(report, 1, 0, "OP1"))) == "rejected not_a_lead");
    CHECK(outcome(w.post_one(correct(report, 1, 0, "OP3"))) == "rejected not_a_lead");
    // The lead has no login on the second kiosk (R13): not there.
    const Terminal second = w.h.enroll("Second kiosk");
    (void)w.h.session(second, "B-1001");
    CHECK(outcome(w.h.post_events(second.token, json::array({correct(report, 1, 0, "OP2")}))[0]) ==
          "rejected not_a_lead");
    CHECK(good() == 12);

    // A finish report is corrected after the step finished; the status stays.
    const json finish = make_event("work_step.finished", "OP1", "WA11",
                                   {{"good", 80}, {"scrap", 5}, {"scrap_reason", "DIM"}});
    CHECK(outcome(w.post_one(finish)) == "accepted");
    CHECK(good() == 92);
    CHECK(outcome(w.post_one(correct(finish, 84, 1, "OP2"))) == "accepted");
    CHECK(good() == 96);
    CHECK(scrap() == 1);
    CHECK(step_field(w, "P1", "WA11", "status") == json("finished"));

    // On a step two partners share, a lead corrects their own partner's reports only (review
    // of issue 17): Cem, P2's lead, cannot rewrite Ana's report.
    CHECK(outcome(w.post_one(make_event("work_step.started", "OP1", "WE"))) == "accepted");
    const json on_shared =
        make_event("work_step.quantity", "OP1", "WE", {{"good", 5}, {"scrap", 0}});
    CHECK(outcome(w.post_one(on_shared)) == "accepted");
    json foreign = make_event("work_step.corrected", "OP3", "WE",
                              {{"corrects", on_shared["id"]},
                               {"good", 50},
                               {"scrap", 0},
                               {"scrap_reason", nullptr},
                               {"approved_by", "OP3"}});
    CHECK(outcome(w.post_one(foreign)) == "rejected invalid");
    CHECK(step_field(w, "P1", "WE", "quantity_good") == 5);

    // Both the original and the correction stay in the event log.
    int corrections = 0;
    for (const json& event : w.h.admin_events()) {
        if (event["type"] != "work_step.corrected") continue;
        ++corrections;
        CHECK(event["data"]["approved_by"] == "OP2");
    }
    CHECK(corrections == 3);
}

}  // namespace pt::itest
