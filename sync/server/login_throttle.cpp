#include "sync/server/login_throttle.h"

#include <algorithm>

namespace pt::server {
namespace {

/// min(900, 2^(n−4)) seconds for n ≥ 5 failures.
std::chrono::seconds block_for(std::size_t failures) {
    const std::size_t exponent = std::min<std::size_t>(failures - 4, 10);  // 2^10 > 900
    return std::min(std::chrono::seconds(std::int64_t{1} << exponent),
                    LoginThrottle::kLongestBlock);
}

}  // namespace

std::size_t LoginThrottle::failures(const std::string& terminal_id, plan::Timestamp now) {
    const auto it = failures_.find(terminal_id);
    if (it == failures_.end()) return 0;
    auto& times = it->second;
    while (!times.empty() && now - times.front() >= kWindow)
        times.pop_front();
    if (times.empty()) {
        failures_.erase(it);
        return 0;
    }
    return times.size();
}

void LoginThrottle::forget_expired(plan::Timestamp now) {
    std::erase_if(failures_, [&](const auto& entry) {
        return entry.second.empty() || now - entry.second.back() >= kWindow;
    });
}

LoginThrottle::Admission LoginThrottle::admit(const std::string& terminal_id, plan::Timestamp now) {
    // Keys nobody asks for again (a console name tried once) would stay for ever: sweep when
    // the map has doubled since the last sweep, so the cost per call stays constant.
    if (failures_.size() >= next_sweep_) {
        forget_expired(now);
        next_sweep_ = std::max<std::size_t>(kFirstSweep, 2 * failures_.size());
    }
    const std::size_t n = failures(terminal_id, now);
    if (n >= kFreeFailures) {
        const plan::Timestamp last = failures_[terminal_id].back();
        const plan::Timestamp open_at = last + block_for(n);
        if (now < open_at) {
            const auto wait = std::chrono::duration_cast<std::chrono::seconds>(open_at - now);
            return Admission{false, std::max(wait, std::chrono::seconds{1}), {}};
        }
    }
    auto& times = failures_[terminal_id];
    times.push_back(now);
    // Far more than blocking needs (2^10 s > the longest block): memory stays bounded for a
    // terminal that keeps trying, and the window still drops old ones.
    while (times.size() > 64)
        times.pop_front();
    return Admission{true, std::chrono::seconds{0}, now};
}

void LoginThrottle::succeeded(const std::string& terminal_id, const Admission& admission) {
    const auto it = failures_.find(terminal_id);
    if (it == failures_.end()) return;
    auto& times = it->second;
    // Withdraw this login's own provisional failure, and no other (a success never lowers n).
    const auto own = std::find(times.rbegin(), times.rend(), admission.at);
    if (own != times.rend()) times.erase(std::next(own).base());
    if (times.empty()) failures_.erase(it);
}

}  // namespace pt::server
