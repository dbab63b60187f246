// The one error type of terminal::store: every failure of the terminal's database surfaces as a
// StoreError whose kind tells the caller what it can do about it (sync-api.md and product.md §5:
// a report is "saved" only when no StoreError was thrown).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace pt::store {

enum class StoreErrorKind : std::uint8_t {
    disk_full,  ///< SQLITE_FULL: the disk (or the configured page limit) is full
    io,         ///< SQLITE_IOERR*, SQLITE_CANTOPEN: the operating system failed a read or write
    corrupt,    ///< SQLITE_CORRUPT, SQLITE_NOTADB: the file is damaged or not our database
    too_new,    ///< the schema is newer than this program; the file was not touched
    busy,       ///< SQLITE_BUSY/LOCKED beyond the busy timeout: another connection held the lock
    other,      ///< anything else (bad argument, constraint, WAL not available …)
};

/// `disk_full`, `io`, `corrupt`, `too_new`, `busy` or `other`.
[[nodiscard]] std::string_view name_of(StoreErrorKind kind);

/// A failure of the terminal's database; what() names the action, the file and SQLite's message.
class StoreError : public std::runtime_error {
public:
    StoreError(StoreErrorKind kind, const std::string& message);
    [[nodiscard]] StoreErrorKind kind() const noexcept { return kind_; }

private:
    StoreErrorKind kind_;
};

}  // namespace pt::store
