// The reference central plan without HTTP: every endpoint of sync-api.md as a method that takes
// the bearer token and the request body and returns the status and JSON body to send. Tests and
// benchmarks call it directly; http_api.cpp only maps routes onto it.
//
// Threads: every method may be called from any thread. One mutex guards the in-memory plan, the
// SQLite connection and the caches; JSON decoding of request bodies and encoding of large
// replies happen outside it. Nothing ever sleeps to slow a client down: throttled logins are
// answered 429 with Retry-After.
//
// Durability: a change is validated by plan::Plan, written in one SQLite transaction and only
// then kept in memory (reverted when the write fails), so memory and database never diverge.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sync/plan/plan.h"
#include "sync/plan/session_binding.h"
#include "sync/server/cursor_store.h"
#include "sync/server/roles.h"

namespace pt::server {

/// An HTTP answer: status, body (JSON, or empty for 204) and extra headers.
struct Reply {
    int status = 200;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

/// An error reply with the body `{"error": code, "message": message}`.
[[nodiscard]] Reply error_reply(int status, std::string_view code, std::string_view message);

/// `?after=SEQ&limit=N` of a paged admin list, as sent; the endpoint checks it.
struct PageQuery {
    std::optional<std::string> after;
    std::optional<std::string> limit;
};

/// The query parameters an endpoint reads (`?name=value&…`), decoded, the first of each name;
/// the endpoint checks them (400 for one it cannot read). Others are not passed on.
class QueryParams {
public:
    QueryParams() = default;
    QueryParams(std::initializer_list<std::pair<std::string, std::string>> params)
        : params_(params) {}
    void set(std::string name, std::string value) {
        params_.emplace_back(std::move(name), std::move(value));
    }
    /// The value of `name`, or null when absent.
    [[nodiscard]] const std::string* find(std::string_view name) const {
        for (const auto& [key, value] : params_) {
            if (key == name) return &value;
        }
        return nullptr;
    }

private:
    std::vector<std::pair<std::string, std::string>> params_;
};

/// How long an enrolment code enrols by default, and at most (sync-api.md, "Credentials").
inline constexpr std::chrono::seconds kDefaultEnrollmentCodeLifetime{604'800};
inline constexpr std::chrono::seconds kLongestEnrollmentCodeLifetime{2'592'000};

/// The role a call of the admin API needs (`POST`, `/admin/v1/partners`), nullopt for a call
/// that is none: the route table's answer (http_api.cpp), for the change preview.
using RoleOfCall =
    std::function<std::optional<Role>(std::string_view method, std::string_view path)>;

/// The console's session cookie: with `Secure`, the `__Host-` name, which a browser keeps only
/// from a secure origin, for the whole host, and never set by a subdomain.
[[nodiscard]] constexpr std::string_view console_cookie_name(bool secure) {
    return secure ? "__Host-pt_console" : "pt_console";
}
/// Every console session token starts so; no other token can ('.' is not in the base64url
/// alphabet of random_token()). The cookie carries only such tokens and a bearer header never
/// one, so neither kind passes for the other.
inline constexpr std::string_view kConsoleSessionPrefix = "ptc.";

struct ServiceOptions {
    std::filesystem::path db;
    /// The admin token; admin endpoints refuse everything when it is empty.
    std::string admin_token;
    /// How long a badge session lasts.
    std::chrono::seconds session_ttl = std::chrono::hours{12};
    /// R13: an event needs an online login of its operator on the sending terminal at most this
    /// long before it occurred (sync-api.md, "Events are bound to sessions").
    std::chrono::seconds offline_grace = plan::kDefaultOfflineGrace;
    /// Refused events (rejected or malformed) are kept so that a resent one is answered with its
    /// first answer, but not for ever: this long after they arrived, and at most this many per
    /// terminal, the newest (issue 13, finding 11). Accepted events are kept.
    std::chrono::seconds refused_retention = std::chrono::days{90};
    std::int64_t refused_per_terminal = 10'000;
    /// The wall clock (whole seconds); the system clock when empty.
    std::function<plan::Timestamp()> clock;
    /// Tests only: runs in a login between the PIN check and its outcome, outside the lock,
    /// where an administrator's change may land.
    std::function<void()> after_pin_check;
    /// The console's session cookie carries `Secure` and the `__Host-` name: plan-server serves
    /// HTTPS, or a TLS proxy in front of it does (`--secure-cookies`).
    bool secure_cookies = false;
    CursorLimits cursor_limits;
};

class PlanService {
public:
    /// Opens (or creates) the database and loads the plan. Throws StoreError when the database
    /// cannot be opened or holds a dataset the plan refuses.
    explicit PlanService(ServiceOptions options);
    ~PlanService();
    PlanService(const PlanService&) = delete;
    PlanService& operator=(const PlanService&) = delete;

    // ---- terminal endpoints (`bearer`: the token of the Authorization header, or empty) ------
    /// POST /api/v1/terminals/enroll → 201, 400, 401.
    [[nodiscard]] Reply enroll(std::string_view body);
    /// POST /api/v1/sessions (terminal token) → 201, 400, 401, 429 (sync-api.md, "Login
    /// throttling": per terminal, and a badge locked after 10 wrong PINs).
    [[nodiscard]] Reply login(std::string_view bearer, std::string_view body);
    /// GET /api/v1/plan?cursor=C (session token) → 200, 401. Empty `cursor`: a full pull.
    [[nodiscard]] Reply pull(std::string_view bearer, std::string_view cursor);
    /// POST /api/v1/events (terminal token) → 200, 400, 401. An event whose operator has no
    /// online login on this terminal in its grace window is rejected `unknown_operator` (R13).
    [[nodiscard]] Reply post_events(std::string_view bearer, std::string_view body);
    /// POST /api/v1/terminals/health (terminal token) → 204, 400 (malformed), 401, 422 (a string
    /// too long); the latest report per terminal is kept.
    [[nodiscard]] Reply post_health(std::string_view bearer, std::string_view body);

    // ---- admin endpoints (the admin token or a named API token of the role each needs) ---------
    /// The 401 (no such token) or 403 (a role below `role`) an admin endpoint answers to
    /// `bearer`, or nothing. Quick and free of the service's lock: the transport asks before it
    /// reads a request's body.
    [[nodiscard]] std::optional<Reply> refuse_admin_call(std::string_view bearer, Role role) const;
    /// The 401 a terminal endpoint answers to `bearer` when it is no valid terminal token, or
    /// nothing. Quick (an in-memory set, see live_tokens.h): asked before a body is read.
    [[nodiscard]] std::optional<Reply> refuse_non_terminal(std::string_view bearer) const;
    [[nodiscard]] Reply put_dataset(std::string_view bearer, std::string_view body);  ///< 204
    [[nodiscard]] Reply get_dataset(std::string_view bearer);                         ///< 200
    [[nodiscard]] Reply post_order(std::string_view bearer, std::string_view body);   ///< 201
    [[nodiscard]] Reply patch_order(std::string_view bearer, std::string_view id,
                                    std::string_view body);  ///< 204
    [[nodiscard]] Reply patch_work_step(std::string_view bearer, std::string_view id,
                                        std::string_view body);  ///< 204
    [[nodiscard]] Reply patch_process(std::string_view bearer, std::string_view id,
                                      std::string_view body);  ///< 204
    [[nodiscard]] Reply patch_partner(std::string_view bearer, std::string_view id,
                                      std::string_view body);  ///< 204
    [[nodiscard]] Reply patch_resource(std::string_view bearer, std::string_view id,
                                       std::string_view body);                         ///< 204
    [[nodiscard]] Reply put_settings(std::string_view bearer, std::string_view body);  ///< 204
    /// POST /admin/v1/enrollment_codes, body `{"expires_in_s"}` optional → 201, 422.
    [[nodiscard]] Reply post_enrollment_code(std::string_view bearer, std::string_view body);
    /// GET /admin/v1/enrollment_codes → 200: the unused, unexpired ones.
    [[nodiscard]] Reply get_enrollment_codes(std::string_view bearer);
    /// DELETE /admin/v1/enrollment_codes/{code} → 204, 404.
    [[nodiscard]] Reply delete_enrollment_code(std::string_view bearer, std::string_view code);
    /// DELETE /admin/v1/terminals/{id} → 204 (its token and sessions are refused from now on),
    /// 404.
    [[nodiscard]] Reply revoke_terminal(std::string_view bearer, std::string_view id);
    /// GET /admin/v1/terminals → 200: every enrolled terminal, revoked ones included.
    [[nodiscard]] Reply get_terminals(std::string_view bearer);
    /// PATCH /admin/v1/terminals/{id} `{"name", "resource_ids"}` (each optional) → 204, 404,
    /// 422 for an unknown resource (sync-api.md, "Terminal resources").
    [[nodiscard]] Reply patch_terminal(std::string_view bearer, std::string_view id,
                                       std::string_view body);
    /// GET /admin/v1/partners/{id}/view → 200 (role viewer): the body a session of that partner
    /// gets from a full pull (the same rules), without a cursor; 404 for an unknown partner.
    [[nodiscard]] Reply get_partner_view(std::string_view bearer, std::string_view partner_id);
    // ---- the console's sign-in (issue 16; plan_service_console.cpp) --------------------------
    /// POST /console/api/sign-in `{"name", "password"}` → 200 `{"name", "role", "csrf"}` with
    /// the session cookie (the session `old_session` the request carried ends); 401 for a wrong
    /// name or password (the same work either way); 429 while `client_address` is throttled
    /// like a terminal's badge logins — per address over every name, so guessing many names
    /// gains nothing and nobody elsewhere can lock a user out; 503 when every session place is
    /// taken.
    [[nodiscard]] Reply console_sign_in(std::string_view body, std::string_view client_address,
                                        std::string_view old_session);
    /// The name of the session cookie (console_cookie_name).
    [[nodiscard]] std::string_view console_cookie() const;
    /// POST /console/api/sign-out → 204: the session ends and the cookie is cleared.
    [[nodiscard]] Reply console_sign_out(std::string_view session_token);
    /// GET /console/api/me → 200 `{"name", "role", "csrf"}` of the open session, or 401.
    [[nodiscard]] Reply console_me(std::string_view session_token);
    /// A change made with the session cookie needs the session's CSRF token in `X-CSRF-Token`:
    /// 403 without it or with another; nullopt when the request may go on.
    [[nodiscard]] std::optional<Reply> refuse_console_change(std::string_view session_token,
                                                             std::string_view csrf) const;

    /// POST /admin/v1/preview `{"method", "path", "body"}` → 200 `{"partners": [...]}` (role
    /// planner, and the role of the change's own call): what each partner would gain and lose
    /// through that admin change, by the same rules, changing nothing; the change's own
    /// refusal (400, 403, 404, 409, 422) otherwise; 503 when the plan kept changing meanwhile.
    [[nodiscard]] Reply preview(std::string_view bearer, std::string_view body,
                                const RoleOfCall& role_of_call);
    /// GET /admin/v1/events?after=SEQ&limit=N → 200 `{"events", "next"}`: accepted events
    /// with `seq` above `after`, oldest first; 422 for a bad `after` or `limit`. Without either
    /// parameter: every accepted event. Read on a connection of its own, outside the lock.
    /// `filters` (the console's, issue 16): `partner_id`, `terminal_id`, `operator_id` (ids),
    /// `from`, `to` (RFC 3339, on received_at: from ≤ t < to), combined; a bad one → 400. With a
    /// filter the page is always bounded (the default limit without one).
    [[nodiscard]] Reply get_events(std::string_view bearer, const PageQuery& query = {},
                                   const QueryParams& filters = {});
    /// GET /admin/v1/refusals?after=SEQ&limit=N: the same for refused events, with reasons.
    [[nodiscard]] Reply get_refusals(std::string_view bearer, const PageQuery& query = {},
                                     const QueryParams& filters = {});
    /// GET /admin/v1/audit?after=SEQ&limit=N → 200 `{"entries", "next"}` (role admin): every
    /// change made through an admin endpoint, oldest first.
    [[nodiscard]] Reply get_audit(std::string_view bearer, const PageQuery& query = {});
    // ---- the console's lists (issue 16; plan_service_lists.cpp), role viewer -----------------
    // Each object as GET /admin/v1/dataset shows it, plus a few fields. A parameter that cannot
    // be read (not a number, out of range, an unknown value, not an id) → 400. Read under the
    // lock; sorted lists are kept per layout of the plan (sorted_plan.h) and built outside it.
    /// GET /admin/v1/partners → `{"partners"}` by id; each operator also has `wrong_pins` and
    /// `locked` (sync-api.md "Login throttling").
    [[nodiscard]] Reply get_partners(std::string_view bearer);
    /// GET /admin/v1/resources → `{"resources"}` by id.
    [[nodiscard]] Reply get_resources(std::string_view bearer);
    /// GET /admin/v1/settings → the dataset's settings object.
    [[nodiscard]] Reply get_settings(std::string_view bearer);
    /// GET /admin/v1/orders?parent_id=&q=&after=&limit= → `{"orders", "next"}`: the sub-orders
    /// of parent_id (without: the top-level orders; with `q` alone: every order whose id, number
    /// or article holds q, case-insensitively), by id, after `after`, at most `limit` (200,
    /// 1–1000), each with `child_count`, `work_step_count`, `process_count`; `next` is the last
    /// id when more follow, else null. An unknown parent → 404.
    [[nodiscard]] Reply get_orders(std::string_view bearer, const QueryParams& query);
    /// GET /admin/v1/work_steps?order_id=&resource_id=&partner_id=&status=&q=&sort=&offset=&limit=
    /// → `{"work_steps", "total", "offset"}`, each with `order_number` and `resource_name`.
    [[nodiscard]] Reply get_work_steps(std::string_view bearer, const QueryParams& query);
    /// GET /admin/v1/processes?order_id=&status=&q=&offset=&limit= → `{"processes", "total",
    /// "offset"}` by id, each with `order_number`.
    [[nodiscard]] Reply get_processes(std::string_view bearer, const QueryParams& query);
    /// GET /admin/v1/enrollment_codes/{code}/barcode.svg?kind=qr|code128&server_url=&
    /// technician_badge= (role admin) → 200 image/svg+xml: the provisioning barcode
    /// (provisioning_barcode.h); 404 for a code that does not enrol; 400 for a bad kind or no
    /// server_url, 422 for a server_url or badge that cannot go into a barcode or a text too long
    /// for the symbol (Code 128 holds 60 characters); 501 for Code 128 in a build without libzint.
    [[nodiscard]] Reply get_enrollment_barcode(std::string_view bearer, std::string_view code,
                                               const QueryParams& query);

    /// POST /admin/v1/operators/{id}/unlock → 204 (the badge's wrong PINs forgotten), 404.
    [[nodiscard]] Reply unlock_operator(std::string_view bearer, std::string_view id);

    // Every object on its own (sync-api.md "Administration"; plan_service_objects.cpp). A POST
    // answers 201 with the object as GET shows it and its Location; 400 for a malformed body,
    // 422 for a broken rule (the field named). A DELETE answers 204, 404, or 409 when it would
    // orphan something. Partners, operators and resources need the role admin, the rest planner.
    [[nodiscard]] Reply post_partner(std::string_view bearer, std::string_view body);
    /// Its operators go (their sessions end); resources and orders stop naming it.
    [[nodiscard]] Reply delete_partner(std::string_view bearer, std::string_view id);
    /// `{"id", "partner_id", "name", "badge", "pin"?, "role"?}`.
    [[nodiscard]] Reply post_operator(std::string_view bearer, std::string_view body);
    /// → 200 with the operator as GET shows it; a new badge or partner ends its sessions.
    [[nodiscard]] Reply patch_operator(std::string_view bearer, std::string_view id,
                                       std::string_view body);
    /// Its sessions end; its later events are `unknown_operator`.
    [[nodiscard]] Reply delete_operator(std::string_view bearer, std::string_view id);
    [[nodiscard]] Reply post_resource(std::string_view bearer, std::string_view body);
    /// 409 while work steps are planned on it; terminals no longer stand at it.
    [[nodiscard]] Reply delete_resource(std::string_view bearer, std::string_view id);
    /// 409 while it has sub-orders, work steps or processes.
    [[nodiscard]] Reply delete_order(std::string_view bearer, std::string_view id);
    [[nodiscard]] Reply post_work_step(std::string_view bearer, std::string_view body);
    [[nodiscard]] Reply delete_work_step(std::string_view bearer, std::string_view id);
    [[nodiscard]] Reply post_process(std::string_view bearer, std::string_view body);
    [[nodiscard]] Reply delete_process(std::string_view bearer, std::string_view id);

    // ---- typed access for main (--demo), tests and benchmarks
    // ------------------------------------
    /// True once a dataset was stored.
    [[nodiscard]] bool has_dataset();
    /// Replaces the plan as PUT /admin/v1/dataset does, with every badge and PIN given in clear
    /// (they are sealed here); the refusal when the plan refuses.
    [[nodiscard]] std::optional<plan::PlanError> replace_dataset(plan::Dataset dataset);
    /// The same for a PUT body, whose operators may keep their stored badge and PIN.
    [[nodiscard]] std::optional<plan::PlanError> replace_dataset(protocol::DatasetUpload upload);
    /// A new enrolment code that enrols one terminal within `lifetime`.
    [[nodiscard]] protocol::ListedEnrollmentCode create_enrollment_code(
        std::chrono::seconds lifetime = kDefaultEnrollmentCodeLifetime);
    /// True when the plan has an operator with this badge (given in clear).
    [[nodiscard]] bool knows_badge(std::string_view badge);
    /// The current plan as a dataset document; badges and PINs as stored (hashes).
    [[nodiscard]] plan::Dataset dataset();

private:
    protocol::ListedEnrollmentCode create_enrollment_code(std::chrono::seconds lifetime,
                                                          const Actor* actor);
    std::optional<plan::PlanError> replace_dataset(protocol::DatasetUpload upload,
                                                   const Actor* actor);
    Reply read_feed(std::string_view bearer, const PageQuery& query, const QueryParams& filters,
                    bool refusals);

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace pt::server
