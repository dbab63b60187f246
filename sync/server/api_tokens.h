// Named API tokens with roles (`plan-server token add NAME --role admin|planner|viewer`), so an
// ERP integration is not the administrator and every admin change has a name in the audit log.
// The database keeps each token's hash, never the token. `token add` and `token remove` write the
// database file directly, whether plan-server runs or not; a running server sees the change
// within a second (ApiTokens re-reads the table when SQLite's data_version moved).
#pragma once

#include <SQLiteCpp/Database.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sync/plan/time.h"
#include "sync/server/roles.h"

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

/// The tokens in memory, asked on every admin request (also on the io thread, before a body is
/// read): quick, and re-read from the database at most once a second when it changed.
class ApiTokens {
public:
    /// Opens a read connection of its own to `db` (which must exist, with its schema).
    explicit ApiTokens(const std::filesystem::path& db);
    ~ApiTokens();
    ApiTokens(const ApiTokens&) = delete;
    ApiTokens& operator=(const ApiTokens&) = delete;

    /// The token's owner, or nullopt.
    [[nodiscard]] std::optional<Actor> find(const std::string& token_hash);

private:
    void reload();

    std::mutex mutex_;
    SQLite::Database db_;
    std::int64_t data_version_ = -1;
    std::chrono::steady_clock::time_point checked_at_{};
    std::unordered_map<std::string, Actor> by_hash_;
};

}  // namespace pt::server
