// Notes and corrections (product.md §8): who may write a note, which notes a partner's view
// carries, and how a lead-approved correction replaces a report's numbers.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>

#include "plan_builder.h"
#include "sync/plan/access.h"
#include "sync/plan/feedback.h"
#include "sync/plan/step_notes.h"
#include "sync/plan/view.h"

using namespace pt::plan;
using namespace pt::plan::testing;

namespace {

/// P1 owns R1 (W1) and sees W-saw on an internal machine through O1's full tree; P2 owns R2.
/// P1 has a lead, OP-LEAD; P2's lead is OP-LEAD2.
Plan people_plan(ModuleSet modules = ModuleSet::all()) {
    PlanBuilder b;
    b.partner("P1", modules, true).partner("P2");
    b.resource("R1", true, {"P1"}).resource("SAW", false, {}).resource("R2", true, {"P2"});
    b.order("O1", std::nullopt, Inheritance::full)
        .step("W1", "O1", "R1")
        .step("W-saw", "O1", "SAW");
    b.order("O2").step("W-p2", "O2", "R2");
    b.dataset().partners[0].operators.push_back(
        {"OP-LEAD", "Lena", "BADGE-L", std::nullopt, OperatorRole::lead});
    b.dataset().partners[1].operators.push_back(
        {"OP-LEAD2", "Lars", "BADGE-L2", std::nullopt, OperatorRole::lead});
    return b.build();
}

void put_status(Plan& plan, std::string_view id, WorkStepStatus status) {
    WorkStep w = *plan.find_work_step(id);
    w.status = status;
    REQUIRE_FALSE(plan.update_work_step(w));
}

Event note_event(std::string target, std::string text, std::string op = "OP-P1") {
    Event e;
    e.id = "N-" + target;
    e.type = EventType::work_step_note;
    e.operator_id = std::move(op);
    e.target_id = std::move(target);
    e.occurred_at = at_hour(9);
    e.data.text = std::move(text);
    return e;
}

/// An accepted report of W1 as the event log gives it to the rules.
Event report_event(EventType type, std::int64_t good, std::int64_t scrap,
                   std::string target = "W1") {
    Event e;
    e.id = "R-1";
    e.type = type;
    e.operator_id = "OP-P1";
    e.target_id = std::move(target);
    e.occurred_at = at_hour(8);
    e.data.good = good;
    e.data.scrap = scrap;
    if (scrap > 0) e.data.scrap_reason = "SURF";
    return e;
}

Event correction_event(std::int64_t good, std::int64_t scrap, std::string approver = "OP-LEAD") {
    Event e;
    e.id = "C-1";
    e.type = EventType::work_step_corrected;
    e.operator_id = "OP-P1";
    e.target_id = "W1";
    e.occurred_at = at_hour(9);
    e.data.corrects = "R-1";
    e.data.good = good;
    e.data.scrap = scrap;
    if (scrap > 0) e.data.scrap_reason = "SURF";
    e.data.approved_by = std::move(approver);
    return e;
}

Verdict verdict_of(const Plan& plan, const Event& e, const CorrectionFacts* facts = nullptr) {
    return decide_event(plan, e, kTestNow, facts).verdict;
}

}  // namespace

TEST_CASE("§8 a note on any own step that is not cancelled, with a text") {
    Plan plan = people_plan();
    for (const auto status : {WorkStepStatus::open, WorkStepStatus::in_progress,
                              WorkStepStatus::paused, WorkStepStatus::finished}) {
        CAPTURE(name_of(status));
        put_status(plan, "W1", status);
        CHECK(verdict_of(plan, note_event("W1", "Haftgrund dünn")) == Verdict::accepted);
        // A note changes nothing of the step.
        CHECK(apply_to_work_step(*plan.find_work_step("W1"), note_event("W1", "x")) ==
              *plan.find_work_step("W1"));
    }
    put_status(plan, "W1", WorkStepStatus::cancelled);
    CHECK(verdict_of(plan, note_event("W1", "x")) == Verdict::not_visible);
    put_status(plan, "W1", WorkStepStatus::open);
    CHECK(verdict_of(plan, note_event("W1", "")) == Verdict::invalid);
    CHECK(verdict_of(plan, note_event("W1", " \n\t")) == Verdict::invalid);
    CHECK(verdict_of(plan, note_event("W1", "Zeile 1\nZeile 2")) == Verdict::accepted);
    CHECK(verdict_of(plan, note_event("W1", std::string("a\x01b"))) == Verdict::invalid);
    CHECK(verdict_of(plan, note_event("W1", std::string("a\x7f"))) == Verdict::invalid);
    // Seen, but not its own (R2); another partner's step is not seen at all.
    CHECK(verdict_of(plan, note_event("W-saw", "x")) == Verdict::not_allowed);
    CHECK(verdict_of(plan, note_event("W-p2", "x")) == Verdict::not_visible);
    // Feedback needs the workbench licence (R8).
    const Plan no_workbench = people_plan(ModuleSet{});
    CHECK(verdict_of(no_workbench, note_event("W1", "x")) == Verdict::not_allowed);
}

