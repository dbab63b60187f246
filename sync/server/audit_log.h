// Every change made through an admin endpoint: who (the token's name), when, the method and
// path, and a summary of what changed — never a badge, PIN, token or enrolment code. Written in
// the change's own transaction, so the log and the plan never disagree.
#pragma once

#include <SQLiteCpp/Database.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "sync/protocol/protocol.h"

namespace pt::server {

class AuditLog {
public:
    /// `db` must already carry the schema and outlive the log.
    explicit AuditLog(SQLite::Database& db) : db_(db) {}
    /// Appends an entry (its `seq` is the database's). Throws SQLite::Exception.
    void record(const protocol::AuditEntry& entry);
    /// Entries with `seq` above `after`, oldest first, at most `limit` (every one without).
    [[nodiscard]] static std::vector<protocol::AuditEntry> page(SQLite::Database& db,
                                                                std::int64_t after,
                                                                std::optional<std::int64_t> limit);

private:
    SQLite::Database& db_;
};

}  // namespace pt::server
