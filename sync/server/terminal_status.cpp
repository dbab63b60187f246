#include "sync/server/terminal_status.h"

#include "sync/server/sql_support.h"

namespace pt::server {

TerminalStatusStore::TerminalStatusStore(SQLite::Database& db)
    : db_(db),
      mark_seen_(db,
                 "UPDATE terminals SET last_seen_at = ?1 "
                 "WHERE id = ?2 AND (last_seen_at IS NULL OR last_seen_at < ?1)") {}

void TerminalStatusStore::seen(const std::string& terminal_id, plan::Timestamp now) {
    auto [it, first] = seen_.try_emplace(terminal_id, Seen{now, now});
    Seen& entry = it->second;
    if (now > entry.latest) entry.latest = now;
    if (!first && now - entry.written < kSeenWriteInterval) return;
    const ResetOnExit reset{mark_seen_};
    mark_seen_.bind(1, seconds_of(now));
    mark_seen_.bind(2, terminal_id);
    mark_seen_.exec();
    entry.written = now;
}

void TerminalStatusStore::add_failed_login(const std::string& terminal_id, plan::Timestamp now) {
    SQLite::Statement drop(db_, "DELETE FROM failed_logins WHERE at <= ?");
    drop.bind(1, seconds_of(now - kFailedLoginWindow));
    drop.exec();
    SQLite::Statement put(db_, "INSERT INTO failed_logins (terminal_id, at) VALUES (?, ?)");
    put.bind(1, terminal_id);
    put.bind(2, seconds_of(now));
    put.exec();
}

void TerminalStatusStore::save_health(const std::string& terminal_id,
                                      const std::string& report_json, plan::Timestamp received_at) {
    SQLite::Statement put(db_,
                          "INSERT INTO terminal_health (terminal_id, received_at, report) "
                          "VALUES (?, ?, ?) ON CONFLICT (terminal_id) DO UPDATE SET "
                          "received_at = excluded.received_at, report = excluded.report");
    put.bind(1, terminal_id);
    put.bind(2, seconds_of(received_at));
    put.bind(3, report_json);
    put.exec();
}

bool TerminalStatusStore::change(const std::string& terminal_id,
                                 const std::optional<std::string>& name,
                                 const std::optional<std::vector<std::string>>& resource_ids) {
    if (!name_of(terminal_id)) return false;
    if (name) {
        SQLite::Statement rename(db_, "UPDATE terminals SET name = ? WHERE id = ?");
        rename.bind(1, *name);
        rename.bind(2, terminal_id);
        rename.exec();
    }
    if (resource_ids) {
        SQLite::Statement clear(db_, "DELETE FROM terminal_resources WHERE terminal_id = ?");
        clear.bind(1, terminal_id);
        clear.exec();
        SQLite::Statement add(
            db_, "INSERT INTO terminal_resources (terminal_id, pos, resource_id) VALUES (?, ?, ?)");
        std::int64_t pos = 0;
        for (const std::string& resource_id : *resource_ids) {
            add.bind(1, terminal_id);
            add.bind(2, pos++);
            add.bind(3, resource_id);
            add.exec();
            add.reset();
        }
    }
    return true;
}

void TerminalStatusStore::forget_resource(const std::string& resource_id) {
    SQLite::Statement drop(db_, "DELETE FROM terminal_resources WHERE resource_id = ?");
    drop.bind(1, resource_id);
    drop.exec();
}

std::vector<std::string> TerminalStatusStore::resources_of(const std::string& terminal_id) {
    SQLite::Statement query(
        db_, "SELECT resource_id FROM terminal_resources WHERE terminal_id = ? ORDER BY pos");
    query.bind(1, terminal_id);
    std::vector<std::string> ids;
    while (query.executeStep())
        ids.push_back(query.getColumn(0).getString());
    return ids;
}

std::optional<std::string> TerminalStatusStore::name_of(const std::string& terminal_id) {
    SQLite::Statement query(db_, "SELECT name FROM terminals WHERE id = ?");
    query.bind(1, terminal_id);
    if (!query.executeStep()) return std::nullopt;
    return query.getColumn(0).getString();
}

std::vector<TerminalStatus> TerminalStatusStore::list(plan::Timestamp now) {
    SQLite::Statement query(
        db_,
        "SELECT t.id, t.name, t.enrolled_at, t.last_seen_at, t.revoked_at IS NOT NULL, "
        "(SELECT count(*) FROM failed_logins f WHERE f.terminal_id = t.id AND f.at > ?), "
        "h.report, h.received_at "
        "FROM terminals t LEFT JOIN terminal_health h ON h.terminal_id = t.id "
        "ORDER BY t.enrolled_at, t.id");
    query.bind(1, seconds_of(now - kFailedLoginWindow));
    std::vector<TerminalStatus> terminals;
    while (query.executeStep()) {
        TerminalStatus status;
        status.id = query.getColumn(0).getString();
        status.name = query.getColumn(1).getString();
        status.enrolled_at = timestamp_of(query.getColumn(2));
        if (!query.getColumn(3).isNull()) status.last_seen_at = timestamp_of(query.getColumn(3));
        if (const auto it = seen_.find(status.id); it != seen_.end()) {
            if (!status.last_seen_at || *status.last_seen_at < it->second.latest) {
                status.last_seen_at = it->second.latest;
            }
        }
        status.revoked = query.getColumn(4).getInt() != 0;
        status.resource_ids = resources_of(status.id);
        status.failed_logins_24h = query.getColumn(5).getInt64();
        if (!query.getColumn(6).isNull()) {
            status.health_report = query.getColumn(6).getString();
            status.health_received_at = timestamp_of(query.getColumn(7));
        }
        terminals.push_back(std::move(status));
    }
    return terminals;
}

}  // namespace pt::server