TEST_CASE("§8 a view carries the notes of the last 30 days on the partner's own steps") {
    const Plan plan = people_plan();
    StepNoteLog log;
    const auto add = [&](std::string id, std::string step, Timestamp at) {
        log.add({std::move(id), std::move(step), "Ana", at, "text"});
    };
    add("n-3", "W1", kTestNow - std::chrono::hours(1));
    add("n-1", "W1", kTestNow - kStepNoteDays);  // exactly 30 days: still in
    add("n-0", "W1", kTestNow - kStepNoteDays - std::chrono::seconds(1));
    add("n-2", "W-saw", kTestNow);  // a step P1 sees but not its own
    add("n-4", "W-p2", kTestNow);
    const auto ids = [&](std::string_view partner) {
        std::vector<std::string> list;
        const auto view = compute_view(plan, partner, kTestNow, &log);
        for (const ViewStepNote& n : view->step_notes)
            list.push_back(n.id);
        return list;
    };
    CHECK(ids("P1") == std::vector<std::string>{"n-1", "n-3"});
    CHECK(ids("P2") == std::vector<std::string>{"n-4"});
    CHECK(compute_view(plan, "P1", kTestNow)->step_notes.empty());  // no log: no notes

    log.forget_before(kTestNow - kStepNoteDays);
    CHECK(log.size() == 4);
    CHECK(log.on_step("W1").size() == 2);

    SUBCASE("a view holds at most kMaxStepNoteBytesPerView of notes, the newest") {
        PlanBuilder b;
        b.partner("P1").resource("R1", true, {"P1"}).order("O1");
        for (int i = 0; i < 40; ++i)
            b.step("S" + std::to_string(100 + i), "O1", "R1");
        const Plan big = b.build();
        StepNoteLog full;
        for (int i = 0; i < 40; ++i) {
            for (std::size_t n = 0; n < kMaxNotesPerStep; ++n) {
                char id[16];
                std::snprintf(id, sizeof id, "x-%02d-%03zu", i, n);
                full.add({id, "S" + std::to_string(100 + i), "Ana",
                          kTestNow - std::chrono::minutes(i * 1000 + static_cast<int>(n)),
                          std::string(2000, 'x')});
            }
        }
        const auto notes = compute_view(big, "P1", kTestNow, &full)->step_notes;
        std::size_t bytes = 0;
        for (const ViewStepNote& n : notes)
            bytes += n.text.size();
        CHECK(bytes <= kMaxStepNoteBytesPerView);
        CHECK(notes.size() == kMaxStepNoteBytesPerView / 2000);
        // The newest ones: those of S100 (the most recent minutes) are all there.
        CHECK(std::count_if(notes.begin(), notes.end(), [](const ViewStepNote& n) {
                  return n.work_step_id == "S100";
              }) == static_cast<std::ptrdiff_t>(kMaxNotesPerStep));
    }
    SUBCASE("at most kMaxNotesPerStep of one step, the newest") {
        StepNoteLog many;
        for (std::size_t i = 0; i < kMaxNotesPerStep + 20; ++i) {
            char id[8];
            std::snprintf(id, sizeof id, "m-%03zu", i);
            many.add({id, "W1", "Ana", kTestNow - std::chrono::minutes(500 - i), "text"});
        }
        const auto notes = compute_view(plan, "P1", kTestNow, &many)->step_notes;
        REQUIRE(notes.size() == kMaxNotesPerStep);
        CHECK(notes.front().id == "m-020");  // the 20 oldest stay in the event log only
        CHECK(notes.back().id == "m-119");
        CHECK(many.size() == kMaxNotesPerStep);  // nor are they held in memory
        // A late note (an offline terminal's) older than those held is the one that goes.
        many.add({"late", "W1", "Ana", kTestNow - std::chrono::hours(100), "text"});
        CHECK(many.on_step("W1").size() == kMaxNotesPerStep);
        for (const ViewStepNote& n : many.on_step("W1"))
            CHECK(n.id != "late");
    }
}

