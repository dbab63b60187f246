// Terminals, enrolment codes and badge sessions in SQLite. Every secret arrives here already
// hashed (tokens.h: hash_token); the database never sees a token or code in clear.
// Callers hold PlanService's mutex; writes that belong together run in the caller's transaction.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <optional>
#include <string>

#include "sync/plan/time.h"

namespace pt::server {

/// A badge login as stored.
struct SessionRecord {
    std::string operator_id;
    std::string terminal_id;
    plan::Timestamp expires_at{};
};

class AuthStore {
public:
    /// `db` must already carry the schema and outlive the store.
    explicit AuthStore(SQLite::Database& db);

    void add_enrollment_code(const std::string& code_hash, plan::Timestamp now);
    /// Spends an unused code on a new terminal. False (and nothing written) when the code is
    /// unknown or already spent.
    [[nodiscard]] bool enroll(const std::string& code_hash, const std::string& terminal_id,
                              const std::string& name, const std::string& token_hash,
                              plan::Timestamp now);
    /// The id of the terminal holding the token, nullopt for any other token.
    [[nodiscard]] std::optional<std::string> terminal_by_token(const std::string& token_hash);

    void add_session(const std::string& token_hash, const SessionRecord& session,
                     plan::Timestamp now);
    /// The session of the token (expired or not), nullopt for any other token.
    [[nodiscard]] std::optional<SessionRecord> session_by_token(const std::string& token_hash);
    /// Forgets sessions that expired before `now`.
    void delete_expired_sessions(plan::Timestamp now);

    /// Wrong PINs given for the operator's badge since its last success or unlock.
    [[nodiscard]] std::int64_t wrong_pins(const std::string& operator_id);
    /// Counts one more wrong PIN; returns the new count.
    std::int64_t add_wrong_pin(const std::string& operator_id);
    /// Forgets the operator's wrong PINs (a successful login, or an administrator's unlock).
    void clear_wrong_pins(const std::string& operator_id);

private:
    SQLite::Database& db_;
    SQLite::Statement find_terminal_, find_session_;
};

}  // namespace pt::server
