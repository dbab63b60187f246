#include "sync/server/event_store.h"

#include <algorithm>

#include "sync/server/database.h"
#include "sync/server/sql_support.h"

namespace pt::server {

EventStore::EventStore(SQLite::Database& db)
    : db_(db),
      find_(db, "SELECT status, reason FROM events WHERE id = ?"),
      put_(db,
           "INSERT INTO events (id, terminal_id, status, reason, message, type, operator_id, "
           "target_id, occurred_at, data_reason, data_good, data_scrap, data_scrap_reason, "
           "data_process_status, data_comment, received_at, partner_id, data_text, "
           "data_corrects, data_approved_by, operator_name) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") {}

std::optional<protocol::OriginalOutcome> EventStore::outcome_of(const std::string& event_id) {
    ResetOnExit reset{find_};
    find_.bind(1, event_id);
    if (!find_.executeStep()) return std::nullopt;
    protocol::OriginalOutcome outcome;
    if (find_.getColumn(0).getString() == "rejected") {
        outcome.status = protocol::ResultStatus::rejected;
        outcome.reason = find_.getColumn(1).getString();
    }
    return outcome;
}

void EventStore::add(const plan::Event* event, const std::string& event_id,
                     const std::string& partner_id, std::string_view status,
                     std::string_view reason, const std::string& message,
                     const std::string& terminal_id, plan::Timestamp received_at,
                     const std::string& operator_name) {
    ResetOnExit reset{put_};
    put_.clearBindings();
    put_.bind(1, event_id);
    put_.bind(2, terminal_id);
    put_.bind(3, std::string(status));
    put_.bind(4, std::string(reason));
    put_.bind(5, message);
    if (event != nullptr) {
        const plan::EventData& data = event->data;
        put_.bind(6, std::string(plan::name_of(event->type)));
        put_.bind(7, event->operator_id);
        put_.bind(8, event->target_id);
        put_.bind(9, seconds_of(event->occurred_at));
        put_.bind(10, data.reason);
        put_.bind(11, data.good);
        put_.bind(12, data.scrap);
        put_.bind(13, data.scrap_reason);
        if (data.process_status) {
            put_.bind(14, std::string(plan::name_of(*data.process_status)));
        }
        put_.bind(15, data.comment);
        put_.bind(18, data.text);
        put_.bind(19, data.corrects);
        put_.bind(20, data.approved_by);
    }
    put_.bind(16, seconds_of(received_at));
    if (!partner_id.empty()) put_.bind(17, partner_id);  // else NULL: no such operator
    put_.bind(21, operator_name);
    put_.exec();
}

void EventStore::add_accepted(const plan::Event& event, const std::string& partner_id,
                              const std::string& terminal_id, plan::Timestamp received_at,
                              const std::string& operator_name) {
    add(&event, event.id, partner_id, "accepted", "", "", terminal_id, received_at, operator_name);
}

void EventStore::add_rejected(const plan::Event& event, const std::string& partner_id,
                              std::string_view reason, const std::string& message,
                              const std::string& terminal_id, plan::Timestamp received_at) {
    add(&event, event.id, partner_id, "rejected", reason, message, terminal_id, received_at);
}

void EventStore::add_malformed(const std::string& event_id, const std::string& message,
                               const std::string& terminal_id, plan::Timestamp received_at) {
    add(nullptr, event_id, "", "rejected", plan::name_of(plan::Verdict::invalid), message,
        terminal_id, received_at);
}

std::int64_t EventStore::prune_refused(const std::string& terminal_id, std::int64_t keep,
                                       plan::Timestamp received_before) {
    // Both use the partial indexes of schema 5 (refused events only).
    // The newest event of all stays whatever it is: seq has no AUTOINCREMENT, so deleting the
    // row with the largest seq would hand its seq out again, and a reader paging refusals by
    // seq would skip the next one.
    SQLite::Statement beyond(db_,
                             "DELETE FROM events WHERE status = 'rejected' AND terminal_id = ?1 "
                             "AND seq <= (SELECT seq FROM events WHERE status = 'rejected' AND "
                             "terminal_id = ?1 ORDER BY seq DESC LIMIT 1 OFFSET ?2) "
                             "AND seq < (SELECT max(seq) FROM events)");
    beyond.bind(1, terminal_id);
    beyond.bind(2, keep);
    std::int64_t forgotten = beyond.exec();
    SQLite::Statement old(db_,
                          "DELETE FROM events WHERE status = 'rejected' AND received_at < ? "
                          "AND seq < (SELECT max(seq) FROM events)");
    old.bind(1, seconds_of(received_before));
    forgotten += old.exec();
    return forgotten;
}

namespace {

constexpr const char* kRecordedColumns =
    "SELECT seq, id, type, operator_id, target_id, occurred_at, data_reason, data_good, "
    "data_scrap, data_scrap_reason, data_process_status, data_comment, received_at, "
    "terminal_id, reason, message, coalesce(data_text, ''), coalesce(data_corrects, ''), "
    "coalesce(data_approved_by, '') FROM events ";

protocol::RecordedEvent recorded_event(SQLite::Statement& q) {
    protocol::RecordedEvent recorded;
    recorded.seq = q.getColumn(0).getInt64();
    plan::Event& e = recorded.event;
    e.id = q.getColumn(1).getString();
    recorded.undecoded = q.getColumn(2).isNull();
    if (!recorded.undecoded) {
        const auto type = plan::event_type_from_name(q.getColumn(2).getString());
        if (!type) throw StoreError("event '" + e.id + "' has an unknown type");
        e.type = *type;
        e.operator_id = q.getColumn(3).getString();
        e.target_id = q.getColumn(4).getString();
        e.occurred_at = timestamp_of(q.getColumn(5).getInt64());
        e.data.reason = q.getColumn(6).getString();
        e.data.good = q.getColumn(7).getInt64();
        e.data.scrap = q.getColumn(8).getInt64();
        e.data.scrap_reason = q.getColumn(9).getString();
        if (!q.getColumn(10).isNull())
            e.data.process_status = plan::process_status_from_name(q.getColumn(10).getString());
        e.data.comment = q.getColumn(11).getString();
        e.data.text = q.getColumn(16).getString();
        e.data.corrects = q.getColumn(17).getString();
        e.data.approved_by = q.getColumn(18).getString();
    }
    recorded.received_at = timestamp_of(q.getColumn(12).getInt64());
    recorded.terminal_id = q.getColumn(13).getString();
    recorded.reason = q.getColumn(14).getString();
    recorded.message = q.getColumn(15).getString();
    return recorded;
}

}  // namespace

std::vector<plan::ViewStepNote> EventStore::notes_since(plan::Timestamp from) {
    SQLite::Statement q(db_,
                        "SELECT id, target_id, coalesce(operator_name, ''), "
                        "min(occurred_at, received_at), "
                        "coalesce(data_text, '') FROM events INDEXED BY events_notes_by_time "
                        "WHERE status = 'accepted' AND type = 'work_step.note' "
                        "AND occurred_at >= ? ORDER BY seq");
    q.bind(1, seconds_of(from));
    std::vector<plan::ViewStepNote> notes;
    while (q.executeStep()) {
        notes.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                         q.getColumn(2).getString(), timestamp_of(q.getColumn(3).getInt64()),
                         q.getColumn(4).getString()});
    }
    return notes;
}

