// R13's rule on login runs (sync/plan/session_binding.h): a run answers exactly as the list of
// its logins would, for any grace.
#include "sync/plan/session_binding.h"

#include <doctest/doctest.h>

#include <algorithm>

namespace {

using namespace pt::plan;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const Timestamp t0{std::chrono::hours{24 * 20780}};

/// The rule as written: some login in [occurred_at − grace, occurred_at + 1 h].
bool any_login_binds(const std::vector<Timestamp>& logins, Timestamp occurred_at, seconds grace) {
    return std::any_of(logins.begin(), logins.end(), [&](Timestamp login) {
        return occurred_at - grace <= login && login <= occurred_at + hours{1};
    });
}

}  // namespace

TEST_CASE("a single login binds occurred_at from 1 h before to the grace after it") {
    const LoginRun run{t0, t0};
    const seconds grace = days{7};
    CHECK(binds(run, t0, grace));
    CHECK(binds(run, t0 - hours{1}, grace));
    CHECK_FALSE(binds(run, t0 - hours{1} - seconds{1}, grace));
    CHECK(binds(run, t0 + grace, grace));
    CHECK_FALSE(binds(run, t0 + grace + seconds{1}, grace));
    CHECK_FALSE(bound_to_session({}, t0, grace));
    CHECK(bound_to_session({{t0 - days{30}, t0 - days{30}}, run}, t0 + days{1}, grace));
}

TEST_CASE("logins at most an hour apart form one run") {
    const LoginRun run{t0, t0 + hours{3}};
    CHECK(extends(run, t0 + hours{4}));
    CHECK(extends(run, t0 + hours{1}));  // inside
    CHECK_FALSE(extends(run, t0 + hours{4} + seconds{1}));
    CHECK_FALSE(extends(run, t0 - seconds{1}));
}

TEST_CASE("a run answers exactly as its logins, for every grace") {
    // Logins every 40 minutes for 5 hours, grouped into a run as LoginHistory::record does.
    std::vector<Timestamp> logins;
    for (int i = 0; i < 8; ++i)
        logins.push_back(t0 + minutes{40 * i});
    LoginRun run{logins.front(), logins.front()};
    for (const Timestamp login : logins) {
        REQUIRE(extends(run, login));
        run.last = std::max(run.last, login);
    }
    for (const seconds grace : {seconds{0}, seconds{hours{1}}, seconds{days{7}}}) {
        for (Timestamp at = t0 - hours{3}; at < t0 + days{8}; at += minutes{7}) {
            CHECK_MESSAGE(binds(run, at, grace) == any_login_binds(logins, at, grace), "grace ",
                          grace.count(), " s, occurred ", format_rfc3339(at));
        }
    }
}
