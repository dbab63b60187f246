#include "sync/server/database.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <array>
#include <string>
#include <system_error>

#include "sync/files/private_file.h"
#include "sync/plan/record_fields.h"
#include "sync/sql/record_sql.h"

namespace pt::server {
namespace {

// Version 1: the dataset in typed tables (position = insertion order = Plan handle), terminals,
// enrolment codes, sessions, events and pull cursors. Secrets appear only as hashes.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE settings (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    default_external_inheritance TEXT NOT NULL,
    work_step_columns TEXT NOT NULL,
    process_columns TEXT NOT NULL
);
CREATE TABLE reasons (
    kind TEXT NOT NULL CHECK (kind IN ('pause', 'scrap')),
    pos INTEGER NOT NULL,
    code TEXT NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (kind, pos)
) WITHOUT ROWID;
CREATE TABLE partners (
    pos INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    modules TEXT NOT NULL,
    allow_process_feedback INTEGER NOT NULL
);
CREATE TABLE operators (
    partner_pos INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    badge TEXT NOT NULL,
    pin TEXT,
    PRIMARY KEY (partner_pos, pos)
) WITHOUT ROWID;
CREATE TABLE resources (
    pos INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    external INTEGER NOT NULL
);
CREATE TABLE resource_partners (
    resource_pos INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    partner_id TEXT NOT NULL,
    PRIMARY KEY (resource_pos, pos)
) WITHOUT ROWID;
CREATE TABLE orders (
    pos INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    number TEXT NOT NULL,
    article TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    due INTEGER NOT NULL,
    parent_id TEXT,
    external_inheritance TEXT
);
CREATE TABLE order_named_partners (
    order_pos INTEGER NOT NULL,
    pos INTEGER NOT NULL,
    partner_id TEXT NOT NULL,
    PRIMARY KEY (order_pos, pos)
) WITHOUT ROWID;
CREATE TABLE work_steps (
    pos INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    operation TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    planned_start INTEGER NOT NULL,
    planned_end INTEGER NOT NULL,
    quantity INTEGER NOT NULL,
    status TEXT NOT NULL,
    quantity_good INTEGER NOT NULL,
    quantity_scrap INTEGER NOT NULL,
    notes TEXT NOT NULL
);
CREATE TABLE processes (
    pos INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    due INTEGER NOT NULL,
    status TEXT NOT NULL,
    notes TEXT NOT NULL
);

CREATE TABLE terminals (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    enrolled_at INTEGER NOT NULL
);
CREATE TABLE enrollment_codes (
    code_hash TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    used_by TEXT REFERENCES terminals (id),
    used_at INTEGER
);
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    operator_id TEXT NOT NULL,
    terminal_id TEXT NOT NULL REFERENCES terminals (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    terminal_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),
    reason TEXT NOT NULL,
    message TEXT NOT NULL,
    type TEXT,
    operator_id TEXT,
    target_id TEXT,
    occurred_at INTEGER,
    data_reason TEXT,
    data_good INTEGER,
    data_scrap INTEGER,
    data_scrap_reason TEXT,
    data_process_status TEXT,
    data_comment TEXT,
    received_at INTEGER NOT NULL
);

CREATE TABLE cursors (
    id TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL,
    session_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    snapshot BLOB NOT NULL
);
CREATE INDEX cursors_by_session ON cursors (partner_id, session_hash);
CREATE INDEX cursors_by_age ON cursors (created_at);
)sql";

// Version 2 (sync-api.md, "Login throttling"): wrong PINs per badge, on any terminal and without
// a time window; from 10 on the badge is locked until an administrator unlocks it.
constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE badge_failures (
    operator_id TEXT PRIMARY KEY,
    wrong_pins INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// Version 3 (sync-api.md, "Credentials"): enrolment codes expire and can be listed while unused
// (the code itself is kept until it is spent or deleted: the administrator prints it as a
// provisioning barcode); terminals can be revoked. Older codes expire a week after they were made.
constexpr const char* kSchemaV3 = R"sql(
ALTER TABLE enrollment_codes ADD COLUMN expires_at INTEGER;
ALTER TABLE enrollment_codes ADD COLUMN code TEXT;
UPDATE enrollment_codes SET expires_at = created_at + 604800;
ALTER TABLE terminals ADD COLUMN revoked_at INTEGER;
)sql";

