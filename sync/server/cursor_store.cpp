#include "sync/server/cursor_store.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <vector>

#include "sync/server/sql_support.h"
#include "sync/server/tokens.h"

namespace pt::server {

namespace {

/// Age pruning scans the table, so it runs at most this often.
constexpr std::chrono::hours kAgePruneInterval{1};

}  // namespace

CursorStore::CursorStore(SQLite::Database& db, CursorLimits limits) : db_(db), limits_(limits) {}

std::shared_ptr<const ViewSnapshot> CursorStore::find(const std::string& cursor,
                                                      const std::string& partner_id,
                                                      plan::Timestamp now) {
    const auto expired = [&](plan::Timestamp created_at) {
        return now - created_at > limits_.max_age;
    };
    if (const auto it = cache_.find(cursor); it != cache_.end()) {
        recency_.splice(recency_.begin(), recency_, it->second.recency);
        const Entry& entry = it->second;
        if (entry.partner_id != partner_id || expired(entry.created_at)) return nullptr;
        return entry.snapshot;
    }
    SQLite::Statement query(db_,
                            "SELECT partner_id, created_at, snapshot FROM cursors "
                            "WHERE id = ?");
    query.bind(1, cursor);
    if (!query.executeStep()) return nullptr;
    std::string owner = query.getColumn(0).getString();
    const plan::Timestamp created_at{std::chrono::seconds{query.getColumn(1).getInt64()}};
    const SQLite::Column blob = query.getColumn(2);
    auto decoded = decode_snapshot(std::string_view(static_cast<const char*>(blob.getBlob()),
                                                    static_cast<std::size_t>(blob.getBytes())));
    if (!decoded) return nullptr;  // damaged: treat as unknown, the terminal gets a full pull
    auto snapshot = std::make_shared<const ViewSnapshot>(std::move(*decoded));
    const bool usable = owner == partner_id && !expired(created_at);
    remember(cursor, std::move(owner), created_at, snapshot);
    return usable ? snapshot : nullptr;
}

std::string CursorStore::save(const std::string& partner_id, const std::string& session_hash,
                              std::shared_ptr<const ViewSnapshot> snapshot, plan::Timestamp now) {
    std::string cursor = random_hex(16);
    const std::string blob = encode_snapshot(*snapshot);
    {
        SQLite::Transaction transaction(db_);
        SQLite::Statement put(db_, "INSERT INTO cursors VALUES (?, ?, ?, ?, ?)");
        put.bind(1, cursor);
        put.bind(2, partner_id);
        put.bind(3, session_hash);
        put.bind(4, seconds_of(now));
        put.bind(5, blob.data(), static_cast<int>(blob.size()));
        put.exec();
        prune(partner_id, session_hash, now);
        transaction.commit();
    }
    remember(cursor, partner_id, now, std::move(snapshot));
    return cursor;
}

std::int64_t CursorStore::count() {
    SQLite::Statement query(db_, "SELECT count(*) FROM cursors");
    query.executeStep();
    return query.getColumn(0).getInt64();
}

void CursorStore::prune(const std::string& partner_id, const std::string& session_hash,
                        plan::Timestamp now) {
    std::vector<std::string> stale;
    {
        SQLite::Statement query(db_,
                                "SELECT id FROM cursors WHERE partner_id = ? AND "
                                "session_hash = ? ORDER BY rowid DESC LIMIT -1 OFFSET ?");
        query.bind(1, partner_id);
        query.bind(2, session_hash);
        query.bind(3, static_cast<std::int64_t>(limits_.keep_per_session));
        while (query.executeStep())
            stale.push_back(query.getColumn(0).getString());
    }
    SQLite::Statement drop(db_, "DELETE FROM cursors WHERE id = ?");
    for (const std::string& cursor : stale) {
        drop.bind(1, cursor);
        drop.exec();
        drop.reset();
        forget(cursor);
    }
    if (now - last_age_prune_ >= kAgePruneInterval) {
        last_age_prune_ = now;
        SQLite::Statement old(db_, "DELETE FROM cursors WHERE created_at < ?");
        old.bind(1, seconds_of(now - limits_.max_age));
        if (old.exec() > 0) {
            cache_.clear();  // rare; simpler than finding which cached cursors went
            recency_.clear();
        }
    }
}

void CursorStore::remember(const std::string& cursor, std::string partner_id,
                           plan::Timestamp created_at,
                           std::shared_ptr<const ViewSnapshot> snapshot) {
    forget(cursor);
    recency_.push_front(cursor);
    cache_.emplace(cursor,
                   Entry{std::move(partner_id), created_at, std::move(snapshot), recency_.begin()});
    while (cache_.size() > limits_.cache_entries) {
        const std::string oldest = recency_.back();
        forget(oldest);
    }
}

void CursorStore::forget(const std::string& cursor) {
    const auto it = cache_.find(cursor);
    if (it == cache_.end()) return;
    recency_.erase(it->second.recency);
    cache_.erase(it);
}

}  // namespace pt::server
