// plan-server's database file (issue #13, finding 10: it was created 0644 outside systemd, so
// every local user could read the hashes of tokens and every event).
#include "sync/server/database.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>

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
