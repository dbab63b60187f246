// ConsoleSessions (issue 16): idle timeout, sign-out, and the bounds on how many stay open —
// one user's sign-ins never end another user's session.
#include "sync/server/console_sessions.h"

#include <doctest/doctest.h>

#include "sync/server/plan_service.h"

namespace pt::server {
namespace {

plan::Timestamp session_time(std::chrono::seconds since_start) {
    return plan::Timestamp{} + std::chrono::hours(24 * 365 * 50) + since_start;
}

}  // namespace

TEST_CASE("a console session ends after 30 idle minutes, and each use restarts that clock") {
    using std::chrono::minutes;
    ConsoleSessions sessions;
    const auto opened = sessions.open("alice", "c1", session_time({}));
    REQUIRE(opened);
    CHECK(opened->token.starts_with(kConsoleSessionPrefix));
    CHECK(opened->token != opened->csrf);
    CHECK(sessions.use(opened->token, session_time(minutes(29))));
    CHECK(sessions.use(opened->token, session_time(minutes(58))));  // 29 after the last use
    CHECK_FALSE(sessions.use(opened->token, session_time(minutes(88))));
    CHECK_FALSE(sessions.use(opened->token, session_time(minutes(89))));  // ended, for good

    // However busy, a session ends 12 hours after its sign-in.
    const auto busy = sessions.open("alice", "c1", session_time({}));
    REQUIRE(busy);
    for (int minute = 20; minute < 12 * 60; minute += 20)
        REQUIRE(sessions.use(busy->token, session_time(minutes(minute))));
    CHECK_FALSE(sessions.use(busy->token, session_time(minutes(12 * 60))));

    const auto again = sessions.open("alice", "c1", session_time({}));
    REQUIRE(again);
    sessions.close(again->token);
    CHECK_FALSE(sessions.use(again->token, session_time({})));
    // Only tokens of the session kind are looked at.
    CHECK_FALSE(sessions.use(again->token.substr(kConsoleSessionPrefix.size()), session_time({})));
}

TEST_CASE("a user's many sign-ins end only that user's sessions, and a full table refuses") {
    using std::chrono::seconds;
    ConsoleSessions sessions;
    const auto admin = sessions.open("admin", "c0", session_time({}));
    REQUIRE(admin);
    std::vector<ConsoleSessions::Opened> viewer;
    for (int i = 0; i < 50; ++i) {
        const auto opened = sessions.open("viewer", "c1", session_time(seconds(i + 1)));
        REQUIRE(opened);
        viewer.push_back(*opened);
    }
    // Before the fix the idlest session of all went: the administrator's.
    CHECK(sessions.use(admin->token, session_time(seconds(60))));
    CHECK(sessions.open_count() == 1 + ConsoleSessions::kMaxSessionsPerUser);
    CHECK(sessions.use(viewer.back().token, session_time(seconds(60))));
    CHECK_FALSE(sessions.use(viewer.front().token, session_time(seconds(60))));

    // Filling the table with many users: a newcomer is refused, nobody's session is ended.
    for (std::size_t i = sessions.open_count(); i < ConsoleSessions::kMaxSessions; ++i)
        REQUIRE(sessions.open("user" + std::to_string(i), "c", session_time(seconds(61))));
    CHECK_FALSE(sessions.open("newcomer", "c", session_time(seconds(62))));
    CHECK(sessions.use(admin->token, session_time(seconds(62))));
    // Once the others time out, there is room again.
    CHECK(sessions.open("newcomer", "c", session_time(seconds(62) + std::chrono::minutes(31))));
}

}  // namespace pt::server
