// The terminal's SQLite database file: one TerminalDb is one connection (architecture.md: one
// connection per thread, none crosses threads). The UI thread and the sync thread each open
// their own TerminalDb on the same file; WAL lets them read while the other writes.
// The focused stores (Outbox, PlanCache, BadgeVault, Credentials) are views over a TerminalDb
// and must be used on the thread that owns it.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "sync/store/store_error.h"

namespace pt::store {

using TimePoint = std::chrono::system_clock::time_point;
/// Where the store reads "now" for its own bookkeeping (created / answered / synced times).
using Clock = std::function<TimePoint()>;

/// The schema version this program writes (PRAGMA user_version).
[[nodiscard]] int current_schema_version();

struct TerminalDbOptions {
    /// Defaults to the system clock; tests pass a fake one.
    Clock clock;
    /// How long a write waits for another connection's lock before StoreError(busy).
    std::chrono::milliseconds busy_timeout{5000};
    /// Caps the file at this many pages (PRAGMA max_page_count); beyond it writes fail like a
    /// full disk (StoreError disk_full). Unset: no cap. Tests use it to simulate a full disk.
    std::optional<std::int64_t> max_page_count;
    /// False: this connection's commits never run SQLite's WAL checkpoint (with its fsync), so a
    /// tap's append stays as fast as one fdatasync; the sync engine's connection checkpoints
    /// after each cycle instead (checkpoint()). The UI thread's connection sets this false.
    bool checkpoint_on_commit = true;
};

/// The settings of one connection as read back from SQLite (technician screen, tests).
struct ConnectionSettings {
    std::string journal_mode;  ///< `wal`
    int synchronous = 0;       ///< 2 = FULL
    bool foreign_keys = false;
    std::int64_t busy_timeout_ms = 0;
    std::int64_t wal_autocheckpoint = 0;  ///< pages; 0 = this connection never checkpoints
    bool operator==(const ConnectionSettings&) const = default;
};

class TerminalDb {
public:
    /// Opens or creates the database file (mode 0600, as are its -wal and -shm files), sets WAL,
    /// synchronous=FULL, foreign keys and the busy timeout and reads each back, then migrates the
    /// schema. Throws StoreError: too_new (file untouched), corrupt (not a database), io,
    /// other (WAL or FULL not in effect, e.g. on a file system without shared memory).
    explicit TerminalDb(const std::filesystem::path& file, TerminalDbOptions options = {});
    ~TerminalDb();
    TerminalDb(const TerminalDb&) = delete;
    TerminalDb& operator=(const TerminalDb&) = delete;
    TerminalDb(TerminalDb&&) = delete;
    TerminalDb& operator=(TerminalDb&&) = delete;

    /// The database file.
    [[nodiscard]] const std::filesystem::path& path() const noexcept;
    /// The configured clock's current time.
    [[nodiscard]] TimePoint now() const;
    /// The schema version of the open file (== current_schema_version() after a successful open).
    [[nodiscard]] int schema_version() const;
    /// Reads the connection's settings back from SQLite. Throws StoreError.
    [[nodiscard]] ConnectionSettings settings() const;
    /// Copies the WAL into the database file as far as no reader or writer is in the way
    /// (PASSIVE: never waits). Throws StoreError.
    void checkpoint();
    /// Frees this connection's page cache (PRAGMA shrink_memory). Pages are read back on demand;
    /// a long-lived connection calls it when it goes idle, so a read of thousands of rows does not
    /// keep megabytes resident until the next one. Throws StoreError.
    void release_memory();

    /// Internal to terminal::store (sync/store/db_impl.h): the connection and the clock.
    struct Impl;
    [[nodiscard]] Impl& impl() noexcept { return *impl_; }

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace pt::store
