// plan-server under a large plan: full pulls, delta pulls and event throughput, measured over
// loopback with libcurl against the real plan-server binary, at full scale and at a tenth of it.
// The measured partner's share is the same at both scales, so similar figures show that cost
// follows the partner's share, not the plan's size.
//
//   plan_server_bench [--quick]     (--quick: tenth scale only, fewer rounds)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "sync/protocol/protocol.h"
#include "sync/server/plan_service.h"
#include "tests/bench/plan_generator.h"
#include "tests/support/http_client.h"
#include "tests/support/plan_server_process.h"
#include "tests/support/temp_dir.h"

namespace {

using Clock = std::chrono::steady_clock;
using Millis = std::chrono::duration<double, std::milli>;
using pt::test::HttpClient;
using pt::test::HttpResponse;

constexpr const char* kAdminToken = "bench-admin-token-0123456789abcdef";
constexpr double kFullPullTargetMs = 50.0;
constexpr double kDeltaPullTargetMs = 5.0;
constexpr double kEventsTargetPerSecond = 5000.0;
constexpr double kPartnerViewTargetMs = 50.0;      // issue 15: as a full pull
constexpr double kOperatorCallTargetMs = 10.0;     // issue 15: an operator create or delete, p99
constexpr double kPreviewTargetMs = 100.0;         // issue 15: the preview of one change
constexpr double kFeedTargetPerSecond = 200000.0;  // issue 15: paging the event feed
constexpr int kFeedPageSize = 10000;
constexpr double kListPageTargetMs = 100.0;  // issue 16: the console's list changes page

struct Percentiles {
    double p50 = 0;
    double p99 = 0;
};

Percentiles percentiles(std::vector<double> samples) {
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double q) {
        const auto index =
            static_cast<std::size_t>(q * static_cast<double>(samples.size() - 1) + 0.5);
        return samples[index];
    };
    return {at(0.50), at(0.99)};
}

HttpResponse expect(HttpResponse response, long status, const char* what) {
    if (response.status != status) {
        throw std::runtime_error(std::string(what) + ": HTTP " + std::to_string(response.status) +
                                 " " + response.body.substr(0, 300));
    }
    return response;
}

std::string field(const std::string& body, const std::string& name) {
    // Replies are decoded with the protocol where it has a decoder; this reads one string field.
    const auto key = "\"" + name + "\":\"";
    const auto start = body.find(key);
    if (start == std::string::npos) throw std::runtime_error("no field " + name + " in " + body);
    const auto from = start + key.size();
    return body.substr(from, body.find('"', from) - from);
}

struct ScaleResult {
    const char* name = "";
    std::size_t work_steps_in_plan = 0;
    std::size_t visible_work_steps = 0;
    std::size_t full_pull_bytes = 0;
    double generate_s = 0, store_s = 0, server_start_s = 0;
    Percentiles full_pull, delta_pull, partner_view, operator_create, operator_delete, preview;
    double delta_changes_seen = 0;
    double preview_partners = 0;               ///< partners with a difference, per preview
    std::vector<Percentiles> preview_by_kind;  ///< the five kinds of change, in kPreviewKinds order
    double events_per_second = 0;
    std::size_t events_sent = 0;
    std::size_t feed_events = 0;
    int feed_pages = 0;
    double feed_server_s = 0;  ///< the pages' HTTP time
    double feed_total_s = 0;   ///< with the client reading each page
    // The console's work step list (issue 16), and the feeds' filters.
    std::int64_t list_total = 0;
    Percentiles list_first, list_deep, list_filtered, list_partner, list_cold;
    std::int64_t list_filtered_total = 0;
    Percentiles feed_by_operator, feed_by_time, feed_other_partner;
};

struct Rounds {
    int full_pulls = 60;
    int delta_pulls = 100;
    int event_batches = 200;
    int previews = 200;
    std::size_t feed_events = 1000000;
    int list_pages = 100;
};

constexpr const char* kPreviewKinds[] = {"own step cancelled", "any step deleted",
                                         "partner named in a tree", "resource changes hands",
                                         "new step"};

/// Ids of the plan to aim changes at: every `stride`-th of each kind, in plan order.
struct PlanSample {
    std::vector<std::string> work_steps, orders, resources;
};

