// The feedback state machine of product.md §4 and the rights behind it (R2, R7, R8, R10).
#include "sync/plan/feedback.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "plan_builder.h"

using namespace pt::plan;
using namespace pt::plan::testing;

namespace {

Event event(EventType type, std::string target, std::string op = "OP-P1") {
    Event e;
    e.id = "E-" + target;
    e.type = type;
    e.operator_id = std::move(op);
    e.target_id = std::move(target);
    e.occurred_at = at_hour(9);
    return e;
}

Plan feedback_plan(ModuleSet modules = ModuleSet::all()) {
    PlanBuilder b;
    b.partner("P1", modules, true).partner("P2");
    b.resource("R1", true, {"P1"}).resource("SAW", false, {}).resource("R2", true, {"P2"});
    b.order("O1", std::nullopt, Inheritance::full)
        .step("W1", "O1", "R1")
        .step("W-saw", "O1", "SAW");
    b.order("O2").step("W-p2", "O2", "R2");
    b.process("PR1", "O1").process("PR2", "O2");
    return b.build();
}

void set_status(Plan& plan, std::string_view id, WorkStepStatus status) {
    WorkStep w = *plan.find_work_step(id);
    w.status = status;
    REQUIRE_FALSE(plan.update_work_step(w));
}

}  // namespace

TEST_CASE("§4 work step transitions, every event from every state") {
    const std::vector<WorkStepStatus> states{WorkStepStatus::open, WorkStepStatus::in_progress,
                                             WorkStepStatus::paused, WorkStepStatus::finished};
    struct Expectation {
        EventType type;
        std::vector<WorkStepStatus> allowed_from;
    };
    const std::vector<Expectation> table{
        {EventType::work_step_started, {WorkStepStatus::open}},
        {EventType::work_step_paused, {WorkStepStatus::in_progress}},
        {EventType::work_step_resumed, {WorkStepStatus::paused}},
        {EventType::work_step_quantity, {WorkStepStatus::in_progress, WorkStepStatus::paused}},
        {EventType::work_step_finished, {WorkStepStatus::in_progress, WorkStepStatus::paused}},
        {EventType::work_step_joined, {WorkStepStatus::in_progress, WorkStepStatus::paused}},
    };
    for (const auto& row : table) {
        for (WorkStepStatus from : states) {
            Plan plan = feedback_plan();
            set_status(plan, "W1", from);
            Event e = event(row.type, "W1");
            e.data.reason = "MAT";
            e.data.good = 5;
            const bool expected = std::find(row.allowed_from.begin(), row.allowed_from.end(),
                                            from) != row.allowed_from.end();
            CAPTURE(name_of(row.type));
            CAPTURE(name_of(from));
            CHECK(transition_allowed(row.type, from) == expected);
            const Decision d = decide_event(plan, e, kTestNow);
            CHECK(d.verdict == (expected ? Verdict::accepted : Verdict::invalid_transition));
        }
    }
}

TEST_CASE("§4 effects: status and additive quantities") {
    Plan plan = feedback_plan();
    WorkStep w = *plan.find_work_step("W1");
    w = apply_to_work_step(w, event(EventType::work_step_started, "W1"));
    CHECK(w.status == WorkStepStatus::in_progress);
    Event pause = event(EventType::work_step_paused, "W1");
    pause.data.reason = "MAT";
    w = apply_to_work_step(w, pause);
    CHECK(w.status == WorkStepStatus::paused);
    Event quantity = event(EventType::work_step_quantity, "W1");
    quantity.data.good = 40;
    quantity.data.scrap = 2;
    w = apply_to_work_step(w, quantity);
    CHECK(w.status == WorkStepStatus::paused);
    w = apply_to_work_step(w, event(EventType::work_step_resumed, "W1"));
    Event finish = event(EventType::work_step_finished, "W1");
    finish.data.good = 58;
    w = apply_to_work_step(w, finish);
    CHECK(w.status == WorkStepStatus::finished);
    CHECK(w.quantity_good == 98);
    CHECK(w.quantity_scrap == 2);
}

