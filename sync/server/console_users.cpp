#include "sync/server/console_users.h"

#include <SQLiteCpp/Statement.h>

#include "sync/server/sql_support.h"
#include "sync/server/tokens.h"

namespace pt::server {
namespace {

ConsoleUser user_of(SQLite::Statement& q) {
    return ConsoleUser{q.getColumn(0).getString(),
                       role_from_name(q.getColumn(1).getString()).value_or(Role::viewer),
                       q.getColumn(2).getString(), q.getColumn(3).getString(),
                       timestamp_of(q.getColumn(4).getInt64())};
}

constexpr const char* kSelectUsers =
    "SELECT name, role, password_hash, credential_id, created_at FROM console_users ";

}  // namespace

namespace console_user_table {

bool add(SQLite::Database& db, const std::string& name, Role role, const std::string& password_hash,
         plan::Timestamp now) {
    SQLite::Statement insert(
        db,
        "INSERT INTO console_users (name, role, password_hash, credential_id, created_at) "
        "SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM console_users WHERE name = ?1) "
        "AND NOT EXISTS (SELECT 1 FROM api_tokens WHERE name = ?1)");
    insert.bind(1, name);
    insert.bind(2, std::string(name_of(role)));
    insert.bind(3, password_hash);
    insert.bind(4, random_token());
    insert.bind(5, seconds_of(now));
    return insert.exec() == 1;
}

bool set_password(SQLite::Database& db, const std::string& name, const std::string& password_hash) {
    SQLite::Statement update(
        db, "UPDATE console_users SET password_hash = ?, credential_id = ? WHERE name = ?");
    update.bind(1, password_hash);
    update.bind(2, random_token());
    update.bind(3, name);
    return update.exec() == 1;
}

bool remove(SQLite::Database& db, const std::string& name) {
    SQLite::Statement erase(db, "DELETE FROM console_users WHERE name = ?");
    erase.bind(1, name);
    return erase.exec() == 1;
}

std::vector<ConsoleUser> list(SQLite::Database& db) {
    SQLite::Statement q(db, std::string(kSelectUsers) + "ORDER BY name");
    std::vector<ConsoleUser> users;
    while (q.executeStep())
        users.push_back(user_of(q));
    return users;
}

}  // namespace console_user_table

ConsoleUsers::ConsoleUsers(const std::filesystem::path& db)
    : table_(db, [](SQLite::Database& connection) {
          SQLite::Statement q(connection, kSelectUsers);
          std::unordered_map<std::string, ConsoleUser> loaded;
          while (q.executeStep()) {
              ConsoleUser user = user_of(q);
              loaded.emplace(user.name, std::move(user));
          }
          return loaded;
      }) {}

}  // namespace pt::server
