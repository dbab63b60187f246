// The SQLite file of plan-server: opening, pragmas and the schema (migrated by user_version).
// One connection, used only under PlanService's mutex (architecture.md: no connection crosses
// threads without one lock).
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace pt::server {

/// The database could not be opened, is not ours, or is newer than this program.
class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The schema version this program writes (PRAGMA user_version).
inline constexpr int kSchemaVersion = 11;

/// Opens (creating if needed) the database, sets WAL, foreign keys and synchronous=NORMAL
/// (a power cut may lose the last commits of the server, never corrupt it), and migrates the
/// schema to kSchemaVersion. Throws StoreError with the file name and SQLite's message.
[[nodiscard]] SQLite::Database open_database(const std::filesystem::path& file);

/// Adds the dataset columns of sync/plan/record_fields.h that the open database lacks (ALTER
/// TABLE ADD COLUMN, existing rows take a default record's value); open_database calls it.
/// Returns them as `table.column`. Throws SQLite::Exception.
std::vector<std::string> add_missing_dataset_columns(SQLite::Database& db);

}  // namespace pt::server
