// Every event a terminal delivered, once per id, with its outcome (accepted or rejected and
// why). The UNIQUE id makes "exactly once" hold in the database itself (product.md §5).
// Callers hold PlanService's mutex and a transaction around one request's events.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <optional>
#include <string>
#include <vector>

#include "sync/protocol/protocol.h"

namespace pt::server {

class EventStore {
public:
    /// `db` must already carry the schema and outlive the store.
    explicit EventStore(SQLite::Database& db);

    /// How an event with this id was answered when it was first received (accepted, or
    /// rejected with its reason); nullopt when it was never received. Throws SQLite::Exception.
    [[nodiscard]] std::optional<protocol::OriginalOutcome> outcome_of(const std::string& event_id);
    void add_accepted(const plan::Event& event, const std::string& terminal_id,
                      plan::Timestamp received_at);
    /// `reason` is the wire reason (`not_visible` …), `message` the human detail.
    void add_rejected(const plan::Event& event, std::string_view reason, const std::string& message,
                      const std::string& terminal_id, plan::Timestamp received_at);
    /// An event that could not be decoded: only its id is known.
    void add_malformed(const std::string& event_id, const std::string& message,
                       const std::string& terminal_id, plan::Timestamp received_at);

    /// Forgets refused events (rejected or malformed) of `terminal_id` beyond its newest `keep`,
    /// and every refused event received before `received_before`; accepted ones stay. Returns
    /// how many were forgotten.
    std::int64_t prune_refused(const std::string& terminal_id, std::int64_t keep,
                               plan::Timestamp received_before);

    /// Every accepted event in acceptance order.
    [[nodiscard]] std::vector<protocol::RecordedEvent> accepted();
    /// The event feed (`GET /admin/v1/events`, `/admin/v1/refusals`): accepted or refused
    /// events with `seq` above `after`, oldest first, at most `limit` (every one without).
    /// Reads `db`, which may be a connection of its own (the feed needs no lock of the service).
    [[nodiscard]] static std::vector<protocol::RecordedEvent> page(
        SQLite::Database& db, bool refused, std::int64_t after, std::optional<std::int64_t> limit);
    /// How many events are stored (accepted and rejected).
    [[nodiscard]] std::int64_t count();

private:
    void add(const plan::Event* event, const std::string& event_id, std::string_view status,
             std::string_view reason, const std::string& message, const std::string& terminal_id,
             plan::Timestamp received_at);

    SQLite::Database& db_;
    SQLite::Statement find_, put_;
};

}  // namespace pt::server
