// The demo plan of `plan-server --demo` (sync/server/demo_plan.h): sizes, referential
// integrity, the features a demo must show (R1, R4, R6, depth, statuses), and that the plan
// and every partner's view accept it.
#include "sync/server/demo_plan.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <set>
#include <string>

#include "sync/plan/plan.h"
#include "sync/plan/view.h"

namespace {

using namespace std::chrono;
using pt::plan::Dataset;
using pt::plan::Inheritance;
using pt::plan::ProcessStatus;
using pt::plan::Timestamp;
using pt::plan::WorkStepStatus;

// Mid-morning, late evening, the small hours and a Sunday, none on a quarter hour.
const std::array<Timestamp, 4> kNows{
    Timestamp{sys_days{2026y / November / 23} + 9h + 37min + 12s},
    Timestamp{sys_days{2026y / November / 25} + 21h + 52min},
    Timestamp{sys_days{2027y / January / 1} + 3h + 5min},
    Timestamp{sys_days{2026y / March / 8} + 14h + 1min},
};

template <typename T>
std::set<std::string> ids_of(const std::vector<T>& items) {
    std::set<std::string> ids;
    for (const auto& item : items)
        ids.insert(item.id);
    return ids;
}

template <typename T>
bool ids_unique(const std::vector<T>& items) {
    return ids_of(items).size() == items.size();
}

const pt::plan::Order* find_order(const Dataset& data, const std::string& id) {
    for (const auto& order : data.orders) {
        if (order.id == id) return &order;
    }
    return nullptr;
}

/// Depth of the order (1 for top-level); 0 when its parents do not end at a top-level order.
int depth_of(const Dataset& data, const pt::plan::Order& order) {
    const pt::plan::Order* current = &order;
    for (int depth = 1; depth <= static_cast<int>(data.orders.size()); ++depth) {
        if (!current->parent_id) return depth;
        current = find_order(data, *current->parent_id);
        if (current == nullptr) return 0;
    }
    return 0;  // a cycle
}

std::string top_of(const Dataset& data, const pt::plan::Order& order) {
    const pt::plan::Order* current = &order;
    while (current->parent_id) {
        const pt::plan::Order* parent = find_order(data, *current->parent_id);
        if (parent == nullptr) return {};  // dangling parent: no top (referential test fails)
        current = parent;
    }
    return current->id;
}

/// Resource ids that are external and linked to the partner (R1).
std::set<std::string> own_resources(const Dataset& data, const std::string& partner) {
    std::set<std::string> own;
    for (const auto& resource : data.resources) {
        const auto& links = resource.partner_ids;
        if (resource.external && std::find(links.begin(), links.end(), partner) != links.end()) {
            own.insert(resource.id);
        }
    }
    return own;
}

void check_integrity(const Dataset& data) {
    CHECK(ids_unique(data.partners));
    CHECK(ids_unique(data.resources));
    CHECK(ids_unique(data.orders));
    CHECK(ids_unique(data.work_steps));
    CHECK(ids_unique(data.processes));
    std::set<std::string> operator_ids, badges;
    std::size_t operator_count = 0;
    for (const auto& partner : data.partners) {
        for (const auto& op : partner.operators) {
            operator_ids.insert(op.id);
            badges.insert(op.badge);
            ++operator_count;
        }
    }
    CHECK(operator_ids.size() == operator_count);
    CHECK(badges.size() == operator_count);

    const auto partners = ids_of(data.partners);
    const auto resources = ids_of(data.resources);
    const auto orders = ids_of(data.orders);
    for (const auto& resource : data.resources) {
        for (const auto& p : resource.partner_ids)
            CHECK(partners.count(p) == 1);
    }
    for (const auto& order : data.orders) {
        CAPTURE(order.id);
        CHECK(depth_of(data, order) >= 1);
        CHECK(order.parent_id.has_value() != order.external_inheritance.has_value());
        CHECK(order.quantity > 0);
        for (const auto& p : order.named_partner_ids)
            CHECK(partners.count(p) == 1);
    }
    for (const auto& step : data.work_steps) {
        CAPTURE(step.id);
        CHECK(orders.count(step.order_id) == 1);
        CHECK(resources.count(step.resource_id) == 1);
    }
    for (const auto& process : data.processes)
        CHECK(orders.count(process.order_id) == 1);
}

void check_work_steps(const Dataset& data, Timestamp now) {
    std::map<WorkStepStatus, int> by_status;
    for (const auto& step : data.work_steps) {
        CAPTURE(step.id);
        ++by_status[step.status];
        CHECK(step.planned_start >= now - days{7});
        CHECK(step.planned_end <= now + days{7});
        CHECK(step.planned_start < step.planned_end);
        // Working hours 06:00–22:00 on one day, on quarter hours.
        const auto day = floor<days>(step.planned_start);
        CHECK(step.planned_start >= day + 6h);
        CHECK(step.planned_end <= day + 22h);
        CHECK(step.planned_start.time_since_epoch() % 15min == 0s);
        CHECK(step.planned_end.time_since_epoch() % 15min == 0s);
        CHECK(step.seq % 10 == 0);
        CHECK(step.quantity > 0);
        CHECK(step.quantity_good + step.quantity_scrap <= step.quantity);
        switch (step.status) {
            case WorkStepStatus::finished:
                CHECK(step.quantity_good + step.quantity_scrap == step.quantity);
                CHECK(step.planned_end <= now);
                break;
            case WorkStepStatus::open:
            case WorkStepStatus::cancelled:
                CHECK(step.quantity_good == 0);
                CHECK(step.quantity_scrap == 0);
                break;
            case WorkStepStatus::in_progress:
            case WorkStepStatus::paused:
                // Running since its planned start, or started early on an idle partner line.
                CHECK(step.planned_start <= now + days{1});
                break;
        }
    }
    CHECK(by_status[WorkStepStatus::finished] > 50);
    CHECK(by_status[WorkStepStatus::open] > 50);
    CHECK(by_status[WorkStepStatus::in_progress] + by_status[WorkStepStatus::paused] >= 2);
    CHECK(by_status[WorkStepStatus::cancelled] >= 1);
    CHECK(by_status[WorkStepStatus::cancelled] <= 10);
}

}  // namespace

