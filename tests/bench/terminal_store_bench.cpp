// The terminal's store under the figures of issue #3, each next to its reference:
//  - outbox append latency (synchronous=FULL) next to the raw fdatasync latency of the same
//    disk, measured by this program in the same directory (target: append p50 <= 1.5x raw);
//  - first pull and store of a 20,000-work-step view: GET /api/v1/plan from the real
//    plan-server on loopback, decode, PlanCache::apply (target < 1 s);
//  - applying a delta of 100 changed work steps (target < 20 ms);
//  - draining 10,000 buffered events to plan-server with the real sync engine (target < 3 s).
//
//   terminal_store_bench [DIR]     (DIR: where the database goes; default $TMPDIR)
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "sync/client/sync_engine.h"
#include "sync/protocol/protocol.h"
#include "sync/server/plan_service.h"
#include "sync/store/credentials.h"
#include "sync/store/event_id.h"
#include "sync/store/outbox.h"
#include "sync/store/plan_cache.h"
#include "tests/bench/plan_generator.h"
#include "tests/support/http_client.h"
#include "tests/support/plan_server_process.h"
#include "tests/support/temp_dir.h"

namespace {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::duration<double, std::milli>;

constexpr const char* kAdminToken = "bench-admin-token-0123456789abcdef";

struct Percentiles {
    double p50 = 0, p99 = 0;
};

Percentiles percentiles(std::vector<double> samples) {
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double q) {
        return samples[static_cast<std::size_t>(q * static_cast<double>(samples.size() - 1) + 0.5)];
    };
    return {at(0.50), at(0.99)};
}

/// The floor under any durable append: write a small record and fdatasync it, as a journal would.
Percentiles raw_fdatasync(const std::filesystem::path& file, int rounds) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("cannot open " + file.string());
    std::vector<double> samples;
    const std::string record(200, 'x');
    for (int i = 0; i < rounds; ++i) {
        const auto t0 = Clock::now();
        if (::write(fd, record.data(), record.size()) != static_cast<ssize_t>(record.size()) ||
            ::fdatasync(fd) != 0) {
            ::close(fd);
            throw std::runtime_error("write/fdatasync failed");
        }
        samples.push_back(Millis(Clock::now() - t0).count());
    }
    ::close(fd);
    return percentiles(std::move(samples));
}

/// Appends as the UI thread does: its connection leaves checkpoints to the sync thread, which
/// runs one after each cycle (here: after each pass).
Percentiles outbox_append(const std::filesystem::path& db_file, int rounds) {
    pt::store::TerminalDbOptions options;
    options.checkpoint_on_commit = false;
    pt::store::TerminalDb db(db_file, options);
    pt::store::Outbox outbox(db);
    std::vector<double> samples;
    for (int i = 0; i < rounds; ++i) {
        pt::plan::Event event;
        event.id = pt::store::new_event_id();
        event.type = pt::plan::EventType::work_step_quantity;
        event.operator_id = "OP000001";
        event.target_id = "W0000001";
        event.occurred_at =
            std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
        event.data.good = 1;
        const auto t0 = Clock::now();
        (void)outbox.append(event, "P0000");
        samples.push_back(Millis(Clock::now() - t0).count());
    }
    pt::store::TerminalDb sync_thread(db_file);
    sync_thread.checkpoint();
    return percentiles(std::move(samples));
}

}  // namespace

