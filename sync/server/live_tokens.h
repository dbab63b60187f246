// The hashes of the terminal tokens that are valid now, in memory: the transport asks before it
// reads a body, so a request without a valid terminal token costs no body buffer and no place in
// the login queue (issue 13, findings 1 and 2). The database stays the authority: handlers check
// the token again under the service lock. The set is updated in the same critical section as the
// database (enrolment, revocation), before the new token is answered, so it never refuses a
// token a terminal already holds.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace pt::server {

class LiveTerminalTokens {
public:
    /// Replaces everything with these (terminal id, token hash) pairs.
    void replace_all(const std::vector<std::pair<std::string, std::string>>& live);
    /// The terminal now holds this token (enrolled, or enrolled again: its old token goes).
    void set(const std::string& terminal_id, const std::string& token_hash);
    /// The terminal's token is no longer valid (revoked).
    void drop(const std::string& terminal_id);
    /// Quick and never waits on a slow lock: callable from the io thread.
    [[nodiscard]] bool contains(const std::string& token_hash) const;

private:
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::string> hash_by_terminal_;
    std::unordered_set<std::string> hashes_;
};

}  // namespace pt::server
