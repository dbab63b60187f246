#include "sync/server/console_sessions.h"

#include <algorithm>
#include <string>

#include "sync/server/tokens.h"

namespace pt::server {

ConsoleSessions::Opened ConsoleSessions::open(const std::string& user,
                                              const std::string& credential_id,
                                              plan::Timestamp now) {
    Opened opened{random_token(), random_token()};
    const std::lock_guard lock(mutex_);
    if (by_hash_.size() >= kMaxSessions) {
        std::string idlest;
        plan::Timestamp idlest_used = plan::Timestamp::max();
        for (const auto& [hash, entry] : by_hash_) {
            if (entry.last_used < idlest_used) {
                idlest = hash;
                idlest_used = entry.last_used;
            }
        }
        by_hash_.erase(idlest);
    }
    by_hash_[hash_token(opened.token)] = Entry{Session{user, credential_id, opened.csrf}, now};
    return opened;
}

std::optional<ConsoleSessions::Session> ConsoleSessions::use(std::string_view token,
                                                             plan::Timestamp now) {
    if (token.empty()) return std::nullopt;
    const std::string hash = hash_token(token);
    const std::lock_guard lock(mutex_);
    const auto it = by_hash_.find(hash);
    if (it == by_hash_.end()) return std::nullopt;
    if (now - it->second.last_used >= kIdleTimeout) {
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

}  // namespace pt::server