PlanSample sample_of(const pt::plan::Dataset& dataset, std::size_t per_kind) {
    PlanSample sample;
    const auto take = [per_kind](const auto& list, std::vector<std::string>& into) {
        const std::size_t stride = std::max<std::size_t>(1, list.size() / per_kind);
        for (std::size_t i = stride / 2; i < list.size(); i += stride)
            into.push_back(list[i].id);
    };
    take(dataset.work_steps, sample.work_steps);
    take(dataset.orders, sample.orders);
    take(dataset.resources, sample.resources);
    return sample;
}

/// `rounds` GETs of `url` (admin token), each answered 200: their times.
Percentiles time_gets(HttpClient& http, const std::string& url, int rounds, const char* what,
                      std::string* last_body = nullptr) {
    std::vector<double> samples;
    for (int i = 0; i < rounds; ++i) {
        auto response = expect(http.get(url, kAdminToken), 200, what);
        samples.push_back(Millis(response.elapsed).count());
        if (last_body != nullptr) *last_body = std::move(response.body);
    }
    return percentiles(std::move(samples));
}

/// The number after `"name":` in a JSON text.
std::int64_t number_field(const std::string& body, const std::string& name) {
    const auto at = body.find("\"" + name + "\":");
    if (at == std::string::npos) throw std::runtime_error("no field " + name);
    return std::stoll(body.substr(at + name.size() + 3));
}

/// The console's work step list (issue 16): page 1, a deep offset, a filtered and sorted page,
/// one partner's steps by order number, and the first page after a change of the plan's layout
/// (a new work step: the sorted lists are built again).
void measure_console_lists(HttpClient& http, const std::string& base, const Rounds& rounds,
                           ScaleResult& result) {
    const std::string list = base + "/admin/v1/work_steps";
    std::string body;
    (void)time_gets(http, list + "?limit=50", 1, "work steps (first sort)", &body);
    result.list_total = number_field(body, "total");
    result.list_first = time_gets(http, list + "?limit=50", rounds.list_pages, "work steps");
    result.list_deep =
        time_gets(http, list + "?limit=50&offset=" + std::to_string(result.list_total - 60),
                  rounds.list_pages, "work steps, deep offset");
    (void)time_gets(http, list + "?sort=-planned_start&limit=1", 1, "work steps (sort)");
    result.list_filtered =
        time_gets(http, list + "?status=open&q=coat&sort=-planned_start&offset=1000&limit=50",
                  rounds.list_pages, "work steps, filtered", &body);
    result.list_filtered_total = number_field(body, "total");
    (void)time_gets(http, list + "?sort=order_number&limit=1", 1, "work steps (sort)");
    result.list_partner =
        time_gets(http,
                  list + "?partner_id=" + std::string(pt::bench::kMeasuredPartner) +
                      "&sort=order_number&offset=500&limit=50",
                  rounds.list_pages, "work steps of a partner");
    std::vector<double> cold;
    for (int i = 0; i < 5; ++i) {
        const std::string id = "BENCH-LIST-W" + std::to_string(i);
        const std::string sample =
            field(expect(http.get(list + "?limit=1", kAdminToken), 200, "a step").body, "order_id");
        const std::string resource = field(
            expect(http.get(list + "?limit=1", kAdminToken), 200, "a step").body, "resource_id");
        expect(
            http.post(
                base + "/admin/v1/work_steps",
                R"({"id": ")" + id + R"(", "order_id": ")" + sample + R"(", "resource_id": ")" +
                    resource +
                    R"(", "seq": 10, "operation": "Bench", "planned_start": "2026-12-01T06:00:00Z", "planned_end": "2026-12-01T08:00:00Z", "quantity": 1, "status": "open", "quantity_good": 0, "quantity_scrap": 0, "notes": ""})",
                kAdminToken),
            201, "new work step");
        cold.push_back(
            time_gets(http, list + "?sort=planned_start&limit=50", 1, "work steps after a change")
                .p50);
        expect(
            http.send({"DELETE", base + "/admin/v1/work_steps/" + id, std::nullopt, kAdminToken}),
            204, "delete work step");
    }
    result.list_cold = percentiles(std::move(cold));
}

