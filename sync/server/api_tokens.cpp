#include "sync/server/api_tokens.h"

#include <SQLiteCpp/Statement.h>

#include <array>

#include "sync/server/sql_support.h"

namespace pt::server {
namespace {

constexpr std::array kRoleNames{std::string_view("viewer"), std::string_view("planner"),
                                std::string_view("admin")};

/// How often a running server looks whether another process changed the tokens.
constexpr std::chrono::seconds kRecheck{1};

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

ApiTokens::ApiTokens(const std::filesystem::path& db) : db_(db.string(), SQLite::OPEN_READONLY) {
    std::lock_guard lock(mutex_);
    reload();
}

ApiTokens::~ApiTokens() = default;

std::optional<Actor> ApiTokens::find(const std::string& token_hash) {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (now - checked_at_ >= kRecheck) {
        checked_at_ = now;
        try {
            reload();
        } catch (const SQLite::Exception&) {
            // A busy or briefly unreadable file: keep what is known, look again next time.
        }
    }
    const auto it = by_hash_.find(token_hash);
    if (it == by_hash_.end()) return std::nullopt;
    return it->second;
}

void ApiTokens::reload() {
    // data_version moves whenever another connection commits: the table is read only then.
    SQLite::Statement version(db_, "PRAGMA data_version");
    version.executeStep();
    const std::int64_t now_version = version.getColumn(0).getInt64();
    if (now_version == data_version_) return;
    SQLite::Statement q(db_, "SELECT token_hash, name, role FROM api_tokens");
    std::unordered_map<std::string, Actor> loaded;
    while (q.executeStep()) {
        const auto role = role_from_name(q.getColumn(2).getString());
        if (role) loaded[q.getColumn(0).getString()] = Actor{q.getColumn(1).getString(), *role};
    }
    by_hash_ = std::move(loaded);
    data_version_ = now_version;
}

}  // namespace pt::server
