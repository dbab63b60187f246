// Schema migrations (issue #3: forward-only, keyed on PRAGMA user_version, each tested from every
// older version). A database is built at each older version with the historical steps kept in
// the migration list, filled with rows of that version, and opened by TerminalDb: it must reach
// the current version with exactly the schema of a fresh database and keep every row.
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "sync/store/outbox.h"
#include "sync/store/schema.h"
#include "tests/store/store_fixture.h"

using namespace pt::store;
using namespace pt::store::testing;

namespace {

const int kRaw = SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE;

std::string schema_of(SQLite::Database& db) {
    SQLite::Statement query(db,
                            "SELECT type || ' ' || name || ': ' || coalesce(sql, '') "
                            "FROM sqlite_master ORDER BY type, name");
    std::string schema;
    while (query.executeStep())
        schema += query.getColumn(0).getString() + "\n";
    return schema;
}

std::int64_t count_rows(SQLite::Database& db, const std::string& table) {
    SQLite::Statement query(db, "SELECT count(*) FROM " + table);
    query.executeStep();
    return query.getColumn(0).getInt64();
}

/// Rows written with the SQL of one version, and the tables they went into. Index = version;
/// a new schema version adds its seed here so later migrations are proven to keep its data.
struct Seed {
    std::function<void(SQLite::Database&)> fill;
    std::vector<std::string> tables;
};

const std::vector<Seed>& seeds() {
    static const std::vector<Seed> list{
        {[](SQLite::Database&) {}, {}},  // version 0: an empty file
        {[](SQLite::Database& db) {      // version 1
             db.exec(
                 "INSERT INTO outbox (id, partner_id, operator_id, type, target_id, occurred_at, "
                 "data_reason, data_good, data_scrap, data_scrap_reason, data_process_status, "
                 "data_comment, created_at) VALUES ('e1', 'P1', 'OP1', 'work_step.started', "
                 "'W1', 1795000000, '', 0, 0, '', NULL, '', 1795000000000)");
             db.exec(
                 "INSERT INTO plan_work_steps (partner_id, id, order_id, resource_id, status, "
                 "feedback_allowed) VALUES ('P1', 'W1', 'O1', 'R1', 'open', 1)");
             db.exec("INSERT INTO plan_cursors VALUES ('P1', 'c1', 1795000000000)");
             db.exec("INSERT INTO credentials VALUES (1, 'T1', 'secret-token', 1795000000000)");
         },
         {"outbox", "plan_work_steps", "plan_cursors", "credentials"}},
        {[](SQLite::Database& db) {  // version 2
             db.exec(
                 "INSERT INTO outbox (id, partner_id, operator_id, type, target_id, occurred_at, "
                 "data_reason, data_good, data_scrap, data_scrap_reason, data_process_status, "
                 "data_comment, state, created_at, answered_at) VALUES ('e2', 'P1', 'OP1', "
                 "'work_step.started', 'W1', 1795000000, '', 0, 0, '', NULL, '', 'accepted', "
                 "1795000000000, 1795000001000)");
             db.exec("INSERT INTO plan_cursors VALUES ('P1', 'c2', 1795000002000, 1)");
         },
         {"outbox", "plan_cursors"}},
        {[](SQLite::Database& db) {  // version 3
             db.exec(
                 "INSERT INTO outbox (id, partner_id, operator_id, type, target_id, occurred_at, "
                 "data_reason, data_good, data_scrap, data_scrap_reason, data_process_status, "
                 "data_comment, created_at, operator_name) VALUES ('e3', 'P1', 'OP1', "
                 "'work_step.joined', 'W1', 1795000000, '', 0, 0, '', NULL, '', 1795000003000, "
                 "'Ana')");
         },
         {"outbox"}},
        {[](SQLite::Database& db) {  // version 4
             db.exec("INSERT INTO operator_languages VALUES ('OP1', 'de')");
         },
         {"operator_languages"}},
        {[](SQLite::Database& db) {  // version 5
             db.exec(
                 "INSERT INTO outbox (id, partner_id, operator_id, type, target_id, occurred_at, "
                 "data_reason, data_good, data_scrap, data_scrap_reason, data_process_status, "
                 "data_comment, created_at, operator_name, data_text) VALUES ('e5', 'P1', 'OP1', "
                 "'work_step.note', 'W1', 1795000000, '', 0, 0, '', NULL, '', 1795000005000, "
                 "'Ana', 'Haftgrund dünn')");
             db.exec(
                 "INSERT INTO plan_step_notes VALUES ('n1', 'P1', 'W1', 'Ana', 1795000000, "
                 "'Haftgrund dünn')");
             db.exec(
                 "INSERT INTO handover_logouts VALUES ('OP1', 'P1', "
                 "'W1\tR1\t1795000000\t-\t10\topen\tn1\n')");
         },
         {"outbox", "plan_step_notes", "handover_logouts"}},
    };
    return list;
}

/// Builds `file` at `version` with the historical steps, filled with that version's seed.
void build_at_version(const std::filesystem::path& file, int version) {
    SQLite::Database db(file.string(), kRaw);
    const auto steps = detail::migrations().first(static_cast<std::size_t>(version));
    detail::migrate(db, steps, file);
    REQUIRE(detail::user_version(db) == version);
    seeds().at(static_cast<std::size_t>(version)).fill(db);
}

}  // namespace

