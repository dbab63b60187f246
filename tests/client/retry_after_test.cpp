// Retry-After parsing (sync/client/retry_after.h): delay-seconds and the three HTTP-date forms.
#include "sync/client/retry_after.h"

#include <doctest/doctest.h>

namespace pt::client {
namespace {

using namespace std::chrono;

// 1994-11-06 08:49:37 UTC, the example of RFC 9110.
const sys_seconds kExample =
    sys_days{year{1994} / November / 6} + hours(8) + minutes(49) + seconds(37);

TEST_CASE("Retry-After: delay-seconds") {
    const auto now = system_clock::now();
    CHECK(parse_retry_after("120", now) == seconds(120));
    CHECK(parse_retry_after("0", now) == seconds(0));
    CHECK(parse_retry_after("  7 \t", now) == seconds(7));
    CHECK(parse_retry_after("0007", now) == seconds(7));
    CHECK(parse_retry_after("99999999999999999999999999", now) == kRetryAfterSaturation);
}

TEST_CASE("Retry-After: malformed values are ignored") {
    const auto now = system_clock::now();
    for (const char* bad : {"", " ", "-1", "+5", "1.5", "5s", "abc", "1 2", "0x10",
                            "Sun, 06 Nov 1994 08:49:37", "Sun, 31 Feb 2026 08:49:37 GMT",
                            "Sun, 06 Nov 1994 25:00:00 GMT", "Sun, 6 Nov 1994 08:49:37 GMT"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_retry_after(bad, now).has_value());
    }
}

TEST_CASE("HTTP-date: the three forms of RFC 9110") {
    CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == kExample);
    CHECK(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == kExample);
    CHECK(parse_http_date("Sun Nov  6 08:49:37 1994") == kExample);
    CHECK(parse_http_date("Thu Nov 26 08:49:37 2026") ==
          sys_days{year{2026} / November / 26} + hours(8) + minutes(49) + seconds(37));
    CHECK(parse_http_date("Tuesday, 01-Dec-26 00:00:00 GMT") == sys_days{year{2026} / 12 / 1});
    CHECK_FALSE(parse_http_date("06 Nov 1994 08:49:37 GMT").has_value());
    CHECK_FALSE(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT trailing").has_value());
}

TEST_CASE("Retry-After: an HTTP-date is the time left until it, zero when past") {
    const system_clock::time_point now = kExample - seconds(90);
    CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now) == seconds(90));
    // Part of a second left rounds up: never retry earlier than the date.
    CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now + milliseconds(500)) ==
          seconds(90));
    CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", kExample + hours(1)) == seconds(0));
    CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", kExample - days(3650)) ==
          kRetryAfterSaturation);
}

// Found by fuzz_retry_after: a date after 2262 overflowed the nanosecond difference (UBSan,
// signed overflow); it fails before the fix in the sanitizer build.
TEST_CASE("Retry-After: a date far in the future saturates, without overflow") {
    CHECK(parse_retry_after("Sun Nov  6 08:49:37 7854", kExample) == kRetryAfterSaturation);
    CHECK(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", kExample) == kRetryAfterSaturation);
    CHECK(parse_retry_after("Sat, 01 Jan 0000 00:00:00 GMT", kExample) == seconds(0));
}

}  // namespace
}  // namespace pt::client
