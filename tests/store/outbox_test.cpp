// The outbox: durable append, order, answers, refused events kept for the attention screen,
// sequence numbers that survive restarts, and no false "saved" when the disk is full.
#include "sync/store/outbox.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "sync/store/event_id.h"
#include "sync/store/plan_cache.h"
#include "tests/store/store_fixture.h"

using namespace pt::store;
using namespace pt::store::testing;
using pt::plan::EventType;
using pt::protocol::EventResult;
using pt::protocol::ResultStatus;

namespace {

const std::vector<EventType> kAllTypes{EventType::work_step_started,  EventType::work_step_paused,
                                       EventType::work_step_resumed,  EventType::work_step_quantity,
                                       EventType::work_step_finished, EventType::process_feedback,
                                       EventType::work_step_joined,   EventType::work_step_left};

std::vector<std::string> ids_of(const std::vector<OutboxEntry>& entries) {
    std::vector<std::string> ids;
    for (const auto& entry : entries)
        ids.push_back(entry.event.id);
    return ids;
}

}  // namespace

TEST_CASE("new_event_id makes random version 4 UUIDs") {
    std::set<std::string> seen;
    for (int i = 0; i < 2000; ++i) {
        const std::string id = new_event_id();
        CHECK(is_event_id(id));
        seen.insert(id);
    }
    CHECK(seen.size() == 2000);
    CHECK_FALSE(is_event_id("not-a-uuid"));
    CHECK_FALSE(is_event_id("123e4567-e89b-12d3-a456-426614174000"));  // version 1
    CHECK(is_event_id("123e4567-e89b-42d3-a456-426614174000"));
}

TEST_CASE("append stores every event type field for field, in sequence order") {
    StoreFixture f;
    const auto db = f.open();
    Outbox outbox(*db);
    std::vector<pt::plan::Event> events;
    std::int64_t last_sequence = 0;
    for (const EventType type : kAllTypes) {
        events.push_back(make_event(type, "W7", "OP3"));
        const std::int64_t sequence = outbox.append(events.back(), "P2", "Ana Müller");
        CHECK(sequence > last_sequence);
        last_sequence = sequence;
        f.clock.now += std::chrono::milliseconds(1500);
    }
    const auto pending = outbox.pending(100);
    REQUIRE(pending.size() == events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
        CAPTURE(i);
        CHECK(pending[i].event == events[i]);
        CHECK(pending[i].partner_id == "P2");
        CHECK(pending[i].operator_name == "Ana Müller");
        CHECK(pending[i].state == OutboxState::pending);
        CHECK(pending[i].reason.empty());
        CHECK(pending[i].created_at ==
              FakeClock{}.now + std::chrono::milliseconds(1500) * static_cast<int>(i));
        CHECK_FALSE(pending[i].answered_at.has_value());
    }
    CHECK(outbox.pending(2).size() == 2);
    CHECK(ids_of(outbox.pending(2)) == std::vector{events[0].id, events[1].id});
    CHECK(outbox.oldest_pending_time() == FakeClock{}.now);
    CHECK(outbox.counts() == OutboxCounts{8, 0});
    CHECK(outbox.find(events[3].id)->event == events[3]);
    CHECK_FALSE(outbox.find("no-such-id").has_value());
}

