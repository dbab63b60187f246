// Plan cache rows: one typed table per object kind, keyed (partner_id, id). NULL = absent column.
#include "sync/store/plan_cache.h"

#include <SQLiteCpp/Transaction.h>

#include "sync/plan/record_fields.h"
#include "sync/sql/record_sql.h"
#include "sync/store/db_impl.h"

namespace pt::store {
namespace {

using detail::bind_text;

constexpr std::array<const char*, 5> kTables{"plan_orders", "plan_resources", "plan_work_steps",
                                             "plan_processes", "plan_step_notes"};

// ---- writing -------------------------------------------------------------------------------

/// `INSERT OR REPLACE INTO table (partner_id, <the table's columns>) VALUES (?, …)`.
template <typename Table>
std::string upsert_sql(const char* table, const Table& fields) {
    return std::string("INSERT OR REPLACE INTO ") + table + " (partner_id, " +
           sql::column_list(fields) + ") VALUES (?, " + sql::placeholders(fields) + ")";
}

/// The statements of one write transaction, prepared once for all its objects.
class Writer {
public:
    Writer(SQLite::Database& db, std::string_view partner_id)
        : partner_(partner_id),
          order_(db, upsert_sql("plan_orders", plan::kViewOrderFields)),
          resource_(db, upsert_sql("plan_resources", plan::kViewResourceFields)),
          work_step_(db, upsert_sql("plan_work_steps", plan::kViewWorkStepFields)),
          process_(db, upsert_sql("plan_processes", plan::kViewProcessFields)),
          step_note_(db, upsert_sql("plan_step_notes", plan::kViewStepNoteFields)) {}

    void upsert(const plan::PartnerView& view) {
        for (const auto& order : view.orders)
            put(order_, plan::kViewOrderFields, order);
        for (const auto& resource : view.resources)
            put(resource_, plan::kViewResourceFields, resource);
        for (const auto& step : view.work_steps)
            put(work_step_, plan::kViewWorkStepFields, step);
        for (const auto& process : view.processes)
            put(process_, plan::kViewProcessFields, process);
        for (const auto& note : view.step_notes)
            put(step_note_, plan::kViewStepNoteFields, note);
    }

private:
    /// A column R9 left out is NULL (the view's empty optional).
    template <typename Table, typename Record>
    void put(SQLite::Statement& statement, const Table& table, const Record& record) {
        statement.bind(1, partner_);
        (void)sql::bind_fields(statement, 2, table, record);
        statement.exec();
        statement.reset();
    }

