// The terminal's enrolment (product.md §6, sync-api.md POST /terminals/enroll): its id and its
// token, kept in the terminal database, whose file is readable by its owner only (mode 0600).
// They survive image updates with the rest of the data directory.
#pragma once

#include <optional>
#include <string>

#include "sync/store/terminal_db.h"

namespace pt::store {

struct TerminalCredentials {
    std::string terminal_id;
    std::string token;
    bool operator==(const TerminalCredentials&) const = default;
};

class Credentials {
public:
    explicit Credentials(TerminalDb& db) : db_(db) {}

    /// Stores the credentials, replacing any earlier ones (re-enrolment). Throws StoreError:
    /// other for an empty id or token, or the database failure (then the old ones stay).
    void save(const TerminalCredentials& credentials);
    /// The stored credentials; nullopt before enrolment. Throws StoreError.
    [[nodiscard]] std::optional<TerminalCredentials> load() const;
    /// Deletes the credentials (the terminal must enrol again). Throws StoreError.
    void clear();

private:
    TerminalDb& db_;
};

}  // namespace pt::store
