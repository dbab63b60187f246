// The console's lists without HTTP (issue 16): sorted_plan.h keeps sorted handles per layout of
// the plan, plan_lists.h picks a page from them. Both are checked against a plain reading —
// filter every object, sort them all, slice — over random plans, random changes between the
// pages (reports that keep the layout, and additions, moves and removals that do not) and random
// filters, sorts and offsets.
#include "sync/server/plan_lists.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "sync/plan/access.h"
#include "sync/server/query_params.h"
#include "sync/server/sorted_plan.h"

namespace {

using namespace pt;
using plan::Handle;

struct ListPlan {
    plan::Plan plan;
    std::mt19937 random;

    explicit ListPlan(unsigned seed) : random(seed) {
        plan::Dataset data;
        for (int p = 0; p < 4; ++p)
            data.partners.push_back({"P" + std::to_string(p), "Partner", {}, false, {}});
        for (int r = 0; r < 8; ++r) {
            plan::Resource resource{
                "R" + std::to_string(r), "Resource " + std::to_string(r), below(4) != 0, {}};
            for (int p = 0; p < 4; ++p) {
                if (below(3) == 0) resource.partner_ids.push_back("P" + std::to_string(p));
            }
            data.resources.push_back(resource);
        }
        for (int o = 0; o < 40; ++o) {
            plan::Order order;
            order.id = "O" + std::to_string(1000 - o * 7);     // ids apart from insertion order
            order.number = "PO-" + std::to_string(below(12));  // numbers shared: ties
            order.article = below(2) == 0 ? "Bracket" : "Flange";
            if (o > 0 && below(2) == 0)
                order.parent_id = data.orders[below(static_cast<unsigned>(o))].id;
            data.orders.push_back(order);
        }
        for (int w = 0; w < 300; ++w)
            data.work_steps.push_back(step("W" + std::to_string(w * 37 % 1000), data));
        for (int p = 0; p < 60; ++p) {
            plan::Process process;
            process.id = "PR" + std::to_string(p * 13 % 100);
            process.order_id = data.orders[below(40)].id;
            process.name = below(2) == 0 ? "Provide material" : "Check drawing";
            process.status = static_cast<plan::ProcessStatus>(below(4));
            data.processes.push_back(process);
        }
        REQUIRE_FALSE(plan.replace_all(data).has_value());
    }

    unsigned below(unsigned n) { return std::uniform_int_distribution<unsigned>(0, n - 1)(random); }

    plan::WorkStep step(std::string id, const plan::Dataset& data) {
        plan::WorkStep step;
        step.id = std::move(id);
        step.order_id = data.orders[below(static_cast<unsigned>(data.orders.size()))].id;
        step.resource_id = "R" + std::to_string(below(8));
        step.operation = below(2) == 0 ? "Powder coating" : "Case hardening";
        step.planned_start = plan::Timestamp{std::chrono::hours{below(6)}};  // starts shared: ties
        step.status = static_cast<plan::WorkStepStatus>(below(5));
        return step;
    }
};

/// The plain reading of the work step list.
std::vector<std::string> expected_work_steps(const plan::Plan& plan,
                                             const server::WorkStepFilter& f) {
    std::vector<Handle> hits;
    for (Handle h = 0; h < plan.work_step_count(); ++h) {
        const plan::WorkStep& s = plan.work_step_at(h);
        const plan::Order& order = plan.order_at(plan.order_of_work_step(h));
        if (f.order && plan.order_of_work_step(h) != *f.order) continue;
        if (f.resource && plan.resource_of(h) != *f.resource) continue;
        if (f.partner != nullptr && !f.partner->sees_work_step(plan, h)) continue;
        if (f.status && s.status != *f.status) continue;
        if (f.search && !server::search_folded(s.id, *f.search) &&
            !server::search_folded(s.operation, *f.search) &&
            !server::search_folded(order.number, *f.search))
            continue;
        hits.push_back(h);
    }
    const auto key = [&](Handle h) {
        const plan::WorkStep& s = plan.work_step_at(h);
        const plan::Order& order = plan.order_at(plan.order_of_work_step(h));
        switch (f.sort) {
            case server::kWorkStepsByStart:
                return std::tuple(std::string(), std::string(),
                                  s.planned_start.time_since_epoch().count(), s.id);
            case server::kWorkStepsByNumber:
                return std::tuple(order.number, order.id, std::int64_t{0}, s.id);
            default:
                return std::tuple(std::string(), std::string(), std::int64_t{0}, s.id);
        }
    };
    std::sort(hits.begin(), hits.end(), [&](Handle a, Handle b) { return key(a) < key(b); });
    if (f.descending) std::reverse(hits.begin(), hits.end());
    std::vector<std::string> page;
    for (std::size_t i = f.offset; i < hits.size() && page.size() < f.limit; ++i)
        page.push_back(plan.work_step_at(hits[i]).id);
    return page;
}

std::vector<std::string> page_ids(const plan::Plan& plan, const server::HandlePage& page) {
    std::vector<std::string> list;
    for (const Handle h : page.handles)
        list.push_back(plan.work_step_at(h).id);
    return list;
}

}  // namespace

