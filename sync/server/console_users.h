// The console's users (issue 16: `plan-server user add NAME --role admin|planner|viewer`, the
// password from standard input): people who sign in to the web console, each with a role like
// the API tokens'. The database keeps an Argon2id hash of each password and a credential id that
// changes with it, so `user passwd` and `user remove` end the user's console sessions. The
// command writes the database file directly, whether plan-server runs or not; a running server
// sees the change within a second (as with API tokens).
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

struct ConsoleUser {
    std::string name;
    Role role = Role::viewer;
    std::string password_hash;  ///< Argon2id string
    std::string credential_id;  ///< random, new with every password: sessions carry it
    plan::Timestamp created_at{};
};

/// A password a user may have: 10 to 1,024 bytes.
inline constexpr std::size_t kMinPasswordLength = 10;
inline constexpr std::size_t kMaxPasswordLength = 1024;

/// The table itself (schema 9), for the `user` command and the service.
namespace console_user_table {
/// Adds a user; false when the name is taken by a user or an API token (the audit log names
/// both alike).
bool add(SQLite::Database& db, const std::string& name, Role role, const std::string& password_hash,
         plan::Timestamp now);
/// A new password and credential id; false when there is no such user.
bool set_password(SQLite::Database& db, const std::string& name, const std::string& password_hash);
/// False when there is no such user.
bool remove(SQLite::Database& db, const std::string& name);
[[nodiscard]] std::vector<ConsoleUser> list(SQLite::Database& db);
}  // namespace console_user_table

/// The users in memory by name, asked on every console request.
class ConsoleUsers {
public:
    /// Opens a read connection of its own to `db` (which must exist, with its schema).
    explicit ConsoleUsers(const std::filesystem::path& db);

    [[nodiscard]] std::optional<ConsoleUser> find(std::string_view name) {
        return table_.find(std::string(name));
    }

private:
    WatchedTable<ConsoleUser> table_;
};

}  // namespace pt::server
