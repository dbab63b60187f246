// What the sync engine tells the rest of the terminal: one immutable snapshot, replaced as a
// whole whenever something changes, so the UI thread reads it without ever waiting for the
// sync thread (architecture.md: the UI never waits on the network).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pt::client {

using TimePoint = std::chrono::system_clock::time_point;

enum class SyncErrorKind : std::uint8_t {
    unreachable,            ///< no answer from the server (network, DNS, TLS, timeout)
    server_busy,            ///< 429 / 503: waiting as long as Retry-After says
    server_error,           ///< 5xx or another unexpected status
    bad_response,           ///< the server's answer broke the contract
    batch_refused,          ///< 400 to a push: the events stay pending, in order; needs a fix
    terminal_unauthorized,  ///< 401 to a push: the terminal's token is refused — re-enrol
    session_expired,        ///< 401 to a pull: that partner's operator must log in again
    store,                  ///< the terminal's database failed (disk full, I/O …)
    internal,               ///< anything else inside the engine (out of memory, a bug)
};

/// `unreachable`, `server_busy`, `server_error`, `bad_response`, `batch_refused`,
/// `terminal_unauthorized`, `session_expired`, `store` or `internal`.
[[nodiscard]] std::string_view name_of(SyncErrorKind kind);

struct SyncError {
    SyncErrorKind kind = SyncErrorKind::unreachable;
    std::string message;  ///< for the technician screen; never contains a token or badge
    TimePoint at{};
    std::string partner_id;  ///< for session_expired: whose session
    bool operator==(const SyncError&) const = default;
};

struct SyncStatus {
    bool running = false;   ///< the engine thread is alive
    bool syncing = false;   ///< a cycle is under way (a long drain publishes its progress)
    bool enrolled = false;  ///< the terminal has credentials (else nothing is pushed)
    /// The last exchange reached the server and it answered normally (not 5xx, 429 or 503).
    bool online = false;
    std::int64_t pending = 0;               ///< events waiting for the server's answer
    std::int64_t rejected = 0;              ///< events the server refused (attention screen)
    std::optional<TimePoint> last_success;  ///< end of the last cycle without failure
    std::optional<TimePoint> last_attempt;  ///< start of the last cycle
    std::optional<TimePoint> next_attempt;  ///< when the engine plans its next cycle
    /// The latest error since the last successful cycle; nullopt once a cycle succeeds.
    std::optional<SyncError> last_error;
    unsigned consecutive_failures = 0;  ///< failed cycles in a row (the backoff exponent)
    /// Partners whose session the server refused (401); the app should log them in again. A
    /// partner leaves the list when set_session() gives it a new token.
    std::vector<std::string> expired_sessions;
    std::vector<std::string> sessions;  ///< partners with a live session, pulled each cycle
    /// The server refused the terminal's own token (401 to a push or a health report): the
    /// terminal was revoked, or the server does not know it. Pending events stay in the outbox;
    /// a technician enrols the terminal again with a new code. Cleared once the terminal token
    /// is accepted again or the terminal has another identity.
    bool terminal_revoked = false;
    /// The server answered the health report with 404 (older than the endpoint): reports
    /// pause for an hour; the app logs it once.
    bool health_not_supported = false;
    std::optional<TimePoint> last_health_report;  ///< when the server last took one
    std::uint64_t cycles = 0;                     ///< cycles run so far (tests wait on it)
    std::string server_url;
    bool operator==(const SyncStatus&) const = default;
};

}  // namespace pt::client
