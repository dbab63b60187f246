// Opening the terminal's database: a private file, WAL with synchronous=FULL (a commit is on the
// disk when it returns — product.md §5 "no loss"), each setting read back, then the migrations.
#include "sync/store/terminal_db.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>

#include "sync/files/private_file.h"
#include "sync/store/db_impl.h"
#include "sync/store/schema.h"

namespace pt::store {
namespace {

std::string text_pragma(SQLite::Database& db, const std::string& sql) {
    SQLite::Statement query(db, sql);
    if (!query.executeStep()) return {};
    return query.getColumn(0).getString();
}

std::int64_t int_pragma(SQLite::Database& db, const std::string& sql) {
    SQLite::Statement query(db, sql);
    if (!query.executeStep()) return -1;
    return query.getColumn(0).getInt64();
}

StoreError not_in_effect(const std::filesystem::path& file, const std::string& what,
                         const std::string& got) {
    return StoreError(StoreErrorKind::other, "database " + file.string() + ": " + what +
                                                 " is not in effect (got '" + got +
                                                 "'); refusing to run without it");
}

/// `PRAGMA journal_mode = WAL`'s answer. A connection that opened the file before another one
/// switched it to WAL answers SQLITE_BUSY at once, without the busy handler, while that other
/// connection writes (seen with two kiosks' processes opening a new file together); it is asked
/// again until the busy timeout has passed.
std::string switch_to_wal(SQLite::Database& db, std::chrono::milliseconds busy_timeout) {
    const auto deadline = std::chrono::steady_clock::now() + busy_timeout;
    for (;;) {
        try {
            return text_pragma(db, "PRAGMA journal_mode = WAL");
        } catch (const SQLite::Exception& error) {
            if ((error.getErrorCode() & 0xff) != SQLITE_BUSY ||
                std::chrono::steady_clock::now() >= deadline) {
                throw;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

/// Sets and reads back every setting durability depends on. Refuses to run when one did not
/// take (journal_mode falls back silently, e.g. where shared memory is unavailable).
void configure(TerminalDb::Impl& impl, const TerminalDbOptions& options) {
    SQLite::Database& db = impl.db;
    const std::int64_t busy_ms = options.busy_timeout.count();
    db.exec("PRAGMA busy_timeout = " + std::to_string(busy_ms));
    if (const auto got = int_pragma(db, "PRAGMA busy_timeout"); got != busy_ms) {
        throw not_in_effect(impl.path, "busy_timeout", std::to_string(got));
    }
    if (const auto mode = switch_to_wal(db, options.busy_timeout); mode != "wal") {
        throw not_in_effect(impl.path, "journal_mode=WAL", mode);
    }
    if (const auto mode = text_pragma(db, "PRAGMA journal_mode"); mode != "wal") {
        throw not_in_effect(impl.path, "journal_mode=WAL", mode);
    }
    db.exec("PRAGMA synchronous = FULL");
    if (const auto got = int_pragma(db, "PRAGMA synchronous"); got != 2) {
        throw not_in_effect(impl.path, "synchronous=FULL", std::to_string(got));
    }
    db.exec("PRAGMA foreign_keys = ON");
    if (const auto got = int_pragma(db, "PRAGMA foreign_keys"); got != 1) {
        throw not_in_effect(impl.path, "foreign_keys=ON", std::to_string(got));
    }
    if (options.max_page_count) {
        (void)int_pragma(db, "PRAGMA max_page_count = " + std::to_string(*options.max_page_count));
    }
    if (!options.checkpoint_on_commit) db.exec("PRAGMA wal_autocheckpoint = 0");
}

}  // namespace

int current_schema_version() {
    return static_cast<int>(detail::migrations().size());
}

TerminalDb::TerminalDb(const std::filesystem::path& file, TerminalDbOptions options) {
    try {
        files::create_private_file(file);
        files::make_private(file);
    } catch (const std::system_error& error) {
        throw StoreError(StoreErrorKind::io, std::string(error.what()));
    }
    Clock clock = options.clock ? std::move(options.clock)
                                : Clock([] { return std::chrono::system_clock::now(); });
    try {
        // NOMUTEX: this connection is used by one thread only (see the header).
        impl_ = std::make_unique<Impl>(file, std::move(clock),
                                       SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX);
    } catch (const SQLite::Exception& error) {
        throw detail::translate(error, "opening the database", file);
    }
    detail::guarded(*impl_, "opening the database", [&] {
        impl_->db.exec("PRAGMA busy_timeout = " + std::to_string(options.busy_timeout.count()));
        // Before anything writes (journal_mode=WAL writes the header): a newer file stays as is.
        detail::refuse_newer(impl_->db, detail::migrations(), file);
        configure(*impl_, options);
        detail::migrate(impl_->db, detail::migrations(), file);
        detail::add_missing_plan_columns(impl_->db);
        // Parses the whole schema now, so a damaged one fails the open (corrupt), not a tap later.
        (void)int_pragma(impl_->db, "SELECT count(*) FROM sqlite_master");
    });
    try {
        files::make_private(file);  // the -wal and -shm files now exist
    } catch (const std::system_error& error) {
        throw StoreError(StoreErrorKind::io, std::string(error.what()));
    }
}

TerminalDb::~TerminalDb() = default;

const std::filesystem::path& TerminalDb::path() const noexcept {
    return impl_->path;
}

TimePoint TerminalDb::now() const {
    return impl_->clock();
}

int TerminalDb::schema_version() const {
    return detail::guarded(*impl_, "reading the schema version",
                           [&] { return detail::user_version(impl_->db); });
}

ConnectionSettings TerminalDb::settings() const {
    return detail::guarded(*impl_, "reading the connection settings", [&] {
        SQLite::Database& db = impl_->db;
        return ConnectionSettings{
            .journal_mode = text_pragma(db, "PRAGMA journal_mode"),
            .synchronous = static_cast<int>(int_pragma(db, "PRAGMA synchronous")),
            .foreign_keys = int_pragma(db, "PRAGMA foreign_keys") == 1,
            .busy_timeout_ms = int_pragma(db, "PRAGMA busy_timeout"),
            .wal_autocheckpoint = int_pragma(db, "PRAGMA wal_autocheckpoint")};
    });
}

void TerminalDb::checkpoint() {
    detail::guarded(*impl_, "checkpointing the write-ahead log",
                    [&] { impl_->db.exec("PRAGMA wal_checkpoint(PASSIVE)"); });
}

void TerminalDb::release_memory() {
    detail::guarded(*impl_, "releasing the page cache",
                    [&] { impl_->db.exec("PRAGMA shrink_memory"); });
}

}  // namespace pt::store
