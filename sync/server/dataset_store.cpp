#include "sync/server/dataset_store.h"

#include <string>
#include <vector>

#include "sync/plan/record_fields.h"
#include "sync/server/credentials.h"
#include "sync/server/database.h"
#include "sync/server/sql_support.h"
#include "sync/sql/record_sql.h"

namespace pt::server {
namespace {

// Enum values are stored by their wire names (stable, readable in the sqlite3 shell).
template <typename Enum>
Enum enum_from(std::optional<Enum> (*from_name)(std::string_view), const std::string& text) {
    const auto value = from_name(text);
    if (!value) throw StoreError("database holds an unknown value '" + text + "'");
    return *value;
}

/// An enum set as comma-separated names, e.g. `workbench,planning`.
template <typename Set, typename Enum>
std::string names_of(Set set) {
    std::string text;
    for (int i = 0; i < Set::size(); ++i) {
        const auto value = static_cast<Enum>(i);
        if (!set.contains(value)) continue;
        if (!text.empty()) text += ',';
        text += plan::name_of(value);
    }
    return text;
}

template <typename Set, typename Enum>
Set set_from(std::optional<Enum> (*from_name)(std::string_view), const std::string& text) {
    Set set;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        set.insert(enum_from(from_name, text.substr(start, end - start)));
        start = end + 1;
    }
    return set;
}

void bind_optional(SQLite::Statement& s, int index, const std::optional<std::string>& value) {
    if (value) {
        s.bind(index, *value);
    } else {
        s.bind(index);
    }
}
/// Executes a reused statement and makes it ready for the next use, also after a failure.
void run(SQLite::Statement& s) {
    try {
        s.exec();
    } catch (...) {
        s.tryReset();
        throw;
    }
    s.reset();
}

std::optional<std::string> optional_text(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    return column.getString();
}

/// Positions are dense (0 … n-1); anything else means the file was edited by hand.
std::size_t checked_position(std::int64_t pos, std::size_t size, const char* table) {
    if (pos < 0 || static_cast<std::size_t>(pos) >= size) {
        throw StoreError(std::string("table ") + table + " refers to a missing position");
    }
    return static_cast<std::size_t>(pos);
}

/// `INSERT OR REPLACE INTO table (pos, <the table's columns>) VALUES (?, …)`.
template <typename Table>
std::string upsert_sql(const char* table, const Table& fields) {
    return std::string("INSERT OR REPLACE INTO ") + table + " (pos, " + sql::column_list(fields) +
           ") VALUES (?, " + sql::placeholders(fields) + ")";
}

/// Every row of `table` in position order, each read as a Record of `fields`.
template <typename Record, typename Table>
std::vector<Record> load_rows(SQLite::Database& db, const char* table, const Table& fields) {
    SQLite::Statement q(db,
                        "SELECT " + sql::column_list(fields) + " FROM " + table + " ORDER BY pos");
    std::vector<Record> rows;
    while (q.executeStep()) {
        Record record;
        try {
            (void)sql::read_fields(q, 0, fields, record);
        } catch (const sql::UnknownValue& e) {
            throw StoreError("database holds an unknown value '" + e.value() + "'");
        }
        rows.push_back(std::move(record));
    }
    return rows;
}

/// Binds `pos` and every field of `record`, and runs the statement.
template <typename Table, typename Record>
void put_row(SQLite::Statement& s, plan::Handle pos, const Table& fields, const Record& record) {
    s.bind(1, static_cast<std::int64_t>(pos));
    (void)sql::bind_fields(s, 2, fields, record);
    run(s);
}

}  // namespace

DatasetStore::DatasetStore(SQLite::Database& db)
    : db_(db),
      put_partner_(db, upsert_sql("partners", plan::kPartnerFields)),
      put_operator_(db,
                    "INSERT INTO operators (partner_pos, pos, id, name, badge, pin, role, sealed) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, 1)"),
      put_resource_(db, upsert_sql("resources", plan::kResourceFields)),
      put_resource_partner_(db, "INSERT INTO resource_partners VALUES (?, ?, ?)"),
      put_order_(db, upsert_sql("orders", plan::kOrderFields)),
      put_named_partner_(db, "INSERT INTO order_named_partners VALUES (?, ?, ?)"),
      put_work_step_(db, upsert_sql("work_steps", plan::kWorkStepFields)),
      put_process_(db, upsert_sql("processes", plan::kProcessFields)) {}

