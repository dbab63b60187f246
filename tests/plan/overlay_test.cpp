// The optimistic view: pending events on top of the cached plan (issue #3 item 4).
#include "sync/plan/overlay.h"

#include <doctest/doctest.h>

#include "plan_builder.h"

using namespace pt::plan;
using namespace pt::plan::testing;

namespace {

Event pending(std::string id, EventType type, std::string target) {
    Event e;
    e.id = std::move(id);
    e.type = type;
    e.operator_id = "OP-P1";
    e.target_id = std::move(target);
    e.occurred_at = at_hour(9);
    return e;
}

PartnerView cached_view(WorkStepColumns columns = WorkStepColumns::all()) {
    PlanBuilder b;
    b.partner("P1", ModuleSet::all(), true).resource("R1", true, {"P1"});
    b.order("O1").step("W1", "O1", "R1").step("W2", "O1", "R1").process("PR1", "O1");
    b.dataset().settings.work_step_columns = columns;
    return view_of(b.build(), "P1");
}

const ViewWorkStep& step(const OptimisticView& v, std::string_view id) {
    for (const auto& w : v.view.work_steps) {
        if (w.id == id) return w;
    }
    throw std::runtime_error("no such step");
}

}  // namespace

TEST_CASE("pending events show their effect at once, marked unconfirmed") {
    Event start = pending("E1", EventType::work_step_started, "W1");
    Event report = pending("E2", EventType::work_step_quantity, "W1");
    report.data.good = 40;
    report.data.scrap = 2;
    report.data.scrap_reason = "SURF";
    Event pause = pending("E3", EventType::work_step_paused, "W1");
    pause.data.reason = "MAT";
    const std::vector<Event> events{start, report, pause};

    const OptimisticView v = overlay_pending(cached_view(), events);
    CHECK(step(v, "W1").status == WorkStepStatus::paused);
    CHECK(step(v, "W1").quantity_good == 40);
    CHECK(step(v, "W1").quantity_scrap == 2);
    CHECK(v.unconfirmed_work_steps == std::unordered_set<std::string>{"W1"});
    CHECK(step(v, "W2").status == WorkStepStatus::open);
    CHECK(v.inapplicable_event_ids.empty());
}

TEST_CASE("settling: without pending events the view is the cache, unchanged") {
    const PartnerView cache = cached_view();
    const OptimisticView v = overlay_pending(cache, {});
    CHECK(v.view == cache);
    CHECK(v.unconfirmed_work_steps.empty());
}

TEST_CASE("events the cached state does not allow are left to the server") {
    const std::vector<Event> events{pending("E1", EventType::work_step_resumed, "W1"),
                                    pending("E2", EventType::work_step_started, "W-gone")};
    const OptimisticView v = overlay_pending(cached_view(), events);
    CHECK(v.inapplicable_event_ids == std::vector<std::string>{"E1", "E2"});
    CHECK(step(v, "W1").status == WorkStepStatus::open);
    CHECK(v.unconfirmed_work_steps.empty());
}

TEST_CASE("quantities stay absent where the columns are not visible (R9)") {
    WorkStepColumns columns;
    columns.insert(WorkStepColumn::operation);
    Event start = pending("E1", EventType::work_step_started, "W1");
    Event finish = pending("E2", EventType::work_step_finished, "W1");
    finish.data.good = 10;
    const std::vector<Event> events{start, finish};
    const OptimisticView v = overlay_pending(cached_view(columns), events);
    CHECK(step(v, "W1").status == WorkStepStatus::finished);
    CHECK_FALSE(step(v, "W1").quantity_good);
}

TEST_CASE("process feedback on top of the cache") {
    Event feedback = pending("E1", EventType::process_feedback, "PR1");
    feedback.data.process_status = ProcessStatus::done;
    Event again = pending("E2", EventType::process_feedback, "PR1");
    again.data.process_status = ProcessStatus::in_progress;
    const std::vector<Event> events{feedback, again};
    const OptimisticView v = overlay_pending(cached_view(), events);
    CHECK(v.view.processes.at(0).status == ProcessStatus::done);
    CHECK(v.unconfirmed_processes.contains("PR1"));
    CHECK(v.inapplicable_event_ids == std::vector<std::string>{"E2"});  // done is final
}