TEST_CASE("every historical version has a seed") {
    CHECK(seeds().size() == detail::migrations().size() + 1);
}

TEST_CASE("a new file is created at the current schema version") {
    StoreFixture f;
    const auto db = f.open();
    CHECK(db->schema_version() == current_schema_version());
    CHECK(current_schema_version() >= 1);
}

TEST_CASE("every older version migrates to the current schema and keeps its rows") {
    StoreFixture fresh_fixture;
    { (void)fresh_fixture.open(); }
    SQLite::Database fresh(fresh_fixture.file.string(), SQLite::OPEN_READONLY);
    const std::string current_schema = schema_of(fresh);

    for (int version = 0; version < current_schema_version(); ++version) {
        CAPTURE(version);
        StoreFixture f;
        build_at_version(f.file, version);
        std::vector<std::int64_t> counts;
        {
            SQLite::Database db(f.file.string(), SQLite::OPEN_READONLY);
            for (const auto& table : seeds()[static_cast<std::size_t>(version)].tables) {
                counts.push_back(count_rows(db, table));
            }
        }
        {
            const auto db = f.open();
            CHECK(db->schema_version() == current_schema_version());
        }
        SQLite::Database db(f.file.string(), SQLite::OPEN_READONLY);
        CHECK(schema_of(db) == current_schema);
        const auto& tables = seeds()[static_cast<std::size_t>(version)].tables;
        for (std::size_t i = 0; i < tables.size(); ++i) {
            CAPTURE(tables[i]);
            CHECK(count_rows(db, tables[i]) == counts[i]);
        }
    }
}

// The mechanism itself, with a test-only step after the real history: it runs only the missing
// steps, keeps data, and a failing step leaves the last complete version.
TEST_CASE("migrate runs only missing steps, one transaction each") {
    StoreFixture f;
    const int current = current_schema_version();
    build_at_version(f.file, current);
    std::vector<std::string_view> steps(detail::migrations().begin(), detail::migrations().end());

    SUBCASE("an added step runs once and keeps the rows of the older version") {
        steps.push_back("CREATE TABLE test_added (x INTEGER); INSERT INTO test_added VALUES (7);");
        SQLite::Database db(f.file.string(), kRaw);
        detail::migrate(db, steps, f.file);
        detail::migrate(db, steps, f.file);  // nothing left to do
        CHECK(detail::user_version(db) == current + 1);
        CHECK(count_rows(db, "test_added") == 1);
        for (const auto& table : seeds().back().tables)
            CHECK(count_rows(db, table) == 1);
    }
    SUBCASE("a failing step is rolled back whole and the version stays") {
        steps.push_back("CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table;");
        SQLite::Database db(f.file.string(), kRaw);
        CHECK_THROWS_AS(detail::migrate(db, steps, f.file), SQLite::Exception);
        CHECK(detail::user_version(db) == current);
        SQLite::Statement query(db, "SELECT count(*) FROM sqlite_master WHERE name = 'half_done'");
        query.executeStep();
        CHECK(query.getColumn(0).getInt() == 0);
    }
}