// Version 4 (sync-api.md, "Events are bound to sessions" and "Terminal health"):
// - the online logins of each operator on each terminal, as runs of logins at most an hour
//   apart (sync/plan/session_binding.h); the sessions still stored seed them, so terminals in
//   use keep delivering across the upgrade;
// - failed logins per terminal (the last 24 hours), when each terminal was last seen (written
//   at most once a minute) and its latest health report.
constexpr const char* kSchemaV4 = R"sql(
CREATE TABLE operator_logins (
    terminal_id TEXT NOT NULL,
    operator_id TEXT NOT NULL,
    first_at INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    PRIMARY KEY (terminal_id, operator_id, first_at)
) WITHOUT ROWID;
CREATE INDEX operator_logins_by_age ON operator_logins (last_at);
INSERT OR IGNORE INTO operator_logins
    SELECT terminal_id, operator_id, created_at, created_at FROM sessions;
CREATE TABLE failed_logins (
    terminal_id TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX failed_logins_by_terminal ON failed_logins (terminal_id, at);
CREATE INDEX failed_logins_by_age ON failed_logins (at);
ALTER TABLE terminals ADD COLUMN last_seen_at INTEGER;
CREATE TABLE terminal_health (
    terminal_id TEXT PRIMARY KEY REFERENCES terminals (id),
    received_at INTEGER NOT NULL,
    report TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// Version 5: badges and PINs are write-only (sync-api.md "Credentials"). A row with `sealed` = 1
// holds the badge's keyed hash and the PIN's Argon2id string; older rows, still in clear, are
// sealed by plan-server at its next start (it needs the key: Credentials).
// The refused events (status 'rejected': refused or malformed) are pruned per terminal and by
// age (issue 13, finding 11): two partial indexes find them without reading the accepted ones.
constexpr const char* kSchemaV5 = R"sql(
ALTER TABLE operators ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX events_refused_by_terminal ON events (terminal_id, seq) WHERE status = 'rejected';
CREATE INDEX events_refused_by_age ON events (received_at) WHERE status = 'rejected';
)sql";

// Version 6: the refusals feed (GET /admin/v1/refusals?after=SEQ) pages the refused events by
// seq without reading the accepted ones between them.
constexpr const char* kSchemaV6 = R"sql(
CREATE INDEX events_refused_by_seq ON events (seq) WHERE status = 'rejected';
)sql";

// Version 7: named API tokens with roles (plan-server token add|list|remove; hashes only), and
// the audit log of admin changes.
constexpr const char* kSchemaV7 = R"sql(
CREATE TABLE api_tokens (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'planner', 'admin')),
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
-- The machines a terminal stands at (PATCH /admin/v1/terminals/{id}), in the order given.
CREATE TABLE terminal_resources (
    terminal_id TEXT NOT NULL REFERENCES terminals (id),
    pos INTEGER NOT NULL,
    resource_id TEXT NOT NULL,
    PRIMARY KEY (terminal_id, pos)
);
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    summary TEXT NOT NULL
);
)sql";

// Version 8 (sync-api.md "Administration"): an operator's sessions end when its badge, partner
// or existence changes, found by operator; finished work steps leave the views after
// finished_retention_days (product.md R14).
constexpr const char* kSchemaV8 = R"sql(
CREATE INDEX sessions_by_operator ON sessions (operator_id);
CREATE INDEX operator_logins_by_operator ON operator_logins (operator_id);
ALTER TABLE settings ADD COLUMN finished_retention_days INTEGER NOT NULL DEFAULT 21;
)sql";

// Version 9 (issue 16): the console's users, each with a role, an Argon2id hash of its password
// and a credential id that changes with the password (the sessions made with the old one end).
constexpr const char* kSchemaV9 = R"sql(
CREATE TABLE console_users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'planner', 'admin')),
    password_hash TEXT NOT NULL,
    credential_id TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
)sql";

// Version 10 (issue 16): the console filters the event feeds by partner, terminal, operator and
// time. An event keeps the partner its operator had when it was received; older rows take their
// operator's partner now (none for an operator gone since). Each filter has an index in seq
// order with the time in it, so a filtered page reads its own rows, not the feed.
constexpr const char* kSchemaV10 = R"sql(
ALTER TABLE events ADD COLUMN partner_id TEXT;
UPDATE events SET partner_id = known.partner_id
    FROM (SELECT o.id AS operator_id, p.id AS partner_id
          FROM operators o JOIN partners p ON p.pos = o.partner_pos) AS known
    WHERE events.operator_id = known.operator_id;
