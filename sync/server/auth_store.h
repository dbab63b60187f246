// Terminals, enrolment codes and badge sessions in SQLite. Every secret arrives here already
// hashed (tokens.h: hash_token); the database never sees a token or code in clear.
// Callers hold PlanService's mutex; writes that belong together run in the caller's transaction.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "sync/plan/time.h"

namespace pt::server {

/// Wrong PINs for one badge, on any terminals, after which it is locked (sync-api.md "Login
/// throttling").
inline constexpr std::int64_t kWrongPinsBeforeLock = 10;

/// An enrolment code not spent yet (`GET /admin/v1/enrollment_codes`).
struct EnrollmentCode {
    std::string code;
    plan::Timestamp created_at{};
    plan::Timestamp expires_at{};
};

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

    void add_enrollment_code(const std::string& code_hash, const std::string& code,
                             plan::Timestamp now, plan::Timestamp expires_at);
    /// Spends an unused, unexpired code on a new terminal. False (and nothing written) when the
    /// code is unknown, spent, expired or deleted.
    [[nodiscard]] bool enroll(const std::string& code_hash, const std::string& terminal_id,
                              const std::string& name, const std::string& token_hash,
                              plan::Timestamp now);
    /// The terminal that holds or last held the token, revoked or not (re-enrolment);
    /// nullopt for any other token.
    [[nodiscard]] std::optional<std::string> terminal_by_any_token(const std::string& token_hash);
    /// Spends an unused, unexpired code on an existing terminal (sync-api.md, "Credentials"): it
    /// keeps its id and login history, gets the new token and name, is no longer revoked, and its
    /// old token and sessions are gone. False (and nothing written) when the code does not enrol.
    [[nodiscard]] bool re_enroll(const std::string& code_hash, const std::string& terminal_id,
                                 const std::string& name, const std::string& token_hash,
                                 plan::Timestamp now);
    /// The codes that still enrol, oldest first.
    [[nodiscard]] std::vector<EnrollmentCode> usable_enrollment_codes(plan::Timestamp now);
    /// Deletes an unused code; false when there is none with this hash.
    [[nodiscard]] bool delete_enrollment_code(const std::string& code_hash);
    /// (terminal id, token hash) of every terminal not revoked.
    [[nodiscard]] std::vector<std::pair<std::string, std::string>> live_terminal_tokens();
    /// The id of the terminal holding the token, nullopt for any other token and for a revoked
    /// terminal's.
    [[nodiscard]] std::optional<std::string> terminal_by_token(const std::string& token_hash);
    /// Revokes the terminal: its token and every session it opened are refused from now on.
    /// False when there is no such terminal.
    [[nodiscard]] bool revoke_terminal(const std::string& terminal_id, plan::Timestamp now);

    void add_session(const std::string& token_hash, const SessionRecord& session,
                     plan::Timestamp now);
    /// The session of the token (expired or not), nullopt for any other token and for a session
    /// of a revoked terminal.
    [[nodiscard]] std::optional<SessionRecord> session_by_token(const std::string& token_hash);
    /// Forgets sessions that expired before `now`.
    void delete_expired_sessions(plan::Timestamp now);
    /// Ends every session of the operator (its badge, partner or existence changed).
    void end_sessions_of(const std::string& operator_id);

    /// Wrong PINs given for the operator's badge since its last success or unlock.
    [[nodiscard]] std::int64_t wrong_pins(const std::string& operator_id);
    /// The wrong PINs of every operator that has any (the console's partner list).
    [[nodiscard]] std::unordered_map<std::string, std::int64_t> wrong_pins_by_operator();
    /// Counts one more wrong PIN.
    void add_wrong_pin(const std::string& operator_id);
    /// Forgets the operator's wrong PINs (a successful login, or an administrator's unlock).
    void clear_wrong_pins(const std::string& operator_id);

private:
    [[nodiscard]] bool code_usable(const std::string& code_hash, plan::Timestamp now);
    [[nodiscard]] bool spend_code(const std::string& code_hash, const std::string& terminal_id,
                                  plan::Timestamp now);

    SQLite::Database& db_;
    SQLite::Statement find_terminal_, find_session_;
};

}  // namespace pt::server
