// R1–R10 of product.md, each by name, on hand-made plans.
#include <doctest/doctest.h>

#include "plan_builder.h"
#include "sync/plan/access.h"

using namespace pt::plan;
using namespace pt::plan::testing;

namespace {

const ViewWorkStep* find_step(const PartnerView& view, std::string_view id) {
    for (const auto& w : view.work_steps) {
        if (w.id == id) return &w;
    }
    return nullptr;
}

ModuleSet modules(std::initializer_list<Module> list) {
    ModuleSet set;
    for (Module m : list)
        set.insert(m);
    return set;
}

}  // namespace

TEST_CASE("R1 own resources: only external resources linked to the partner count") {
    const Plan plan = PlanBuilder()
                          .partner("P1")
                          .partner("P2")
                          .resource("EXT", true, {"P1"})
                          .resource("INT", false, {"P1"})  // linked, but not external
                          .resource("OTHER", true, {"P2"})
                          .order("O1")
                          .step("W-ext", "O1", "EXT")
                          .step("W-int", "O1", "INT")
                          .step("W-other", "O1", "OTHER")
                          .build();
    const auto view = view_of(plan, "P1");
    CHECK(ids_of(view.resources) == Ids{"EXT"});
    CHECK(view.resources[0].own);
    CHECK(ids_of(view.work_steps) == Ids{"W-ext"});
}

TEST_CASE("R2 own work steps: every work step on an own resource, with feedback") {
    const Plan plan = PlanBuilder()
                          .partner("P1")
                          .resource("R1", true, {"P1"})
                          .resource("R2", true, {"P1"})
                          .order("O1")
                          .order("O2")
                          .step("W1", "O1", "R1")
                          .step("W2", "O2", "R2")
                          .step("W3", "O2", "R2", WorkStepStatus::finished)
                          .build();
    const auto view = view_of(plan, "P1");
    CHECK(ids_of(view.work_steps) == Ids{"W1", "W2", "W3"});
    for (const auto& w : view.work_steps)
        CHECK(w.feedback_allowed);
}

TEST_CASE("R3/R5 limited tree: only the anchor order, only own work steps") {
    const Plan plan = PlanBuilder()
                          .partner("P1")
                          .resource("EXT", true, {"P1"})
                          .resource("SAW", false, {})
                          .order("TOP", std::nullopt, Inheritance::limited)
                          .order("SUB", "TOP")
                          .order("SUBSUB", "SUB")
                          .step("W-saw", "SUB", "SAW")
                          .step("W-ext", "SUB", "EXT")
                          .step("W-top", "TOP", "SAW")
                          .build();
    const auto view = view_of(plan, "P1");
    CHECK(ids_of(view.orders) == Ids{"SUB"});
    CHECK(view.orders[0].parent_id == "TOP");
    CHECK(view.orders[0].top_id == "TOP");
    CHECK(ids_of(view.work_steps) == Ids{"W-ext"});
}

TEST_CASE("R3/R5/R7 full tree of depth three: every order and every work step, read-only") {
    const Plan plan = PlanBuilder()
                          .partner("P1")
                          .resource("EXT", true, {"P1"})
                          .resource("SAW", false, {})
                          .order("TOP", std::nullopt, Inheritance::full)
                          .order("SUB", "TOP")
                          .order("SUBSUB", "SUB")
                          .order("ELSE")  // another tree, no anchor
                          .step("W-ext", "SUBSUB", "EXT")
                          .step("W-saw", "SUB", "SAW")
                          .step("W-top", "TOP", "SAW")
                          .step("W-else", "ELSE", "SAW")
                          .build();
    const auto view = view_of(plan, "P1");
    CHECK(ids_of(view.orders) == Ids{"SUB", "SUBSUB", "TOP"});
    CHECK(ids_of(view.work_steps) == Ids{"W-ext", "W-saw", "W-top"});
    CHECK(find_step(view, "W-ext")->feedback_allowed);
    CHECK_FALSE(find_step(view, "W-saw")->feedback_allowed);
    CHECK_FALSE(find_step(view, "W-top")->feedback_allowed);
    REQUIRE(view.resources.size() == 2);
    CHECK(view.resources[0].id == "EXT");
    CHECK(view.resources[0].own);
    CHECK(view.resources[1].id == "SAW");
    CHECK_FALSE(view.resources[1].own);
}

