#include "sync/plan/time.h"

#include <doctest/doctest.h>

using namespace pt::plan;

TEST_CASE("RFC 3339 round trip in UTC") {
    const auto t = parse_rfc3339("2026-11-23T06:00:00Z");
    REQUIRE(t);
    CHECK(format_rfc3339(*t) == "2026-11-23T06:00:00Z");
    CHECK(t->time_since_epoch().count() == 1795413600);
}

TEST_CASE("RFC 3339 offsets and fractions normalise to UTC") {
    CHECK(format_rfc3339(*parse_rfc3339("2026-11-23T08:30:00+02:00")) == "2026-11-23T06:30:00Z");
    CHECK(format_rfc3339(*parse_rfc3339("2026-11-23T01:00:00-05:30")) == "2026-11-23T06:30:00Z");
    CHECK(format_rfc3339(*parse_rfc3339("2026-11-23T06:00:00.987Z")) == "2026-11-23T06:00:00Z");
    CHECK(format_rfc3339(*parse_rfc3339("1999-12-31T23:59:59Z")) == "1999-12-31T23:59:59Z");
}

TEST_CASE("RFC 3339 rejects what it is not") {
    for (const char* bad :
         {"", "2026-11-23", "2026-11-23T06:00:00", "2026-02-30T06:00:00Z", "2026-11-23T24:00:00Z",
          "2026-11-23 06:00:00Z", "2026-11-23T06:00:00Zx", "2026-11-23T06:00:00+0200",
          "2026-13-01T00:00:00Z", "abcd-ef-ghTij:kl:mnZ", "2026-11-23T06:00:00.Z",
          "2026-11-23T06:61:00Z"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_rfc3339(bad));
    }
}
