// Badge login (sync-api.md POST /sessions) with the offline fallback of product.md §5.
//
// login(): online first, with the terminal token. On success the badge (and PIN) are
// remembered in the BadgeVault — as salted slow hashes only — and the session is online. When
// the server cannot be reached or cannot answer (no answer, 5xx, 429/503, a broken answer) the
// vault decides: a badge that logged in online on this terminal within the grace period (default
// 7 days, or the server's `offline_grace_s` from that login when shorter — so no offline session
// records a report the server must refuse under R13), with its PIN, gets an OFFLINE session with
// the remembered profile and no token. A 401
// is final: never an offline fallback, otherwise a revoked badge could still log in offline; the
// vault record it matched is deleted too.
//
// Back online (the choice documented in issue #3 item 3): an offline session keeps the badge and
// PIN in memory only (HeldBadge, wiped when the session ends, never written anywhere), and the
// app calls relogin() once SyncStatus::online turns true; an online session token then lets the
// sync engine pull that partner's plan again (SyncEngine::set_session). Events recorded offline
// need no session: the engine pushes them with the terminal token as soon as the server answers.
//
// Threads: login() blocks on the network and on Argon2id hashing (tens to hundreds of ms), so
// the app calls it from a worker thread, never the UI thread, with that thread's own TerminalDb
// and transport (one of each per thread).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sync/client/api_result.h"
#include "sync/client/sync_api_client.h"
#include "sync/protocol/protocol.h"
#include "sync/store/badge_vault.h"
#include "sync/store/terminal_db.h"

namespace pt::client {

struct LoginOptions {
    /// How long after the last online login a badge may log in offline.
    std::chrono::seconds offline_grace = store::kDefaultOfflineGrace;
    /// Cost of the badge hashes written after an online login (tests use minimal()).
    store::PwhashLimits pwhash = store::PwhashLimits::interactive();
    /// True: an online login() returns without writing the badge hashes; the caller then calls
    /// remember_online_login() — so the operator sees the work list without waiting for
    /// Argon2id (tens of ms), which runs after the answer.
    bool defer_remember = false;
};

enum class LoginOutcome : std::uint8_t {
    online,           ///< the server accepted; the session has a token
    offline,          ///< server unreachable; the vault accepted badge and PIN within grace
    refused,          ///< the server refused (401, or 400): final, no offline fallback
    throttled,        ///< 429: too many failed logins here; no offline fallback, no retry
    offline_refused,  ///< server unreachable; badge unknown here, too old, or wrong PIN
    not_enrolled,     ///< no terminal credentials: enrol first
    store_failed,     ///< the terminal database failed while checking
};

/// `online`, `offline`, `refused`, `throttled`, `offline_refused`, `not_enrolled` or
/// `store_failed`.
[[nodiscard]] std::string_view name_of(LoginOutcome outcome);

/// Badge and PIN of an offline session, in memory only, so that relogin() can obtain a token
/// when the network returns. The bytes are overwritten when the object goes away.
class HeldBadge {
public:
    HeldBadge(std::string_view badge, std::optional<std::string> pin);
    ~HeldBadge();
    HeldBadge(const HeldBadge&) = delete;
    HeldBadge& operator=(const HeldBadge&) = delete;
    HeldBadge(HeldBadge&&) = delete;
    HeldBadge& operator=(HeldBadge&&) = delete;

    /// The badge code as scanned.
    [[nodiscard]] const std::string& badge() const noexcept { return badge_; }
    /// The PIN as typed; nullopt when none was asked for.
    [[nodiscard]] const std::optional<std::string>& pin() const noexcept { return pin_; }

private:
    std::string badge_;
    std::optional<std::string> pin_;
};

struct OperatorSession {
    /// Operator, partner, modules, columns, reasons; `token` is empty for an offline session.
    protocol::LoginResponse profile;
    bool offline = false;
    /// Offline: when this session started without the server (the screen says "offline since").
    std::optional<std::chrono::system_clock::time_point> offline_since;
    /// Offline: the operator's last online login on this terminal (start of the grace period).
    std::optional<std::chrono::system_clock::time_point> last_online_login;
    /// Offline: the end of the grace period (the terminal's, or the server's when shorter). A
    /// report after it would be refused by the server (R13), so none is recorded then.
    std::optional<std::chrono::system_clock::time_point> offline_until;
    /// Offline only: what relogin() needs; null for an online session.
    std::shared_ptr<const HeldBadge> held;
};

struct LoginResult {
    LoginOutcome outcome = LoginOutcome::refused;
    std::optional<OperatorSession> session;  ///< for online and offline
    std::optional<ApiError> online_error;    ///< why the online attempt failed, if it did
    std::string message;                     ///< for logs; never contains the badge or PIN
    /// offline_refused without a PIN: the vault knows this badge (within grace) with a PIN, so
    /// the PIN pad may help. False for an unknown badge or one whose grace is over: asking for
    /// a PIN could not change the answer.
    bool pin_may_help = false;
};

class LoginService {
public:
    /// `db` and `api` belong to the calling thread and must outlive the service.
    LoginService(store::TerminalDb& db, SyncApiClient& api, LoginOptions options = {});

    /// Logs in with the badge (and PIN): online, or offline as described above. Never throws
    /// for network or database trouble (see LoginOutcome).
    [[nodiscard]] LoginResult login(std::string_view badge, const std::optional<std::string>& pin);

    /// For an offline session: tries the online login again with the held badge. online: the
    /// session now has a token (and no held badge); refused: the server no longer accepts the
    /// badge, or it moved to another partner — end the session; any other outcome leaves the
    /// session offline. An online session is returned as it is.
    [[nodiscard]] LoginResult relogin(OperatorSession& session);

    /// After an online login() with `defer_remember`: writes the badge hashes that allow a later
    /// offline login. Returns a warning for the log, or "" when done. Never throws.
    [[nodiscard]] std::string remember_online_login(std::string_view badge,
                                                    const std::optional<std::string>& pin,
                                                    const protocol::LoginResponse& profile);
    /// Whether an offline login with this badge would ask for a PIN (the PIN pad). False when
    /// the badge is unknown offline or the database fails.
    [[nodiscard]] bool needs_pin_offline(std::string_view badge) const;

private:
    /// The online attempt; `credentials_missing` is set when the terminal is not enrolled.
    [[nodiscard]] ApiResult<protocol::LoginResponse> try_online(
        std::string_view badge, const std::optional<std::string>& pin, bool& not_enrolled);
    /// After an online success: remembers badge and profile; returns a warning or "".
    [[nodiscard]] std::string remember(std::string_view badge,
                                       const std::optional<std::string>& pin,
                                       const protocol::LoginResponse& profile);
    /// After a 401: deletes the vault record this badge and PIN would open offline.
    void forget_refused(std::string_view badge, const std::optional<std::string>& pin);

    store::TerminalDb& db_;
    SyncApiClient& api_;
    LoginOptions options_;
};

}  // namespace pt::client
