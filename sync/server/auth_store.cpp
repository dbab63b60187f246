#include "sync/server/auth_store.h"

namespace pt::server {
namespace {

std::int64_t seconds_of(plan::Timestamp t) {
    return t.time_since_epoch().count();
}

/// Leaves a reused query ready for the next call however the last one ended.
struct ResetOnExit {
    SQLite::Statement& statement;
    ~ResetOnExit() { statement.tryReset(); }
};

}  // namespace

AuthStore::AuthStore(SQLite::Database& db)
    : db_(db),
      find_terminal_(db, "SELECT id FROM terminals WHERE token_hash = ?"),
      find_session_(db,
                    "SELECT operator_id, terminal_id, expires_at FROM sessions "
                    "WHERE token_hash = ?") {}

void AuthStore::add_enrollment_code(const std::string& code_hash, plan::Timestamp now) {
    SQLite::Statement put(db_,
                          "INSERT INTO enrollment_codes (code_hash, created_at) VALUES (?, ?)");
    put.bind(1, code_hash);
    put.bind(2, seconds_of(now));
    put.exec();
}

bool AuthStore::enroll(const std::string& code_hash, const std::string& terminal_id,
                       const std::string& name, const std::string& token_hash,
                       plan::Timestamp now) {
    SQLite::Statement unused(db_,
                             "SELECT 1 FROM enrollment_codes WHERE code_hash = ? "
                             "AND used_by IS NULL");
    unused.bind(1, code_hash);
    if (!unused.executeStep()) return false;

    SQLite::Statement terminal(db_, "INSERT INTO terminals VALUES (?, ?, ?, ?)");
    terminal.bind(1, terminal_id);
    terminal.bind(2, name);
    terminal.bind(3, token_hash);
    terminal.bind(4, seconds_of(now));
    terminal.exec();

    SQLite::Statement spend(db_,
                            "UPDATE enrollment_codes SET used_by = ?, used_at = ? "
                            "WHERE code_hash = ? AND used_by IS NULL");
    spend.bind(1, terminal_id);
    spend.bind(2, seconds_of(now));
    spend.bind(3, code_hash);
    return spend.exec() == 1;
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
    return SessionRecord{
        find_session_.getColumn(0).getString(), find_session_.getColumn(1).getString(),
        plan::Timestamp{std::chrono::seconds{find_session_.getColumn(2).getInt64()}}};
}

std::int64_t AuthStore::wrong_pins(const std::string& operator_id) {
    SQLite::Statement query(db_, "SELECT wrong_pins FROM badge_failures WHERE operator_id = ?");
    query.bind(1, operator_id);
    return query.executeStep() ? query.getColumn(0).getInt64() : 0;
}

std::int64_t AuthStore::add_wrong_pin(const std::string& operator_id) {
    SQLite::Statement upsert(db_,
                             "INSERT INTO badge_failures (operator_id, wrong_pins) VALUES (?, 1) "
                             "ON CONFLICT (operator_id) DO UPDATE SET wrong_pins = wrong_pins + 1");
    upsert.bind(1, operator_id);
    upsert.exec();
    return wrong_pins(operator_id);
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

}  // namespace pt::server