std::optional<EventStore::StoredReport> EventStore::report_in_force(const std::string& report_id) {
    SQLite::Statement q(db_, std::string(kRecordedColumns) +
                                 "WHERE id = ? AND status = 'accepted' AND type IS NOT NULL");
    q.bind(1, report_id);
    if (!q.executeStep()) return std::nullopt;
    StoredReport stored{recorded_event(q).event, {}};
    plan::Event& report = stored.event;
    SQLite::Statement partner(db_, "SELECT coalesce(partner_id, '') FROM events WHERE id = ?");
    partner.bind(1, report_id);
    if (partner.executeStep()) stored.partner_id = partner.getColumn(0).getString();
    // "The latest accepted correction counts" (sync-api.md): the last one accepted.
    SQLite::Statement latest(db_,
                             "SELECT data_good, data_scrap, data_scrap_reason FROM events "
                             "INDEXED BY events_corrections WHERE data_corrects = ? AND "
                             "status = 'accepted' AND type = 'work_step.corrected' "
                             "ORDER BY seq DESC LIMIT 1");
    latest.bind(1, report_id);
    if (latest.executeStep()) {
        report.data.good = latest.getColumn(0).getInt64();
        report.data.scrap = latest.getColumn(1).getInt64();
        report.data.scrap_reason = latest.getColumn(2).getString();
    }
    return stored;
}

