// Objects added and removed one by one (plan_objects.cpp): after every random change, the plan
// equals one built whole from its own dataset — every lookup, every relation, every partner's
// view — so the handles the removals move are repaired everywhere.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>

#include "plan_builder.h"

using namespace pt::plan;
using namespace pt::plan::testing;

namespace {

/// A dataset's objects in id order: the plan's order changes with removals, its content not.
Dataset canonical(Dataset d) {
    const auto by_id = [](auto& list) {
        std::sort(list.begin(), list.end(),
                  [](const auto& a, const auto& b) { return a.id < b.id; });
    };
    by_id(d.partners);
    by_id(d.resources);
    by_id(d.orders);
    by_id(d.work_steps);
    by_id(d.processes);
    return d;
}

/// Everything a rule can read agrees between `plan` and a plan rebuilt from its dataset.
void check_consistent(const Plan& plan) {
    Plan rebuilt;
    REQUIRE_FALSE(rebuilt.replace_all(plan.to_dataset()).has_value());
    CHECK(canonical(plan.to_dataset()) == canonical(rebuilt.to_dataset()));
    for (Handle h = 0; h < plan.partner_count(); ++h) {
        const Partner& partner = plan.partner_at(h);
        REQUIRE(plan.partner_handle(partner.id) == h);
        CHECK(view_of(plan, partner.id) == view_of(rebuilt, partner.id));
        for (const Operator& op : partner.operators) {
            const auto by_id = plan.find_operator(op.id);
            const auto by_badge = plan.find_operator_by_badge(op.badge);
            REQUIRE(by_id);
            REQUIRE(by_badge);
            CHECK(by_id->op == by_badge->op);
            CHECK(by_id->partner == &partner);
        }
    }
    for (Handle h = 0; h < plan.work_step_count(); ++h) {
        const WorkStep& step = plan.work_step_at(h);
        REQUIRE(plan.work_step_handle(step.id) == h);
        CHECK(plan.order_at(plan.order_of_work_step(h)).id == step.order_id);
        CHECK(plan.resource_at(plan.resource_of(h)).id == step.resource_id);
        const auto on = plan.work_steps_on(plan.resource_of(h));
        CHECK(std::count(on.begin(), on.end(), h) == 1);
        const auto of = plan.work_steps_of(plan.order_of_work_step(h));
        CHECK(std::count(of.begin(), of.end(), h) == 1);
    }
    for (Handle h = 0; h < plan.process_count(); ++h) {
        REQUIRE(plan.process_handle(plan.process_at(h).id) == h);
        CHECK(plan.order_at(plan.order_of_process(h)).id == plan.process_at(h).order_id);
    }
    for (Handle h = 0; h < plan.order_count(); ++h) {
        const Order& order = plan.order_at(h);
        REQUIRE(plan.order_handle(order.id) == h);
        for (const Handle child : plan.children_of(h))
            CHECK(plan.order_at(child).parent_id == order.id);
    }
    for (Handle h = 0; h < plan.resource_count(); ++h)
        REQUIRE(plan.resource_handle(plan.resource_at(h).id) == h);
}

/// A random element; from an empty list, an object with an empty id (which nothing matches).
template <typename T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& list) {
    static const T none{};
    if (list.empty()) return none;
    return list[std::uniform_int_distribution<std::size_t>(0, list.size() - 1)(rng)];
}

}  // namespace