/// The event feed's filters (issue 16) on the filled feed: one operator's events from the
/// middle of the feed, a day of it, and a partner without events (the index answers at once).
void measure_feed_filters(HttpClient& http, const std::string& base, const Rounds& rounds,
                          ScaleResult& result) {
    const std::string feed = base + "/admin/v1/events?limit=1000";
    const std::string first = expect(http.get(feed, kAdminToken), 200, "feed").body;
    const std::string op = field(first, "operator_id");
    const std::string received = field(first, "received_at");
    const auto middle = std::to_string(result.feed_events / 2);
    const int n = std::max(10, rounds.list_pages / 5);
    result.feed_by_operator =
        time_gets(http, feed + "&operator_id=" + op + "&after=" + middle, n, "feed by operator");
    result.feed_by_time = time_gets(http,
                                    feed + "&from=" + received.substr(0, 10) +
                                        "T00:00:00Z&to=2099-01-01T00:00:00Z&after=" + middle,
                                    n, "feed by time");
    result.feed_other_partner =
        time_gets(http, feed + "&partner_id=P0001", n, "feed of a partner without events");
}

ScaleResult run_scale(const char* name, const pt::bench::BenchShape& shape, const Rounds& rounds) {
    ScaleResult result;
    result.name = name;
    std::printf("\n[%s] generating %d work steps ...\n", name, shape.work_steps);
    std::fflush(stdout);

    auto t0 = Clock::now();
    pt::plan::Dataset dataset = pt::bench::make_bench_dataset(shape, 42);
    result.generate_s = std::chrono::duration<double>(Clock::now() - t0).count();
    result.work_steps_in_plan = dataset.work_steps.size();
    const pt::plan::Partner* measured = nullptr;
    for (const auto& p : dataset.partners) {
        if (p.id == pt::bench::kMeasuredPartner) measured = &p;
    }
    if (!measured || measured->operators.empty()) throw std::runtime_error("no measured partner");
    const pt::plan::Operator op = measured->operators.front();
    const PlanSample sample = sample_of(dataset, 1000);

    pt::test::TempDir dir("pt-bench-");
    t0 = Clock::now();
    {
        pt::server::ServiceOptions options;
        options.db = dir / "plan.db";
        options.admin_token = kAdminToken;
        pt::server::PlanService service(std::move(options));
        if (auto error = service.replace_dataset(std::move(dataset))) {
            throw std::runtime_error("dataset refused: " + error->message);
        }
    }
    result.store_s = std::chrono::duration<double>(Clock::now() - t0).count();

    pt::test::PlanServerOptions server_options;
    server_options.binary = PLAN_SERVER_BIN;
    server_options.db = dir / "plan.db";
    server_options.log_dir = dir.path();
    server_options.admin_token = kAdminToken;
    server_options.start_timeout = std::chrono::minutes(5);
    pt::test::PlanServerProcess server(server_options);
    t0 = Clock::now();
    server.start();
    result.server_start_s = std::chrono::duration<double>(Clock::now() - t0).count();
    const std::string base = server.base_url();

    HttpClient http;
    const auto code = field(
        expect(http.post(base + "/admin/v1/enrollment_codes", "", kAdminToken), 201, "code").body,
        "code");
    const auto terminal_token =
        pt::protocol::decode_enroll_response(
            expect(http.post(base + "/api/v1/terminals/enroll",
                             pt::protocol::encode(pt::protocol::EnrollRequest{code, "bench"})),
                   201, "enroll")
                .body)
            .token;
    const auto login = pt::protocol::decode_login_response(
        expect(http.post(base + "/api/v1/sessions",
                         pt::protocol::encode(pt::protocol::LoginRequest{op.badge, op.pin}),
                         terminal_token),
               201, "login")
            .body);

    // Full pulls.
    std::vector<double> samples;
    pt::protocol::PlanResponse full;
    for (int i = 0; i < rounds.full_pulls; ++i) {
        auto response = expect(http.get(base + "/api/v1/plan", login.token), 200, "full pull");
        samples.push_back(Millis(response.elapsed).count());
        if (i == 0) {
            full = pt::protocol::decode_plan_response(response.body);
            result.full_pull_bytes = response.body.size();
        }
    }
    result.full_pull = percentiles(samples);
    result.visible_work_steps = full.view.work_steps.size();

    // See as partner: the same body, through the admin endpoint (issue 15, item 5).
    samples.clear();
    const std::string view_url =
        base + "/admin/v1/partners/" + std::string(pt::bench::kMeasuredPartner) + "/view";
    for (int i = 0; i < rounds.full_pulls; ++i) {
        const auto response = expect(http.get(view_url, kAdminToken), 200, "partner view");
        samples.push_back(Millis(response.elapsed).count());
    }
    result.partner_view = percentiles(samples);

    // Operators created and deleted one by one (no PIN: a PIN adds one Argon2id hash on purpose).
    std::vector<double> creates;
    std::vector<double> deletes;
    for (int i = 0; i < rounds.full_pulls * 2; ++i) {
        const std::string id = "BENCH-OP-" + std::to_string(i);
        const auto made = expect(http.post(base + "/admin/v1/operators",
                                           R"({"id": ")" + id + R"(", "partner_id": ")" +
                                               std::string(pt::bench::kMeasuredPartner) +
                                               R"(", "name": "Bench", "badge": "BENCH-BADGE-)" +
                                               std::to_string(i) + "\"}",
                                           kAdminToken),
                                 201, "operator create");
        creates.push_back(Millis(made.elapsed).count());
        const auto gone = expect(
            http.send({"DELETE", base + "/admin/v1/operators/" + id, std::nullopt, kAdminToken}),
            204, "operator delete");
        deletes.push_back(Millis(gone.elapsed).count());
    }
    result.operator_create = percentiles(creates);
    result.operator_delete = percentiles(deletes);

    // Change previews (issue 15, item 5), a mix of the changes that move what partners see.
    {
        std::vector<std::string> own_steps;
        for (const auto& w : full.view.work_steps) {
            if (w.feedback_allowed) own_steps.push_back(w.id);
        }
        const std::string partner(pt::bench::kMeasuredPartner);
        samples.clear();
        std::vector<std::vector<double>> by_kind(std::size(kPreviewKinds));
        std::size_t partners_seen = 0;
        for (int i = 0; i < rounds.previews; ++i) {
            const auto pick = [i](const std::vector<std::string>& list) -> const std::string& {
                return list[static_cast<std::size_t>(i * 7919) % list.size()];
            };
            std::string change;
            switch (i % 5) {
                case 0:  // one of the measured partner's steps is cancelled
                    change = R"({"method": "PATCH", "path": "/admin/v1/work_steps/)" +
                             pick(own_steps) + R"(", "body": {"status": "cancelled"}})";
                    break;
                case 1:  // any step is deleted
                    change = R"({"method": "DELETE", "path": "/admin/v1/work_steps/)" +
                             pick(sample.work_steps) + "\"}";
                    break;
                case 2:  // the measured partner is named in a tree (R6)
                    change = R"({"method": "PATCH", "path": "/admin/v1/orders/)" +
                             pick(sample.orders) + R"(", "body": {"named_partner_ids": [")" +
                             partner + R"("]}})";
                    break;
                case 3:  // a resource changes hands
                    change = R"({"method": "PATCH", "path": "/admin/v1/resources/)" +
                             pick(sample.resources) + R"(", "body": {"partner_ids": [")" + partner +
                             R"("]}})";
                    break;
                default:  // a new step in some order, on some resource
                    change =
                        R"({"method": "POST", "path": "/admin/v1/work_steps", "body": {"id": "BENCH-W-)" +
                        std::to_string(i) + R"(", "order_id": ")" + pick(sample.orders) +
                        R"(", "resource_id": ")" + pick(sample.resources) +
                        R"(", "seq": 10, "operation": "Bench", "planned_start": "2026-12-01T06:00:00Z", "planned_end": "2026-12-01T08:00:00Z", "quantity": 1, "status": "open", "quantity_good": 0, "quantity_scrap": 0, "notes": ""}})";
                    break;
            }
            const auto response =
                expect(http.post(base + "/admin/v1/preview", change, kAdminToken), 200, "preview");
            samples.push_back(Millis(response.elapsed).count());
            by_kind[static_cast<std::size_t>(i % 5)].push_back(samples.back());
            partners_seen += pt::protocol::decode_preview(response.body).size();
        }
        result.preview = percentiles(samples);
        for (auto& kind : by_kind)
            result.preview_by_kind.push_back(percentiles(std::move(kind)));
        result.preview_partners =
            static_cast<double>(partners_seen) / static_cast<double>(rounds.previews);
    }

    // Delta pulls, each after 10 changes to work steps the partner sees.
    std::vector<std::string> own;
    for (const auto& w : full.view.work_steps) {
        if (w.feedback_allowed) own.push_back(w.id);
    }
    std::string cursor = expect(http.get(base + "/api/v1/plan", login.token), 200, "pull").body;
    cursor = pt::protocol::decode_plan_response(cursor).cursor;
    samples.clear();
    std::size_t changed_seen = 0;
    for (int round = 0; round < rounds.delta_pulls; ++round) {
        for (int c = 0; c < 10; ++c) {
            const auto& id = own[static_cast<std::size_t>(round * 10 + c) % own.size()];
            expect(http.patch(base + "/admin/v1/work_steps/" + id,
                              "{\"quantity\": " + std::to_string(1000 + round) + "}", kAdminToken),
                   204, "patch");
        }
        auto response =
            expect(http.get(base + "/api/v1/plan?cursor=" + http.escape(cursor), login.token), 200,
                   "delta pull");
        samples.push_back(Millis(response.elapsed).count());
        const auto delta = pt::protocol::decode_plan_response(response.body);
        if (delta.reset) throw std::runtime_error("delta pull answered with a reset");
        changed_seen += delta.view.work_steps.size();
        cursor = delta.cursor;
    }
    result.delta_pull = percentiles(samples);
    result.delta_changes_seen =
        static_cast<double>(changed_seen) / static_cast<double>(rounds.delta_pulls);

    // Events in batches of 100: start every open step once, then pause/resume cycles.
    std::vector<pt::plan::Event> events;
    std::size_t event_number = 0;
    std::vector<pt::plan::WorkStepStatus> status;
    std::vector<const pt::plan::ViewWorkStep*> steps;
    for (const auto& w : full.view.work_steps) {
        if (!w.feedback_allowed || w.status == pt::plan::WorkStepStatus::finished) continue;
        steps.push_back(&w);
        status.push_back(w.status);
    }
    const auto now =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto next_event = [&](std::size_t i) {
        pt::plan::Event e;
        char id[40];
        std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012zx", ++event_number);
        e.id = id;
        e.operator_id = op.id;
        e.target_id = steps[i]->id;
        e.occurred_at = now;
        switch (status[i]) {
            case pt::plan::WorkStepStatus::open:
                e.type = pt::plan::EventType::work_step_started;
                status[i] = pt::plan::WorkStepStatus::in_progress;
                break;
            case pt::plan::WorkStepStatus::in_progress:
                e.type = pt::plan::EventType::work_step_paused;
                e.data.reason = "MAT";
                status[i] = pt::plan::WorkStepStatus::paused;
                break;
            default:
                e.type = pt::plan::EventType::work_step_resumed;
                status[i] = pt::plan::WorkStepStatus::in_progress;
                break;
        }
        return e;
    };
    std::vector<std::string> bodies;
    for (int batch = 0; batch < rounds.event_batches; ++batch) {
        events.clear();
        for (int k = 0; k < 100; ++k) {
            events.push_back(next_event(static_cast<std::size_t>(batch * 100 + k) % steps.size()));
        }
        bodies.push_back(pt::protocol::encode_events_request(events));
    }
    t0 = Clock::now();
    for (const auto& body : bodies) {
        auto response =
            expect(http.post(base + "/api/v1/events", body, terminal_token), 200, "events");
        for (const auto& r : pt::protocol::decode_event_results(response.body)) {
            if (r.status != pt::protocol::ResultStatus::accepted) {
                throw std::runtime_error("event " + r.id + " not accepted: " + r.reason);
            }
        }
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    result.events_sent = bodies.size() * 100;
    result.events_per_second = static_cast<double>(result.events_sent) / seconds;

    // The event feed (issue 15, item 4): fill it to rounds.feed_events accepted events, then
    // read all of them as an ERP would, `after` the last page's `next`, 10,000 a page.
    for (std::size_t sent = result.events_sent; sent < rounds.feed_events; sent += 100) {
        events.clear();
        for (std::size_t k = 0; k < 100; ++k)
            events.push_back(next_event((sent + k) % steps.size()));
        expect(http.post(base + "/api/v1/events", pt::protocol::encode_events_request(events),
                         terminal_token),
               200, "events");
    }
    // Timed as an ERP that streams the pages would read them: `next` and the number of
    // events from each page's text; then every page once more, decoded and checked in full.
    const auto feed_page = [&](std::int64_t after) {
        return expect(http.get(base + "/admin/v1/events?after=" + std::to_string(after) +
                                   "&limit=" + std::to_string(kFeedPageSize),
                               kAdminToken),
                      200, "event feed");
    };
    std::int64_t after = 0;
    double server_s = 0;
    t0 = Clock::now();
    for (;;) {
        const auto response = feed_page(after);
        server_s += std::chrono::duration<double>(response.elapsed).count();
        std::size_t count = 0;
        for (auto at = response.body.find("\"seq\":"); at != std::string::npos;
             at = response.body.find("\"seq\":", at + 6))
            ++count;
        if (count == 0) break;
        const auto next_at = response.body.rfind("\"next\":");
        if (next_at == std::string::npos) throw std::runtime_error("event feed: no next");
        after = std::stoll(response.body.substr(next_at + 7));
        result.feed_events += count;
        ++result.feed_pages;
    }
    result.feed_total_s = std::chrono::duration<double>(Clock::now() - t0).count();
    result.feed_server_s = server_s;
    std::size_t checked = 0;
    after = 0;
    for (;;) {
        const auto page = pt::protocol::decode_event_page(feed_page(after).body);
        if (page.events.empty()) break;
        for (const auto& e : page.events) {
            if (e.seq <= after) throw std::runtime_error("event feed: seq not increasing");
            after = e.seq;
        }
        if (page.next != after) throw std::runtime_error("event feed: next is not the last seq");
        checked += page.events.size();
    }
    if (checked != result.feed_events)
        throw std::runtime_error("event feed: the pages hold another number of events");
    if (result.feed_events < rounds.feed_events)
        throw std::runtime_error("event feed: fewer events than accepted");

    measure_console_lists(http, base, rounds, result);
    measure_feed_filters(http, base, rounds, result);

    if (server.stop() != 0) throw std::runtime_error("plan-server did not exit cleanly");
    if (const char* keep = std::getenv("PT_BENCH_SERVER_LOG")) {
        // The server's own per-request timings, to tell server time from transport time.
        std::filesystem::copy_file(dir / "server.stderr", std::string(keep) + "." + name,
                                   std::filesystem::copy_options::overwrite_existing);
    }
    return result;
}