TEST_CASE("§8 several operators: join, leave, pause by one, finish by another") {
    PlanBuilder b;
    b.partner("P1").resource("R1", true, {"P1"}).order("O1").step("W1", "O1", "R1");
    b.dataset().partners[0].operators.push_back({"OP-B", "Ben", "BADGE-B", std::nullopt});
    b.dataset().partners[0].operators.push_back({"OP-C", "Cem", "BADGE-C", std::nullopt});
    Plan plan = b.build();
    // Each event is decided on the plan as the ones before left it, as plan-server does.
    const auto apply = [&](EventType type, const std::string& op) {
        Event e = event(type, "W1", op);
        e.data.reason = "MAT";
        e.data.good = 3;
        const Decision d = decide_event(plan, e, kTestNow);
        if (d.verdict == Verdict::accepted)
            REQUIRE_FALSE(plan.update_work_step(apply_to_work_step(*plan.find_work_step("W1"), e)));
        return d.verdict;
    };
    const auto on_it = [&] { return plan.find_work_step("W1")->operator_ids; };
    using Ids = std::vector<std::string>;

    CHECK(apply(EventType::work_step_joined, "OP-B") == Verdict::invalid_transition);  // open
    CHECK(apply(EventType::work_step_started, "OP-P1") == Verdict::accepted);
    CHECK(on_it() == Ids{"OP-P1"});
    // A second Start is still refused: the second operator joins.
    CHECK(apply(EventType::work_step_started, "OP-B") == Verdict::invalid_transition);
    CHECK(apply(EventType::work_step_joined, "OP-B") == Verdict::accepted);
    CHECK(apply(EventType::work_step_joined, "OP-B") == Verdict::invalid_transition);
    CHECK(apply(EventType::work_step_joined, "OP-P1") == Verdict::invalid_transition);
    CHECK(on_it() == Ids{"OP-P1", "OP-B"});
    // Anyone pauses and resumes; a paused step can be joined and left.
    CHECK(apply(EventType::work_step_paused, "OP-B") == Verdict::accepted);
    CHECK(apply(EventType::work_step_joined, "OP-C") == Verdict::accepted);
    CHECK(apply(EventType::work_step_left, "OP-P1") == Verdict::accepted);
    CHECK(apply(EventType::work_step_left, "OP-P1") == Verdict::invalid_transition);
    CHECK(on_it() == Ids{"OP-B", "OP-C"});
    CHECK(apply(EventType::work_step_resumed, "OP-C") == Verdict::accepted);
    CHECK(plan.find_work_step("W1")->status == WorkStepStatus::in_progress);
    // The last one leaving leaves the step as it is, with nobody on it.
    CHECK(apply(EventType::work_step_left, "OP-B") == Verdict::accepted);
    CHECK(apply(EventType::work_step_left, "OP-C") == Verdict::accepted);
    CHECK(on_it().empty());
    CHECK(plan.find_work_step("W1")->status == WorkStepStatus::in_progress);
    CHECK(apply(EventType::work_step_joined, "OP-P1") == Verdict::accepted);
    // Finished by someone not on it: everyone's work on it ends.
    CHECK(apply(EventType::work_step_finished, "OP-B") == Verdict::accepted);
    CHECK(on_it().empty());
    CHECK(apply(EventType::work_step_left, "OP-P1") == Verdict::invalid_transition);
    CHECK(apply(EventType::work_step_joined, "OP-P1") == Verdict::invalid_transition);
}

TEST_CASE("§8 at most kMaxOperatorsOnStep operators on a step: a plan response carries no more") {
    PlanBuilder b;
    b.partner("P1").resource("R1", true, {"P1"}).order("O1").step("W1", "O1", "R1");
    for (std::size_t i = 0; i <= kMaxOperatorsOnStep; ++i) {
        const std::string n = std::to_string(i);
        b.dataset().partners[0].operators.push_back({"OP-" + n, "Op " + n, "B-" + n, std::nullopt});
    }
    Plan plan = b.build();
    const auto apply = [&](EventType type, const std::string& op) {
        const Event e = event(type, "W1", op);
        const Decision d = decide_event(plan, e, kTestNow);
        if (d.verdict == Verdict::accepted)
            REQUIRE_FALSE(plan.update_work_step(apply_to_work_step(*plan.find_work_step("W1"), e)));
        return d.verdict;
    };
    REQUIRE(apply(EventType::work_step_started, "OP-0") == Verdict::accepted);
    for (std::size_t i = 1; i < kMaxOperatorsOnStep; ++i)
        REQUIRE(apply(EventType::work_step_joined, "OP-" + std::to_string(i)) == Verdict::accepted);
    const std::string last = "OP-" + std::to_string(kMaxOperatorsOnStep);
    CHECK(apply(EventType::work_step_joined, last) == Verdict::invalid_transition);
    CHECK(apply(EventType::work_step_left, "OP-0") == Verdict::accepted);
    CHECK(apply(EventType::work_step_joined, last) == Verdict::accepted);
}

TEST_CASE("§8 an administrator's status change keeps the operators only while worked on") {
    WorkStep before;
    before.status = WorkStepStatus::paused;
    before.operator_ids = {"OP-A", "OP-B"};
    WorkStep after = before;
    after.status = WorkStepStatus::in_progress;
    after.operator_ids = {"OP-FORGED"};  // the server's own: whatever a change says
    keep_operators(after, &before);
    CHECK(after.operator_ids == std::vector<std::string>{"OP-A", "OP-B"});
    after.status = WorkStepStatus::open;
    keep_operators(after, &before);
    CHECK(after.operator_ids.empty());
    // Moved to another resource while running: no crew (review of issue 17: they could not
    // even leave where the new resource is not their partner's).
    WorkStep moved = before;
    moved.resource_id = "R-OTHER";
    keep_operators(moved, &before);
    CHECK(moved.operator_ids.empty());
    WorkStep added;
    added.status = WorkStepStatus::in_progress;
    added.operator_ids = {"OP-FORGED"};
    keep_operators(added, nullptr);
    CHECK(added.operator_ids.empty());
}