TEST_CASE("§8 a correction replaces the report's numbers; the totals follow") {
    Plan plan = people_plan();
    WorkStep w1 = *plan.find_work_step("W1");
    w1.status = WorkStepStatus::finished;
    w1.quantity_good = 95;  // a quantity report of 10 and a finish of 85 good, 5 scrap
    w1.quantity_scrap = 5;
    REQUIRE_FALSE(plan.update_work_step(w1));

    CorrectionFacts facts{report_event(EventType::work_step_finished, 85, 5), "P1", true};
    const Event fix = correction_event(80, 10);
    CHECK(verdict_of(plan, fix, &facts) == Verdict::accepted);
    const WorkStep after = apply_to_work_step(*plan.find_work_step("W1"), fix, &facts);
    CHECK(after.quantity_good == 90);
    CHECK(after.quantity_scrap == 10);
    CHECK(after.status == WorkStepStatus::finished);
    REQUIRE_FALSE(plan.update_work_step(after));

    SUBCASE("corrected again: the latest correction's numbers are those in force") {
        facts.report->data.good = 80;  // as EventStore::report_in_force gives them now
        facts.report->data.scrap = 10;
        const Event again = correction_event(85, 0);
        CHECK(verdict_of(plan, again, &facts) == Verdict::accepted);
        const WorkStep twice = apply_to_work_step(*plan.find_work_step("W1"), again, &facts);
        CHECK(twice.quantity_good == 95);
        CHECK(twice.quantity_scrap == 0);
    }
    SUBCASE("a correction names the original report, not a correction") {
        CorrectionFacts of_correction{correction_event(80, 10), "P1", true};
        CHECK(verdict_of(plan, correction_event(85, 0), &of_correction) == Verdict::invalid);
    }
    SUBCASE("a refused or unknown report cannot be corrected") {
        const CorrectionFacts none{std::nullopt, "", true};
        CHECK(verdict_of(plan, fix, &none) == Verdict::invalid);
        CHECK(verdict_of(plan, fix) == Verdict::invalid);
    }
    SUBCASE("the report of another step, or a report that is no report") {
        CorrectionFacts other{report_event(EventType::work_step_quantity, 5, 0, "W-saw"), "P1",
                              true};
        CHECK(verdict_of(plan, fix, &other) == Verdict::invalid);
        Event start = report_event(EventType::work_step_started, 0, 0);
        CorrectionFacts started{start, "P1", true};
        // Another partner's report, on a step both share (review of issue 17).
        CorrectionFacts foreign{report_event(EventType::work_step_finished, 85, 5), "P2", true};
        CHECK(verdict_of(plan, fix, &foreign) == Verdict::invalid);
        CHECK(verdict_of(plan, fix, &started) == Verdict::invalid);
    }
    SUBCASE("totals would go below zero") {
        WorkStep low = *plan.find_work_step("W1");
        low.quantity_good = 3;  // an administrator set them lower since
        REQUIRE_FALSE(plan.update_work_step(low));
        CHECK(verdict_of(plan, correction_event(0, 10), &facts) == Verdict::invalid);
    }
    SUBCASE("data: scrap needs a known reason, quantities are bounded") {
        Event no_reason = correction_event(80, 10);
        no_reason.data.scrap_reason = "NOPE";
        CHECK(verdict_of(plan, no_reason, &facts) == Verdict::invalid);
        CHECK(verdict_of(plan, correction_event(kMaxQuantityPerEvent + 1, 0), &facts) ==
              Verdict::invalid);
    }
}

TEST_CASE("§8 a correction needs a lead of the same partner with a session on this terminal") {
    Plan plan = people_plan();
    put_status(plan, "W1", WorkStepStatus::in_progress);
    WorkStep w1 = *plan.find_work_step("W1");
    w1.quantity_good = 10;
    REQUIRE_FALSE(plan.update_work_step(w1));
    const CorrectionFacts facts{report_event(EventType::work_step_quantity, 10, 0), "P1", true};
    CHECK(verdict_of(plan, correction_event(8, 0, "OP-LEAD"), &facts) == Verdict::accepted);
    CHECK(verdict_of(plan, correction_event(8, 0, "OP-P1"), &facts) == Verdict::not_a_lead);
    CHECK(verdict_of(plan, correction_event(8, 0, "OP-LEAD2"), &facts) == Verdict::not_a_lead);
    CHECK(verdict_of(plan, correction_event(8, 0, "OP-NOBODY"), &facts) == Verdict::not_a_lead);
    const CorrectionFacts no_session{facts.report, "P1", false};
    CHECK(verdict_of(plan, correction_event(8, 0), &no_session) == Verdict::not_a_lead);

    SUBCASE("the first reason of sync-api.md's order: invalid, not_a_lead, invalid_transition") {
        put_status(plan, "W1", WorkStepStatus::open);  // an administrator reset it
        CHECK(verdict_of(plan, correction_event(8, 0), &facts) == Verdict::invalid_transition);
        CHECK(verdict_of(plan, correction_event(8, 0, "OP-P1"), &facts) == Verdict::not_a_lead);
        const CorrectionFacts none{std::nullopt, "", false};
        CHECK(verdict_of(plan, correction_event(8, 0, "OP-P1"), &none) == Verdict::invalid);
    }
    CHECK(name_of(Verdict::not_a_lead) == "not_a_lead");
    CHECK(name_of(EventType::work_step_corrected) == "work_step.corrected");
    CHECK(event_type_from_name("work_step.note") == EventType::work_step_note);
}
