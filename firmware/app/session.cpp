#include "firmware/app/session.h"

#include <stdexcept>
#include <utility>

namespace pt::app {

std::string_view name_of(SessionState state) {
    switch (state) {
        case SessionState::logged_out:
            return "logged_out";
        case SessionState::logging_in:
            return "logging_in";
        case SessionState::pin_needed:
            return "pin_needed";
        case SessionState::logged_in:
            return "logged_in";
        case SessionState::technician:
            return "technician";
    }
    return "logged_out";
}

Session::Session(SessionOptions options) : options_(std::move(options)) {
    if (options_.idle_timeout <= std::chrono::seconds{0}) {
        throw std::invalid_argument("idle_timeout must be positive");
    }
}

const OperatorSession* Session::operator_session() const noexcept {
    return operator_ ? &*operator_ : nullptr;
}

const OperatorProfile* Session::profile() const noexcept {
    return operator_ ? &operator_->profile : nullptr;
}

bool Session::offline() const noexcept {
    return operator_ && operator_->offline;
}

std::optional<TimePoint> Session::offline_since() const {
    if (!operator_ || !operator_->offline) {
        return std::nullopt;
    }
    return operator_->offline_since;
}

bool Session::is_technician_badge(std::string_view code) const {
    return options_.technician_badge && !code.empty() && options_.technician_badge(code);
}

std::optional<LoginAttempt> Session::scan_badge(std::string_view badge, TimePoint now,
                                                bool needs_pin) {
    if (state_ == SessionState::logged_in || state_ == SessionState::technician) {
        log_out(LogoutReason::replaced);
    }
    clear_pending();
    notice_.clear();
    last_activity_ = now;
    if (is_technician_badge(badge)) {
        state_ = SessionState::technician;
        ++generation_;
        return std::nullopt;
    }
    if (badge.empty()) {
        state_ = SessionState::logged_out;
        return std::nullopt;
    }
    if (needs_pin) {
        pending_badge_ = std::string(badge);
        state_ = SessionState::pin_needed;
        return std::nullopt;
    }
    return start_attempt(std::string(badge), std::nullopt);
}

std::optional<LoginAttempt> Session::enter_pin(std::string_view pin, TimePoint now) {
    if (state_ != SessionState::pin_needed || pin.empty()) {
        return std::nullopt;
    }
    last_activity_ = now;
    notice_.clear();
    return start_attempt(std::exchange(pending_badge_, {}), std::string(pin));
}

void Session::cancel_pin(TimePoint now) {
    if (state_ != SessionState::pin_needed) {
        return;
    }
    clear_pending();
    last_activity_ = now;
    state_ = SessionState::logged_out;
}

LoginAttempt Session::start_attempt(std::string badge, std::optional<std::string> pin) {
    LoginAttempt attempt{.id = next_attempt_++, .badge = std::move(badge), .pin = std::move(pin)};
    awaited_attempt_ = attempt.id;
    pending_badge_ = attempt.badge;
    pending_had_pin_ = attempt.pin.has_value();
    state_ = SessionState::logging_in;
    return attempt;
}

LoginApplied Session::apply_login_result(std::uint64_t attempt_id, LoginResult result,
                                         TimePoint now) {
    if (state_ != SessionState::logging_in || awaited_attempt_ != attempt_id) {
        return LoginApplied::stale;
    }
    awaited_attempt_.reset();
    last_activity_ = now;
    switch (result.outcome) {
        case LoginOutcome::online:
        case LoginOutcome::offline:
            if (!result.session) {
                break;  // a broken result: treated as a failure below
            }
            clear_pending();
            operator_ = std::move(*result.session);
            state_ = SessionState::logged_in;
            ++generation_;
            return LoginApplied::logged_in;
        case LoginOutcome::offline_refused:
            if (pending_had_pin_ || !result.pin_may_help) {
                // Unknown here, its grace over, or a wrong PIN: the vault says them alike. The
                // notice says what offline login needs, so nobody waits for a PIN pad in vain.
                clear_pending();
                state_ = SessionState::logged_out;
                notice_ = "notice.offline_refused";
                return LoginApplied::refused;
            }
            state_ = SessionState::pin_needed;
            notice_ = "notice.badge_needs_pin";
            return LoginApplied::pin_needed;
        case LoginOutcome::refused:
            if (!pending_had_pin_) {
                // The server cannot tell "PIN missing" from "badge unknown": offer the PIN pad.
                state_ = SessionState::pin_needed;
                notice_ = "notice.badge_needs_pin";
                return LoginApplied::pin_needed;
            }
            clear_pending();
            state_ = SessionState::logged_out;
            notice_ = "notice.badge_refused";
            return LoginApplied::refused;
        case LoginOutcome::not_enrolled:
            clear_pending();
            state_ = SessionState::logged_out;
            notice_ = "notice.not_enrolled";
            return LoginApplied::failed;
        case LoginOutcome::throttled: {
            // The server's word: no PIN pad, no retry by itself; the operator waits and scans.
            clear_pending();
            state_ = SessionState::logged_out;
            notice_ = "notice.too_many_attempts";
            notice_detail_ = std::to_string(result.retry_after ? result.retry_after->count() : 60);
            return LoginApplied::refused;
        }
        case LoginOutcome::store_failed:
            break;
    }
    clear_pending();
    state_ = SessionState::logged_out;
    notice_ = "notice.login_failed";
    return LoginApplied::failed;
}

void Session::apply_relogin_result(LoginResult result) {
    if (state_ != SessionState::logged_in || !operator_) {
        return;
    }
    if (result.outcome == LoginOutcome::refused) {
        log_out(LogoutReason::session_refused);
        notice_ = "notice.session_ended_by_server";
        return;
    }
    if (result.outcome != LoginOutcome::online || !result.session) {
        return;
    }
    if (result.session->profile.partner_id != operator_->profile.partner_id ||
        result.session->profile.operator_id != operator_->profile.operator_id) {
        log_out(LogoutReason::session_refused);  // moved to another partner: R11
        notice_ = "notice.badge_moved";
        return;
    }
    operator_ = std::move(*result.session);
}

void Session::log_out(LogoutReason reason) {
    if (state_ == SessionState::logged_out) {
        return;
    }
    const bool had_someone =
        state_ == SessionState::logged_in || state_ == SessionState::technician;
    clear_partner();
    clear_pending();
    awaited_attempt_.reset();
    state_ = SessionState::logged_out;
    notice_.clear();
    if (had_someone) {
        ++generation_;
        last_logout_ = reason;
    }
}

void Session::touch(TimePoint now) {
    if (idles() && now > last_activity_) {
        last_activity_ = now;
    }
}

bool Session::tick(TimePoint now) {
    if (state_ == SessionState::logged_in && operator_ && operator_->offline &&
        operator_->offline_until && now > *operator_->offline_until) {
        log_out(LogoutReason::offline_grace_over);
        notice_ = "notice.offline_grace_over";
        return true;
    }
    if (!idles() || now - last_activity_ < options_.idle_timeout) {
        return false;
    }
    log_out(LogoutReason::idle);
    return true;
}

std::optional<std::int64_t> Session::seconds_until_logout(TimePoint now) const {
    if (!idles()) {
        return std::nullopt;
    }
    const auto left = last_activity_ + options_.idle_timeout - now;
    if (left <= Clock::duration::zero()) {
        return 0;
    }
    return std::chrono::ceil<std::chrono::seconds>(left).count();
}

bool Session::show_countdown(TimePoint now) const {
    if (!idles()) {
        return false;
    }
    const auto left = last_activity_ + options_.idle_timeout - now;
    return left > Clock::duration::zero() && left <= options_.countdown;
}

bool Session::idles() const noexcept {
    return state_ == SessionState::logged_in || state_ == SessionState::technician ||
           state_ == SessionState::pin_needed;
}

void Session::clear_partner() {
    operator_.reset();
}

void Session::clear_pending() {
    // Overwrite before releasing: the badge code must not linger in freed memory.
    for (char& c : pending_badge_) {
        c = '\0';
    }
    pending_badge_.clear();
    pending_had_pin_ = false;
}

}  // namespace pt::app
