#include "firmware/app/event_builder.h"

#include <doctest/doctest.h>

#include "sync/store/event_id.h"
#include "tests/app/app_fixture.h"

namespace pt::app {
namespace {

using plan::EventType;
using test::at;

struct EventFixture {
    Session session;
    plan::OptimisticView view = test::demo_view();
    EventFixture() { test::log_in(session, test::profile("OP1", "P1"), at(0)); }

    BuildResult build(const FeedbackIntent& intent) {
        return build_event(intent, session, view, at(42) + std::chrono::milliseconds{700},
                           store::new_event_id());
    }
    void refused(const FeedbackIntent& intent, EventRefusal refusal) {
        const auto result = build(intent);
        CHECK_FALSE(result.ok());
        CHECK(result.refusal == refusal);
        CHECK_FALSE(result.message.empty());
    }
};

TEST_CASE("accepted events carry a fresh id, the operator and the time") {
    EventFixture f;
    const auto started = f.build(intent::Start{"W0003"});
    REQUIRE(started.ok());
    const auto& event = *started.event;
    CHECK(store::is_event_id(event.id));
    CHECK(event.type == EventType::work_step_started);
    CHECK(event.operator_id == "OP1");
    CHECK(event.target_id == "W0003");
    CHECK(event.occurred_at == std::chrono::floor<std::chrono::seconds>(at(42)));
    const auto again = f.build(intent::Start{"W0003"});
    CHECK(again.event->id != event.id);
}

// R13: an offline session records nothing after the end of its grace period — the server would
// refuse it as `unknown_operator`, so the operator is told now rather than find it refused later.
TEST_CASE("offline, nothing is recorded after the grace period ends") {
    Session session;
    const auto attempt = session.scan_badge("B-1001", at(0));
    LoginResult offline = test::offline(test::profile("OP1", "P1"), at(0));
    offline.session->offline_until = at(600);  // grace ends ten minutes after this login
    REQUIRE(session.apply_login_result(attempt->id, offline, at(0)) == LoginApplied::logged_in);
    const plan::OptimisticView view = test::demo_view();

    CHECK(build_event(intent::Start{"W0003"}, session, view, at(600), store::new_event_id()).ok());
    const auto late =
        build_event(intent::Start{"W0003"}, session, view, at(601), store::new_event_id());
    CHECK_FALSE(late.ok());
    CHECK(late.refusal == EventRefusal::offline_grace_over);
    CHECK(name_of(late.refusal) == "offline_grace_over");
}

TEST_CASE("every work step event from its allowed status") {
    EventFixture f;
    const auto pause = f.build(intent::Pause{"W0002", "BREAK"});
    REQUIRE(pause.ok());
    CHECK(pause.event->type == EventType::work_step_paused);
    CHECK(pause.event->data.reason == "BREAK");

    const auto resume = f.build(intent::Resume{"W0006"});
    REQUIRE(resume.ok());
    CHECK(resume.event->type == EventType::work_step_resumed);

    for (const auto* id : {"W0002", "W0006"}) {
        const auto quantity = f.build(intent::ReportQuantity{id, 5, 2, "DAMAGED"});
        REQUIRE(quantity.ok());
        CHECK(quantity.event->type == EventType::work_step_quantity);
        CHECK(quantity.event->data.good == 5);
        CHECK(quantity.event->data.scrap == 2);
        CHECK(quantity.event->data.scrap_reason == "DAMAGED");

        const auto finish = f.build(intent::Finish{id, 0, 0, ""});
        REQUIRE(finish.ok());
        CHECK(finish.event->type == EventType::work_step_finished);
    }
    const auto no_scrap = f.build(intent::ReportQuantity{"W0002", 3, 0, "DAMAGED"});
    REQUIRE(no_scrap.ok());
    CHECK(no_scrap.event->data.scrap_reason.empty());  // no scrap, no scrap reason
}

TEST_CASE("the state machine decides from the optimistic status") {
    EventFixture f;
    f.refused(intent::Start{"W0002"}, EventRefusal::invalid_transition);           // in progress
    f.refused(intent::Start{"W0001"}, EventRefusal::invalid_transition);           // finished
    f.refused(intent::Pause{"W0003", "BREAK"}, EventRefusal::invalid_transition);  // open
    f.refused(intent::Pause{"W0006", "BREAK"}, EventRefusal::invalid_transition);  // paused
    f.refused(intent::Resume{"W0002"}, EventRefusal::invalid_transition);
    f.refused(intent::ReportQuantity{"W0003", 1, 0, ""}, EventRefusal::invalid_transition);
    f.refused(intent::Finish{"W0003", 1, 0, ""}, EventRefusal::invalid_transition);
    f.refused(intent::Finish{"W0001", 1, 0, ""}, EventRefusal::invalid_transition);
    f.refused(intent::Start{"W0009"}, EventRefusal::invalid_transition);  // cancelled
    const auto message = f.build(intent::Start{"W0002"}).message;
    CHECK(message == "Start is not possible while the work step is in_progress.");

    // A pending start shows as in progress in the optimistic view: a second start is refused.
    f.view.view.work_steps[2].status = plan::WorkStepStatus::in_progress;
    f.refused(intent::Start{"W0003"}, EventRefusal::invalid_transition);
    CHECK(f.build(intent::Pause{"W0003", "MATERIAL"}).ok());
}

TEST_CASE("refusals: session, target, rights") {
    EventFixture f;
    f.refused(intent::Start{"W9999"}, EventRefusal::unknown_target);
    f.refused(intent::Start{"W0008"}, EventRefusal::feedback_not_allowed);
    f.refused(intent::ProcessFeedback{"PR999", plan::ProcessStatus::done, ""},
              EventRefusal::unknown_target);
    f.refused(intent::ProcessFeedback{"PR003", plan::ProcessStatus::done, ""},
              EventRefusal::feedback_not_allowed);

    f.session.log_out();
    f.refused(intent::Start{"W0003"}, EventRefusal::not_logged_in);

    Session no_workbench;
    plan::ModuleSet planning;
    planning.insert(plan::Module::planning);
    test::log_in(no_workbench, test::profile("OP9", "P9", planning, true), at(0));
    const auto result =
        build_event(intent::Start{"W0003"}, no_workbench, f.view, at(1), store::new_event_id());
    CHECK(result.refusal == EventRefusal::feedback_not_allowed);
    const auto process = build_event(intent::ProcessFeedback{"PR001"}, no_workbench, f.view, at(1),
                                     store::new_event_id());
    CHECK(process.refusal == EventRefusal::feedback_not_allowed);

    Session no_process_feedback;
    test::log_in(no_process_feedback, test::profile("OP8", "P8", plan::ModuleSet::all(), false),
                 at(0));
    CHECK(build_event(intent::ProcessFeedback{"PR001"}, no_process_feedback, f.view, at(1),
                      store::new_event_id())
              .refusal == EventRefusal::feedback_not_allowed);
}

TEST_CASE("refusals: quantities and reasons") {
    EventFixture f;
    f.refused(intent::ReportQuantity{"W0002", -1, 0, ""}, EventRefusal::negative_quantity);
    f.refused(intent::ReportQuantity{"W0002", 1, -1, "DAMAGED"}, EventRefusal::negative_quantity);
    f.refused(intent::Finish{"W0002", -5, 0, ""}, EventRefusal::negative_quantity);
    // sync-api.md Limits: the server would refuse more than 1,000,000 per report.
    f.refused(intent::ReportQuantity{"W0002", 1'000'001, 0, ""}, EventRefusal::quantity_too_large);
    f.refused(intent::Finish{"W0002", 5, 1'000'001, "DAMAGED"}, EventRefusal::quantity_too_large);
    f.refused(intent::ReportQuantity{"W0002", 0, 0, ""}, EventRefusal::empty_quantity);
    f.refused(intent::ReportQuantity{"W0002", 1, 2, ""}, EventRefusal::scrap_reason_missing);
    f.refused(intent::Finish{"W0002", 1, 2, ""}, EventRefusal::scrap_reason_missing);
    f.refused(intent::ReportQuantity{"W0002", 1, 2, "BREAK"}, EventRefusal::unknown_scrap_reason);
    f.refused(intent::Finish{"W0006", 0, 1, "nope"}, EventRefusal::unknown_scrap_reason);
    f.refused(intent::Pause{"W0002", ""}, EventRefusal::unknown_pause_reason);
    f.refused(intent::Pause{"W0002", "DAMAGED"}, EventRefusal::unknown_pause_reason);
    CHECK(name_of(EventRefusal::scrap_reason_missing) == "scrap_reason_missing");
}

TEST_CASE("process feedback") {
    EventFixture f;
    const auto ok = f.build(intent::ProcessFeedback{"PR001", plan::ProcessStatus::done, "ok"});
    REQUIRE(ok.ok());
    CHECK(ok.event->type == EventType::process_feedback);
    CHECK(ok.event->target_id == "PR001");
    CHECK(ok.event->data.process_status == plan::ProcessStatus::done);
    CHECK(ok.event->data.comment == "ok");
    CHECK(f.build(intent::ProcessFeedback{"PR001", plan::ProcessStatus::in_progress, ""}).ok());

    f.refused(intent::ProcessFeedback{"PR001", plan::ProcessStatus::open, ""},
              EventRefusal::invalid_process_status);
    f.refused(intent::ProcessFeedback{"PR001", plan::ProcessStatus::cancelled, ""},
              EventRefusal::invalid_process_status);
    f.refused(intent::ProcessFeedback{"PR002", plan::ProcessStatus::done, ""},
              EventRefusal::invalid_transition);
}

TEST_CASE("intents: only feedback becomes an event") {
    CHECK(as_feedback(Intent{intent::Start{"W1"}}).has_value());
    CHECK(as_feedback(Intent{intent::ProcessFeedback{"PR1"}}).has_value());
    CHECK_FALSE(as_feedback(Intent{intent::LogOut{}}).has_value());
    CHECK_FALSE(as_feedback(Intent{intent::Navigate{Screen::dashboard}}).has_value());
}

}  // namespace
}  // namespace pt::app
