// The central plan in typed SQLite tables. Each object's row key is its position in the plan
// (its plan::Handle), so loading in key order rebuilds the plan in insertion order and
// `GET /admin/v1/dataset` lists objects in the same order before and after a restart.
// Writers expect the caller to hold a transaction; every failure throws SQLite::Exception.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "sync/plan/plan.h"

namespace pt::server {

class Credentials;

class DatasetStore {
public:
    /// `db` must already carry the schema (open_database()) and outlive the store.
    explicit DatasetStore(SQLite::Database& db);

    /// True when some operator's badge is stored as a keyed hash (the key file must exist).
    [[nodiscard]] bool has_sealed_credentials();
    /// Replaces every badge and PIN still stored in clear (written before schema 5) by its hash;
    /// the number of operators sealed.
    int seal_credentials(const Credentials& credentials);
    /// R14 counts from finished_at: work steps finished before plan-server kept it get `now`
    /// (they leave the views finished_retention_days after this start). Returns how many.
    int stamp_finished_without_time(plan::Timestamp now);
    /// True once a dataset was stored (even an empty one); `--demo` loads only when false.
    [[nodiscard]] bool has_dataset();
    /// The stored dataset, objects in position order. Throws StoreError on a bad enum name.
    [[nodiscard]] plan::Dataset load();

    /// Replaces every dataset table with the plan's content (one pass, prepared statements).
    void replace_all(const plan::Plan& plan);
    void save_settings(const plan::Settings& settings);
    /// Name, modules, process feedback option and operators.
    void save_partner(plan::Handle pos, const plan::Partner& partner);
    void save_resource(plan::Handle pos, const plan::Resource& resource);
    void save_order(plan::Handle pos, const plan::Order& order);
    void save_work_step(plan::Handle pos, const plan::WorkStep& step);
    void save_process(plan::Handle pos, const plan::Process& process);

    // After a removal in the plan (plan.h): the row at `pos` and its child rows go, and the
    // last row (`last`, before the removal), when it is another, takes `pos` with its children.
    void remove_partner(plan::Handle pos, plan::Handle last);
    void remove_resource(plan::Handle pos, plan::Handle last);
    void remove_order(plan::Handle pos, plan::Handle last);
    void remove_work_step(plan::Handle pos, plan::Handle last);
    void remove_process(plan::Handle pos, plan::Handle last);

private:
    void insert_partner(plan::Handle pos, const plan::Partner& partner);
    void insert_resource(plan::Handle pos, const plan::Resource& resource);
    void insert_order(plan::Handle pos, const plan::Order& order);
    /// `table`'s row at `pos` goes and the one at `last` moves there; likewise the rows of
    /// `children` (if any) whose `owner` column holds those positions.
    void remove_row(const char* table, const char* children, const char* owner, plan::Handle pos,
                    plan::Handle last);

    SQLite::Database& db_;
    SQLite::Statement put_partner_, put_operator_, put_resource_, put_resource_partner_, put_order_,
        put_named_partner_, put_work_step_, put_process_;
};

}  // namespace pt::server