TEST_CASE("demo plan: sizes, settings and operators") {
    const Dataset data = pt::server::make_demo_dataset(kNows[0]);
    CHECK(data.partners.size() == 3);
    CHECK(data.resources.size() >= 8);
    CHECK(data.resources.size() <= 14);
    CHECK(data.orders.size() == 40);
    CHECK(data.work_steps.size() >= 250);
    CHECK(data.work_steps.size() <= 350);
    CHECK(data.processes.size() >= 40);

    const auto& settings = data.settings;
    CHECK(settings.default_external_inheritance == Inheritance::limited);
    CHECK_FALSE(settings.work_step_columns.contains(pt::plan::WorkStepColumn::notes));
    CHECK(settings.work_step_columns.contains(pt::plan::WorkStepColumn::quantity_scrap));
    CHECK_FALSE(settings.process_columns.contains(pt::plan::ProcessColumn::notes));
    CHECK(settings.process_columns.contains(pt::plan::ProcessColumn::due));
    CHECK(settings.pause_reasons.size() == 5);
    CHECK(settings.scrap_reasons.size() == 4);

    int pins = 0;
    for (const auto& partner : data.partners) {
        CAPTURE(partner.id);
        CHECK(partner.operators.size() >= 2);
        CHECK(partner.modules.contains(pt::plan::Module::workbench));
        for (const auto& op : partner.operators)
            pins += op.pin ? 1 : 0;
    }
    CHECK(pins >= 1);
}

TEST_CASE("demo plan: demo_badges lists exactly the dataset's operators") {
    const Dataset data = pt::server::make_demo_dataset(kNows[0]);
    std::vector<pt::server::DemoBadge> expected;
    for (const auto& partner : data.partners) {
        for (const auto& op : partner.operators) {
            expected.push_back({op.badge, op.name, partner.name, op.pin});
        }
    }
    const auto badges = pt::server::demo_badges();
    REQUIRE(badges.size() == expected.size());
    for (std::size_t i = 0; i < badges.size(); ++i) {
        CHECK(badges[i].badge == expected[i].badge);
        CHECK(badges[i].operator_name == expected[i].operator_name);
        CHECK(badges[i].partner_name == expected[i].partner_name);
        CHECK(badges[i].pin == expected[i].pin);
    }
}

TEST_CASE("demo plan: integrity, times and statuses at any time of day") {
    for (const Timestamp now : kNows) {
        CAPTURE(pt::plan::format_rfc3339(now));
        const Dataset data = pt::server::make_demo_dataset(now);
        check_integrity(data);
        check_work_steps(data, now);
        for (const auto& process : data.processes) {
            CHECK_FALSE(process.name.empty());
            CHECK(process.due.time_since_epoch() % 15min == 0s);
        }
        CHECK(std::any_of(data.processes.begin(), data.processes.end(),
                          [](const auto& p) { return p.status == ProcessStatus::cancelled; }));
        CHECK(data == pt::server::make_demo_dataset(now));  // deterministic
    }
}

