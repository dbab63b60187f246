#include "sync/server/login_history.h"

#include <optional>

#include "sync/server/sql_support.h"

namespace pt::server {

LoginHistory::LoginHistory(SQLite::Database& db)
    : db_(db),
      find_runs_(db,
                 "SELECT first_at, last_at FROM operator_logins "
                 "WHERE terminal_id = ? AND operator_id = ?") {}

void LoginHistory::record(const std::string& terminal_id, const std::string& operator_id,
                          plan::Timestamp at) {
    SQLite::Statement latest(db_,
                             "SELECT first_at, last_at FROM operator_logins "
                             "WHERE terminal_id = ? AND operator_id = ? "
                             "ORDER BY last_at DESC LIMIT 1");
    latest.bind(1, terminal_id);
    latest.bind(2, operator_id);
    std::optional<plan::LoginRun> run;
    if (latest.executeStep()) {
        run = plan::LoginRun{timestamp_of(latest.getColumn(0)), timestamp_of(latest.getColumn(1))};
    }
    if (run && plan::extends(*run, at)) {
        if (at <= run->last) return;  // inside the run already (a clock that stepped back)
        SQLite::Statement extend(db_,
                                 "UPDATE operator_logins SET last_at = ? "
                                 "WHERE terminal_id = ? AND operator_id = ? AND first_at = ?");
        extend.bind(1, seconds_of(at));
        extend.bind(2, terminal_id);
        extend.bind(3, operator_id);
        extend.bind(4, seconds_of(run->first));
        extend.exec();
        return;
    }
    SQLite::Statement start(db_,
                            "INSERT INTO operator_logins VALUES (?, ?, ?, ?) "
                            "ON CONFLICT DO UPDATE SET last_at = max(last_at, excluded.last_at)");
    start.bind(1, terminal_id);
    start.bind(2, operator_id);
    start.bind(3, seconds_of(at));
    start.bind(4, seconds_of(at));
    start.exec();
}

std::vector<plan::LoginRun> LoginHistory::runs(const std::string& terminal_id,
                                               const std::string& operator_id) {
    const ResetOnExit reset{find_runs_};
    find_runs_.bind(1, terminal_id);
    find_runs_.bind(2, operator_id);
    std::vector<plan::LoginRun> found;
    while (find_runs_.executeStep()) {
        found.push_back(
            {timestamp_of(find_runs_.getColumn(0)), timestamp_of(find_runs_.getColumn(1))});
    }
    return found;
}

void LoginHistory::forget_operator(const std::string& operator_id) {
    SQLite::Statement drop(db_, "DELETE FROM operator_logins WHERE operator_id = ?");
    drop.bind(1, operator_id);
    drop.exec();
}

void LoginHistory::forget_before(plan::Timestamp before) {
    SQLite::Statement drop(db_, "DELETE FROM operator_logins WHERE last_at < ?");
    drop.bind(1, seconds_of(before));
    drop.exec();
}

}  // namespace pt::server
