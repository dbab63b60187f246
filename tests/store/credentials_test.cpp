// Terminal credentials: saved, loaded, replaced, cleared; kept in the private database file.
#include "sync/store/credentials.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include "tests/store/store_fixture.h"

using namespace pt::store;
using namespace pt::store::testing;

TEST_CASE("credentials are saved, replaced, survive a restart and are cleared") {
    StoreFixture f;
    {
        const auto db = f.open();
        Credentials credentials(*db);
        CHECK_FALSE(credentials.load().has_value());
        credentials.save({"T1", "token-one"});
        CHECK(credentials.load() == TerminalCredentials{"T1", "token-one"});
        credentials.save({"T2", "token-two"});  // re-enrolment
        CHECK(credentials.load() == TerminalCredentials{"T2", "token-two"});
    }
    const auto db = f.open();
    Credentials credentials(*db);
    CHECK(credentials.load() == TerminalCredentials{"T2", "token-two"});
    credentials.clear();
    CHECK_FALSE(credentials.load().has_value());
}

TEST_CASE("empty credentials are refused") {
    StoreFixture f;
    const auto db = f.open();
    Credentials credentials(*db);
    CHECK_THROWS_AS(credentials.save({"", "token"}), StoreError);
    CHECK_THROWS_AS(credentials.save({"T1", ""}), StoreError);
    CHECK_FALSE(credentials.load().has_value());
}

TEST_CASE("the file holding the token is readable by its owner only") {
    StoreFixture f;
    const auto db = f.open();
    Credentials(*db).save({"T1", "token"});
    for (const char* suffix : {"", "-wal", "-shm"}) {
        struct stat status {};
        REQUIRE(::stat((f.file.string() + suffix).c_str(), &status) == 0);
        CHECK((status.st_mode & 0777U) == 0600U);
    }
}
