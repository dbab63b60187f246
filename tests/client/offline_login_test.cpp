// Badge login against the real plan-server, and the offline fallback (product.md §5): within
// the grace period while the server is stopped; not after it; not with a wrong PIN; never after
// an online 401 (a revoked badge stays revoked offline). And back online: relogin().
#include <doctest/doctest.h>

#include "sync/client/login_service.h"
#include "tests/client/client_fixture.h"

namespace pt::client::itest {
namespace {

using namespace std::chrono;

/// A wall clock the test moves by hand (the terminal database's and the login's "now").
struct FakeWallClock {
    // Whole seconds: the vault keeps times to the millisecond.
    system_clock::time_point now = time_point_cast<seconds>(system_clock::now());
    store::Clock clock() {
        return [this] { return now; };
    }
};

LoginOptions quick_options() {
    return LoginOptions{.pwhash = store::PwhashLimits::minimal()};  // grace: the default 7 days
}

TEST_CASE("offline login: within grace while the server is down, not after, not a wrong PIN") {
    ServerFixture server;
    INFO("server output:\n", server.log_tail());
    FakeWallClock wall;
    TerminalFixture terminal(server.url(), {.clock = wall.clock()});
    LoginService login(*terminal.db, terminal.api, quick_options());

    CHECK(login.login("B-1001", std::nullopt).outcome == LoginOutcome::not_enrolled);
    terminal.enroll(server);

    // Online: a token, and the badge remembered (as hashes) for later.
    const auto online_at = wall.now;
    const auto ana = login.login("B-1001", std::nullopt);
    REQUIRE(ana.outcome == LoginOutcome::online);
    REQUIRE(ana.session.has_value());
    CHECK_FALSE(ana.session->offline);
    CHECK_FALSE(ana.session->profile.token.empty());
    CHECK(ana.session->profile.partner_id == "P1");
    CHECK(ana.session->held == nullptr);
    const auto ben = login.login("B-1002", std::string("4711"));
    REQUIRE(ben.outcome == LoginOutcome::online);
    CHECK(login.login("B-2001", std::nullopt).outcome == LoginOutcome::online);

    REQUIRE(server.process().stop() == 0);
    wall.now += days(6);  // within the 7 days

    const auto offline = login.login("B-1002", std::string("4711"));
    REQUIRE(offline.outcome == LoginOutcome::offline);
    REQUIRE(offline.session.has_value());
    CHECK(offline.session->offline);
    CHECK(offline.session->profile.token.empty());
    CHECK(offline.session->profile.operator_id == "OP2");
    CHECK(offline.session->profile.partner_id == "P1");
    CHECK(offline.session->profile.modules == ben.session->profile.modules);
    CHECK(offline.session->offline_since == wall.now);
    CHECK(offline.session->last_online_login == wall.now - days(6));
    REQUIRE(offline.online_error.has_value());
    CHECK(offline.online_error->status == ApiStatus::transport_error);
    CHECK(login.needs_pin_offline("B-1002"));
    CHECK_FALSE(login.needs_pin_offline("B-1001"));

    CHECK(login.login("B-1002", std::string("0000")).outcome == LoginOutcome::offline_refused);
    CHECK(login.login("B-1002", std::nullopt).outcome == LoginOutcome::offline_refused);
    CHECK(login.login("B-9999", std::nullopt).outcome == LoginOutcome::offline_refused);
    CHECK(login.login("B-3001", std::nullopt).outcome == LoginOutcome::offline_refused);
    CHECK(login.login("B-1001", std::nullopt).outcome == LoginOutcome::offline);

    wall.now += days(1) + hours(1);  // past the 7 days since the last online login
    CHECK(login.login("B-1001", std::nullopt).outcome == LoginOutcome::offline_refused);
    CHECK(login.login("B-1002", std::string("4711")).outcome == LoginOutcome::offline_refused);

    // A shorter configured grace period counts from the same last online login.
    LoginService strict(*terminal.db, terminal.api,
                        {.offline_grace = hours(1), .pwhash = store::PwhashLimits::minimal()});
    wall.now = online_at + days(1);
    CHECK(strict.login("B-1001", std::nullopt).outcome == LoginOutcome::offline_refused);
    CHECK(login.login("B-1001", std::nullopt).outcome == LoginOutcome::offline);
}

TEST_CASE("offline session back online: relogin() obtains a token") {
    ServerFixture server;
    INFO("server output:\n", server.log_tail());
    TerminalFixture terminal(server.url());
    LoginService login(*terminal.db, terminal.api, quick_options());
    terminal.enroll(server);
    REQUIRE(login.login("B-1002", std::string("4711")).outcome == LoginOutcome::online);

    server.process().kill();
    auto result = login.login("B-1002", std::string("4711"));
    REQUIRE(result.outcome == LoginOutcome::offline);
    OperatorSession session = *result.session;
    REQUIRE(session.held != nullptr);

    // Still down: stays offline, nothing lost.
    const auto still = login.relogin(session);
    CHECK(still.outcome == LoginOutcome::offline);
    CHECK(session.offline);
    CHECK(session.held != nullptr);

    server.process().start();
    terminal.api.set_base_url(server.url());
    const auto back = login.relogin(session);
    REQUIRE(back.outcome == LoginOutcome::online);
    CHECK_FALSE(session.offline);
    CHECK_FALSE(session.profile.token.empty());
    CHECK(session.profile.operator_id == "OP2");
    CHECK(session.held == nullptr);
    CHECK_FALSE(session.offline_since.has_value());

    // The token works: the engine can pull for this partner again.
    const auto pulled = terminal.api.pull(session.profile.token, std::nullopt);
    CHECK(pulled.ok());
}

TEST_CASE("an online 401 is final: no offline fallback, and the badge is forgotten offline") {
    ServerFixture server;
    INFO("server output:\n", server.log_tail());
    TerminalFixture terminal(server.url());
    LoginService login(*terminal.db, terminal.api, quick_options());
    terminal.enroll(server);
    REQUIRE(login.login("B-1001", std::nullopt).outcome == LoginOutcome::online);
    REQUIRE(login.login("B-1002", std::string("4711")).outcome == LoginOutcome::online);

    // A wrong PIN online is refused although the vault knows this badge.
    const auto wrong_pin = login.login("B-1002", std::string("0000"));
    CHECK(wrong_pin.outcome == LoginOutcome::refused);
    REQUIRE(wrong_pin.online_error.has_value());
    CHECK(wrong_pin.online_error->status == ApiStatus::unauthorized);
    CHECK_FALSE(wrong_pin.session.has_value());

    // The administrator revokes OP1's badge; the terminal still remembers it from before.
    plan::Dataset dataset = client_dataset();
    dataset.partners[0].operators[0].badge = "B-1001-NEW";
    server.put_dataset(dataset);
    const auto revoked = login.login("B-1001", std::nullopt);
    CHECK(revoked.outcome == LoginOutcome::refused);
    CHECK_FALSE(revoked.session.has_value());

    // And once the server is gone, the revoked badge does not come back through the vault.
    server.process().kill();
    CHECK(login.login("B-1001", std::nullopt).outcome == LoginOutcome::offline_refused);
    CHECK(login.login("B-1002", std::string("4711")).outcome == LoginOutcome::offline);
}

// Issue #13: a 429 answers "too many failed logins here" — falling back to the offline check
// (as for a server that cannot answer) would let a terminal go on guessing past the limit.
TEST_CASE("a throttled login (429) is not retried offline and carries the wait") {
    ServerFixture server;
    INFO("server output:\n", server.log_tail());
    TerminalFixture terminal(server.url());
    LoginService login(*terminal.db, terminal.api, quick_options());
    terminal.enroll(server);
    REQUIRE(login.login("B-1002", std::string("4711")).outcome == LoginOutcome::online);
    for (int i = 0; i < 5; ++i)
        CHECK(login.login("B-NOPE-" + std::to_string(i), std::nullopt).outcome ==
              LoginOutcome::refused);

    const auto throttled = login.login("B-1002", std::string("4711"));  // right badge and PIN
    CHECK(throttled.outcome == LoginOutcome::throttled);
    CHECK_FALSE(throttled.session.has_value());
    REQUIRE(throttled.online_error.has_value());
    CHECK(throttled.online_error->http_status == 429);
    REQUIRE(throttled.online_error->retry_after.has_value());
    // 2^(5-4) = 2 s counted from the fifth failure: 1 when a second passed in between (load).
    CHECK(throttled.online_error->retry_after->count() >= 1);
    CHECK(throttled.online_error->retry_after->count() <= 2);
}

}  // namespace
}  // namespace pt::client::itest
