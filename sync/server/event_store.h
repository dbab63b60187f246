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

/// What a page of the event feed is narrowed to (the console's filters, issue 16), combined;
/// nothing set: every event.
struct EventFilter {
    std::optional<std::string> partner_id;  ///< the operator's partner when it was received
    std::optional<std::string> terminal_id;
    std::optional<std::string> operator_id;
    std::optional<plan::Timestamp> from;  ///< received_at ≥ from
    std::optional<plan::Timestamp> to;    ///< received_at < to
    [[nodiscard]] bool empty() const {
        return !partner_id && !terminal_id && !operator_id && !from && !to;
    }
};

class EventStore {
public:
    /// `db` must already carry the schema and outlive the store.
    explicit EventStore(SQLite::Database& db);

    /// How an event with this id was answered when it was first received (accepted, or
    /// rejected with its reason); nullopt when it was never received. Throws SQLite::Exception.
    [[nodiscard]] std::optional<protocol::OriginalOutcome> outcome_of(const std::string& event_id);
    /// `partner_id` and `operator_name`: the partner and name of the event's operator now
    /// (empty: no such operator).
    void add_accepted(const plan::Event& event, const std::string& partner_id,
                      const std::string& terminal_id, plan::Timestamp received_at,
                      const std::string& operator_name = {});
    /// `reason` is the wire reason (`not_visible` …), `message` the human detail.
    void add_rejected(const plan::Event& event, const std::string& partner_id,
                      std::string_view reason, const std::string& message,
                      const std::string& terminal_id, plan::Timestamp received_at);
    /// An event that could not be decoded: only its id is known.
    void add_malformed(const std::string& event_id, const std::string& message,
                       const std::string& terminal_id, plan::Timestamp received_at);

    /// Forgets refused events (rejected or malformed) of `terminal_id` beyond its newest `keep`,
    /// and every refused event received before `received_before`; accepted ones stay. Returns
    /// how many were forgotten.
    std::int64_t prune_refused(const std::string& terminal_id, std::int64_t keep,
                               plan::Timestamp received_before);

    /// The accepted notes written at or after `from` (product.md §8), in acceptance order, each
    /// dated no later than it was received.
    [[nodiscard]] std::vector<plan::ViewStepNote> notes_since(plan::Timestamp from);
    /// An accepted event as a correction names it: with the numbers in force in its data (those
    /// of its latest accepted correction, else its own) and the partner it was reported for.
    struct StoredReport {
        plan::Event event;
        std::string partner_id;
    };
    /// The accepted event `report_id` as a correction sees it; nullopt when no event of that id
    /// was accepted.
    [[nodiscard]] std::optional<StoredReport> report_in_force(const std::string& report_id);

    /// Every accepted event in acceptance order.
    [[nodiscard]] std::vector<protocol::RecordedEvent> accepted();
    /// The event feed (`GET /admin/v1/events`, `/admin/v1/refusals`): accepted or refused
    /// events with `seq` above `after`, oldest first, at most `limit` (every one without), of
    /// those `filter` lets through. Reads `db`, which may be a connection of its own (the feed
    /// needs no lock of the service). A filtered page reads an index of schema 10 in seq order,
    /// so it costs its own rows and those the index skips, not the feed.
    [[nodiscard]] static std::vector<protocol::RecordedEvent> page(
        SQLite::Database& db, bool refused, std::int64_t after, std::optional<std::int64_t> limit,
        const EventFilter& filter = {});
    /// How many events are stored (accepted and rejected).
    [[nodiscard]] std::int64_t count();

private:
    void add(const plan::Event* event, const std::string& event_id, const std::string& partner_id,
             std::string_view status, std::string_view reason, const std::string& message,
             const std::string& terminal_id, plan::Timestamp received_at,
             const std::string& operator_name = {});

    SQLite::Database& db_;
    SQLite::Statement find_, put_;
};

}  // namespace pt::server