TEST_CASE("a database from a newer version is refused and left untouched") {
    StoreFixture f;
    { (void)f.open(); }
    {
        SQLite::Database db(f.file.string(), SQLite::OPEN_READWRITE);
        db.exec("PRAGMA user_version = " + std::to_string(current_schema_version() + 1));
    }
    const std::string before = read_file(f.file);
    REQUIRE_FALSE(before.empty());
    try {
        (void)f.open();
        FAIL("a newer database was opened");
    } catch (const StoreError& error) {
        CHECK(error.kind() == StoreErrorKind::too_new);
        CHECK(std::string(error.what()).find("newer") != std::string::npos);
    }
    CHECK(read_file(f.file) == before);
}

TEST_CASE("two connections opening a new file at once both end at the current version") {
    for (int round = 0; round < 5; ++round) {
        StoreFixture f;
        std::vector<int> versions(2, -1);
        std::vector<std::string> errors(2);
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < 2; ++i) {
            threads.emplace_back([&, i] {
                try {
                    TerminalDb db(f.file, TerminalDbOptions{.clock = f.clock.clock()});
                    versions[i] = db.schema_version();
                } catch (const std::exception& e) {
                    errors[i] = e.what();
                }
            });
        }
        for (auto& thread : threads)
            thread.join();
        for (std::size_t i = 0; i < 2; ++i) {
            CHECK(errors[i] == "");
            CHECK(versions[i] == current_schema_version());
        }
    }
}

// Issue #12: rows recorded `duplicate` before duplicates carried their first answer are asked
// once more; caches pulled before the update reflect everything answered so far.
TEST_CASE("version 2: old duplicates are asked again, old caches reflect what was answered") {
    StoreFixture f;
    {
        SQLite::Database db(f.file.string(), kRaw);
        detail::migrate(db, detail::migrations().first(1), f.file);
        const auto row = [&](const std::string& id, const std::string& state,
                             const std::string& reason, const std::string& answered) {
            db.exec(
                "INSERT INTO outbox (id, partner_id, operator_id, type, target_id, occurred_at, "
                "data_reason, data_good, data_scrap, data_scrap_reason, data_process_status, "
                "data_comment, state, reason, created_at, answered_at) VALUES ('" +
                id +
                "', 'P1', 'OP1', 'work_step.started', 'W1', 1795000000, '', 0, 0, '', NULL, "
                "'', '" +
                state + "', '" + reason + "', 1795000000000, " + answered + ")");
        };
        row("e1", "accepted", "", "1795000001000");
        row("e2", "duplicate", "", "1795000001000");
        row("e3", "rejected", "not_visible", "1795000001000");
        row("e4", "pending", "", "NULL");
        db.exec("INSERT INTO plan_cursors VALUES ('P1', 'c1', 1795000002000)");
    }
    const auto db = f.open();
    Outbox outbox(*db);
    CHECK(outbox.find("e1")->state == OutboxState::accepted);
    CHECK(outbox.find("e2")->state == OutboxState::pending);
    CHECK_FALSE(outbox.find("e2")->answered_at.has_value());
    CHECK(outbox.find("e3")->state == OutboxState::rejected);
    CHECK(outbox.pending(10).size() == 2);  // e2 goes again first, then e4
    CHECK(outbox.pending(10).front().event.id == "e2");
    // The cache was pulled after e1–e3 were answered: only e4 is laid on top of it.
    const auto unreflected = outbox.unreflected("P1");
    REQUIRE(unreflected.size() == 1);
    CHECK(unreflected[0].event.id == "e4");
}
