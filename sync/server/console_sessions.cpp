#include "sync/server/console_sessions.h"

#include <algorithm>
#include <string>

#include "sync/server/plan_service.h"
#include "sync/server/tokens.h"

namespace pt::server {

std::optional<ConsoleSessions::Opened> ConsoleSessions::open(const std::string& user,
                                                             const std::string& credential_id,
                                                             plan::Timestamp now) {
    Opened opened{std::string(kConsoleSessionPrefix) + random_token(), random_token()};
    const std::lock_guard lock(mutex_);
    std::size_t users_sessions = 0;
    auto users_idlest = by_hash_.end();
    for (auto it = by_hash_.begin(); it != by_hash_.end(); ++it) {
        if (it->second.session.user != user) continue;
        ++users_sessions;
        if (users_idlest == by_hash_.end() || it->second.last_used < users_idlest->second.last_used)
            users_idlest = it;
    }
    if (users_sessions >= kMaxSessionsPerUser) {
        by_hash_.erase(users_idlest);
    } else if (by_hash_.size() >= kMaxSessions) {
        sweep_timed_out(now);
        if (by_hash_.size() >= kMaxSessions) return std::nullopt;
    }
    by_hash_[hash_token(opened.token)] = Entry{Session{user, credential_id, opened.csrf}, now, now};
    return opened;
}

std::optional<ConsoleSessions::Session> ConsoleSessions::use(std::string_view token,
                                                             plan::Timestamp now) {
    if (!token.starts_with(kConsoleSessionPrefix)) return std::nullopt;
    const std::string hash = hash_token(token);
    const std::lock_guard lock(mutex_);
    const auto it = by_hash_.find(hash);
    if (it == by_hash_.end()) return std::nullopt;
    if (now - it->second.last_used >= kIdleTimeout || now - it->second.opened >= kLongestLife) {
        by_hash_.erase(it);
        return std::nullopt;
    }
    it->second.last_used = std::max(it->second.last_used, now);
    return it->second.session;
}

void ConsoleSessions::close(std::string_view token) {
    if (token.empty()) return;
    const std::string hash = hash_token(token);
    const std::lock_guard lock(mutex_);
    by_hash_.erase(hash);
}

std::size_t ConsoleSessions::open_count() {
    const std::lock_guard lock(mutex_);
    return by_hash_.size();
}

void ConsoleSessions::sweep_timed_out(plan::Timestamp now) {
    std::erase_if(by_hash_, [&](const auto& item) {
        return now - item.second.last_used >= kIdleTimeout ||
               now - item.second.opened >= kLongestLife;
    });
}

}  // namespace pt::server
