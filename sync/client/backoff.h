// When to try again after a transient failure (product.md §5, back-pressure): exponential
// backoff with FULL jitter — a delay drawn uniformly from [0, min(cap, base·2^n)] — so a fleet
// of terminals that lost the server at the same moment does not come back in lock-step, and
// never earlier than the server's Retry-After. The schedule is pure (delay from attempt, policy
// and a random number); RetryGate adds the little state the sync engine keeps between attempts.
#pragma once

#include <chrono>
#include <functional>
#include <optional>

namespace pt::client {

struct BackoffPolicy {
    /// The ceiling of the first retry; doubles with every further consecutive failure.
    std::chrono::milliseconds base{1000};
    /// The largest ceiling (full jitter keeps the average delay at half of it).
    std::chrono::milliseconds cap{std::chrono::minutes(5)};
    /// A Retry-After above this is read as this: a misconfigured proxy must not silence a
    /// terminal for days (the operators' reports would wait all that time).
    std::chrono::seconds max_retry_after{std::chrono::hours(1)};
};

/// A source of uniformly distributed numbers in [0, 1). Not thread-safe: one per thread.
using UnitRandom = std::function<double()>;

/// A UnitRandom on a std::mt19937_64 seeded from std::random_device (never fails).
[[nodiscard]] UnitRandom make_unit_random();

/// min(cap, base·2^attempt) for attempt 0, 1, 2 …, without overflow for any attempt; a zero or
/// negative base gives zero, a cap below base gives cap.
[[nodiscard]] std::chrono::milliseconds backoff_ceiling(unsigned attempt,
                                                        const BackoffPolicy& policy) noexcept;

/// Full jitter: `unit` ∈ [0, 1) mapped uniformly onto the whole milliseconds 0 … ceiling (both
/// ends included). A `unit` outside [0, 1) is clamped into it.
[[nodiscard]] std::chrono::milliseconds full_jitter(std::chrono::milliseconds ceiling,
                                                    double unit) noexcept;

/// The delay before retry number `attempt` (0 after the first failure): full jitter over
/// backoff_ceiling(), but never less than `retry_after` (itself capped at
/// policy.max_retry_after). Calls `random` once.
[[nodiscard]] std::chrono::milliseconds retry_delay(
    unsigned attempt, const BackoffPolicy& policy, const UnitRandom& random,
    std::optional<std::chrono::seconds> retry_after = std::nullopt);

/// The sync engine's retry state: how many attempts failed in a row and until when automatic
/// attempts wait. Plain data on the engine thread (no lock); time comes in from the caller, so
/// tests drive it with a fake clock.
class RetryGate {
public:
    using Time = std::chrono::steady_clock::time_point;

    explicit RetryGate(BackoffPolicy policy = {}, UnitRandom random = make_unit_random());

    /// A transient failure at `now`: schedules the next attempt with retry_delay() for the
    /// current failure count (then counts it). Returns the delay chosen.
    std::chrono::milliseconds record_failure(
        Time now, std::optional<std::chrono::seconds> retry_after = std::nullopt);
    /// A success: the next failure starts again from `base`, and nothing waits.
    void record_success() noexcept;

    /// Failures in a row since the last success.
    [[nodiscard]] unsigned failures() const noexcept { return failures_; }
    /// No automatic attempt (timer, new event) before this; Time::min() when healthy.
    [[nodiscard]] Time earliest_attempt() const noexcept { return earliest_; }
    /// Not even an explicit request (sync now, a new login) before this: the server's
    /// Retry-After. Time::min() when it gave none.
    [[nodiscard]] Time not_before() const noexcept { return not_before_; }
    /// The policy the gate schedules with.
    [[nodiscard]] const BackoffPolicy& policy() const noexcept { return policy_; }

private:
    BackoffPolicy policy_;
    UnitRandom random_;
    unsigned failures_ = 0;
    Time earliest_ = Time::min();
    Time not_before_ = Time::min();
};

}  // namespace pt::client
