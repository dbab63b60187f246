#include "sync/store/schema.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <array>
#include <string>

#include "sync/plan/record_fields.h"
#include "sync/sql/record_sql.h"
#include "sync/store/db_impl.h"

namespace pt::store::detail {
namespace {

// Version 1. Times: `*_at` INTEGER milliseconds since the epoch, except the plan's own times
// (due, planned_*, occurred_at) which are whole seconds like sync/plan's Timestamp.
constexpr std::string_view kSchemaV1 = R"sql(
-- Outbox (product.md §5): every recorded event until the central plan has answered it.
-- AUTOINCREMENT: a sequence number is never reused, even after answered rows are pruned.
CREATE TABLE outbox (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    partner_id TEXT NOT NULL,
    operator_id TEXT NOT NULL,
    type TEXT NOT NULL,
    target_id TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    data_reason TEXT NOT NULL,
    data_good INTEGER NOT NULL,
    data_scrap INTEGER NOT NULL,
    data_scrap_reason TEXT NOT NULL,
    data_process_status TEXT,
    data_comment TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'accepted', 'duplicate', 'rejected')),
    reason TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    answered_at INTEGER
);
CREATE INDEX outbox_pending ON outbox (sequence) WHERE state = 'pending';
CREATE INDEX outbox_rejected ON outbox (partner_id, sequence) WHERE state = 'rejected';

-- Plan cache (R11): every row belongs to one partner; every query names it.
-- A column the administrator did not choose (R9) is NULL here and absent in the view.
CREATE TABLE plan_orders (
    partner_id TEXT NOT NULL,
    id TEXT NOT NULL,
    number TEXT NOT NULL,
    article TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    due INTEGER NOT NULL,
    parent_id TEXT,
    top_id TEXT NOT NULL,
    PRIMARY KEY (partner_id, id)
) WITHOUT ROWID;
CREATE TABLE plan_resources (
    partner_id TEXT NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    own INTEGER NOT NULL,
    PRIMARY KEY (partner_id, id)
) WITHOUT ROWID;
CREATE TABLE plan_work_steps (
    partner_id TEXT NOT NULL,
    id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    status TEXT NOT NULL,
    feedback_allowed INTEGER NOT NULL,
    order_number TEXT,
    article TEXT,
    operation TEXT,
    seq INTEGER,
    resource_name TEXT,
    planned_start INTEGER,
    planned_end INTEGER,
    quantity INTEGER,
    quantity_good INTEGER,
    quantity_scrap INTEGER,
    notes TEXT,
    PRIMARY KEY (partner_id, id)
) WITHOUT ROWID;
CREATE TABLE plan_processes (
    partner_id TEXT NOT NULL,
    id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    status TEXT NOT NULL,
    feedback_allowed INTEGER NOT NULL,
    order_number TEXT,
    name TEXT,
    type TEXT,
    due INTEGER,
    notes TEXT,
    PRIMARY KEY (partner_id, id)
) WITHOUT ROWID;
CREATE TABLE plan_cursors (
    partner_id TEXT PRIMARY KEY,
    cursor TEXT NOT NULL,
    synced_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Offline login (product.md §5): salted slow hashes only, never a badge or a PIN.
-- `bucket` is a few bits of a keyed BLAKE2b of the badge, so verify() checks few records.
CREATE TABLE badge_key (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    key BLOB NOT NULL
);
CREATE TABLE badges (
    operator_id TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL,
    bucket INTEGER NOT NULL,
    badge_hash TEXT NOT NULL,
    pin_hash TEXT,
    profile TEXT NOT NULL,
    last_online_login INTEGER NOT NULL
);
CREATE INDEX badges_by_bucket ON badges (bucket);

-- Enrolment (product.md §6): the terminal's own identity and token.
CREATE TABLE credentials (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    terminal_id TEXT NOT NULL,
    token TEXT NOT NULL,
    saved_at INTEGER NOT NULL
);
)sql";

// Version 2 (issue #12). The optimistic view holds until the truth arrives: a cached plan
// remembers the highest outbox sequence already answered when the pull that made it was sent;
// accepted events after it are not in the cache yet and stay laid on top of it. An existing
// cache was pulled after everything answered so far. Rows recorded `duplicate` before
// duplicates carried their first answer are asked once more, so a refused one reaches the
// attention screen instead of counting as delivered.
constexpr std::string_view kSchemaV2 = R"sql(
ALTER TABLE plan_cursors ADD COLUMN reflects_outbox_through INTEGER NOT NULL DEFAULT 0;
UPDATE plan_cursors SET reflects_outbox_through =
    (SELECT coalesce(max(sequence), 0) FROM outbox WHERE state != 'pending');
