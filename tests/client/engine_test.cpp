// SyncEngine against a scripted transport and a real terminal database: batching and order,
// the 400 that must not lose events, refused events never resent, backoff and Retry-After,
// sessions refused with 401, and the status snapshot.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "sync/client/sync_engine.h"
#include "sync/store/credentials.h"
#include "sync/store/event_id.h"
#include "sync/store/outbox.h"
#include "tests/client/fake_transport.h"
#include "tests/support/temp_dir.h"

namespace pt::client {
namespace {

using namespace std::chrono_literals;
using testing::answer;
using testing::FakeTransport;
using testing::ForwardingTransport;

constexpr const char* kEmptyPlan = R"({"cursor": "c1", "reset": true, "orders": [],
    "resources": [], "work_steps": [], "processes": [],
    "removed": {"orders": [], "work_steps": [], "processes": [], "resources": []}})";

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(2ms);
    }
    return condition();
}

/// The ids of the events in a push request body.
std::vector<std::string> pushed_ids(const HttpRequest& request) {
    std::vector<std::string> ids;
    for (const auto& event : protocol::decode_events_request(*request.body))
        ids.push_back(event.id);
    return ids;
}

/// Answers every event of a push with `status` (and rejects those in `refuse`).
HttpResult answer_push(const HttpRequest& request, const std::set<std::string>& refuse = {}) {
    // An idle cycle only asks whether the server answers.
    if (request.url.ends_with("/healthz")) return answer(200, "{\"status\":\"ok\"}");
    std::vector<protocol::EventResult> results;
    for (const auto& id : pushed_ids(request)) {
        if (refuse.contains(id)) {
            results.push_back({id, protocol::ResultStatus::rejected, "not_visible"});
        } else {
            results.push_back({id, protocol::ResultStatus::accepted, ""});
        }
    }
    return answer(200, protocol::encode_event_results(results));
}

bool is_push(const HttpRequest& request) {
    return request.url.ends_with("/api/v1/events");
}

struct EngineFixture {
    test::TempDir dir{"pt-engine-"};
    std::filesystem::path file = dir / "terminal.db";
    store::TerminalDb db{file};  // the test thread's own connection
    FakeTransport transport;
    std::atomic<int> callbacks{0};

    explicit EngineFixture(bool enrolled = true) {
        if (enrolled) store::Credentials(db).save({"T1", "terminal-token"});
    }

    SyncEngineOptions options() {
        SyncEngineOptions options;
        options.database = file;
        options.server_url = "http://server";
        options.make_transport = [this](const TransportOptions&) {
            return std::make_unique<ForwardingTransport>(transport);
        };
        options.pull_interval = 1h;  // only the test's own triggers run cycles
        options.backoff = {.base = 10ms, .cap = 50ms};
        options.on_state_changed = [this] { ++callbacks; };
        return options;
    }

