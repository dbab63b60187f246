// Login throttling per terminal (sync-api.md, "Login throttling"), and per name for the
// console's sign-ins. Failed logins are counted
// per terminal over the last 10 minutes (n); a successful login never lowers n. While n ≥ 5,
// a login is answered 429 until min(900, 2^(n−4)) seconds after the last failure; then one is
// let through, and its failure extends the block. A login is counted as a failure from the
// moment it is admitted until it is answered, so parallel requests gain nothing. No thread
// ever sleeps here. Not locked on its own: PlanService holds its mutex around every call.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <string>
#include <unordered_map>

#include "sync/plan/time.h"

namespace pt::server {

class LoginThrottle {
public:
    static constexpr std::chrono::minutes kWindow{10};
    /// From this many failures in the window on, logins are blocked between tries.
    static constexpr std::size_t kFreeFailures = 5;
    static constexpr std::chrono::seconds kLongestBlock{900};

    /// The answer to one login request.
    struct Admission {
        bool admitted = true;
        /// When not admitted: how long until a try is let through again (≥ 1 s).
        std::chrono::seconds retry_after{0};
        /// When admitted: identifies the provisional failure for succeeded().
        plan::Timestamp at{};
    };

    /// Judges a login from `terminal_id` now. An admitted one counts as a failure until
    /// succeeded() says otherwise.
    [[nodiscard]] Admission admit(const std::string& terminal_id, plan::Timestamp now);
    /// The admitted login succeeded: its provisional failure is withdrawn.
    void succeeded(const std::string& terminal_id, const Admission& admission);
    /// Failures of `terminal_id` within the window (in-flight ones included).
    [[nodiscard]] std::size_t failures(const std::string& terminal_id, plan::Timestamp now);
    /// How many keys are remembered (at most those that failed within the window, and a sweep's
    /// worth more).
    [[nodiscard]] std::size_t tracked() const { return failures_.size(); }

private:
    static constexpr std::size_t kFirstSweep = 1024;
    void forget_expired(plan::Timestamp now);

    std::unordered_map<std::string, std::deque<plan::Timestamp>> failures_;
    std::size_t next_sweep_ = kFirstSweep;
};

}  // namespace pt::server
