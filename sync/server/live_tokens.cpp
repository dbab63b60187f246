#include "sync/server/live_tokens.h"

namespace pt::server {

void LiveTerminalTokens::replace_all(const std::vector<std::pair<std::string, std::string>>& live) {
    const std::lock_guard lock(mutex_);
    hash_by_terminal_.clear();
    hashes_.clear();
    for (const auto& [terminal_id, token_hash] : live) {
        hash_by_terminal_[terminal_id] = token_hash;
        hashes_.insert(token_hash);
    }
}

void LiveTerminalTokens::set(const std::string& terminal_id, const std::string& token_hash) {
    const std::lock_guard lock(mutex_);
    auto [entry, added] = hash_by_terminal_.try_emplace(terminal_id, token_hash);
    if (!added) {
        hashes_.erase(entry->second);
        entry->second = token_hash;
    }
    hashes_.insert(token_hash);
}

void LiveTerminalTokens::drop(const std::string& terminal_id) {
    const std::lock_guard lock(mutex_);
    const auto entry = hash_by_terminal_.find(terminal_id);
    if (entry == hash_by_terminal_.end()) return;
    hashes_.erase(entry->second);
    hash_by_terminal_.erase(entry);
}

bool LiveTerminalTokens::contains(const std::string& token_hash) const {
    const std::lock_guard lock(mutex_);
    return hashes_.contains(token_hash);
}

}  // namespace pt::server
