// What each operator left at their last logout here (product.md §8, plan/handover.h): the
// partner's own work steps as they were, so the next login can say what changed since. Rows are
// the operator's own (their partner's steps, R11); an operator never logged out here has none.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "sync/plan/handover.h"
#include "sync/store/terminal_db.h"

namespace pt::store {

class HandoverMemory {
public:
    explicit HandoverMemory(TerminalDb& db) : db_(db) {}

    /// Replaces what `operator_id` left, in one transaction. Throws StoreError.
    void save(std::string_view operator_id, std::string_view partner_id,
              const std::vector<plan::StepMemory>& memory);
    /// Forgets what the operator left (an operator the server ended: gone, or moved). Throws
    /// StoreError.
    void forget(std::string_view operator_id);
    /// What the operator left at their last logout of partner `partner_id` here; nullopt when
    /// they never logged out here (or did so for another partner). Throws StoreError.
    [[nodiscard]] std::optional<std::vector<plan::StepMemory>> load(
        std::string_view operator_id, std::string_view partner_id) const;

private:
    TerminalDb& db_;
};

}  // namespace pt::store
