// Property test: compute_view (indexed, incremental) equals a deliberately naive reading of
// R1–R10 straight from the dataset, over thousands of random plans and random changes.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <stdexcept>

#include "plan_builder.h"
#include "random_plans.h"

using namespace pt::plan;
using namespace pt::plan::testing;

namespace {

// ---- the naive reference: linear scans, no indexes, rules read word by word -----------------

const Order& naive_order(const Dataset& d, const std::string& id) {
    for (const auto& o : d.orders) {
        if (o.id == id) return o;
    }
    throw std::runtime_error("dangling order reference " + id);
}

const Order& naive_top(const Dataset& d, const Order& order) {
    const Order* o = &order;
    while (o->parent_id)
        o = &naive_order(d, *o->parent_id);
    return *o;
}

/// The time the views are computed at (R14 measures from it): day 3 of the random plans' hours.
const Timestamp kNow = at_hour(72);

/// R14 read word by word: finished, and finished_retention_days or more before now.
bool naive_retired(const Dataset& d, const WorkStep& w) {
    return w.status == WorkStepStatus::finished && w.finished_at.has_value() &&
           *w.finished_at + std::chrono::hours(24 * d.settings.finished_retention_days) <= kNow;
}

PartnerView naive_view(const Dataset& d, const std::string& partner_id) {
    const auto found = std::find_if(d.partners.begin(), d.partners.end(),
                                    [&](const Partner& p) { return p.id == partner_id; });
    REQUIRE(found != d.partners.end());
    const Partner* partner = &*found;
    const bool workbench = partner->modules.contains(Module::workbench);

    std::set<std::string> own;  // R1
    for (const auto& r : d.resources) {
        const bool linked = std::find(r.partner_ids.begin(), r.partner_ids.end(), partner_id) !=
                            r.partner_ids.end();
        if (r.external && linked) own.insert(r.id);
    }
    std::set<std::string> anchors;  // R3
    for (const auto& w : d.work_steps) {
        if (own.contains(w.resource_id) && w.status != WorkStepStatus::cancelled &&
            !naive_retired(d, w)) {
            anchors.insert(w.order_id);
        }
    }
    std::set<std::string> full_tops;  // trees seen whole: full with an anchor (R5), named (R6)
    std::set<std::string> related;
    for (const auto& a : anchors) {
        const Order& top = naive_top(d, naive_order(d, a));
        if (top.external_inheritance == Inheritance::full) {
            full_tops.insert(top.id);
        } else {
            related.insert(a);
        }
    }
    for (const auto& o : d.orders) {
        if (std::find(o.named_partner_ids.begin(), o.named_partner_ids.end(), partner_id) !=
            o.named_partner_ids.end()) {
            full_tops.insert(naive_top(d, o).id);
        }
    }
    std::set<std::string> fully_visible;
    for (const auto& o : d.orders) {
        if (full_tops.contains(naive_top(d, o).id)) {
            related.insert(o.id);
            fully_visible.insert(o.id);
        }
    }

    PartnerView view;
    const Settings& s = d.settings;
    std::set<std::string> other_resources;
    for (const auto& w : d.work_steps) {
        if (w.status == WorkStepStatus::cancelled || naive_retired(d, w)) continue;
        const bool on_own = own.contains(w.resource_id);
        if (!on_own && !fully_visible.contains(w.order_id)) continue;
        if (!on_own) other_resources.insert(w.resource_id);
        const Order& o = naive_order(d, w.order_id);
        std::string resource_name;
        for (const auto& r : d.resources) {
            if (r.id == w.resource_id) resource_name = r.name;
        }
        ViewWorkStep v{w.id, w.order_id, w.resource_id, w.status, workbench && on_own};
        const auto& c = s.work_step_columns;
        if (c.contains(WorkStepColumn::order_number)) v.order_number = o.number;
        if (c.contains(WorkStepColumn::article)) v.article = o.article;
        if (c.contains(WorkStepColumn::operation)) v.operation = w.operation;
        if (c.contains(WorkStepColumn::seq)) v.seq = w.seq;
        if (c.contains(WorkStepColumn::resource_name)) v.resource_name = resource_name;
        if (c.contains(WorkStepColumn::planned_start)) v.planned_start = w.planned_start;
        if (c.contains(WorkStepColumn::planned_end)) v.planned_end = w.planned_end;
        if (c.contains(WorkStepColumn::quantity)) v.quantity = w.quantity;
        if (c.contains(WorkStepColumn::quantity_good)) v.quantity_good = w.quantity_good;
        if (c.contains(WorkStepColumn::quantity_scrap)) v.quantity_scrap = w.quantity_scrap;
        if (c.contains(WorkStepColumn::notes)) v.notes = w.notes;
        view.work_steps.push_back(v);
    }
    for (const auto& r : d.resources) {
        if (own.contains(r.id)) view.resources.push_back({r.id, r.name, true});
        if (other_resources.contains(r.id)) view.resources.push_back({r.id, r.name, false});
    }
    for (const auto& o : d.orders) {
        if (related.contains(o.id)) {
            view.orders.push_back(
                {o.id, o.number, o.article, o.quantity, o.due, o.parent_id, naive_top(d, o).id});
        }
    }
    for (const auto& p : d.processes) {
        if (!partner->allow_process_feedback || p.status == ProcessStatus::cancelled ||
            !related.contains(p.order_id)) {
            continue;
        }
        ViewProcess v{p.id, p.order_id, p.status, workbench};
        const auto& c = s.process_columns;
        if (c.contains(ProcessColumn::order_number))
            v.order_number = naive_order(d, p.order_id).number;
        if (c.contains(ProcessColumn::name)) v.name = p.name;
        if (c.contains(ProcessColumn::type)) v.type = p.type;
        if (c.contains(ProcessColumn::due)) v.due = p.due;
        if (c.contains(ProcessColumn::notes)) v.notes = p.notes;
        view.processes.push_back(v);
    }
    const auto by_id = [](const auto& a, const auto& b) { return a.id < b.id; };
    std::sort(view.orders.begin(), view.orders.end(), by_id);
    std::sort(view.resources.begin(), view.resources.end(), by_id);
    std::sort(view.work_steps.begin(), view.work_steps.end(), by_id);
    std::sort(view.processes.begin(), view.processes.end(), by_id);
    return view;
}

void check_all_partners(const Plan& plan, int partners) {
    const Dataset d = plan.to_dataset();
    for (int p = 0; p < partners; ++p) {
        const std::string partner = "P" + std::to_string(p);
        CAPTURE(partner);
        REQUIRE(compute_view(plan, partner, kNow).value() == naive_view(d, partner));
    }
}

}  // namespace

TEST_CASE("compute_view equals the naive reading of the rules on random plans") {
    for (std::uint64_t seed = 1; seed <= 3000; ++seed) {
        CAPTURE(seed);
        RandomPlans random(seed);
        Plan plan;
        REQUIRE_FALSE(plan.replace_all(random.plan()));
        check_all_partners(plan, random.partners());
    }
}

TEST_CASE("compute_view stays equal to the naive reading through random changes") {
    for (std::uint64_t seed = 1; seed <= 300; ++seed) {
        CAPTURE(seed);
        RandomPlans random(seed * 7919);
        Plan plan;
        REQUIRE_FALSE(plan.replace_all(random.plan()));
        for (int step = 0; step < 25; ++step) {
            CAPTURE(step);
            random.change(plan);
            check_all_partners(plan, random.partners());
        }
    }
}
