// Random small plans and random changes through Plan's own calls, for the property tests of
// the views (view_property_test.cpp) and of the change preview (preview_test.cpp).
#pragma once

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "plan_builder.h"

namespace pt::plan::testing {

class RandomPlans {
public:
    explicit RandomPlans(std::uint64_t seed) : rng_(seed) {}

    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
    bool chance(int percent) { return pick(100) < percent; }
    std::string id(char kind, int n) { return std::string(1, kind) + std::to_string(n); }

    template <typename Set>
    Set random_set() {
        Set set;
        for (int i = 0; i < Set::size(); ++i) {
            if (chance(60)) set.insert(static_cast<decltype(enum_of<Set>())>(i));
        }
        return set;
    }
    template <typename Set>
    static auto enum_of() {
        if constexpr (std::is_same_v<Set, ModuleSet>)
            return Module{};
        else if constexpr (std::is_same_v<Set, WorkStepColumns>)
            return WorkStepColumn{};
        else
            return ProcessColumn{};
    }

    Dataset plan() {
        Dataset d;
        d.settings.default_external_inheritance =
            chance(50) ? Inheritance::full : Inheritance::limited;
        d.settings.work_step_columns = random_set<WorkStepColumns>();
        d.settings.process_columns = random_set<ProcessColumns>();
        d.settings.finished_retention_days = pick(5);  // R14: 0 to 4 days before kNow
        partners_ = 1 + pick(4);
        resources_ = 1 + pick(8);
        orders_ = 1 + pick(15);
        steps_ = pick(30);
        processes_ = pick(10);
        for (int p = 0; p < partners_; ++p) {
            d.partners.push_back({id('P', p),
                                  "Partner",
                                  random_set<ModuleSet>(),
                                  chance(50),
                                  {{id('X', p), "Op", id('B', p), std::nullopt}}});
        }
        for (int r = 0; r < resources_; ++r) {
            d.resources.push_back(
                {id('R', r), "Res " + std::to_string(r), chance(70), partner_ids()});
        }
        for (int o = 0; o < orders_; ++o) {
            std::optional<std::string> parent;
            if (o > 0 && chance(60)) parent = id('O', pick(o));
            std::optional<Inheritance> inheritance;
            if (!parent && chance(70))
                inheritance = chance(50) ? Inheritance::full : Inheritance::limited;
            std::vector<std::string> named;
            if (chance(15)) named.push_back(id('P', pick(partners_)));
            d.orders.push_back({id('O', o), "PO-" + std::to_string(o), "Art", o, at_hour(o), parent,
                                inheritance, named});
        }
        for (int w = 0; w < steps_; ++w)
            d.work_steps.push_back(random_step(w));
        for (int p = 0; p < processes_; ++p) {
            d.processes.push_back({id('Q', p), id('O', pick(orders_)), "Proc", "transport",
                                   at_hour(p), random_process_status(), "n"});
        }
        return d;
    }

    WorkStep random_step(int w) {
        WorkStep s;
        s.id = id('W', w);
        s.order_id = id('O', pick(orders_));
        s.resource_id = id('R', pick(resources_));
        s.seq = 10 * w;
        s.operation = "Op" + std::to_string(pick(5));
        s.planned_start = at_hour(pick(100));
        s.planned_end = s.planned_start + std::chrono::hours(2);
        s.quantity = pick(100);
        s.status = static_cast<WorkStepStatus>(pick(5));
        finish_at_random(s);
        s.quantity_good = pick(50);
        s.quantity_scrap = pick(5);
        s.notes = chance(50) ? "note" : "";
        return s;
    }
    /// A finished step finished at some hour of the plans' first four days (R14), or, now and
    /// then, without finished_at (finished before the server kept it).
    void finish_at_random(WorkStep& s) {
        s.finished_at.reset();
        if (s.status == WorkStepStatus::finished && chance(80)) s.finished_at = at_hour(pick(96));
    }
    ProcessStatus random_process_status() { return static_cast<ProcessStatus>(pick(4)); }
    std::vector<std::string> partner_ids() {
        std::vector<std::string> ids;
        for (int p = 0; p < partners_; ++p) {
            if (chance(40)) ids.push_back(id('P', p));
        }
        return ids;
    }

    /// One random change through the Plan's own API; refused changes are fine.
    void change(Plan& plan) {
        switch (pick(8)) {
            case 0: {
                if (steps_ == 0) break;
                WorkStep s = random_step(pick(steps_));
                (void)plan.update_work_step(s);
                break;
            }
            case 1: {
                Resource r = *plan.find_resource(id('R', pick(resources_)));
                if (chance(50))
                    r.external = !r.external;
                else
                    r.partner_ids = partner_ids();
                (void)plan.update_resource(r);
                break;
            }
            case 2: {
                Partner p = *plan.find_partner(id('P', pick(partners_)));
                p.modules = random_set<ModuleSet>();
                p.allow_process_feedback = chance(50);
                (void)plan.update_partner(p);
                break;
            }
            case 3: {
                OrderChange c;
                if (chance(50))
                    c.parent_id = chance(30) ? std::optional<std::string>()
                                             : std::optional<std::string>(id('O', pick(orders_)));
                if (chance(50))
                    c.external_inheritance = std::optional<Inheritance>(
                        chance(50) ? Inheritance::full : Inheritance::limited);
                if (chance(30))
                    c.named_partner_ids = chance(50) ? std::vector<std::string>{} : partner_ids();
                (void)plan.change_order(id('O', pick(orders_)), c);
                break;
            }
            case 4: {
                Settings s = plan.settings();
                s.work_step_columns = random_set<WorkStepColumns>();
                s.process_columns = random_set<ProcessColumns>();
                s.default_external_inheritance =
                    chance(50) ? Inheritance::full : Inheritance::limited;
                (void)plan.update_settings(s);
                break;
            }
            case 5: {
                if (processes_ == 0) break;
                Process p = *plan.find_process(id('Q', pick(processes_)));
                p.status = random_process_status();
                p.order_id = id('O', pick(orders_));
                (void)plan.update_process(p);
                break;
            }
            case 6: {
                const int n = orders_++;
                Order o{id('O', n), "PO-new", "Art", 1, at_hour(1), std::nullopt, std::nullopt, {}};
                if (chance(50)) o.parent_id = id('O', pick(n));
                REQUIRE_FALSE(plan.add_order(o));
                break;
            }
            default: {
                if (steps_ == 0) break;
                WorkStep s = *plan.find_work_step(id('W', pick(steps_)));
                s.status = static_cast<WorkStepStatus>(pick(5));
                finish_at_random(s);
                (void)plan.update_work_step(s);
                break;
            }
        }
    }

    int partners() const { return partners_; }

private:
    std::mt19937_64 rng_;
    int partners_ = 0, resources_ = 0, orders_ = 0, steps_ = 0, processes_ = 0;
};

}  // namespace pt::plan::testing
