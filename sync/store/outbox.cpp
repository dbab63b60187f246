#include "sync/store/outbox.h"

#include <SQLiteCpp/Transaction.h>

#include "sync/store/db_impl.h"

namespace pt::store {
namespace {

using detail::bind_text;

constexpr const char* kColumns =
    "sequence, id, partner_id, operator_id, type, target_id, occurred_at, data_reason, "
    "data_good, data_scrap, data_scrap_reason, data_process_status, data_comment, state, reason, "
    "created_at, answered_at, operator_name, data_text, data_corrects, data_approved_by";

std::string select(const std::string& rest) {
    return std::string("SELECT ") + kColumns + " FROM outbox " + rest;
}

std::optional<OutboxState> state_from_name(std::string_view name) {
    for (const auto state : {OutboxState::pending, OutboxState::accepted, OutboxState::duplicate,
                             OutboxState::rejected}) {
        if (name_of(state) == name) return state;
    }
    return std::nullopt;
}

OutboxState state_of(protocol::ResultStatus status) {
    switch (status) {
        case protocol::ResultStatus::accepted:
            return OutboxState::accepted;
        case protocol::ResultStatus::duplicate:
            return OutboxState::duplicate;
        case protocol::ResultStatus::rejected:
            break;
    }
    return OutboxState::rejected;
}

/// What an answer means for the outbox: a duplicate counts as its first answer (sync-api.md,
/// "Duplicates carry the first answer").
struct Outcome {
    OutboxState state;
    std::string_view reason;
};
Outcome outcome_of(const protocol::EventResult& result) {
    if (result.status == protocol::ResultStatus::duplicate && result.original) {
        return {state_of(result.original->status), result.original->reason};
    }
    return {state_of(result.status), result.reason};
}

OutboxEntry read_entry(const SQLite::Statement& row) {
    OutboxEntry entry;
    entry.sequence = row.getColumn(0).getInt64();
    plan::Event& event = entry.event;
    event.id = row.getColumn(1).getString();
    entry.partner_id = row.getColumn(2).getString();
    event.operator_id = row.getColumn(3).getString();
    const std::string type = row.getColumn(4).getString();
    const auto event_type = plan::event_type_from_name(type);
    if (!event_type) throw detail::bad_value("outbox", "type", type);
    event.type = *event_type;
    event.target_id = row.getColumn(5).getString();
    event.occurred_at = plan::Timestamp(std::chrono::seconds(row.getColumn(6).getInt64()));
    event.data.reason = row.getColumn(7).getString();
    event.data.good = row.getColumn(8).getInt64();
    event.data.scrap = row.getColumn(9).getInt64();
    event.data.scrap_reason = row.getColumn(10).getString();
    if (!row.getColumn(11).isNull()) {
        const std::string status = row.getColumn(11).getString();
        event.data.process_status = plan::process_status_from_name(status);
        if (!event.data.process_status) {
            throw detail::bad_value("outbox", "data_process_status", status);
        }
    }
    event.data.comment = row.getColumn(12).getString();
    const std::string state = row.getColumn(13).getString();
    const auto parsed_state = state_from_name(state);
    if (!parsed_state) throw detail::bad_value("outbox", "state", state);
    entry.state = *parsed_state;
    entry.reason = row.getColumn(14).getString();
    entry.created_at = detail::from_millis(row.getColumn(15).getInt64());
    if (!row.getColumn(16).isNull()) {
        entry.answered_at = detail::from_millis(row.getColumn(16).getInt64());
    }
    entry.operator_name = row.getColumn(17).getString();
    event.data.text = row.getColumn(18).getString();
    event.data.corrects = row.getColumn(19).getString();
    event.data.approved_by = row.getColumn(20).getString();
    return entry;
}

std::vector<OutboxEntry> read_all(SQLite::Statement& query) {
    std::vector<OutboxEntry> entries;
    while (query.executeStep())
        entries.push_back(read_entry(query));
    return entries;
}

std::int64_t as_limit(std::size_t limit) {
    constexpr auto kMax = static_cast<std::size_t>(INT64_MAX);
    return static_cast<std::int64_t>(limit > kMax ? kMax : limit);
}

}  // namespace

std::string_view name_of(OutboxState state) {
    switch (state) {
        case OutboxState::pending:
            return "pending";
        case OutboxState::accepted:
            return "accepted";
        case OutboxState::duplicate:
            return "duplicate";
        case OutboxState::rejected:
            break;
    }
    return "rejected";
}

std::int64_t Outbox::append(const plan::Event& event, std::string_view partner_id,
                            std::string_view operator_name) {
    if (event.id.empty()) throw detail::misuse("recording an event: the event id is empty");
    if (partner_id.empty()) throw detail::misuse("recording an event: the partner id is empty");
    try {
        return insert_pending(event, partner_id, operator_name);
    } catch (const StoreError& error) {
        if (error.kind() == StoreErrorKind::io || error.kind() == StoreErrorKind::disk_full)
            discard_failed_commit();
        throw;
    }
}

void Outbox::discard_failed_commit() noexcept {
    // A commit whose WAL sync failed leaves its frames at the end of the WAL, past what SQLite
    // counts as committed; the next open's recovery would read them back as committed, and an
    // event the operator was told "not saved" would be sent after all. A TRUNCATE checkpoint
    // copies only what is committed and empties the WAL. The disk is failing and each try
    // needs its syncs to pass: up to 20 tries (they fail fast). Should all fail, the event may
    // still come back after a restart; the operator was told it was not saved.
    auto& impl = db_.impl();
    for (int attempt = 0; attempt < 20; ++attempt) {
        try {
            SQLite::Statement checkpoint(impl.db, "PRAGMA wal_checkpoint(TRUNCATE)");
            if (checkpoint.executeStep() && checkpoint.getColumn(0).getInt() == 0) return;
        } catch (const SQLite::Exception&) {
            // try again
        }
    }
}

std::int64_t Outbox::insert_pending(const plan::Event& event, std::string_view partner_id,
                                    std::string_view operator_name) {
    auto& impl = db_.impl();
    return detail::guarded(impl, "recording event " + event.id, [&] {
        SQLite::Transaction transaction(impl.db, SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement insert(
            impl.db,
            "INSERT INTO outbox (id, partner_id, operator_id, type, target_id, occurred_at, "
            "data_reason, data_good, data_scrap, data_scrap_reason, data_process_status, "
            "data_comment, created_at, operator_name, data_text, data_corrects, data_approved_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        bind_text(insert, 1, event.id);
        bind_text(insert, 2, partner_id);
        bind_text(insert, 3, event.operator_id);
        bind_text(insert, 4, plan::name_of(event.type));
        bind_text(insert, 5, event.target_id);
        const std::int64_t occurred_at = event.occurred_at.time_since_epoch().count();
        insert.bind(6, occurred_at);
        bind_text(insert, 7, event.data.reason);
        insert.bind(8, event.data.good);
        insert.bind(9, event.data.scrap);
        bind_text(insert, 10, event.data.scrap_reason);
        if (event.data.process_status) {
            bind_text(insert, 11, plan::name_of(*event.data.process_status));
        } else {
            insert.bind(11);
        }
        bind_text(insert, 12, event.data.comment);
        insert.bind(13, detail::to_millis(impl.clock()));
        bind_text(insert, 14, operator_name);
        bind_text(insert, 15, event.data.text);
        bind_text(insert, 16, event.data.corrects);
        bind_text(insert, 17, event.data.approved_by);
        insert.exec();
        const std::int64_t sequence = impl.db.getLastInsertRowid();
        transaction.commit();  // synchronous=FULL: the WAL is synced before commit returns
        return sequence;
    });
}

std::vector<OutboxEntry> Outbox::pending(std::size_t limit) const {
    auto& impl = db_.impl();
    return detail::guarded(impl, "reading pending events", [&] {
        SQLite::Statement query(impl.db,
                                select("WHERE state = 'pending' ORDER BY sequence LIMIT ?"));
        query.bind(1, as_limit(limit));
        return read_all(query);
    });
}

std::size_t Outbox::record_results(const std::vector<protocol::EventResult>& results) {
    auto& impl = db_.impl();
    return detail::guarded(impl, "recording event results", [&] {
        SQLite::Transaction transaction(impl.db, SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement update(impl.db,
                                 "UPDATE outbox SET state = ?, reason = ?, answered_at = ? "
                                 "WHERE id = ? AND state = 'pending'");
        const std::int64_t now = detail::to_millis(impl.clock());
        std::size_t changed = 0;
        for (const auto& result : results) {
            const Outcome outcome = outcome_of(result);
            bind_text(update, 1, name_of(outcome.state));
            bind_text(update, 2, outcome.state == OutboxState::rejected ? outcome.reason : "");
            update.bind(3, now);
            bind_text(update, 4, result.id);
            changed += static_cast<std::size_t>(update.exec());
            update.reset();
        }
        transaction.commit();
        return changed;
    });
}

std::int64_t Outbox::answered_through() const {
    auto& impl = db_.impl();
    return detail::guarded(impl, "reading the answered events", [&] {
        SQLite::Statement query(
            impl.db, "SELECT coalesce(max(sequence), 0) FROM outbox WHERE state != 'pending'");
        query.executeStep();
        return query.getColumn(0).getInt64();
    });
}

std::int64_t Outbox::last_sequence() const {
    auto& impl = db_.impl();
    return detail::guarded(impl, "reading the last event's number", [&] {
        // AUTOINCREMENT's own counter: exact even after the newest rows were pruned.
        SQLite::Statement query(
            impl.db, "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'outbox'), 0)");
        query.executeStep();
        return query.getColumn(0).getInt64();
    });
}

std::vector<OutboxEntry> Outbox::unreflected(std::string_view partner_id) const {
    auto& impl = db_.impl();
    return detail::guarded(impl, "reading events not yet in the cached plan", [&] {
        // A pending row at or below the mark is one asked again after an update (schema v2):
        // answered long ago, in the cache already.
        SQLite::Statement query(
            impl.db, select("WHERE state != 'rejected' AND sequence > coalesce((SELECT "
                            "reflects_outbox_through FROM plan_cursors WHERE partner_id = ?1), 0) "
                            "AND (partner_id = ?1 "
                            "OR (type != 'process.feedback' AND target_id IN "
                            "(SELECT id FROM plan_work_steps WHERE partner_id = ?1)) "
                            "OR (type = 'process.feedback' AND target_id IN "
                            "(SELECT id FROM plan_processes WHERE partner_id = ?1))) "
                            "ORDER BY sequence"));
        bind_text(query, 1, partner_id);
        return read_all(query);
    });
}

std::vector<OutboxEntry> Outbox::rejected(std::string_view partner_id) const {
    auto& impl = db_.impl();
    return detail::guarded(impl, "reading refused events", [&] {
        SQLite::Statement query(
            impl.db, select("WHERE state = 'rejected' AND partner_id = ? ORDER BY sequence"));
        bind_text(query, 1, partner_id);
        return read_all(query);
    });
}

std::vector<OutboxEntry> Outbox::step_history(std::string_view partner_id) const {
    auto& impl = db_.impl();
    return detail::guarded(impl, "reading the work steps' events", [&] {
        SQLite::Statement query(
            impl.db, select("WHERE partner_id = ? AND state != 'rejected' AND type IN "
                            "('work_step.started', 'work_step.joined', 'work_step.left', "
                            "'work_step.paused', 'work_step.resumed', 'work_step.finished') "
                            "ORDER BY sequence"));
        bind_text(query, 1, partner_id);
        return read_all(query);
    });
}

std::unordered_map<std::string, TimePoint> Outbox::running_since(
    std::string_view partner_id) const {
    auto& impl = db_.impl();
    return detail::guarded(impl, "reading running work steps", [&] {
        SQLite::Statement query(impl.db,
                                "SELECT target_id, type, occurred_at FROM outbox "
                                "WHERE partner_id = ? AND state != 'rejected' AND type IN "
                                "('work_step.started', 'work_step.resumed', 'work_step.paused', "
                                "'work_step.finished') ORDER BY sequence");
        bind_text(query, 1, partner_id);
        std::unordered_map<std::string, TimePoint> since;
        while (query.executeStep()) {
            std::string target = query.getColumn(0).getString();
            const std::string type = query.getColumn(1).getString();
            if (type == "work_step.started" || type == "work_step.resumed") {
                since.insert_or_assign(
                    std::move(target),
                    TimePoint(std::chrono::seconds(query.getColumn(2).getInt64())));
            } else {
                since.erase(target);
            }
        }
        return since;
    });
}

OutboxCounts Outbox::counts() const {
    auto& impl = db_.impl();
    return detail::guarded(impl, "counting events", [&] {
        SQLite::Statement query(impl.db,
                                "SELECT (SELECT count(*) FROM outbox WHERE state = 'pending'), "
                                "(SELECT count(*) FROM outbox WHERE state = 'rejected')");
        query.executeStep();
        return OutboxCounts{query.getColumn(0).getInt64(), query.getColumn(1).getInt64()};
    });
}

std::optional<TimePoint> Outbox::oldest_pending_time() const {
    auto& impl = db_.impl();
    return detail::guarded(impl, "reading the oldest pending event", [&] {
        SQLite::Statement query(impl.db,
                                "SELECT created_at FROM outbox WHERE state = 'pending' "
                                "ORDER BY sequence LIMIT 1");
        std::optional<TimePoint> oldest;
        if (query.executeStep()) oldest = detail::from_millis(query.getColumn(0).getInt64());
        return oldest;
    });
}

std::optional<OutboxEntry> Outbox::find(std::string_view event_id) const {
    auto& impl = db_.impl();
    return detail::guarded(impl, "reading an event", [&] {
        SQLite::Statement query(impl.db, select("WHERE id = ?"));
        bind_text(query, 1, event_id);
        std::optional<OutboxEntry> entry;
        if (query.executeStep()) entry = read_entry(query);
        return entry;
    });
}

std::vector<OutboxEntry> Outbox::entries_after(std::int64_t after_sequence,
                                               std::size_t limit) const {
    auto& impl = db_.impl();
    return detail::guarded(impl, "listing the outbox", [&] {
        SQLite::Statement query(impl.db, select("WHERE sequence > ? ORDER BY sequence LIMIT ?"));
        query.bind(1, after_sequence);
        query.bind(2, as_limit(limit));
        return read_all(query);
    });
}

std::size_t Outbox::prune_delivered(TimePoint cutoff) {
    auto& impl = db_.impl();
    return detail::guarded(impl, "pruning delivered events", [&] {
        SQLite::Statement erase(impl.db,
                                "DELETE FROM outbox WHERE state IN ('accepted', 'duplicate') "
                                "AND answered_at < ?");
        erase.bind(1, detail::to_millis(cutoff));
        return static_cast<std::size_t>(erase.exec());
    });
}

}  // namespace pt::store