    std::string partner_;
    SQLite::Statement order_;
    SQLite::Statement resource_;
    SQLite::Statement work_step_;
    SQLite::Statement process_;
    SQLite::Statement step_note_;
};

void remove_ids(SQLite::Database& db, const char* table, std::string_view partner_id,
                const std::vector<std::string>& ids) {
    if (ids.empty()) return;
    SQLite::Statement erase(
        db, std::string("DELETE FROM ") + table + " WHERE partner_id = ? AND id = ?");
    for (const auto& id : ids) {
        bind_text(erase, 1, partner_id);
        erase.bind(2, id);
        erase.exec();
        erase.reset();
    }
}

void remove_partner(SQLite::Database& db, std::string_view partner_id) {
    for (const char* table : kTables) {
        SQLite::Statement erase(db, std::string("DELETE FROM ") + table + " WHERE partner_id = ?");
        bind_text(erase, 1, partner_id);
        erase.exec();
    }
}

void store_cursor(TerminalDb::Impl& impl, std::string_view partner_id, std::string_view cursor,
                  std::int64_t reflects_outbox_through) {
    SQLite::Statement upsert(impl.db,
                             "INSERT OR REPLACE INTO plan_cursors (partner_id, cursor, synced_at, "
                             "reflects_outbox_through) VALUES (?, ?, ?, ?)");
    bind_text(upsert, 1, partner_id);
    bind_text(upsert, 2, cursor);
    upsert.bind(3, detail::to_millis(impl.clock()));
    upsert.bind(4, reflects_outbox_through);
    upsert.exec();
}

void write_reset(TerminalDb::Impl& impl, std::string_view partner_id, const plan::PartnerView& view,
                 std::string_view cursor, std::int64_t reflects_outbox_through) {
    SQLite::Transaction transaction(impl.db, SQLite::TransactionBehavior::IMMEDIATE);
    remove_partner(impl.db, partner_id);
    Writer(impl.db, partner_id).upsert(view);
    store_cursor(impl, partner_id, cursor, reflects_outbox_through);
    transaction.commit();
}

void require_partner(std::string_view partner_id, std::string_view action) {
    if (partner_id.empty()) {
        throw detail::misuse(std::string(action) + ": the partner id is empty");
    }
}

// ---- loading ---------------------------------------------------------------------------------

template <typename Item, typename Table>
std::vector<Item> load_kind(SQLite::Database& db, const Table& fields, const char* table,
                            std::string_view partner_id) {
    // Sized up front: grown by doubling, 10,000 work steps would hold room for 16,384 (~3 MB
    // more for as long as the kiosk shows them).
    SQLite::Statement count(db,
                            std::string("SELECT count(*) FROM ") + table + " WHERE partner_id = ?");
    bind_text(count, 1, partner_id);
    std::vector<Item> items;
    if (count.executeStep()) items.reserve(static_cast<std::size_t>(count.getColumn(0).getInt64()));
    SQLite::Statement query(db, "SELECT " + sql::column_list(fields) + " FROM " + table +
                                    " WHERE partner_id = ? ORDER BY id");
    bind_text(query, 1, partner_id);
    while (query.executeStep()) {
        Item item;
        try {
            (void)sql::read_fields(query, 0, fields, item);
        } catch (const sql::UnknownValue& e) {
            throw detail::bad_value(table, e.column(), e.value());
        }
        items.push_back(std::move(item));
    }
    return items;
}

}  // namespace

void PlanCache::replace(std::string_view partner_id, const plan::PartnerView& view,
                        std::string_view cursor, std::int64_t reflects_outbox_through) {
    require_partner(partner_id, "replacing a cached plan");
    auto& impl = db_.impl();
    detail::guarded(impl, "replacing the cached plan of partner " + std::string(partner_id),
                    [&] { write_reset(impl, partner_id, view, cursor, reflects_outbox_through); });
}

void PlanCache::apply(std::string_view partner_id, const protocol::PlanResponse& response,
                      std::int64_t reflects_outbox_through) {
    require_partner(partner_id, "applying a plan response");
    auto& impl = db_.impl();
    detail::guarded(impl, "applying a plan response for partner " + std::string(partner_id), [&] {
        if (response.reset) {
            write_reset(impl, partner_id, response.view, response.cursor, reflects_outbox_through);
            return;
        }
        // The delta and its cursor commit together: a crash leaves the old view with the old
        // cursor (the next pull repeats the delta) or the new view with the new cursor.
        SQLite::Transaction transaction(impl.db, SQLite::TransactionBehavior::IMMEDIATE);
        Writer(impl.db, partner_id).upsert(response.view);
        remove_ids(impl.db, "plan_orders", partner_id, response.removed.orders);
        remove_ids(impl.db, "plan_resources", partner_id, response.removed.resources);
        remove_ids(impl.db, "plan_work_steps", partner_id, response.removed.work_steps);
        remove_ids(impl.db, "plan_processes", partner_id, response.removed.processes);
        remove_ids(impl.db, "plan_step_notes", partner_id, response.removed.step_notes);
        store_cursor(impl, partner_id, response.cursor, reflects_outbox_through);
        transaction.commit();
    });
}

plan::PartnerView PlanCache::load(std::string_view partner_id) const {
    auto& impl = db_.impl();
    return detail::guarded(
        impl, "loading the cached plan of partner " + std::string(partner_id), [&] {
            // One WAL snapshot, so a concurrent apply is seen whole or not at all.
            const detail::ReadSnapshot snapshot(impl.db);
            plan::PartnerView view;
            view.orders = load_kind<plan::ViewOrder>(impl.db, plan::kViewOrderFields, "plan_orders",
                                                     partner_id);
            view.resources = load_kind<plan::ViewResource>(impl.db, plan::kViewResourceFields,
                                                           "plan_resources", partner_id);
            view.work_steps = load_kind<plan::ViewWorkStep>(impl.db, plan::kViewWorkStepFields,
                                                            "plan_work_steps", partner_id);
            view.processes = load_kind<plan::ViewProcess>(impl.db, plan::kViewProcessFields,
                                                          "plan_processes", partner_id);
            view.step_notes = load_kind<plan::ViewStepNote>(impl.db, plan::kViewStepNoteFields,
                                                            "plan_step_notes", partner_id);
            return view;
        });
}

std::optional<std::string> PlanCache::cursor(std::string_view partner_id) const {
    const auto state = sync_state(partner_id);
    if (!state) return std::nullopt;
    return state->cursor;
}

std::optional<SyncState> PlanCache::sync_state(std::string_view partner_id) const {
    auto& impl = db_.impl();
    return detail::guarded(impl, "reading the sync cursor", [&] {
        SQLite::Statement query(impl.db,
                                "SELECT cursor, synced_at FROM plan_cursors WHERE partner_id = ?");
        bind_text(query, 1, partner_id);
        std::optional<SyncState> state;
        if (query.executeStep()) {
            state = SyncState{query.getColumn(0).getString(),
                              detail::from_millis(query.getColumn(1).getInt64())};
        }
        return state;
    });
}

void PlanCache::forget(std::string_view partner_id) {
    auto& impl = db_.impl();
    detail::guarded(impl, "forgetting the cached plan of partner " + std::string(partner_id), [&] {
        SQLite::Transaction transaction(impl.db, SQLite::TransactionBehavior::IMMEDIATE);
        remove_partner(impl.db, partner_id);
        SQLite::Statement erase(impl.db, "DELETE FROM plan_cursors WHERE partner_id = ?");
        bind_text(erase, 1, partner_id);
        erase.exec();
        transaction.commit();
    });
}

}  // namespace pt::store
