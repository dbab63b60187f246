// plan-server's database file: private modes (issue #13, finding 10: it was created 0644
// outside systemd, so every local user could read the hashes of tokens and every event) and
// the schema migrations.
#include "sync/server/database.h"

#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

namespace pt::server {
namespace {

unsigned mode_of(const std::filesystem::path& file) {
    struct stat status {};
    REQUIRE(::stat(file.c_str(), &status) == 0);
    return status.st_mode & 0777U;
}

/// Sets the umask for one scope.
struct Umask {
    explicit Umask(mode_t mask) : previous(::umask(mask)) {}
    ~Umask() { ::umask(previous); }
    mode_t previous;
};

}  // namespace

// Failed before the fix: the database, its -wal and -shm were 0644 under a 022 umask.
TEST_CASE("the database and its -wal and -shm files are private whatever the umask") {
    const Umask open_umask(022);
    test::TempDir dir("pt-server-db-");
    const auto file = dir.path() / "plan.db";
    {
        SQLite::Database db = open_database(file);
        db.exec("CREATE TABLE probe (x INTEGER); INSERT INTO probe VALUES (1)");
        CHECK(mode_of(file) == 0600U);
        CHECK(mode_of(file.string() + "-wal") == 0600U);
        CHECK(mode_of(file.string() + "-shm") == 0600U);
    }
    SUBCASE("a database an older version left readable is made private at the next start") {
        REQUIRE(::chmod(file.c_str(), 0644) == 0);
        const SQLite::Database db = open_database(file);
        CHECK(mode_of(file) == 0600U);
    }
}

}  // namespace pt::server

namespace pt::server {

// What version 11 added, undone: the start of every test that goes back further.
#define V11_UNDONE                                                                        \
    "DROP INDEX events_notes_by_time; DROP INDEX events_corrections; ALTER TABLE events " \
    "DROP COLUMN data_text; ALTER TABLE events DROP COLUMN data_corrects; ALTER TABLE "   \
    "events DROP COLUMN data_approved_by; ALTER TABLE events DROP COLUMN operator_name; "

// Version 4 (R13): the sessions a version-3 database holds seed the login history, so the
// terminals in use keep delivering across the upgrade.
TEST_CASE("migrating to version 4 seeds the login history from the stored sessions") {
    test::TempDir dir("pt-db-migrate-");
    const auto file = dir / "plan.db";
    {
        SQLite::Database db = open_database(file);
        // Back to version 3: what version 4 added goes again.
        db.exec(
            "DROP TABLE operator_logins; DROP TABLE failed_logins; DROP TABLE terminal_health; "
            "ALTER TABLE terminals DROP COLUMN last_seen_at; DROP INDEX "
            "events_refused_by_terminal; "
            "DROP INDEX events_refused_by_age; ALTER TABLE operators DROP COLUMN sealed; "
            "DROP INDEX events_refused_by_seq; DROP TABLE api_tokens; DROP TABLE audit; DROP TABLE "
            "terminal_resources; DROP INDEX sessions_by_operator; "
            "ALTER TABLE settings DROP COLUMN finished_retention_days; DROP TABLE console_users; "
            "DROP INDEX events_by_partner; DROP INDEX events_by_terminal; DROP INDEX "
            "events_by_operator; DROP INDEX events_by_status; ALTER TABLE events DROP COLUMN "
            "partner_id; " V11_UNDONE "PRAGMA user_version = 3;");
        db.exec(
            "INSERT INTO terminals (id, name, token_hash, enrolled_at) VALUES ('T-1', 'K', 'h', "
            "100);"
            "INSERT INTO sessions VALUES ('s1', 'OP1', 'T-1', 1000, 5000),"
            "                            ('s2', 'OP1', 'T-1', 1000, 6000),"
            "                            ('s3', 'OP2', 'T-1', 2000, 7000);");
    }
    SQLite::Database db = open_database(file);
    SQLite::Statement version(db, "PRAGMA user_version");
    REQUIRE(version.executeStep());
    CHECK(version.getColumn(0).getInt() == kSchemaVersion);
    SQLite::Statement logins(db,
                             "SELECT operator_id, first_at, last_at FROM operator_logins "
                             "ORDER BY operator_id");
    REQUIRE(logins.executeStep());
    CHECK(logins.getColumn(0).getString() == "OP1");
    CHECK(logins.getColumn(1).getInt64() == 1000);
    CHECK(logins.getColumn(2).getInt64() == 1000);
    REQUIRE(logins.executeStep());
    CHECK(logins.getColumn(0).getString() == "OP2");
    CHECK_FALSE(logins.executeStep());
    SQLite::Statement seen(db, "SELECT last_seen_at FROM terminals");
    REQUIRE(seen.executeStep());
    CHECK(seen.getColumn(0).isNull());
}

TEST_CASE("migrating to version 10 gives stored events their operator's partner") {
    test::TempDir dir("pt-db-");
    const auto file = dir / "plan.db";
    {
        SQLite::Database db = open_database(file);
        db.exec(
            "INSERT INTO partners (pos, id, name, modules, allow_process_feedback) VALUES "
            "(0, 'P1', 'One', '', 0), (1, 'P2', 'Two', '', 0);"
            "INSERT INTO operators (partner_pos, pos, id, name, badge) VALUES "
            "(0, 0, 'OP1', 'Ana', 'b1'), (1, 0, 'OP2', 'Ben', 'b2');"
            "INSERT INTO events (seq, id, terminal_id, status, reason, message, operator_id, "
            "received_at) VALUES (1, 'e1', 'T', 'accepted', '', '', 'OP1', 100),"
            "(2, 'e2', 'T', 'rejected', 'not_visible', '', 'OP2', 100),"
            "(3, 'e3', 'T', 'rejected', 'unknown_operator', '', 'OP9', 100),"
            "(4, 'e4', 'T', 'rejected', 'invalid', '', NULL, 100);"
            "DROP INDEX events_by_partner; DROP INDEX events_by_terminal; "
            "DROP INDEX events_by_operator; DROP INDEX events_by_status; "
            "ALTER TABLE events DROP COLUMN partner_id; " V11_UNDONE "PRAGMA user_version = 9;");
    }
    SQLite::Database db = open_database(file);
    SQLite::Statement partners(db, "SELECT partner_id FROM events ORDER BY seq");
    std::vector<std::string> found;
    while (partners.executeStep()) {
        found.push_back(partners.getColumn(0).isNull() ? "null"
                                                       : partners.getColumn(0).getString());
    }
    CHECK(found == std::vector<std::string>{"P1", "P2", "null", "null"});
    SQLite::Statement index(db,
                            "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                            "('events_by_partner', 'events_by_terminal', 'events_by_operator', "
                            "'events_by_status')");
    REQUIRE(index.executeStep());
    CHECK(index.getColumn(0).getInt() == 4);
}

}  // namespace pt::server
