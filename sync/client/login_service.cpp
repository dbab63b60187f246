#include "sync/client/login_service.h"

#include <algorithm>
#include <cstring>  // explicit_bzero (glibc)
#include <utility>

#include "sync/store/credentials.h"
#include "sync/store/store_error.h"

namespace pt::client {
namespace {

void wipe(std::string& text) {
    // explicit_bzero: a plain memset before destruction may be optimised away.
    if (!text.empty()) explicit_bzero(text.data(), text.size());
}

/// A 429 to a login: the server throttles this terminal's logins (sync-api.md, "Login
/// throttling"). Not "unreachable": falling back to the offline check would bypass the limit.
bool throttled(const ApiError& error) {
    return error.http_status == 429;
}

/// Whether the online failure allows the offline fallback: only when the server could not
/// give a usable answer. A 401 or 400 is the server's word and final.
bool may_fall_back(ApiStatus status) {
    return is_unreachable(status) || status == ApiStatus::bad_response;
}

LoginResult failed(LoginOutcome outcome, std::string message,
                   std::optional<ApiError> online_error = std::nullopt) {
    LoginResult result;
    result.outcome = outcome;
    result.message = std::move(message);
    result.online_error = std::move(online_error);
    return result;
}

}  // namespace

std::string_view name_of(LoginOutcome outcome) {
    switch (outcome) {
        case LoginOutcome::online:
            return "online";
        case LoginOutcome::offline:
            return "offline";
        case LoginOutcome::refused:
            return "refused";
        case LoginOutcome::offline_refused:
            return "offline_refused";
        case LoginOutcome::not_enrolled:
            return "not_enrolled";
        case LoginOutcome::throttled:
            return "throttled";
        case LoginOutcome::store_failed:
            break;
    }
    return "store_failed";
}

HeldBadge::HeldBadge(std::string_view badge, std::optional<std::string> pin)
    : badge_(badge), pin_(std::move(pin)) {}

HeldBadge::~HeldBadge() {
    wipe(badge_);
    if (pin_) wipe(*pin_);
}

LoginService::LoginService(store::TerminalDb& db, SyncApiClient& api, LoginOptions options)
    : db_(db), api_(api), options_(options) {}

ApiResult<protocol::LoginResponse> LoginService::try_online(std::string_view badge,
                                                            const std::optional<std::string>& pin,
                                                            bool& not_enrolled) {
    not_enrolled = false;
    const auto credentials = store::Credentials(db_).load();
    if (!credentials) {
        not_enrolled = true;
        return ApiError{.status = ApiStatus::unauthorized, .message = "terminal not enrolled"};
    }
    return api_.login(credentials->token, protocol::LoginRequest{std::string(badge), pin});
}

std::string LoginService::remember(std::string_view badge, const std::optional<std::string>& pin,
                                   const protocol::LoginResponse& profile) {
    try {
        protocol::LoginResponse without_token = profile;
        without_token.token.clear();  // a session token is never written to disk
        store::BadgeVault(db_, options_.pwhash).remember(badge, pin, without_token, db_.now());
        return {};
    } catch (const store::StoreError& error) {
        // The login itself succeeded; only a later offline login of this badge will not.
        return std::string("offline login not available for this badge: ") + error.what();
    }
}

std::string LoginService::remember_online_login(std::string_view badge,
                                                const std::optional<std::string>& pin,
                                                const protocol::LoginResponse& profile) {
    return remember(badge, pin, profile);
}

void LoginService::forget_refused(std::string_view badge, const std::optional<std::string>& pin) {
    try {
        store::BadgeVault vault(db_, options_.pwhash);
        if (auto record = vault.verify(badge, pin, db_.now(), options_.offline_grace)) {
            vault.forget_operator(record->profile.operator_id);
        }
    } catch (const store::StoreError&) {
        // Best effort: the grace period ends the record anyway.
    }
}

LoginResult LoginService::login(std::string_view badge, const std::optional<std::string>& pin) {
    bool not_enrolled = false;
    ApiResult<protocol::LoginResponse> online = ApiError{};
    try {
        online = try_online(badge, pin, not_enrolled);
    } catch (const store::StoreError& error) {
        return failed(LoginOutcome::store_failed, error.what());
    }
    if (not_enrolled) return failed(LoginOutcome::not_enrolled, "terminal not enrolled");

    if (online.ok()) {
        LoginResult result;
        result.outcome = LoginOutcome::online;
        if (!options_.defer_remember) result.message = remember(badge, pin, online.value());
        result.session = OperatorSession{.profile = std::move(online).value()};
        return result;
    }
    if (throttled(online.error())) {
        return failed(LoginOutcome::throttled, describe(online.error()), online.error());
    }
    if (!may_fall_back(online.status())) {
        if (online.status() == ApiStatus::unauthorized) forget_refused(badge, pin);
        return failed(LoginOutcome::refused, describe(online.error()), online.error());
    }

    // The server cannot answer: the vault decides, with the same answer for an unknown badge,
    // an expired record and a wrong PIN (nothing to learn by guessing offline).
    try {
        const auto now = db_.now();
        const auto record =
            store::BadgeVault(db_, options_.pwhash).verify(badge, pin, now, options_.offline_grace);
        if (!record) {
            LoginResult result = failed(
                LoginOutcome::offline_refused,
                "server unreachable and badge not known offline: " + describe(online.error()),
                online.error());
            result.pin_may_help = !pin && store::BadgeVault(db_, options_.pwhash)
                                              .needs_pin(badge, now, options_.offline_grace);
            return result;
        }
        LoginResult result;
        result.outcome = LoginOutcome::offline;
        result.online_error = online.error();
        result.message = "offline login: " + describe(online.error());
        std::chrono::seconds grace = options_.offline_grace;
        if (const auto announced = record->profile.offline_grace_s)
            grace = std::min(grace, std::chrono::seconds(*announced));
        result.session = OperatorSession{.profile = record->profile,
                                         .offline = true,
                                         .offline_since = now,
                                         .last_online_login = record->last_online_login,
                                         .offline_until = record->last_online_login + grace,
                                         .held = std::make_shared<const HeldBadge>(badge, pin)};
        return result;
    } catch (const store::StoreError& error) {
        return failed(LoginOutcome::store_failed, error.what(), online.error());
    }
}

LoginResult LoginService::relogin(OperatorSession& session) {
    if (!session.offline) {
        LoginResult result;
        result.outcome = LoginOutcome::online;
        result.session = session;
        return result;
    }
    if (!session.held) {
        return failed(LoginOutcome::offline_refused, "no badge held for this offline session");
    }
    bool not_enrolled = false;
    ApiResult<protocol::LoginResponse> online = ApiError{};
    try {
        online = try_online(session.held->badge(), session.held->pin(), not_enrolled);
    } catch (const store::StoreError& error) {
        return failed(LoginOutcome::store_failed, error.what());
    }
    if (not_enrolled) return failed(LoginOutcome::not_enrolled, "terminal not enrolled");

    if (!online.ok()) {
        // Throttled: the offline session goes on; the next relogin asks again.
        if (may_fall_back(online.status()) || throttled(online.error())) {
            LoginResult result =
                failed(LoginOutcome::offline, describe(online.error()), online.error());
            result.session = session;
            return result;
        }
        if (online.status() == ApiStatus::unauthorized) {
            try {
                store::BadgeVault(db_, options_.pwhash)
                    .forget_operator(session.profile.operator_id);
            } catch (const store::StoreError&) {
                // Best effort, as in login().
            }
        }
        return failed(LoginOutcome::refused, describe(online.error()), online.error());
    }

    std::string warning = remember(session.held->badge(), session.held->pin(), online.value());
    if (online.value().partner_id != session.profile.partner_id) {
        // The badge now belongs to another partner: this session showed the old partner's
        // plan, so it must end (R11); the next login starts the new partner's session.
        return failed(LoginOutcome::refused, "the badge now belongs to another partner");
    }
    session.profile = std::move(online).value();
    session.offline = false;
    session.offline_since.reset();
    session.last_online_login.reset();
    session.offline_until.reset();
    session.held.reset();  // wiped once no copy of the session holds it any more
    LoginResult result;
    result.outcome = LoginOutcome::online;
    result.message = std::move(warning);
    result.session = session;
    return result;
}

bool LoginService::needs_pin_offline(std::string_view badge) const {
    try {
        return store::BadgeVault(db_, options_.pwhash)
            .needs_pin(badge, db_.now(), options_.offline_grace);
    } catch (const store::StoreError&) {
        return false;
    }
}

}  // namespace pt::client
