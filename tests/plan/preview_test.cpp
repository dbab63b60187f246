// Property test of the change preview: for random single changes of random plans, the preview's
// gains and losses equal the difference of every partner's view before and after the change
// made for real (on a second plan), and the previewed plan is left exactly as it was.
#include "sync/plan/preview.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <set>

#include "plan_builder.h"
#include "random_plans.h"

using namespace pt::plan;
using namespace pt::plan::testing;

namespace {

const Timestamp kPreviewNow = at_hour(72);

/// A random existing id of `list`, or now and then one that does not exist.
template <typename Object>
std::string some_id(RandomPlans& random, const std::vector<Object>& list) {
    if (list.empty() || random.chance(5)) return "missing";
    return list[static_cast<std::size_t>(random.pick(static_cast<int>(list.size())))].id;
}

std::vector<std::string> some_partner_ids(RandomPlans& random, const Dataset& d) {
    std::vector<std::string> ids;
    for (const Partner& p : d.partners) {
        if (random.chance(35)) ids.push_back(p.id);
    }
    return ids;
}

/// One random change of any kind the admin calls make, mostly of objects that exist.
PlanChange random_change(RandomPlans& random, const Dataset& d, int serial) {
    const std::string fresh = "N" + std::to_string(serial);
    switch (random.pick(16)) {
        case 0:
            return AddObject{
                Partner{"P" + fresh, "New", random.random_set<ModuleSet>(), random.chance(50), {}}};
        case 1:
            return AddObject{
                Resource{"R" + fresh, "New", random.chance(70), some_partner_ids(random, d)}};
        case 2: {
            Order o{"O" + fresh, "PO", "Art", 1, at_hour(1), std::nullopt, std::nullopt, {}};
            if (random.chance(60)) {
                o.parent_id = some_id(random, d.orders);
            } else if (random.chance(50)) {
                o.external_inheritance =
                    random.chance(50) ? Inheritance::full : Inheritance::limited;
            }
            if (random.chance(30)) o.named_partner_ids = some_partner_ids(random, d);
            return AddObject{o};
        }
        case 3: {
            WorkStep w = random.random_step(0);
            w.id = "W" + fresh;
            w.order_id = some_id(random, d.orders);
            w.resource_id = some_id(random, d.resources);
            return AddObject{w};
        }
        case 4:
            return AddObject{Process{"Q" + fresh, some_id(random, d.orders), "Proc", "transport",
                                     at_hour(3), random.random_process_status(), ""}};
        case 5: {
            if (d.partners.empty()) break;
            Partner p = d.partners[static_cast<std::size_t>(
                random.pick(static_cast<int>(d.partners.size())))];
            p.modules = random.random_set<ModuleSet>();
            p.allow_process_feedback = random.chance(50);
            return ReplaceObject{p};
        }
        case 6: {
            if (d.resources.empty()) break;
            Resource r = d.resources[static_cast<std::size_t>(
                random.pick(static_cast<int>(d.resources.size())))];
            if (random.chance(50)) {
                r.external = !r.external;
            } else {
                r.partner_ids = some_partner_ids(random, d);
            }
            return ReplaceObject{r};
        }
        case 7: {
            if (d.work_steps.empty()) break;
            WorkStep w = random.random_step(0);
            w.id = some_id(random, d.work_steps);
            w.order_id = some_id(random, d.orders);
            w.resource_id = some_id(random, d.resources);
            return ReplaceObject{w};
        }
        case 8: {
            if (d.processes.empty()) break;
            Process q = d.processes[static_cast<std::size_t>(
                random.pick(static_cast<int>(d.processes.size())))];
            q.status = random.random_process_status();
            if (random.chance(50)) q.order_id = some_id(random, d.orders);
            return ReplaceObject{q};
        }
        case 9: {
            OrderChange c;
            if (random.chance(50)) {
                c.parent_id = random.chance(30)
                                  ? std::optional<std::string>()
                                  : std::optional<std::string>(some_id(random, d.orders));
            }
            if (random.chance(40)) {
                c.external_inheritance = std::optional<Inheritance>(
                    random.chance(50) ? Inheritance::full : Inheritance::limited);
            }
            if (random.chance(40)) c.named_partner_ids = some_partner_ids(random, d);
            return ChangeOrder{some_id(random, d.orders), c};
        }
        case 10:
            return RemoveObject{ObjectKind::partner, some_id(random, d.partners)};
        case 11:
            return RemoveObject{ObjectKind::resource, some_id(random, d.resources)};
        case 12:
            return RemoveObject{ObjectKind::order, some_id(random, d.orders)};
        case 13:
            return RemoveObject{ObjectKind::work_step, some_id(random, d.work_steps)};
        case 14:
            return RemoveObject{ObjectKind::process, some_id(random, d.processes)};
        default:
            break;
    }
    Settings s = d.settings;
    s.finished_retention_days = random.pick(5);
    s.work_step_columns = random.random_set<WorkStepColumns>();
    s.default_external_inheritance = random.chance(50) ? Inheritance::full : Inheritance::limited;
    return ReplaceSettings{s};
}

/// Every partner's visible ids, read from compute_view (the rules' reference reading).
std::map<std::string, VisibleIds> all_views(const Plan& plan) {
    std::map<std::string, VisibleIds> views;
    for (const Partner& p : plan.to_dataset().partners) {
        const PartnerView view = compute_view(plan, p.id, kPreviewNow).value();
        VisibleIds& ids = views[p.id];
        for (const auto& o : view.orders)
            ids.orders.push_back(o.id);
        for (const auto& w : view.work_steps)
            ids.work_steps.push_back(w.id);
        for (const auto& q : view.processes)
            ids.processes.push_back(q.id);
    }
    return views;
}

std::vector<std::string> minus(const std::vector<std::string>& a,
                               const std::vector<std::string>& b) {
    std::vector<std::string> out;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

/// The differences the preview must report, from the full views before and after.
std::vector<PartnerDifference> expected_differences(
    const std::map<std::string, VisibleIds>& before,
    const std::map<std::string, VisibleIds>& after) {
    std::set<std::string> partners;
    for (const auto& [id, ids] : before)
        partners.insert(id);
    for (const auto& [id, ids] : after)
        partners.insert(id);
    std::vector<PartnerDifference> out;
    for (const std::string& id : partners) {
        const VisibleIds none;
        const VisibleIds& b = before.contains(id) ? before.at(id) : none;
        const VisibleIds& a = after.contains(id) ? after.at(id) : none;
        PartnerDifference d{id,
                            {minus(a.orders, b.orders), minus(a.work_steps, b.work_steps),
                             minus(a.processes, b.processes)},
                            {minus(b.orders, a.orders), minus(b.work_steps, a.work_steps),
                             minus(b.processes, a.processes)}};
        if (!d.gains.empty() || !d.loses.empty()) out.push_back(std::move(d));
    }
    return out;
}

}  // namespace

TEST_CASE("the preview's gains and losses are the views' difference, and it changes nothing") {
    int previews = 0;
    int refused = 0;
    int with_differences = 0;
    for (std::uint64_t seed = 1; seed <= 400; ++seed) {
        CAPTURE(seed);
        RandomPlans random(seed * 104729);
        const Dataset dataset = random.plan();
        Plan previewed;
        Plan reference;
        REQUIRE_FALSE(previewed.replace_all(dataset));
        REQUIRE_FALSE(reference.replace_all(dataset));
        for (int step = 0; step < 12; ++step) {
            CAPTURE(step);
            const Dataset now = reference.to_dataset();
            const PlanChange change = random_change(random, now, step);
            const auto before = all_views(reference);

            const auto preview = preview_change(previewed, change, kPreviewNow);
            ++previews;
            // Nothing changed: the same document (objects in the same order), the same views.
            REQUIRE(previewed.to_dataset() == now);
            REQUIRE(all_views(previewed) == before);

            const auto error = apply_change(reference, change);
            const auto* preview_error = std::get_if<PlanError>(&preview);
            REQUIRE(error.has_value() == (preview_error != nullptr));
            if (error) {
                CHECK(preview_error->kind == error->kind);
                CHECK(preview_error->message == error->message);
                ++refused;
                continue;
            }
            const auto& differences = std::get<std::vector<PartnerDifference>>(preview);
            CHECK(differences == expected_differences(before, all_views(reference)));
            if (!differences.empty()) ++with_differences;
            // The previewed plan takes the same change the same way (its handles held).
            REQUIRE_FALSE(apply_change(previewed, change));
            REQUIRE(previewed.to_dataset() == reference.to_dataset());
        }
    }
    MESSAGE(previews << " previews, " << refused << " refused, " << with_differences
                     << " with differences");
    CHECK(with_differences > previews / 5);
}

TEST_CASE("Plan::revision moves with every call that may change a plan, and never repeats") {
    RandomPlans random(5);
    Plan plan;
    const auto fresh = plan.revision();
    REQUIRE_FALSE(plan.replace_all(random.plan()));
    const auto loaded = plan.revision();
    CHECK(loaded != fresh);
    CHECK(plan.revision() == loaded);  // reading changes nothing
    (void)plan.remove_work_step("missing");
    CHECK(plan.revision() != loaded);  // refused, but counted: the caller cannot tell
    const auto before = plan.revision();
    const auto previewed =
        preview_change(plan, RemoveObject{ObjectKind::order, "missing"}, kPreviewNow);
    CHECK(std::holds_alternative<PlanError>(previewed));
    CHECK(plan.revision() != before);
    Plan other;
    CHECK(other.revision() != plan.revision());
    CHECK(other.revision() != fresh);
}

TEST_CASE("Plan::layout_revision moves when a sort key may move, not with reports") {
    Plan plan = PlanBuilder()
                    .partner("P1")
                    .resource("R1", true, {"P1"})
                    .order("O1")
                    .order("O2")
                    .step("W1", "O1", "R1")
                    .process("PR1", "O1")
                    .build();
    auto layout = plan.layout_revision();
    const auto moved = [&] {
        const bool changed = plan.layout_revision() != layout;
        layout = plan.layout_revision();
        return changed;
    };
    WorkStep step = *plan.find_work_step("W1");
    step.status = WorkStepStatus::in_progress;
    step.quantity_good = 5;
    step.notes = "reported";
    REQUIRE_FALSE(plan.update_work_step(step));
    CHECK_FALSE(moved());  // a report
    Process process = *plan.find_process("PR1");
    process.status = ProcessStatus::done;
    REQUIRE_FALSE(plan.update_process(process));
    CHECK_FALSE(moved());
    step.planned_start = at_hour(9);
    REQUIRE_FALSE(plan.update_work_step(step));
    CHECK(moved());
    step.order_id = "O2";
    REQUIRE_FALSE(plan.update_work_step(step));
    CHECK(moved());
    OrderChange renumbered;
    renumbered.number = "PO-9";
    REQUIRE_FALSE(plan.change_order("O1", renumbered));
    CHECK(moved());
    REQUIRE_FALSE(plan.add_work_step(WorkStep{.id = "W2", .order_id = "O1", .resource_id = "R1"}));
    CHECK(moved());
    REQUIRE_FALSE(plan.remove_work_step("W2"));
    CHECK(moved());
    REQUIRE_FALSE(plan.remove_process("PR1"));
    CHECK(moved());
    REQUIRE_FALSE(plan.remove_order("O1"));  // empty now: W1 moved to O2, PR1 is gone
    CHECK(moved());
    Plan other;
    CHECK(other.layout_revision() != plan.layout_revision());
}