bool DatasetStore::has_sealed_credentials() {
    SQLite::Statement query(db_, "SELECT EXISTS (SELECT 1 FROM operators WHERE sealed = 1)");
    query.executeStep();
    return query.getColumn(0).getInt() != 0;
}

int DatasetStore::seal_credentials(const Credentials& credentials) {
    struct Clear {
        std::int64_t partner_pos = 0, pos = 0;
        std::string badge;
        std::optional<std::string> pin;
    };
    std::vector<Clear> rows;
    {
        SQLite::Statement q(db_,
                            "SELECT partner_pos, pos, badge, pin FROM operators WHERE sealed = 0");
        while (q.executeStep()) {
            rows.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                            q.getColumn(2).getString(), optional_text(q.getColumn(3))});
        }
    }
    SQLite::Statement seal(
        db_,
        "UPDATE operators SET badge = ?, pin = ?, sealed = 1 WHERE partner_pos = ? AND pos = ?");
    for (const Clear& row : rows) {
        seal.bind(1, credentials.badge_hash(row.badge));
        bind_optional(seal, 2,
                      row.pin ? std::optional(credentials.pin_hash(*row.pin)) : std::nullopt);
        seal.bind(3, row.partner_pos);
        seal.bind(4, row.pos);
        run(seal);
    }
    return static_cast<int>(rows.size());
}

bool DatasetStore::has_dataset() {
    SQLite::Statement query(db_, "SELECT count(*) FROM settings");
    query.executeStep();
    return query.getColumn(0).getInt64() > 0;
}

// ---- loading ----------------------------------------------------------------------------

namespace {

void load_settings(SQLite::Database& db, plan::Settings& settings) {
    SQLite::Statement q(db,
                        "SELECT default_external_inheritance, work_step_columns, "
                        "process_columns, finished_retention_days FROM settings");
    if (q.executeStep()) {
        settings.default_external_inheritance =
            enum_from(&plan::inheritance_from_name, q.getColumn(0).getString());
        settings.work_step_columns = set_from<plan::WorkStepColumns>(
            &plan::work_step_column_from_name, q.getColumn(1).getString());
        settings.process_columns = set_from<plan::ProcessColumns>(&plan::process_column_from_name,
                                                                  q.getColumn(2).getString());
        settings.finished_retention_days = q.getColumn(3).getInt64();
    }
    SQLite::Statement reasons(db, "SELECT kind, code, label FROM reasons ORDER BY kind, pos");
    while (reasons.executeStep()) {
        auto& list = reasons.getColumn(0).getString() == "pause" ? settings.pause_reasons
                                                                 : settings.scrap_reasons;
        list.push_back({reasons.getColumn(1).getString(), reasons.getColumn(2).getString()});
    }
}

void load_operators(SQLite::Database& db, std::vector<plan::Partner>& partners) {
    SQLite::Statement q(db,
                        "SELECT partner_pos, id, name, badge, pin, role FROM operators "
                        "ORDER BY partner_pos, pos");
    while (q.executeStep()) {
        const auto at = checked_position(q.getColumn(0).getInt64(), partners.size(), "operators");
        partners[at].operators.push_back(
            {q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
             optional_text(q.getColumn(4)),
             enum_from(&plan::operator_role_from_name, q.getColumn(5).getString())});
    }
}

/// Fills a list of partner ids of each record from `table` (`owner_pos, partner_id`, in order):
/// a resource's partners, an order's named partners.
template <typename Record>
void load_partner_lists(SQLite::Database& db, const std::string& table,
                        const std::string& owner_pos, std::vector<Record>& records,
                        std::vector<std::string> Record::*list) {
    SQLite::Statement q(db, "SELECT " + owner_pos + ", partner_id FROM " + table + " ORDER BY " +
                                owner_pos + ", pos");
    while (q.executeStep()) {
        const auto at = checked_position(q.getColumn(0).getInt64(), records.size(), table.c_str());
        (records[at].*list).push_back(q.getColumn(1).getString());
    }
}

}  // namespace