std::vector<protocol::RecordedEvent> EventStore::accepted() {
    return page(db_, false, 0, std::nullopt);
}

namespace {

/// The filtered page's statement: the seqs come from one index of schema 10 in seq order — the
/// operator's, else the terminal's, else the partner's (most selective first), else the one by
/// status — with the time in the index itself, so rows are read only for the page.
SQLite::Statement filtered_page(SQLite::Database& db, bool refused, std::int64_t after,
                                std::int64_t limit, const EventFilter& filter) {
    const char* index = filter.operator_id   ? "events_by_operator"
                        : filter.terminal_id ? "events_by_terminal"
                        : filter.partner_id  ? "events_by_partner"
                                             : "events_by_status";
    std::string where = refused ? "status = 'rejected'" : "status = 'accepted'";
    where += " AND seq > :after";
    if (filter.partner_id) where += " AND partner_id = :partner";
    if (filter.terminal_id) where += " AND terminal_id = :terminal";
    if (filter.operator_id) where += " AND operator_id = :operator";
    if (filter.from) where += " AND received_at >= :from";
    if (filter.to) where += " AND received_at < :to";
    SQLite::Statement q(db, std::string(kRecordedColumns) +
                                "WHERE seq IN (SELECT seq FROM events INDEXED BY " + index +
                                " WHERE " + where + " ORDER BY seq LIMIT :limit) ORDER BY seq");
    q.bind(":after", after);
    q.bind(":limit", limit);
    if (filter.partner_id) q.bind(":partner", *filter.partner_id);
    if (filter.terminal_id) q.bind(":terminal", *filter.terminal_id);
    if (filter.operator_id) q.bind(":operator", *filter.operator_id);
    if (filter.from) q.bind(":from", seconds_of(*filter.from));
    if (filter.to) q.bind(":to", seconds_of(*filter.to));
    return q;
}

}  // namespace

std::vector<protocol::RecordedEvent> EventStore::page(SQLite::Database& db, bool refused,
                                                      std::int64_t after,
                                                      std::optional<std::int64_t> limit,
                                                      const EventFilter& filter) {
    if (!filter.empty()) {
        // A filtered feed is always paged (the endpoint gives a limit).
        SQLite::Statement q = filtered_page(db, refused, after, limit.value_or(10'000), filter);
        std::vector<protocol::RecordedEvent> list;
        while (q.executeStep())
            list.push_back(recorded_event(q));
        return list;
    }
    // By the primary key from `after` on: a page costs its own rows, however long the feed.
    SQLite::Statement q(db,
                        std::string(kRecordedColumns) +
                            (refused ? "WHERE status = 'rejected'" : "WHERE status = 'accepted'") +
                            " AND seq > ? ORDER BY seq LIMIT ?");
    q.bind(1, after);
    q.bind(2, limit.value_or(-1));  // a negative LIMIT is none
    std::vector<protocol::RecordedEvent> list;
    if (limit) list.reserve(static_cast<std::size_t>(std::min<std::int64_t>(*limit, 10'000)));
    while (q.executeStep())
        list.push_back(recorded_event(q));
    return list;
}

std::int64_t EventStore::count() {
    SQLite::Statement q(db_, "SELECT count(*) FROM events");
    q.executeStep();
    return q.getColumn(0).getInt64();
}

}  // namespace pt::server
