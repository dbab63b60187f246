// plan-server's HTTP transport: an event-driven HTTP/1.1 server (Boost.Beast on Asio, TLS through
// Asio's OpenSSL streams). It owns sockets, parsing, limits, timeouts and the request log; what a
// request means is the HttpHandler's business. One io thread does all the socket work and never
// blocks: a handler's `handle` runs on a small worker pool and its answer is posted back, so one
// client's slowness or volume never stalls another (sync-api.md, "Limits").
//
// Beast's headers stay inside http_server.cpp; this header is lean on purpose.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sync/server/plan_service.h"

namespace pt::server {

/// One request as the transport read it. The accessors keep the names route handlers used
/// before (get_param_value, get_header_value), so route code reads the same.
struct HttpRequest {
    std::string method;
    /// The path without the query string, as sent (not percent-decoded).
    std::string path;
    /// What follows `?` in the target, raw; empty without one.
    std::string query;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    /// The peer's IP address as text ("127.0.0.1"); empty when unknown (in tests).
    std::string client_address;

    /// The first query parameter `name`, percent-decoded (`+` is a space); empty when absent.
    [[nodiscard]] std::string get_param_value(std::string_view name) const;
    [[nodiscard]] bool has_param(std::string_view name) const;
    /// The first header `name` (case-insensitive); empty when absent.
    [[nodiscard]] std::string get_header_value(std::string_view name) const;
    [[nodiscard]] bool has_header(std::string_view name) const;
};

/// How an answer goes out: whole, not at all (the connection closes without a response), or
/// with its full Content-Length but only the first half of its body (then the connection
/// closes). The last two exist for the fault mode (fault_injection.h).
enum class Delivery { whole, drop, truncate };

struct HttpAnswer {
    Reply reply;
    Delivery delivery = Delivery::whole;
    /// Sent this much later (a timer on the io thread; no thread waits).
    std::chrono::milliseconds delay{0};
};

/// Which workers handle a request. Logins check PINs with Argon2id (64 MiB, tens of
/// milliseconds each): they get workers of their own, so a burst of them queues there and never
/// holds the workers that answer plans, events and /healthz.
enum class Lane { general, credentials, console_sign_in };

/// What the handler decides when a request's header is complete, before its body is read.
struct HeadVerdict {
    /// The largest body this request may have; more → 413 and the connection closes.
    std::size_t body_limit = 0;
    /// An answer right away (the body is not read, the connection closes): e.g. a 401 for an
    /// admin endpoint without the admin token.
    std::optional<Reply> refusal;
    Lane lane = Lane::general;
    /// Whose request it is (Lane::credentials): one key may have only so many waiting.
    std::string lane_key;
};

class HttpHandler {
public:
    virtual ~HttpHandler() = default;
    /// Called on the io thread with the request's method, path, query and headers (no body):
    /// must be quick and never block.
    [[nodiscard]] virtual HeadVerdict on_head(const HttpRequest& head) = 0;
    /// Called on a worker thread with the whole request. May block (SQLite), never sleeps to
    /// slow a client. Exceptions become a 500.
    [[nodiscard]] virtual HttpAnswer handle(const HttpRequest& request) = 0;
};

/// sync-api.md "Limits"; the timeouts are options so tests need not wait 10 s.
struct HttpLimits {
    std::size_t max_header_bytes = std::size_t{16} << 10;
    std::size_t max_header_fields = 100;
    /// From the first byte of a request (or the end of the previous answer on a kept-alive
    /// connection) to its complete header; also bounds a TLS handshake.
    std::chrono::milliseconds header_timeout{10'000};
    /// From the complete header to the complete body.
    std::chrono::milliseconds body_timeout{60'000};
    /// Writing one answer.
    std::chrono::milliseconds write_timeout{60'000};
    /// Open connections at most; beyond, new ones wait in the listen backlog.
    std::size_t max_connections = 10'000;
};

struct HttpServerOptions {
    std::string host;
    int port = 0;  ///< 0: a free port
    /// PEM certificate (chain) and private key; both empty: plain HTTP.
    std::string tls_cert;
    std::string tls_key;
    HttpLimits limits;
    /// Threads that run HttpHandler::handle (PlanService serialises on its own mutex; more than
    /// one lets a slow call, a 256 MiB dataset, run beside the quick ones).
    std::size_t workers = 4;
    /// Threads for Lane::credentials, and how many of its requests may wait for one: beyond,
    /// a request is answered 503 (the server is busy) at once, with Retry-After: 1, its body
    /// read and nothing done; and beyond the share of one lane_key, 429 (that client's volume).
    std::size_t credential_workers = 2;
    std::size_t max_waiting_credential_requests = 500;
    std::size_t max_waiting_credential_requests_per_key = 2;
    /// Lane::console_sign_in: one worker, so the console's password checks never take more than
    /// one of the slow hash's places from the terminals' logins; this many may wait, two per
    /// lane_key.
    std::size_t max_waiting_console_sign_ins = 20;
    /// The IP address of a proxy in front (empty: none): for its requests the client is the
    /// last address of X-Forwarded-For (HttpRequest::client_address). Throws HttpServerError at
    /// construction when it is no IP address.
    std::string trusted_proxy;
    /// One line per request (method, path, status, time — never the query or a header), one per
    /// handler exception; null: silent.
    std::FILE* log = nullptr;
};

/// The certificate or key cannot be used, or the address cannot be bound.
class HttpServerError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class HttpServer {
public:
    /// Loads the TLS certificate and key and binds the listening socket (backlog SOMAXCONN), so
    /// a bad certificate or a taken port shows before anything else starts. Throws
    /// HttpServerError.
    explicit HttpServer(HttpServerOptions options);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// The bound port (the kernel's choice for port 0).
    [[nodiscard]] int port() const;
    /// Serves requests with `handler` until stop(): returns once the answers in flight are sent
    /// (at most a few seconds after stop()).
    void run(HttpHandler& handler);
    /// Thread-safe: no new connections; idle ones and those still sending a header close at
    /// once, the others after their answer.
    void stop();

    class Impl;  // public only for the connection classes in http_server.cpp

private:
    std::unique_ptr<Impl> impl_;
};

/// `text` for a log line: control characters replaced by `?`, so a request cannot forge lines.
[[nodiscard]] std::string loggable(std::string_view text);

/// Raises the soft limit of open files to the hard limit (each connection is a descriptor).
/// Returns the soft limit now in force.
std::size_t raise_open_file_limit();

}  // namespace pt::server
