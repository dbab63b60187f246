// Dataset validation and the plan's changes (unknown references, cycles, R4 refusal).
#include <doctest/doctest.h>

#include "plan_builder.h"

using namespace pt::plan;
using namespace pt::plan::testing;

namespace {

PlanBuilder small_plan() {
    PlanBuilder b;
    b.partner("P1")
        .resource("R1", true, {"P1"})
        .order("O1")
        .order("O2", "O1")
        .step("W1", "O2", "R1");
    return b;
}

bool refused(const std::optional<PlanError>& error, PlanError::Kind kind, std::string_view word) {
    return error && error->kind == kind && error->message.find(word) != std::string::npos;
}

}  // namespace

TEST_CASE("a valid dataset is accepted and round-trips") {
    auto b = small_plan();
    const Plan plan = b.build();
    const Dataset back = plan.to_dataset();
    CHECK(back.work_steps == b.dataset().work_steps);
    CHECK(back.orders[0].external_inheritance == Inheritance::limited);  // default applied
    CHECK_FALSE(back.orders[1].external_inheritance);
    CHECK(plan.work_step_count() == 1);
}

TEST_CASE("unknown references are refused and leave the plan unchanged") {
    Plan plan = small_plan().build();
    {
        auto b = small_plan();
        b.step("W2", "O1", "R-missing");
        CHECK(refused(plan.replace_all(b.dataset()), PlanError::Kind::rule_violation, "R-missing"));
    }
    {
        auto b = small_plan();
        b.step("W2", "O-missing", "R1");
        CHECK(refused(plan.replace_all(b.dataset()), PlanError::Kind::rule_violation, "O-missing"));
    }
    {
        auto b = small_plan();
        b.order("O3", "O-missing");
        CHECK(refused(plan.replace_all(b.dataset()), PlanError::Kind::rule_violation, "O-missing"));
    }
    {
        auto b = small_plan();
        b.resource("R2", true, {"P-missing"});
        CHECK(refused(plan.replace_all(b.dataset()), PlanError::Kind::rule_violation, "P-missing"));
    }
    {
        auto b = small_plan();
        b.process("PR1", "O-missing");
        CHECK(refused(plan.replace_all(b.dataset()), PlanError::Kind::rule_violation, "O-missing"));
    }
    {
        auto b = small_plan();
        b.step("W1", "O1", "R1");
        CHECK(refused(plan.replace_all(b.dataset()), PlanError::Kind::rule_violation, "twice"));
    }
    CHECK(plan.work_step_count() == 1);
    CHECK(plan.find_work_step("W1"));
}

TEST_CASE("cycles are refused, in a dataset and by a change") {
    PlanBuilder b;
    b.partner("P1").order("A", "C").order("B", "A").order("C", "B");
    Plan plan;
    CHECK(refused(plan.replace_all(b.dataset()), PlanError::Kind::rule_violation, "cycle"));

    Plan chain = PlanBuilder().partner("P1").order("A").order("B", "A").order("C", "B").build();
    OrderChange make_a_child_of_c;
    make_a_child_of_c.parent_id = std::optional<std::string>("C");
    CHECK(refused(chain.change_order("A", make_a_child_of_c), PlanError::Kind::rule_violation,
                  "cycle"));
    OrderChange self;
    self.parent_id = std::optional<std::string>("B");
    CHECK(refused(chain.change_order("B", self), PlanError::Kind::rule_violation, "cycle"));
    CHECK_FALSE(chain.find_order("A")->parent_id);
}

TEST_CASE("duplicate badges and reason codes are refused") {
    auto b = small_plan();
    b.dataset().partners[0].operators.push_back({"OP2", "Other", "BADGE-P1", std::nullopt});
    Plan plan;
    CHECK(refused(plan.replace_all(b.dataset()), PlanError::Kind::rule_violation, "badge"));
    auto c = small_plan();
    c.dataset().settings.pause_reasons.push_back({"MAT", "again"});
    CHECK(refused(plan.replace_all(c.dataset()), PlanError::Kind::rule_violation, "MAT"));
}

TEST_CASE("changes to unknown objects are not_found") {
    Plan plan = small_plan().build();
    CHECK(refused(plan.change_order("nope", {}), PlanError::Kind::not_found, "nope"));
    WorkStep w;
    w.id = "nope";
    CHECK(refused(plan.update_work_step(w), PlanError::Kind::not_found, "nope"));
    CHECK(refused(plan.update_process(Process{.id = "nope"}), PlanError::Kind::not_found, "nope"));
    CHECK(refused(plan.update_partner(Partner{.id = "nope"}), PlanError::Kind::not_found, "nope"));
    CHECK(
        refused(plan.update_resource(Resource{.id = "nope"}), PlanError::Kind::not_found, "nope"));
}

TEST_CASE("R4: a sub-order carrying external_inheritance is refused") {
    auto b = small_plan();
    b.order("O3", "O1", Inheritance::full);
    Plan plan;
    CHECK(refused(plan.replace_all(b.dataset()), PlanError::Kind::rule_violation, "R4"));

    Plan ok = small_plan().build();
    Order sub{"O3", "PO-3", "x", 1, at_hour(1), "O1", Inheritance::full, {}};
    CHECK(refused(ok.add_order(sub), PlanError::Kind::rule_violation, "R4"));
    OrderChange set_on_sub;
    set_on_sub.external_inheritance = std::optional<Inheritance>(Inheritance::full);
    CHECK(refused(ok.change_order("O2", set_on_sub), PlanError::Kind::rule_violation, "R4"));
    CHECK_FALSE(ok.find_order("O2")->external_inheritance);
}

TEST_CASE("R4: the default applies at creation and a later default changes nothing") {
    Plan plan = small_plan().build();
    CHECK(plan.add_order({"N1", "PO-N1", "x", 1, at_hour(1), std::nullopt, std::nullopt, {}}) ==
          std::nullopt);
    CHECK(plan.find_order("N1")->external_inheritance == Inheritance::limited);
    Settings settings = plan.settings();
    settings.default_external_inheritance = Inheritance::full;
    REQUIRE_FALSE(plan.update_settings(settings));
    CHECK(plan.find_order("N1")->external_inheritance == Inheritance::limited);
    CHECK(plan.find_order("O1")->external_inheritance == Inheritance::limited);
    CHECK(plan.add_order({"N2", "PO-N2", "x", 1, at_hour(1), std::nullopt, std::nullopt, {}}) ==
          std::nullopt);
    CHECK(plan.find_order("N2")->external_inheritance == Inheritance::full);
}

TEST_CASE("an order moved under another drops its setting; one made top-level takes the default") {
    Plan plan = PlanBuilder()
                    .partner("P1")
                    .order("A", std::nullopt, Inheritance::full)
                    .order("B", std::nullopt, Inheritance::full)
                    .build();
    OrderChange under_a;
    under_a.parent_id = std::optional<std::string>("A");
    REQUIRE_FALSE(plan.change_order("B", under_a));
    CHECK_FALSE(plan.find_order("B")->external_inheritance);
    CHECK(plan.children_of(*plan.order_handle("A")).size() == 1);
    OrderChange to_top;
    to_top.parent_id = std::optional<std::string>();
    REQUIRE_FALSE(plan.change_order("B", to_top));
    CHECK(plan.find_order("B")->external_inheritance == Inheritance::limited);
    CHECK(plan.children_of(*plan.order_handle("A")).empty());
}
