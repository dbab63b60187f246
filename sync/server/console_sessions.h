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
    /// However busy, a session ends this long after its sign-in: a stolen cookie does not live
    /// for ever.
    static constexpr std::chrono::hours kLongestLife{12};
    /// A user's eleventh sign-in ends that user's session idle longest: one user's sign-ins
    /// never end another user's session.
    static constexpr std::size_t kMaxSessionsPerUser = 10;
    /// A bound on memory: with this many open, a sign-in of a user without sessions is refused
    /// (after timed-out ones are swept) rather than ending somebody's session.
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

    /// A new session, its token starting with kConsoleSessionPrefix; nullopt when kMaxSessions
    /// are open.
    [[nodiscard]] std::optional<Opened> open(const std::string& user,
                                             const std::string& credential_id, plan::Timestamp now);
    /// The session of `token` if it is open, was used within kIdleTimeout and is younger than
    /// kLongestLife (it counts as used now); a timed-out one ends.
    [[nodiscard]] std::optional<Session> use(std::string_view token, plan::Timestamp now);
    void close(std::string_view token);
    [[nodiscard]] std::size_t open_count();

private:
    struct Entry {
        Session session;
        plan::Timestamp last_used{};
        plan::Timestamp opened{};
    };
    void sweep_timed_out(plan::Timestamp now);
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> by_hash_;
};

}  // namespace pt::server
