// The online logins of each operator on each terminal, which R13 binds events to (sync-api.md,
// "Events are bound to sessions"). Kept as runs (sync/plan/session_binding.h): one row per run
// of logins at most an hour apart, pruned once a run is older than anything still delivered.
// Callers hold PlanService's mutex; writes run in the caller's transaction.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <string>
#include <vector>

#include "sync/plan/session_binding.h"

namespace pt::server {

class LoginHistory {
public:
    /// How long past the offline grace a run is kept: a terminal's outbox may wait that long
    /// for the network and still deliver events of sessions opened before it went offline.
    static constexpr std::chrono::days kDeliveryMargin{30};

    /// `db` must already carry the schema and outlive the store.
    explicit LoginHistory(SQLite::Database& db);

    /// Records an online login at `at`: extends the latest run of this operator on this
    /// terminal, or starts a new one.
    void record(const std::string& terminal_id, const std::string& operator_id, plan::Timestamp at);
    /// The operator's runs on the terminal, any order.
    [[nodiscard]] std::vector<plan::LoginRun> runs(const std::string& terminal_id,
                                                   const std::string& operator_id);
    /// Forgets runs whose last login is before `before`.
    void forget_before(plan::Timestamp before);
    /// Forgets every login of the operator (deleted, or moved to another partner: a terminal of
    /// its old partner must not report for it, R13).
    void forget_operator(const std::string& operator_id);

private:
    SQLite::Database& db_;
    SQLite::Statement find_runs_;
};

}  // namespace pt::server