int main(int argc, char** argv) {
    try {
        pt::test::TempDir scratch("pt-store-bench-");
        const std::filesystem::path dir =
            argc > 1 ? std::filesystem::path(argv[1]) : scratch.path();
        constexpr int kRounds = 500;

        // Interleave the two measurements so both see the same disk conditions.
        std::vector<double> raw50, raw99, app50, app99;
        for (int pass = 0; pass < 3; ++pass) {
            const auto raw = raw_fdatasync(dir / "raw.bin", kRounds);
            const auto append = outbox_append(dir / "outbox.db", kRounds);
            raw50.push_back(raw.p50);
            raw99.push_back(raw.p99);
            app50.push_back(append.p50);
            app99.push_back(append.p99);
        }
        const auto median = [](std::vector<double> v) {
            std::sort(v.begin(), v.end());
            return v[v.size() / 2];
        };
        std::printf("outbox append (synchronous=FULL), %d x 3 passes, median of passes:\n",
                    kRounds);
        std::printf("  raw write+fdatasync   p50 %6.3f ms  p99 %6.3f ms\n", median(raw50),
                    median(raw99));
        std::printf(
            "  Outbox::append        p50 %6.3f ms  p99 %6.3f ms   ratio p50 %.2f (target <= 1.50)"
            "  ratio p99 %.2f\n",
            median(app50), median(app99), median(app50) / median(raw50),
            median(app99) / median(raw99));

        // A plan where P0000 sees 20,000 work steps, served by the real plan-server.
        pt::bench::BenchShape shape = pt::bench::tenth_scale();
        shape.target_partner_visible_work_steps = 20'000;
        shape.work_steps = 200'000;
        pt::plan::Dataset dataset = pt::bench::make_bench_dataset(shape, 7);
        const pt::plan::Operator op = [&] {
            for (const auto& p : dataset.partners) {
                if (p.id == pt::bench::kMeasuredPartner) return p.operators.front();
            }
            throw std::runtime_error("no measured partner");
        }();
        {
            pt::server::ServiceOptions options;
            options.db = scratch / "plan.db";
            options.admin_token = kAdminToken;
            pt::server::PlanService service(std::move(options));
            if (auto error = service.replace_dataset(std::move(dataset))) {
                throw std::runtime_error(error->message);
            }
        }
        pt::test::PlanServerOptions server_options;
        server_options.binary = PLAN_SERVER_BIN;
        server_options.db = scratch / "plan.db";
        server_options.log_dir = scratch.path();
        server_options.admin_token = kAdminToken;
        pt::test::PlanServerProcess server(server_options);
        server.start();
        const std::string base = server.base_url();
        pt::test::HttpClient http;
        const auto code = pt::protocol::decode_enrollment_code(
            http.post(base + "/admin/v1/enrollment_codes", "", kAdminToken).body);
        const auto terminal = pt::protocol::decode_enroll_response(
            http.post(base + "/api/v1/terminals/enroll",
                      pt::protocol::encode(pt::protocol::EnrollRequest{code, "bench"}))
                .body);
        const auto login = pt::protocol::decode_login_response(
            http.post(base + "/api/v1/sessions",
                      pt::protocol::encode(pt::protocol::LoginRequest{op.badge, op.pin}),
                      terminal.token)
                .body);

        std::vector<double> first_pull;
        std::size_t steps = 0;
        std::string cursor;
        for (int round = 0; round < 5; ++round) {
            pt::store::TerminalDb db(scratch / ("terminal-" + std::to_string(round) + ".db"));
            pt::store::PlanCache cache(db);
            const auto t0 = Clock::now();
            const auto response = http.get(base + "/api/v1/plan", login.token);
            const auto pulled = pt::protocol::decode_plan_response(response.body);
            cache.apply(pt::bench::kMeasuredPartner, pulled, 0);
            first_pull.push_back(Millis(Clock::now() - t0).count());
            steps = pulled.view.work_steps.size();
            cursor = pulled.cursor;
        }
        const auto fp = percentiles(first_pull);
        std::printf("first pull and store, %zu work steps (real plan-server, loopback):\n", steps);
        std::printf(
            "  GET + decode + PlanCache::apply   p50 %7.1f ms  max %7.1f ms  target < 1000 ms"
            "  ratio %.2f\n",
            fp.p50, *std::max_element(first_pull.begin(), first_pull.end()), fp.p50 / 1000.0);

        // Deltas of 100 changed work steps applied to the stored 20,000-step view.
        pt::store::TerminalDb db(scratch / "terminal-0.db");
        pt::store::PlanCache cache(db);
        pt::plan::PartnerView stored = cache.load(pt::bench::kMeasuredPartner);
        std::vector<double> deltas;
        for (int round = 0; round < 50; ++round) {
            pt::protocol::PlanResponse delta;
            delta.cursor = "bench-" + std::to_string(round);
            for (int i = 0; i < 100; ++i) {
                auto step = stored.work_steps[static_cast<std::size_t>(round * 100 + i) %
                                              stored.work_steps.size()];
                step.quantity_good = step.quantity_good.value_or(0) + 1;
                delta.view.work_steps.push_back(std::move(step));
            }
            const auto t0 = Clock::now();
            cache.apply(pt::bench::kMeasuredPartner, delta, 0);
            deltas.push_back(Millis(Clock::now() - t0).count());
        }
        const auto d = percentiles(deltas);
        std::printf("apply a delta of 100 changed work steps to the stored view:\n");
        std::printf(
            "  PlanCache::apply   p50 %6.2f ms  p99 %6.2f ms  target < 20 ms  ratio p99 %.2f\n",
            d.p50, d.p99, d.p99 / 20.0);
        // 10,000 buffered events drained by the real sync engine (batches of 1,000).
        {
            pt::store::TerminalDb drain_db(scratch / "drain.db");
            pt::store::Credentials(drain_db).save({terminal.terminal_id, terminal.token});
            pt::store::Outbox box(drain_db);
            const auto& target = [&]() -> const pt::plan::ViewWorkStep& {
                for (const auto& w : stored.work_steps) {
                    if (w.feedback_allowed && w.status == pt::plan::WorkStepStatus::open) return w;
                }
                throw std::runtime_error("no open own work step");
            }();
            for (int i = 0; i < 10'000; ++i) {
                pt::plan::Event event;
                event.id = pt::store::new_event_id();
                event.operator_id = op.id;
                event.target_id = target.id;
                event.occurred_at = std::chrono::time_point_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now());
                // started, then paused/resumed cycles: every event is acceptable.
                event.type = i == 0       ? pt::plan::EventType::work_step_started
                             : i % 2 == 1 ? pt::plan::EventType::work_step_paused
                                          : pt::plan::EventType::work_step_resumed;
                if (event.type == pt::plan::EventType::work_step_paused) event.data.reason = "MAT";
                (void)box.append(event, pt::bench::kMeasuredPartner);
            }
            pt::client::SyncEngineOptions options;
            options.database = scratch / "drain.db";
            options.server_url = base;
            pt::client::SyncEngine engine(std::move(options));
            const auto t0 = Clock::now();
            engine.start();
            std::shared_ptr<const pt::client::SyncStatus> now = engine.status();
            while (now->cycles == 0 || now->syncing || now->pending > 0) {
                if (now->last_error)
                    throw std::runtime_error("drain failed: " + now->last_error->message);
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
                now = engine.status();
            }
            const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
            engine.stop();
            const auto counts = box.counts();
            std::printf("drain 10,000 buffered events to plan-server (SyncEngine, loopback):\n");
            std::printf("  %.2f s (%.0f events/s), rejected %lld  target < 3 s  ratio %.2f\n",
                        seconds, 10'000 / seconds, static_cast<long long>(counts.rejected),
                        seconds / 3.0);
        }
        if (server.stop() != 0) throw std::runtime_error("plan-server did not exit cleanly");
    } catch (const std::exception& error) {
        std::fprintf(stderr, "terminal_store_bench: %s\n", error.what());
        return 1;
    }
    return 0;
}
