// LoginThrottle's arithmetic (sync-api.md, "Login throttling"), with a clock the test moves.
#include "sync/server/login_throttle.h"

#include <doctest/doctest.h>

namespace pt::server {
namespace {

using std::chrono::seconds;

plan::Timestamp at(seconds since_start) {
    return plan::Timestamp{} + std::chrono::hours(24 * 365 * 50) + since_start;
}

void fail_five(LoginThrottle& throttle, const std::string& terminal) {
    for (int i = 0; i < 5; ++i)
        REQUIRE(throttle.admit(terminal, at(seconds(0))).admitted);
}

}  // namespace

TEST_CASE("Retry-After counts from the last failure, and waiting that long is enough") {
    LoginThrottle throttle;
    fail_five(throttle, "T1");
    const auto soon = throttle.admit("T1", at(seconds(0)));
    CHECK_FALSE(soon.admitted);
    CHECK(soon.retry_after == seconds(2));

    const auto later = throttle.admit("T1", at(seconds(1)));
    CHECK_FALSE(later.admitted);
    CHECK(later.retry_after == seconds(1));

    CHECK(throttle.admit("T1", at(seconds(2))).admitted);
}

TEST_CASE("each further failure doubles the block") {
    LoginThrottle throttle;
    fail_five(throttle, "T1");
    seconds now{0};
    for (int n = 5; n < 12; ++n) {  // 2 + 4 + … + 256 s stay inside the 10-minute window
        const seconds expected = seconds(std::int64_t{1} << (n - 4));
        const auto refused = throttle.admit("T1", at(now));
        REQUIRE_FALSE(refused.admitted);
        CHECK(refused.retry_after == expected);
        now += expected;
        REQUIRE(throttle.admit("T1", at(now)).admitted);  // one try, which fails again
    }
}

TEST_CASE("a success withdraws only its own failure; other terminals are not affected") {
    LoginThrottle throttle;
    for (int i = 0; i < 4; ++i)
        REQUIRE(throttle.admit("T1", at(seconds(0))).admitted);
    const auto good = throttle.admit("T1", at(seconds(1)));
    REQUIRE(good.admitted);
    CHECK(throttle.failures("T1", at(seconds(2))) == 5);
    throttle.succeeded("T1", good);
    CHECK(throttle.failures("T1", at(seconds(2))) == 4);
    CHECK(throttle.admit("T2", at(seconds(2))).admitted);
    CHECK(throttle.failures("T1", at(seconds(2) + LoginThrottle::kWindow)) == 0);
}

TEST_CASE("names tried once are forgotten after the window: memory stays bounded") {
    // A console sign-in with a new name each time must not grow the throttle for ever (found
    // in review of the console's sign-in: every name stayed).
    LoginThrottle throttle;
    for (int i = 0; i < 60000; ++i) {
        const auto when = at(seconds(i / 20));  // 20 a second, for 3,000 seconds
        REQUIRE(throttle.admit("console:name-" + std::to_string(i), when).admitted);
    }
    // Only the last 10 minutes' names (12,000) can be remembered, and a sweep's worth more.
    CHECK(throttle.tracked() <= 2 * 12000);
    fail_five(throttle, "T1");
    CHECK_FALSE(throttle.admit("T1", at(seconds(0))).admitted);  // throttling itself holds
}

}  // namespace pt::server
