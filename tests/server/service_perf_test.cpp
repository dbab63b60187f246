// Throughput of PlanService on a large plan (skipped by default; run with
// `server_test -ts=perf --no-skip` in an optimised build). Prints figures, asserts only that
// every step worked.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>

#include "tests/server/service_harness.h"

namespace {

using namespace pt;
using namespace pt::server::testing;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// `steps` work steps on 1,000 resources of 100 partners (10 each), 10 per order.
plan::Dataset large_dataset(int steps) {
    plan::Dataset d;
    d.settings.pause_reasons = {{"MAT", "Material"}};
    for (int p = 0; p < 100; ++p) {
        const std::string id = "P" + std::to_string(p);
        d.partners.push_back({id,
                              "Partner " + id,
                              plan::ModuleSet::all(),
                              true,
                              {{"OP-" + id, "Op", "B-" + id, std::nullopt}}});
    }
    for (int r = 0; r < 1000; ++r) {
        d.resources.push_back(
            {"R" + std::to_string(r), "Resource", true, {"P" + std::to_string(r / 10)}});
    }
    const int orders = steps / 10;
    for (int o = 0; o < orders; ++o) {
        plan::Order order{"O" + std::to_string(o),
                          "PO-" + std::to_string(o),
                          "Article",
                          10,
                          start_time(),
                          std::nullopt,
                          std::nullopt,
                          {}};
        if (o % 5 != 0) order.parent_id = "O" + std::to_string(o - o % 5);
        d.orders.push_back(std::move(order));
        d.processes.push_back({"PR" + std::to_string(o), "O" + std::to_string(o), "Material",
                               "material", start_time(), plan::ProcessStatus::open, ""});
    }
    for (int w = 0; w < steps; ++w) {
        plan::WorkStep step;
        step.id = "W" + std::to_string(w);
        step.order_id = "O" + std::to_string(w / 10);
        step.resource_id = "R" + std::to_string(w % 1000);
        step.seq = 10 * (w % 10);
        step.operation = "Powder coating";
        step.planned_start = start_time();
        step.planned_end = start_time() + std::chrono::hours{2};
        step.quantity = 100;
        step.notes = "note";
        d.work_steps.push_back(std::move(step));
    }
    return d;
}

}  // namespace

TEST_SUITE("perf") {
    TEST_CASE("large plan: store, reload, pull, events" * doctest::skip()) {
        const int steps = 1'000'000;
        ServiceHarness h;
        auto start = Clock::now();
        REQUIRE(h.service->replace_dataset(large_dataset(steps)) == std::nullopt);
        std::printf("replace_dataset %d work steps: %.2f s\n", steps, seconds_since(start));

        start = Clock::now();
        h.open();
        std::printf("restart (load from SQLite): %.2f s\n", seconds_since(start));

        const std::string terminal = h.enroll();
        const std::string session = h.login(terminal, "B-P7");
        start = Clock::now();
        const auto full = h.pull(session);
        std::printf("full pull (%zu work steps): %.1f ms\n", full.view.work_steps.size(),
                    seconds_since(start) * 1000);
        start = Clock::now();
        const auto delta = h.pull(session, full.cursor);
        std::printf("empty delta pull: %.1f ms\n", seconds_since(start) * 1000);
        CHECK_FALSE(delta.reset);

        // 10,000 events in batches of 100: start then pause work steps of partner P7
        // (resources R70..R79 hold W70..W79, W1070.., …).
        const int batches = 100;
        int next = 0;
        start = Clock::now();
        for (int b = 0; b < batches; ++b) {
            std::vector<plan::Event> events;
            for (int i = 0; i < 100; ++i, ++next) {
                const int w = 70 + (next / 2) % 10 + 1000 * ((next / 2) / 10);
                plan::EventData data;
                data.reason = "MAT";
                events.push_back(make_event(next % 2 == 0 ? plan::EventType::work_step_started
                                                          : plan::EventType::work_step_paused,
                                            "OP-P7", "W" + std::to_string(w), data));
            }
            const auto results = h.send(terminal, events);
            for (const auto& r : results)
                REQUIRE(r.status == protocol::ResultStatus::accepted);
        }
        const double elapsed = seconds_since(start);
        std::printf("events: %d in %.2f s = %.0f events/s\n", batches * 100, elapsed,
                    batches * 100 / elapsed);
        start = Clock::now();
        const auto after = h.pull(session, full.cursor);
        std::printf("delta pull after events (%zu changed): %.1f ms\n",
                    after.view.work_steps.size(), seconds_since(start) * 1000);
    }
}
