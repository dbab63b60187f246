// Offline login ends where the server's R13 check would refuse the reports (sync-api.md, "Events
// are bound to sessions"): the session answer's `offline_grace_s` bounds the offline login of
// that operator on this terminal, measured from the last online login here; a server that does
// not send it leaves the terminal's own setting (default 7 days).
#include <doctest/doctest.h>

#include <chrono>

#include "sync/client/login_service.h"
#include "sync/store/credentials.h"
#include "tests/client/fake_transport.h"
#include "tests/support/temp_dir.h"

namespace pt::client {
namespace {

using namespace std::chrono_literals;
using testing::answer;
using testing::FakeTransport;

protocol::LoginResponse session_answer(std::optional<std::int64_t> grace_s) {
    protocol::LoginResponse response;
    response.token = "session-token";
    response.expires_at = plan::Timestamp(std::chrono::seconds(1'795'100'000));
    response.operator_id = "OP1";
    response.operator_name = "Ada";
    response.partner_id = "P1";
    response.partner_name = "Coating";
    response.offline_grace_s = grace_s;
    return response;
}

struct GraceFixture {
    test::TempDir dir{"pt-grace-"};
    store::TimePoint now = std::chrono::system_clock::time_point(1'795'000'000s);
    store::TerminalDb db{dir.path() / "terminal.db",
                         store::TerminalDbOptions{.clock = [this] { return now; }}};
    FakeTransport transport;
    SyncApiClient api{transport, "http://127.0.0.1:9"};
    LoginService logins{db, api, {.pwhash = store::PwhashLimits::minimal()}};

    GraceFixture() { store::Credentials(db).save({.terminal_id = "T-1", .token = "terminal"}); }

    /// One online login that the server answers with `grace_s`, then the server is gone.
    void online_login_then_outage(std::optional<std::int64_t> grace_s) {
        transport.set_handler([grace_s](const HttpRequest&) -> HttpResult {
            return answer(201, protocol::encode(session_answer(grace_s)));
        });
        REQUIRE(logins.login("B-1001", std::nullopt).outcome == LoginOutcome::online);
        transport.set_handler([](const HttpRequest&) -> HttpResult {
            return TransportError{TransportErrorKind::connect_failed, "server gone (test)"};
        });
    }
};

TEST_CASE(
    "an operator whose last online login is older than the server's grace gets no "
    "offline login") {
    GraceFixture f;
    f.online_login_then_outage(3600);

    f.now += 59min;
    const LoginResult within = f.logins.login("B-1001", std::nullopt);
    CHECK(within.outcome == LoginOutcome::offline);
    REQUIRE(within.session.has_value());
    CHECK(within.session->profile.offline_grace_s == 3600);
    // The session knows where its grace ends: the app records nothing after it.
    CHECK(within.session->offline_until == within.session->last_online_login.value() + 1h);

    f.now += 2min;  // 61 minutes after the online login: the server would refuse the reports
    const LoginResult after = f.logins.login("B-1001", std::nullopt);
    CHECK(after.outcome == LoginOutcome::offline_refused);
    CHECK_FALSE(after.session.has_value());
    CHECK_FALSE(after.pin_may_help);  // no PIN pad: a PIN cannot change this answer
}

TEST_CASE("without offline_grace_s (an older server) the terminal's own grace stays") {
    GraceFixture f;
    f.online_login_then_outage(std::nullopt);
    f.now += std::chrono::days(7) - 1min;
    CHECK(f.logins.login("B-1001", std::nullopt).outcome == LoginOutcome::offline);
    f.now += 2min;
    CHECK(f.logins.login("B-1001", std::nullopt).outcome == LoginOutcome::offline_refused);
}

TEST_CASE("a new online login restarts the server's grace") {
    GraceFixture f;
    f.online_login_then_outage(3600);
    f.now += 50min;
    f.online_login_then_outage(3600);
    f.now += 50min;
    CHECK(f.logins.login("B-1001", std::nullopt).outcome == LoginOutcome::offline);
}

}  // namespace
}  // namespace pt::client
