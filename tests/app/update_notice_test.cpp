#include "firmware/app/update_notice.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace pt::app {
namespace {

using std::chrono::minutes;
const auto kNow = std::chrono::system_clock::time_point{} + std::chrono::hours(24 * 20000);

TEST_CASE("each state names its detail and stays for its own time") {
    const auto installing = parse_update_notice("installing 0.2.0", kNow);
    REQUIRE(installing.ok);
    REQUIRE(installing.notice);
    CHECK(installing.notice->state == UpdateState::installing);
    CHECK(installing.notice->detail == "0.2.0");
    CHECK(installing.notice->until == kNow + minutes(30));

    const auto current = parse_update_notice("current  0.1.0 ", kNow);
    REQUIRE(current.notice);
    CHECK(current.notice->state == UpdateState::current);
    CHECK(current.notice->detail == "0.1.0");
    CHECK(current.notice->until == kNow + minutes(1));

    const auto failed = parse_update_notice("failed  older 0.1.0 0.2.0", kNow);
    REQUIRE(failed.notice);
    CHECK(failed.notice->state == UpdateState::failed);
    CHECK(failed.notice->detail == "older 0.1.0 0.2.0");
    CHECK(failed.notice->until == kNow + minutes(10));
    CHECK(name_of(UpdateState::failed) == "failed");
    const auto failure = failure_of(*failed.notice);
    REQUIRE(failure);
    CHECK(failure->reason == "older");
    CHECK(failure->arguments == std::vector<std::string>{"0.1.0", "0.2.0"});
    CHECK_FALSE(failure_of(*installing.notice));
}

// The kiosk words the reason in its own language: update-from-stick sends a key, never English
// text (a German kiosk showed "version 0~older is older than …").
TEST_CASE("a refusal names a known reason with exactly its arguments") {
    for (const char* good :
         {"failed not_fat", "failed bundle_count 2", "failed not_signed", "failed failed_before",
          "failed version_unknown", "failed no_version", "failed older 0~older 0.1.0",
          "failed cannot_ask", "failed not_confirmed", "failed write_failed 0.2.0"}) {
        CAPTURE(good);
        CHECK(parse_update_notice(good, kNow).ok);
    }
    for (const char* bad :
         {"failed signature not trusted (self-signed)", "failed older 0.1.0", "failed not_fat now",
          "failed bundle_count", "failed NOT_FAT", "failed older 0.1.0 {}",
          "failed write_failed \xC3\xA4", "failed bundle_count 2;rm"}) {
        CAPTURE(bad);
        const auto parsed = parse_update_notice(bad, kNow);
        CHECK_FALSE(parsed.ok);
        CHECK(parsed.error.starts_with("failed needs a known reason"));
    }
    CHECK_FALSE(
        parse_update_notice("failed older " + std::string(kMaxUpdateDetail, '1') + " 1", kNow).ok);
}

TEST_CASE("clear takes the notice away") {
    const auto clear = parse_update_notice("clear", kNow);
    CHECK(clear.ok);
    CHECK_FALSE(clear.notice);
    CHECK_FALSE(parse_update_notice("clear now", kNow).ok);
}

TEST_CASE("a line that is not a notice is refused with a reason, never shown") {
    for (const char* bad : {"", "installing", "failed   ", "rebooting 0.2.0", "INSTALLING 1",
                            "installing 0.2.0\n", "failed a\x1b[2Jb", "current \x7f"}) {
        CAPTURE(bad);
        const auto parsed = parse_update_notice(bad, kNow);
        CHECK_FALSE(parsed.ok);
        CHECK_FALSE(parsed.notice);
        CHECK_FALSE(parsed.error.empty());
    }
    CHECK(parse_update_notice("failed ", kNow).error == "failed needs a reason");
    CHECK(parse_update_notice("current", kNow).error == "current needs a version");
    CHECK(parse_update_notice("installing", kNow).error == "installing needs a version");
}

TEST_CASE("a version is one word of Debian's version alphabet, and not too long") {
    CHECK(parse_update_notice("installing 1:0.2.0~rc1+b2-3", kNow).ok);
    for (const std::string& bad :
         {std::string("installing 0.2.0 now"), std::string("current \xC3\xA4"),
          std::string("confirm 0.2.0;reboot"), std::string("installing {}"),
          "installing " + std::string(kMaxUpdateDetail + 1, '1')}) {
        CAPTURE(bad);
        const auto parsed = parse_update_notice(bad, kNow);
        CHECK_FALSE(parsed.ok);
        CHECK(parsed.error.find("needs one version") != std::string::npos);
    }
}

// Issue 13 item 5: plugging a stick in is not enough; a technician confirms on the kiosk.
TEST_CASE("a bundle waits a minute for the technician badge, counting down") {
    const auto parsed = parse_update_notice("confirm 0.2.0", kNow);
    REQUIRE(parsed.notice);
    CHECK(parsed.notice->state == UpdateState::confirm);
    CHECK(parsed.notice->detail == "0.2.0");
    CHECK(parsed.notice->until == kNow + minutes(1));
    CHECK(seconds_left(*parsed.notice, kNow) == 60);
    CHECK(seconds_left(*parsed.notice, kNow + std::chrono::milliseconds(59'001)) == 1);
    CHECK(seconds_left(*parsed.notice, kNow + minutes(1)) == 0);

    std::optional<UpdateNotice> notice = parsed.notice;
    const auto at = kNow + std::chrono::seconds(20);
    CHECK(confirm_update(notice, at));
    REQUIRE(notice);
    CHECK(notice->state == UpdateState::confirmed);
    CHECK(notice->detail == "0.2.0");
    CHECK(notice->until == at + minutes(5));
    CHECK_FALSE(confirm_update(notice, at));  // once
}

TEST_CASE("walking away cancels: a lapsed, missing or other notice is not confirmed") {
    std::optional<UpdateNotice> lapsed = parse_update_notice("confirm 0.2.0", kNow).notice;
    CHECK_FALSE(confirm_update(lapsed, kNow + minutes(1)));
    CHECK(lapsed->state == UpdateState::confirm);

    std::optional<UpdateNotice> none;
    CHECK_FALSE(confirm_update(none, kNow));
    CHECK_FALSE(none);

    for (const char* line : {"installing 0.2.0", "current 0.1.0", "failed not_signed"}) {
        CAPTURE(line);
        std::optional<UpdateNotice> other = parse_update_notice(line, kNow).notice;
        const UpdateState before = other->state;
        CHECK_FALSE(confirm_update(other, kNow));
        CHECK(other->state == before);
    }
}

TEST_CASE("only the technician badge confirms: `confirmed` is not a control line") {
    const auto parsed = parse_update_notice("confirmed 0.2.0", kNow);
    CHECK_FALSE(parsed.ok);
    CHECK_FALSE(parsed.notice);
    CHECK(parsed.error == "expected confirm, installing, current, failed or clear");
    CHECK(parse_update_notice("confirm", kNow).error == "confirm needs a version");
}

}  // namespace
}  // namespace pt::app
