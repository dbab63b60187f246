#include "sync/server/auth_store.h"

#include "sync/server/sql_support.h"

namespace pt::server {

AuthStore::AuthStore(SQLite::Database& db)
    : db_(db),
      find_terminal_(db, "SELECT id FROM terminals WHERE token_hash = ? AND revoked_at IS NULL"),
      find_session_(db,
                    "SELECT s.operator_id, s.terminal_id, s.expires_at FROM sessions s "
                    "JOIN terminals t ON t.id = s.terminal_id "
                    "WHERE s.token_hash = ? AND t.revoked_at IS NULL") {}

void AuthStore::add_enrollment_code(const std::string& code_hash, const std::string& code,
                                    plan::Timestamp now, plan::Timestamp expires_at) {
    SQLite::Statement put(db_,
                          "INSERT INTO enrollment_codes (code_hash, created_at, expires_at, code) "
                          "VALUES (?, ?, ?, ?)");
    put.bind(1, code_hash);
    put.bind(2, seconds_of(now));
    put.bind(3, seconds_of(expires_at));
    put.bind(4, code);
    put.exec();
}

std::vector<EnrollmentCode> AuthStore::usable_enrollment_codes(plan::Timestamp now) {
    SQLite::Statement query(db_,
                            "SELECT code, created_at, expires_at FROM enrollment_codes "
                            "WHERE used_by IS NULL AND code IS NOT NULL AND expires_at > ? "
                            "ORDER BY created_at, code");
    query.bind(1, seconds_of(now));
    std::vector<EnrollmentCode> codes;
    while (query.executeStep()) {
        codes.push_back({query.getColumn(0).getString(), timestamp_of(query.getColumn(1)),
                         timestamp_of(query.getColumn(2))});
    }
    return codes;
}

bool AuthStore::delete_enrollment_code(const std::string& code_hash) {
    SQLite::Statement drop(db_,
                           "DELETE FROM enrollment_codes WHERE code_hash = ? AND used_by IS NULL");
    drop.bind(1, code_hash);
    return drop.exec() == 1;
}

bool AuthStore::revoke_terminal(const std::string& terminal_id, plan::Timestamp now) {
    SQLite::Statement known(db_, "SELECT 1 FROM terminals WHERE id = ?");
    known.bind(1, terminal_id);
    if (!known.executeStep()) return false;
    // The first revocation's time stays; revoking again changes nothing.
    SQLite::Statement revoke(
        db_, "UPDATE terminals SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
    revoke.bind(1, seconds_of(now));
    revoke.bind(2, terminal_id);
    revoke.exec();
    SQLite::Statement sessions(db_, "DELETE FROM sessions WHERE terminal_id = ?");
    sessions.bind(1, terminal_id);
    sessions.exec();
    return true;
}

bool AuthStore::code_usable(const std::string& code_hash, plan::Timestamp now) {
    SQLite::Statement unused(db_,
                             "SELECT 1 FROM enrollment_codes WHERE code_hash = ? "
                             "AND used_by IS NULL AND expires_at > ?");
    unused.bind(1, code_hash);
    unused.bind(2, seconds_of(now));
    return unused.executeStep();
}

bool AuthStore::spend_code(const std::string& code_hash, const std::string& terminal_id,
                           plan::Timestamp now) {
    SQLite::Statement spend(db_,
                            "UPDATE enrollment_codes SET used_by = ?, used_at = ?, code = NULL "
                            "WHERE code_hash = ? AND used_by IS NULL");
    spend.bind(1, terminal_id);
    spend.bind(2, seconds_of(now));
    spend.bind(3, code_hash);
    return spend.exec() == 1;
}

bool AuthStore::enroll(const std::string& code_hash, const std::string& terminal_id,
                       const std::string& name, const std::string& token_hash,
                       plan::Timestamp now) {
    if (!code_usable(code_hash, now)) return false;

    SQLite::Statement terminal(
        db_, "INSERT INTO terminals (id, name, token_hash, enrolled_at) VALUES (?, ?, ?, ?)");
    terminal.bind(1, terminal_id);
    terminal.bind(2, name);
    terminal.bind(3, token_hash);
    terminal.bind(4, seconds_of(now));
    terminal.exec();
    return spend_code(code_hash, terminal_id, now);
}

std::vector<std::pair<std::string, std::string>> AuthStore::live_terminal_tokens() {
    SQLite::Statement query(db_, "SELECT id, token_hash FROM terminals WHERE revoked_at IS NULL");
    std::vector<std::pair<std::string, std::string>> live;
    while (query.executeStep())
        live.emplace_back(query.getColumn(0).getString(), query.getColumn(1).getString());
    return live;
}

std::optional<std::string> AuthStore::terminal_by_any_token(const std::string& token_hash) {
    SQLite::Statement query(db_, "SELECT id FROM terminals WHERE token_hash = ?");
    query.bind(1, token_hash);
    if (!query.executeStep()) return std::nullopt;
    return query.getColumn(0).getString();
}

bool AuthStore::re_enroll(const std::string& code_hash, const std::string& terminal_id,
                          const std::string& name, const std::string& token_hash,
                          plan::Timestamp now) {
    if (!code_usable(code_hash, now)) return false;

    // enrolled_at becomes the time of the current token; operator_logins, events, health and
    // last_seen_at belong to the terminal and stay.
    SQLite::Statement terminal(db_,
                               "UPDATE terminals SET name = ?, token_hash = ?, enrolled_at = ?, "
                               "revoked_at = NULL WHERE id = ?");
    terminal.bind(1, name);
    terminal.bind(2, token_hash);
    terminal.bind(3, seconds_of(now));
    terminal.bind(4, terminal_id);
    if (terminal.exec() != 1) return false;
    // Sessions were opened with the old token: they end with it (a revocation deleted them
    // already; a terminal enrolled again without being revoked loses them here).
    SQLite::Statement sessions(db_, "DELETE FROM sessions WHERE terminal_id = ?");
    sessions.bind(1, terminal_id);
    sessions.exec();
    return spend_code(code_hash, terminal_id, now);
}

std::optional<std::string> AuthStore::terminal_by_token(const std::string& token_hash) {
    ResetOnExit reset{find_terminal_};
    find_terminal_.bind(1, token_hash);
    if (!find_terminal_.executeStep()) return std::nullopt;
    return find_terminal_.getColumn(0).getString();
}

void AuthStore::add_session(const std::string& token_hash, const SessionRecord& session,
                            plan::Timestamp now) {
    SQLite::Statement put(db_, "INSERT INTO sessions VALUES (?, ?, ?, ?, ?)");
    put.bind(1, token_hash);
    put.bind(2, session.operator_id);
    put.bind(3, session.terminal_id);
    put.bind(4, seconds_of(now));
    put.bind(5, seconds_of(session.expires_at));
    put.exec();
}

std::optional<SessionRecord> AuthStore::session_by_token(const std::string& token_hash) {
    ResetOnExit reset{find_session_};
    find_session_.bind(1, token_hash);
    if (!find_session_.executeStep()) return std::nullopt;
    return SessionRecord{find_session_.getColumn(0).getString(),
                         find_session_.getColumn(1).getString(),
                         timestamp_of(find_session_.getColumn(2))};
}

std::int64_t AuthStore::wrong_pins(const std::string& operator_id) {
    SQLite::Statement query(db_, "SELECT wrong_pins FROM badge_failures WHERE operator_id = ?");
    query.bind(1, operator_id);
    return query.executeStep() ? query.getColumn(0).getInt64() : 0;
}

std::unordered_map<std::string, std::int64_t> AuthStore::wrong_pins_by_operator() {
    SQLite::Statement query(db_, "SELECT operator_id, wrong_pins FROM badge_failures");
    std::unordered_map<std::string, std::int64_t> counts;
    while (query.executeStep())
        counts.emplace(query.getColumn(0).getString(), query.getColumn(1).getInt64());
    return counts;
}

void AuthStore::add_wrong_pin(const std::string& operator_id) {
    SQLite::Statement upsert(db_,
                             "INSERT INTO badge_failures (operator_id, wrong_pins) VALUES (?, 1) "
                             "ON CONFLICT (operator_id) DO UPDATE SET wrong_pins = wrong_pins + 1");
    upsert.bind(1, operator_id);
    upsert.exec();
}

void AuthStore::clear_wrong_pins(const std::string& operator_id) {
    SQLite::Statement drop(db_, "DELETE FROM badge_failures WHERE operator_id = ?");
    drop.bind(1, operator_id);
    drop.exec();
}

void AuthStore::delete_expired_sessions(plan::Timestamp now) {
    SQLite::Statement drop(db_, "DELETE FROM sessions WHERE expires_at < ?");
    drop.bind(1, seconds_of(now));
    drop.exec();
}

void AuthStore::end_sessions_of(const std::string& operator_id) {
    SQLite::Statement drop(db_, "DELETE FROM sessions WHERE operator_id = ?");
    drop.bind(1, operator_id);
    drop.exec();
}

}  // namespace pt::server
