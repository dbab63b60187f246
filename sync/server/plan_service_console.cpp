// PlanService: the console's sign-in (issue 16). A user's password is checked like a PIN (the
// same Argon2id, outside the lock, the same work for an unknown name) and throttled like a
// terminal's badge logins, per client address (an IPv6 client per /64). A session lives in an
// HttpOnly, SameSite=Strict cookie (Secure and `__Host-` behind TLS); every change made with it
// needs its CSRF token (HttpApi asks refuse_console_change before it reads the body).
#include "sync/server/plan_service_impl.h"
#include "sync/server/tokens.h"

namespace pt::server {
namespace {

constexpr std::string_view kSignInRefused = "name or password not accepted";

/// The throttle's key for sign-ins from an address, over every name: keyed by the name instead,
/// anybody could lock an administrator out by guessing; by address and name, one address could
/// try a few passwords on every name. An IPv6 client holds a whole /64, so that is its address.
/// Apart from the terminals' keys, which are hex ids.
std::string throttle_key(std::string_view client_address) {
    std::string address(client_address);
    if (address.find(':') != std::string::npos) {
        int groups = 0;
        std::size_t end = 0;
        while (end < address.size() && groups < 4) {
            const std::size_t colon = address.find(':', end);
            if (colon == std::string::npos || colon == end) break;  // "::" shortens: keep as is
            end = colon + 1;
            ++groups;
        }
        if (groups == 4) address = address.substr(0, end) + ":/64";
    }
    return "console:" + address;
}

std::string session_cookie(std::string_view value, bool secure, bool clear) {
    std::string cookie = std::string(console_cookie_name(secure)) + "=" + std::string(value) +
                         "; Path=/; HttpOnly; SameSite=Strict";
    if (clear) cookie += "; Max-Age=0";
    if (secure) cookie += "; Secure";
    return cookie;
}

}  // namespace

Reply PlanService::console_sign_in(std::string_view body, std::string_view client_address,
                                   std::string_view old_session) {
    protocol::ConsoleSignIn request;
    try {
        request = protocol::decode_console_sign_in(body);
    } catch (const protocol::ProtocolError& e) {
        return bad_request(e);
    }
    Impl& x = *impl_;
    const std::string key = throttle_key(client_address);
    LoginThrottle::Admission admission;
    {
        const std::lock_guard lock(x.mutex);
        admission = x.throttle.admit(key, x.now());
        if (!admission.admitted) {
            return rate_limited(admission.retry_after,
                                "too many failed sign-ins from this address; try again later");
        }
    }
    // Without the lock: the slow hash holds up no other request; an unknown name costs the
    // same, so timing does not tell which names exist.
    const auto user = x.console_users.find(request.name);
    bool accepted = false;
    if (user) {
        accepted = x.credentials.pin_matches(user->password_hash, request.password);
    } else {
        x.credentials.check_no_pin(request.password);
    }
    const std::lock_guard lock(x.mutex);
    // The password must still be the one checked (a `user passwd` may have come in between).
    const auto now_user = accepted ? x.console_users.find(request.name) : std::nullopt;
    if (!now_user || now_user->credential_id != user->credential_id) {
        return unauthorized(kSignInRefused);
    }
    x.throttle.succeeded(key, admission);
    x.console_sessions.close(old_session);  // a new sign-in never keeps the old session alive
    const auto opened = x.console_sessions.open(now_user->name, now_user->credential_id, x.now());
    if (!opened) {
        return error_reply(503, "unavailable",
                           "every console session place is taken; try again when one times out");
    }
    Reply reply =
        json_reply(200, protocol::encode_console_session(
                            {now_user->name, std::string(name_of(now_user->role)), opened->csrf}));
    reply.headers.emplace_back("Set-Cookie",
                               session_cookie(opened->token, x.options.secure_cookies, false));
    reply.headers.emplace_back("Cache-Control", "no-store");
    return reply;
}

Reply PlanService::console_sign_out(std::string_view session_token) {
    impl_->console_sessions.close(session_token);
    Reply reply = no_content();
    reply.headers.emplace_back("Set-Cookie",
                               session_cookie("", impl_->options.secure_cookies, true));
    return reply;
}

std::string_view PlanService::console_cookie() const {
    return console_cookie_name(impl_->options.secure_cookies);
}

Reply PlanService::console_me(std::string_view session_token) {
    Impl& x = *impl_;
    const auto actor = x.console_actor(session_token);
    const auto session = actor ? x.console_sessions.use(session_token, x.now()) : std::nullopt;
    if (!session) return unauthorized("not signed in");
    Reply reply =
        json_reply(200, protocol::encode_console_session(
                            {actor->name, std::string(name_of(actor->role)), session->csrf}));
    reply.headers.emplace_back("Cache-Control", "no-store");
    return reply;
}

std::optional<Reply> PlanService::refuse_console_change(std::string_view session_token,
                                                        std::string_view csrf) const {
    const auto session = impl_->console_sessions.use(session_token, impl_->now());
    if (!session) return unauthorized("not signed in");
    if (csrf.empty() || !secrets_equal(csrf, session->csrf)) {
        return error_reply(403, "csrf", "a change needs the session's CSRF token in X-CSRF-Token");
    }
    return std::nullopt;
}

}  // namespace pt::server
