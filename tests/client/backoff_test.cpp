// The backoff schedule (sync/client/backoff.h): bounds, growth, cap, full jitter, Retry-After.
#include "sync/client/backoff.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <random>

namespace pt::client {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

/// A UnitRandom that always returns `value`.
UnitRandom constant(double value) {
    return [value] { return value; };
}

/// A seeded UnitRandom, so a failing distribution check can be reproduced.
UnitRandom seeded(std::uint64_t seed) {
    return [engine = std::mt19937_64(seed),
            distribution = std::uniform_real_distribution<double>(0.0, 1.0)]() mutable {
        return distribution(engine);
    };
}

TEST_CASE("backoff ceiling doubles from base up to the cap, then stays there") {
    const BackoffPolicy policy{.base = milliseconds(100), .cap = milliseconds(10'000)};
    const std::array<long, 10> expected = {100,  200,  400,    800,    1600,
                                           3200, 6400, 10'000, 10'000, 10'000};
    for (unsigned attempt = 0; attempt < expected.size(); ++attempt) {
        CAPTURE(attempt);
        CHECK(backoff_ceiling(attempt, policy) == milliseconds(expected[attempt]));
    }
    // No overflow however long the outage lasts.
    CHECK(backoff_ceiling(64, policy) == milliseconds(10'000));
    CHECK(backoff_ceiling(std::numeric_limits<unsigned>::max(), policy) == milliseconds(10'000));
    const BackoffPolicy huge{.base = milliseconds(1),
                             .cap = milliseconds(std::numeric_limits<milliseconds::rep>::max())};
    CHECK(backoff_ceiling(62, huge) == milliseconds(std::int64_t{1} << 62));
    CHECK(backoff_ceiling(200, huge) == huge.cap);
}

TEST_CASE("backoff ceiling: exact min(cap, base*2^n) when the cap is not a power of two") {
    const BackoffPolicy policy{.base = milliseconds(1), .cap = milliseconds(5)};
    CHECK(backoff_ceiling(0, policy) == milliseconds(1));
    CHECK(backoff_ceiling(1, policy) == milliseconds(2));
    CHECK(backoff_ceiling(2, policy) == milliseconds(4));
    CHECK(backoff_ceiling(3, policy) == milliseconds(5));
}

TEST_CASE("backoff ceiling: degenerate policies") {
    CHECK(backoff_ceiling(3, {.base = milliseconds(0), .cap = milliseconds(100)}) ==
          milliseconds(0));
    CHECK(backoff_ceiling(0, {.base = milliseconds(500), .cap = milliseconds(100)}) ==
          milliseconds(100));
    CHECK(backoff_ceiling(0, {.base = milliseconds(-5), .cap = milliseconds(100)}) ==
          milliseconds(0));
}

TEST_CASE("full jitter covers 0 ... ceiling, both ends included") {
    CHECK(full_jitter(milliseconds(1000), 0.0) == milliseconds(0));
    CHECK(full_jitter(milliseconds(1000), std::nextafter(1.0, 0.0)) == milliseconds(1000));
    CHECK(full_jitter(milliseconds(1000), 0.5) == milliseconds(500));
    CHECK(full_jitter(milliseconds(0), 0.7) == milliseconds(0));
    // Out-of-range random numbers are clamped, never escape the bounds.
    CHECK(full_jitter(milliseconds(1000), -3.0) == milliseconds(0));
    CHECK(full_jitter(milliseconds(1000), 1.0) == milliseconds(1000));
    CHECK(full_jitter(milliseconds(1000), 42.0) == milliseconds(1000));
    CHECK(full_jitter(milliseconds(1000), std::nan("")) == milliseconds(0));
}

TEST_CASE("full jitter is uniform over the whole range (not 'equal jitter')") {
    const UnitRandom random = seeded(20261123);
    const milliseconds ceiling(999);
    constexpr int kSamples = 100'000;
    std::array<int, 10> buckets{};
    double sum = 0;
    milliseconds low = ceiling;
    milliseconds high(0);
    for (int i = 0; i < kSamples; ++i) {
        const milliseconds delay = full_jitter(ceiling, random());
        REQUIRE(delay >= milliseconds(0));
        REQUIRE(delay <= ceiling);
        sum += static_cast<double>(delay.count());
        low = std::min(low, delay);
        high = std::max(high, delay);
        ++buckets[static_cast<std::size_t>(delay.count() / 100)];
    }
    CHECK(sum / kSamples == doctest::Approx(499.5).epsilon(0.01));
    CHECK(low < milliseconds(10));    // reaches down to (almost) zero …
    CHECK(high > milliseconds(990));  // … and up to the ceiling
    // Chi-square over 10 equal buckets, 9 degrees of freedom: 27.9 is the 0.1 % critical value.
    double chi_square = 0;
    for (const int count : buckets) {
        const double expected = kSamples / 10.0;
        chi_square += (count - expected) * (count - expected) / expected;
    }
    CHECK(chi_square < 27.9);
}

TEST_CASE("retry delay: jitter under the growing ceiling") {
    const BackoffPolicy policy{.base = milliseconds(100), .cap = milliseconds(3000)};
    const UnitRandom top = constant(std::nextafter(1.0, 0.0));
    CHECK(retry_delay(0, policy, top) == milliseconds(100));
    CHECK(retry_delay(1, policy, top) == milliseconds(200));
    CHECK(retry_delay(4, policy, top) == milliseconds(1600));
    CHECK(retry_delay(5, policy, top) == milliseconds(3000));
    CHECK(retry_delay(30, policy, top) == milliseconds(3000));
    CHECK(retry_delay(30, policy, constant(0.0)) == milliseconds(0));
    const UnitRandom random = seeded(7);
    for (unsigned attempt = 0; attempt < 40; ++attempt) {
        const milliseconds delay = retry_delay(attempt, policy, random);
        CHECK(delay >= milliseconds(0));
        CHECK(delay <= backoff_ceiling(attempt, policy));
    }
}

TEST_CASE("retry delay: Retry-After is a floor, never shortened by jitter") {
    const BackoffPolicy policy{
        .base = milliseconds(100), .cap = milliseconds(60'000), .max_retry_after = seconds(3600)};
    const UnitRandom random = seeded(99);
    for (unsigned attempt = 0; attempt < 20; ++attempt) {
        CHECK(retry_delay(attempt, policy, random, seconds(30)) >= seconds(30));
    }
    // When the jitter is longer, the jitter counts.
    CHECK(retry_delay(10, policy, constant(std::nextafter(1.0, 0.0)), seconds(1)) ==
          milliseconds(60'000));
    CHECK(retry_delay(0, policy, constant(0.0), seconds(0)) == milliseconds(0));
    // An absurd Retry-After is limited by the policy (a broken proxy must not silence us).
    CHECK(retry_delay(0, policy, constant(0.0), seconds(86'400 * 30)) == seconds(3600));
}

TEST_CASE("retry gate: counts failures, schedules, honours Retry-After, resets on success") {
    using Time = RetryGate::Time;
    const Time t0{std::chrono::hours(1)};
    RetryGate gate({.base = milliseconds(100), .cap = milliseconds(1000)},
                   constant(std::nextafter(1.0, 0.0)));
    CHECK(gate.failures() == 0);
    CHECK(gate.earliest_attempt() == Time::min());
    CHECK(gate.not_before() == Time::min());

    CHECK(gate.record_failure(t0) == milliseconds(100));
    CHECK(gate.failures() == 1);
    CHECK(gate.earliest_attempt() == t0 + milliseconds(100));
    CHECK(gate.not_before() == Time::min());
    CHECK(gate.record_failure(t0) == milliseconds(200));
    CHECK(gate.record_failure(t0) == milliseconds(400));
    CHECK(gate.record_failure(t0) == milliseconds(800));
    CHECK(gate.record_failure(t0) == milliseconds(1000));
    CHECK(gate.record_failure(t0) == milliseconds(1000));
    CHECK(gate.failures() == 6);

    // Retry-After beyond the backoff: both the automatic and the explicit attempts wait.
    CHECK(gate.record_failure(t0, seconds(5)) == seconds(5));
    CHECK(gate.earliest_attempt() == t0 + seconds(5));
    CHECK(gate.not_before() == t0 + seconds(5));

    gate.record_success();
    CHECK(gate.failures() == 0);
    CHECK(gate.earliest_attempt() == Time::min());
    CHECK(gate.not_before() == Time::min());
    CHECK(gate.record_failure(t0) == milliseconds(100));  // starts again from base
}

TEST_CASE("make_unit_random draws from [0, 1) and differs between instances") {
    UnitRandom a = make_unit_random();
    UnitRandom b = make_unit_random();
    bool differ = false;
    for (int i = 0; i < 100; ++i) {
        const double x = a();
        const double y = b();
        CHECK(x >= 0.0);
        CHECK(x < 1.0);
        differ = differ || x != y;
    }
    CHECK(differ);
}

}  // namespace
}  // namespace pt::client
