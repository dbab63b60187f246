// Opening the terminal database: durability settings in effect and read back, a private file,
// clear errors for damaged files, and a second connection (another thread) on the same file.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <random>
#include <thread>

#include "sync/store/credentials.h"
#include "sync/store/outbox.h"
#include "tests/store/store_fixture.h"

using namespace pt::store;
using namespace pt::store::testing;

namespace {

unsigned mode_of(const std::filesystem::path& file) {
    struct stat status {};
    REQUIRE(::stat(file.c_str(), &status) == 0);
    return status.st_mode & 07777U;
}

/// Sets the process umask for one scope (the test program is single-threaded here).
class UmaskScope {
public:
    explicit UmaskScope(mode_t mask) : old_(::umask(mask)) {}
    ~UmaskScope() { ::umask(old_); }
    UmaskScope(const UmaskScope&) = delete;
    UmaskScope& operator=(const UmaskScope&) = delete;

private:
    mode_t old_;
};

StoreErrorKind open_error(StoreFixture& f, TerminalDbOptions options = {}) {
    try {
        (void)f.open(std::move(options));
    } catch (const StoreError& error) {
        MESSAGE(std::string(error.what()));
        return error.kind();
    }
    FAIL("the database opened");
    return StoreErrorKind::other;
}

}  // namespace

TEST_CASE("WAL, synchronous=FULL, foreign keys and the busy timeout are in effect") {
    StoreFixture f;
    const auto db = f.open({.busy_timeout = std::chrono::milliseconds(1234)});
    const ConnectionSettings settings = db->settings();
    CHECK(settings.journal_mode == "wal");
    CHECK(settings.synchronous == 2);  // FULL
    CHECK(settings.foreign_keys);
    CHECK(settings.busy_timeout_ms == 1234);
    // WAL is recorded in the file header (bytes 18 and 19 = 2), so every connection uses it.
    const std::string header = read_file(f.file).substr(0, 20);
    REQUIRE(header.size() == 20);
    CHECK(header[18] == 2);
    CHECK(header[19] == 2);
}

TEST_CASE("a UI connection leaves WAL checkpoints to the sync thread's connection") {
    StoreFixture f;
    const auto ui = f.open({.checkpoint_on_commit = false});
    const auto sync = f.open();
    CHECK(ui->settings().wal_autocheckpoint == 0);
    CHECK(sync->settings().wal_autocheckpoint > 0);  // SQLite's default, 1000 pages
    Outbox outbox(*ui);
    for (int i = 0; i < 300; ++i)
        (void)outbox.append(make_event(pt::plan::EventType::work_step_started, "W1"), "P1");
    const auto wal = std::filesystem::path(f.file.string() + "-wal");
    const auto grown = std::filesystem::file_size(wal);
    CHECK(grown > 0);
    sync->checkpoint();  // PASSIVE: copies the WAL back; the next writer restarts it
    (void)outbox.append(make_event(pt::plan::EventType::work_step_started, "W1"), "P1");
    CHECK(std::filesystem::file_size(wal) == grown);  // reused from the start, not grown
    CHECK(outbox.counts().pending == 301);
}

TEST_CASE("a second connection has the same settings") {
    StoreFixture f;
    const auto first = f.open();
    const auto second = f.open();
    CHECK(second->settings() == first->settings());
}