TEST_CASE("R4 inheritance: sub-orders follow their top-level order") {
    PlanBuilder b;
    b.partner("P1").resource("EXT", true, {"P1"}).resource("SAW", false, {});
    b.order("TOP").order("SUB", "TOP").step("W-ext", "SUB", "EXT").step("W-saw", "TOP", "SAW");
    b.default_inheritance(Inheritance::full);  // TOP was created without a setting
    Plan plan = b.build();
    CHECK(ids_of(view_of(plan, "P1").orders) == Ids{"SUB", "TOP"});

    OrderChange limit;
    limit.external_inheritance = std::optional<Inheritance>(Inheritance::limited);
    REQUIRE_FALSE(plan.change_order("TOP", limit));
    CHECK(ids_of(view_of(plan, "P1").orders) == Ids{"SUB"});

    Settings s = plan.settings();
    s.default_external_inheritance = Inheritance::full;
    REQUIRE_FALSE(plan.update_settings(s));  // changes no existing order
    CHECK(ids_of(view_of(plan, "P1").orders) == Ids{"SUB"});
}

TEST_CASE("R6 grant by name: the whole tree, whatever its setting, read-only") {
    const Plan plan = PlanBuilder()
                          .partner("P1")
                          .partner("P2")
                          .resource("SAW", false, {})
                          .order("TOP", std::nullopt, Inheritance::limited)
                          .order("SUB", "TOP", std::nullopt, {"P2"})
                          .order("SUBSUB", "SUB")
                          .step("W1", "SUBSUB", "SAW")
                          .step("W2", "TOP", "SAW")
                          .process("PR1", "TOP")
                          .build();
    const auto view = view_of(plan, "P2");
    CHECK(ids_of(view.orders) == Ids{"SUB", "SUBSUB", "TOP"});
    CHECK(ids_of(view.work_steps) == Ids{"W1", "W2"});
    for (const auto& w : view.work_steps)
        CHECK_FALSE(w.feedback_allowed);
    CHECK(view_of(plan, "P1").orders.empty());
}

TEST_CASE("R7 processes of related orders only with allow process feedback") {
    PlanBuilder b;
    b.partner("WITH", ModuleSet::all(), true).partner("WITHOUT", ModuleSet::all(), false);
    b.resource("R1", true, {"WITH", "WITHOUT"}).resource("SAW", false, {});
    b.order("O1").order("O2", "O1").order("O3");
    b.step("W1", "O2", "R1").step("W3", "O3", "SAW");
    b.process("PR-anchor", "O2").process("PR-parent", "O1").process("PR-other", "O3");
    b.process("PR-cancelled", "O2", ProcessStatus::cancelled);
    const Plan plan = b.build();
    const auto with = view_of(plan, "WITH");
    CHECK(ids_of(with.processes) == Ids{"PR-anchor"});  // limited tree: the anchor only
    CHECK(with.processes[0].feedback_allowed);
    CHECK(view_of(plan, "WITHOUT").processes.empty());
}

TEST_CASE("R8 modules: feedback of any kind needs workbench") {
    PlanBuilder b;
    b.partner("NOBENCH", modules({Module::planning, Module::dashboard}), true);
    b.resource("R1", true, {"NOBENCH"}).order("O1").step("W1", "O1", "R1").process("PR1", "O1");
    const Plan plan = b.build();
    const auto view = view_of(plan, "NOBENCH");
    REQUIRE(view.work_steps.size() == 1);
    CHECK_FALSE(view.work_steps[0].feedback_allowed);
    REQUIRE(view.processes.size() == 1);
    CHECK_FALSE(view.processes[0].feedback_allowed);
    const auto access = compute_access(plan, "NOBENCH", kTestNow);
    CHECK_FALSE(access->has_module(plan, Module::workbench));
    CHECK(access->has_module(plan, Module::planning));
}

