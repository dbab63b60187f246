#include "sync/store/handover_memory.h"

#include <SQLiteCpp/Transaction.h>

#include <algorithm>

#include "sync/store/db_impl.h"

namespace pt::store {
namespace {

void bind_time(SQLite::Statement& statement, int index, const std::optional<plan::Timestamp>& t) {
    if (t) {
        const std::int64_t seconds = t->time_since_epoch().count();
        statement.bind(index, seconds);
    } else {
        statement.bind(index);
    }
}

std::optional<plan::Timestamp> time_at(const SQLite::Statement& row, int index) {
    if (row.getColumn(index).isNull()) return std::nullopt;
    return plan::Timestamp(std::chrono::seconds(row.getColumn(index).getInt64()));
}

}  // namespace

void HandoverMemory::save(std::string_view operator_id, std::string_view partner_id,
                          const std::vector<plan::StepMemory>& memory) {
    if (operator_id.empty() || partner_id.empty())
        throw detail::misuse("remembering a handover: the operator and partner must be set");
    auto& impl = db_.impl();
    detail::guarded(impl, "remembering the operator's handover", [&] {
        SQLite::Transaction transaction(impl.db, SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement clear(impl.db, "DELETE FROM handover_steps WHERE operator_id = ?");
        detail::bind_text(clear, 1, operator_id);
        clear.exec();
        SQLite::Statement logout(impl.db,
                                 "INSERT OR REPLACE INTO handover_logouts (operator_id, "
                                 "partner_id) VALUES (?, ?)");
        detail::bind_text(logout, 1, operator_id);
        detail::bind_text(logout, 2, partner_id);
        logout.exec();
        SQLite::Statement insert(impl.db,
                                 "INSERT INTO handover_steps (operator_id, work_step_id, "
                                 "resource_id, planned_start, planned_end, quantity, status, "
                                 "seen_notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        for (const plan::StepMemory& m : memory) {
            detail::bind_text(insert, 1, operator_id);
            insert.bind(2, m.work_step_id);
            insert.bind(3, m.resource_id);
            bind_time(insert, 4, m.planned_start);
            bind_time(insert, 5, m.planned_end);
            if (m.quantity) {
                insert.bind(6, *m.quantity);
            } else {
                insert.bind(6);
            }
            detail::bind_text(insert, 7, plan::name_of(m.status));
            std::string seen;  // note ids have no spaces (sync-api.md, "Limits")
            for (const std::string& id : m.seen_notes)
                seen += (seen.empty() ? "" : " ") + id;
            insert.bind(8, seen);
            insert.exec();
            insert.reset();
        }
        transaction.commit();
    });
}

void HandoverMemory::forget(std::string_view operator_id) {
    auto& impl = db_.impl();
    detail::guarded(impl, "forgetting the operator's handover", [&] {
        SQLite::Transaction transaction(impl.db, SQLite::TransactionBehavior::IMMEDIATE);
        for (const char* sql : {"DELETE FROM handover_steps WHERE operator_id = ?",
                                "DELETE FROM handover_logouts WHERE operator_id = ?"}) {
            SQLite::Statement erase(impl.db, sql);
            detail::bind_text(erase, 1, operator_id);
            erase.exec();
        }
        transaction.commit();
    });
}

std::optional<std::vector<plan::StepMemory>> HandoverMemory::load(
    std::string_view operator_id, std::string_view partner_id) const {
    auto& impl = db_.impl();
    return detail::guarded(impl, "reading the operator's handover", [&] {
        const detail::ReadSnapshot snapshot(impl.db);
        std::optional<std::vector<plan::StepMemory>> memory;
        SQLite::Statement logout(
            impl.db, "SELECT 1 FROM handover_logouts WHERE operator_id = ? AND partner_id = ?");
        detail::bind_text(logout, 1, operator_id);
        detail::bind_text(logout, 2, partner_id);
        if (!logout.executeStep()) return memory;
        memory.emplace();
        SQLite::Statement query(impl.db,
                                "SELECT work_step_id, resource_id, planned_start, planned_end, "
                                "quantity, status, seen_notes FROM handover_steps "
                                "WHERE operator_id = ?");
        detail::bind_text(query, 1, operator_id);
        while (query.executeStep()) {
            plan::StepMemory m;
            m.work_step_id = query.getColumn(0).getString();
            m.resource_id = query.getColumn(1).getString();
            m.planned_start = time_at(query, 2);
            m.planned_end = time_at(query, 3);
            if (!query.getColumn(4).isNull()) m.quantity = query.getColumn(4).getInt64();
            const std::string status = query.getColumn(5).getString();
            const auto parsed = plan::work_step_status_from_name(status);
            if (!parsed) throw detail::bad_value("handover_steps", "status", status);
            m.status = *parsed;
            const std::string seen = query.getColumn(6).getString();
            for (std::size_t start = 0; start < seen.size();) {
                const std::size_t end = std::min(seen.find(' ', start), seen.size());
                if (end > start) m.seen_notes.push_back(seen.substr(start, end - start));
                start = end + 1;
            }
            memory->push_back(std::move(m));
        }
        return memory;
    });
}

}  // namespace pt::store
