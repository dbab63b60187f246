#include "sync/server/audit_log.h"

#include <SQLiteCpp/Statement.h>

#include <algorithm>

#include "sync/server/sql_support.h"

namespace pt::server {

void AuditLog::record(const protocol::AuditEntry& entry) {
    SQLite::Statement insert(
        db_, "INSERT INTO audit (at, actor, method, path, summary) VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, seconds_of(entry.at));
    insert.bind(2, entry.actor);
    insert.bind(3, entry.method);
    insert.bind(4, entry.path);
    insert.bind(5, entry.summary);
    insert.exec();
}

std::vector<protocol::AuditEntry> AuditLog::page(SQLite::Database& db, std::int64_t after,
                                                 std::optional<std::int64_t> limit) {
    SQLite::Statement q(db,
                        "SELECT seq, at, actor, method, path, summary FROM audit WHERE seq > ? "
                        "ORDER BY seq LIMIT ?");
    q.bind(1, after);
    q.bind(2, limit.value_or(-1));  // a negative LIMIT is none
    std::vector<protocol::AuditEntry> entries;
    if (limit) entries.reserve(static_cast<std::size_t>(std::min<std::int64_t>(*limit, 10'000)));
    while (q.executeStep()) {
        entries.push_back({q.getColumn(0).getInt64(), timestamp_of(q.getColumn(1).getInt64()),
                           q.getColumn(2).getString(), q.getColumn(3).getString(),
                           q.getColumn(4).getString(), q.getColumn(5).getString()});
    }
    return entries;
}

}  // namespace pt::server
