#include "sync/client/sync_engine.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <utility>

#include "sync/client/sync_cycle.h"
#include "sync/store/outbox.h"
#include "sync/store/store_error.h"
#include "sync/store/terminal_db.h"

namespace pt::client {

using Steady = std::chrono::steady_clock::time_point;

std::string_view name_of(SyncErrorKind kind) {
    switch (kind) {
        case SyncErrorKind::unreachable:
            return "unreachable";
        case SyncErrorKind::server_busy:
            return "server_busy";
        case SyncErrorKind::server_error:
            return "server_error";
        case SyncErrorKind::bad_response:
            return "bad_response";
        case SyncErrorKind::batch_refused:
            return "batch_refused";
        case SyncErrorKind::terminal_unauthorized:
            return "terminal_unauthorized";
        case SyncErrorKind::session_expired:
            return "session_expired";
        case SyncErrorKind::store:
            return "store";
        case SyncErrorKind::internal:
            break;
    }
    return "internal";
}

namespace {

constexpr std::chrono::hours kPruneEvery{1};

/// What woke the engine thread.
enum class Work : std::uint8_t { stop, cycle, refresh };

}  // namespace

struct SyncEngine::Impl {
    explicit Impl(SyncEngineOptions opts) : options(std::move(opts)) {
        if (!options.wall_clock)
            options.wall_clock = [] { return std::chrono::system_clock::now(); };
        if (!options.steady_clock) {
            options.steady_clock = [] { return std::chrono::steady_clock::now(); };
        }
        if (!options.random) options.random = make_unit_random();
        options.transport.cancel = &stopping;
        if (!options.transport.wall_clock) options.transport.wall_clock = options.wall_clock;
        server_url = options.server_url;
        published = std::make_shared<const SyncStatus>(SyncStatus{.server_url = server_url});
    }

    // ---- engine thread --------------------------------------------------------------------
    void run();
    Work wait_for_work(Steady& due_at);
    [[nodiscard]] Steady next_due() const;
    void run_cycle();
    void refresh_counts();
    void apply(const detail::CycleReport& report);
    void publish();
    bool ensure_open();
    [[nodiscard]] std::optional<detail::HealthInput> health_input(bool session_open) const;
    void follow_terminal(const detail::CycleReport& report);
    void record_failure(SyncErrorKind kind, std::string message,
                        std::optional<std::chrono::seconds> retry_after = std::nullopt);

    SyncEngineOptions options;

    // ---- shared with callers: guarded by `mutex`, signalled by `wake` ----------------------
    mutable std::mutex mutex;
    std::condition_variable wake;
    bool stop_requested = false;
    bool urgent = false;             // sync_now, set_session, set_server_url
    bool refresh_requested = false;  // clear_session: publish without a cycle
    std::uint64_t event_notifications = 0;
    std::map<std::string, std::string> sessions;  // partner id -> session token
    std::set<std::string> expired;
    std::string server_url;

    // ---- the published snapshot: guarded by `status_mutex` (never held with `mutex`) ------
    mutable std::mutex status_mutex;
    std::shared_ptr<const SyncStatus> published;

    // Read by the transport's progress callback so stop() abandons a request in flight.
    std::atomic<bool> stopping{false};

    // ---- lifecycle: guarded by `lifecycle_mutex` -------------------------------------------
    std::mutex lifecycle_mutex;
    std::thread thread;
    bool started = false;

