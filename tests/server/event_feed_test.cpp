// The event feed an integration pages through: GET /admin/v1/events and /admin/v1/refusals with
// ?after=SEQ&limit=N (sync-api.md, "Administration").
#include <doctest/doctest.h>

#include <set>

#include "tests/plan/plan_builder.h"
#include "tests/server/service_harness.h"

namespace {

using namespace pt;
using namespace pt::server::testing;
using plan::EventType;
using protocol::EventPage;

protocol::EventPage page(server::PlanService& service, std::optional<std::string> after,
                         std::optional<std::string> limit, bool refusals = false) {
    const server::PageQuery query{std::move(after), std::move(limit)};
    const server::Reply reply =
        refusals ? service.get_refusals(kAdmin, query) : service.get_events(kAdmin, query);
    REQUIRE_MESSAGE(reply.status == 200, reply.body);
    return protocol::decode_event_page(reply.body);
}

/// P1 with W1 and W2 on its resource; a terminal, logged in as OP-P1.
struct Feed {
    ServiceHarness h;
    std::string terminal;

    Feed() {
        h.load(plan::testing::PlanBuilder()
                   .partner("P1")
                   .resource("R1", true, {"P1"})
                   .order("O1")
                   .step("W1", "O1", "R1")
                   .step("W2", "O1", "R1")
                   .dataset());
        terminal = h.enroll();
        (void)h.login(terminal, "BADGE-P1");
    }
    /// Starts and pauses `step` (two accepted events).
    void work_on(const std::string& step) {
        (void)h.send(terminal, {make_event(EventType::work_step_started, "OP-P1", step),
                                make_event(EventType::work_step_paused, "OP-P1", step,
                                           plan::EventData{.reason = "MAT"})});
    }
};

}  // namespace

TEST_CASE("an integration books every accepted event exactly once by paging with after") {
    Feed f;
    f.work_on("W1");
    f.work_on("W2");
    (void)f.h.send(f.terminal, {make_event(EventType::work_step_started, "OP-P1", "W9")});

    const EventPage all = page(*f.h.service, std::nullopt, std::nullopt);
    REQUIRE(all.events.size() == 4);
    CHECK(all.next == all.events.back().seq);
    for (std::size_t i = 1; i < all.events.size(); ++i)
        CHECK(all.events[i - 1].seq < all.events[i].seq);

    // Pages of 3: 3, then 1, then empty; an empty page answers `after` itself as next.
    std::vector<protocol::RecordedEvent> booked;
    std::int64_t after = 0;
    std::size_t pages = 0;
    for (;; ++pages) {
        const EventPage next = page(*f.h.service, std::to_string(after), "3");
        CHECK(next.events.size() <= 3);
        booked.insert(booked.end(), next.events.begin(), next.events.end());
        if (next.events.empty()) {
            CHECK(next.next == after);
            break;
        }
        after = next.next;
    }
    CHECK(pages == 2);
    CHECK(booked == all.events);

    // New events come on the next page, none twice.
    f.h.now += std::chrono::minutes{1};
    (void)f.h.send(f.terminal, {make_event(EventType::work_step_resumed, "OP-P1", "W1")});
    const EventPage later = page(*f.h.service, std::to_string(after), std::nullopt);
    REQUIRE(later.events.size() == 1);
    CHECK(later.events[0].event.type == EventType::work_step_resumed);
    CHECK(later.events[0].received_at == f.h.now);
    CHECK(later.events[0].seq > after);
}

TEST_CASE("the refusals feed lists rejected and undecodable events with their reasons") {
    Feed f;
    f.work_on("W1");
    (void)f.h.send(f.terminal, {make_event(EventType::work_step_started, "OP-P1", "W9")});
    const std::string garbage_id = "00000000-0000-4000-8000-feedfeedfeed";
    const auto reply = f.h.service->post_events(
        f.terminal, R"({"events": [{"id": ")" + garbage_id + R"(", "type": "no_such_type"}]})");
    REQUIRE(reply.status == 200);

    const EventPage refused = page(*f.h.service, "0", "10", true);
    REQUIRE(refused.events.size() == 2);
    CHECK(refused.events[0].event.target_id == "W9");
    CHECK(refused.events[0].reason == "not_visible");
    CHECK_FALSE(refused.events[0].message.empty());
    CHECK(refused.events[1].undecoded);
    CHECK(refused.events[1].event.id == garbage_id);
    CHECK(refused.events[1].reason == "invalid");
    // The accepted feed has none of them; the two feeds share one seq order.
    const EventPage accepted = page(*f.h.service, std::nullopt, std::nullopt);
    REQUIRE(accepted.events.size() == 2);
    std::set<std::int64_t> seqs;
    for (const auto* list : {&accepted.events, &refused.events})
        for (const auto& e : *list)
            seqs.insert(e.seq);
    CHECK(seqs.size() == 4);
    CHECK(page(*f.h.service, std::to_string(refused.next), "10", true).events.empty());
}

TEST_CASE("a bad after or limit is 422 and names the parameter; no admin token is 401") {
    Feed f;
    const auto status = [&](std::optional<std::string> after, std::optional<std::string> limit) {
        const server::Reply reply = f.h.service->get_events(kAdmin, {after, limit});
        if (reply.status == 422) {
            CHECK((reply.body.find("after") != std::string::npos ||
                   reply.body.find("limit") != std::string::npos));
        }
        return reply.status;
    };
    CHECK(status("-1", std::nullopt) == 422);
    CHECK(status("abc", std::nullopt) == 422);
    CHECK(status("", std::nullopt) == 422);
    CHECK(status("99999999999999999999", std::nullopt) == 422);
    CHECK(status("0", "0") == 422);
    CHECK(status("0", "10001") == 422);
    CHECK(status("0", "1.5") == 422);
    CHECK(status("0", "10000") == 200);
    CHECK(f.h.service->get_events(kAdmin, {"x", std::nullopt}).body.find("unprocessable") !=
          std::string::npos);
    CHECK(status(std::nullopt, "1") == 200);
    CHECK(f.h.service->get_events("wrong", {}).status == 401);
    CHECK(f.h.service->get_refusals("", {"0", "1"}).status == 401);
}

TEST_CASE("a pruned refusal's seq is never handed out again") {
    // Review finding: seq has no AUTOINCREMENT; pruning the newest row by age made the next
    // event take its seq, and a reader paging refusals after it skipped the new one.
    Feed f;
    const auto accepted = make_event(EventType::work_step_started, "OP-P1", "W1");
    (void)f.h.send(f.terminal, {accepted});
    (void)f.h.send(f.terminal, {make_event(EventType::work_step_started, "OP-P1", "W9")});
    const EventPage before = page(*f.h.service, "0", "10", true);
    REQUIRE(before.events.size() == 1);
    const std::int64_t last = before.next;

    f.h.now += std::chrono::days{91};        // past the refusals' retention
    (void)f.h.send(f.terminal, {accepted});  // a resend: stores nothing, prunes by age
    (void)f.h.login(f.terminal, "BADGE-P1");
    (void)f.h.send(f.terminal, {make_event(EventType::work_step_started, "OP-P1", "W8")});
    const EventPage after = page(*f.h.service, std::to_string(last), "10", true);
    REQUIRE(after.events.size() == 1);
    CHECK(after.events[0].seq > last);
    CHECK(after.events[0].event.target_id == "W8");
}