TEST_CASE("random additions, changes and removals keep every index and view right") {
    std::mt19937_64 rng(20261206);
    int refused = 0;
    int done = 0;
    for (int round = 0; round < 40; ++round) {
        PlanBuilder b;
        b.partner("P1").partner("P2").partner("P3");
        b.resource("R1", true, {"P1"}).resource("R2", true, {"P2", "P3"}).resource("R3", false, {});
        b.order("O1", std::nullopt, Inheritance::full)
            .order("O2", "O1")
            .order("O3", std::nullopt, Inheritance::limited, {"P3"});
        b.step("W1", "O1", "R1").step("W2", "O2", "R2").step("W3", "O3", "R3");
        b.process("C1", "O1").process("C2", "O3");
        Plan plan = b.build();
        int next = 0;
        for (int change = 0; change < 60; ++change) {
            const Dataset d = plan.to_dataset();
            const std::string fresh = std::to_string(++next);
            std::optional<PlanError> error;
            switch (std::uniform_int_distribution<int>(0, 11)(rng)) {
                case 0: {
                    Partner p{"NP" + fresh, "New " + fresh, ModuleSet::all(), true, {}};
                    p.operators.push_back({"NOP" + fresh, "Op", "NBADGE" + fresh, std::nullopt});
                    error = plan.add_partner(std::move(p));
                    break;
                }
                case 1:
                    error = plan.remove_partner(pick(rng, d.partners).id);
                    break;
                case 2:
                    error = plan.add_operator(pick(rng, d.partners).id,
                                              {"XOP" + fresh, "Op", "XBADGE" + fresh, "pin"});
                    break;
                case 3: {
                    std::vector<Operator> all;
                    for (const auto& p : d.partners)
                        all.insert(all.end(), p.operators.begin(), p.operators.end());
                    if (all.empty()) continue;
                    OperatorChange c;
                    if (rng() % 2) c.partner_id = pick(rng, d.partners).id;
                    if (rng() % 2) c.badge = rng() % 3 ? "CBADGE" + fresh : pick(rng, all).badge;
                    if (rng() % 2) c.role = OperatorRole::lead;
                    error = plan.change_operator(pick(rng, all).id, c);
                    break;
                }
                case 4: {
                    std::vector<std::string> ids;
                    for (const auto& p : d.partners)
                        for (const auto& op : p.operators)
                            ids.push_back(op.id);
                    if (ids.empty()) continue;
                    error = plan.remove_operator(pick(rng, ids));
                    break;
                }
                case 5:
                    error =
                        plan.add_resource({"NR" + fresh, "Res", true, {pick(rng, d.partners).id}});
                    break;
                case 6:
                    error = plan.remove_resource(pick(rng, d.resources).id);
                    break;
                case 7: {
                    Order o{"NO" + fresh, "PO",         "Art",        5,
                            at_hour(10),  std::nullopt, std::nullopt, {}};
                    if (!d.orders.empty() && rng() % 2) o.parent_id = pick(rng, d.orders).id;
                    error = plan.add_order(std::move(o));
                    break;
                }
                case 8:
                    if (d.orders.empty()) continue;
                    error = plan.remove_order(pick(rng, d.orders).id);
                    break;
                case 9: {
                    if (d.orders.empty() || d.resources.empty()) continue;
                    WorkStep w = d.work_steps.empty() ? WorkStep{} : d.work_steps.front();
                    w.id = "NW" + fresh;
                    w.order_id = pick(rng, d.orders).id;
                    w.resource_id = pick(rng, d.resources).id;
                    error = plan.add_work_step(std::move(w));
                    break;
                }
                case 10:
                    if (d.work_steps.empty()) continue;
                    error = plan.remove_work_step(pick(rng, d.work_steps).id);
                    break;
                default:
                    if (d.processes.empty() || rng() % 2) {
                        if (d.orders.empty()) continue;
                        error =
                            plan.add_process({"NC" + fresh, pick(rng, d.orders).id, "Prep",
                                              "material", at_hour(20), ProcessStatus::open, ""});
                    } else {
                        error = plan.remove_process(pick(rng, d.processes).id);
                    }
                    break;
            }
            if (error) {
                ++refused;
                CHECK(canonical(plan.to_dataset()) == canonical(d));  // a refusal changes nothing
            } else {
                ++done;
            }
            check_consistent(plan);
        }
    }
    MESSAGE(done << " changes made, " << refused << " refused");
    CHECK(done > 1000);
    CHECK(refused > 100);  // the 409s and 422s were exercised too
}

TEST_CASE("removals refuse what would orphan objects, with a conflict") {
    Plan plan = PlanBuilder()
                    .partner("P1")
                    .resource("R1", true, {"P1"})
                    .order("O1")
                    .order("O2", "O1")
                    .step("W1", "O2", "R1")
                    .process("C1", "O1")
                    .build();
    CHECK(plan.remove_resource("R1")->kind == PlanError::Kind::conflict);
    CHECK(plan.remove_order("O1")->kind == PlanError::Kind::conflict);  // a sub-order
    CHECK(plan.remove_order("O2")->kind == PlanError::Kind::conflict);  // a work step
    CHECK(plan.remove_order("nope")->kind == PlanError::Kind::not_found);
    REQUIRE_FALSE(plan.remove_work_step("W1"));
    REQUIRE_FALSE(plan.remove_order("O2"));
    CHECK(plan.remove_order("O1")->kind == PlanError::Kind::conflict);  // a process
    REQUIRE_FALSE(plan.remove_process("C1"));
    REQUIRE_FALSE(plan.remove_order("O1"));
    REQUIRE_FALSE(plan.remove_resource("R1"));
    CHECK(plan.order_count() == 0);
}

TEST_CASE("a removed partner leaves no trace in resources, orders and operators") {
    Plan plan = PlanBuilder()
                    .partner("P1")
                    .partner("P2")
                    .resource("R1", true, {"P1", "P2"})
                    .order("O1", std::nullopt, std::nullopt, {"P1"})
                    .build();
    REQUIRE_FALSE(plan.remove_partner("P1"));
    CHECK(plan.find_resource("R1")->partner_ids == std::vector<std::string>{"P2"});
    CHECK(plan.find_order("O1")->named_partner_ids.empty());
    CHECK_FALSE(plan.find_operator("OP-P1"));
    CHECK_FALSE(plan.find_operator_by_badge("BADGE-P1"));
    CHECK(plan.find_operator("OP-P2")->partner->id == "P2");  // moved into the freed handle
    check_consistent(plan);
}
