#include "sync/server/api_tokens.h"

#include <SQLiteCpp/Statement.h>

#include <array>

#include "sync/server/sql_support.h"

namespace pt::server {
namespace {

constexpr std::array kRoleNames{std::string_view("viewer"), std::string_view("planner"),
                                std::string_view("admin")};

}  // namespace

std::string_view name_of(Role role) {
    return kRoleNames.at(static_cast<std::size_t>(role));
}

std::optional<Role> role_from_name(std::string_view name) {
    for (std::size_t i = 0; i < kRoleNames.size(); ++i) {
        if (kRoleNames[i] == name) return static_cast<Role>(i);
    }
    return std::nullopt;
}

namespace api_token_table {

bool add(SQLite::Database& db, const std::string& name, Role role, const std::string& token_hash,
         plan::Timestamp now) {
    SQLite::Statement insert(
        db,
        "INSERT INTO api_tokens (name, role, token_hash, created_at) "
        "SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM api_tokens WHERE name = ?1) "
        "AND NOT EXISTS (SELECT 1 FROM console_users WHERE name = ?1)");
    insert.bind(1, name);
    insert.bind(2, std::string(name_of(role)));
    insert.bind(3, token_hash);
    insert.bind(4, seconds_of(now));
    return insert.exec() == 1;
}

bool remove(SQLite::Database& db, const std::string& name) {
    SQLite::Statement erase(db, "DELETE FROM api_tokens WHERE name = ?");
    erase.bind(1, name);
    return erase.exec() == 1;
}

std::vector<ListedApiToken> list(SQLite::Database& db) {
    SQLite::Statement q(db, "SELECT name, role, created_at FROM api_tokens ORDER BY name");
    std::vector<ListedApiToken> tokens;
    while (q.executeStep()) {
        const auto role = role_from_name(q.getColumn(1).getString());
        if (!role) continue;  // the table's CHECK allows none other
        tokens.push_back(
            {q.getColumn(0).getString(), *role, timestamp_of(q.getColumn(2).getInt64())});
    }
    return tokens;
}

}  // namespace api_token_table

ApiTokens::ApiTokens(const std::filesystem::path& db)
    : table_(db, [](SQLite::Database& connection) {
          SQLite::Statement q(connection, "SELECT token_hash, name, role FROM api_tokens");
          std::unordered_map<std::string, Actor> loaded;
          while (q.executeStep()) {
              const auto role = role_from_name(q.getColumn(2).getString());
              if (role)
                  loaded[q.getColumn(0).getString()] = Actor{q.getColumn(1).getString(), *role};
          }
          return loaded;
      }) {}

}  // namespace pt::server
