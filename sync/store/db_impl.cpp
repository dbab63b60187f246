#include "sync/store/db_impl.h"

#include <sqlite3.h>

#include <utility>

namespace pt::store {

TerminalDb::Impl::Impl(const std::filesystem::path& file, Clock clock_in, int flags)
    : path(file), clock(std::move(clock_in)), db(file.string(), flags) {}

namespace detail {
namespace {

StoreErrorKind kind_of(int result_code) {
    if (result_code < 0) return StoreErrorKind::other;  // raised by SQLiteCpp itself
    switch (result_code & 0xff) {                       // the primary code of an extended one
        case SQLITE_FULL:
            return StoreErrorKind::disk_full;
        case SQLITE_IOERR:
        case SQLITE_CANTOPEN:
            return StoreErrorKind::io;
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return StoreErrorKind::corrupt;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return StoreErrorKind::busy;
        default:
            return StoreErrorKind::other;
    }
}

}  // namespace

StoreError translate(const SQLite::Exception& error, std::string_view action,
                     const std::filesystem::path& file) {
    const int code =
        error.getExtendedErrorCode() >= 0 ? error.getExtendedErrorCode() : error.getErrorCode();
    const StoreErrorKind kind = kind_of(code);
    return StoreError(kind, std::string(action) + " failed (" + std::string(name_of(kind)) + ", " +
                                file.string() + "): " + error.what());
}

StoreError misuse(std::string_view message) {
    return StoreError(StoreErrorKind::other, std::string(message));
}

StoreError bad_value(std::string_view table, std::string_view column, std::string_view value) {
    return StoreError(StoreErrorKind::corrupt, "unreadable value '" + std::string(value) + "' in " +
                                                   std::string(table) + "." + std::string(column));
}

std::int64_t to_millis(TimePoint time) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

TimePoint from_millis(std::int64_t millis) {
    return TimePoint(
        std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds(millis)));
}

ReadSnapshot::ReadSnapshot(SQLite::Database& db) : db_(db) {
    if (sqlite3_get_autocommit(db_.getHandle()) == 0) return;  // a transaction is open
    db_.exec("BEGIN DEFERRED");
    began_ = true;
}

ReadSnapshot::~ReadSnapshot() {
    if (!began_) return;
    try {
        db_.exec("COMMIT");  // nothing was written: this only releases the snapshot
    } catch (const SQLite::Exception&) {
        (void)sqlite3_exec(db_.getHandle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void bind_text(SQLite::Statement& statement, int index, std::string_view text) {
    statement.bind(index, std::string(text));
}

}  // namespace detail
}  // namespace pt::store
