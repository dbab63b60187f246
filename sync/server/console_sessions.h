// The console's sign-in sessions (issue 16): a session token travels in an HttpOnly cookie, a
// CSRF token with every change; both are random, and only the session token's hash is kept. A
// session ends after 30 minutes without a request, at sign-out, and when its user's password
// changes or the user goes (ConsoleUser::credential_id). Held in memory: a restart signs
// everyone out, which costs a sign-in and keeps no session on disk.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "sync/plan/time.h"

namespace pt::server {

class ConsoleSessions {
public:
    static constexpr std::chrono::minutes kIdleTimeout{30};
    /// Beyond this many open sessions the one idle longest ends (a bound on memory).
    static constexpr std::size_t kMaxSessions = 1000;

    struct Opened {
        std::string token;  ///< for the cookie
        std::string csrf;   ///< for the X-CSRF-Token header of every change
    };
    struct Session {
        std::string user;
        std::string credential_id;
        std::string csrf;
    };

    [[nodiscard]] Opened open(const std::string& user, const std::string& credential_id,
                              plan::Timestamp now);
    /// The session of `token` if it is open and was used within kIdleTimeout (it counts as used
    /// now); a timed-out one ends.
    [[nodiscard]] std::optional<Session> use(std::string_view token, plan::Timestamp now);
    void close(std::string_view token);

private:
    struct Entry {
        Session session;
        plan::Timestamp last_used{};
    };
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> by_hash_;
};

}  // namespace pt::server