    // ---- engine thread only (no lock) --------------------------------------------------------
    std::unique_ptr<store::TerminalDb> db;
    std::unique_ptr<Transport> transport;
    std::unique_ptr<SyncApiClient> api;
    std::optional<RetryGate> gate;
    SyncStatus current;
    Steady next_pull{};
    Steady last_prune{};
    Steady started_at{};                // for the health report's uptime
    std::optional<Steady> health_next;  // when the next health report is due; unset: at once
    std::string health_terminal;        // the identity the last report was sent as
    std::string revoked_terminal;       // the identity whose token the server refused
    bool pruned_once = false;
    std::uint64_t events_seen_by_cycle = 0;
    std::uint64_t events_counted = 0;
};

void SyncEngine::Impl::run() {
    gate.emplace(options.backoff, options.random);
    started_at = options.steady_clock();
    current.running = true;
    next_pull = options.steady_clock();  // the first cycle runs at once
    for (;;) {
        Steady due_at{};
        const Work work = wait_for_work(due_at);
        if (work == Work::stop) break;
        try {
            if (work == Work::cycle) {
                current.syncing = true;
                run_cycle();
            } else {
                refresh_counts();
            }
        } catch (const std::exception& error) {
            // Nothing may escape the thread (std::terminate would take the kiosk down).
            record_failure(SyncErrorKind::internal, error.what());
        }
        current.syncing = false;
        publish();
    }
    // Close the connection and the handle on the thread that used them.
    api.reset();
    transport.reset();
    db.reset();
    current.running = false;
    current.next_attempt.reset();
    publish();
}

Steady SyncEngine::Impl::next_due() const {
    // While failing, the backoff alone decides; while healthy, the pull timer (which a
    // Retry-After given to an otherwise successful cycle may still push back).
    if (gate->failures() > 0) return gate->earliest_attempt();
    return std::max(next_pull, gate->earliest_attempt());
}

Work SyncEngine::Impl::wait_for_work(Steady& due_at) {
    std::unique_lock lock(mutex);
    for (;;) {
        if (stop_requested) return Work::stop;
        const Steady now = options.steady_clock();
        due_at = next_due();
        const bool urgent_due = urgent && now >= gate->not_before();
        const bool events_due =
            event_notifications != events_seen_by_cycle && now >= gate->earliest_attempt();
        if (urgent_due || events_due || now >= due_at) {
            urgent = false;
            refresh_requested = false;
            events_seen_by_cycle = events_counted = event_notifications;
            return Work::cycle;
        }
        if (refresh_requested || event_notifications != events_counted) {
            // Backing off: no push now, but the pending count on screen must still grow.
            refresh_requested = false;
            events_counted = event_notifications;
            return Work::refresh;
        }
        const Steady wake_at = urgent ? std::min(due_at, gate->not_before()) : due_at;
        wake.wait_for(lock, wake_at - now);
    }
}

bool SyncEngine::Impl::ensure_open() {
    try {
        if (!transport) {
            transport = options.make_transport ? options.make_transport(options.transport)
                                               : std::make_unique<HttpTransport>(options.transport);
            api = std::make_unique<SyncApiClient>(*transport, options.server_url);
        }
        if (!db) {
            // Opened here, on the engine thread, and used nowhere else (one connection per
            // thread); WAL lets the UI thread read and append meanwhile.
            db = std::make_unique<store::TerminalDb>(
                options.database,
                store::TerminalDbOptions{.clock = options.wall_clock,
                                         .busy_timeout = options.database_busy_timeout});
        }
        return true;
    } catch (const store::StoreError& error) {
        record_failure(SyncErrorKind::store, error.what());
    }
    return false;
}

void SyncEngine::Impl::run_cycle() {
    current.last_attempt = options.wall_clock();
    if (!ensure_open()) return;
    detail::CycleInput input;
    {
        std::lock_guard lock(mutex);
        input.sessions = sessions;
        api->set_base_url(server_url);
    }
    input.batch_size = options.batch_size;
    input.health = health_input(!input.sessions.empty());
    input.on_batch_recorded = [this] {
        refresh_counts();
        publish();
    };
    const detail::CycleReport report = detail::SyncCycle(*db, *api).run(input, stopping);
    ++current.cycles;
    apply(report);
    refresh_counts();
    try {
        // The UI's connection leaves checkpoints to this thread (TerminalDbOptions), so a tap's
        // append never pays for one.
        db->checkpoint();
        db->release_memory();  // cycles are seconds apart: no reason to keep the pages resident
    } catch (const store::StoreError&) {
        // The WAL only grows until the next cycle; real trouble shows in the next write.
    }

    const Steady now = options.steady_clock();
    if (!pruned_once || now - last_prune >= kPruneEvery) {
        pruned_once = true;
        last_prune = now;
        try {
            (void)store::Outbox(*db).prune_delivered(options.wall_clock() -
                                                     options.delivered_retention);
        } catch (const store::StoreError&) {
            // Only housekeeping; the next hour tries again, and real trouble shows elsewhere.
        }
    }
}

std::optional<detail::HealthInput> SyncEngine::Impl::health_input(bool session_open) const {
    const HealthOptions& health = options.health;
    if (health.software_version.empty()) return std::nullopt;
    const Steady now = options.steady_clock();
    detail::HealthInput input;
    input.due = !health_next || now >= *health_next;
    input.last_reported_terminal = health_terminal;
    protocol::HealthReport& report = input.report;
    report.software_version = health.software_version;
    if (!health.image_version.empty()) report.image_version = health.image_version;
    if (!health.boot_slot.empty()) report.boot_slot = health.boot_slot;
    report.uptime_s = std::chrono::duration_cast<std::chrono::seconds>(
                          std::max(now - started_at, Steady::duration{}))
                          .count();
    report.session_open = session_open;
    if (current.last_success) {
        report.last_sync_at =
            std::chrono::time_point_cast<std::chrono::seconds>(*current.last_success);
    }
    if (current.last_error) {
        // The engine's own words (libcurl's or the server's message): no token or badge. Kept
        // short: a hostile server's message is not worth sending back at length.
        constexpr std::size_t kMaxError = 200;
        std::string text =
            std::string(name_of(current.last_error->kind)) + ": " + current.last_error->message;
        if (text.size() > kMaxError) text.resize(kMaxError);
        report.last_error = std::move(text);
    }
    return input;
}

void SyncEngine::Impl::follow_terminal(const detail::CycleReport& report) {
    const Steady now = options.steady_clock();
    switch (report.health) {
        case detail::HealthOutcome::delivered:
            current.last_health_report = options.wall_clock();
            current.health_not_supported = false;
            [[fallthrough]];
        case detail::HealthOutcome::failed:
            health_next = now + options.health.interval;
            health_terminal = report.terminal_id;
            break;
        case detail::HealthOutcome::not_supported:
            health_next = now + options.health.unsupported_retry;
            health_terminal = report.terminal_id;
            current.health_not_supported = true;
            break;
        case detail::HealthOutcome::not_sent:
            break;
    }
    // A session the server ended may mean the terminal itself was revoked: the next cycle's
    // health report asks with the terminal's token at once, so the screen can say so before an
    // operator tries to log in (issue 16: a terminal revoked in the console).
    if (!report.expired.empty()) health_next.reset();
    // Revocation sticks to the identity it was found for: re-enrolled (another terminal id) or
    // answered again past the token check, the terminal is no longer revoked.
    if (report.terminal_refused) {
        revoked_terminal = report.terminal_id;
    } else if (report.terminal_accepted ||
               (report.enrolled && report.terminal_id != revoked_terminal) ||
               (!report.enrolled && !report.failure)) {
        revoked_terminal.clear();
    }
    current.terminal_revoked = !revoked_terminal.empty();
}

void SyncEngine::Impl::apply(const detail::CycleReport& report) {
    current.enrolled = report.enrolled;
    follow_terminal(report);
    if (report.online) current.online = *report.online;
    if (report.failure) {
        record_failure(report.failure->kind, report.failure->message, report.failure->retry_after);
    } else if (current.terminal_revoked) {
        // Nothing in this cycle needed the terminal token, but it is still refused: keep backing
        // off and keep saying why, rather than look healthy until the next push.
        record_failure(SyncErrorKind::terminal_unauthorized,
                       "the server refused this terminal's token (revoked?): enrol it again with "
                       "a new code");
    } else {
        gate->record_success();
        current.consecutive_failures = 0;
        current.last_error.reset();
        if (report.contacted) current.last_success = options.wall_clock();
        next_pull = options.steady_clock() + options.pull_interval;
    }
    if (report.expired.empty()) return;
    std::lock_guard lock(mutex);
    for (const auto& session : report.expired) {
        const auto it = sessions.find(session.partner_id);
        // The app may have logged in again while the pull was under way: keep the new token.
        if (it != sessions.end() && it->second == session.token) sessions.erase(it);
        expired.insert(session.partner_id);
        current.last_error = SyncError{.kind = SyncErrorKind::session_expired,
                                       .message = "the server refused the session of partner " +
                                                  session.partner_id + "; log in again",
                                       .at = options.wall_clock(),
                                       .partner_id = session.partner_id};
    }
}

void SyncEngine::Impl::record_failure(SyncErrorKind kind, std::string message,
                                      std::optional<std::chrono::seconds> retry_after) {
    (void)gate->record_failure(options.steady_clock(), retry_after);
    current.consecutive_failures = gate->failures();
    current.last_error =
        SyncError{.kind = kind, .message = std::move(message), .at = options.wall_clock()};
}

void SyncEngine::Impl::refresh_counts() {
    if (!db) return;
    try {
        const store::OutboxCounts counts = store::Outbox(*db).counts();
        current.pending = counts.pending;
        current.rejected = counts.rejected;
    } catch (const store::StoreError&) {
        // Keep the last counts; the next cycle reports the database failure itself.
    }
}

void SyncEngine::Impl::publish() {
    auto status = std::make_shared<SyncStatus>(current);
    {
        std::lock_guard lock(mutex);
        status->server_url = server_url;
        status->expired_sessions.assign(expired.begin(), expired.end());
        status->sessions.clear();
        for (const auto& entry : sessions)
            status->sessions.push_back(entry.first);
    }
    if (status->running) {
        const Steady now = options.steady_clock();
        const Steady due = next_due();
        status->next_attempt =
            options.wall_clock() + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                       std::max(due, now) - now);
    }
    bool changed = false;
    {
        std::lock_guard lock(status_mutex);
        changed = !published || *published != *status;
        if (changed) published = std::move(status);
    }
    if (!changed || !options.on_state_changed) return;
    try {
        options.on_state_changed();
    } catch (...) {
        // A throwing callback must not take the sync thread down.
    }
}

