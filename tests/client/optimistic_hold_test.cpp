// Issue #12, fault 1: the optimistic view holds until the truth arrives. A report the server
// accepted keeps its effect on the terminal's view until a pull that reflects it has been
// applied — while the operator's session is gone (an offline login must log in again first),
// across a restart, and without booking it twice once the pull has come.
#include <doctest/doctest.h>

#include <algorithm>

#include "sync/store/optimistic_view.h"
#include "sync/store/outbox.h"
#include "tests/client/client_fixture.h"

namespace pt::client::itest {
namespace {

using plan::EventType;

const plan::ViewWorkStep& step_of(const plan::OptimisticView& view, const std::string& id) {
    const auto& steps = view.view.work_steps;
    const auto it = std::find_if(steps.begin(), steps.end(),
                                 [&](const plan::ViewWorkStep& step) { return step.id == id; });
    REQUIRE(it != steps.end());
    return *it;
}

// Failed before the fix: once `started` was accepted the view showed W1 `open` again (the
// pending event was dropped from the overlay before any pull had brought `in_progress`), so the
// screen offered Start a second time.
TEST_CASE("an accepted report's effect stays on the view until a pull reflects it") {
    ServerFixture server;
    INFO("server output:\n", server.log_tail());
    TerminalFixture terminal(server.url());
    terminal.enroll(server);
    const auto session = terminal.login("B-1001");  // OP1 of P1

    SyncEngine engine(terminal.engine_options(server.url()));
    engine.set_session("P1", session.token);
    engine.start();
    REQUIRE(sync_and_wait(engine));
    CHECK(step_of(store::load_optimistic_view(*terminal.db, "P1"), "W1").status ==
          plan::WorkStepStatus::open);

    // The session is gone (the kiosk restarted offline; the operator logged in offline): the
    // engine can push with the terminal's token, but not pull for P1.
    engine.clear_session("P1");
    const std::string started =
        terminal.append(make_event(EventType::work_step_started, "OP1", "W1"), "P1");
    auto view = store::load_optimistic_view(*terminal.db, "P1");
    CHECK(step_of(view, "W1").status == plan::WorkStepStatus::in_progress);
    CHECK(view.unconfirmed_work_steps.contains("W1"));

    const auto answered = [&](const std::string& id) {
        return store::Outbox(*terminal.db).find(id)->state != store::OutboxState::pending;
    };
    engine.notify_new_event();
    REQUIRE(wait_until([&] { return answered(started); }));
    REQUIRE(store::Outbox(*terminal.db).find(started)->state == store::OutboxState::accepted);
    view = store::load_optimistic_view(*terminal.db, "P1");
    CHECK(step_of(view, "W1").status == plan::WorkStepStatus::in_progress);
    CHECK_FALSE(view.unconfirmed_work_steps.contains("W1"));  // accepted: confirmed
    CHECK(view.inapplicable_event_ids.empty());

    // More cycles without a session change nothing; nor does a restart of the terminal.
    REQUIRE(sync_and_wait(engine));
    engine.stop();
    terminal.db.reset();
    terminal.db = std::make_unique<store::TerminalDb>(terminal.file);
    CHECK(step_of(store::load_optimistic_view(*terminal.db, "P1"), "W1").status ==
          plan::WorkStepStatus::in_progress);

    // A quantity accepted while still no pull came: booked once on the view.
    const auto good_before =
        step_of(store::load_optimistic_view(*terminal.db, "P1"), "W1").quantity_good.value_or(0);
    const plan::Event quantity = make_event(EventType::work_step_quantity, "OP1", "W1");
    (void)terminal.append(quantity, "P1");
    SyncEngine again(terminal.engine_options(server.url()));
    again.start();
    REQUIRE(wait_until([&] { return answered(quantity.id); }));
    CHECK(step_of(store::load_optimistic_view(*terminal.db, "P1"), "W1").quantity_good ==
          good_before + quantity.data.good);

    // The operator logs in online again: the pull reflects both reports, and the view shows
    // them once — from the cache now, nothing laid on top.
    again.set_session("P1", terminal.login("B-1001").token);
    REQUIRE(sync_and_wait(again));
    view = store::load_optimistic_view(*terminal.db, "P1");
    CHECK(step_of(view, "W1").status == plan::WorkStepStatus::in_progress);
    CHECK(step_of(view, "W1").quantity_good == good_before + quantity.data.good);
    CHECK(store::Outbox(*terminal.db).unreflected("P1").empty());
    again.stop();
}

}  // namespace
}  // namespace pt::client::itest
