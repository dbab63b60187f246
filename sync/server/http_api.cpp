#include "sync/server/http_api.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

#include "sync/server/console_assets.h"
#include "sync/server/fault_injection.h"
#include "sync/server/percent_decoding.h"
#include "sync/server/plan_service.h"
#include "sync/server/tokens.h"

namespace pt::server {
namespace {

/// What a handler reads of a request: its bearer token and the `{id}` of the path.
struct Call {
    PlanService& service;
    const HttpRequest& request;
    std::string_view bearer;
    std::string_view id;
};

// The shapes of PlanService's endpoint methods; a row of the table names one. `WithBody` and
// `WithId` share a signature, so each shape is a type of its own.
struct Plain {
    Reply (PlanService::*method)(std::string_view bearer);
};
struct WithBody {
    Reply (PlanService::*method)(std::string_view bearer, std::string_view body);
};
struct WithId {
    Reply (PlanService::*method)(std::string_view bearer, std::string_view id);
};
struct WithIdAndBody {
    Reply (PlanService::*method)(std::string_view bearer, std::string_view id,
                                 std::string_view body);
};
/// An endpoint that reads something else of the request.
struct Custom {
    Reply (*handle)(const Call& call);
};
using Handler = std::variant<Plain, WithBody, WithId, WithIdAndBody, Custom>;

/// Who may call, as far as the transport checks before it reads a body (PlanService checks every
/// token again): anyone (the handler checks, e.g. a session token), a terminal, or a caller of
/// the admin endpoints with at least that role. Every path under /admin/ needs a token of its
/// route's role, or any admin token where no route matches (HttpApi::on_head).
enum class Caller { anyone, terminal, viewer, planner, admin };

/// The role an admin route needs; a route under /admin/ marked otherwise needs admin.
Role role_of(Caller caller) {
    switch (caller) {
        case Caller::viewer:
            return Role::viewer;
        case Caller::planner:
            return Role::planner;
        default:
            return Role::admin;
    }
}

struct Route {
    std::string_view method;
    /// The path; `{id}` stands for one non-empty segment.
    std::string_view pattern;
    Handler handler;
    Caller caller = Caller::anyone;
    Lane lane = Lane::general;
};

Reply healthz(const Call& /*call*/) {
    return Reply{200, "{}", {}};
}
Reply enroll(const Call& call) {
    return call.service.enroll(call.request.body);
}
PageQuery page_query(const HttpRequest& request) {
    PageQuery query;
    if (request.has_param("after")) query.after = request.get_param_value("after");
    if (request.has_param("limit")) query.limit = request.get_param_value("limit");
    return query;
}
/// The parameters `names` of the request's query, as sent (decoded); others are not read.
QueryParams query_of(const HttpRequest& request, std::initializer_list<std::string_view> names) {
    QueryParams query;
    for (const std::string_view name : names) {
        if (request.has_param(name)) query.set(std::string(name), request.get_param_value(name));
    }
    return query;
}
/// The console's filters of the event feeds (issue 16).
QueryParams feed_filters(const HttpRequest& request) {
    return query_of(request, {"partner_id", "terminal_id", "operator_id", "from", "to"});
}
Reply events(const Call& call) {
    return call.service.get_events(call.bearer, page_query(call.request),
                                   feed_filters(call.request));
}
Reply refusals(const Call& call) {
    return call.service.get_refusals(call.bearer, page_query(call.request),
                                     feed_filters(call.request));
}
Reply orders(const Call& call) {
    return call.service.get_orders(call.bearer,
                                   query_of(call.request, {"parent_id", "after", "limit", "q"}));
}
Reply work_steps(const Call& call) {
    return call.service.get_work_steps(
        call.bearer, query_of(call.request, {"order_id", "resource_id", "partner_id", "status", "q",
                                             "sort", "offset", "limit"}));
}
Reply processes(const Call& call) {
    return call.service.get_processes(
        call.bearer, query_of(call.request, {"order_id", "status", "q", "offset", "limit"}));
}
Reply enrollment_barcode(const Call& call) {
    return call.service.get_enrollment_barcode(
        call.bearer, call.id, query_of(call.request, {"kind", "server_url", "technician_badge"}));
}
Reply audit(const Call& call) {
    return call.service.get_audit(call.bearer, page_query(call.request));
}
Reply pull(const Call& call) {
    return call.service.pull(call.bearer, call.request.get_param_value("cursor"));
}
Reply preview(const Call& call);
Reply console_sign_in(const Call& call) {
    return call.service.console_sign_in(call.request.body, call.request.client_address,
                                        call.bearer);
}
Reply console_sign_out(const Call& call) {
    return call.service.console_sign_out(call.bearer);
}
Reply console_me(const Call& call) {
    return call.service.console_me(call.bearer);
}

using S = PlanService;
// Every endpoint of sync-api.md, one row each. A path that matches a row but not its method is
// answered 405 with the methods that are allowed there; no row at all, 404.
const std::array kRoutes{
    Route{"GET", "/healthz", Custom{healthz}},
    Route{"POST", "/api/v1/terminals/enroll", Custom{enroll}},
    Route{"POST", "/api/v1/sessions", WithBody{&S::login}, Caller::terminal, Lane::credentials},
    Route{"GET", "/api/v1/plan", Custom{pull}},
    Route{"POST", "/api/v1/events", WithBody{&S::post_events}, Caller::terminal},
    Route{"POST", "/api/v1/terminals/health", WithBody{&S::post_health}, Caller::terminal},
    Route{"GET", "/admin/v1/dataset", Plain{&S::get_dataset}, Caller::viewer},
    Route{"PUT", "/admin/v1/dataset", WithBody{&S::put_dataset}, Caller::admin},
    Route{"POST", "/admin/v1/partners", WithBody{&S::post_partner}, Caller::admin},
    Route{"PATCH", "/admin/v1/partners/{id}", WithIdAndBody{&S::patch_partner}, Caller::admin},
    Route{"DELETE", "/admin/v1/partners/{id}", WithId{&S::delete_partner}, Caller::admin},
    Route{"POST", "/admin/v1/operators", WithBody{&S::post_operator}, Caller::admin},
    Route{"PATCH", "/admin/v1/operators/{id}", WithIdAndBody{&S::patch_operator}, Caller::admin},
    Route{"DELETE", "/admin/v1/operators/{id}", WithId{&S::delete_operator}, Caller::admin},
    Route{"POST", "/admin/v1/resources", WithBody{&S::post_resource}, Caller::admin},
    Route{"PATCH", "/admin/v1/resources/{id}", WithIdAndBody{&S::patch_resource}, Caller::admin},
    Route{"DELETE", "/admin/v1/resources/{id}", WithId{&S::delete_resource}, Caller::admin},
    Route{"POST", "/admin/v1/orders", WithBody{&S::post_order}, Caller::planner},
    Route{"PATCH", "/admin/v1/orders/{id}", WithIdAndBody{&S::patch_order}, Caller::planner},
    Route{"DELETE", "/admin/v1/orders/{id}", WithId{&S::delete_order}, Caller::planner},
    Route{"POST", "/admin/v1/work_steps", WithBody{&S::post_work_step}, Caller::planner},
    Route{"PATCH", "/admin/v1/work_steps/{id}", WithIdAndBody{&S::patch_work_step},
          Caller::planner},
    Route{"DELETE", "/admin/v1/work_steps/{id}", WithId{&S::delete_work_step}, Caller::planner},
    Route{"POST", "/admin/v1/processes", WithBody{&S::post_process}, Caller::planner},
    Route{"PATCH", "/admin/v1/processes/{id}", WithIdAndBody{&S::patch_process}, Caller::planner},
    Route{"DELETE", "/admin/v1/processes/{id}", WithId{&S::delete_process}, Caller::planner},
    Route{"PUT", "/admin/v1/settings", WithBody{&S::put_settings}, Caller::planner},
    Route{"POST", "/admin/v1/enrollment_codes", WithBody{&S::post_enrollment_code}, Caller::admin},
    Route{"GET", "/admin/v1/enrollment_codes", Plain{&S::get_enrollment_codes}, Caller::admin},
    Route{"DELETE", "/admin/v1/enrollment_codes/{id}", WithId{&S::delete_enrollment_code},
          Caller::admin},
    Route{"GET", "/admin/v1/terminals", Plain{&S::get_terminals}, Caller::viewer},
    Route{"DELETE", "/admin/v1/terminals/{id}", WithId{&S::revoke_terminal}, Caller::admin},
    Route{"PATCH", "/admin/v1/terminals/{id}", WithIdAndBody{&S::patch_terminal}, Caller::admin},
    Route{"GET", "/admin/v1/events", Custom{events}, Caller::viewer},
    Route{"GET", "/admin/v1/refusals", Custom{refusals}, Caller::viewer},
    Route{"GET", "/admin/v1/audit", Custom{audit}, Caller::admin},
    Route{"POST", "/admin/v1/operators/{id}/unlock", WithId{&S::unlock_operator}, Caller::admin},
    Route{"GET", "/admin/v1/partners/{id}/view", WithId{&S::get_partner_view}, Caller::viewer},
    Route{"POST", "/admin/v1/preview", Custom{preview}, Caller::planner},
    // The console's lists (issue 16): what it reads instead of the whole dataset.
    Route{"GET", "/admin/v1/partners", Plain{&S::get_partners}, Caller::viewer},
    Route{"GET", "/admin/v1/resources", Plain{&S::get_resources}, Caller::viewer},
    Route{"GET", "/admin/v1/settings", Plain{&S::get_settings}, Caller::viewer},
    Route{"GET", "/admin/v1/orders", Custom{orders}, Caller::viewer},
    Route{"GET", "/admin/v1/work_steps", Custom{work_steps}, Caller::viewer},
    Route{"GET", "/admin/v1/processes", Custom{processes}, Caller::viewer},
    Route{"GET", "/admin/v1/enrollment_codes/{id}/barcode.svg", Custom{enrollment_barcode},
          Caller::admin},
    // The console (issue 16): sign-ins wait in a lane of their own, apart from badge logins.
    Route{"POST", "/console/api/sign-in", Custom{console_sign_in}, Caller::anyone,
          Lane::console_sign_in},
    Route{"POST", "/console/api/sign-out", Custom{console_sign_out}},
    Route{"GET", "/console/api/me", Custom{console_me}},
};

/// True when `path` matches `pattern`; `id` gets the segment that `{id}` stands for.
bool matches(std::string_view pattern, std::string_view path, std::string_view& id) {
    constexpr std::string_view kHole = "{id}";
    const std::size_t hole = pattern.find(kHole);
    if (hole == std::string_view::npos) return path == pattern;
    const std::string_view head = pattern.substr(0, hole);
    const std::string_view tail = pattern.substr(hole + kHole.size());
    if (path.size() <= head.size() + tail.size() || !path.starts_with(head) ||
        !path.ends_with(tail)) {
        return false;
    }
    const std::string_view segment =
        path.substr(head.size(), path.size() - head.size() - tail.size());
    if (segment.find('/') != std::string_view::npos) return false;
    id = segment;
    return true;
}

/// Whether any row's pattern matches `path`, whatever its method.
bool path_known(std::string_view path) {
    std::string_view id;
    return std::any_of(kRoutes.begin(), kRoutes.end(),
                       [&](const Route& route) { return matches(route.pattern, path, id); });
}

/// The row for `method path`, if any.
const Route* find_route(std::string_view method, std::string_view path) {
    std::string_view id;
    for (const Route& route : kRoutes) {
        if (route.method == method && matches(route.pattern, path, id)) return &route;
    }
    return nullptr;
}

/// The change preview needs the role of the call it previews: this table says which.
Reply preview(const Call& call) {
    return call.service.preview(
        call.bearer, call.request.body,
        [](std::string_view method, std::string_view path) -> std::optional<Role> {
            const Route* route = find_route(method, path);
            if (route == nullptr || !path.starts_with("/admin/")) return std::nullopt;
            return role_of(route->caller);
        });
}

Reply call(const Handler& handler, const Call& c) {
    struct Invoke {
        const Call& c;
        Reply operator()(Plain h) const { return (c.service.*h.method)(c.bearer); }
        Reply operator()(WithBody h) const {
            return (c.service.*h.method)(c.bearer, c.request.body);
        }
        Reply operator()(WithId h) const { return (c.service.*h.method)(c.bearer, c.id); }
        Reply operator()(WithIdAndBody h) const {
            return (c.service.*h.method)(c.bearer, c.id, c.request.body);
        }
        Reply operator()(Custom h) const { return h.handle(c); }
    };
    return std::visit(Invoke{c}, handler);
}

/// The token of `Authorization: Bearer TOKEN`; empty when the header is missing or another
/// scheme (the service then answers 401).
std::string bearer_of(const HttpRequest& request) {
    const std::string header = request.get_header_value("Authorization");
    constexpr std::string_view kScheme = "bearer ";
    if (header.size() <= kScheme.size()) return {};
    for (std::size_t i = 0; i < kScheme.size(); ++i) {
        const char c = header[i];
        const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        if (lower != kScheme[i]) return {};
    }
    std::string_view token(header);
    token.remove_prefix(kScheme.size());
    while (!token.empty() && token.front() == ' ')
        token.remove_prefix(1);
    while (!token.empty() && (token.back() == ' ' || token.back() == '\r'))
        token.remove_suffix(1);
    return std::string(token);
}

/// The value of the console's session cookie `name`; empty without one.
std::string console_cookie_of(const HttpRequest& request, std::string_view name) {
    const std::string header = request.get_header_value("Cookie");
    std::string_view rest(header);
    while (!rest.empty()) {
        const std::size_t end = std::min(rest.find(';'), rest.size());
        std::string_view pair = rest.substr(0, end);
        rest.remove_prefix(std::min(end + 1, rest.size()));
        while (!pair.empty() && pair.front() == ' ')
            pair.remove_prefix(1);
        const std::size_t equals = pair.find('=');
        if (equals != std::string_view::npos && pair.substr(0, equals) == name)
            return std::string(pair.substr(equals + 1));
    }
    return {};
}

/// Who a request says it is: its bearer token, or else the console's session cookie. A session
/// token is taken from the cookie only, and the cookie holds nothing else (review of issue 16:
/// each passed for the other).
struct Credential {
    std::string token;
    bool from_cookie = false;
};
Credential credential_of(const HttpRequest& request, std::string_view cookie_name) {
    std::string bearer = bearer_of(request);
    if (!bearer.empty()) {
        if (bearer.starts_with(kConsoleSessionPrefix)) return {};
        return {std::move(bearer), false};
    }
    std::string cookie = console_cookie_of(request, cookie_name);
    if (!cookie.starts_with(kConsoleSessionPrefix)) return {};
    return {std::move(cookie), true};
}

/// The authority (`host[:port]`) of an absolute URL such as an Origin header's.
std::string_view authority_of(std::string_view url) {
    const std::size_t scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return {};
    url.remove_prefix(scheme_end + 3);
    return url.substr(0, url.find('/'));
}

/// A browser's request made by a page of another site: its Sec-Fetch-Site says so, or, from a
/// browser without it, its Origin names another host than Host (a proxy in front must pass Host
/// on). Requests with neither (curl, scripts) are no browser's.
bool from_another_site(const HttpRequest& head) {
    const std::string site = head.get_header_value("Sec-Fetch-Site");
    if (!site.empty()) return site != "same-origin" && site != "none";
    const std::string origin = head.get_header_value("Origin");
    if (origin.empty()) return false;
    return authority_of(origin) != head.get_header_value("Host");
}

/// A sign-in must come as JSON from the console's own pages: a form on another site could
/// otherwise sign a victim's browser in as the attacker (login CSRF).
std::optional<Reply> refuse_sign_in_head(const HttpRequest& head) {
    const std::string type = head.get_header_value("Content-Type");
    if (!type.starts_with("application/json")) {
        return error_reply(415, "unsupported_media_type", "a sign-in is sent as application/json");
    }
    if (from_another_site(head))
        return error_reply(403, "forbidden", "a sign-in from another site is refused");
    return std::nullopt;
}

/// A request that changes something on the strength of the cookie alone must carry the
/// session's CSRF token (a page of another site can make the browser send the cookie, not
/// the header).
bool changes_with_cookie(const HttpRequest& head, const Credential& credential) {
    return credential.from_cookie && head.method != "GET" && head.method != "HEAD" &&
           head.path != "/console/api/sign-in";
}

/// Admin and console answers hold live data (enrolment codes, who is signed in): no cache keeps
/// them, and no browser reads them as anything but what they say they are.
Reply not_cached(Reply reply) {
    const bool has_cache_control =
        std::any_of(reply.headers.begin(), reply.headers.end(),
                    [](const auto& header) { return header.first == "Cache-Control"; });
    if (!has_cache_control) reply.headers.emplace_back("Cache-Control", "no-store");
    reply.headers.emplace_back("X-Content-Type-Options", "nosniff");
    return reply;
}

Reply route_request(PlanService& service, const HttpRequest& request) {
    const std::string_view path = request.path;
    std::string_view method = request.method;
    if (method == "HEAD") method = "GET";
    std::string allowed;
    for (const Route& route : kRoutes) {
        std::string_view id;
        if (!matches(route.pattern, path, id)) continue;
        if (route.method == method) {
            // A broken escape stays as it came: no id has a '%', so the endpoint answers it
            // like any id that does not exist, after checking the caller like any other.
            const std::string decoded_id = decode_path_segment(id).value_or(std::string(id));
            const Credential credential = credential_of(request, service.console_cookie());
            return call(route.handler, Call{service, request, credential.token, decoded_id});
        }
        if (!allowed.empty()) allowed += ", ";
        allowed += route.method;
    }
    if (allowed.empty())
        return error_reply(404, "not_found", "no such endpoint: " + std::string(path));
    Reply reply = error_reply(405, "method_not_allowed",
                              std::string(method) + " is not allowed on " + std::string(path));
    reply.headers.emplace_back("Allow", allowed);
    return reply;
}

Reply dispatch(PlanService& service, const HttpRequest& request) {
    if (request.path.starts_with("/admin/") || request.path.starts_with("/console/api/")) {
        return not_cached(route_request(service, request));
    }
    return route_request(service, request);
}

constexpr std::size_t kMiB = std::size_t{1} << 20;

}  // namespace

std::size_t body_limit_for(std::string_view method, std::string_view path) {
    if (path.starts_with("/api/")) return 4 * kMiB;  // enrolment included
    if (method == "PUT" && path == "/admin/v1/dataset") return 256 * kMiB;
    constexpr std::string_view kDocuments = "/admin/v1/documents/";
    if (method == "PUT" && path.size() > kDocuments.size() && path.starts_with(kDocuments)) {
        return 64 * kMiB;
    }
    return kMiB;
}

HttpApi::HttpApi(PlanService& service, std::FILE* log, FaultInjector* faults,
                 const ConsoleAssets* console)
    : service_(service), log_(log), faults_(faults), console_(console) {}

HttpApi::~HttpApi() = default;

HeadVerdict HttpApi::on_head(const HttpRequest& head) {
    HeadVerdict verdict{.body_limit = body_limit_for(head.method, head.path), .refusal = {}};
    if (is_console_file_path(head.path)) {
        // The pages themselves are public (they hold no data; the data needs a session).
        if (head.method != "GET" && head.method != "HEAD") {
            verdict.refusal = error_reply(405, "method_not_allowed",
                                          head.method + " is not allowed on " + head.path);
            verdict.refusal->headers.emplace_back("Allow", "GET");
        }
        return verdict;
    }
    const Route* route = find_route(head.method, head.path);
    const Credential credential = credential_of(head, service_.console_cookie());
    if (changes_with_cookie(head, credential)) {
        if (from_another_site(head)) {
            verdict.refusal =
                error_reply(403, "forbidden", "a change from another site is refused");
            return verdict;
        }
        verdict.refusal =
            service_.refuse_console_change(credential.token, head.get_header_value("X-CSRF-Token"));
        if (verdict.refusal) return verdict;
    }
    // Every admin path wants a token of the route's role, a route or not: without it nothing is
    // read (finding 1 of issue 13: a tokenless 200 MB dataset was read whole before its 401).
    if (head.path.starts_with("/admin/")) {
        verdict.refusal = service_.refuse_admin_call(credential.token,
                                                     route ? role_of(route->caller) : Role::viewer);
        return verdict;
    }
    // A path no route knows is answered without reading its body.
    if (!path_known(head.path)) {
        verdict.refusal = error_reply(404, "not_found", "no such endpoint: " + head.path);
        return verdict;
    }
    if (route != nullptr && route->lane == Lane::console_sign_in) {
        // Console sign-ins queue for the slow hash in their own lane (one worker: they never
        // crowd out the terminals' badge logins), each client address with its share.
        verdict.refusal = refuse_sign_in_head(head);
        verdict.lane = Lane::console_sign_in;
        verdict.lane_key = "console:" + head.client_address;
        return verdict;
    }
    if (route == nullptr || route->caller != Caller::terminal) return verdict;
    // Without a valid terminal token nothing is read, and no login takes a place in the login
    // queue.
    const std::string bearer = bearer_of(head);
    verdict.refusal = service_.refuse_non_terminal(bearer);
    verdict.lane = route->lane;
    if (route->lane == Lane::credentials) verdict.lane_key = hash_token(bearer);
    return verdict;
}

HttpAnswer HttpApi::handle(const HttpRequest& request) {
    if (is_console_file_path(request.path)) {
        static const ConsoleAssets kNoConsole;
        return HttpAnswer{console_file_reply(console_ != nullptr ? *console_ : kNoConsole,
                                             request.path,
                                             request.get_header_value("If-None-Match"))};
    }
    const Fault fault =
        faults_ != nullptr && request.path.starts_with("/api/v1/") ? faults_->next() : Fault::none;
    if (fault == Fault::none) return HttpAnswer{dispatch(service_, request)};
    if (log_ != nullptr) {
        std::fprintf(log_, "fault: %s on %s %s\n", std::string(fault_name(fault)).c_str(),
                     loggable(request.method).c_str(), loggable(request.path).c_str());
    }
    const FaultSpec& spec = faults_->spec();
    const Reply dropped = error_reply(500, "dropped", "injected fault: connection dropped");
    switch (fault) {  // before applying
        case Fault::drop_before:
            return HttpAnswer{dropped, Delivery::drop};
        case Fault::status500:
            return HttpAnswer{error_reply(500, "internal_error", "injected fault")};
        case Fault::status503: {
            Reply reply = error_reply(503, "unavailable", "injected fault: try again later");
            reply.headers.emplace_back("Retry-After", std::to_string(spec.retry_after.count()));
            return HttpAnswer{std::move(reply)};
        }
        default:
            break;
    }
    Reply reply = dispatch(service_, request);  // applied
    switch (fault) {
        case Fault::drop_after:
            return HttpAnswer{dropped, Delivery::drop};
        case Fault::delay:
            return HttpAnswer{std::move(reply), Delivery::whole, spec.delay_duration};
        case Fault::truncate:
            // Nothing to cut short in an empty body: lose the answer altogether.
            if (reply.body.empty()) return HttpAnswer{dropped, Delivery::drop};
            return HttpAnswer{std::move(reply), Delivery::truncate};
        default:
            return HttpAnswer{std::move(reply)};
    }
}

}  // namespace pt::server
