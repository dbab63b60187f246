// Badges and PINs are write-only in plan-server (sync-api.md "Credentials"; issue 13, finding 10):
// a keyed hash and an Argon2id string in the database, `{id, name, has_pin}` in GET, kept by a
// PUT that leaves them out, and the key in FILE.key (0600) beside the database FILE.
#include "sync/server/credentials.h"

#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "sync/server/database.h"
#include "tests/plan/plan_builder.h"
#include "tests/server/service_harness.h"
#include "tests/support/file_contents.h"

namespace {

using namespace pt;
using namespace pt::server::testing;
using plan::testing::PlanBuilder;

/// P1 with OP-P1 (badge BADGE-P1, no PIN) and OP-PIN (badge BADGE-SECRET-77, PIN 90417112).
/// The PIN is eight digits because the database holds hex digests: a four-digit PIN turns up
/// in one of them by chance about once in a hundred runs, and the search below would fail.
plan::Dataset with_pin_operator() {
    PlanBuilder b;
    b.partner("P1").resource("R1", true, {"P1"}).order("O1").step("W1", "O1", "R1");
    plan::Dataset data = b.dataset();
    data.partners[0].operators.push_back(
        {"OP-PIN", "Merle", "BADGE-SECRET-77", std::string("90417112")});
    return data;
}

unsigned permissions_of(const std::filesystem::path& file) {
    struct stat status {};
    REQUIRE(::stat(file.c_str(), &status) == 0);
    return status.st_mode & 0777;
}

/// The PUT body of `data` with `edit` applied to the text of operator OP-PIN's object.
std::string put_body(const plan::Dataset& data, const std::string& from, const std::string& to) {
    std::string body = protocol::encode_dataset(data);
    const auto at = body.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from, " not in ", body);
    body.replace(at, from.size(), to);
    return body;
}

}  // namespace

TEST_CASE("the key file: made 0600 once, read back the same, refused when damaged or missing") {
    test::TempDir dir;
    const auto key = server::Credentials::key_file_of(dir / "plan.db");
    CHECK(key == dir / "plan.db.key");
    std::string first_hash;
    {
        const server::Credentials made(key, true);
        first_hash = made.badge_hash("B-1001");
    }
    REQUIRE(std::filesystem::file_size(key) == 32);
    CHECK(permissions_of(key) == 0600);
    CHECK(first_hash.size() == 64);
    CHECK(first_hash.find("B-1001") == std::string::npos);
    CHECK(server::Credentials(key, false).badge_hash("B-1001") == first_hash);
    CHECK(server::Credentials(key, false).badge_hash("B-1002") != first_hash);

    // Another key, another hash: the database alone does not let anyone test badges.
    test::TempDir other;
    CHECK(server::Credentials(other / "k", true).badge_hash("B-1001") != first_hash);

    std::filesystem::resize_file(key, 31);
    CHECK_THROWS_WITH_AS(server::Credentials(key, true), doctest::Contains("damaged"),
                         server::StoreError);
    std::filesystem::resize_file(key, 33);
    CHECK_THROWS_WITH_AS(server::Credentials(key, true), doctest::Contains("damaged"),
                         server::StoreError);
    std::filesystem::remove(key);
    CHECK_THROWS_WITH_AS(server::Credentials(key, false), doctest::Contains("missing"),
                         server::StoreError);
}

TEST_CASE("a PIN is kept as an Argon2id string that only its PIN matches") {
    test::TempDir dir;
    const server::Credentials credentials(dir / "k", true);
    const std::string stored = credentials.pin_hash("90417112");
    CHECK(stored.rfind("$argon2id$", 0) == 0);
    CHECK(stored.find("90417112") == std::string::npos);
    CHECK(credentials.pin_hash("90417112") != stored);  // salted
    CHECK(credentials.pin_matches(stored, "90417112"));
    CHECK_FALSE(credentials.pin_matches(stored, "90417113"));
    CHECK_FALSE(credentials.pin_matches(stored, ""));
    CHECK_FALSE(credentials.pin_matches("garbage", "90417112"));
    CHECK_FALSE(credentials.pin_matches("", ""));
    credentials.check_no_pin("90417112");  // does the work, matches nothing, never throws
}

TEST_CASE("no badge and no PIN in clear: not in GET, not in the database (issue 13, finding 10)") {
    ServiceHarness h;
    h.load(with_pin_operator());
    const std::string kiosk = h.enroll();
    (void)h.login(kiosk, "BADGE-SECRET-77", "90417112");
    CHECK(h.login_reply(kiosk, "BADGE-SECRET-77", "0000").status == 401);

    const server::Reply got = h.service->get_dataset(kAdmin);
    REQUIRE(got.status == 200);
    CHECK(got.body.find("BADGE-SECRET-77") == std::string::npos);
    CHECK(got.body.find("90417112") == std::string::npos);
    CHECK(got.body.find("\"badge\"") == std::string::npos);
    CHECK(got.body.find("\"pin\"") == std::string::npos);
    CHECK(got.body.find(R"({"has_pin":true,"id":"OP-PIN","name":"Merle","role":"operator"})") !=
          std::string::npos);
    CHECK(got.body.find(
              R"({"has_pin":false,"id":"OP-P1","name":"Operator of P1","role":"operator"})") !=
          std::string::npos);

    h.service.reset();  // closes the database: everything is in the main file now
    const std::string db =
        pt::test::file_contents(h.dir / "plan.db") + pt::test::file_contents(h.dir / "plan.db-wal");
    CHECK(db.find("BADGE-SECRET-77") == std::string::npos);
    CHECK(db.find("BADGE-P1") == std::string::npos);
    CHECK(db.find("90417112") == std::string::npos);
    CHECK(permissions_of(h.dir / "plan.db") == 0600);
    CHECK(permissions_of(h.dir / "plan.db.key") == 0600);

    h.open();  // the key file beside the database: the badges still log in after a restart
    const std::string again = h.enroll();
    (void)h.login(again, "BADGE-SECRET-77", "90417112");
    (void)h.login(again, "BADGE-P1");
}

