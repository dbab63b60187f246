// The operator session of the kiosk (product.md §3, §5) as a pure state machine: no threads, no
// I/O, time passed in. The app feeds it badge scans, PIN entries, taps and the login results
// (run on the kiosk's worker thread, applied on the UI thread), and reads the state to draw.
//
//   logged_out ──badge──► logging_in ──online/offline──► logged_in
//        ▲                 │  refused without PIN ──► pin_needed ──PIN──► logging_in
//        └── log out, idle timeout, refusal with PIN, technician leaves ◄──┘
//   any state ──technician badge──► technician
//
// The login server cannot say whether a PIN was missing or the badge is unknown (sync-api.md:
// the same 401 for both), so a badge refused without a PIN asks for one; a refusal with a PIN is
// final. R11: every transition out of a partner's session drops all of it (profile, token, held
// badge, pending PIN) and bumps generation(), which tells screens to drop their UI state too.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "firmware/app/login_result.h"

namespace pt::app {

using Clock = std::chrono::system_clock;
using TimePoint = Clock::time_point;

enum class SessionState : std::uint8_t {
    logged_out,  ///< the login screen: "scan your badge"
    logging_in,  ///< a login attempt runs on the worker; its result is awaited
    pin_needed,  ///< the PIN pad for the badge just scanned
    logged_in,   ///< an operator works, online or offline
    technician,  ///< the technician screen, behind the technician badge
};

/// `logged_out`, `logging_in`, `pin_needed`, `logged_in` or `technician`.
[[nodiscard]] std::string_view name_of(SessionState state);

struct SessionOptions {
    /// Idle sessions log out after this long without activity (config `idle_timeout_s`).
    std::chrono::seconds idle_timeout{120};
    /// The count-down is shown during this last part of the idle timeout.
    std::chrono::seconds countdown{10};
    /// True for the badge code that opens the technician screen (the kiosk checks it against
    /// the configured technician_badge_hash); empty: no technician badge.
    std::function<bool(std::string_view code)> technician_badge;
};

/// One login for the kiosk's worker to run; `id` matches its result.
struct LoginAttempt {
    std::uint64_t id = 0;
    std::string badge;
    std::optional<std::string> pin;
};

/// What applying a login result did.
enum class LoginApplied : std::uint8_t {
    logged_in,   ///< an operator is logged in (online or offline)
    pin_needed,  ///< refused without a PIN: the PIN pad is shown
    refused,     ///< refused: back at the login screen with a notice
    failed,      ///< not enrolled or the database failed: back at login with a notice
    stale,       ///< not the attempt awaited (superseded or cancelled): ignored
};

/// Why a session ended.
enum class LogoutReason : std::uint8_t {
    requested,
    idle,
    replaced,
    session_refused,
    offline_grace_over,  ///< an offline session reached the end of its grace period (R13)
};

class Session {
public:
    /// A logged-out session; `options.idle_timeout` must be > 0.
    explicit Session(SessionOptions options = {});

    /// The current state.
    [[nodiscard]] SessionState state() const noexcept { return state_; }
    /// Bumped whenever the operator, partner or technician changes (R11: drop UI state).
    [[nodiscard]] std::uint64_t generation() const noexcept { return generation_; }
    /// The logged-in operator's session; null unless state() is logged_in.
    [[nodiscard]] const OperatorSession* operator_session() const noexcept;
    /// The logged-in operator's profile (partner, modules, columns, reasons); null if none.
    [[nodiscard]] const OperatorProfile* profile() const noexcept;
    /// True when logged in without the server.
    [[nodiscard]] bool offline() const noexcept;
    /// Offline: since when (the screen says "offline since"); nullopt when online or logged out.
    [[nodiscard]] std::optional<TimePoint> offline_since() const;
    /// The login screen's message as a translation key (`notice.badge_refused` …); empty: none.
    [[nodiscard]] const std::string& notice() const noexcept { return notice_; }
    /// What the notice's `{}` stands for (the seconds of "try again in {} s"); only texts with
    /// a `{}` use it.
    [[nodiscard]] const std::string& notice_detail() const noexcept { return notice_detail_; }
    /// True when `code` is the configured technician badge.
    [[nodiscard]] bool is_technician_badge(std::string_view code) const;
    /// The options the session was made with.
    [[nodiscard]] const SessionOptions& options() const noexcept { return options_; }

    /// A badge was scanned: returns the login for the worker to run, or nullopt when no login
    /// is run now (`needs_pin`: the app already knows a PIN is required — the PIN pad opens).
    /// A badge scanned while logged in (or in the technician state) ends that session first
    /// (R11), then logs in. The technician badge opens the technician state instead.
    [[nodiscard]] std::optional<LoginAttempt> scan_badge(std::string_view badge, TimePoint now,
                                                         bool needs_pin = false);
    /// A PIN was entered on the pad: the login to run; nullopt unless state() is pin_needed or
    /// the PIN is empty.
    [[nodiscard]] std::optional<LoginAttempt> enter_pin(std::string_view pin, TimePoint now);
    /// The PIN pad was cancelled: back to logged_out (no-op in other states).
    void cancel_pin(TimePoint now);
    /// Applies the result of login attempt `attempt_id` (login_result.h).
    LoginApplied apply_login_result(std::uint64_t attempt_id, LoginResult result, TimePoint now);
    /// Applies the result of logging the current offline session in again: online
    /// replaces the session (same partner only), refused ends it, anything else changes nothing.
    void apply_relogin_result(LoginResult result);
    /// The operator or technician logs out (no-op when logged out).
    void log_out(LogoutReason reason = LogoutReason::requested);
    /// Activity (a tap, a key, a scan) resets the idle timer.
    void touch(TimePoint now);
    /// Advances time: logs out when idle for idle_timeout or longer, or when an offline session
    /// passes the end of its grace period (its reports would be refused, R13) with the notice
    /// `notice.offline_grace_over`. True if it logged out now.
    bool tick(TimePoint now);

    /// Whole seconds until the idle logout (rounded up, never negative); nullopt when the
    /// current state has no idle logout (logged_out, logging_in).
    [[nodiscard]] std::optional<std::int64_t> seconds_until_logout(TimePoint now) const;
    /// True during the last `countdown` before the idle logout.
    [[nodiscard]] bool show_countdown(TimePoint now) const;
    /// Why the last session ended; nullopt if none has ended yet.
    [[nodiscard]] std::optional<LogoutReason> last_logout() const noexcept { return last_logout_; }

private:
    [[nodiscard]] bool idles() const noexcept;
    [[nodiscard]] LoginAttempt start_attempt(std::string badge, std::optional<std::string> pin);
    void clear_partner();
    void clear_pending();

    SessionOptions options_;
    SessionState state_ = SessionState::logged_out;
    std::uint64_t generation_ = 0;
    std::uint64_t next_attempt_ = 1;
    std::optional<std::uint64_t> awaited_attempt_;
    std::string pending_badge_;  ///< the badge awaiting its PIN or result (memory only)
    bool pending_had_pin_ = false;
    std::optional<OperatorSession> operator_;
    TimePoint last_activity_{};
    std::string notice_;
    std::string notice_detail_;
    std::optional<LogoutReason> last_logout_;
};

}  // namespace pt::app