TEST_CASE("demo plan: every hour of a week, steps stay in the window, partner lines run") {
    const Timestamp monday{sys_days{2026y / November / 23}};
    for (auto now = monday; now < monday + days{7}; now += 1h + 7min) {
        CAPTURE(pt::plan::format_rfc3339(now));
        const Dataset data = pt::server::make_demo_dataset(now);
        for (const auto& step : data.work_steps) {
            CHECK(step.planned_start >= now - days{7});
            CHECK(step.planned_end <= now + days{7});
        }
        // Even at night some partner has a step running, so a demo terminal shows clocks.
        int busy_partners = 0;
        for (const auto& partner : data.partners) {
            const auto own = own_resources(data, partner.id);
            busy_partners +=
                std::any_of(data.work_steps.begin(), data.work_steps.end(), [&](const auto& s) {
                    return own.count(s.resource_id) == 1 &&
                           (s.status == WorkStepStatus::in_progress ||
                            s.status == WorkStepStatus::paused);
                });
        }
        CHECK(busy_partners >= 2);
    }
}

TEST_CASE("demo plan: R1, R4 and R6 are exercised, trees three deep") {
    const Dataset data = pt::server::make_demo_dataset(kNows[0]);
    std::set<Inheritance> settings;
    int max_depth = 0;
    for (const auto& order : data.orders) {
        if (order.external_inheritance) settings.insert(*order.external_inheritance);
        max_depth = std::max(max_depth, depth_of(data, order));
    }
    CHECK(settings.size() == 2);
    CHECK(max_depth == 3);

    // An internal resource with a partner link (R1).
    CHECK(std::any_of(data.resources.begin(), data.resources.end(),
                      [](const auto& r) { return !r.external && !r.partner_ids.empty(); }));
    // An external resource linked to two partners.
    CHECK(std::any_of(data.resources.begin(), data.resources.end(),
                      [](const auto& r) { return r.external && r.partner_ids.size() == 2; }));

    // A partner named on a tree in which it has no work step (R6 is its only way in).
    bool named_without_steps = false;
    for (const auto& order : data.orders) {
        for (const auto& partner : order.named_partner_ids) {
            const auto own = own_resources(data, partner);
            const auto top = top_of(data, order);
            bool has_step = false;
            for (const auto& step : data.work_steps) {
                const auto* owner = find_order(data, step.order_id);
                has_step |= top_of(data, *owner) == top && own.count(step.resource_id) == 1;
            }
            named_without_steps |= !has_step;
        }
    }
    CHECK(named_without_steps);
}

TEST_CASE("demo plan: the plan accepts it and every partner sees its share") {
    for (const Timestamp now : kNows) {
        CAPTURE(pt::plan::format_rfc3339(now));
        const Dataset data = pt::server::make_demo_dataset(now);
        pt::plan::Plan plan;
        const auto error = plan.replace_all(data);
        REQUIRE_MESSAGE(!error, (error ? error->message : std::string{}));

        for (const auto& partner : data.partners) {
            CAPTURE(partner.id);
            const auto view = pt::plan::compute_view(plan, partner.id, now);
            REQUIRE(view);
            CHECK_FALSE(view->work_steps.empty());
            CHECK_FALSE(view->orders.empty());
            CHECK(view->processes.empty() != partner.allow_process_feedback);

            // Feedback only on own resources: the internal resource linked to a partner never
            // counts (R1).
            const auto own = own_resources(data, partner.id);
            for (const auto& resource : view->resources) {
                CHECK(resource.own == (own.count(resource.id) == 1));
            }
            for (const auto& step : view->work_steps) {
                if (step.feedback_allowed) CHECK(own.count(step.resource_id) == 1);
            }

            // Every tree that names the partner is visible whole, work steps included (R6, R7).
            std::set<std::string> seen_orders, seen_steps;
            for (const auto& order : view->orders)
                seen_orders.insert(order.id);
            for (const auto& step : view->work_steps)
                seen_steps.insert(step.id);
            std::set<std::string> named_tops;
            for (const auto& order : data.orders) {
                const auto& named = order.named_partner_ids;
                if (std::find(named.begin(), named.end(), partner.id) != named.end()) {
                    named_tops.insert(top_of(data, order));
                }
            }
            for (const auto& order : data.orders) {
                if (named_tops.count(top_of(data, order)) == 0) continue;
                CHECK(seen_orders.count(order.id) == 1);
            }
            for (const auto& step : data.work_steps) {
                const auto* owner = find_order(data, step.order_id);
                if (named_tops.count(top_of(data, *owner)) == 0) continue;
                if (step.status == WorkStepStatus::cancelled) continue;
                CHECK(seen_steps.count(step.id) == 1);
            }
        }
    }
}
