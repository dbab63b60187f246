// Offline login (product.md §5, issue #3 item 3): an operator who logged in online on this
// terminal within the grace period can log in while the server is unreachable. Badge codes and
// PINs are kept only as salted slow hashes (libsodium crypto_pwhash_str, Argon2id, a random salt
// per hash), never as text. Lookup: hashes are salted, so records cannot be indexed by hash;
// each record carries an 8-bit "bucket" — a keyed BLAKE2b of the badge under a random key of
// this terminal — and verify() runs the slow hash only on the few records of that bucket.
// Why 8 bits and not more: whoever holds the file holds the key, and every bucket bit makes an
// offline guess 2× cheaper to filter; 256 buckets keep verify() at about one slow hash for the
// few dozen operators a terminal sees within the grace period.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sync/protocol/protocol.h"
#include "sync/store/terminal_db.h"

namespace pt::store {

/// product.md §5: the default offline grace period, from the last online login on this terminal.
inline constexpr std::chrono::seconds kDefaultOfflineGrace = std::chrono::days(7);

/// Cost of each slow hash (crypto_pwhash): only new hashes use it; old ones verify as stored.
struct PwhashLimits {
    std::uint64_t ops = 0;
    std::size_t mem = 0;
    /// libsodium's "interactive" limits (Argon2id: 2 passes, 64 MiB) — the default.
    [[nodiscard]] static PwhashLimits interactive();
    /// The smallest limits libsodium allows — for tests only, never on a terminal.
    [[nodiscard]] static PwhashLimits minimal();
};

/// What offline login returns: the profile of the last online login (without its session
/// token, which is never stored) and when that login was.
struct RememberedLogin {
    protocol::LoginResponse profile;  ///< `token` is empty
    TimePoint last_online_login;
    bool operator==(const RememberedLogin&) const = default;
};

class BadgeVault {
public:
    explicit BadgeVault(TerminalDb& db, PwhashLimits limits = PwhashLimits::interactive())
        : db_(db), limits_(limits) {}

    /// After an online login: stores hashes of `badge` (and of `pin` when the operator has one)
    /// with the profile, replacing the operator's previous record and any other record with the
    /// same badge (a badge handed on). Slow (two Argon2id hashes, outside any lock). Throws
    /// StoreError: other for an empty badge or operator id, or when hashing runs out of memory.
    void remember(std::string_view badge, const std::optional<std::string>& pin,
                  const protocol::LoginResponse& profile, TimePoint now);

    /// Offline login: the remembered login of this badge when its last online login is at most
    /// `grace` before `now` — or the `offline_grace_s` the server announced with that login, when
    /// shorter — and, for an operator with a PIN, `pin` matches. An unknown badge, an
    /// expired record, and a missing or wrong PIN all give nullopt alike. Throws StoreError.
    [[nodiscard]] std::optional<RememberedLogin> verify(
        std::string_view badge, const std::optional<std::string>& pin, TimePoint now,
        std::chrono::seconds grace = kDefaultOfflineGrace) const;

    /// Whether offline login with this badge would ask for a PIN (the login screen shows the PIN
    /// pad); false for an unknown or expired badge. Throws StoreError.
    [[nodiscard]] bool needs_pin(std::string_view badge, TimePoint now,
                                 std::chrono::seconds grace = kDefaultOfflineGrace) const;

    /// Deletes the operator's record (e.g. after the server refused the badge online).
    void forget_operator(std::string_view operator_id);
    /// Deletes records whose last online login is more than `grace` before `now`; returns how many.
    std::size_t prune(TimePoint now, std::chrono::seconds grace = kDefaultOfflineGrace);

private:
    TerminalDb& db_;
    PwhashLimits limits_;
};

}  // namespace pt::store