plan::Dataset DatasetStore::load() {
    plan::Dataset data;
    load_settings(db_, data.settings);
    data.partners = load_rows<plan::Partner>(db_, "partners", plan::kPartnerFields);
    load_operators(db_, data.partners);
    data.resources = load_rows<plan::Resource>(db_, "resources", plan::kResourceFields);
    load_partner_lists(db_, "resource_partners", "resource_pos", data.resources,
                       &plan::Resource::partner_ids);
    data.orders = load_rows<plan::Order>(db_, "orders", plan::kOrderFields);
    load_partner_lists(db_, "order_named_partners", "order_pos", data.orders,
                       &plan::Order::named_partner_ids);
    data.work_steps = load_rows<plan::WorkStep>(db_, "work_steps", plan::kWorkStepFields);
    data.processes = load_rows<plan::Process>(db_, "processes", plan::kProcessFields);
    return data;
}

// ---- writing ----------------------------------------------------------------------------

void DatasetStore::replace_all(const plan::Plan& plan) {
    db_.exec(
        "DELETE FROM settings; DELETE FROM reasons; DELETE FROM partners; DELETE FROM operators;"
        "DELETE FROM resources; DELETE FROM resource_partners; DELETE FROM orders;"
        "DELETE FROM order_named_partners; DELETE FROM work_steps; DELETE FROM processes;");
    save_settings(plan.settings());
    for (plan::Handle h = 0; h < plan.partner_count(); ++h)
        insert_partner(h, plan.partner_at(h));
    for (plan::Handle h = 0; h < plan.resource_count(); ++h) {
        insert_resource(h, plan.resource_at(h));
    }
    for (plan::Handle h = 0; h < plan.order_count(); ++h)
        insert_order(h, plan.order_at(h));
    for (plan::Handle h = 0; h < plan.work_step_count(); ++h) {
        save_work_step(h, plan.work_step_at(h));
    }
    for (plan::Handle h = 0; h < plan.process_count(); ++h)
        save_process(h, plan.process_at(h));
}

void DatasetStore::save_settings(const plan::Settings& settings) {
    SQLite::Statement put(
        db_,
        "INSERT OR REPLACE INTO settings (singleton, default_external_inheritance, "
        "work_step_columns, process_columns, finished_retention_days) "
        "VALUES (1, ?, ?, ?, ?)");
    put.bind(1, std::string(plan::name_of(settings.default_external_inheritance)));
    put.bind(2, names_of<plan::WorkStepColumns, plan::WorkStepColumn>(settings.work_step_columns));
    put.bind(3, names_of<plan::ProcessColumns, plan::ProcessColumn>(settings.process_columns));
    put.bind(4, settings.finished_retention_days);
    put.exec();
    db_.exec("DELETE FROM reasons");
    SQLite::Statement reason(db_, "INSERT INTO reasons VALUES (?, ?, ?, ?)");
    const auto put_reasons = [&](const char* kind, const std::vector<plan::Reason>& list) {
        for (std::size_t i = 0; i < list.size(); ++i) {
            reason.bind(1, kind);
            reason.bind(2, static_cast<std::int64_t>(i));
            reason.bind(3, list[i].code);
            reason.bind(4, list[i].label);
            run(reason);
        }
    };
    put_reasons("pause", settings.pause_reasons);
    put_reasons("scrap", settings.scrap_reasons);
}

void DatasetStore::insert_partner(plan::Handle pos, const plan::Partner& partner) {
    put_row(put_partner_, pos, plan::kPartnerFields, partner);
    for (std::size_t i = 0; i < partner.operators.size(); ++i) {
        const plan::Operator& op = partner.operators[i];
        put_operator_.bind(1, static_cast<std::int64_t>(pos));
        put_operator_.bind(2, static_cast<std::int64_t>(i));
        put_operator_.bind(3, op.id);
        put_operator_.bind(4, op.name);
        put_operator_.bind(5, op.badge);
        bind_optional(put_operator_, 6, op.pin);
        put_operator_.bind(7, std::string(plan::name_of(op.role)));
        run(put_operator_);
    }
}

void DatasetStore::save_partner(plan::Handle pos, const plan::Partner& partner) {
    SQLite::Statement clear(db_, "DELETE FROM operators WHERE partner_pos = ?");
    clear.bind(1, static_cast<std::int64_t>(pos));
    clear.exec();
    insert_partner(pos, partner);
}

