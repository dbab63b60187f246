// The plan cache: a reset and then every delta, applied in order, hold exactly the full view
// (sync-api.md contract), absent columns stay absent (R9), a failed delta changes nothing, and
// one partner's data is never returned for another (R11) — even with the same object ids.
#include "sync/store/plan_cache.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <limits>
#include <map>
#include <random>

#include "tests/store/store_fixture.h"

using namespace pt::store;
using namespace pt::store::testing;
using pt::plan::PartnerView;
using pt::protocol::PlanResponse;

namespace {

// ---- random views ---------------------------------------------------------------------------

class ViewGenerator {
public:
    explicit ViewGenerator(unsigned seed) : rng_(seed) {}

    /// A view over ids drawn from small pools, so successive views overlap and differ.
    PartnerView view() {
        PartnerView v;
        for (int i = 0; i < 12; ++i) {
            if (chance(60)) v.orders.push_back(order("O" + std::to_string(i)));
        }
        for (int i = 0; i < 6; ++i) {
            if (chance(60)) v.resources.push_back(resource("R" + std::to_string(i)));
        }
        for (int i = 0; i < 30; ++i) {
            if (chance(60)) v.work_steps.push_back(work_step("W" + std::to_string(i)));
        }
        for (int i = 0; i < 10; ++i) {
            if (chance(60)) v.processes.push_back(process("PR" + std::to_string(i)));
        }
        sort_view(v);
        return v;
    }

    /// Changes some objects of `v` in place, drops some, adds some.
    PartnerView evolve(const PartnerView& v) {
        PartnerView next = view();
        // Keep about half of the previous objects unchanged, so deltas hold unchanged ones too.
        keep_some(v.orders, next.orders);
        keep_some(v.resources, next.resources);
        keep_some(v.work_steps, next.work_steps);
        keep_some(v.processes, next.processes);
        sort_view(next);
        return next;
    }

    static void sort_view(PartnerView& v) {
        const auto by_id = [](const auto& a, const auto& b) { return a.id < b.id; };
        std::sort(v.orders.begin(), v.orders.end(), by_id);
        std::sort(v.resources.begin(), v.resources.end(), by_id);
        std::sort(v.work_steps.begin(), v.work_steps.end(), by_id);
        std::sort(v.processes.begin(), v.processes.end(), by_id);
    }

private:
    bool chance(int percent) { return static_cast<int>(rng_() % 100) < percent; }

    std::string text() {
        static const std::vector<std::string> samples{"",
                                                      "a",
                                                      "Powder coating",
                                                      "Härten — 2. Stufe",
                                                      "€ 12,50",
                                                      "line\nbreak",
                                                      std::string("nul\0inside", 10),
                                                      std::string(300, 'z')};
        return samples[rng_() % samples.size()];
    }

    std::int64_t number() {
        static const std::vector<std::int64_t> samples{0,
                                                       1,
                                                       -1,
                                                       100,
                                                       98765,
                                                       std::numeric_limits<std::int64_t>::max(),
                                                       std::numeric_limits<std::int64_t>::min()};
        return samples[rng_() % samples.size()];
    }

