// Slows down badge guessing (sync-api.md POST /sessions: "repeated failures from one terminal
// are slowed down"). Counts failed logins per terminal in a sliding window; from the third
// failure on, every further attempt from that terminal waits 250 ms, doubling up to 4 s.
// A success clears the terminal's record. Not locked on its own: PlanService holds its mutex
// while asking, and sleeps after releasing it.
#pragma once

#include <chrono>
#include <deque>
#include <string>
#include <unordered_map>

#include "sync/plan/time.h"

namespace pt::server {

class LoginThrottle {
public:
    static constexpr std::chrono::minutes kWindow{10};
    static constexpr int kFreeFailures = 3;
    static constexpr std::chrono::milliseconds kFirstDelay{250};
    static constexpr std::chrono::milliseconds kMaxDelay{4000};

    /// How long the next attempt from this terminal must wait before it is judged.
    [[nodiscard]] std::chrono::milliseconds delay_for(const std::string& terminal_id,
                                                      plan::Timestamp now);
    void record_failure(const std::string& terminal_id, plan::Timestamp now);
    void record_success(const std::string& terminal_id);

private:
    /// Drops failures older than the window; returns how many remain.
    std::size_t recent_failures(const std::string& terminal_id, plan::Timestamp now);

    std::unordered_map<std::string, std::deque<plan::Timestamp>> failures_;
};

}  // namespace pt::server
