#include "sync/store/badge_vault.h"

#include <SQLiteCpp/Transaction.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "sync/secrets/slow_hash.h"
#include "sync/store/db_impl.h"
#include "sync/store/sodium_init.h"

namespace pt::store {
namespace {

using detail::bind_text;
using Key = std::array<unsigned char, crypto_generichash_KEYBYTES>;

// ---- the bucket: a few bits of a keyed hash, so lookup checks few records --------------------

std::optional<Key> read_key(SQLite::Database& db) {
    SQLite::Statement query(db, "SELECT key FROM badge_key WHERE singleton = 1");
    if (!query.executeStep()) return std::nullopt;
    const SQLite::Column column = query.getColumn(0);
    Key key{};
    if (static_cast<std::size_t>(column.getBytes()) != key.size()) {
        throw detail::bad_value("badge_key", "key", "(wrong length)");
    }
    std::memcpy(key.data(), column.getBlob(), key.size());
    return key;
}

/// The terminal's bucket key, created on first use (INSERT OR IGNORE: two connections racing
/// agree on whichever key was committed first).
Key ensure_key(SQLite::Database& db) {
    if (auto key = read_key(db)) return *key;
    Key fresh{};
    randombytes_buf(fresh.data(), fresh.size());
    SQLite::Statement insert(db, "INSERT OR IGNORE INTO badge_key (singleton, key) VALUES (1, ?)");
    insert.bind(1, fresh.data(), static_cast<int>(fresh.size()));
    insert.exec();
    sodium_memzero(fresh.data(), fresh.size());
    return read_key(db).value();
}

int bucket_of(std::string_view badge, const Key& key) {
    std::array<unsigned char, crypto_generichash_BYTES_MIN> digest{};
    crypto_generichash(digest.data(), digest.size(),
                       reinterpret_cast<const unsigned char*>(badge.data()), badge.size(),
                       key.data(), key.size());
    return digest[0];  // 8 bits: see the header for why not more
}

// ---- slow hashes -------------------------------------------------------------------------------

std::string slow_hash(std::string_view secret, const PwhashLimits& limits) {
    try {
        return secrets::slow_hash(secret, {limits.ops, limits.mem});
    } catch (const std::runtime_error&) {
        throw detail::misuse("hashing a badge failed (out of memory or invalid limits)");
    }
}

bool slow_verify(const std::string& hash, std::string_view secret) {
    return secrets::slow_hash_matches(hash, secret);
}

// ---- records -----------------------------------------------------------------------------------

struct Record {
    std::string operator_id;
    std::string badge_hash;
    std::optional<std::string> pin_hash;
    std::string profile;
    TimePoint last_online_login;
};

std::vector<Record> records_in(SQLite::Database& db, int bucket) {
    SQLite::Statement query(db,
                            "SELECT operator_id, badge_hash, pin_hash, profile, last_online_login "
                            "FROM badges WHERE bucket = ? "
                            "ORDER BY last_online_login DESC, operator_id");
    query.bind(1, bucket);
    std::vector<Record> records;
    while (query.executeStep()) {
        Record record{.operator_id = query.getColumn(0).getString(),
                      .badge_hash = query.getColumn(1).getString(),
                      .pin_hash = std::nullopt,
                      .profile = query.getColumn(3).getString(),
                      .last_online_login = detail::from_millis(query.getColumn(4).getInt64())};
        if (!query.getColumn(2).isNull()) record.pin_hash = query.getColumn(2).getString();
        records.push_back(std::move(record));
    }
    return records;
}

/// The offline grace the server announced with the record's online login (sync-api.md, "Events
/// are bound to sessions"): a report from an offline login after it would be refused, so the
/// shorter of it and the terminal's own setting wins. A server that announced none: no limit
/// here. An unreadable profile is reported by verify(), not here.
std::chrono::seconds server_grace(const Record& record) {
    try {
        const auto announced = protocol::decode_login_response(record.profile).offline_grace_s;
        if (announced) return std::chrono::seconds(*announced);
    } catch (const protocol::ProtocolError&) {
    }
    return std::chrono::seconds::max();
}

/// The newest record whose badge hash matches, within the grace period; nullopt otherwise.
/// The slow hashes run after the query, outside any transaction.
std::optional<Record> find_badge(TerminalDb::Impl& impl, std::string_view badge, TimePoint now,
                                 std::chrono::seconds grace) {
    if (badge.empty()) return std::nullopt;
    detail::ensure_sodium();
    std::vector<Record> records;
    {
        SQLite::Transaction snapshot(impl.db, SQLite::TransactionBehavior::DEFERRED);
        const auto key = read_key(impl.db);
        if (!key) return std::nullopt;  // nothing was ever remembered
        records = records_in(impl.db, bucket_of(badge, *key));
        snapshot.commit();
    }
    for (auto& record : records) {
        if (!slow_verify(record.badge_hash, badge)) continue;
        if (now - record.last_online_login > std::min(grace, server_grace(record))) {
            return std::nullopt;
        }
        return std::move(record);
    }
    return std::nullopt;
}

}  // namespace

PwhashLimits PwhashLimits::interactive() {
    const auto limits = secrets::SlowHashLimits::interactive();
    return {limits.ops, limits.mem};
}

PwhashLimits PwhashLimits::minimal() {
    const auto limits = secrets::SlowHashLimits::minimal();
    return {limits.ops, limits.mem};
}

void BadgeVault::remember(std::string_view badge, const std::optional<std::string>& pin,
                          const protocol::LoginResponse& profile, TimePoint now) {
    if (badge.empty()) throw detail::misuse("remembering a badge: the badge is empty");
    if (profile.operator_id.empty()) {
        throw detail::misuse("remembering a badge: the operator id is empty");
    }
    detail::ensure_sodium();
    auto& impl = db_.impl();
    protocol::LoginResponse kept = profile;
    kept.token.clear();  // a session token is a secret and useless offline
    const std::string profile_text = protocol::encode(kept);
    const std::string badge_hash = slow_hash(badge, limits_);
    const std::optional<std::string> pin_hash =
        pin ? std::optional<std::string>(slow_hash(*pin, limits_)) : std::nullopt;

    detail::guarded(impl, "remembering operator " + profile.operator_id, [&] {
        int bucket = 0;
        {
            SQLite::Transaction transaction(impl.db, SQLite::TransactionBehavior::IMMEDIATE);
            bucket = bucket_of(badge, ensure_key(impl.db));
            transaction.commit();
        }
        // A badge handed on to another operator: that operator's record must not match it.
        std::vector<std::string> stale;
        for (const auto& record : records_in(impl.db, bucket)) {
            if (record.operator_id != profile.operator_id &&
                slow_verify(record.badge_hash, badge)) {
                stale.push_back(record.operator_id);
            }
        }
        SQLite::Transaction transaction(impl.db, SQLite::TransactionBehavior::IMMEDIATE);
        SQLite::Statement erase(impl.db, "DELETE FROM badges WHERE operator_id = ?");
        for (const auto& operator_id : stale) {
            erase.bind(1, operator_id);
            erase.exec();
            erase.reset();
        }
        SQLite::Statement upsert(
            impl.db,
            "INSERT OR REPLACE INTO badges (operator_id, partner_id, bucket, badge_hash, "
            "pin_hash, profile, last_online_login) VALUES (?, ?, ?, ?, ?, ?, ?)");
        upsert.bind(1, profile.operator_id);
        upsert.bind(2, profile.partner_id);
        upsert.bind(3, bucket);
        upsert.bind(4, badge_hash);
        if (pin_hash) {
            upsert.bind(5, *pin_hash);
        } else {
            upsert.bind(5);
        }
        upsert.bind(6, profile_text);
        upsert.bind(7, detail::to_millis(now));
        upsert.exec();
        transaction.commit();
    });
}

std::optional<RememberedLogin> BadgeVault::verify(std::string_view badge,
                                                  const std::optional<std::string>& pin,
                                                  TimePoint now, std::chrono::seconds grace) const {
    auto& impl = db_.impl();
    const auto record =
        detail::guarded(impl, "offline login", [&] { return find_badge(impl, badge, now, grace); });
    if (!record) return std::nullopt;
    // A wrong or missing PIN fails exactly like an unknown badge (sync-api.md: no way to tell).
    if (record->pin_hash && (!pin || !slow_verify(*record->pin_hash, *pin))) return std::nullopt;
    try {
        return RememberedLogin{protocol::decode_login_response(record->profile),
                               record->last_online_login};
    } catch (const protocol::ProtocolError& error) {
        throw StoreError(StoreErrorKind::corrupt, "the remembered profile of operator " +
                                                      record->operator_id +
                                                      " is unreadable: " + error.what());
    }
}

bool BadgeVault::needs_pin(std::string_view badge, TimePoint now,
                           std::chrono::seconds grace) const {
    auto& impl = db_.impl();
    const auto record = detail::guarded(impl, "looking up a badge",
                                        [&] { return find_badge(impl, badge, now, grace); });
    return record && record->pin_hash.has_value();
}

void BadgeVault::forget_operator(std::string_view operator_id) {
    auto& impl = db_.impl();
    detail::guarded(impl, "forgetting an operator", [&] {
        SQLite::Statement erase(impl.db, "DELETE FROM badges WHERE operator_id = ?");
        bind_text(erase, 1, operator_id);
        erase.exec();
    });
}

std::size_t BadgeVault::prune(TimePoint now, std::chrono::seconds grace) {
    auto& impl = db_.impl();
    return detail::guarded(impl, "pruning expired badges", [&] {
        SQLite::Statement erase(impl.db, "DELETE FROM badges WHERE last_online_login < ?");
        erase.bind(1, detail::to_millis(now - grace));
        return static_cast<std::size_t>(erase.exec());
    });
}

}  // namespace pt::store
