// The sync engine (architecture.md "How data flows"): its own thread, with its own TerminalDb
// connection and its own HTTP transport, that pushes the outbox and pulls the plan of every
// partner with a live session.
//
// Threads: every public member function may be called from any thread (they only set flags and
// tokens under one mutex and wake the engine); the work itself — network and database — happens
// only on the engine thread, so the caller never waits on the network. The engine thread sleeps
// on a condition variable and wakes on notify_new_event(), the pull timer, set_session() /
// clear_session(), sync_now(), set_server_url() and stop().
//
// Each cycle pushes pending events oldest first in batches of at most 1,000 and records every
// answer; then pulls each live session's delta and applies it with its cursor in one
// transaction. Transient failures (no answer, 5xx, 429/503, a broken answer, a 400 to a batch)
// end the cycle and back off with full jitter (backoff.h), never sooner than Retry-After; a
// success resets the backoff. While backing off, new events and the timer wait; sync_now() and
// a new session skip the backoff but not Retry-After.
//
// A 401 to the terminal's own token (push or health report) means the terminal was revoked:
// SyncStatus::terminal_revoked says so until the token works again or the terminal is enrolled
// anew; the events stay pending and the engine backs off as for any failure, so a revoked
// terminal never retries in a tight loop. With HealthOptions set, a cycle also sends the
// health report, at most once per interval (and at once for a new terminal identity).
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "sync/client/backoff.h"
#include "sync/client/http_transport.h"
#include "sync/client/sync_status.h"
#include "sync/protocol/protocol.h"

namespace pt::client {

using WallClock = std::function<std::chrono::system_clock::time_point()>;
using SteadyClock = std::function<std::chrono::steady_clock::time_point()>;
/// Makes the engine's transport, on the engine thread. Tests wrap HttpTransport with faults.
using TransportFactory = std::function<std::unique_ptr<Transport>(const TransportOptions&)>;

/// What the terminal says about itself in its health report (sync-api.md, "Terminal health").
struct HealthOptions {
    /// Empty: no health reports at all (tools such as terminal-sync, tests).
    std::string software_version;
    std::string image_version;  ///< empty when not running from an image
    std::string boot_slot;      ///< empty when unknown
    /// At most one report per this long; sent with a sync cycle, never on its own.
    std::chrono::seconds interval{60};
    /// After a 404 (a server without the endpoint), the next try waits this long.
    std::chrono::seconds unsupported_retry{std::chrono::hours(1)};
};

struct SyncEngineOptions {
    /// The terminal database file; the engine opens its own connection on its own thread.
    std::filesystem::path database;
    std::chrono::milliseconds database_busy_timeout{5000};
    /// The server's root URL, e.g. `https://plan.example.com`.
    std::string server_url;
    /// Timeouts, CA file, pinned key … (the engine sets `cancel` itself, for stop()).
    TransportOptions transport;
    /// Empty: an HttpTransport with `transport`.
    TransportFactory make_transport;
    /// How often live sessions are pulled when nothing else wakes the engine.
    std::chrono::milliseconds pull_interval{std::chrono::seconds(15)};
    BackoffPolicy backoff;
    /// Events per push (clamped to 1 … protocol::kMaxEventsPerRequest).
    std::size_t batch_size = protocol::kMaxEventsPerRequest;
    /// Accepted and duplicate outbox entries are deleted this long after their answer (pending
    /// and rejected ones never are).
    std::chrono::hours delivered_retention{24 * 7};
    /// The health report sent with the sync cycle; off unless software_version is set.
    HealthOptions health;
    /// Empty: make_unit_random().
    UnitRandom random;
    /// Times shown in the status and used by the database; empty: the system clock.
    WallClock wall_clock;
    /// Scheduling (timer, backoff); empty: std::chrono::steady_clock. A fake clock is read
    /// whenever the engine wakes; waits themselves are real time.
    SteadyClock steady_clock;
    /// Called on the engine thread, with no engine lock held, after each new status. It may
    /// read status(); it must be quick and must not call the engine's other functions (e.g.
    /// wake the UI's event loop and return).
    std::function<void()> on_state_changed;
};

class SyncEngine {
public:
    /// Keeps the options; nothing runs before start(). Throws std::invalid_argument for an
    /// empty database path or server URL.
    explicit SyncEngine(SyncEngineOptions options);
    /// stop(), then frees everything.
    ~SyncEngine();
    SyncEngine(const SyncEngine&) = delete;
    SyncEngine& operator=(const SyncEngine&) = delete;
    SyncEngine(SyncEngine&&) = delete;
    SyncEngine& operator=(SyncEngine&&) = delete;

    /// Starts the engine thread (the first cycle runs at once). Throws std::logic_error when
    /// already started, std::system_error when no thread can be created. Database and network
    /// failures never throw: they show in status().
    void start();
    /// Asks the thread to stop, abandons a request in flight (within about a second) and joins.
    /// Idempotent; pending events stay in the outbox for the next start.
    void stop();

    /// An event was appended to the outbox: push it now unless backing off.
    void notify_new_event();
    /// A partner's operator logged in online: pull with this session token from now on (a new
    /// token replaces the old one) and sync at once.
    void set_session(std::string partner_id, std::string token);
    /// The partner's operator logged out: no more pulls for it. Its cached plan stays.
    void clear_session(std::string_view partner_id);
    /// Sync at once, skipping the backoff delay but never the server's Retry-After.
    void sync_now();
    /// Talk to another server root from the next cycle on, and sync at once.
    void set_server_url(std::string url);

    /// The latest status snapshot; never null, never blocks on the engine's work.
    [[nodiscard]] std::shared_ptr<const SyncStatus> status() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace pt::client