TEST_CASE("PUT keeps the stored badge and PIN of an operator that leaves them out") {
    ServiceHarness h;
    const plan::Dataset data = with_pin_operator();
    h.load(data);
    const std::string kiosk = h.enroll();

    // What a GET returns, PUT back unchanged (has_pin is ignored on input): nothing changes.
    const server::Reply got = h.service->get_dataset(kAdmin);
    REQUIRE(h.service->put_dataset(kAdmin, got.body).status == 204);
    (void)h.login(kiosk, "BADGE-SECRET-77", "90417112");
    (void)h.login(kiosk, "BADGE-P1");

    // A new PIN without the badge: the badge stays, the new PIN counts.
    const std::string new_pin =
        put_body(data, R"("badge":"BADGE-SECRET-77","id":"OP-PIN","name":"Merle","pin":"90417112")",
                 R"("id":"OP-PIN","name":"Merle","pin":"1234")");
    REQUIRE(h.service->put_dataset(kAdmin, new_pin).status == 204);
    CHECK(h.login_reply(kiosk, "BADGE-SECRET-77", "90417112").status == 401);
    (void)h.login(kiosk, "BADGE-SECRET-77", "1234");

    // `pin: null` takes the PIN away: the badge alone logs in.
    const std::string no_pin =
        put_body(data, R"("badge":"BADGE-SECRET-77","id":"OP-PIN","name":"Merle","pin":"90417112")",
                 R"("id":"OP-PIN","name":"Merle","pin":null)");
    REQUIRE(h.service->put_dataset(kAdmin, no_pin).status == 204);
    (void)h.login(kiosk, "BADGE-SECRET-77");
}

TEST_CASE("PUT: a new operator without a badge, one badge twice, an empty PIN -> 422") {
    ServiceHarness h;
    const plan::Dataset data = with_pin_operator();
    h.load(data);
    const std::string before = h.service->get_dataset(kAdmin).body;

    plan::Dataset newcomer = data;
    newcomer.partners[0].operators.push_back({"OP-NEW", "Nia", "B-NEW", std::nullopt});
    const std::string without_badge =
        put_body(newcomer, R"("badge":"B-NEW","id":"OP-NEW")", R"("id":"OP-NEW")");
    const server::Reply no_badge = h.service->put_dataset(kAdmin, without_badge);
    CHECK(no_badge.status == 422);
    CHECK(no_badge.body.find("OP-NEW") != std::string::npos);

    plan::Dataset twice = data;
    twice.partners[0].operators.push_back({"OP-TWIN", "Tom", "BADGE-SECRET-77", std::nullopt});
    const server::Reply duplicate = h.service->put_dataset(kAdmin, protocol::encode_dataset(twice));
    CHECK(duplicate.status == 422);
    CHECK(duplicate.body.find("BADGE-SECRET-77") == std::string::npos);  // not echoed

    plan::Dataset empty_pin = data;
    empty_pin.partners[0].operators[1].pin = std::string();
    CHECK(h.service->put_dataset(kAdmin, protocol::encode_dataset(empty_pin)).status == 422);

    CHECK(h.service->get_dataset(kAdmin).body == before);  // refusals change nothing
}

TEST_CASE("badges stored in clear by an older plan-server are sealed at start") {
    ServiceHarness h;
    h.load(with_pin_operator());
    h.service.reset();
    {
        // What schema 4 left: a badge and a PIN in clear, the row not sealed.
        SQLite::Database db((h.dir / "plan.db").string(), SQLite::OPEN_READWRITE);
        db.exec(
            "UPDATE operators SET badge = 'OLD-BADGE', pin = '2468', sealed = 0 "
            "WHERE id = 'OP-PIN'");
    }
    h.open();
    const std::string kiosk = h.enroll();
    (void)h.login(kiosk, "OLD-BADGE", "2468");
    CHECK(h.login_reply(kiosk, "OLD-BADGE", "0000").status == 401);
    h.service.reset();
    CHECK(pt::test::file_contents(h.dir / "plan.db").find("OLD-BADGE") == std::string::npos);
}

TEST_CASE("a database with sealed badges and no key file is refused, not served with a new key") {
    ServiceHarness h;
    h.load(with_pin_operator());
    h.service.reset();
    std::filesystem::remove(h.dir / "plan.db.key");
    CHECK_THROWS_WITH_AS(h.open(), doctest::Contains("plan.db.key is missing"), server::StoreError);
    CHECK_FALSE(std::filesystem::exists(h.dir / "plan.db.key"));
}