TEST_CASE("rights: unknown operator, not visible, not allowed") {
    Plan plan = feedback_plan();
    CHECK(decide_event(plan, event(EventType::work_step_started, "W1", "OP-nobody"), kTestNow)
              .verdict == Verdict::unknown_operator);
    CHECK(decide_event(plan, event(EventType::work_step_started, "W-p2"), kTestNow).verdict ==
          Verdict::not_visible);
    CHECK(decide_event(plan, event(EventType::work_step_started, "W-missing"), kTestNow).verdict ==
          Verdict::not_visible);
    // Visible read-only (full tree) but not on an own resource.
    CHECK(decide_event(plan, event(EventType::work_step_started, "W-saw"), kTestNow).verdict ==
          Verdict::not_allowed);
    // P2 has no process feedback option: P2's process is invisible.
    CHECK(
        decide_event(plan, event(EventType::process_feedback, "PR2", "OP-P2"), kTestNow).verdict ==
        Verdict::not_visible);

    Plan no_bench = feedback_plan(ModuleSet{});
    CHECK(decide_event(no_bench, event(EventType::work_step_started, "W1"), kTestNow).verdict ==
          Verdict::not_allowed);
    Event pf = event(EventType::process_feedback, "PR1");
    pf.data.process_status = ProcessStatus::done;
    CHECK(decide_event(no_bench, pf, kTestNow).verdict == Verdict::not_allowed);
}

TEST_CASE("R10: feedback on what is no longer visible is refused") {
    Plan plan = feedback_plan();
    set_status(plan, "W1", WorkStepStatus::cancelled);
    CHECK(decide_event(plan, event(EventType::work_step_started, "W1"), kTestNow).verdict ==
          Verdict::not_visible);
}

TEST_CASE("invalid data") {
    Plan plan = feedback_plan();
    set_status(plan, "W1", WorkStepStatus::in_progress);
    Event pause = event(EventType::work_step_paused, "W1");
    pause.data.reason = "NOPE";
    CHECK(decide_event(plan, pause, kTestNow).verdict == Verdict::invalid);

    Event scrap = event(EventType::work_step_quantity, "W1");
    scrap.data.scrap = 3;
    CHECK(decide_event(plan, scrap, kTestNow).verdict == Verdict::invalid);  // no scrap reason
    scrap.data.scrap_reason = "SURF";
    CHECK(decide_event(plan, scrap, kTestNow).verdict == Verdict::accepted);

    Event negative = event(EventType::work_step_finished, "W1");
    negative.data.good = -1;
    CHECK(decide_event(plan, negative, kTestNow).verdict == Verdict::invalid);

    Event nothing = event(EventType::work_step_quantity, "W1");
    CHECK(decide_event(plan, nothing, kTestNow).verdict == Verdict::invalid);

    Event bad_status = event(EventType::process_feedback, "PR1");
    bad_status.data.process_status = ProcessStatus::cancelled;
    CHECK(decide_event(plan, bad_status, kTestNow).verdict == Verdict::invalid);
}

TEST_CASE("§4 process feedback from open and in_progress only") {
    for (ProcessStatus from :
         {ProcessStatus::open, ProcessStatus::in_progress, ProcessStatus::done}) {
        for (ProcessStatus to : {ProcessStatus::in_progress, ProcessStatus::done}) {
            Plan plan = feedback_plan();
            Process p = *plan.find_process("PR1");
            p.status = from;
            REQUIRE_FALSE(plan.update_process(p));
            Event e = event(EventType::process_feedback, "PR1");
            e.data.process_status = to;
            e.data.comment = "ok";
            const bool expected = from != ProcessStatus::done;
            CAPTURE(name_of(from));
            CAPTURE(name_of(to));
            CHECK((decide_event(plan, e, kTestNow).verdict == Verdict::accepted) == expected);
            if (expected) CHECK(apply_to_process(p, e).status == to);
        }
    }
}

TEST_CASE("event type and verdict names are the wire names") {
    CHECK(name_of(EventType::work_step_quantity) == "work_step.quantity");
    CHECK(event_type_from_name("process.feedback") == EventType::process_feedback);
    CHECK(event_type_from_name("work_step.joined") == EventType::work_step_joined);
    CHECK(event_type_from_name("work_step.left") == EventType::work_step_left);
    CHECK_FALSE(event_type_from_name("work_step.exploded"));
    CHECK(name_of(Verdict::invalid_transition) == "invalid_transition");
}
