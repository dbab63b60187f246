// Plan cache rows: one typed table per object kind, keyed (partner_id, id). NULL = absent column.
#include "sync/store/plan_cache.h"

#include <SQLiteCpp/Transaction.h>

#include "sync/store/db_impl.h"

namespace pt::store {
namespace {

using detail::bind_text;

constexpr std::array<const char*, 4> kTables{"plan_orders", "plan_resources", "plan_work_steps",
                                             "plan_processes"};

// ---- binding (NULL for an absent column) --------------------------------------------------

std::int64_t seconds_of(plan::Timestamp time) {
    return time.time_since_epoch().count();
}

void bind_optional(SQLite::Statement& s, int index, const std::optional<std::string>& value) {
    if (value) {
        s.bind(index, *value);
    } else {
        s.bind(index);
    }
}

void bind_optional(SQLite::Statement& s, int index, const std::optional<std::int64_t>& value) {
    if (value) {
        s.bind(index, *value);
    } else {
        s.bind(index);
    }
}

void bind_optional(SQLite::Statement& s, int index, const std::optional<plan::Timestamp>& value) {
    if (value) {
        s.bind(index, seconds_of(*value));
    } else {
        s.bind(index);
    }
}

// ---- reading -------------------------------------------------------------------------------

plan::Timestamp timestamp_at(const SQLite::Statement& row, int index) {
    return plan::Timestamp(std::chrono::seconds(row.getColumn(index).getInt64()));
}

std::optional<std::string> optional_text(const SQLite::Statement& row, int index) {
    if (row.getColumn(index).isNull()) return std::nullopt;
    return row.getColumn(index).getString();
}

std::optional<std::int64_t> optional_int(const SQLite::Statement& row, int index) {
    if (row.getColumn(index).isNull()) return std::nullopt;
    return row.getColumn(index).getInt64();
}

std::optional<plan::Timestamp> optional_time(const SQLite::Statement& row, int index) {
    if (row.getColumn(index).isNull()) return std::nullopt;
    return timestamp_at(row, index);
}

template <typename Status, typename Parse>
Status status_at(const SQLite::Statement& row, int index, const char* table, Parse parse) {
    const std::string name = row.getColumn(index).getString();
    const std::optional<Status> status = parse(name);
    if (!status) throw detail::bad_value(table, "status", name);
    return *status;
}

// ---- writing -------------------------------------------------------------------------------

/// The statements of one write transaction, prepared once for all its objects.
class Writer {
public:
    Writer(SQLite::Database& db, std::string_view partner_id)
        : partner_(partner_id),
          order_(db,
                 "INSERT OR REPLACE INTO plan_orders (partner_id, id, number, article, quantity, "
                 "due, parent_id, top_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
          resource_(db,
                    "INSERT OR REPLACE INTO plan_resources (partner_id, id, name, own) "
                    "VALUES (?, ?, ?, ?)"),
          work_step_(db,
                     "INSERT OR REPLACE INTO plan_work_steps (partner_id, id, order_id, "
                     "resource_id, status, feedback_allowed, order_number, article, operation, "
                     "seq, resource_name, planned_start, planned_end, quantity, quantity_good, "
                     "quantity_scrap, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                     "?, ?)"),
          process_(db,
                   "INSERT OR REPLACE INTO plan_processes (partner_id, id, order_id, status, "
                   "feedback_allowed, order_number, name, type, due, notes) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") {}

    void upsert(const plan::PartnerView& view) {
        for (const auto& order : view.orders)
            put(order);
        for (const auto& resource : view.resources)
            put(resource);
        for (const auto& step : view.work_steps)
            put(step);
        for (const auto& process : view.processes)
            put(process);
    }

private:
    void put(const plan::ViewOrder& o) {
        order_.bind(1, partner_);
        order_.bind(2, o.id);
        order_.bind(3, o.number);
        order_.bind(4, o.article);
        order_.bind(5, o.quantity);
        order_.bind(6, seconds_of(o.due));
        bind_optional(order_, 7, o.parent_id);
        order_.bind(8, o.top_id);
        run(order_);
    }

    void put(const plan::ViewResource& r) {
        resource_.bind(1, partner_);
        resource_.bind(2, r.id);
        resource_.bind(3, r.name);
        resource_.bind(4, r.own ? 1 : 0);
        run(resource_);
    }

    void put(const plan::ViewWorkStep& w) {
        work_step_.bind(1, partner_);
        work_step_.bind(2, w.id);
        work_step_.bind(3, w.order_id);
        work_step_.bind(4, w.resource_id);
        bind_text(work_step_, 5, plan::name_of(w.status));
        work_step_.bind(6, w.feedback_allowed ? 1 : 0);
        bind_optional(work_step_, 7, w.order_number);
        bind_optional(work_step_, 8, w.article);
        bind_optional(work_step_, 9, w.operation);
        bind_optional(work_step_, 10, w.seq);
        bind_optional(work_step_, 11, w.resource_name);
        bind_optional(work_step_, 12, w.planned_start);
        bind_optional(work_step_, 13, w.planned_end);
        bind_optional(work_step_, 14, w.quantity);
        bind_optional(work_step_, 15, w.quantity_good);
        bind_optional(work_step_, 16, w.quantity_scrap);
        bind_optional(work_step_, 17, w.notes);
        run(work_step_);
    }

    void put(const plan::ViewProcess& p) {
        process_.bind(1, partner_);
        process_.bind(2, p.id);
        process_.bind(3, p.order_id);
        bind_text(process_, 4, plan::name_of(p.status));
        process_.bind(5, p.feedback_allowed ? 1 : 0);
        bind_optional(process_, 6, p.order_number);
        bind_optional(process_, 7, p.name);
        bind_optional(process_, 8, p.type);
        bind_optional(process_, 9, p.due);
        bind_optional(process_, 10, p.notes);
        run(process_);
    }

    static void run(SQLite::Statement& statement) {
        statement.exec();
        statement.reset();
    }

    std::string partner_;
    SQLite::Statement order_;
    SQLite::Statement resource_;
    SQLite::Statement work_step_;
    SQLite::Statement process_;
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

template <typename Item, typename ReadRow>
std::vector<Item> load_kind(SQLite::Database& db, const std::string& columns, const char* table,
                            std::string_view partner_id, ReadRow read_row) {
    // Sized up front: grown by doubling, 10,000 work steps would hold room for 16,384 (~3 MB
    // more for as long as the kiosk shows them).
    SQLite::Statement count(db,
                            std::string("SELECT count(*) FROM ") + table + " WHERE partner_id = ?");
    bind_text(count, 1, partner_id);
    std::vector<Item> items;
    if (count.executeStep()) items.reserve(static_cast<std::size_t>(count.getColumn(0).getInt64()));
    SQLite::Statement query(
        db, "SELECT " + columns + " FROM " + table + " WHERE partner_id = ? ORDER BY id");
    bind_text(query, 1, partner_id);
    while (query.executeStep())
        items.push_back(read_row(query));
    return items;
}

plan::ViewOrder read_order(const SQLite::Statement& row) {
    return plan::ViewOrder{.id = row.getColumn(0).getString(),
                           .number = row.getColumn(1).getString(),
                           .article = row.getColumn(2).getString(),
                           .quantity = row.getColumn(3).getInt64(),
                           .due = timestamp_at(row, 4),
                           .parent_id = optional_text(row, 5),
                           .top_id = row.getColumn(6).getString()};
}

plan::ViewResource read_resource(const SQLite::Statement& row) {
    return plan::ViewResource{.id = row.getColumn(0).getString(),
                              .name = row.getColumn(1).getString(),
                              .own = row.getColumn(2).getInt() != 0};
}

plan::ViewWorkStep read_work_step(const SQLite::Statement& row) {
    return plan::ViewWorkStep{.id = row.getColumn(0).getString(),
                              .order_id = row.getColumn(1).getString(),
                              .resource_id = row.getColumn(2).getString(),
                              .status = status_at<plan::WorkStepStatus>(
                                  row, 3, "plan_work_steps", plan::work_step_status_from_name),
                              .feedback_allowed = row.getColumn(4).getInt() != 0,
                              .order_number = optional_text(row, 5),
                              .article = optional_text(row, 6),
                              .operation = optional_text(row, 7),
                              .seq = optional_int(row, 8),
                              .resource_name = optional_text(row, 9),
                              .planned_start = optional_time(row, 10),
                              .planned_end = optional_time(row, 11),
                              .quantity = optional_int(row, 12),
                              .quantity_good = optional_int(row, 13),
                              .quantity_scrap = optional_int(row, 14),
                              .notes = optional_text(row, 15)};
}

plan::ViewProcess read_process(const SQLite::Statement& row) {
    return plan::ViewProcess{.id = row.getColumn(0).getString(),
                             .order_id = row.getColumn(1).getString(),
                             .status = status_at<plan::ProcessStatus>(
                                 row, 2, "plan_processes", plan::process_status_from_name),
                             .feedback_allowed = row.getColumn(3).getInt() != 0,
                             .order_number = optional_text(row, 4),
                             .name = optional_text(row, 5),
                             .type = optional_text(row, 6),
                             .due = optional_time(row, 7),
                             .notes = optional_text(row, 8)};
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
            view.orders = load_kind<plan::ViewOrder>(
                impl.db, "id, number, article, quantity, due, parent_id, top_id", "plan_orders",
                partner_id, read_order);
            view.resources = load_kind<plan::ViewResource>(
                impl.db, "id, name, own", "plan_resources", partner_id, read_resource);
            view.work_steps = load_kind<plan::ViewWorkStep>(
                impl.db,
                "id, order_id, resource_id, status, feedback_allowed, order_number, article, "
                "operation, seq, resource_name, planned_start, planned_end, quantity, "
                "quantity_good, "
                "quantity_scrap, notes",
                "plan_work_steps", partner_id, read_work_step);
            view.processes = load_kind<plan::ViewProcess>(
                impl.db,
                "id, order_id, status, feedback_allowed, order_number, name, type, due, notes",
                "plan_processes", partner_id, read_process);
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