TEST_CASE("work step pages equal a plain filter, sort and slice through random changes") {
    for (unsigned seed = 1; seed <= 20; ++seed) {
        CAPTURE(seed);
        ListPlan lp(seed);
        plan::Plan& plan = lp.plan;
        server::SortedPlan sorted;
        int next_id = 5000;
        for (int round = 0; round < 60; ++round) {
            CAPTURE(round);
            // A change: a report (the layout stays), or one that moves the layout.
            const Handle any_step = lp.below(static_cast<unsigned>(plan.work_step_count()));
            plan::WorkStep changed = plan.work_step_at(any_step);
            const unsigned kind = lp.below(7);
            const std::uint64_t layout = plan.layout_revision();
            if (kind == 0) {
                changed.status = static_cast<plan::WorkStepStatus>(lp.below(5));
                changed.quantity_good += 1;
                REQUIRE_FALSE(plan.update_work_step(changed).has_value());
                CHECK(plan.layout_revision() == layout);
            } else if (kind == 1) {
                changed.planned_start = plan::Timestamp{std::chrono::hours{lp.below(6)}};
                REQUIRE_FALSE(plan.update_work_step(changed).has_value());
            } else if (kind == 2) {
                changed.order_id =
                    plan.order_at(lp.below(static_cast<unsigned>(plan.order_count()))).id;
                REQUIRE_FALSE(plan.update_work_step(changed).has_value());
            } else if (kind == 3) {
                REQUIRE_FALSE(plan.remove_work_step(changed.id).has_value());
                CHECK(plan.layout_revision() != layout);
            } else if (kind == 4) {  // a text the search reads
                changed.operation = lp.below(2) == 0 ? "Coating W1" : "Grinding";
                REQUIRE_FALSE(plan.update_work_step(changed).has_value());
            } else if (kind == 5) {
                plan::OrderChange renumbered;
                renumbered.number = "PO-" + std::to_string(lp.below(20));
                REQUIRE_FALSE(plan.change_order(plan.order_at(plan.order_of_work_step(any_step)).id,
                                                renumbered)
                                  .has_value());
                CHECK(plan.layout_revision() != layout);
            } else {
                plan::Dataset none;
                none.orders = {plan.order_at(0)};
                plan::WorkStep added = lp.step("W" + std::to_string(next_id++), none);
                REQUIRE_FALSE(plan.add_work_step(added).has_value());
                CHECK(plan.layout_revision() != layout);
            }

            server::WorkStepFilter filter;
            const server::SortNeed sorts[] = {server::kWorkStepsById, server::kWorkStepsByStart,
                                              server::kWorkStepsByNumber};
            filter.sort = sorts[lp.below(3)];
            filter.descending = lp.below(2) == 0;
            if (lp.below(4) == 0)
                filter.order = lp.below(static_cast<unsigned>(plan.order_count()));
            if (lp.below(4) == 0) filter.resource = lp.below(8);
            std::optional<plan::PartnerAccess> access;
            if (lp.below(4) == 0) {
                access = plan::compute_access(plan, "P" + std::to_string(lp.below(4)),
                                              plan::Timestamp{std::chrono::hours{3}});
                filter.partner = &*access;
            }
            if (lp.below(3) == 0) filter.status = static_cast<plan::WorkStepStatus>(lp.below(5));
            const char* searches[] = {"w1", "COAT", "po-1", "zz", "g w"};
            if (lp.below(3) == 0)
                filter.search =
                    server::search_param(server::QueryParams{{"q", searches[lp.below(5)]}}, "q");
            filter.offset = lp.below(3) == 0 ? lp.below(300) : lp.below(20);
            filter.limit = 1 + lp.below(40);

            // Built under the lock the first time, or outside it as the service does; a search
            // reads the packed texts or, without them, the records.
            const unsigned needs =
                filter.sort | (filter.search && lp.below(2) == 0 ? server::kWorkStepSearch : 0U);
            const server::SortedParts* parts = sorted.current(plan, needs);
            if (parts == nullptr) {
                if (lp.below(2) == 0) {
                    parts = &sorted.build(plan, needs);
                } else {
                    CHECK(sorted.install(plan, server::sort_keys(sorted.copy_keys(plan, needs))));
                    parts = sorted.current(plan, needs);
                }
            }
            REQUIRE(parts != nullptr);
            const server::HandlePage page = server::select_work_steps(plan, *parts, filter);
            server::WorkStepFilter whole = filter;
            whole.offset = 0;
            whole.limit = 1'000'000;
            CHECK(static_cast<std::size_t>(page.total) == expected_work_steps(plan, whole).size());
            CHECK(page_ids(plan, page) == expected_work_steps(plan, filter));
        }
    }
}