TEST_CASE("R9 columns: a column not chosen is absent, the identity fields always present") {
    PlanBuilder b;
    b.partner("P1", ModuleSet::all(), true).resource("R1", true, {"P1"});
    b.order("O1").step("W1", "O1", "R1").process("PR1", "O1");
    WorkStepColumns ws_columns;
    ws_columns.insert(WorkStepColumn::operation);
    ws_columns.insert(WorkStepColumn::planned_start);
    b.dataset().settings.work_step_columns = ws_columns;
    ProcessColumns pr_columns;
    pr_columns.insert(ProcessColumn::name);
    b.dataset().settings.process_columns = pr_columns;
    const auto view = view_of(b.build(), "P1");
    const ViewWorkStep& w = view.work_steps.at(0);
    CHECK(w.id == "W1");
    CHECK(w.order_id == "O1");
    CHECK(w.resource_id == "R1");
    CHECK(w.operation == "Operation");
    CHECK(w.planned_start);
    CHECK_FALSE(w.notes);
    CHECK_FALSE(w.order_number);
    CHECK_FALSE(w.article);
    CHECK_FALSE(w.seq);
    CHECK_FALSE(w.resource_name);
    CHECK_FALSE(w.planned_end);
    CHECK_FALSE(w.quantity);
    CHECK_FALSE(w.quantity_good);
    CHECK_FALSE(w.quantity_scrap);
    const ViewProcess& p = view.processes.at(0);
    CHECK(p.name == "Provide material");
    CHECK_FALSE(p.notes);
    CHECK_FALSE(p.type);
    CHECK_FALSE(p.due);
    CHECK_FALSE(p.order_number);
}

TEST_CASE("R10 nothing more: what the partner may no longer see disappears") {
    PlanBuilder b;
    b.partner("P1", ModuleSet::all(), true).partner("P2");
    b.resource("R1", true, {"P1"}).resource("R2", true, {"P1"}).resource("R3", true, {"P2"});
    b.order("O1").order("O2").step("W1", "O1", "R1").step("W2", "O2", "R2");
    b.process("PR1", "O1");
    Plan plan = b.build();
    REQUIRE(ids_of(view_of(plan, "P1").work_steps) == Ids{"W1", "W2"});

    SUBCASE("a work step moves to another partner's resource") {
        WorkStep moved = *plan.find_work_step("W1");
        moved.resource_id = "R3";
        REQUIRE_FALSE(plan.update_work_step(moved));
        const auto view = view_of(plan, "P1");
        CHECK(ids_of(view.work_steps) == Ids{"W2"});
        CHECK(ids_of(view.orders) == Ids{"O2"});
        CHECK(view.processes.empty());
        CHECK(ids_of(view_of(plan, "P2").work_steps) == Ids{"W1"});
    }
    SUBCASE("a resource is unlinked") {
        Resource r = *plan.find_resource("R1");
        r.partner_ids.clear();
        REQUIRE_FALSE(plan.update_resource(r));
        CHECK(ids_of(view_of(plan, "P1").resources) == Ids{"R2"});
        CHECK(ids_of(view_of(plan, "P1").work_steps) == Ids{"W2"});
    }
    SUBCASE("a resource is no longer external") {
        Resource r = *plan.find_resource("R2");
        r.external = false;
        REQUIRE_FALSE(plan.update_resource(r));
        CHECK(ids_of(view_of(plan, "P1").work_steps) == Ids{"W1"});
    }
    SUBCASE("the process option is switched off") {
        Partner p = *plan.find_partner("P1");
        p.allow_process_feedback = false;
        REQUIRE_FALSE(plan.update_partner(p));
        CHECK(view_of(plan, "P1").processes.empty());
    }
    SUBCASE("a work step is cancelled, and its order with it") {
        WorkStep w = *plan.find_work_step("W1");
        w.status = WorkStepStatus::cancelled;
        REQUIRE_FALSE(plan.update_work_step(w));
        const auto view = view_of(plan, "P1");
        CHECK(ids_of(view.work_steps) == Ids{"W2"});
        CHECK(ids_of(view.orders) == Ids{"O2"});
    }
    SUBCASE("a process is cancelled") {
        Process p = *plan.find_process("PR1");
        p.status = ProcessStatus::cancelled;
        REQUIRE_FALSE(plan.update_process(p));
        CHECK(view_of(plan, "P1").processes.empty());
    }
}

TEST_CASE("an unknown partner has no view") {
    const Plan plan = PlanBuilder().partner("P1").build();
    CHECK_FALSE(compute_view(plan, "P-unknown", kTestNow));
    CHECK_FALSE(compute_access(plan, "P-unknown", kTestNow));
}
