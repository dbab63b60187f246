// Issue #3: 10,000 events sent by the real sync engine through plan-server's fault mode — drops
// before and after the commit, delays, 500s, 503s with Retry-After, bodies cut short — arrive
// exactly once and in recording order.
#include <doctest/doctest.h>

#include <algorithm>

#include "sync/client/sync_engine.h"
#include "sync/store/outbox.h"
#include "tests/client/client_fixture.h"
#include "tests/support/file_contents.h"

namespace pt::client::itest {

TEST_CASE("10,000 events through a faulty server arrive exactly once, in recording order") {
    constexpr int kEvents = 10'000;
    plan::Dataset dataset = client_dataset();
    for (auto& step : dataset.work_steps) {
        if (step.id == "W1") step.status = plan::WorkStepStatus::in_progress;
    }
    ServerFixture server(dataset);
    TerminalFixture terminal(server.url());
    terminal.enroll(server);  // before the faults: they would also hit enrolment
    // R13: the server takes OP1's reports from this terminal once OP1 logged in here.
    (void)terminal.login("B-1001");
    std::vector<std::string> recorded;
    recorded.reserve(kEvents);
    for (int i = 0; i < kEvents; ++i) {
        recorded.push_back(
            terminal.append(make_event(plan::EventType::work_step_quantity, "OP1", "W1"), "P1"));
    }

    // The same database behind a server that misbehaves on about a fifth of the requests.
    REQUIRE(server.process().stop() == 0);
    test::PlanServerOptions faulty_options = server.process().options();
    faulty_options.extra_args = {"--faults",
                                 "drop_before=0.04,drop_after=0.04,delay=0.04:20ms,status500=0.04,"
                                 "status503=0.01:retry_after=1,truncate=0.04",
                                 "--faults-seed", "20261122"};
    test::PlanServerProcess faulty(faulty_options);
    faulty.start();

    SyncEngineOptions options = terminal.engine_options(faulty.base_url());
    options.batch_size = 100;  // more requests, so every kind of fault occurs
    SyncEngine engine(std::move(options));
    engine.start();
    const bool drained = wait_until(
        [&] {
            const auto status = engine.status();
            return status->cycles > 0 && !status->syncing && status->pending == 0;
        },
        std::chrono::minutes(3));
    engine.stop();
    REQUIRE_MESSAGE(drained, "pending: " << engine.status()->pending);

    test::HttpClient http;
    const std::string& admin = faulty_options.admin_token;
    const auto received = protocol::decode_recorded_events(
        http.get(faulty.base_url() + "/admin/v1/events", admin).body);
    REQUIRE(received.size() == recorded.size());
    for (std::size_t i = 0; i < recorded.size(); ++i) {
        if (received[i].event.id != recorded[i]) {
            FAIL_CHECK("event " << i << " out of order or missing: " << recorded[i]);
            break;
        }
    }
    const plan::Dataset after = protocol::decode_dataset_upload(
                                    http.get(faulty.base_url() + "/admin/v1/dataset", admin).body)
                                    .dataset;
    const auto w1 = std::find_if(after.work_steps.begin(), after.work_steps.end(),
                                 [](const plan::WorkStep& step) { return step.id == "W1"; });
    REQUIRE(w1 != after.work_steps.end());
    CHECK(w1->quantity_good == kEvents);  // nothing booked twice, nothing lost

    // The terminal recorded an answer for every event, in recording order, and every one is
    // `accepted`: where the server had committed a batch whose answer never arrived
    // (drop_after, truncate, checked in its log below), the retry's `duplicate` carried the
    // first answer, and the terminal recorded that (issue #12).
    const auto entries = store::Outbox(*terminal.db).entries_after(0, kEvents + 1);
    REQUIRE(entries.size() == recorded.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto state = entries[i].state;
        if (entries[i].event.id != recorded[i] || state != store::OutboxState::accepted) {
            FAIL_CHECK("outbox entry " << i << " is " << store::name_of(state) << ": "
                                       << entries[i].event.id);
            break;
        }
    }

    // Every kind of fault really happened.
    const std::string log = test::file_contents(faulty_options.log_dir / "server.stderr");
    for (const char* kind :
         {"drop_before", "drop_after", "delay", "status500", "status503", "truncate"}) {
        CAPTURE(kind);
        CHECK(log.find(std::string("fault: ") + kind + " on ") != std::string::npos);
    }
    REQUIRE(faulty.stop() == 0);
}

}  // namespace pt::client::itest
