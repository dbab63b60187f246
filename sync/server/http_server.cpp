#include "sync/server/http_server.h"

#include <openssl/ssl.h>
#include <sys/resource.h>

#include <array>
// Asio's scheduler (Boost 1.74) trips GCC 12's -Wnull-dereference once inlined: its thread-info
// pointer is never null where it is used; the warning belongs to the library, not to this file.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#pragma GCC diagnostic pop
#include <cstdint>
#include <exception>
#include <iterator>
#include <limits>
#include <mutex>
#include <type_traits>
#include <unordered_map>

#include "sync/server/percent_decoding.h"

namespace pt::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

/// How long a connection that answered and closes keeps reading (and discarding) what the peer
/// still sends, so the peer reads the answer instead of a reset (RFC 9112 §9.6).
constexpr std::chrono::seconds kLingerTime{1};
/// How long stop() lets answers in flight finish before every connection is cut.
constexpr std::chrono::seconds kDrainTime{5};
/// Retry delay when accept() fails (out of descriptors): no busy loop.
constexpr std::chrono::milliseconds kAcceptRetry{100};
/// The longest header value plan-server sends (Beast throws above 65,533 bytes).
constexpr std::size_t kLongestHeaderValue = 8192;

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) {
            return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

/// The value of query parameter `name` in `query`, decoded; nothing when absent.
std::optional<std::string> find_param(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (decode_query_component(pair.substr(0, eq)) == name) {
            return eq == std::string_view::npos ? std::string()
                                                : decode_query_component(pair.substr(eq + 1));
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

/// The JSON error for a status the transport produces itself.
Reply transport_error(int status) {
    switch (status) {
        case 400:
            return error_reply(400, "bad_request", "malformed HTTP request");
        case 413:
            return error_reply(413, "payload_too_large", "request body too large");
        case 431:
            return error_reply(431, "request_header_fields_too_large",
                               "more than 100 header fields or 16 KiB of header");
        default:
            return error_reply(status, "internal_error",
                               "the server could not complete the request");
    }
}

/// The credentials lane is full: the server is busy (a terminal may log in offline meanwhile).
Reply logins_busy() {
    Reply reply = error_reply(503, "unavailable", "too many logins waiting; try again shortly");
    reply.headers.emplace_back("Retry-After", "1");
    return reply;
}

/// One client has its share of the lane waiting already (sync-api.md "Limits": 429).
Reply logins_waiting_from_one() {
    Reply reply = error_reply(429, "rate_limited", "logins from this terminal are waiting already");
    reply.headers.emplace_back("Retry-After", "1");
    return reply;
}

/// The last address of an X-Forwarded-For header (the one the trusted proxy added), or nothing
/// when it is no IP address.
std::optional<std::string> forwarded_client(std::string_view header) {
    const std::size_t comma = header.rfind(',');
    std::string_view last = comma == std::string_view::npos ? header : header.substr(comma + 1);
    while (!last.empty() && last.front() == ' ')
        last.remove_prefix(1);
    while (!last.empty() && last.back() == ' ')
        last.remove_suffix(1);
    error_code error;
    const auto address = asio::ip::make_address(std::string(last), error);
    if (error) return std::nullopt;
    return address.to_string();
}

/// A malformed request (as opposed to the peer leaving, or a timeout).
bool is_parse_error(const error_code& error) {
    return error.category() == http::make_error_code(http::error::bad_method).category() &&
           error != http::error::end_of_stream && error != http::error::partial_message;
}

}  // namespace

std::string loggable(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    }
    return out;
}

// ---- HttpRequest ----------------------------------------------------------------------------

std::string HttpRequest::get_param_value(std::string_view name) const {
    return find_param(query, name).value_or(std::string());
}

bool HttpRequest::has_param(std::string_view name) const {
    return find_param(query, name).has_value();
}

std::string HttpRequest::get_header_value(std::string_view name) const {
    for (const auto& [key, value] : headers) {
        if (iequals(key, name)) return value;
    }
    return {};
}

bool HttpRequest::has_header(std::string_view name) const {
    for (const auto& header : headers) {
        if (iequals(header.first, name)) return true;
    }
    return false;
}

// ---- the server -----------------------------------------------------------------------------

/// What the server needs of a connection (the plain and the TLS kind).
class ConnectionBase : public std::enable_shared_from_this<ConnectionBase> {
public:
    virtual ~ConnectionBase() = default;
    virtual void start() = 0;
    /// The server stops: close now unless a request is under way; close after its answer.
    virtual void stop_gently() = 0;
    virtual void close() = 0;
};

// Outside the anonymous namespace: a member of HttpServer::Impl (GCC warns otherwise).
/// A lane of slow password checks with its own workers: at most `max_waiting` requests wait, at
/// most `per_key` of one client; beyond, the answer says so at once (503 busy, 429 that client).
class WaitingLane {
public:
    WaitingLane(std::size_t threads, std::size_t max_waiting, std::size_t per_key)
        : pool(threads == 0 ? 1 : threads), max_waiting_(max_waiting), per_key_(per_key) {}

    /// A place for `key`, or the answer that refuses it.
    std::optional<Reply> admit(const std::string& key) {
        const std::lock_guard lock(mutex_);
        if (waiting_ >= max_waiting_) return logins_busy();
        std::size_t& mine = waiting_by_key_[key];
        if (mine >= per_key_) return logins_waiting_from_one();
        ++mine;
        ++waiting_;
        return std::nullopt;
    }
    /// A worker took the request of `key`: its place is free again.
    void started(const std::string& key) {
        const std::lock_guard lock(mutex_);
        --waiting_;
        const auto mine = waiting_by_key_.find(key);
        if (mine != waiting_by_key_.end() && --mine->second == 0) waiting_by_key_.erase(mine);
    }
    /// Runs `task` on this lane's workers once admitted.
    template <typename Task>
    void post(Task task, const std::string& key) {
        asio::post(pool, [this, task = std::move(task), key]() mutable {
            started(key);
            task();
        });
    }

    asio::thread_pool pool;

private:
    std::mutex mutex_;
    std::size_t max_waiting_;
    std::size_t per_key_;
    std::size_t waiting_ = 0;
    std::unordered_map<std::string, std::size_t> waiting_by_key_;
};

class HttpServer::Impl {
public:
    explicit Impl(HttpServerOptions options_in)
        : options(std::move(options_in)),
          workers(options.workers == 0 ? 1 : options.workers),
          credentials(options.credential_workers, options.max_waiting_credential_requests,
                      options.max_waiting_credential_requests_per_key),
          console_sign_ins(1, options.max_waiting_console_sign_ins,
                           options.max_waiting_credential_requests_per_key) {
        if (!options.trusted_proxy.empty()) {
            error_code error;
            options.trusted_proxy =
                asio::ip::make_address(options.trusted_proxy, error).to_string();
            if (error) throw HttpServerError("--trusted-proxy is no IP address");
        }
        if (!options.tls_cert.empty()) load_tls();
        listen();
    }

    void run(HttpHandler& handler_in) {
        handler = &handler_in;
        asio::post(io, [this] { accept(); });
        io.run();
        // A request still being handled finishes before the service closes; those still queued
        // are dropped: their connections are closed, and their clients ask again.
        workers.stop();
        credentials.pool.stop();
        console_sign_ins.pool.stop();
        workers.join();
        credentials.pool.join();
        console_sign_ins.pool.join();
    }

    void stop() {
        asio::post(io, [this] { begin_stop(); });
    }

    // ---- called by connections, on the io thread --------------------------------------------
    void forget(std::uint64_t id) {
        connections.erase(id);
        if (stopping) {
            if (connections.empty()) finish();
        } else if (!accepting && connections.size() < options.limits.max_connections) {
            accept();
        }
    }

    void log_request(std::string_view method, std::string_view path, int status,
                     std::chrono::steady_clock::time_point started) const {
        if (options.log == nullptr) return;
        const auto elapsed =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
        std::fprintf(options.log, "%s %s %d %.1fms\n", loggable(method).c_str(),
                     loggable(path).c_str(), status, elapsed.count());
    }

    void log_error(std::string_view method, std::string_view path, std::string_view what) const {
        if (options.log == nullptr) return;
        std::fprintf(options.log, "error: %s %s: %s\n", loggable(method).c_str(),
                     loggable(path).c_str(), loggable(what).c_str());
    }

    HttpServerOptions options;
    HttpHandler* handler = nullptr;  // set by run()
    // Destroyed in reverse: the workers' pending tasks, then the io_context's (connections and
    // their TLS streams) go before the TLS context they use.
    std::optional<asio::ssl::context> tls;
    asio::io_context io{1};
    asio::thread_pool workers;
    /// Lane::credentials (badge logins) and Lane::console_sign_in, each with its own workers.
    WaitingLane credentials;
    WaitingLane console_sign_ins;
    tcp::acceptor acceptor{io};
    int bound_port = 0;
    bool stopping = false;

private:
    void load_tls() {
        tls.emplace(asio::ssl::context::tls_server);
        try {
            tls->set_options(asio::ssl::context::default_workarounds |
                             asio::ssl::context::no_sslv2 | asio::ssl::context::no_sslv3 |
                             asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                             asio::ssl::context::single_dh_use);
            tls->use_certificate_chain_file(options.tls_cert);
            tls->use_private_key_file(options.tls_key, asio::ssl::context::pem);
        } catch (const boost::system::system_error& e) {
            throw HttpServerError("cannot use --tls-cert " + options.tls_cert + " with --tls-key " +
                                  options.tls_key + ": " + e.what());
        }
        if (SSL_CTX_check_private_key(tls->native_handle()) != 1) {
            throw HttpServerError("cannot use --tls-cert " + options.tls_cert + " with --tls-key " +
                                  options.tls_key + ": the key does not belong to the certificate");
        }
    }

    void listen() {
        error_code error;
        tcp::resolver resolver(io);
        const auto endpoints = resolver.resolve(options.host, std::to_string(options.port),
                                                tcp::resolver::passive, error);
        const auto fail = [&](const error_code& why) {
            throw HttpServerError("cannot listen on " + options.host + ":" +
                                  std::to_string(options.port) + ": " + why.message());
        };
        if (error) fail(error);
        if (endpoints.empty()) fail(asio::error::host_not_found);
        const tcp::endpoint endpoint = endpoints.begin()->endpoint();
        if (acceptor.open(endpoint.protocol(), error)) fail(error);
        if (acceptor.set_option(asio::socket_base::reuse_address(true), error)) fail(error);
        if (acceptor.bind(endpoint, error)) fail(error);
        // SOMAXCONN: a fleet connecting at once queues instead of being reset.
        if (acceptor.listen(asio::socket_base::max_listen_connections, error)) fail(error);
        bound_port = acceptor.local_endpoint().port();
    }

    void accept();
    void adopt(tcp::socket socket);

    void begin_stop() {
        if (stopping) return;
        stopping = true;
        error_code ignored;
        acceptor.close(ignored);
        accept_retry.cancel();
        // stop_gently() may forget the connection, so walk a copy.
        std::vector<std::shared_ptr<ConnectionBase>> live;
        for (const auto& [id, weak] : connections) {
            if (auto connection = weak.lock()) live.push_back(std::move(connection));
        }
        for (const auto& connection : live)
            connection->stop_gently();
        if (connections.empty()) {
            finish();
            return;
        }
        drain_deadline.expires_after(kDrainTime);
        drain_deadline.async_wait([this](const error_code& error) {
            if (error) return;
            std::vector<std::shared_ptr<ConnectionBase>> rest;
            for (const auto& [id, weak] : connections) {
                if (auto connection = weak.lock()) rest.push_back(std::move(connection));
            }
            for (const auto& connection : rest)
                connection->close();
            finish();
        });
    }

    void finish() {
        drain_deadline.cancel();
        io.stop();
    }

    asio::steady_timer accept_retry{io};
    asio::steady_timer drain_deadline{io};
    /// Every open connection by id (io thread only).
    std::unordered_map<std::uint64_t, std::weak_ptr<ConnectionBase>> connections;
    std::uint64_t next_id = 0;
    bool accepting = false;  // an async_accept is pending
};

namespace {

/// The TCP stream under a plain or TLS stream.
template <typename Stream>
beast::tcp_stream& tcp_of(Stream& stream) {
    return beast::get_lowest_layer(stream);
}

/// One connection: reads a request's header, asks the handler, reads the body within its
/// limit, hands the request to a worker, writes the answer, and again while kept alive.
template <typename Stream>
class Connection final : public ConnectionBase {
public:
    template <typename... StreamArgs>
    Connection(HttpServer::Impl& server, std::uint64_t id, StreamArgs&&... stream_args)
        : server_(server),
          id_(id),
          stream_(std::forward<StreamArgs>(stream_args)...),
          delay_timer_(server.io) {}

    void start() override {
        error_code ignored;
        const auto peer = tcp_of(stream_).socket().remote_endpoint(ignored);
        if (!ignored) client_address_ = peer.address().to_string();
        if constexpr (kTls) {
            state_ = State::handshake;
            tcp_of(stream_).expires_after(server_.options.limits.header_timeout);
            stream_.async_handshake(asio::ssl::stream_base::server,
                                    [self = self()](const error_code& error) {
                                        if (error) return self->close();
                                        self->read_head();
                                    });
        } else {
            read_head();
        }
    }

    void stop_gently() override {
        if (state_ == State::handshake || state_ == State::reading_head) close();
        // Otherwise the answer goes out with Connection: close (keep_alive() reads stopping).
    }

    void close() override {
        if (closed_) return;
        closed_ = true;
        error_code ignored;
        delay_timer_.cancel();
        tcp_of(stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
        tcp_of(stream_).close();
        server_.forget(id_);
    }

private:
    static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;
    enum class State { handshake, reading_head, reading_body, handling, writing, closing };

    std::shared_ptr<Connection> self() {
        return std::static_pointer_cast<Connection>(shared_from_this());
    }

    const HttpLimits& limits() const { return server_.options.limits; }

    void read_head() {
        if (closed_) return;
        state_ = State::reading_head;
        request_ = HttpRequest{};
        request_.client_address = client_address_;
        started_ = std::chrono::steady_clock::now();
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(limits().max_header_bytes));
        // No limit while the header is read: the route's limit is set once the path is known
        // (a too-large Content-Length is refused then, before any body byte is read). Not
        // boost::none: Beast 1.74 compares a Content-Length against it as "greater".
        parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
        tcp_of(stream_).expires_after(limits().header_timeout);
        http::async_read_header(
            stream_, buffer_, *parser_,
            [self = self()](const error_code& error, std::size_t) { self->on_head(error); });
    }

    void on_head(const error_code& error) {
        if (closed_) return;
        started_ = std::chrono::steady_clock::now();
        if (error) {
            if (error == http::error::header_limit) return refuse(431);
            if (error == http::error::body_limit) return refuse(413);
            if (is_parse_error(error)) return refuse(400);  // tell the client
            return close();  // the peer left, or the header timed out
        }
        const auto& head = parser_->get();
        request_.method = std::string(head.method_string());
        const std::string_view target(head.target().data(), head.target().size());
        const auto question = target.find('?');
        request_.path = std::string(target.substr(0, question));
        if (question != std::string_view::npos) {
            request_.query = std::string(target.substr(question + 1));
        }
        if (static_cast<std::size_t>(std::distance(head.begin(), head.end())) >
            limits().max_header_fields) {
            return refuse(431);
        }
        for (const auto& field : head) {
            request_.headers.emplace_back(std::string(field.name_string()),
                                          std::string(field.value()));
        }
        const std::string& proxy = server_.options.trusted_proxy;
        if (!proxy.empty() && client_address_ == proxy) {
            request_.client_address =
                forwarded_client(request_.get_header_value("X-Forwarded-For")).value_or(proxy);
        }

        HeadVerdict verdict;
        try {
            verdict = server_.handler->on_head(request_);
        } catch (const std::exception& e) {
            server_.log_error(request_.method, request_.path, e.what());
            return refuse(500);
        }
        if (verdict.refusal) return answer_and_close(std::move(*verdict.refusal));
        lane_ = verdict.lane;
        lane_key_ = std::move(verdict.lane_key);
        const auto length = parser_->content_length();
        if (length && *length > verdict.body_limit) return refuse(413);
        parser_->body_limit(verdict.body_limit);  // chunked bodies count the same
        if (parser_->is_done()) return dispatch();

        state_ = State::reading_body;
        tcp_of(stream_).expires_after(limits().body_timeout);
        if (iequals(request_.get_header_value("Expect"), "100-continue")) {
            continue_.emplace(http::status::continue_, head.version());
            http::async_write(stream_, *continue_,
                              [self = self()](const error_code& write_error, std::size_t) {
                                  if (write_error) return self->close();
                                  self->read_body();
                              });
            return;
        }
        read_body();
    }

    void read_body() {
        if (closed_) return;
        http::async_read(
            stream_, buffer_, *parser_,
            [self = self()](const error_code& error, std::size_t) { self->on_body(error); });
    }

    void on_body(const error_code& error) {
        if (closed_) return;
        if (error) {
            if (error == http::error::body_limit) return refuse(413);
            if (is_parse_error(error)) return refuse(400);
            return close();  // the peer left, or the body timed out
        }
        dispatch();
    }

    /// Hands the complete request to a worker of its lane; its answer comes back to the io
    /// thread.
    void dispatch() {
        request_.body = std::move(parser_->get().body());
        wants_keep_alive_ = parser_->get().keep_alive();
        version_ = parser_->get().version();
        parser_.reset();
        state_ = State::handling;
        tcp_of(stream_).expires_never();
        if (lane_ == Lane::general) return asio::post(server_.workers, handler_task());
        WaitingLane& lane =
            lane_ == Lane::credentials ? server_.credentials : server_.console_sign_ins;
        if (auto refusal = lane.admit(lane_key_)) return on_answer(HttpAnswer{std::move(*refusal)});
        lane.post(handler_task(), lane_key_);
    }

    /// Runs the handler (on a worker thread) and posts its answer back to the io thread.
    auto handler_task() {
        return [self = self()]() mutable {
            HttpAnswer answer;
            try {
                answer = self->server_.handler->handle(self->request_);
            } catch (const std::exception& e) {
                self->server_.log_error(self->request_.method, self->request_.path, e.what());
                answer = HttpAnswer{transport_error(500)};
            }
            auto& io = self->server_.io;
            // The worker gives up its reference: the connection ends on the io thread.
            asio::post(io, [self = std::move(self), answer = std::move(answer)]() mutable {
                self->on_answer(std::move(answer));
            });
        };
    }

    void on_answer(HttpAnswer answer) {
        if (closed_) return;
        if (answer.delay.count() > 0) {
            delay_timer_.expires_after(answer.delay);
            delay_timer_.async_wait(
                [self = self(), answer = std::move(answer)](const error_code& error) mutable {
                    if (error) return self->close();
                    answer.delay = {};
                    self->on_answer(std::move(answer));
                });
            return;
        }
        switch (answer.delivery) {
            case Delivery::drop:
                server_.log_request(request_.method, request_.path, answer.reply.status, started_);
                return close();
            case Delivery::truncate:
                return write(std::move(answer.reply), false, true);
            case Delivery::whole:
                return write(std::move(answer.reply), keep_alive(), false);
        }
    }

    bool keep_alive() const { return wants_keep_alive_ && !server_.stopping; }

    /// Answers a request the transport refuses itself, then closes (the rest of the request,
    /// if any, is not read).
    void refuse(int status) { answer_and_close(transport_error(status)); }

    void answer_and_close(Reply reply) {
        if (parser_) version_ = parser_->get().version() == 10 ? 10 : 11;
        parser_.reset();
        write(std::move(reply), false, false);
    }

    void write(Reply reply, bool keep_alive, bool truncate) {
        state_ = State::writing;
        status_ = reply.status;
        response_.emplace();
        response_->version(version_);
        response_->result(static_cast<unsigned>(reply.status));
        bool typed = false;
        for (const auto& [name, value] : reply.headers) {
            // A header is never where a value from a request ends up unchecked: one with a line
            // break (header injection) or beyond Beast's field size (it throws on the io
            // thread) is left out.
            if (value.size() > kLongestHeaderValue ||
                value.find_first_of("\r\n") != std::string::npos) {
                continue;
            }
            response_->set(name, value);
            typed = typed || iequals(name, "Content-Type");
        }
        if (!reply.body.empty() && !typed)
            response_->set(http::field::content_type, "application/json");
        const std::size_t full_length = reply.body.size();
        response_->body() = std::move(reply.body);
        response_->keep_alive(keep_alive);
        response_->prepare_payload();
        if (request_.method == "HEAD") {
            response_->body().clear();  // the header keeps the GET's Content-Length
        } else if (truncate) {
            response_->body().resize(full_length / 2);
        }
        tcp_of(stream_).expires_after(limits().write_timeout);
        http::async_write(
            stream_, *response_,
            [self = self(), keep_alive, truncate](const error_code& error, std::size_t) {
                self->on_written(error, keep_alive && !truncate);
            });
    }

    void on_written(const error_code& error, bool keep_alive) {
        server_.log_request(request_.method.empty() ? "-" : request_.method,
                            request_.path.empty() ? "-" : request_.path, status_, started_);
        response_.reset();
        if (closed_) return;
        if (error) return close();
        if (keep_alive && !server_.stopping) return read_head();
        linger();
    }

    /// Ends the connection after an answer: our side first, then what the peer still sends
    /// is read and discarded for a moment, so it sees the answer rather than a reset.
    void linger() {
        state_ = State::closing;
        tcp_of(stream_).expires_after(kLingerTime);
        if constexpr (kTls) {
            stream_.async_shutdown([self = self()](const error_code&) { self->close(); });
        } else {
            error_code ignored;
            stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
            discard();
        }
    }

    void discard() {
        stream_.async_read_some(asio::buffer(discard_buffer_),
                                [self = self()](const error_code& error, std::size_t) {
                                    if (error) return self->close();
                                    self->discard();
                                });
    }

    HttpServer::Impl& server_;
    std::uint64_t id_;
    Stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::optional<http::response<http::empty_body>> continue_;
    std::optional<http::response<http::string_body>> response_;
    asio::steady_timer delay_timer_;
    HttpRequest request_;
    std::chrono::steady_clock::time_point started_;
    State state_ = State::reading_head;
    Lane lane_ = Lane::general;
    std::string lane_key_;
    std::string client_address_;
    unsigned version_ = 11;
    bool wants_keep_alive_ = false;
    int status_ = 0;
    bool closed_ = false;
    std::array<char, 4096> discard_buffer_{};
};

}  // namespace

void HttpServer::Impl::accept() {
    if (stopping || accepting) return;
    accepting = true;
    acceptor.async_accept(io, [this](const error_code& error, tcp::socket socket) {
        accepting = false;
        if (stopping) return;
        if (error) {
            if (error == asio::error::operation_aborted) return;
            // Out of descriptors (or a connection reset while queued): retry in a moment.
            accept_retry.expires_after(kAcceptRetry);
            accept_retry.async_wait([this](const error_code& wait_error) {
                if (!wait_error) accept();
            });
            return;
        }
        adopt(std::move(socket));
        if (connections.size() < options.limits.max_connections) accept();
        // else: accepting resumes when a connection ends (forget()).
    });
}

void HttpServer::Impl::adopt(tcp::socket socket) {
    error_code ignored;
    // Small answers otherwise wait for the peer's delayed ACK (Nagle's algorithm).
    socket.set_option(tcp::no_delay(true), ignored);
    const std::uint64_t id = next_id++;
    std::shared_ptr<ConnectionBase> connection;
    if (tls) {
        connection = std::make_shared<Connection<beast::ssl_stream<beast::tcp_stream>>>(
            *this, id, std::move(socket), *tls);
    } else {
        connection = std::make_shared<Connection<beast::tcp_stream>>(*this, id, std::move(socket));
    }
    connections.emplace(id, connection);
    connection->start();
}

HttpServer::HttpServer(HttpServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

HttpServer::~HttpServer() = default;

int HttpServer::port() const {
    return impl_->bound_port;
}

void HttpServer::run(HttpHandler& handler) {
    impl_->run(handler);
}

void HttpServer::stop() {
    impl_->stop();
}

std::size_t raise_open_file_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    return limit.rlim_cur;
}

}  // namespace pt::server
