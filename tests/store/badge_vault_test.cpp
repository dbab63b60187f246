// Offline login: works within the grace period after an online login on this terminal, fails
// after it, a wrong or missing PIN fails like an unknown badge, and neither badge nor PIN is
// ever written to the database files (only Argon2id hashes).
#include "sync/store/badge_vault.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include "tests/store/store_fixture.h"

using namespace pt::store;
using namespace pt::store::testing;
using pt::protocol::LoginResponse;

namespace {

LoginResponse profile_of(const std::string& operator_id, const std::string& partner_id) {
    LoginResponse profile;
    profile.token = "session-token-" + operator_id;
    profile.expires_at = pt::plan::Timestamp(std::chrono::seconds(1'795'100'000));
    profile.operator_id = operator_id;
    profile.operator_name = "Name of " + operator_id;
    profile.partner_id = partner_id;
    profile.partner_name = "Coating Ltd";
    profile.modules.insert(pt::plan::Module::workbench);
    profile.allow_process_feedback = true;
    profile.work_step_columns.insert(pt::plan::WorkStepColumn::operation);
    profile.process_columns.insert(pt::plan::ProcessColumn::name);
    profile.pause_reasons = {{"MAT", "Waiting for material"}};
    profile.scrap_reasons = {{"SURF", "Surface defect"}};
    return profile;
}

LoginResponse without_token(LoginResponse profile) {
    profile.token.clear();
    return profile;
}

constexpr auto kDay = std::chrono::hours(24);

}  // namespace

TEST_CASE("offline login works within the grace period and fails after it") {
    StoreFixture f;
    const auto db = f.open();
    BadgeVault vault(*db, PwhashLimits::minimal());
    const TimePoint login = f.clock.now;
    vault.remember("B-1001", std::nullopt, profile_of("OP1", "P1"), login);

    const auto at_once = vault.verify("B-1001", std::nullopt, login + std::chrono::minutes(1));
    REQUIRE(at_once.has_value());
    CHECK(at_once->profile == without_token(profile_of("OP1", "P1")));
    CHECK(at_once->last_online_login == login);

    CHECK(vault.verify("B-1001", std::nullopt, login + 7 * kDay).has_value());
    CHECK_FALSE(vault.verify("B-1001", std::nullopt, login + 7 * kDay + std::chrono::seconds(1)));
    CHECK(vault.verify("B-1001", std::nullopt, login + 9 * kDay, 10 * kDay).has_value());
    CHECK_FALSE(vault.verify("B-1001", std::nullopt, login + 2 * kDay, kDay).has_value());

    SUBCASE("a new online login restarts the grace period") {
        vault.remember("B-1001", std::nullopt, profile_of("OP1", "P1"), login + 6 * kDay);
        CHECK(vault.verify("B-1001", std::nullopt, login + 12 * kDay).has_value());
    }
    SUBCASE("prune deletes what can no longer log in") {
        CHECK(vault.prune(login + 8 * kDay) == 1);
        CHECK_FALSE(vault.verify("B-1001", std::nullopt, login, 100 * kDay).has_value());
    }
}

TEST_CASE("the server's offline grace, when shorter, ends offline login sooner") {
    // sync-api.md, "Events are bound to sessions": the server refuses a report from an operator
    // whose last online login here is older than its grace, so offline login must end by then.
    StoreFixture f;
    const auto db = f.open();
    BadgeVault vault(*db, PwhashLimits::minimal());
    const TimePoint login = f.clock.now;
    LoginResponse profile = profile_of("OP1", "P1");
    profile.offline_grace_s = 2 * 86400;
    vault.remember("B-1001", std::nullopt, profile, login);

    CHECK(vault.verify("B-1001", std::nullopt, login + 2 * kDay).has_value());
    CHECK(vault.needs_pin("B-1001", login + 2 * kDay) == false);
    // Older than the server's two days: no offline login, although the terminal allows seven.
    CHECK_FALSE(vault.verify("B-1001", std::nullopt, login + 2 * kDay + std::chrono::seconds(1))
                    .has_value());
    CHECK_FALSE(vault.verify("B-1001", std::nullopt, login + 3 * kDay, 7 * kDay).has_value());

    SUBCASE("the terminal's own setting still wins when it is the shorter") {
        CHECK_FALSE(
            vault.verify("B-1001", std::nullopt, login + kDay + std::chrono::seconds(1), kDay)
                .has_value());
    }
    SUBCASE("a server grace of 0 allows no offline login at all") {
        profile.offline_grace_s = 0;
        vault.remember("B-1001", std::nullopt, profile, login);
        CHECK_FALSE(vault.verify("B-1001", std::nullopt, login + std::chrono::seconds(1)));
    }
    SUBCASE("a longer server grace does not extend the terminal's") {
        profile.offline_grace_s = 30 * 86400;
        vault.remember("B-1001", std::nullopt, profile, login);
        CHECK_FALSE(vault.verify("B-1001", std::nullopt, login + 8 * kDay).has_value());
    }
}

TEST_CASE("unknown badges fail, also on an empty vault") {
    StoreFixture f;
    const auto db = f.open();
    BadgeVault vault(*db, PwhashLimits::minimal());
    CHECK_FALSE(vault.verify("B-1001", std::nullopt, f.clock.now).has_value());
    vault.remember("B-1001", std::nullopt, profile_of("OP1", "P1"), f.clock.now);
    CHECK_FALSE(vault.verify("B-1002", std::nullopt, f.clock.now).has_value());
    CHECK_FALSE(vault.verify("b-1001", std::nullopt, f.clock.now).has_value());
    CHECK_FALSE(vault.verify("", std::nullopt, f.clock.now).has_value());
    CHECK_THROWS_AS(vault.remember("", std::nullopt, profile_of("OP1", "P1"), f.clock.now),
                    StoreError);
}

TEST_CASE("an operator with a PIN needs the right PIN; a wrong one fails like an unknown badge") {
    StoreFixture f;
    const auto db = f.open();
    BadgeVault vault(*db, PwhashLimits::minimal());
    vault.remember("B-2002", std::string("4711"), profile_of("OP2", "P1"), f.clock.now);
    vault.remember("B-3003", std::nullopt, profile_of("OP3", "P1"), f.clock.now);

    CHECK(vault.needs_pin("B-2002", f.clock.now));
    CHECK_FALSE(vault.needs_pin("B-3003", f.clock.now));
    CHECK_FALSE(vault.needs_pin("B-9999", f.clock.now));
    CHECK_FALSE(vault.needs_pin("B-2002", f.clock.now + 8 * kDay));

    CHECK(vault.verify("B-2002", std::string("4711"), f.clock.now)->profile.operator_id == "OP2");
    CHECK_FALSE(vault.verify("B-2002", std::string("4712"), f.clock.now).has_value());
    CHECK_FALSE(vault.verify("B-2002", std::string(""), f.clock.now).has_value());
    CHECK_FALSE(vault.verify("B-2002", std::nullopt, f.clock.now).has_value());
    // Like the server: an operator without a PIN logs in whatever PIN field was sent.
    CHECK(vault.verify("B-3003", std::string("1234"), f.clock.now).has_value());
}

TEST_CASE("neither badge nor PIN is anywhere in the database files") {
    StoreFixture f;
    const std::string badge = "BADGE-7f3a9c-UNIQUE-TEXT";
    const std::string pin = "48151623";
    {
        const auto db = f.open();
        BadgeVault vault(*db, PwhashLimits::minimal());
        vault.remember(badge, pin, profile_of("OP1", "P1"), f.clock.now);
        vault.remember("OTHER-" + badge, pin, profile_of("OP2", "P1"), f.clock.now);
        CHECK(vault.verify(badge, pin, f.clock.now).has_value());
        const std::string live = read_database_files(f.file);  // main file, WAL and shm
        CHECK(live.find(badge) == std::string::npos);
        CHECK(live.find(pin) == std::string::npos);
        CHECK(live.find("session-token-OP1") == std::string::npos);
    }
    const std::string closed = read_database_files(f.file);  // after the checkpoint
    CHECK(closed.find(badge) == std::string::npos);
    CHECK(closed.find(pin) == std::string::npos);

    // The hashes are Argon2id with their own salt: one PIN, two different hashes.
    SQLite::Database raw(f.file.string(), SQLite::OPEN_READONLY);
    SQLite::Statement query(raw, "SELECT badge_hash, pin_hash FROM badges ORDER BY operator_id");
    std::vector<std::string> pin_hashes;
    while (query.executeStep()) {
        CHECK(query.getColumn(0).getString().rfind("$argon2id$", 0) == 0);
        pin_hashes.push_back(query.getColumn(1).getString());
    }
    REQUIRE(pin_hashes.size() == 2);
    CHECK(pin_hashes[0] != pin_hashes[1]);
}

TEST_CASE("a badge handed on to another operator logs in as the new one only") {
    StoreFixture f;
    const auto db = f.open();
    BadgeVault vault(*db, PwhashLimits::minimal());
    vault.remember("B-5005", std::nullopt, profile_of("OP5", "P1"), f.clock.now);
    vault.remember("B-5005", std::nullopt, profile_of("OP6", "P2"), f.clock.now);
    const auto login = vault.verify("B-5005", std::nullopt, f.clock.now);
    REQUIRE(login.has_value());
    CHECK(login->profile.operator_id == "OP6");
    CHECK(login->profile.partner_id == "P2");
    CHECK(vault.prune(f.clock.now + 30 * kDay) == 1);  // the old record of OP5 is gone already
}

TEST_CASE("many operators: each badge finds its own profile") {
    StoreFixture f;
    const auto db = f.open();
    BadgeVault vault(*db, PwhashLimits::minimal());
    constexpr int kOperators = 60;  // more than enough to share buckets
    for (int i = 0; i < kOperators; ++i) {
        const std::string id = std::to_string(i);
        vault.remember("BADGE-" + id,
                       i % 3 == 0 ? std::optional<std::string>("P" + id) : std::nullopt,
                       profile_of("OP" + id, "P" + std::to_string(i % 4)), f.clock.now);
    }
    for (int i = 0; i < kOperators; ++i) {
        const std::string id = std::to_string(i);
        CAPTURE(i);
        const auto login =
            vault.verify("BADGE-" + id, std::optional<std::string>("P" + id), f.clock.now);
        REQUIRE(login.has_value());
        CHECK(login->profile.operator_id == "OP" + id);
    }
}

TEST_CASE("forget_operator removes one operator's record") {
    StoreFixture f;
    const auto db = f.open();
    BadgeVault vault(*db, PwhashLimits::minimal());
    vault.remember("B-1", std::nullopt, profile_of("OP1", "P1"), f.clock.now);
    vault.remember("B-2", std::nullopt, profile_of("OP2", "P1"), f.clock.now);
    vault.forget_operator("OP1");
    CHECK_FALSE(vault.verify("B-1", std::nullopt, f.clock.now).has_value());
    CHECK(vault.verify("B-2", std::nullopt, f.clock.now).has_value());
}

TEST_CASE("a second connection verifies what the first remembered") {
    StoreFixture f;
    const auto sync = f.open();
    const auto ui = f.open();
    BadgeVault(*sync, PwhashLimits::minimal())
        .remember("B-7", std::string("1"), profile_of("OP7", "P1"), f.clock.now);
    CHECK(BadgeVault(*ui).verify("B-7", std::string("1"), f.clock.now).has_value());
}

TEST_CASE("the default limits are libsodium's interactive ones") {
    CHECK(PwhashLimits::interactive().mem >= PwhashLimits::minimal().mem);
    CHECK(PwhashLimits::interactive().ops >= PwhashLimits::minimal().ops);
}
