#include "sync/server/http_api.h"

#include <array>
#include <string>
#include <string_view>
#include <variant>

#include "sync/server/fault_injection.h"
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

/// The token a request must carry before its body is read; the service checks every token
/// again, this only spares reading a body that will be refused. Every path under /admin/ needs
/// the admin token before its body is read, a route or not (HttpApi::on_head).
enum class Token { checked_later, terminal };

struct Route {
    std::string_view method;
    /// The path; `{id}` stands for one non-empty segment.
    std::string_view pattern;
    Handler handler;
    Token token = Token::checked_later;
    Lane lane = Lane::general;
};

Reply healthz(const Call& /*call*/) {
    return Reply{200, "{}", {}};
}
Reply enroll(const Call& call) {
    return call.service.enroll(call.request.body);
}
Reply pull(const Call& call) {
    return call.service.pull(call.bearer, call.request.get_param_value("cursor"));
}

using S = PlanService;
// Every endpoint of sync-api.md, one row each. A path that matches a row but not its method is
// answered 405 with the methods that are allowed there; no row at all, 404.
const std::array kRoutes{
    Route{"GET", "/healthz", Custom{healthz}},
    Route{"POST", "/api/v1/terminals/enroll", Custom{enroll}},
    Route{"POST", "/api/v1/sessions", WithBody{&S::login}, Token::terminal, Lane::credentials},
    Route{"GET", "/api/v1/plan", Custom{pull}},
    Route{"POST", "/api/v1/events", WithBody{&S::post_events}, Token::terminal},
    Route{"POST", "/api/v1/terminals/health", WithBody{&S::post_health}, Token::terminal},
    Route{"GET", "/admin/v1/dataset", Plain{&S::get_dataset}},
    Route{"PUT", "/admin/v1/dataset", WithBody{&S::put_dataset}},
    Route{"POST", "/admin/v1/orders", WithBody{&S::post_order}},
    Route{"PATCH", "/admin/v1/orders/{id}", WithIdAndBody{&S::patch_order}},
    Route{"PATCH", "/admin/v1/work_steps/{id}", WithIdAndBody{&S::patch_work_step}},
    Route{"PATCH", "/admin/v1/processes/{id}", WithIdAndBody{&S::patch_process}},
    Route{"PATCH", "/admin/v1/partners/{id}", WithIdAndBody{&S::patch_partner}},
    Route{"PATCH", "/admin/v1/resources/{id}", WithIdAndBody{&S::patch_resource}},
    Route{"PUT", "/admin/v1/settings", WithBody{&S::put_settings}},
    Route{"POST", "/admin/v1/enrollment_codes", WithBody{&S::post_enrollment_code}},
    Route{"GET", "/admin/v1/enrollment_codes", Plain{&S::get_enrollment_codes}},
    Route{"DELETE", "/admin/v1/enrollment_codes/{id}", WithId{&S::delete_enrollment_code}},
    Route{"GET", "/admin/v1/terminals", Plain{&S::get_terminals}},
    Route{"DELETE", "/admin/v1/terminals/{id}", WithId{&S::revoke_terminal}},
    Route{"GET", "/admin/v1/events", Plain{&S::get_events}},
    Route{"POST", "/admin/v1/operators/{id}/unlock", WithId{&S::unlock_operator}},
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

/// The row for `method path`, if any.
const Route* find_route(std::string_view method, std::string_view path) {
    std::string_view id;
    for (const Route& route : kRoutes) {
        if (route.method == method && matches(route.pattern, path, id)) return &route;
    }
    return nullptr;
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

Reply dispatch(PlanService& service, const HttpRequest& request) {
    const std::string_view path = request.path;
    std::string_view method = request.method;
    if (method == "HEAD") method = "GET";
    std::string allowed;
    for (const Route& route : kRoutes) {
        std::string_view id;
        if (!matches(route.pattern, path, id)) continue;
        if (route.method == method) {
            const std::string bearer = bearer_of(request);
            return call(route.handler, Call{service, request, bearer, id});
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

HttpApi::HttpApi(PlanService& service, std::FILE* log, FaultInjector* faults)
    : service_(service), log_(log), faults_(faults) {}

HttpApi::~HttpApi() = default;

HeadVerdict HttpApi::on_head(const HttpRequest& head) {
    HeadVerdict verdict{.body_limit = body_limit_for(head.method, head.path), .refusal = {}};
    // Every admin path wants the admin token, a route or not: without it nothing is read
    // (finding 1 of issue 13: a tokenless 200 MB dataset was read whole before its 401).
    if (head.path.starts_with("/admin/")) {
        verdict.refusal = service_.refuse_non_admin(bearer_of(head));
        return verdict;
    }
    const Route* route = find_route(head.method, head.path);
    if (route == nullptr || route->token != Token::terminal) return verdict;
    // Without a valid terminal token nothing is read, and no login takes a place in the login
    // queue.
    const std::string bearer = bearer_of(head);
    verdict.refusal = service_.refuse_non_terminal(bearer);
    verdict.lane = route->lane;
    if (route->lane == Lane::credentials) verdict.lane_key = hash_token(bearer);
    return verdict;
}

HttpAnswer HttpApi::handle(const HttpRequest& request) {
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