TEST_CASE("accepted events are facts: their effect shows even where the cache has not caught up") {
    // Found by the chaos test: an administrator started W1 while the terminal was offline; its own
    // start came back refused, its pause, resume and pause accepted. Until the next pull the
    // cache still says open, and the detail screen offered Start on a step the server had paused.
    OptimisticView v{.view = cached_view()};
    Event pause = pending("E2", EventType::work_step_paused, "W1");
    Event resume = pending("E3", EventType::work_step_resumed, "W1");
    Event report = pending("E4", EventType::work_step_quantity, "W1");
    report.data.good = 5;
    for (const Event& event : {pause, resume, report, pause})
        overlay_one(v, event, Answer::accepted);
    CHECK(step(v, "W1").status == WorkStepStatus::paused);
    CHECK(step(v, "W1").quantity_good == 5);
    CHECK(v.unconfirmed_work_steps.empty());  // decided, so not "not yet confirmed"
    CHECK(v.inapplicable_event_ids.empty());

    Event done = pending("E5", EventType::process_feedback, "PR1");
    done.data.process_status = ProcessStatus::done;
    overlay_one(v, done, Answer::accepted);
    Event reopened = pending("E6", EventType::process_feedback, "PR1");
    reopened.data.process_status = ProcessStatus::in_progress;
    overlay_one(v, reopened, Answer::accepted);  // the server accepted it: it knew better
    CHECK(v.view.processes.at(0).status == ProcessStatus::in_progress);
}

TEST_CASE("§8 the operators on a step follow start, join, leave and finish, by name") {
    OptimisticView v;
    v.view = cached_view();
    Event start = pending("E1", EventType::work_step_started, "W1");
    overlay_one(v, start, Answer::accepted, "Ana");
    CHECK(step(v, "W1").operators == std::vector<std::string>{"Ana"});
    Event join = pending("E2", EventType::work_step_joined, "W1");
    join.operator_id = "OP-B";
    overlay_one(v, join, Answer::pending, "Ben");
    CHECK(step(v, "W1").operators == std::vector<std::string>{"Ana", "Ben"});
    // A join by one already on the step, a leave by one not on it: the server's to refuse.
    Event again = pending("E3", EventType::work_step_joined, "W1");
    overlay_one(v, again, Answer::pending, "Ana");
    Event stray = pending("E4", EventType::work_step_left, "W1");
    overlay_one(v, stray, Answer::pending, "Cem");
    CHECK(v.inapplicable_event_ids == std::vector<std::string>{"E3", "E4"});
    CHECK(step(v, "W1").operators == std::vector<std::string>{"Ana", "Ben"});
    Event leave = pending("E5", EventType::work_step_left, "W1");
    overlay_one(v, leave, Answer::pending, "Ana");
    CHECK(step(v, "W1").operators == std::vector<std::string>{"Ben"});
    // Without a name the id stands in until a pull brings the name.
    Event unnamed = pending("E6", EventType::work_step_joined, "W1");
    unnamed.operator_id = "OP-X";
    overlay_one(v, unnamed);
    CHECK(step(v, "W1").operators == std::vector<std::string>{"Ben", "OP-X"});
    // Two of one name: a leave takes one of them off, not both.
    Event namesake = pending("E8", EventType::work_step_joined, "W1");
    namesake.operator_id = "OP-B2";
    overlay_one(v, namesake, Answer::accepted, "Ben");
    Event one_leaves = pending("E9", EventType::work_step_left, "W1");
    overlay_one(v, one_leaves, Answer::accepted, "Ben");
    CHECK(step(v, "W1").operators == std::vector<std::string>{"OP-X", "Ben"});
    Event finish = pending("E7", EventType::work_step_finished, "W1");
    overlay_one(v, finish, Answer::pending, "Ben");
    CHECK(step(v, "W1").operators.empty());
    CHECK(step(v, "W1").status == WorkStepStatus::finished);
}
