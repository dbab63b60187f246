#include "sync/server/login_throttle.h"

#include <algorithm>

namespace pt::server {

std::size_t LoginThrottle::recent_failures(const std::string& terminal_id, plan::Timestamp now) {
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

std::chrono::milliseconds LoginThrottle::delay_for(const std::string& terminal_id,
                                                   plan::Timestamp now) {
    const std::size_t failures = recent_failures(terminal_id, now);
    if (failures < static_cast<std::size_t>(kFreeFailures)) return std::chrono::milliseconds{0};
    const std::size_t doublings = std::min<std::size_t>(failures - kFreeFailures, 8);
    return std::min(kFirstDelay * (std::int64_t{1} << doublings), kMaxDelay);
}

void LoginThrottle::record_failure(const std::string& terminal_id, plan::Timestamp now) {
    auto& times = failures_[terminal_id];
    times.push_back(now);
    // Only the count within the window matters; cap memory for a terminal that keeps trying.
    while (times.size() > 64)
        times.pop_front();
}

void LoginThrottle::record_success(const std::string& terminal_id) {
    failures_.erase(terminal_id);
}

}  // namespace pt::server