TEST_CASE("record_results settles events; refused ones stay with their reason") {
    StoreFixture f;
    const auto db = f.open();
    Outbox outbox(*db);
    std::vector<pt::plan::Event> events;
    for (int i = 0; i < 5; ++i) {
        events.push_back(make_event(EventType::work_step_started, "W" + std::to_string(i)));
        (void)outbox.append(events.back(), i < 4 ? "P1" : "P2");
    }
    f.clock.now += std::chrono::minutes(5);
    const std::size_t changed =
        outbox.record_results({{events[0].id, ResultStatus::accepted, ""},
                               {events[1].id, ResultStatus::rejected, "not_visible"},
                               {events[2].id, ResultStatus::duplicate, ""},
                               {"unknown-id", ResultStatus::accepted, ""},
                               {events[4].id, ResultStatus::rejected, "invalid_transition"}});
    CHECK(changed == 4);

    CHECK(ids_of(outbox.pending(100)) == std::vector{events[3].id});
    CHECK(outbox.counts() == OutboxCounts{1, 2});
    CHECK(outbox.oldest_pending_time() == FakeClock{}.now);

    const auto refused = outbox.rejected("P1");
    REQUIRE(refused.size() == 1);
    CHECK(refused[0].event == events[1]);
    CHECK(refused[0].state == OutboxState::rejected);
    CHECK(refused[0].reason == "not_visible");
    CHECK(refused[0].answered_at == f.clock.now);
    // R11: the attention screen of one partner never lists another partner's refusals.
    CHECK(ids_of(outbox.rejected("P2")) == std::vector{events[4].id});
    CHECK(outbox.rejected("P3").empty());

    CHECK(outbox.find(events[0].id)->state == OutboxState::accepted);
    CHECK(outbox.find(events[2].id)->state == OutboxState::duplicate);

    SUBCASE("a later answer never changes an answered event") {
        CHECK(outbox.record_results({{events[1].id, ResultStatus::accepted, ""},
                                     {events[0].id, ResultStatus::rejected, "invalid"}}) == 0);
        CHECK(outbox.find(events[1].id)->state == OutboxState::rejected);
        CHECK(outbox.find(events[0].id)->state == OutboxState::accepted);
        CHECK(outbox.pending(100).size() == 1);
    }
    SUBCASE("the last pending event settles") {
        CHECK(outbox.record_results({{events[3].id, ResultStatus::accepted, ""}}) == 1);
        CHECK(outbox.pending(100).empty());
        CHECK_FALSE(outbox.oldest_pending_time().has_value());
    }
}

TEST_CASE("unreflected lists what a partner's cache does not show yet, oldest first") {
    StoreFixture f;
    const auto db = f.open();
    Outbox outbox(*db);
    PlanCache cache(*db);
    pt::plan::PartnerView view;
    view.work_steps.push_back(pt::plan::ViewWorkStep{.id = "W1", .order_id = "O1"});
    view.work_steps.push_back(pt::plan::ViewWorkStep{.id = "W2", .order_id = "O1"});
    cache.replace("PA", view, "c1", outbox.answered_through());

    const auto a1 = make_event(EventType::work_step_started, "W1");
    const auto b_shared = make_event(EventType::work_step_started, "W2");  // PB, on PA's W2 too
    const auto b_own = make_event(EventType::work_step_started, "W9");     // PB only
    const auto a2 = make_event(EventType::work_step_paused, "W1");
    const auto a_refused = make_event(EventType::work_step_started, "W5");
    (void)outbox.append(a1, "PA");
    (void)outbox.append(b_shared, "PB");
    (void)outbox.append(b_own, "PB");
    (void)outbox.append(a2, "PA");
    (void)outbox.append(a_refused, "PA");
    CHECK(outbox.answered_through() == 0);
    CHECK(ids_of(outbox.unreflected("PA")) == std::vector{a1.id, b_shared.id, a2.id, a_refused.id});
    CHECK(ids_of(outbox.unreflected("PC")).empty());  // no cache, no own events

    SUBCASE("accepted events stay until a pull sent after their answer is applied") {
        (void)outbox.record_results({{a1.id, ResultStatus::accepted, ""},
                                     {b_shared.id, ResultStatus::accepted, ""},
                                     {b_own.id, ResultStatus::accepted, ""},
                                     {a2.id, ResultStatus::accepted, ""},
                                     {a_refused.id, ResultStatus::rejected, "not_visible"}});
        CHECK(ids_of(outbox.unreflected("PA")) == std::vector{a1.id, b_shared.id, a2.id});
        const std::int64_t mark = outbox.answered_through();
        const auto later = make_event(EventType::work_step_resumed, "W1");
        (void)outbox.append(later, "PA");
        cache.replace("PA", view, "c2", mark);  // the pull sent before `later` was answered
        CHECK(ids_of(outbox.unreflected("PA")) == std::vector{later.id});
    }
    SUBCASE("a duplicate answer counts as the first answer it carries") {
        using pt::protocol::OriginalOutcome;
        (void)outbox.record_results(
            {{a1.id, ResultStatus::duplicate, "", OriginalOutcome{ResultStatus::accepted, ""}},
             {b_shared.id, ResultStatus::duplicate, "",
              OriginalOutcome{ResultStatus::rejected, "not_visible"}},
             {b_own.id, ResultStatus::duplicate, ""}});  // an older server: no first answer
        CHECK(outbox.find(a1.id)->state == OutboxState::accepted);
        CHECK(outbox.find(a1.id)->reason.empty());
        CHECK(outbox.find(b_shared.id)->state == OutboxState::rejected);
        CHECK(outbox.find(b_shared.id)->reason == "not_visible");
        CHECK(ids_of(outbox.rejected("PB")) == std::vector{b_shared.id});
        CHECK(outbox.find(b_own.id)->state == OutboxState::duplicate);
        CHECK(outbox.counts() == OutboxCounts{2, 1});
        CHECK(ids_of(outbox.unreflected("PA")) == std::vector{a1.id, a2.id, a_refused.id});
    }
}