TEST_CASE("a sort outlives reports, and is not installed once the layout moved") {
    ListPlan lp(7);
    plan::Plan& plan = lp.plan;
    server::SortedPlan sorted;
    (void)sorted.build(plan, server::kWorkStepsByNumber);
    CHECK(sorted.current(plan, server::kWorkStepsByNumber) != nullptr);
    CHECK(sorted.current(plan, server::kWorkStepsById | server::kOrdersById) != nullptr);
    CHECK(sorted.current(plan, server::kProcessesById) == nullptr);
    plan::WorkStep reported = plan.work_step_at(0);
    reported.status = plan::WorkStepStatus::finished;
    REQUIRE_FALSE(plan.update_work_step(reported).has_value());
    CHECK(sorted.current(plan, server::kWorkStepsByNumber) != nullptr);

    auto keys = sorted.copy_keys(plan, server::kProcessesById);
    REQUIRE_FALSE(plan.remove_process(plan.process_at(0).id).has_value());
    CHECK_FALSE(sorted.install(plan, server::sort_keys(std::move(keys))));
    CHECK(sorted.current(plan, server::kWorkStepsById) == nullptr);
    plan::OrderChange renumbered;
    renumbered.number = "PO-0";
    (void)sorted.build(plan, server::kWorkStepsByNumber);
    REQUIRE_FALSE(plan.change_order(plan.order_at(3).id, renumbered).has_value());
    CHECK(sorted.current(plan, server::kWorkStepsByNumber) == nullptr);
}

TEST_CASE("process and order pages equal a plain reading") {
    ListPlan lp(3);
    const plan::Plan& plan = lp.plan;
    server::SortedPlan sorted;
    const server::SortedParts& parts =
        sorted.build(plan, server::kProcessesById | server::kOrdersById);

    for (int round = 0; round < 200; ++round) {
        server::ProcessFilter filter;
        if (lp.below(3) == 0) filter.order = lp.below(static_cast<unsigned>(plan.order_count()));
        if (lp.below(2) == 0) filter.status = static_cast<plan::ProcessStatus>(lp.below(4));
        if (lp.below(3) == 0) filter.search = std::string(lp.below(2) == 0 ? "check" : "pr1");
        filter.offset = lp.below(30);
        filter.limit = 1 + lp.below(20);
        std::vector<std::string> all;
        for (Handle h = 0; h < plan.process_count(); ++h) {
            const plan::Process& p = plan.process_at(h);
            if (filter.order && plan.order_of_process(h) != *filter.order) continue;
            if (filter.status && p.status != *filter.status) continue;
            if (filter.search && !server::search_folded(p.id, *filter.search) &&
                !server::search_folded(p.name, *filter.search) &&
                !server::search_folded(plan.order_at(plan.order_of_process(h)).number,
                                       *filter.search))
                continue;
            all.push_back(p.id);
        }
        std::sort(all.begin(), all.end());
        const server::HandlePage page = server::select_processes(plan, parts, filter);
        CHECK(static_cast<std::size_t>(page.total) == all.size());
        std::vector<std::string> shown;
        for (const Handle h : page.handles)
            shown.push_back(plan.process_at(h).id);
        std::vector<std::string> expected;
        for (std::size_t i = filter.offset; i < all.size() && expected.size() < filter.limit; ++i)
            expected.push_back(all[i]);
        CHECK(shown == expected);
    }

    // Orders by `after`: each page continues where the last stopped, every order once.
    for (const bool with_search : {false, true}) {
        server::OrderFilter filter;
        if (with_search) filter.search = "flange";
        filter.limit = 3;
        std::vector<std::string> seen;
        for (;;) {
            const server::OrderPage page = server::select_orders(plan, parts, filter);
            for (const Handle h : page.handles)
                seen.push_back(plan.order_at(h).id);
            if (!page.more) break;
            filter.after = seen.back();
        }
        std::vector<std::string> expected;
        for (Handle h = 0; h < plan.order_count(); ++h) {
            const plan::Order& order = plan.order_at(h);
            if (with_search ? order.article == "Flange" : !order.parent_id.has_value())
                expected.push_back(order.id);
        }
        std::sort(expected.begin(), expected.end());
        CHECK(seen == expected);
    }
}