void print(const ScaleResult& r) {
    std::printf("\n[%s] plan: %zu work steps; measured partner sees %zu (full pull %.0f KiB)\n",
                r.name, r.work_steps_in_plan, r.visible_work_steps,
                static_cast<double>(r.full_pull_bytes) / 1024.0);
    std::printf("  set-up: generate %.1f s, store in SQLite %.1f s, plan-server start %.1f s\n",
                r.generate_s, r.store_s, r.server_start_s);
    std::printf("  %-28s p50 %7.2f ms  p99 %7.2f ms  target < %.0f ms  ratio p99/target %.2f\n",
                "full pull", r.full_pull.p50, r.full_pull.p99, kFullPullTargetMs,
                r.full_pull.p99 / kFullPullTargetMs);
    std::printf(
        "  %-28s p50 %7.2f ms  p99 %7.2f ms  target < %.0f ms   ratio p99/target %.2f"
        "  (%.1f work steps per delta)\n",
        "delta pull (10 changes)", r.delta_pull.p50, r.delta_pull.p99, kDeltaPullTargetMs,
        r.delta_pull.p99 / kDeltaPullTargetMs, r.delta_changes_seen);
    std::printf("  %-28s p50 %7.2f ms  p99 %7.2f ms  target < %.0f ms  ratio p99/target %.2f\n",
                "see as partner (admin view)", r.partner_view.p50, r.partner_view.p99,
                kPartnerViewTargetMs, r.partner_view.p99 / kPartnerViewTargetMs);
    std::printf("  %-28s p50 %7.2f ms  p99 %7.2f ms  target < %.0f ms  ratio p99/target %.2f\n",
                "operator create", r.operator_create.p50, r.operator_create.p99,
                kOperatorCallTargetMs, r.operator_create.p99 / kOperatorCallTargetMs);
    std::printf("  %-28s p50 %7.2f ms  p99 %7.2f ms  target < %.0f ms  ratio p99/target %.2f\n",
                "operator delete", r.operator_delete.p50, r.operator_delete.p99,
                kOperatorCallTargetMs, r.operator_delete.p99 / kOperatorCallTargetMs);
    std::printf("  %-28s %9.0f events/s (%zu events)  target >= %.0f/s  ratio %.2f\n",
                "events, batches of 100", r.events_per_second, r.events_sent,
                kEventsTargetPerSecond, r.events_per_second / kEventsTargetPerSecond);
    std::printf(
        "  %-28s p50 %7.2f ms  p99 %7.2f ms  target < %.0f ms ratio p99/target %.2f"
        "  (%.1f partners changed per preview)\n",
        "change preview", r.preview.p50, r.preview.p99, kPreviewTargetMs,
        r.preview.p99 / kPreviewTargetMs, r.preview_partners);
    for (std::size_t k = 0; k < r.preview_by_kind.size(); ++k) {
        std::printf("    %-26s p50 %7.2f ms  p99 %7.2f ms\n", kPreviewKinds[k],
                    r.preview_by_kind[k].p50, r.preview_by_kind[k].p99);
    }
    const double feed_rate = static_cast<double>(r.feed_events) / r.feed_total_s;
    std::printf(
        "  %-28s %9.0f events/s (%zu events, %d pages of %d, %.1f s; HTTP alone %.0f/s)"
        "  target >= %.0f/s  ratio %.2f\n",
        "event feed, paged", feed_rate, r.feed_events, r.feed_pages, kFeedPageSize, r.feed_total_s,
        static_cast<double>(r.feed_events) / r.feed_server_s, kFeedTargetPerSecond,
        feed_rate / kFeedTargetPerSecond);
    std::printf("  console's work step list (%lld steps), pages of 50:\n",
                static_cast<long long>(r.list_total));
    const auto list_line = [](const char* what, const Percentiles& p) {
        std::printf(
            "    %-46s p50 %7.2f ms  p99 %7.2f ms  target < %.0f ms  ratio p99/target %.2f\n", what,
            p.p50, p.p99, kListPageTargetMs, p.p99 / kListPageTargetMs);
    };
    list_line("page 1 (by id)", r.list_first);
    list_line("deep offset (the last page)", r.list_deep);
    list_line("status+search, by -planned_start, offset 1000", r.list_filtered);
    list_line("one partner's, by order number, offset 500", r.list_partner);
    std::printf(
        "    %-46s p50 %7.2f ms  max %7.2f ms  (sorts built again; %lld matched the filter)\n",
        "first page after a new work step", r.list_cold.p50, r.list_cold.p99,
        static_cast<long long>(r.list_filtered_total));
    std::printf("  event feed filtered, pages of 1,000 from the middle:\n");
    std::printf("    %-46s p50 %7.2f ms  p99 %7.2f ms\n", "by operator", r.feed_by_operator.p50,
                r.feed_by_operator.p99);
    std::printf("    %-46s p50 %7.2f ms  p99 %7.2f ms\n", "by time (from, to)", r.feed_by_time.p50,
                r.feed_by_time.p99);
    std::printf("    %-46s p50 %7.2f ms  p99 %7.2f ms\n", "a partner without events (from 0)",
                r.feed_other_partner.p50, r.feed_other_partner.p99);
}

}  // namespace

int main(int argc, char** argv) {
    const bool quick = argc > 1 && std::string(argv[1]) == "--quick";
    try {
        Rounds rounds;
        if (quick) rounds = Rounds{20, 20, 20, 100, 20000};
        const ScaleResult tenth = run_scale("tenth scale", pt::bench::tenth_scale(), rounds);
        print(tenth);
        if (quick) return 0;
        const ScaleResult full = run_scale("full scale", pt::bench::full_scale(), rounds);
        print(full);
        std::printf("\ncost follows the share (full scale / tenth scale, same share):\n");
        std::printf(
            "  full pull p50 x%.2f, delta pull p50 x%.2f, events/s x%.2f"
            "  (plan is x%.1f larger)\n",
            full.full_pull.p50 / tenth.full_pull.p50, full.delta_pull.p50 / tenth.delta_pull.p50,
            full.events_per_second / tenth.events_per_second,
            static_cast<double>(full.work_steps_in_plan) /
                static_cast<double>(tenth.work_steps_in_plan));
    } catch (const std::exception& error) {
        std::fprintf(stderr, "plan_server_bench: %s\n", error.what());
        return 1;
    }
    return 0;
}