TEST_CASE("an id already in the outbox is refused and nothing changes") {
    StoreFixture f;
    const auto db = f.open();
    Outbox outbox(*db);
    const auto event = make_event(EventType::work_step_started, "W1");
    (void)outbox.append(event, "P1");
    auto again = make_event(EventType::work_step_finished, "W2");
    again.id = event.id;
    try {
        (void)outbox.append(again, "P1");
        FAIL("a duplicate id was recorded");
    } catch (const StoreError& error) {
        CHECK(error.kind() == StoreErrorKind::other);
    }
    CHECK(outbox.pending(10).size() == 1);
    CHECK(outbox.find(event.id)->event == event);
    CHECK_THROWS_AS((void)outbox.append(make_event(EventType::work_step_started, "W1"), ""),
                    StoreError);
}

TEST_CASE("sequence numbers keep growing across restarts and pruning") {
    StoreFixture f;
    std::int64_t highest = 0;
    std::vector<std::string> ids;
    {
        const auto db = f.open();
        Outbox outbox(*db);
        for (int i = 0; i < 3; ++i) {
            const auto event = make_event(EventType::work_step_started, "W1");
            ids.push_back(event.id);
            highest = outbox.append(event, "P1");
        }
        std::vector<EventResult> results;
        for (const auto& id : ids)
            results.push_back({id, ResultStatus::accepted, ""});
        CHECK(outbox.record_results(results) == 3);
        f.clock.now += std::chrono::hours(48);
        CHECK(outbox.prune_delivered(f.clock.now - std::chrono::hours(24)) == 3);
        CHECK_FALSE(outbox.find(ids[0]).has_value());
    }
    const auto db = f.open();  // a restart
    Outbox outbox(*db);
    CHECK(outbox.append(make_event(EventType::work_step_started, "W1"), "P1") > highest);
}

TEST_CASE("prune_delivered keeps pending and refused events") {
    StoreFixture f;
    const auto db = f.open();
    Outbox outbox(*db);
    const auto pending = make_event(EventType::work_step_started, "W1");
    const auto refused = make_event(EventType::work_step_started, "W2");
    const auto accepted = make_event(EventType::work_step_started, "W3");
    for (const auto* event : {&pending, &refused, &accepted})
        (void)outbox.append(*event, "P1");
    (void)outbox.record_results({{refused.id, ResultStatus::rejected, "not_allowed"},
                                 {accepted.id, ResultStatus::accepted, ""}});
    f.clock.now += std::chrono::hours(1);
    CHECK(outbox.prune_delivered(f.clock.now) == 1);
    CHECK(outbox.find(pending.id).has_value());
    CHECK(outbox.find(refused.id).has_value());
    CHECK(ids_of(outbox.entries_after(0, 10)) == std::vector{pending.id, refused.id});
}