    /// Appends `count` work_step.started events; returns their ids in order.
    std::vector<std::string> append(int count) {
        std::vector<std::string> ids;
        store::Outbox outbox(db);
        for (int i = 0; i < count; ++i) {
            plan::Event event;
            event.id = store::new_event_id();
            event.operator_id = "OP1";
            event.target_id = "W" + std::to_string(i);
            event.occurred_at = plan::Timestamp(std::chrono::seconds(1'795'000'000 + i));
            (void)outbox.append(event, "P1");
            ids.push_back(event.id);
        }
        return ids;
    }

    std::vector<HttpRequest> pushes() const {
        std::vector<HttpRequest> result;
        for (auto& request : transport.requests())
            if (is_push(request)) result.push_back(request);
        return result;
    }
};

TEST_CASE("engine: pushes in recording order, in batches of at most batch_size") {
    EngineFixture f;
    const auto ids = f.append(25);
    f.transport.set_handler([](const HttpRequest& r) { return answer_push(r); });
    auto options = f.options();
    options.batch_size = 10;
    SyncEngine engine(options);
    engine.start();
    REQUIRE(wait_until([&] { return engine.status()->cycles >= 1; }));
    const auto pushes = f.pushes();
    REQUIRE(pushes.size() == 3);
    std::vector<std::string> sent;
    for (const auto& push : pushes) {
        CHECK(push.bearer == "terminal-token");
        const auto batch = pushed_ids(push);
        CHECK(batch.size() <= 10);
        sent.insert(sent.end(), batch.begin(), batch.end());
    }
    CHECK(sent == ids);
    const auto status = engine.status();
    CHECK(status->pending == 0);
    CHECK(status->online);
    CHECK(status->enrolled);
    CHECK(status->last_success.has_value());
    CHECK_FALSE(status->last_error.has_value());
    CHECK(f.callbacks.load() > 0);
}

TEST_CASE("engine: a 400 for the whole batch loses and reorders nothing, and backs off") {
    EngineFixture f;
    const auto ids = f.append(5);
    f.transport.set_handler([](const HttpRequest& r) -> HttpResult {
        if (is_push(r)) return answer(400, R"({"error": "malformed", "message": "bad"})");
        return answer(200, kEmptyPlan);
    });
    SyncEngine engine(f.options());
    engine.start();
    REQUIRE(wait_until([&] { return engine.status()->consecutive_failures >= 3; }));
    auto status = engine.status();
    REQUIRE(status->last_error.has_value());
    CHECK(status->last_error->kind == SyncErrorKind::batch_refused);
    CHECK(status->pending == 5);
    CHECK(status->rejected == 0);
    CHECK(status->online);  // the server answered; it is the batch that is wrong
    for (const auto& push : f.pushes())
        CHECK(pushed_ids(push) == ids);  // the same events, the same order, every time
    for (const auto& id : ids)
        CHECK(store::Outbox(f.db).find(id)->state == store::OutboxState::pending);

    f.transport.set_handler([](const HttpRequest& r) { return answer_push(r); });
    engine.sync_now();
    REQUIRE(wait_until([&] { return engine.status()->pending == 0; }));
    REQUIRE(wait_until([&] { return engine.status()->consecutive_failures == 0; }));
    CHECK_FALSE(engine.status()->last_error.has_value());
    for (const auto& id : ids)
        CHECK(store::Outbox(f.db).find(id)->state == store::OutboxState::accepted);
}

TEST_CASE("engine: a refused event keeps its reason and is never sent again") {
    EngineFixture f;
    const auto ids = f.append(3);
    const std::set<std::string> refuse = {ids[1]};
    f.transport.set_handler([&refuse](const HttpRequest& r) { return answer_push(r, refuse); });
    SyncEngine engine(f.options());
    engine.start();
    REQUIRE(wait_until([&] { return engine.status()->cycles >= 1; }));
    const auto more = f.append(2);
    engine.notify_new_event();
    REQUIRE(wait_until([&] { return engine.status()->cycles >= 2; }));
    engine.sync_now();
    REQUIRE(wait_until([&] { return engine.status()->cycles >= 3; }));

    int sent_refused = 0;
    for (const auto& push : f.pushes())
        for (const auto& id : pushed_ids(push))
            sent_refused += id == ids[1] ? 1 : 0;
    CHECK(sent_refused == 1);
    const auto entry = store::Outbox(f.db).find(ids[1]);
    REQUIRE(entry.has_value());
    CHECK(entry->state == store::OutboxState::rejected);
    CHECK(entry->reason == "not_visible");
    CHECK(engine.status()->rejected == 1);
    CHECK(engine.status()->pending == 0);
}

TEST_CASE("engine: transient failures are retried by themselves, and success resets") {
    EngineFixture f;
    const auto ids = f.append(2);
    std::atomic<int> failures_left{4};
    f.transport.set_handler([&failures_left](const HttpRequest& r) -> HttpResult {
        if (failures_left.fetch_sub(1) > 0) {
            return TransportError{TransportErrorKind::connect_failed, "Connection refused"};
        }
        return answer_push(r);
    });
    SyncEngine engine(f.options());
    engine.start();
    REQUIRE(wait_until([&] {
        const auto status = engine.status();
        return status->cycles >= 5 && status->pending == 0 && status->consecutive_failures == 0;
    }));
    const auto pushes = f.pushes();
    CHECK(pushes.size() == 5);
    for (const auto& push : pushes)
        CHECK(pushed_ids(push) == ids);  // exactly once rests on resending the same ids
    CHECK(engine.status()->online);
}

TEST_CASE("engine: never retries earlier than Retry-After, not even on sync_now") {
    EngineFixture f;
    (void)f.append(1);
    std::mutex mutex;
    std::vector<std::chrono::steady_clock::time_point> times;
    f.transport.set_handler([&](const HttpRequest& r) -> HttpResult {
        std::lock_guard lock(mutex);
        times.push_back(std::chrono::steady_clock::now());
        if (times.size() == 1) return answer(503, "", 1s);
        return answer_push(r);
    });
    SyncEngine engine(f.options());
    engine.start();
    REQUIRE(wait_until([&] { return engine.status()->consecutive_failures == 1; }));
    CHECK(engine.status()->last_error->kind == SyncErrorKind::server_busy);
    CHECK_FALSE(engine.status()->online);
    for (int i = 0; i < 20; ++i) {  // a technician hammering "sync now"
        engine.sync_now();
        engine.notify_new_event();
        std::this_thread::sleep_for(10ms);
    }
    REQUIRE(wait_until([&] { return engine.status()->pending == 0; }, 5s));
    std::lock_guard lock(mutex);
    REQUIRE(times.size() == 2);
    CHECK(times[1] - times[0] >= 1s);
}

TEST_CASE("engine: a session refused with 401 is dropped and reported, not retried") {
    EngineFixture f;
    std::atomic<int> pulls_with_bad{0};
    f.transport.set_handler([&](const HttpRequest& r) -> HttpResult {
        if (r.bearer == "expired") {
            ++pulls_with_bad;
            return answer(401, R"({"error": "unauthorized", "message": "no"})");
        }
        return answer(200, kEmptyPlan);
    });
    SyncEngine engine(f.options());
    engine.start();
    engine.set_session("P1", "expired");
    engine.set_session("P2", "good");
    REQUIRE(wait_until([&] { return !engine.status()->expired_sessions.empty(); }));
    auto status = engine.status();
    CHECK(status->expired_sessions == std::vector<std::string>{"P1"});
    CHECK(status->sessions == std::vector<std::string>{"P2"});
    REQUIRE(status->last_error.has_value());
    CHECK(status->last_error->kind == SyncErrorKind::session_expired);
    CHECK(status->last_error->partner_id == "P1");
    CHECK(status->consecutive_failures == 0);  // the server is fine

    const std::uint64_t cycles = status->cycles;
    engine.sync_now();
    REQUIRE(wait_until([&] { return engine.status()->cycles > cycles; }));
    CHECK(pulls_with_bad.load() == 1);

    engine.set_session("P1", "fresh");  // the operator logged in again
    REQUIRE(wait_until([&] { return engine.status()->sessions.size() == 2; }));
    CHECK(engine.status()->expired_sessions.empty());
    engine.clear_session("P1");
    REQUIRE(wait_until([&] { return engine.status()->sessions.size() == 1; }));
}

TEST_CASE("engine: not enrolled pushes nothing; new events count at once, even backing off") {
    EngineFixture f(/*enrolled=*/false);
    SyncEngine engine(f.options());
    engine.start();
    REQUIRE(wait_until([&] { return engine.status()->cycles >= 1; }));
    CHECK_FALSE(engine.status()->enrolled);
    (void)f.append(3);
    engine.notify_new_event();
    REQUIRE(wait_until([&] { return engine.status()->pending == 3; }));
    CHECK(f.pushes().empty());
    engine.stop();
    CHECK_FALSE(engine.status()->running);
    engine.stop();  // idempotent
}

bool is_health(const HttpRequest& request) {
    return request.url.ends_with("/api/v1/terminals/health");
}

std::vector<protocol::HealthReport> health_reports(const FakeTransport& transport) {
    std::vector<protocol::HealthReport> reports;
    for (const auto& request : transport.requests())
        if (is_health(request)) reports.push_back(protocol::decode_health_report(*request.body));
    return reports;
}

/// A steady clock the test moves forward (the engine reads it whenever it wakes).
struct MovableClock {
    std::atomic<std::int64_t> offset_ms{0};
    SteadyClock clock() {
        return [this] {
            return std::chrono::steady_clock::now() + std::chrono::milliseconds(offset_ms.load());
        };
    }
};

// sync-api.md, "Terminal health": sent with the sync cycle, at most once a minute, with the
// terminal token; the outbox figures are those after the push.
TEST_CASE("engine: the health report goes with the cycle, at most once per interval") {
    EngineFixture f;
    (void)f.append(2);
    f.transport.set_handler([](const HttpRequest& r) -> HttpResult {
        if (is_health(r)) return answer(204);
        return answer_push(r);
    });
    MovableClock steady;
    auto options = f.options();
    options.steady_clock = steady.clock();
    options.health = {.software_version = "1.2.3", .image_version = "2026.12.1", .boot_slot = "B"};
    SyncEngine engine(options);
    engine.start();
    REQUIRE(wait_until([&] { return engine.status()->last_health_report.has_value(); }));
    for (int i = 0; i < 3; ++i)
        REQUIRE(wait_until([&, before = engine.status()->cycles] {
            if (engine.status()->cycles > before) return true;
            engine.sync_now();
            return false;
        }));
    auto reports = health_reports(f.transport);
    REQUIRE(reports.size() == 1);  // four cycles within a minute: one report
    const protocol::HealthReport& report = reports.front();
    CHECK(report.software_version == "1.2.3");
    CHECK(report.image_version == "2026.12.1");
    CHECK(report.boot_slot == "B");
    CHECK(report.outbox_pending == 0);  // measured after the push
    CHECK(report.refused_unseen == 0);
    CHECK_FALSE(report.oldest_pending_at.has_value());
    CHECK(report.session_open == false);
    CHECK(report.uptime_s.has_value());
    for (const auto& request : f.transport.requests())
        if (is_health(request)) CHECK(request.bearer == "terminal-token");

    steady.offset_ms = 61'000;  // a minute later
    (void)f.append(1);
    f.transport.set_handler([](const HttpRequest& r) -> HttpResult {
        if (is_health(r)) return answer(204);
        return TransportError{TransportErrorKind::connect_failed, "down (test)"};
    });
    engine.sync_now();
    REQUIRE(wait_until([&] { return engine.status()->consecutive_failures >= 1; }));
    // The push found no server: no report in that cycle either.
    CHECK(health_reports(f.transport).size() == 1);
    f.transport.set_handler([](const HttpRequest& r) -> HttpResult {
        if (is_health(r)) return answer(204);
        return answer_push(r);
    });
    engine.sync_now();
    REQUIRE(wait_until([&] { return health_reports(f.transport).size() == 2; }));
    reports = health_reports(f.transport);
    CHECK(reports.back().last_sync_at.has_value());
}

TEST_CASE("engine: a 404 to the health report (an older server) is ignored quietly") {
    EngineFixture f;
    (void)f.append(1);
    f.transport.set_handler([](const HttpRequest& r) -> HttpResult {
        if (is_health(r)) return answer(404, R"({"error": "not_found", "message": "no"})");
        return answer_push(r);
    });
    auto options = f.options();
    options.health = {.software_version = "1.2.3"};
    SyncEngine engine(options);
    engine.start();
    REQUIRE(wait_until([&] { return engine.status()->health_not_supported; }));
    for (int i = 0; i < 3; ++i)
        REQUIRE(wait_until([&, before = engine.status()->cycles] {
            if (engine.status()->cycles > before) return true;
            engine.sync_now();
            return false;
        }));
    const auto status = engine.status();
    CHECK(status->online);
    CHECK(status->pending == 0);
    CHECK(status->consecutive_failures == 0);
    CHECK_FALSE(status->last_error.has_value());
    CHECK_FALSE(status->terminal_revoked);
    CHECK(health_reports(f.transport).size() == 1);  // not asked again within the hour
}

// Issue #13 item 2: a revoked terminal (401 on its own token) keeps its outbox, says so, backs
// off instead of retrying in a tight loop, and delivers every pending event once it is
// enrolled again — with the same ids, each once.
TEST_CASE("engine: revoked terminal keeps its events, backs off, delivers them once re-enrolled") {
    EngineFixture f;
    const auto ids = f.append(4);
    std::mutex mutex;
    std::multiset<std::string> accepted;
    f.transport.set_handler([&](const HttpRequest& r) -> HttpResult {
        if (r.bearer != "new-token") {
            return answer(
                401, R"({"error": "unauthorized", "message": "a terminal token is required"})");
        }
        if (is_health(r)) return answer(204);
        std::lock_guard lock(mutex);
        for (const auto& id : pushed_ids(r))
            accepted.insert(id);
        return answer_push(r);
    });
    auto options = f.options();
    options.backoff = {.base = 400ms, .cap = 400ms};
    options.health = {.software_version = "1.2.3"};
    SyncEngine engine(options);
    engine.start();
    REQUIRE(wait_until([&] { return engine.status()->terminal_revoked; }));
    auto status = engine.status();
    REQUIRE(status->last_error.has_value());
    CHECK(status->last_error->kind == SyncErrorKind::terminal_unauthorized);
    CHECK(status->pending == 4);
    CHECK(status->online);  // the server answers; it is this terminal it refuses

    // Backing off: events keep coming, the engine keeps waiting (full jitter up to 400 ms).
    const auto tried_at_first = f.pushes().size();
    for (int i = 0; i < 20; ++i) {
        (void)f.append(1);
        engine.notify_new_event();
        std::this_thread::sleep_for(20ms);
    }
    const auto tries = f.pushes().size() - tried_at_first;
    CHECK(tries <= 6);  // 400 ms of waiting between tries at most, over about 400 ms
    CHECK(engine.status()->terminal_revoked);
    REQUIRE(wait_until([&] { return engine.status()->pending == 24; }));
    for (const auto& id : ids)
        CHECK(store::Outbox(f.db).find(id)->state == store::OutboxState::pending);

    // The technician enrols the terminal again with a new code: a new identity and token.
    store::Credentials(f.db).save({"T2", "new-token"});
    engine.sync_now();
    REQUIRE(wait_until([&] { return engine.status()->pending == 0; }));
    REQUIRE(wait_until([&] { return !engine.status()->terminal_revoked; }));
    CHECK(engine.status()->rejected == 0);
    std::lock_guard lock(mutex);
    CHECK(accepted.size() == 24);
    for (const auto& id : ids)
        CHECK(accepted.count(id) == 1);
    // The new identity reports its health at once, due or not.
    CHECK(health_reports(f.transport).size() >= 1);
}

TEST_CASE("engine: with an empty outbox the health report finds out that the terminal is revoked") {
    EngineFixture f;
    f.transport.set_handler([](const HttpRequest& r) -> HttpResult {
        if (is_health(r)) return answer(401, R"({"error": "unauthorized", "message": "no"})");
        return answer(200, "{}");
    });
    auto options = f.options();
    options.health = {.software_version = "1.2.3"};
    SyncEngine engine(options);
    engine.start();
    REQUIRE(wait_until([&] { return engine.status()->terminal_revoked; }));
    CHECK(engine.status()->last_error->kind == SyncErrorKind::terminal_unauthorized);
    CHECK(engine.status()->consecutive_failures >= 1);
}

TEST_CASE("engine: options are checked before anything runs") {
    CHECK_THROWS_AS(SyncEngine(SyncEngineOptions{.server_url = "http://x"}), std::invalid_argument);
    CHECK_THROWS_AS(SyncEngine(SyncEngineOptions{.database = "/tmp/x.db"}), std::invalid_argument);
    CHECK_THROWS_AS(SyncEngine(SyncEngineOptions{.database = "/tmp/x.db",
                                                 .server_url = "http://x",
                                                 .transport = {.pinned_public_key = "nope"}}),
                    std::invalid_argument);
}

}  // namespace
}  // namespace pt::client
