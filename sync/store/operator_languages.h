// The language each operator chose at this terminal (issue 17): shown again at their next login.
// A preference, not partner data: it stays when the operator's partner session ends.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sync/store/terminal_db.h"

namespace pt::store {

class OperatorLanguages {
public:
    explicit OperatorLanguages(TerminalDb& db) : db_(db) {}

    /// Remembers `language` for `operator_id`, replacing an earlier choice. Throws StoreError
    /// (other for an empty id or language).
    void remember(std::string_view operator_id, std::string_view language);
    /// The operator's last choice; nullopt when they never chose one here. Throws StoreError.
    [[nodiscard]] std::optional<std::string> of(std::string_view operator_id) const;

private:
    TerminalDb& db_;
};

}  // namespace pt::store