// ---- SyncEngine ---------------------------------------------------------------------------

SyncEngine::SyncEngine(SyncEngineOptions options) {
    if (options.database.empty()) throw std::invalid_argument("SyncEngine needs a database path");
    if (options.server_url.empty()) throw std::invalid_argument("SyncEngine needs a server URL");
    if (auto problem = validate(options.transport)) throw std::invalid_argument(*problem);
    impl_ = std::make_unique<Impl>(std::move(options));
}

SyncEngine::~SyncEngine() {
    stop();
}

void SyncEngine::start() {
    std::lock_guard lifecycle(impl_->lifecycle_mutex);
    if (impl_->started) throw std::logic_error("SyncEngine already started");
    impl_->thread = std::thread([impl = impl_.get()] { impl->run(); });
    impl_->started = true;
}

void SyncEngine::stop() {
    std::lock_guard lifecycle(impl_->lifecycle_mutex);
    {
        std::lock_guard lock(impl_->mutex);
        impl_->stop_requested = true;
    }
    impl_->stopping = true;
    impl_->wake.notify_all();
    if (impl_->thread.joinable()) impl_->thread.join();
}

void SyncEngine::notify_new_event() {
    {
        std::lock_guard lock(impl_->mutex);
        ++impl_->event_notifications;
    }
    impl_->wake.notify_all();
}

void SyncEngine::set_session(std::string partner_id, std::string token) {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->expired.erase(partner_id);
        impl_->sessions[std::move(partner_id)] = std::move(token);
        impl_->urgent = true;
    }
    impl_->wake.notify_all();
}

void SyncEngine::clear_session(std::string_view partner_id) {
    {
        std::lock_guard lock(impl_->mutex);
        if (const auto it = impl_->sessions.find(std::string(partner_id));
            it != impl_->sessions.end()) {
            impl_->sessions.erase(it);
        }
        impl_->expired.erase(std::string(partner_id));
        impl_->refresh_requested = true;
    }
    impl_->wake.notify_all();
}

void SyncEngine::sync_now() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->urgent = true;
    }
    impl_->wake.notify_all();
}

void SyncEngine::set_server_url(std::string url) {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->server_url = std::move(url);
        impl_->urgent = true;
    }
    impl_->wake.notify_all();
}

std::shared_ptr<const SyncStatus> SyncEngine::status() const {
    std::lock_guard lock(impl_->status_mutex);
    return impl_->published;
}

}  // namespace pt::client
