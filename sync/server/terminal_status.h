// What `GET /admin/v1/terminals` shows beyond enrolment: when each terminal was last seen,
// its failed logins of the last 24 hours and its latest health report (sync-api.md,
// "Credentials" and "Terminal health"). Callers hold PlanService's mutex.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sync/plan/time.h"

namespace pt::server {

/// One enrolled terminal as stored.
struct TerminalStatus {
    std::string id;
    std::string name;
    plan::Timestamp enrolled_at{};
    std::optional<plan::Timestamp> last_seen_at;
    bool revoked = false;
    std::vector<std::string> resource_ids;  ///< the machines it stands at
    std::int64_t failed_logins_24h = 0;
    std::optional<std::string> health_report;  ///< the report's JSON as received and checked
    plan::Timestamp health_received_at{};
};

class TerminalStatusStore {
public:
    /// Failed logins older than this are forgotten.
    static constexpr std::chrono::hours kFailedLoginWindow{24};
    /// last_seen_at is written to the database at most this often per terminal; the listing
    /// shows the exact time, kept in memory.
    static constexpr std::chrono::minutes kSeenWriteInterval{1};

    /// `db` must already carry the schema and outlive the store.
    explicit TerminalStatusStore(SQLite::Database& db);

    /// An authenticated request from the terminal arrived at `now`.
    void seen(const std::string& terminal_id, plan::Timestamp now);
    /// A login from the terminal failed at `now`; failures past the window are forgotten.
    void add_failed_login(const std::string& terminal_id, plan::Timestamp now);
    /// Keeps `report_json` as the terminal's latest report.
    void save_health(const std::string& terminal_id, const std::string& report_json,
                     plan::Timestamp received_at);
    /// Renames the terminal and/or sets the resources it stands at; false when there is no
    /// such terminal.
    bool change(const std::string& terminal_id, const std::optional<std::string>& name,
                const std::optional<std::vector<std::string>>& resource_ids);
    /// No terminal stands at the resource any more (it was deleted).
    void forget_resource(const std::string& resource_id);
    /// The resources the terminal stands at, in the order given.
    [[nodiscard]] std::vector<std::string> resources_of(const std::string& terminal_id);
    /// The terminal's name; nullopt when there is no such terminal.
    [[nodiscard]] std::optional<std::string> name_of(const std::string& terminal_id);
    /// Every enrolled terminal, revoked ones included, in enrolment order.
    [[nodiscard]] std::vector<TerminalStatus> list(plan::Timestamp now);

private:
    SQLite::Database& db_;
    SQLite::Statement mark_seen_;
    struct Seen {
        plan::Timestamp latest{};
        plan::Timestamp written{};
    };
    std::unordered_map<std::string, Seen> seen_;
};

}  // namespace pt::server
