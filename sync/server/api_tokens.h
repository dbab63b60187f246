// Named API tokens with roles (`plan-server token add NAME --role admin|planner|viewer`), so an
// ERP integration is not the administrator and every admin change has a name in the audit log.
// The database keeps each token's hash, never the token. `token add` and `token remove` write the
// database file directly, whether plan-server runs or not; a running server sees the change
// within a second (ApiTokens re-reads the table when SQLite's data_version moved).
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/plan/time.h"
#include "sync/server/roles.h"
#include "sync/server/watched_table.h"

namespace pt::server {

struct ListedApiToken {
    std::string name;
    Role role = Role::viewer;
    plan::Timestamp created_at{};
};

/// The table itself (schema 7), for the `token` command and the service.
namespace api_token_table {
/// Adds a token; false when the name is taken by a token or a console user. The name is 1–64
/// of `A-Z a-z 0-9 . _ : -`.
bool add(SQLite::Database& db, const std::string& name, Role role, const std::string& token_hash,
         plan::Timestamp now);
/// False when there is no token of that name.
bool remove(SQLite::Database& db, const std::string& name);
[[nodiscard]] std::vector<ListedApiToken> list(SQLite::Database& db);
}  // namespace api_token_table

/// The tokens in memory by hash, asked on every admin request (also on the io thread, before a
/// body is read).
class ApiTokens {
public:
    /// Opens a read connection of its own to `db` (which must exist, with its schema).
    explicit ApiTokens(const std::filesystem::path& db);

    /// The token's owner, or nullopt.
    [[nodiscard]] std::optional<Actor> find(const std::string& token_hash) {
        return table_.find(token_hash);
    }

private:
    WatchedTable<Actor> table_;
};

}  // namespace pt::server
