// The generic migration of plan-server's dataset tables: a column of sync/plan/record_fields.h
// missing from an existing database is added at open, and existing rows take the value of a
// default-constructed record, without a schema version of its own.
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "sync/plan/plan.h"
#include "sync/server/database.h"
#include "sync/server/dataset_store.h"
#include "sync/sql/record_sql.h"
#include "tests/support/temp_dir.h"

namespace pt::server {

TEST_CASE("a dataset column missing from an older database is added at open") {
    test::TempDir dir("pt-db-columns-");
    const auto file = dir / "plan.db";
    {
        SQLite::Database db = open_database(file);
        // The layout of a database written before `notes` existed, with one row in it.
        db.exec(
            "ALTER TABLE work_steps DROP COLUMN notes;"
            "ALTER TABLE processes DROP COLUMN notes;"
            "INSERT INTO work_steps (pos, id, order_id, seq, operation, resource_id, "
            "planned_start, planned_end, quantity, status, quantity_good, quantity_scrap) "
            "VALUES (0, 'W1', 'O1', 10, 'Coat', 'R1', 100, 200, 5, 'open', 0, 0);");
        REQUIRE_FALSE(pt::sql::column_names(db, "work_steps").contains("notes"));
    }
    SQLite::Database db = open_database(file);
    CHECK(pt::sql::column_names(db, "work_steps").contains("notes"));
    CHECK(pt::sql::column_names(db, "processes").contains("notes"));
    SQLite::Statement row(db, "SELECT notes FROM work_steps WHERE id = 'W1'");
    REQUIRE(row.executeStep());
    CHECK(row.getColumn(0).getString() == "");       // a default WorkStep's notes
    CHECK(add_missing_dataset_columns(db).empty());  // nothing left to add
}

TEST_CASE("the generic migration names what it added, and the store then keeps the field") {
    test::TempDir dir("pt-db-columns-");
    const auto file = dir / "plan.db";
    {
        SQLite::Database db = open_database(file);
        db.exec("ALTER TABLE orders DROP COLUMN article; ALTER TABLE partners DROP COLUMN name;");
        CHECK(add_missing_dataset_columns(db) ==
              std::vector<std::string>{"partners.name", "orders.article"});
    }
    SQLite::Database db = open_database(file);
    DatasetStore store(db);
    plan::Order order;
    order.id = "O1";
    order.number = "PO-1";
    order.article = "Bracket";
    order.due = plan::Timestamp{std::chrono::seconds{1'795'000'000}};
    store.save_order(0, order);
    const plan::Dataset loaded = store.load();
    REQUIRE(loaded.orders.size() == 1);
    CHECK(loaded.orders[0] == order);
}

}  // namespace pt::server
