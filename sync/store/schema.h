// Internal to terminal::store: the schema as an ordered list of forward-only migration steps,
// keyed on PRAGMA user_version. Step i (0-based) takes a database from version i to i + 1.
// A step is never edited once released: a change is a new step at the end.
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <span>
#include <string_view>

namespace pt::store::detail {

/// Every step of the schema's history, oldest first; size() == current_schema_version().
[[nodiscard]] std::span<const std::string_view> migrations();

/// PRAGMA user_version of the open database.
[[nodiscard]] int user_version(SQLite::Database& db);

/// Throws StoreError(too_new) when the database is newer than `steps` — before anything is written.
void refuse_newer(SQLite::Database& db, std::span<const std::string_view> steps,
                  const std::filesystem::path& file);

/// Runs the missing steps, each in its own IMMEDIATE transaction that also bumps user_version,
/// so a failure leaves the database at the last complete version. Safe when another connection
/// migrates at the same time (the version is re-read under the write lock).
/// Throws StoreError (too_new, or the SQLite failure of the step).
void migrate(SQLite::Database& db, std::span<const std::string_view> steps,
             const std::filesystem::path& file);

/// Adds the plan cache columns of sync/plan/record_fields.h that the database lacks, in one
/// IMMEDIATE transaction: a field added to a view record needs a row in its table, no
/// migration step. Throws SQLite::Exception.
void add_missing_plan_columns(SQLite::Database& db);

}  // namespace pt::store::detail
