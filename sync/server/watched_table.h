// A small table that other processes change on the database file (`plan-server token` and
// `plan-server user` write it directly), held in memory for the questions asked on every admin
// request: it is read again at most once a second, and only when SQLite's data_version says
// another connection committed since.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace pt::server {

template <typename Value>
class WatchedTable {
public:
    /// The rows by key, read from the database.
    using Load = std::function<std::unordered_map<std::string, Value>(SQLite::Database&)>;

    /// Opens a read connection of its own to `db` (which must exist, with its schema) and loads.
    WatchedTable(const std::filesystem::path& db, Load load)
        : db_(db.string(), SQLite::OPEN_READONLY), load_(std::move(load)) {
        const std::lock_guard lock(mutex_);
        reload();
    }

    [[nodiscard]] std::optional<Value> find(const std::string& key) {
        const std::lock_guard lock(mutex_);
        const auto now = std::chrono::steady_clock::now();
        if (now - checked_at_ >= kRecheck) {
            checked_at_ = now;
            try {
                reload();
            } catch (const SQLite::Exception&) {
                // A busy or briefly unreadable file: keep what is known, look again next time.
            }
        }
        const auto it = rows_.find(key);
        if (it == rows_.end()) return std::nullopt;
        return it->second;
    }

private:
    static constexpr std::chrono::seconds kRecheck{1};

    void reload() {
        SQLite::Statement version(db_, "PRAGMA data_version");
        version.executeStep();
        const std::int64_t now_version = version.getColumn(0).getInt64();
        if (now_version == data_version_) return;
        rows_ = load_(db_);
        data_version_ = now_version;
    }

    std::mutex mutex_;
    SQLite::Database db_;
    Load load_;
    std::int64_t data_version_ = -1;
    std::chrono::steady_clock::time_point checked_at_{};
    std::unordered_map<std::string, Value> rows_;
};

}  // namespace pt::server
