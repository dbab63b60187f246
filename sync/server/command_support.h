// What plan-server's commands on the database file (`token`, `user`) share: opening the file
// without making or upgrading it, and the time as text.
#pragma once

#include <SQLiteCpp/Database.h>

#include <optional>
#include <string>

#include "sync/plan/time.h"

namespace pt::server {

/// The exit status of a command used wrongly, and of one that failed.
inline constexpr int kCommandExitUsage = 2;
inline constexpr int kCommandExitFailure = 1;

/// The database at `file` for the command `command` ("token"), or nullopt after saying why on
/// standard error: there is none (a mistyped --db must not make a new one), or its schema is
/// not this plan-server's (the command must not upgrade a database another version uses).
[[nodiscard]] std::optional<SQLite::Database> open_for_command(const std::string& file,
                                                               const char* command);

/// `2026-12-06T08:00:00Z`.
[[nodiscard]] std::string utc_text(plan::Timestamp at);

}  // namespace pt::server