void DatasetStore::insert_resource(plan::Handle pos, const plan::Resource& resource) {
    put_row(put_resource_, pos, plan::kResourceFields, resource);
    for (std::size_t i = 0; i < resource.partner_ids.size(); ++i) {
        put_resource_partner_.bind(1, static_cast<std::int64_t>(pos));
        put_resource_partner_.bind(2, static_cast<std::int64_t>(i));
        put_resource_partner_.bind(3, resource.partner_ids[i]);
        run(put_resource_partner_);
    }
}

void DatasetStore::save_resource(plan::Handle pos, const plan::Resource& resource) {
    SQLite::Statement clear(db_, "DELETE FROM resource_partners WHERE resource_pos = ?");
    clear.bind(1, static_cast<std::int64_t>(pos));
    clear.exec();
    insert_resource(pos, resource);
}

void DatasetStore::insert_order(plan::Handle pos, const plan::Order& order) {
    put_row(put_order_, pos, plan::kOrderFields, order);
    for (std::size_t i = 0; i < order.named_partner_ids.size(); ++i) {
        put_named_partner_.bind(1, static_cast<std::int64_t>(pos));
        put_named_partner_.bind(2, static_cast<std::int64_t>(i));
        put_named_partner_.bind(3, order.named_partner_ids[i]);
        run(put_named_partner_);
    }
}

void DatasetStore::save_order(plan::Handle pos, const plan::Order& order) {
    SQLite::Statement clear(db_, "DELETE FROM order_named_partners WHERE order_pos = ?");
    clear.bind(1, static_cast<std::int64_t>(pos));
    clear.exec();
    insert_order(pos, order);
}

void DatasetStore::save_work_step(plan::Handle pos, const plan::WorkStep& step) {
    put_row(put_work_step_, pos, plan::kWorkStepFields, step);
}

void DatasetStore::save_process(plan::Handle pos, const plan::Process& process) {
    put_row(put_process_, pos, plan::kProcessFields, process);
}

int DatasetStore::stamp_finished_without_time(plan::Timestamp now) {
    SQLite::Statement stamp(
        db_,
        "UPDATE work_steps SET finished_at = ? WHERE status = 'finished' AND finished_at IS NULL");
    sql::bind_value(stamp, 1, now);
    return stamp.exec();
}

// ---- removals ---------------------------------------------------------------------------

void DatasetStore::remove_row(const char* table, const char* children, const char* owner,
                              plan::Handle pos, plan::Handle last) {
    const auto exec = [&](const std::string& sql, std::initializer_list<plan::Handle> values) {
        SQLite::Statement s(db_, sql);
        int index = 0;
        for (const plan::Handle value : values)
            s.bind(++index, static_cast<std::int64_t>(value));
        s.exec();
    };
    const std::string rows(table);
    exec("DELETE FROM " + rows + " WHERE pos = ?", {pos});
    if (children != nullptr) {
        exec("DELETE FROM " + std::string(children) + " WHERE " + owner + " = ?", {pos});
    }
    if (pos == last) return;
    exec("UPDATE " + rows + " SET pos = ? WHERE pos = ?", {pos, last});
    if (children != nullptr) {
        exec("UPDATE " + std::string(children) + " SET " + owner + " = ? WHERE " + owner + " = ?",
             {pos, last});
    }
}

void DatasetStore::remove_partner(plan::Handle pos, plan::Handle last) {
    remove_row("partners", "operators", "partner_pos", pos, last);
}

void DatasetStore::remove_resource(plan::Handle pos, plan::Handle last) {
    remove_row("resources", "resource_partners", "resource_pos", pos, last);
}

void DatasetStore::remove_order(plan::Handle pos, plan::Handle last) {
    remove_row("orders", "order_named_partners", "order_pos", pos, last);
}

void DatasetStore::remove_work_step(plan::Handle pos, plan::Handle last) {
    remove_row("work_steps", nullptr, nullptr, pos, last);
}

void DatasetStore::remove_process(plan::Handle pos, plan::Handle last) {
    remove_row("processes", nullptr, nullptr, pos, last);
}

}  // namespace pt::server