CREATE INDEX events_by_partner ON events (partner_id, status, seq, received_at);
CREATE INDEX events_by_terminal ON events (terminal_id, status, seq, received_at);
CREATE INDEX events_by_operator ON events (operator_id, status, seq, received_at);
CREATE INDEX events_by_status ON events (status, seq, received_at);
)sql";

// Version 11 (issue 17): the data of notes and corrections, and the name the operator had when
// the event was accepted (a note shows its author as then named). The plan's notes load from
// the last 30 days at start; a correction finds the latest accepted correction of its report.
constexpr const char* kSchemaV11 = R"sql(
ALTER TABLE events ADD COLUMN data_text TEXT;
ALTER TABLE events ADD COLUMN data_corrects TEXT;
ALTER TABLE events ADD COLUMN data_approved_by TEXT;
ALTER TABLE events ADD COLUMN operator_name TEXT;
CREATE INDEX events_notes_by_time ON events (occurred_at)
    WHERE status = 'accepted' AND type = 'work_step.note';
CREATE INDEX events_corrections ON events (data_corrects, seq)
    WHERE status = 'accepted' AND type = 'work_step.corrected';
)sql";

constexpr std::array<const char*, kSchemaVersion> kMigrations{
    kSchemaV1, kSchemaV2, kSchemaV3, kSchemaV4,  kSchemaV5, kSchemaV6,
    kSchemaV7, kSchemaV8, kSchemaV9, kSchemaV10, kSchemaV11};

int user_version(SQLite::Database& db) {
    SQLite::Statement query(db, "PRAGMA user_version");
    query.executeStep();
    return query.getColumn(0).getInt();
}

void migrate(SQLite::Database& db) {
    int version = user_version(db);
    if (version > kSchemaVersion) {
        throw StoreError("schema version " + std::to_string(version) +
                         " is newer than this plan-server (" + std::to_string(kSchemaVersion) +
                         ")");
    }
    while (version < kSchemaVersion) {
        SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
        db.exec(kMigrations[static_cast<std::size_t>(version)]);
        ++version;
        db.exec("PRAGMA user_version = " + std::to_string(version));
        transaction.commit();
    }
}

}  // namespace

std::vector<std::string> add_missing_dataset_columns(SQLite::Database& db) {
    // After the versioned steps, which created these tables with the columns of their time: a
    // field added to a dataset record needs a row in record_fields.h, no schema version.
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    std::vector<std::string> added;
    const auto add = [&](const char* table, const std::vector<sql::ColumnSpec>& columns) {
        for (auto& name : sql::add_missing_columns(db, table, columns))
            added.push_back(std::string(table) + "." + name);
    };
    add("partners", sql::column_specs(plan::kPartnerFields));
    add("operators", sql::column_specs(plan::kOperatorFields));
    add("resources", sql::column_specs(plan::kResourceFields));
    add("orders", sql::column_specs(plan::kOrderFields));
    add("work_steps", sql::column_specs(plan::kWorkStepFields));
    add("processes", sql::column_specs(plan::kProcessFields));
    transaction.commit();
    return added;
}

SQLite::Database open_database(const std::filesystem::path& file) {
    try {
        // Tokens' and badges' hashes and every event: readable by plan-server's user only,
        // also when it runs outside systemd with a 022 umask.
        files::create_private_file(file);
        files::make_private(file);
    } catch (const std::system_error& e) {
        throw StoreError("cannot create database " + file.string() + ": " + e.what());
    }
    try {
        SQLite::Database db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.setBusyTimeout(5000);
        db.exec("PRAGMA journal_mode = WAL");
        db.exec("PRAGMA synchronous = NORMAL");
        db.exec("PRAGMA foreign_keys = ON");
        migrate(db);
        (void)add_missing_dataset_columns(db);
        files::make_private(file);  // -wal and -shm exist now
        return db;
    } catch (const SQLite::Exception& e) {
        throw StoreError("cannot open database " + file.string() + ": " + e.what());
    }
}

}  // namespace pt::server
