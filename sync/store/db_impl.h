// Internal to terminal::store: the connection behind a TerminalDb, SQLite error translation and
// the small conversions every store uses. Not installed, not included by public headers.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "sync/store/terminal_db.h"

namespace pt::store {

struct TerminalDb::Impl {
    Impl(const std::filesystem::path& file, Clock clock_in, int flags);
    std::filesystem::path path;
    Clock clock;
    SQLite::Database db;
};

namespace detail {

/// The StoreError for a failed SQLite call: kind from the (extended) result code, message with
/// the action, the file and SQLite's own words.
[[nodiscard]] StoreError translate(const SQLite::Exception& error, std::string_view action,
                                   const std::filesystem::path& file);

/// Runs `body`, turning every SQLite::Exception into a StoreError naming `action`.
template <typename Body>
auto guarded(const TerminalDb::Impl& impl, std::string_view action, Body&& body)
    -> decltype(body()) {
    try {
        return body();
    } catch (const SQLite::Exception& error) {
        throw translate(error, action, impl.path);
    }
}

/// A StoreError of kind `other` for a bad argument or an impossible stored value.
[[nodiscard]] StoreError misuse(std::string_view message);
/// A StoreError of kind `corrupt` for a stored value this program cannot read.
[[nodiscard]] StoreError bad_value(std::string_view table, std::string_view column,
                                   std::string_view value);

/// Milliseconds since the epoch, as stored.
[[nodiscard]] std::int64_t to_millis(TimePoint time);
[[nodiscard]] TimePoint from_millis(std::int64_t millis);

/// One WAL read snapshot around several reads, so they see one state of the file (never half
/// of a concurrent write). Inside an already open transaction it adds nothing.
class ReadSnapshot {
public:
    explicit ReadSnapshot(SQLite::Database& db);
    ~ReadSnapshot();  ///< ends the snapshot it began
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

private:
    SQLite::Database& db_;
    bool began_ = false;
};

/// Binds text (copied), or NULL.
void bind_text(SQLite::Statement& statement, int index, std::string_view text);

}  // namespace detail
}  // namespace pt::store
