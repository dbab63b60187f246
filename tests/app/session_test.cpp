#include "firmware/app/session.h"

#include <doctest/doctest.h>

#include "tests/app/app_fixture.h"

namespace pt::app {
namespace {

using test::at;
using test::profile;

TEST_CASE("a session starts logged out, without idle logout") {
    Session session;
    CHECK(session.state() == SessionState::logged_out);
    CHECK(session.profile() == nullptr);
    CHECK_FALSE(session.seconds_until_logout(at(0)).has_value());
    CHECK_FALSE(session.show_countdown(at(0)));
    CHECK_FALSE(session.tick(at(100000)));
    CHECK(name_of(SessionState::pin_needed) == "pin_needed");
    CHECK_THROWS_AS(Session(SessionOptions{.idle_timeout = std::chrono::seconds{0}}),
                    std::invalid_argument);
}

TEST_CASE("badge → logging in → online login") {
    Session session;
    const auto attempt = session.scan_badge("B-1001", at(0));
    REQUIRE(attempt.has_value());
    CHECK(attempt->badge == "B-1001");
    CHECK_FALSE(attempt->pin.has_value());
    CHECK(session.state() == SessionState::logging_in);
    CHECK_FALSE(session.seconds_until_logout(at(0)).has_value());
    CHECK_FALSE(session.tick(at(500)));  // no idle logout while the worker runs

    const auto generation = session.generation();
    CHECK(session.apply_login_result(attempt->id, test::online(profile("OP1", "P1")), at(1)) ==
          LoginApplied::logged_in);
    CHECK(session.state() == SessionState::logged_in);
    CHECK(session.generation() == generation + 1);
    REQUIRE(session.profile() != nullptr);
    CHECK(session.profile()->operator_id == "OP1");
    CHECK_FALSE(session.offline());
    CHECK_FALSE(session.offline_since().has_value());
    CHECK(session.seconds_until_logout(at(1)) == 120);
}

TEST_CASE("offline login says since when") {
    Session session;
    const auto attempt = session.scan_badge("B-1001", at(0));
    CHECK(session.apply_login_result(attempt->id, test::offline(profile("OP1", "P1"), at(-30)),
                                     at(1)) == LoginApplied::logged_in);
    CHECK(session.offline());
    CHECK(session.offline_since() == at(-30));
}

TEST_CASE("a refusal without PIN asks for the PIN; a refusal with PIN is final") {
    Session session;
    const auto first = session.scan_badge("B-2002", at(0));
    CHECK(session.apply_login_result(first->id, test::outcome(LoginOutcome::refused), at(1)) ==
          LoginApplied::pin_needed);
    CHECK(session.state() == SessionState::pin_needed);
    CHECK_FALSE(session.notice().empty());
    CHECK(session.seconds_until_logout(at(1)) == 120);  // the PIN pad times out too

    CHECK_FALSE(session.enter_pin("", at(2)).has_value());
    const auto second = session.enter_pin("4711", at(2));
    REQUIRE(second.has_value());
    CHECK(second->badge == "B-2002");
    CHECK(second->pin == "4711");
    CHECK(second->id != first->id);
    CHECK(session.state() == SessionState::logging_in);

    SUBCASE("right PIN") {
        CHECK(session.apply_login_result(second->id, test::online(profile("OP5", "P2")), at(3)) ==
              LoginApplied::logged_in);
        CHECK(session.profile()->operator_id == "OP5");
    }
    SUBCASE("wrong PIN") {
        CHECK(session.apply_login_result(second->id, test::outcome(LoginOutcome::refused), at(3)) ==
              LoginApplied::refused);
        CHECK(session.state() == SessionState::logged_out);
        CHECK(session.notice() == "notice.badge_refused");
        CHECK(session.profile() == nullptr);
    }
    SUBCASE("wrong PIN while offline") {
        CHECK(session.apply_login_result(second->id, test::outcome(LoginOutcome::offline_refused),
                                         at(3)) == LoginApplied::refused);
        CHECK(session.state() == SessionState::logged_out);
        CHECK(session.notice() == "notice.offline_refused");
        CHECK(session.profile() == nullptr);
    }
}

// R13: offline login only within the grace after an online login here. A badge the vault does
// not accept offline (unknown, or its grace over) gets the notice that says so at once — no PIN
// pad that could not help; a badge the vault knows with a PIN gets the pad.
TEST_CASE("offline refusal: the grace notice, or the PIN pad when a PIN can help") {
    Session session;
    const auto attempt = session.scan_badge("B-1001", at(0));
    REQUIRE(attempt.has_value());
    SUBCASE("unknown offline or grace over") {
        CHECK(session.apply_login_result(attempt->id, test::outcome(LoginOutcome::offline_refused),
                                         at(1)) == LoginApplied::refused);
        CHECK(session.state() == SessionState::logged_out);
        CHECK(session.notice() == "notice.offline_refused");
    }
    SUBCASE("known offline with a PIN") {
        LoginResult refused = test::outcome(LoginOutcome::offline_refused);
        refused.pin_may_help = true;
        CHECK(session.apply_login_result(attempt->id, refused, at(1)) == LoginApplied::pin_needed);
        CHECK(session.state() == SessionState::pin_needed);
        CHECK(session.notice() == "notice.badge_needs_pin");
    }
}

// R13: an offline session ends when its grace period does (its reports would be refused); an
// online session has no such end.
TEST_CASE("an offline session logs out at the end of its grace period, with a notice") {
    Session session({.idle_timeout = std::chrono::hours(24)});
    const auto attempt = session.scan_badge("B-1001", at(0));
    LoginResult offline = test::offline(profile("OP1", "P1"), at(0));
    offline.session->offline_until = at(90);
    REQUIRE(session.apply_login_result(attempt->id, offline, at(0)) == LoginApplied::logged_in);
    CHECK_FALSE(session.tick(at(90)));
    CHECK(session.state() == SessionState::logged_in);
    CHECK(session.tick(at(91)));
    CHECK(session.state() == SessionState::logged_out);
    CHECK(session.last_logout() == LogoutReason::offline_grace_over);
    CHECK(session.notice() == "notice.offline_grace_over");
    CHECK(session.profile() == nullptr);
}

// Issue #13: a 429 on login is the server's word — no PIN pad, no offline login, the wait shown.
TEST_CASE("a throttled login says how long to wait and asks for nothing") {
    Session session;
    const auto attempt = session.scan_badge("B-2002", at(0));
    LoginResult throttled = test::outcome(LoginOutcome::throttled);
    throttled.retry_after = std::chrono::seconds{16};
    CHECK(session.apply_login_result(attempt->id, throttled, at(1)) == LoginApplied::refused);
    CHECK(session.state() == SessionState::logged_out);
    CHECK(session.notice() == "notice.too_many_attempts");
    CHECK(session.notice_detail() == "16");
    CHECK(session.profile() == nullptr);
}

TEST_CASE("the app may open the PIN pad straight away, and the pad can be cancelled") {
    Session session;
    CHECK_FALSE(session.scan_badge("B-2002", at(0), true).has_value());
    CHECK(session.state() == SessionState::pin_needed);
    const auto attempt = session.enter_pin("1234", at(1));
    REQUIRE(attempt.has_value());
    CHECK(attempt->badge == "B-2002");
    CHECK(attempt->pin == "1234");
    Session other;
    CHECK_FALSE(other.scan_badge("B-2002", at(0), true).has_value());
    other.cancel_pin(at(1));
    CHECK(other.state() == SessionState::logged_out);
    CHECK_FALSE(other.enter_pin("4711", at(2)).has_value());
}

TEST_CASE("the PIN pad logs out when idle") {
    Session session;
    (void)session.scan_badge("B-2002", at(0), true);
    CHECK_FALSE(session.tick(at(119)));
    CHECK(session.tick(at(120)));
    CHECK(session.state() == SessionState::logged_out);
    CHECK_FALSE(session.enter_pin("4711", at(121)).has_value());
}

TEST_CASE("failures and stale results") {
    Session session;
    const auto attempt = session.scan_badge("B-1001", at(0));
    SUBCASE("stale id is ignored") {
        CHECK(session.apply_login_result(attempt->id + 7, test::online(profile("OP1", "P1")),
                                         at(1)) == LoginApplied::stale);
        CHECK(session.state() == SessionState::logging_in);
    }
    SUBCASE("not enrolled") {
        CHECK(session.apply_login_result(attempt->id, test::outcome(LoginOutcome::not_enrolled),
                                         at(1)) == LoginApplied::failed);
        CHECK(session.state() == SessionState::logged_out);
        CHECK_FALSE(session.notice().empty());
    }
    SUBCASE("store failed") {
        CHECK(session.apply_login_result(attempt->id, test::outcome(LoginOutcome::store_failed),
                                         at(1)) == LoginApplied::failed);
        CHECK(session.state() == SessionState::logged_out);
    }
    SUBCASE("online without a session is a failure") {
        CHECK(session.apply_login_result(attempt->id, test::outcome(LoginOutcome::online), at(1)) ==
              LoginApplied::failed);
    }
    SUBCASE("a result after logout is stale") {
        session.log_out();
        CHECK(session.apply_login_result(attempt->id, test::online(profile("OP1", "P1")), at(1)) ==
              LoginApplied::stale);
        CHECK(session.state() == SessionState::logged_out);
    }
    SUBCASE("a newer badge supersedes the older attempt") {
        const auto newer = session.scan_badge("B-1002", at(1));
        CHECK(session.apply_login_result(attempt->id, test::online(profile("OP1", "P1")), at(2)) ==
              LoginApplied::stale);
        CHECK(session.apply_login_result(newer->id, test::online(profile("OP2", "P1")), at(2)) ==
              LoginApplied::logged_in);
        CHECK(session.profile()->operator_id == "OP2");
    }
}

TEST_CASE("idle logout at exactly the timeout, count-down in the last 10 s") {
    Session session(SessionOptions{.idle_timeout = std::chrono::seconds{120}});
    test::log_in(session, profile("OP1", "P1"), at(0));
    CHECK(session.seconds_until_logout(at(0)) == 120);
    CHECK_FALSE(session.show_countdown(at(0)));
    CHECK_FALSE(session.show_countdown(at(109)));
    CHECK(session.seconds_until_logout(at(109)) == 11);
    CHECK(session.show_countdown(at(110)));  // exactly 10 s left
    CHECK(session.seconds_until_logout(at(110)) == 10);
    CHECK(session.seconds_until_logout(at(110) + std::chrono::milliseconds{500}) == 10);
    CHECK(session.show_countdown(at(119)));
    CHECK(session.seconds_until_logout(at(119)) == 1);
    CHECK_FALSE(session.tick(at(119)));
    CHECK(session.state() == SessionState::logged_in);
    CHECK_FALSE(session.tick(at(120) - std::chrono::milliseconds{1}));
    CHECK(session.seconds_until_logout(at(120)) == 0);
    CHECK_FALSE(session.show_countdown(at(120)));
    CHECK(session.tick(at(120)));
    CHECK(session.state() == SessionState::logged_out);
    CHECK(session.last_logout() == LogoutReason::idle);
    CHECK(session.profile() == nullptr);
    CHECK_FALSE(session.tick(at(121)));
}

TEST_CASE("activity resets the idle timer; configurable timeout") {
    Session session(SessionOptions{.idle_timeout = std::chrono::seconds{30},
                                   .countdown = std::chrono::seconds{5}});
    test::log_in(session, profile("OP1", "P1"), at(0));
    CHECK(session.show_countdown(at(26)));
    session.touch(at(26));
    CHECK_FALSE(session.show_countdown(at(26)));
    CHECK(session.seconds_until_logout(at(26)) == 30);
    CHECK_FALSE(session.tick(at(55)));
    session.touch(at(20));  // an older timestamp does not move the timer back
    CHECK(session.tick(at(56)));
}

TEST_CASE("R11: logging out clears everything of the partner") {
    Session session;
    test::log_in(session, profile("OP1", "P1"), at(0));
    const auto generation = session.generation();
    session.log_out();
    CHECK(session.state() == SessionState::logged_out);
    CHECK(session.operator_session() == nullptr);
    CHECK(session.profile() == nullptr);
    CHECK_FALSE(session.offline_since().has_value());
    CHECK(session.generation() == generation + 1);
    CHECK(session.last_logout() == LogoutReason::requested);
    session.log_out();  // no-op
    CHECK(session.generation() == generation + 1);
}

TEST_CASE("R11: another badge ends the current partner's session before logging in") {
    Session session;
    test::log_in(session, profile("OP1", "P1"), at(0));
    const auto generation = session.generation();
    const auto attempt = session.scan_badge("B-2001", at(5));
    CHECK(session.state() == SessionState::logging_in);
    CHECK(session.profile() == nullptr);  // nothing of P1 while the new login runs
    CHECK(session.generation() == generation + 1);
    CHECK(session.last_logout() == LogoutReason::replaced);
    SUBCASE("new partner") {
        CHECK(session.apply_login_result(attempt->id, test::online(profile("OP4", "P2")), at(6)) ==
              LoginApplied::logged_in);
        CHECK(session.profile()->partner_id == "P2");
        CHECK(session.generation() == generation + 2);
    }
    SUBCASE("refused: nobody is logged in") {
        (void)session.apply_login_result(attempt->id, test::outcome(LoginOutcome::refused), at(6));
        CHECK(session.state() == SessionState::pin_needed);
        CHECK(session.profile() == nullptr);
    }
}

TEST_CASE("the technician badge opens the technician state from anywhere") {
    Session session(
        SessionOptions{.technician_badge = [](std::string_view code) { return code == "TECH-1"; }});
    CHECK(session.is_technician_badge("TECH-1"));
    CHECK_FALSE(session.is_technician_badge("B-1001"));
    test::log_in(session, profile("OP1", "P1"), at(0));
    const auto generation = session.generation();
    CHECK_FALSE(session.scan_badge("TECH-1", at(1)).has_value());
    CHECK(session.state() == SessionState::technician);
    CHECK(session.profile() == nullptr);
    CHECK(session.generation() == generation + 2);  // P1 ended, technician began
    CHECK(session.seconds_until_logout(at(1)) == 120);
    CHECK(session.tick(at(121)));
    CHECK(session.state() == SessionState::logged_out);

    Session without;  // no technician badge configured: nothing is one
    CHECK_FALSE(without.is_technician_badge(""));
    CHECK(without.scan_badge("TECH-1", at(0)).has_value());
}

TEST_CASE("relogin results") {
    Session session;
    const auto attempt = session.scan_badge("B-1001", at(0));
    (void)session.apply_login_result(attempt->id, test::offline(profile("OP1", "P1"), at(0)),
                                     at(0));
    REQUIRE(session.offline());
    SUBCASE("still unreachable: unchanged") {
        session.apply_relogin_result(test::outcome(LoginOutcome::offline_refused));
        CHECK(session.offline());
    }
    SUBCASE("back online") {
        const auto generation = session.generation();
        session.apply_relogin_result(test::online(profile("OP1", "P1")));
        CHECK(session.state() == SessionState::logged_in);
        CHECK_FALSE(session.offline());
        CHECK(session.generation() == generation);
    }
    SUBCASE("refused ends the session") {
        session.apply_relogin_result(test::outcome(LoginOutcome::refused));
        CHECK(session.state() == SessionState::logged_out);
        CHECK(session.last_logout() == LogoutReason::session_refused);
    }
    SUBCASE("moved to another partner ends the session") {
        session.apply_relogin_result(test::online(profile("OP1", "P9")));
        CHECK(session.state() == SessionState::logged_out);
        CHECK(session.profile() == nullptr);
    }
}

}  // namespace
}  // namespace pt::app