    pt::plan::Timestamp time() {
        return pt::plan::Timestamp(std::chrono::seconds(1'790'000'000 + (rng_() % 10'000'000)));
    }

    template <typename Make>
    auto maybe(Make make) -> std::optional<decltype(make())> {
        if (chance(50)) return std::nullopt;
        return make();
    }

    pt::plan::ViewOrder order(const std::string& id) {
        return {.id = id,
                .number = "PO-" + text(),
                .article = text(),
                .quantity = number(),
                .due = time(),
                .parent_id = maybe([&] { return "O" + std::to_string(rng_() % 12); }),
                .top_id = "O" + std::to_string(rng_() % 12)};
    }

    /// 0–3 operator names, some with the list packing's own characters (digits, ':').
    std::vector<std::string> names() {
        std::vector<std::string> list(rng_() % 4);
        for (auto& name : list)
            name = chance(30) ? "3:x" + text() : text();
        return list;
    }

    pt::plan::ViewResource resource(const std::string& id) {
        return {.id = id, .name = text(), .own = chance(50)};
    }

    pt::plan::ViewWorkStep work_step(const std::string& id) {
        return {.id = id,
                .order_id = "O" + std::to_string(rng_() % 12),
                .resource_id = "R" + std::to_string(rng_() % 6),
                .status = static_cast<pt::plan::WorkStepStatus>(rng_() % 4),
                .feedback_allowed = chance(50),
                .operators = names(),
                .order_number = maybe([&] { return text(); }),
                .article = maybe([&] { return text(); }),
                .operation = maybe([&] { return text(); }),
                .seq = maybe([&] { return number(); }),
                .resource_name = maybe([&] { return text(); }),
                .planned_start = maybe([&] { return time(); }),
                .planned_end = maybe([&] { return time(); }),
                .quantity = maybe([&] { return number(); }),
                .quantity_good = maybe([&] { return number(); }),
                .quantity_scrap = maybe([&] { return number(); }),
                .notes = maybe([&] { return text(); })};
    }

    pt::plan::ViewProcess process(const std::string& id) {
        return {.id = id,
                .order_id = "O" + std::to_string(rng_() % 12),
                .status = static_cast<pt::plan::ProcessStatus>(rng_() % 3),
                .feedback_allowed = chance(50),
                .order_number = maybe([&] { return text(); }),
                .name = maybe([&] { return text(); }),
                .type = maybe([&] { return text(); }),
                .due = maybe([&] { return time(); }),
                .notes = maybe([&] { return text(); })};
    }

    template <typename Item>
    void keep_some(const std::vector<Item>& previous, std::vector<Item>& next) {
        for (const auto& item : previous) {
            if (!chance(50)) continue;
            auto same = std::find_if(next.begin(), next.end(),
                                     [&](const Item& n) { return n.id == item.id; });
            if (same != next.end()) *same = item;
        }
    }

    std::mt19937 rng_;
};

// ---- deltas as the server builds them: changed or new objects whole, removed ids -------------

template <typename Item>
void diff_kind(const std::vector<Item>& from, const std::vector<Item>& to,
               std::vector<Item>& upserts, std::vector<std::string>& removed) {
    std::map<std::string, const Item*> old_items;
    for (const auto& item : from)
        old_items[item.id] = &item;
    for (const auto& item : to) {
        const auto old = old_items.find(item.id);
        if (old == old_items.end() || !(*old->second == item)) upserts.push_back(item);
        if (old != old_items.end()) old_items.erase(old);
    }
    for (const auto& [id, item] : old_items)
        removed.push_back(id);
}

PlanResponse delta(const PartnerView& from, const PartnerView& to, std::string cursor) {
    PlanResponse response{.cursor = std::move(cursor), .reset = false};
    diff_kind(from.orders, to.orders, response.view.orders, response.removed.orders);
    diff_kind(from.resources, to.resources, response.view.resources, response.removed.resources);
    diff_kind(from.work_steps, to.work_steps, response.view.work_steps,
              response.removed.work_steps);
    diff_kind(from.processes, to.processes, response.view.processes, response.removed.processes);
    return response;
}

}  // namespace

TEST_CASE("replace then load returns the view field for field, with the cursor") {
    StoreFixture f;
    const auto db = f.open();
    PlanCache cache(*db);
    ViewGenerator generate(1);
    const PartnerView view = generate.view();
    CHECK_FALSE(cache.cursor("P1").has_value());
    CHECK(cache.load("P1") == PartnerView{});

    cache.replace("P1", view, "cursor-1", 0);
    CHECK(cache.load("P1") == view);
    CHECK(cache.cursor("P1") == "cursor-1");
    CHECK(cache.sync_state("P1") == SyncState{"cursor-1", f.clock.now});

    const PartnerView other = generate.view();
    f.clock.now += std::chrono::seconds(30);
    cache.replace("P1", other, "cursor-2", 0);
    CHECK(cache.load("P1") == other);
    CHECK(cache.sync_state("P1") == SyncState{"cursor-2", f.clock.now});
}

TEST_CASE("a reset and then every delta, applied in order, equal the full view") {
    for (unsigned seed = 1; seed <= 10; ++seed) {
        CAPTURE(seed);
        StoreFixture f;
        const auto db = f.open();
        PlanCache cache(*db);
        ViewGenerator generate(seed);
        PartnerView server = generate.view();
        cache.apply("P1", PlanResponse{.cursor = "c0", .reset = true, .view = server}, 0);
        REQUIRE(cache.load("P1") == server);
        for (int step = 1; step <= 25; ++step) {
            CAPTURE(step);
            const PartnerView next = generate.evolve(server);
            const std::string cursor = "c" + std::to_string(step);
            if (step % 10 == 0) {  // now and then the server no longer knows the cursor
                cache.apply("P1", PlanResponse{.cursor = cursor, .reset = true, .view = next}, 0);
            } else {
                cache.apply("P1", delta(server, next, cursor), 0);
            }
            server = next;
            REQUIRE(cache.load("P1") == server);
            CHECK(cache.cursor("P1") == cursor);
        }
    }
}

TEST_CASE("a column not sent stays absent; an empty one stays empty") {
    StoreFixture f;
    const auto db = f.open();
    PlanCache cache(*db);
    PartnerView view;
    view.work_steps.push_back({.id = "W1", .order_id = "O1", .resource_id = "R1"});
    view.work_steps.push_back({.id = "W2", .order_id = "O1", .resource_id = "R1", .notes = ""});
    view.processes.push_back({.id = "PR1", .order_id = "O1"});
    view.orders.push_back({.id = "O1", .number = "PO-1", .top_id = "O1"});
    cache.replace("P1", view, "c", 0);
    const PartnerView loaded = cache.load("P1");
    CHECK(loaded == view);
    CHECK_FALSE(loaded.work_steps[0].notes.has_value());
    CHECK_FALSE(loaded.work_steps[0].planned_start.has_value());
    CHECK(loaded.work_steps[1].notes == "");
    CHECK_FALSE(loaded.processes[0].name.has_value());
    CHECK_FALSE(loaded.orders[0].parent_id.has_value());
}

TEST_CASE("R11: one partner's cache is never returned for another, even with the same ids") {
    StoreFixture f;
    const auto db = f.open();
    PlanCache cache(*db);
    ViewGenerator generate(77);
    std::map<std::string, PartnerView> model;  // what each partner was sent
    std::map<std::string, std::optional<std::string>> cursors;
    const std::vector<std::string> partners{"PA", "PB", "PC"};
    std::mt19937 rng(5);
    for (int round = 0; round < 150; ++round) {
        const std::string& partner = partners[rng() % partners.size()];
        const int action = static_cast<int>(rng() % 10);
        const std::string cursor = partner + "-" + std::to_string(round);
        if (action == 0) {
            cache.forget(partner);
            model.erase(partner);
            cursors[partner] = std::nullopt;
        } else if (action < 4 || !model.contains(partner)) {
            model[partner] = generate.view();
            cache.replace(partner, model[partner], cursor, 0);
            cursors[partner] = cursor;
        } else {
            const PartnerView next = generate.evolve(model[partner]);
            cache.apply(partner, delta(model[partner], next, cursor), 0);
            model[partner] = next;
            cursors[partner] = cursor;
        }
        for (const auto& p : partners) {
            CAPTURE(round);
            CAPTURE(p);
            const auto known = model.find(p);
            REQUIRE(cache.load(p) == (known == model.end() ? PartnerView{} : known->second));
            CHECK(cache.cursor(p) == cursors[p]);
        }
    }
}

TEST_CASE("R11: forget and removals of one partner leave the other's same-id objects alone") {
    StoreFixture f;
    const auto db = f.open();
    PlanCache cache(*db);
    PartnerView a;
    a.work_steps.push_back({.id = "W1", .order_id = "O1", .resource_id = "R1", .notes = "A"});
    a.orders.push_back({.id = "O1", .number = "A-1", .top_id = "O1"});
    PartnerView b;
    b.work_steps.push_back({.id = "W1", .order_id = "O9", .resource_id = "R9", .notes = "B"});
    b.orders.push_back({.id = "O1", .number = "B-1", .top_id = "O1"});
    cache.replace("PA", a, "ca", 0);
    cache.replace("PB", b, "cb", 0);
    CHECK(cache.load("PA") == a);
    CHECK(cache.load("PB") == b);

    PlanResponse remove_w1{.cursor = "cb2"};
    remove_w1.removed.work_steps = {"W1"};
    cache.apply("PB", remove_w1, 0);
    CHECK(cache.load("PA") == a);
    CHECK(cache.load("PB").work_steps.empty());

    cache.forget("PB");
    CHECK(cache.load("PB") == PartnerView{});
    CHECK_FALSE(cache.cursor("PB").has_value());
    CHECK(cache.load("PA") == a);
    CHECK(cache.cursor("PA") == "ca");
    CHECK(cache.load("") == PartnerView{});
    CHECK(cache.load("%") == PartnerView{});  // no pattern matching on partner ids
}

TEST_CASE("a delta that fails (disk full) applies nothing, not even its cursor") {
    StoreFixture f;
    ViewGenerator generate(9);
    const PartnerView before = generate.view();
    {
        const auto db = f.open();
        PlanCache(*db).replace("P1", before, "c1", 0);
    }
    const auto db = f.open({.max_page_count = 1});  // clamped to the current size: no growth
    PlanCache cache(*db);
    PartnerView big;
    for (int i = 0; i < 2000; ++i) {
        big.work_steps.push_back({.id = "WX" + std::to_string(i),
                                  .order_id = "O1",
                                  .resource_id = "R1",
                                  .notes = std::string(200, 'n')});
    }
    PlanResponse response{.cursor = "c2", .view = big};
    response.removed.orders = {before.orders.empty() ? "none" : before.orders[0].id};
    try {
        cache.apply("P1", response, 0);
        FAIL("the delta was applied");
    } catch (const StoreError& error) {
        CHECK(error.kind() == StoreErrorKind::disk_full);
    }
    CHECK(cache.load("P1") == before);
    CHECK(cache.cursor("P1") == "c1");
    CHECK_THROWS_AS(cache.replace("P1", big, "c3", 0), StoreError);
    CHECK(cache.load("P1") == before);
}

TEST_CASE("another connection sees a committed delta") {
    StoreFixture f;
    const auto sync = f.open();
    const auto ui = f.open();
    ViewGenerator generate(3);
    const PartnerView view = generate.view();
    PlanCache(*sync).replace("P1", view, "c1", 0);
    CHECK(PlanCache(*ui).load("P1") == view);
}

TEST_CASE("a large view round-trips") {
    StoreFixture f;
    const auto db = f.open();
    PlanCache cache(*db);
    PartnerView view;
    for (int i = 0; i < 5000; ++i) {
        view.work_steps.push_back({.id = "W" + std::to_string(100000 + i),
                                   .order_id = "O" + std::to_string(i / 10),
                                   .resource_id = "R1",
                                   .operation = "Coating",
                                   .planned_start = pt::plan::Timestamp(std::chrono::seconds(i))});
    }
    cache.replace("P1", view, "c", 0);
    CHECK(cache.load("P1") == view);
}

TEST_CASE("an empty partner id is refused") {
    StoreFixture f;
    const auto db = f.open();
    PlanCache cache(*db);
    CHECK_THROWS_AS(cache.replace("", PartnerView{}, "c", 0), StoreError);
    CHECK_THROWS_AS(cache.apply("", PlanResponse{}, 0), StoreError);
}
