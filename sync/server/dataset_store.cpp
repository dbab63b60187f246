#include "sync/server/dataset_store.h"

#include <string>
#include <vector>

#include "sync/server/credentials.h"
#include "sync/server/database.h"
#include "sync/server/sql_support.h"

namespace pt::server {
namespace {

using plan::Timestamp;

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

void bind_bool(SQLite::Statement& s, int index, bool value) {
    s.bind(index, value ? 1 : 0);
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

}  // namespace

DatasetStore::DatasetStore(SQLite::Database& db)
    : db_(db),
      put_partner_(db, "INSERT OR REPLACE INTO partners VALUES (?, ?, ?, ?, ?)"),
      put_operator_(db, "INSERT INTO operators VALUES (?, ?, ?, ?, ?, ?, 1)"),
      put_resource_(db, "INSERT OR REPLACE INTO resources VALUES (?, ?, ?, ?)"),
      put_resource_partner_(db, "INSERT INTO resource_partners VALUES (?, ?, ?)"),
      put_order_(db, "INSERT OR REPLACE INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
      put_named_partner_(db, "INSERT INTO order_named_partners VALUES (?, ?, ?)"),
      put_work_step_(db,
                     "INSERT OR REPLACE INTO work_steps VALUES "
                     "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
      put_process_(db, "INSERT OR REPLACE INTO processes VALUES (?, ?, ?, ?, ?, ?, ?, ?)") {}

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

plan::Dataset DatasetStore::load() {
    plan::Dataset data;
    {
        SQLite::Statement q(db_,
                            "SELECT default_external_inheritance, work_step_columns, "
                            "process_columns FROM settings");
        if (q.executeStep()) {
            data.settings.default_external_inheritance =
                enum_from(&plan::inheritance_from_name, q.getColumn(0).getString());
            data.settings.work_step_columns = set_from<plan::WorkStepColumns>(
                &plan::work_step_column_from_name, q.getColumn(1).getString());
            data.settings.process_columns = set_from<plan::ProcessColumns>(
                &plan::process_column_from_name, q.getColumn(2).getString());
        }
    }
    {
        SQLite::Statement q(db_, "SELECT kind, code, label FROM reasons ORDER BY kind, pos");
        while (q.executeStep()) {
            auto& list = q.getColumn(0).getString() == "pause" ? data.settings.pause_reasons
                                                               : data.settings.scrap_reasons;
            list.push_back({q.getColumn(1).getString(), q.getColumn(2).getString()});
        }
    }
    {
        SQLite::Statement q(db_,
                            "SELECT id, name, modules, allow_process_feedback FROM partners "
                            "ORDER BY pos");
        while (q.executeStep()) {
            plan::Partner p;
            p.id = q.getColumn(0).getString();
            p.name = q.getColumn(1).getString();
            p.modules =
                set_from<plan::ModuleSet>(&plan::module_from_name, q.getColumn(2).getString());
            p.allow_process_feedback = q.getColumn(3).getInt() != 0;
            data.partners.push_back(std::move(p));
        }
    }
    {
        SQLite::Statement q(db_,
                            "SELECT partner_pos, id, name, badge, pin FROM operators "
                            "ORDER BY partner_pos, pos");
        while (q.executeStep()) {
            const auto at =
                checked_position(q.getColumn(0).getInt64(), data.partners.size(), "operators");
            data.partners[at].operators.push_back(
                {q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
                 optional_text(q.getColumn(4))});
        }
    }
    {
        SQLite::Statement q(db_, "SELECT id, name, external FROM resources ORDER BY pos");
        while (q.executeStep()) {
            data.resources.push_back({q.getColumn(0).getString(),
                                      q.getColumn(1).getString(),
                                      q.getColumn(2).getInt() != 0,
                                      {}});
        }
    }
    {
        SQLite::Statement q(db_,
                            "SELECT resource_pos, partner_id FROM resource_partners "
                            "ORDER BY resource_pos, pos");
        while (q.executeStep()) {
            const auto at = checked_position(q.getColumn(0).getInt64(), data.resources.size(),
                                             "resource_partners");
            data.resources[at].partner_ids.push_back(q.getColumn(1).getString());
        }
    }
    {
        SQLite::Statement q(db_,
                            "SELECT id, number, article, quantity, due, parent_id, "
                            "external_inheritance FROM orders ORDER BY pos");
        while (q.executeStep()) {
            plan::Order o;
            o.id = q.getColumn(0).getString();
            o.number = q.getColumn(1).getString();
            o.article = q.getColumn(2).getString();
            o.quantity = q.getColumn(3).getInt64();
            o.due = timestamp_of(q.getColumn(4).getInt64());
            o.parent_id = optional_text(q.getColumn(5));
            if (!q.getColumn(6).isNull()) {
                o.external_inheritance =
                    enum_from(&plan::inheritance_from_name, q.getColumn(6).getString());
            }
            data.orders.push_back(std::move(o));
        }
    }
    {
        SQLite::Statement q(db_,
                            "SELECT order_pos, partner_id FROM order_named_partners "
                            "ORDER BY order_pos, pos");
        while (q.executeStep()) {
            const auto at = checked_position(q.getColumn(0).getInt64(), data.orders.size(),
                                             "order_named_partners");
            data.orders[at].named_partner_ids.push_back(q.getColumn(1).getString());
        }
    }
    {
        SQLite::Statement q(db_,
                            "SELECT id, order_id, seq, operation, resource_id, planned_start, "
                            "planned_end, quantity, status, quantity_good, quantity_scrap, "
                            "notes FROM work_steps ORDER BY pos");
        while (q.executeStep()) {
            plan::WorkStep w;
            w.id = q.getColumn(0).getString();
            w.order_id = q.getColumn(1).getString();
            w.seq = q.getColumn(2).getInt64();
            w.operation = q.getColumn(3).getString();
            w.resource_id = q.getColumn(4).getString();
            w.planned_start = timestamp_of(q.getColumn(5).getInt64());
            w.planned_end = timestamp_of(q.getColumn(6).getInt64());
            w.quantity = q.getColumn(7).getInt64();
            w.status = enum_from(&plan::work_step_status_from_name, q.getColumn(8).getString());
            w.quantity_good = q.getColumn(9).getInt64();
            w.quantity_scrap = q.getColumn(10).getInt64();
            w.notes = q.getColumn(11).getString();
            data.work_steps.push_back(std::move(w));
        }
    }
    {
        SQLite::Statement q(db_,
                            "SELECT id, order_id, name, type, due, status, notes "
                            "FROM processes ORDER BY pos");
        while (q.executeStep()) {
            plan::Process p;
            p.id = q.getColumn(0).getString();
            p.order_id = q.getColumn(1).getString();
            p.name = q.getColumn(2).getString();
            p.type = q.getColumn(3).getString();
            p.due = timestamp_of(q.getColumn(4).getInt64());
            p.status = enum_from(&plan::process_status_from_name, q.getColumn(5).getString());
            p.notes = q.getColumn(6).getString();
            data.processes.push_back(std::move(p));
        }
    }
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
    SQLite::Statement put(db_, "INSERT OR REPLACE INTO settings VALUES (1, ?, ?, ?)");
    put.bind(1, std::string(plan::name_of(settings.default_external_inheritance)));
    put.bind(2, names_of<plan::WorkStepColumns, plan::WorkStepColumn>(settings.work_step_columns));
    put.bind(3, names_of<plan::ProcessColumns, plan::ProcessColumn>(settings.process_columns));
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
    put_partner_.bind(1, static_cast<std::int64_t>(pos));
    put_partner_.bind(2, partner.id);
    put_partner_.bind(3, partner.name);
    put_partner_.bind(4, names_of<plan::ModuleSet, plan::Module>(partner.modules));
    bind_bool(put_partner_, 5, partner.allow_process_feedback);
    run(put_partner_);
    for (std::size_t i = 0; i < partner.operators.size(); ++i) {
        const plan::Operator& op = partner.operators[i];
        put_operator_.bind(1, static_cast<std::int64_t>(pos));
        put_operator_.bind(2, static_cast<std::int64_t>(i));
        put_operator_.bind(3, op.id);
        put_operator_.bind(4, op.name);
        put_operator_.bind(5, op.badge);
        bind_optional(put_operator_, 6, op.pin);
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
    put_resource_.bind(1, static_cast<std::int64_t>(pos));
    put_resource_.bind(2, resource.id);
    put_resource_.bind(3, resource.name);
    bind_bool(put_resource_, 4, resource.external);
    run(put_resource_);
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
    put_order_.bind(1, static_cast<std::int64_t>(pos));
    put_order_.bind(2, order.id);
    put_order_.bind(3, order.number);
    put_order_.bind(4, order.article);
    put_order_.bind(5, order.quantity);
    put_order_.bind(6, seconds_of(order.due));
    bind_optional(put_order_, 7, order.parent_id);
    if (order.external_inheritance) {
        put_order_.bind(8, std::string(plan::name_of(*order.external_inheritance)));
    } else {
        put_order_.bind(8);
    }
    run(put_order_);
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
    SQLite::Statement& s = put_work_step_;
    s.bind(1, static_cast<std::int64_t>(pos));
    s.bind(2, step.id);
    s.bind(3, step.order_id);
    s.bind(4, step.seq);
    s.bind(5, step.operation);
    s.bind(6, step.resource_id);
    s.bind(7, seconds_of(step.planned_start));
    s.bind(8, seconds_of(step.planned_end));
    s.bind(9, step.quantity);
    s.bind(10, std::string(plan::name_of(step.status)));
    s.bind(11, step.quantity_good);
    s.bind(12, step.quantity_scrap);
    s.bind(13, step.notes);
    run(s);
}

void DatasetStore::save_process(plan::Handle pos, const plan::Process& process) {
    SQLite::Statement& s = put_process_;
    s.bind(1, static_cast<std::int64_t>(pos));
    s.bind(2, process.id);
    s.bind(3, process.order_id);
    s.bind(4, process.name);
    s.bind(5, process.type);
    s.bind(6, seconds_of(process.due));
    s.bind(7, std::string(plan::name_of(process.status)));
    s.bind(8, process.notes);
    run(s);
}

}  // namespace pt::server
