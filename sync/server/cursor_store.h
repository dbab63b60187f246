// Pull cursors: each names a ViewSnapshot (plan_delta.h) of one partner, kept in SQLite so
// cursors survive a restart, with the most recent ones cached in memory. Pruned so the table
// stays small: per (partner, session) only the newest few, and none older than a week.
// Callers hold PlanService's mutex (the cache is not locked on its own).
#pragma once

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>

#include "sync/plan/time.h"
#include "sync/server/plan_delta.h"

namespace pt::server {

struct CursorLimits {
    /// Cursors kept per (partner, session token); older ones are deleted.
    std::size_t keep_per_session = 3;
    /// Cursors older than this are deleted (and unknown from then on: a full pull).
    std::chrono::seconds max_age = std::chrono::hours{24 * 7};
    /// Snapshots cached in memory.
    std::size_t cache_entries = 64;
};

class CursorStore {
public:
    /// `db` must already carry the schema and outlive the store.
    explicit CursorStore(SQLite::Database& db, CursorLimits limits = {});

    /// The snapshot the cursor names when it exists, is not too old and belongs to `partner_id`;
    /// nullptr otherwise (a cursor of another partner is never used: no ids leak across).
    [[nodiscard]] std::shared_ptr<const ViewSnapshot> find(const std::string& cursor,
                                                           const std::string& partner_id,
                                                           plan::Timestamp now);
    /// Stores the snapshot under a new random cursor id (128 bits) and prunes. Throws
    /// SQLite::Exception when the database refuses.
    [[nodiscard]] std::string save(const std::string& partner_id, const std::string& session_hash,
                                   std::shared_ptr<const ViewSnapshot> snapshot,
                                   plan::Timestamp now);
    /// How many cursors the database holds (tests).
    [[nodiscard]] std::int64_t count();

private:
    struct Entry {
        std::string partner_id;
        plan::Timestamp created_at{};
        std::shared_ptr<const ViewSnapshot> snapshot;
        std::list<std::string>::iterator recency;
    };
    void remember(const std::string& cursor, std::string partner_id, plan::Timestamp created_at,
                  std::shared_ptr<const ViewSnapshot> snapshot);
    void forget(const std::string& cursor);
    void prune(const std::string& partner_id, const std::string& session_hash, plan::Timestamp now);

    SQLite::Database& db_;
    CursorLimits limits_;
    std::unordered_map<std::string, Entry> cache_;
    std::list<std::string> recency_;  ///< most recently used first
    plan::Timestamp last_age_prune_{};
};

}  // namespace pt::server
