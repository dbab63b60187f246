// One sync cycle, the work of the sync thread between two sleeps: push the outbox in order,
// then pull every live session's delta. Runs on the engine thread only, with that thread's own
// TerminalDb and transport. Internal to terminal::client (sync_engine.cpp drives it).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sync/client/sync_api_client.h"
#include "sync/client/sync_status.h"
#include "sync/store/terminal_db.h"

namespace pt::client::detail {

/// The health report the engine wants sent with this cycle (sync-api.md, "Terminal health").
struct HealthInput {
    /// What the engine knows; the cycle adds the outbox's figures after the push.
    protocol::HealthReport report;
    /// The engine's interval has passed since the last report.
    bool due = false;
    /// The terminal the last report went to: after a (re-)enrolment the new identity reports at
    /// once, whether due or not.
    std::string last_reported_terminal;
};

enum class HealthOutcome : std::uint8_t {
    not_sent,
    delivered,
    not_supported,  ///< 404: a server older than the endpoint
    failed,         ///< no answer or another status; tried again when next due
};

struct CycleInput {
    std::map<std::string, std::string> sessions;  ///< partner id -> session token
    /// Set when the terminal reports its health at all (it knows its software version).
    std::optional<HealthInput> health;
    std::size_t batch_size = protocol::kMaxEventsPerRequest;
    /// Called after each batch's answers are recorded, so a long drain shows its progress.
    std::function<void()> on_batch_recorded;
};

/// A failure that ends the cycle and makes the engine back off.
struct CycleFailure {
    SyncErrorKind kind = SyncErrorKind::unreachable;
    std::string message;
    std::optional<std::chrono::seconds> retry_after;
};

/// A session the server refused (401): dropped unless the app set a new token meanwhile.
struct ExpiredSession {
    std::string partner_id;
    std::string token;
};

struct CycleReport {
    bool enrolled = false;
    std::string terminal_id;  ///< of the credentials used; empty when not enrolled
    /// A request with the terminal token got 401: the terminal was revoked (or its token is
    /// unknown to this server). Pending events stay; the technician enrols it again.
    bool terminal_refused = false;
    /// A request with the terminal token was answered past the token check: the token is good.
    bool terminal_accepted = false;
    HealthOutcome health = HealthOutcome::not_sent;
    bool contacted = false;      ///< at least one request went out
    std::optional<bool> online;  ///< from the last exchange; nullopt when there was none
    std::optional<CycleFailure> failure;
    std::vector<ExpiredSession> expired;
    std::size_t events_answered = 0;  ///< outbox entries the server's answers changed
    /// A push got no usable answer (no connection, 5xx, a broken body): the server may have
    /// applied events still pending here, so this cycle pulls nothing.
    bool push_outcome_unknown = false;
    std::size_t pulls_applied = 0;
};

class SyncCycle {
public:
    /// Both must belong to the calling thread and outlive the cycle.
    SyncCycle(store::TerminalDb& db, SyncApiClient& api) : db_(db), api_(api) {}

    /// Runs one cycle. Never throws for network or store trouble (that is the report's
    /// failure); stops between requests once `stop` is set.
    [[nodiscard]] CycleReport run(const CycleInput& input, const std::atomic<bool>& stop);

private:
    /// Pushes pending events batch by batch until none is left or a batch fails.
    void push_all(const std::string& terminal_token, const CycleInput& input,
                  const std::atomic<bool>& stop, CycleReport& report);
    /// Sends the health report when due (or for a new terminal identity), after the push so
    /// its outbox figures are the fresh ones.
    void report_health(const std::string& terminal_id, const std::string& terminal_token,
                       const CycleInput& input, CycleReport& report);
    /// Pulls and applies one partner's delta.
    void pull_one(const std::string& partner_id, const std::string& token, CycleReport& report);

    store::TerminalDb& db_;
    SyncApiClient& api_;
};

}  // namespace pt::client::detail
