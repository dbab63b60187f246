#include "sync/client/backoff.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace pt::client {

using std::chrono::milliseconds;

UnitRandom make_unit_random() {
    std::random_device device;
    // std::random_device may be deterministic on odd platforms; mixing in the time keeps two
    // terminals that boot the same image from drawing the same delays.
    const auto time_seed =
        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    std::seed_seq seed{device(), device(), static_cast<unsigned>(time_seed),
                       static_cast<unsigned>(time_seed >> 32)};
    return [engine = std::mt19937_64(seed),
            distribution = std::uniform_real_distribution<double>(0.0, 1.0)]() mutable {
        return distribution(engine);
    };
}

milliseconds backoff_ceiling(unsigned attempt, const BackoffPolicy& policy) noexcept {
    const milliseconds cap = std::max(policy.cap, milliseconds(0));
    if (policy.base <= milliseconds(0)) return milliseconds(0);
    if (policy.base >= cap) return cap;
    // Doubling stops as soon as the next step would pass the cap, so it never overflows and
    // runs at most ~40 times whatever `attempt` is.
    milliseconds ceiling = policy.base;
    for (unsigned i = 0; i < attempt; ++i) {
        if (ceiling > cap / 2) return cap;
        ceiling *= 2;
    }
    return std::min(ceiling, cap);
}

milliseconds full_jitter(milliseconds ceiling, double unit) noexcept {
    if (ceiling <= milliseconds(0)) return milliseconds(0);
    if (!(unit >= 0.0)) unit = 0.0;  // also catches NaN
    if (unit >= 1.0) unit = std::nextafter(1.0, 0.0);
    // ceiling + 1 equally likely whole-millisecond values 0 … ceiling.
    const double slots = static_cast<double>(ceiling.count()) + 1.0;
    const auto value = static_cast<milliseconds::rep>(std::floor(unit * slots));
    return std::min(milliseconds(value), ceiling);
}

milliseconds retry_delay(unsigned attempt, const BackoffPolicy& policy, const UnitRandom& random,
                         std::optional<std::chrono::seconds> retry_after) {
    const milliseconds jittered = full_jitter(backoff_ceiling(attempt, policy), random());
    if (!retry_after) return jittered;
    const milliseconds floor = std::min(*retry_after, policy.max_retry_after);
    return std::max(jittered, floor);
}

RetryGate::RetryGate(BackoffPolicy policy, UnitRandom random)
    : policy_(policy), random_(std::move(random)) {}

milliseconds RetryGate::record_failure(Time now, std::optional<std::chrono::seconds> retry_after) {
    const milliseconds delay = retry_delay(failures_, policy_, random_, retry_after);
    if (failures_ < 64) ++failures_;  // the ceiling stopped growing long before this
    earliest_ = now + delay;
    not_before_ = retry_after ? now + std::min<milliseconds>(*retry_after, policy_.max_retry_after)
                              : Time::min();
    return delay;
}

void RetryGate::record_success() noexcept {
    failures_ = 0;
    earliest_ = Time::min();
    not_before_ = Time::min();
}

}  // namespace pt::client