UPDATE outbox SET state = 'pending', reason = '', answered_at = NULL WHERE state = 'duplicate';
)sql";

// Version 3 (issue 17): the name of the operator who recorded an event, so the optimistic view
// shows who joined a step or wrote a note before the server's answer names them. Events
// recorded before it show the operator's id until the next pull.
constexpr std::string_view kSchemaV3 = R"sql(
ALTER TABLE outbox ADD COLUMN operator_name TEXT NOT NULL DEFAULT '';
)sql";

// Version 4 (issue 17): the language each operator chose here, shown again at their next login.
constexpr std::string_view kSchemaV4 = R"sql(
CREATE TABLE operator_languages (
    operator_id TEXT PRIMARY KEY,
    language TEXT NOT NULL
);
)sql";

// Version 5 (issue 17): the data of notes and corrections in the outbox, and the notes on the
// partner's own steps that come with the plan (R11 like every cached row); what each operator
// left at logout, for the next login's "changed since" (handover).
constexpr std::string_view kSchemaV5 = R"sql(
ALTER TABLE outbox ADD COLUMN data_text TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN data_corrects TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN data_approved_by TEXT NOT NULL DEFAULT '';
CREATE TABLE plan_step_notes (
    partner_id TEXT NOT NULL,
    id TEXT NOT NULL,
    work_step_id TEXT NOT NULL,
    operator_name TEXT NOT NULL,
    at INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (partner_id, id)
) WITHOUT ROWID;
-- Handover (product.md §8): each operator's partner's own steps as they left them at logout,
-- one line per step (HandoverMemory's format): one row to write at a logout, not thousands.
CREATE TABLE handover_logouts (
    operator_id TEXT PRIMARY KEY,
    partner_id TEXT NOT NULL,
    steps TEXT NOT NULL
) WITHOUT ROWID;
)sql";

constexpr std::array<std::string_view, 5> kMigrations{kSchemaV1, kSchemaV2, kSchemaV3, kSchemaV4,
                                                      kSchemaV5};

StoreError too_new(int version, std::size_t known, const std::filesystem::path& file) {
    return StoreError(StoreErrorKind::too_new,
                      "database " + file.string() + " has schema version " +
                          std::to_string(version) + ", newer than this program's " +
                          std::to_string(known) + "; it was left untouched");
}

}  // namespace

void add_missing_plan_columns(SQLite::Database& db) {
    // Done after the versioned steps, which created these tables with the columns of their time.
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    (void)sql::add_missing_columns(db, "plan_orders", sql::column_specs(plan::kViewOrderFields));
    (void)sql::add_missing_columns(db, "plan_resources",
                                   sql::column_specs(plan::kViewResourceFields));
    (void)sql::add_missing_columns(db, "plan_work_steps",
                                   sql::column_specs(plan::kViewWorkStepFields));
    (void)sql::add_missing_columns(db, "plan_processes",
                                   sql::column_specs(plan::kViewProcessFields));
    (void)sql::add_missing_columns(db, "plan_step_notes",
                                   sql::column_specs(plan::kViewStepNoteFields));
    transaction.commit();
}

std::span<const std::string_view> migrations() {
    return kMigrations;
}

int user_version(SQLite::Database& db) {
    SQLite::Statement query(db, "PRAGMA user_version");
    query.executeStep();
    return query.getColumn(0).getInt();
}

void refuse_newer(SQLite::Database& db, std::span<const std::string_view> steps,
                  const std::filesystem::path& file) {
    const int version = user_version(db);
    if (version < 0 || static_cast<std::size_t>(version) > steps.size()) {
        throw too_new(version, steps.size(), file);
    }
}

void migrate(SQLite::Database& db, std::span<const std::string_view> steps,
             const std::filesystem::path& file) {
    const int target = static_cast<int>(steps.size());
    for (;;) {
        if (user_version(db) >= target) break;  // cheap check without the write lock
        SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
        const int version = user_version(db);  // another connection may have migrated
        if (version > target || version < 0) throw too_new(version, steps.size(), file);
        if (version == target) break;
        db.exec(std::string(steps[static_cast<std::size_t>(version)]));
        db.exec("PRAGMA user_version = " + std::to_string(version + 1));
        transaction.commit();
    }
    refuse_newer(db, steps, file);
}

}  // namespace pt::store::detail