TEST_CASE("two connections appending at once lose nothing and share one sequence") {
    StoreFixture f;
    (void)f.open();
    constexpr int kPerThread = 50;
    std::vector<std::vector<std::int64_t>> sequences(2);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < 2; ++t) {
        threads.emplace_back([&, t] {
            const auto own = f.open();
            Outbox outbox(*own);
            for (int i = 0; i < kPerThread; ++i) {
                sequences[t].push_back(
                    outbox.append(make_event(EventType::work_step_started, "W1"), "P1"));
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    std::set<std::int64_t> all;
    for (const auto& list : sequences) {
        CHECK(std::is_sorted(list.begin(), list.end()));
        all.insert(list.begin(), list.end());
    }
    CHECK(all.size() == 2 * kPerThread);
    const auto db = f.open();
    CHECK(Outbox(*db).counts().pending == 2 * kPerThread);
}

TEST_CASE("a full disk fails the append with disk_full and the outbox keeps what it had") {
    StoreFixture f;
    { (void)f.open(); }
    std::vector<std::string> saved;
    std::string failed_id;
    {
        const auto db = f.open({.max_page_count = 40});
        Outbox outbox(*db);
        for (int i = 0; i < 10000 && failed_id.empty(); ++i) {
            auto event = make_event(EventType::process_feedback, "PR1");
            event.data.comment = std::string(900, 'x');
            try {
                (void)outbox.append(event, "P1");
                saved.push_back(event.id);
            } catch (const StoreError& error) {
                CHECK(error.kind() == StoreErrorKind::disk_full);
                failed_id = event.id;
            }
        }
        REQUIRE_FALSE(failed_id.empty());
        CHECK(saved.size() > 5);
        CHECK(ids_of(outbox.pending(100000)) == saved);
        CHECK_FALSE(outbox.find(failed_id).has_value());
        // Still full: the next append fails too, and answers that need no new page still work.
        CHECK_THROWS_AS((void)outbox.append(make_event(EventType::work_step_started, "W1"), "P1"),
                        StoreError);
        CHECK(outbox.record_results({{saved[0], ResultStatus::accepted, ""}}) == 1);
    }
    const auto db = f.open();  // after a restart with room again
    Outbox outbox(*db);
    CHECK(ids_of(outbox.pending(100000)) ==
          std::vector<std::string>(saved.begin() + 1, saved.end()));
    CHECK_FALSE(outbox.find(failed_id).has_value());
    CHECK(outbox.append(make_event(EventType::work_step_started, "W1"), "P1") > 0);
}

TEST_CASE("running_since: the last start or resume not followed by a pause or finish") {
    StoreFixture f;
    const auto db = f.open();
    Outbox outbox(*db);
    const auto at = [](EventType type, const char* target, int minute) {
        auto event = make_event(type, target);
        event.occurred_at = pt::plan::Timestamp(std::chrono::minutes(minute));
        return event;
    };
    (void)outbox.append(at(EventType::work_step_started, "W1", 10), "PA");
    (void)outbox.append(at(EventType::work_step_started, "W2", 11), "PA");
    (void)outbox.append(at(EventType::work_step_paused, "W2", 12), "PA");
    (void)outbox.append(at(EventType::work_step_resumed, "W2", 13), "PA");
    (void)outbox.append(at(EventType::work_step_started, "W3", 14), "PA");
    (void)outbox.append(at(EventType::work_step_finished, "W3", 15), "PA");
    const auto refused = at(EventType::work_step_started, "W4", 16);
    (void)outbox.append(refused, "PA");
    (void)outbox.append(at(EventType::work_step_started, "W9", 17), "PB");  // another partner
    (void)outbox.record_results({{refused.id, ResultStatus::rejected, "not_visible"}});

    const auto since = outbox.running_since("PA");
    CHECK(since.size() == 2);
    CHECK(since.at("W1") == TimePoint(std::chrono::minutes(10)));
    CHECK(since.at("W2") == TimePoint(std::chrono::minutes(13)));  // resumed, not first started
    CHECK_FALSE(since.contains("W3"));                             // finished
    CHECK_FALSE(since.contains("W4"));                             // refused events do not count
    CHECK_FALSE(since.contains("W9"));                             // R11
}
