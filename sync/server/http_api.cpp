#include "sync/server/http_api.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/server/fault_injection.h"
#include "sync/server/plan_service.h"
#include "sync/server/tokens.h"

namespace pt::server {
namespace {

/// What a route handler gets: the request, its body, its bearer token and the `{id}` of the
/// path.
struct Call {
    PlanService& service;
    const HttpRequest& request;
    std::string_view body;
    std::string_view bearer;
    std::string_view id;
};

struct Endpoint {
    std::string_view method;
    std::function<Reply(const Call&)> handle;
};

/// A path, exact or `prefix/{id}`, and what each method does there.
struct Route {
    std::string_view path;
    bool takes_id = false;
    std::vector<Endpoint> endpoints;
};

std::vector<Route> make_routes() {
    using C = const Call&;
    return {
        {"/healthz",
         false,
         {{"GET",
           [](C) {
               return Reply{200, "{}", {}};
           }}}},
        {"/api/v1/terminals/enroll",
         false,
         {{"POST", [](C c) { return c.service.enroll(c.body); }}}},
        {"/api/v1/sessions",
         false,
         {{"POST", [](C c) { return c.service.login(c.bearer, c.body); }}}},
        {"/api/v1/plan",
         false,
         {{"GET",
           [](C c) { return c.service.pull(c.bearer, c.request.get_param_value("cursor")); }}}},
        {"/api/v1/events",
         false,
         {{"POST", [](C c) { return c.service.post_events(c.bearer, c.body); }}}},
        {"/api/v1/terminals/health",
         false,
         {{"POST", [](C c) { return c.service.post_health(c.bearer, c.body); }}}},
        {"/admin/v1/dataset",
         false,
         {{"GET", [](C c) { return c.service.get_dataset(c.bearer); }},
          {"PUT", [](C c) { return c.service.put_dataset(c.bearer, c.body); }}}},
        {"/admin/v1/orders",
         false,
         {{"POST", [](C c) { return c.service.post_order(c.bearer, c.body); }}}},
        {"/admin/v1/orders/",
         true,
         {{"PATCH", [](C c) { return c.service.patch_order(c.bearer, c.id, c.body); }}}},
        {"/admin/v1/work_steps/",
         true,
         {{"PATCH", [](C c) { return c.service.patch_work_step(c.bearer, c.id, c.body); }}}},
        {"/admin/v1/processes/",
         true,
         {{"PATCH", [](C c) { return c.service.patch_process(c.bearer, c.id, c.body); }}}},
        {"/admin/v1/partners/",
         true,
         {{"PATCH", [](C c) { return c.service.patch_partner(c.bearer, c.id, c.body); }}}},
        {"/admin/v1/resources/",
         true,
         {{"PATCH", [](C c) { return c.service.patch_resource(c.bearer, c.id, c.body); }}}},
        {"/admin/v1/settings",
         false,
         {{"PUT", [](C c) { return c.service.put_settings(c.bearer, c.body); }}}},
        {"/admin/v1/enrollment_codes",
         false,
         {{"POST", [](C c) { return c.service.post_enrollment_code(c.bearer, c.body); }},
          {"GET", [](C c) { return c.service.get_enrollment_codes(c.bearer); }}}},
        {"/admin/v1/enrollment_codes/",
         true,
         {{"DELETE", [](C c) { return c.service.delete_enrollment_code(c.bearer, c.id); }}}},
        {"/admin/v1/terminals",
         false,
         {{"GET", [](C c) { return c.service.get_terminals(c.bearer); }}}},
        {"/admin/v1/terminals/",
         true,
         {{"DELETE", [](C c) { return c.service.revoke_terminal(c.bearer, c.id); }}}},
        {"/admin/v1/events", false, {{"GET", [](C c) { return c.service.get_events(c.bearer); }}}},
        {"/admin/v1/operators/",
         true,
         {{"POST",
           [](C c) {
               // The one action on an operator so far: POST /admin/v1/operators/{id}/unlock.
               constexpr std::string_view kUnlock = "/unlock";
               if (!c.id.ends_with(kUnlock)) {
                   return error_reply(404, "not_found", "no such admin endpoint");
               }
               return c.service.unlock_operator(c.bearer,
                                                c.id.substr(0, c.id.size() - kUnlock.size()));
           }}}},
    };
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

Reply dispatch(const std::vector<Route>& routes, PlanService& service, const HttpRequest& request) {
    const std::string_view path = request.path;
    std::string_view method = request.method;
    if (method == "HEAD") method = "GET";
    for (const Route& route : routes) {
        std::string_view id;
        if (route.takes_id) {
            if (path.size() <= route.path.size() ||
                path.substr(0, route.path.size()) != route.path) {
                continue;
            }
            id = path.substr(route.path.size());
        } else if (path != route.path) {
            continue;
        }
        std::string allowed;
        for (const Endpoint& endpoint : route.endpoints) {
            if (endpoint.method == method) {
                const std::string bearer = bearer_of(request);
                return endpoint.handle(Call{service, request, request.body, bearer, id});
            }
            if (!allowed.empty()) allowed += ", ";
            allowed += endpoint.method;
        }
        Reply reply = error_reply(405, "method_not_allowed",
                                  std::string(method) + " is not allowed on " + std::string(path));
        reply.headers.emplace_back("Allow", allowed);
        return reply;
    }
    return error_reply(404, "not_found", "no such endpoint: " + std::string(path));
}

constexpr std::size_t kMiB = std::size_t{1} << 20;

}  // namespace

struct HttpApi::Routes {
    std::vector<Route> table = make_routes();
};

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
    : routes_(std::make_unique<const Routes>()), service_(service), log_(log), faults_(faults) {}

HttpApi::~HttpApi() = default;

HeadVerdict HttpApi::on_head(const HttpRequest& head) {
    HeadVerdict verdict{.body_limit = body_limit_for(head.method, head.path), .refusal = {}};
    // Every admin endpoint wants the admin token: without it nothing is read (finding 1 of
    // issue 13: a tokenless 200 MB dataset was read whole before its 401).
    if (head.path.starts_with("/admin/"))
        verdict.refusal = service_.refuse_non_admin(bearer_of(head));
    // The terminal endpoints with a body want a valid terminal token: without one nothing is
    // read, and no login takes a place in the login queue.
    if (head.method == "POST" &&
        (head.path == "/api/v1/sessions" || head.path == "/api/v1/events" ||
         head.path == "/api/v1/terminals/health")) {
        const std::string bearer = bearer_of(head);
        verdict.refusal = service_.refuse_non_terminal(bearer);
        if (head.path == "/api/v1/sessions") {
            verdict.lane = Lane::credentials;
            verdict.lane_key = hash_token(bearer);
        }
    }
    return verdict;
}

HttpAnswer HttpApi::handle(const HttpRequest& request) {
    const Fault fault =
        faults_ != nullptr && request.path.starts_with("/api/v1/") ? faults_->next() : Fault::none;
    if (fault == Fault::none) return HttpAnswer{dispatch(routes_->table, service_, request)};
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
    Reply reply = dispatch(routes_->table, service_, request);  // applied
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
