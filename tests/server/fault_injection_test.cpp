// The fault mode's parts without HTTP: the SPEC parser and the seeded decision source
// (sync/server/fault_injection.h; the transport drops and cuts connections itself).
#include "sync/server/fault_injection.h"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

namespace pt::server {
namespace {

/// The message of the FaultSpecError that parsing `spec` throws (fails the test if none).
std::string parse_error(const std::string& spec) {
    try {
        (void)parse_fault_spec(spec);
    } catch (const FaultSpecError& e) {
        return e.what();
    }
    FAIL("no error for '", spec, "'");
    return {};
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("a full SPEC parses into every probability and parameter") {
    const FaultSpec spec = parse_fault_spec(
        "drop_before=0.05,drop_after=0.05,delay=0.1:200ms,status500=0.05,"
        "status503=0.05:retry_after=3,truncate=0.05");
    CHECK(spec.drop_before == doctest::Approx(0.05));
    CHECK(spec.drop_after == doctest::Approx(0.05));
    CHECK(spec.delay == doctest::Approx(0.1));
    CHECK(spec.delay_duration == std::chrono::milliseconds(200));
    CHECK(spec.status500 == doctest::Approx(0.05));
    CHECK(spec.status503 == doctest::Approx(0.05));
    CHECK(spec.retry_after == std::chrono::seconds(3));
    CHECK(spec.truncate == doctest::Approx(0.05));
}

TEST_CASE("SPEC details: defaults, units, spaces, edge probabilities") {
    SUBCASE("one fault; the others stay 0") {
        const FaultSpec spec = parse_fault_spec("drop_after=1");
        CHECK(spec.drop_after == 1.0);
        CHECK(spec.drop_before == 0.0);
        CHECK(spec.truncate == 0.0);
    }
    SUBCASE("503 without a parameter says Retry-After: 1") {
        CHECK(parse_fault_spec("status503=0.5").retry_after == std::chrono::seconds(1));
        CHECK(parse_fault_spec("status503=0.5:retry_after=0").retry_after ==
              std::chrono::seconds(0));
    }
    SUBCASE("durations in ms and s") {
        CHECK(parse_fault_spec("delay=1:2s").delay_duration == std::chrono::milliseconds(2000));
        CHECK(parse_fault_spec("delay=1:0ms").delay_duration == std::chrono::milliseconds(0));
    }
    SUBCASE("spaces around items and values") {
        const FaultSpec spec = parse_fault_spec(" drop_before = 0.25 , status500=.25 ");
        CHECK(spec.drop_before == 0.25);
        CHECK(spec.status500 == 0.25);
    }
    SUBCASE("probabilities may sum to exactly 1") {
        const FaultSpec spec = parse_fault_spec("drop_before=0.3,drop_after=0.3,truncate=0.4");
        CHECK(spec.truncate == doctest::Approx(0.4));
    }
    SUBCASE("to_string parses back to the same spec") {
        const FaultSpec spec =
            parse_fault_spec("delay=0.125:250ms,status503=0.5:retry_after=9,truncate=0.25");
        const FaultSpec again = parse_fault_spec(spec.to_string());
        CHECK(again.delay == spec.delay);
        CHECK(again.delay_duration == spec.delay_duration);
        CHECK(again.status503 == spec.status503);
        CHECK(again.retry_after == spec.retry_after);
        CHECK(again.truncate == spec.truncate);
    }
}

TEST_CASE("a bad SPEC is refused with a message naming the bad item") {
    CHECK(contains(parse_error(""), "empty"));
    CHECK(contains(parse_error("drop_after=0.1,,truncate=0.1"), "empty item"));
    CHECK(contains(parse_error("drop_after=0.1,explode=0.1"), "'explode=0.1'"));
    CHECK(contains(parse_error("drop_after=0.1,explode=0.1"), "unknown fault"));
    CHECK(contains(parse_error("drop_after"), "'drop_after'"));
    CHECK(contains(parse_error("drop_after=0.1,drop_after=0.2"), "given twice"));
    CHECK(contains(parse_error("truncate=1.5"), "'truncate=1.5'"));
    CHECK(contains(parse_error("truncate=-0.1"), "from 0 to 1"));
    CHECK(contains(parse_error("truncate=abc"), "from 0 to 1"));
    CHECK(contains(parse_error("truncate=0.1x"), "from 0 to 1"));
    CHECK(contains(parse_error("truncate="), "from 0 to 1"));
    CHECK(contains(parse_error("truncate=nan"), "from 0 to 1"));
    CHECK(contains(parse_error("truncate=1e-1"), "from 0 to 1"));
    CHECK(contains(parse_error("delay=0.1"), "'delay=0.1'"));
    CHECK(contains(parse_error("delay=0.1"), "needs a duration"));
    CHECK(contains(parse_error("delay=0.1:200"), "like 200ms"));
    CHECK(contains(parse_error("delay=0.1:fast"), "like 200ms"));
    CHECK(contains(parse_error("delay=0.1:-5ms"), "like 200ms"));
    CHECK(contains(parse_error("delay=0.1:2h"), "like 200ms"));
    CHECK(contains(parse_error("status503=0.1:retry=3"), "retry_after=SECONDS"));
    CHECK(contains(parse_error("status503=0.1:retry_after=x"), "retry_after=SECONDS"));
    CHECK(contains(parse_error("status500=0.1:5"), "takes no parameter"));
    CHECK(contains(parse_error("drop_before=0.6,drop_after=0.6"), "add up to 1.2"));
}

TEST_CASE("the decision source is seeded and follows the probabilities") {
    const FaultSpec spec = parse_fault_spec(
        "drop_before=0.1,drop_after=0.1,delay=0.1:1ms,status500=0.1,status503=0.1,truncate=0.1");

    SUBCASE("the same seed gives the same faults, another seed other faults") {
        FaultInjector a(spec, 42);
        FaultInjector b(spec, 42);
        FaultInjector c(spec, 43);
        std::vector<Fault> from_a;
        std::vector<Fault> from_b;
        std::vector<Fault> from_c;
        for (int i = 0; i < 200; ++i) {
            from_a.push_back(a.next());
            from_b.push_back(b.next());
            from_c.push_back(c.next());
        }
        CHECK(from_a == from_b);
        CHECK(from_a != from_c);
        CHECK(a.seed() == 42);
    }
    SUBCASE("each fault comes about as often as its probability says") {
        FaultInjector injector(spec, 7);
        std::map<Fault, int> counts;
        constexpr int kDraws = 60'000;
        for (int i = 0; i < kDraws; ++i)
            ++counts[injector.next()];
        for (const Fault fault : {Fault::drop_before, Fault::drop_after, Fault::delay,
                                  Fault::status500, Fault::status503, Fault::truncate}) {
            INFO(fault_name(fault));
            CHECK(counts[fault] == doctest::Approx(kDraws * 0.1).epsilon(0.08));
        }
        CHECK(counts[Fault::none] == doctest::Approx(kDraws * 0.4).epsilon(0.05));
    }
    SUBCASE("probability 1 always, 0 never") {
        FaultInjector always(parse_fault_spec("truncate=1"), 1);
        FaultInjector never(parse_fault_spec("truncate=0"), 1);
        for (int i = 0; i < 1000; ++i) {
            REQUIRE(always.next() == Fault::truncate);
            REQUIRE(never.next() == Fault::none);
        }
    }
}

}  // namespace pt::server
