#include "sync/server/http_api.h"

#include <httplib.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "sync/server/fault_injection.h"
#include "sync/server/plan_service.h"

namespace pt::server {
namespace {

constexpr const char* kJson = "application/json";

/// What a route handler gets: the request, its body, its bearer token and the `{id}` of the
/// path.
struct Call {
    PlanService& service;
    const httplib::Request& request;
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
std::string bearer_of(const httplib::Request& request) {
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

Reply dispatch(const std::vector<Route>& routes, PlanService& service,
               const httplib::Request& request, std::string_view body) {
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
                return endpoint.handle(Call{service, request, body, bearer, id});
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

void send(const Reply& reply, httplib::Response& response) {
    response.status = reply.status;
    for (const auto& [name, value] : reply.headers)
        response.set_header(name, value);
    if (!reply.body.empty()) response.set_content(reply.body, kJson);
}

/// The JSON error for a status httplib produced itself (no route ran, or the body was refused).
Reply fallback_error(int status) {
    switch (status) {
        case 400:
            return error_reply(400, "bad_request", "malformed HTTP request");
        case 404:
            return error_reply(404, "not_found", "no such endpoint");
        case 405:
            return error_reply(405, "method_not_allowed", "method not allowed");
        case 413:
            return error_reply(413, "payload_too_large", "request body too large");
        case 414:
            return error_reply(414, "uri_too_long", "request target too long");
        default:
            return error_reply(status, status >= 500 ? "internal_error" : "error",
                               "request failed");
    }
}

/// The path for the log: control characters replaced, so a request cannot forge log lines.
std::string loggable(const std::string& path) {
    std::string out = path;
    for (char& c : out) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    }
    return out;
}

// ---- fault mode ------------------------------------------------------------------------------

/// Ends the connection of `request` without an answer: shuts its socket down, so the response
/// httplib writes afterwards goes nowhere. Should the socket not be found, that response (a 500,
/// transient for a client) does arrive.
void drop_connection(const httplib::Request& request, httplib::Response& response, std::FILE* log) {
    response.set_header("Connection", "close");
    if (shut_down_connection(request.local_addr, request.local_port, request.remote_addr,
                             request.remote_port)) {
        // httplib still writes this response; the write fails on the shut-down socket, which
        // ends the connection. The status is what the request log shows.
        send(error_reply(500, "dropped", "injected fault: connection dropped"), response);
        return;
    }
    if (log != nullptr) std::fprintf(log, "fault: the connection to drop was not found\n");
    send(error_reply(500, "internal_error", "injected fault: drop failed"), response);
}

/// Sends `reply` with its full Content-Length but only the first half of its body; the content
/// provider's `false` makes httplib stop writing and close the connection.
void send_truncated(const Reply& reply, const httplib::Request& request,
                    httplib::Response& response, std::FILE* log) {
    if (reply.body.empty()) {  // nothing to cut short: lose the answer altogether
        drop_connection(request, response, log);
        return;
    }
    response.status = reply.status;
    for (const auto& [name, value] : reply.headers)
        response.set_header(name, value);
    response.set_header("Connection", "close");
    auto body = std::make_shared<const std::string>(reply.body);
    const std::size_t part = body->size() / 2;
    response.set_content_provider(
        body->size(), kJson,
        [body, part](std::size_t offset, std::size_t /*length*/, httplib::DataSink& sink) {
            if (offset < part) sink.write(body->data() + offset, part - offset);
            return false;
        });
}

/// Everything route handlers share.
struct Api {
    std::vector<Route> routes;
    PlanService& service;
    FaultInjector* faults;  // null: no fault mode
    std::FILE* log;
};

/// Routes `request`, applies it and fills `response` — with the fault the fault mode draws for a
/// terminal endpoint: before applying (drop_before, status500, status503) or after it.
void answer(const Api& api, const httplib::Request& request, std::string_view body,
            httplib::Response& response) {
    const Fault fault = api.faults != nullptr && request.path.rfind("/api/v1/", 0) == 0
                            ? api.faults->next()
                            : Fault::none;
    if (fault == Fault::none) {
        send(dispatch(api.routes, api.service, request, body), response);
        return;
    }
    if (api.log != nullptr) {
        std::fprintf(api.log, "fault: %s on %s %s\n", std::string(fault_name(fault)).c_str(),
                     loggable(request.method).c_str(), loggable(request.path).c_str());
    }
    const FaultSpec& spec = api.faults->spec();
    switch (fault) {
        case Fault::drop_before:
            drop_connection(request, response, api.log);
            return;
        case Fault::status500:
            send(error_reply(500, "internal_error", "injected fault"), response);
            return;
        case Fault::status503: {
            Reply reply = error_reply(503, "unavailable", "injected fault: try again later");
            reply.headers.emplace_back("Retry-After", std::to_string(spec.retry_after.count()));
            send(reply, response);
            return;
        }
        default:
            break;
    }
    const Reply reply = dispatch(api.routes, api.service, request, body);  // applied
    switch (fault) {
        case Fault::drop_after:
            drop_connection(request, response, api.log);
            return;
        case Fault::delay:
            std::this_thread::sleep_for(spec.delay_duration);
            send(reply, response);
            return;
        case Fault::truncate:
            send_truncated(reply, request, response, api.log);
            return;
        default:
            send(reply, response);
            return;
    }
}

/// Start of the request being handled on this worker thread (set in pre-routing, read by the
/// logger; httplib handles one request at a time per thread).
thread_local std::optional<std::chrono::steady_clock::time_point> request_started;

}  // namespace

void install_http_api(httplib::Server& server, PlanService& service, std::FILE* log,
                      HttpLimits limits, FaultInjector* faults) {
    server.set_payload_max_length(limits.max_body);
    // Small replies (deltas, event results) otherwise wait ~40 ms for the peer's delayed ACK
    // (Nagle's algorithm), as httplib writes headers and body separately.
    server.set_tcp_nodelay(true);

    auto api = std::make_shared<const Api>(Api{make_routes(), service, faults, log});
    server.set_pre_routing_handler(
        [limits, api](const httplib::Request& request, httplib::Response& response) {
            request_started = std::chrono::steady_clock::now();
            // A request without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3).
            // httplib 0.11 would wait for the peer to close instead; answer it right here.
            if (!request.has_header("Content-Length") && !request.has_header("Transfer-Encoding")) {
                answer(*api, request, {}, response);
                return httplib::Server::HandlerResponse::Handled;
            }
            if (request.path.rfind("/api/", 0) == 0 && request.has_header("Content-Length")) {
                std::size_t length = 0;
                try {
                    length = std::stoull(request.get_header_value("Content-Length"));
                } catch (const std::exception&) {
                    length = limits.max_terminal_body + 1;
                }
                if (length > limits.max_terminal_body) {
                    send(fallback_error(413), response);
                    response.set_header("Connection", "close");  // the body is not read
                    return httplib::Server::HandlerResponse::Handled;
                }
            }
            return httplib::Server::HandlerResponse::Unhandled;
        });

    // Every method reaches our own router, so an unknown path is 404 and a known path with
    // another method is 405, both with JSON bodies.
    const auto handler = [api](const httplib::Request& request, httplib::Response& response) {
        answer(*api, request, request.body, response);
    };
    // Bodies are read through a content reader: httplib's own reading would refuse any body
    // over 8 KiB labelled application/x-www-form-urlencoded (libcurl's default label) with 413.
    const auto reading_handler = [api](const httplib::Request& request, httplib::Response& response,
                                       const httplib::ContentReader& reader) {
        if (request.is_multipart_form_data()) {
            send(error_reply(415, "unsupported_media_type", "send JSON, not a multipart form"),
                 response);
            response.set_header("Connection", "close");
            return;
        }
        std::string body;
        const bool complete = reader([&body](const char* data, std::size_t length) {
            body.append(data, length);
            return true;
        });
        if (!complete) {  // too large (413) or broken off (400); httplib set the status
            send(fallback_error(response.status >= 400 ? response.status : 400), response);
            response.set_header("Connection", "close");
            return;
        }
        answer(*api, request, body, response);
    };
    server.Get(".*", handler);
    server.Post(".*", reading_handler);
    server.Put(".*", reading_handler);
    server.Patch(".*", reading_handler);
    server.Delete(".*", reading_handler);
    server.Options(".*", handler);

    // Called for every status >= 400; fills in a body only where none was set (a content type
    // without a body: the fault mode's cut-short body comes from a content provider).
    server.set_error_handler(httplib::Server::HandlerWithResponse(
        [](const httplib::Request&, httplib::Response& response) {
            if (!response.body.empty() || response.has_header("Content-Type")) {
                return httplib::Server::HandlerResponse::Unhandled;
            }
            send(fallback_error(response.status), response);
            return httplib::Server::HandlerResponse::Handled;
        }));

    server.set_exception_handler([log](const httplib::Request& request, httplib::Response& response,
                                       std::exception_ptr error) {
        std::string what = "unknown exception";
        try {
            std::rethrow_exception(error);
        } catch (const std::exception& e) {
            what = e.what();
        } catch (...) {
        }
        if (log != nullptr) {
            std::fprintf(log, "error: %s %s: %s\n", loggable(request.method).c_str(),
                         loggable(request.path).c_str(), loggable(what).c_str());
        }
        send(error_reply(500, "internal_error", "the server could not complete the request"),
             response);
    });

    server.set_logger([log](const httplib::Request& request, const httplib::Response& response) {
        if (log == nullptr) return;
        if (request_started) {
            const auto elapsed = std::chrono::duration<double, std::milli>(
                std::chrono::steady_clock::now() - *request_started);
            std::fprintf(log, "%s %s %d %.1fms\n", loggable(request.method).c_str(),
                         loggable(request.path).c_str(), response.status, elapsed.count());
        } else {
            std::fprintf(log, "%s %s %d\n", loggable(request.method).c_str(),
                         loggable(request.path).c_str(), response.status);
        }
        request_started.reset();
    });
}

}  // namespace pt::server
