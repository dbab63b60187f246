// The generic migration of the plan cache: a view column of sync/plan/record_fields.h missing
// from an existing terminal database is added at open (no schema version of its own), and the
// cache then stores and returns it.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "sync/sql/record_sql.h"
#include "sync/store/plan_cache.h"
#include "sync/store/schema.h"
#include "tests/store/store_fixture.h"

using namespace pt::store;
using namespace pt::store::testing;

namespace {

/// A database at the current schema version whose plan tables lack `notes` (work steps,
/// processes) and `article` (orders), as one written before those fields existed; one row in it.
void build_old_layout(const std::filesystem::path& file) {
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    for (const auto step : detail::migrations())
        db.exec(std::string(step));
    db.exec("PRAGMA user_version = " + std::to_string(detail::migrations().size()));
    db.exec(
        "ALTER TABLE plan_work_steps DROP COLUMN notes;"
        "ALTER TABLE plan_processes DROP COLUMN notes;"
        "ALTER TABLE plan_orders DROP COLUMN article;"
        "INSERT INTO plan_orders (partner_id, id, number, quantity, due, parent_id, top_id) "
        "VALUES ('P1', 'O1', 'PO-1', 5, 100, NULL, 'O1');");
    REQUIRE_FALSE(pt::sql::column_names(db, "plan_work_steps").contains("notes"));
}

}  // namespace

TEST_CASE("a plan cache column missing from an older database is added at open") {
    StoreFixture f;
    build_old_layout(f.file);
    const auto db = f.open();
    {
        SQLite::Database raw(f.file.string(), SQLite::OPEN_READONLY);
        CHECK(pt::sql::column_names(raw, "plan_work_steps").contains("notes"));
        CHECK(pt::sql::column_names(raw, "plan_processes").contains("notes"));
        CHECK(pt::sql::column_names(raw, "plan_orders").contains("article"));
    }
    PlanCache cache(*db);
    // The old row takes a default record's value for the new required column.
    const pt::plan::PartnerView old = cache.load("P1");
    REQUIRE(old.orders.size() == 1);
    CHECK(old.orders[0].article == "");

    pt::plan::PartnerView view;
    pt::plan::ViewWorkStep step;
    step.id = "W1";
    step.order_id = "O1";
    step.resource_id = "R1";
    step.notes = "Handle with care";
    view.work_steps.push_back(step);
    cache.replace("P1", view, "c1", 0);
    CHECK(cache.load("P1") == view);
}

TEST_CASE("the generic migration leaves a current database as it is") {
    StoreFixture f;
    (void)f.open();
    SQLite::Database db(f.file.string(), SQLite::OPEN_READWRITE);
    const auto before = pt::sql::column_names(db, "plan_work_steps");
    detail::add_missing_plan_columns(db);
    CHECK(pt::sql::column_names(db, "plan_work_steps") == before);
}