TEST_CASE("an open that cannot switch to WAL fails instead of running without it") {
    StoreFixture f;
    // A rollback-journal database that another process is reading: the schema version can be
    // read, but journal_mode=WAL needs the file to itself. (The read-back check behind it covers
    // a silent fallback, which a local file system does not produce on demand.)
    SQLite::Database other(f.file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    other.exec("CREATE TABLE x (a); INSERT INTO x VALUES (1);");
    other.exec("BEGIN");
    SQLite::Statement read(other, "SELECT a FROM x");
    REQUIRE(read.executeStep());  // holds a shared lock
    CHECK(open_error(f, {.busy_timeout = std::chrono::milliseconds(100)}) == StoreErrorKind::busy);
    read.reset();
    other.exec("COMMIT");
    const auto db = f.open();  // once the reader is gone, WAL is switched on
    CHECK(db->settings().journal_mode == "wal");
}

TEST_CASE("the database file, its WAL and shared memory are private to the owner") {
    for (const mode_t mask : {mode_t{022}, mode_t{0}}) {
        CAPTURE(mask);
        const UmaskScope umask_scope(mask);
        StoreFixture f;
        const auto db = f.open();
        Credentials(*db).save({"T1", "token"});
        CHECK(mode_of(f.file) == 0600U);
        CHECK(mode_of(f.file.string() + "-wal") == 0600U);
        CHECK(mode_of(f.file.string() + "-shm") == 0600U);
    }
}

TEST_CASE("a database file with a wider mode is made private when opened") {
    StoreFixture f;
    { (void)f.open(); }
    REQUIRE(::chmod(f.file.c_str(), 0644) == 0);
    const auto db = f.open();
    CHECK(mode_of(f.file) == 0600U);
}

TEST_CASE("a file of random bytes is a corrupt database, not a crash") {
    StoreFixture f;
    std::mt19937 rng(42);
    std::string bytes(16384, '\0');
    for (auto& byte : bytes)
        byte = static_cast<char>(rng() & 0xffU);
    write_file(f.file, bytes);
    CHECK(open_error(f) == StoreErrorKind::corrupt);
    CHECK(read_file(f.file) == bytes);  // and it is left as it was, for a technician to look at
}

TEST_CASE("a short garbage file is a corrupt database") {
    StoreFixture f;
    write_file(f.file, "this is not a database at all, just some text on a disk.");
    CHECK(open_error(f) == StoreErrorKind::corrupt);
}

TEST_CASE("a database with a destroyed schema page is corrupt") {
    StoreFixture f;
    {
        const auto db = f.open();
        Credentials(*db).save({"T1", "token"});
    }
    std::string bytes = read_file(f.file);  // the last connection checkpointed the WAL
    REQUIRE(bytes.size() > 4096);
    for (std::size_t i = 100; i < 4096; ++i)
        bytes[i] = static_cast<char>(0xA5);
    write_file(f.file, bytes);
    CHECK(open_error(f) == StoreErrorKind::corrupt);
}

TEST_CASE("a second connection on the same file sees what the first commits") {
    StoreFixture f;
    const auto ui = f.open();
    Outbox ui_outbox(*ui);
    std::vector<std::string> ids;
    std::thread sync_thread([&] {
        const auto own = f.open();  // the sync thread's own connection
        Outbox outbox(*own);
        for (int i = 0; i < 20; ++i) {
            const auto event = make_event(pt::plan::EventType::work_step_started, "W1");
            (void)outbox.append(event, "P1");
            ids.push_back(event.id);
        }
    });
    sync_thread.join();
    const auto pending = ui_outbox.pending(100);
    REQUIRE(pending.size() == 20);
    for (std::size_t i = 0; i < ids.size(); ++i)
        CHECK(pending[i].event.id == ids[i]);
}

TEST_CASE("a database in a missing directory fails with an io error") {
    StoreFixture f;
    f.file = f.dir / "no-such-dir" / "terminal.db";
    CHECK(open_error(f) == StoreErrorKind::io);
}

TEST_CASE("the clock comes from the options") {
    StoreFixture f;
    const auto db = f.open();
    CHECK(db->now() == f.clock.now);
    f.clock.now += std::chrono::hours(1);
    CHECK(db->now() == f.clock.now);
    CHECK(db->path() == f.file);
}

TEST_CASE("StoreError kinds have names") {
    CHECK(name_of(StoreErrorKind::disk_full) == "disk_full");
    CHECK(name_of(StoreErrorKind::corrupt) == "corrupt");
    CHECK(name_of(StoreErrorKind::too_new) == "too_new");
    const StoreError error(StoreErrorKind::io, "boom");
    CHECK(error.kind() == StoreErrorKind::io);
    CHECK(std::string(error.what()) == "boom");
}
