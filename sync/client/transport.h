// One HTTP exchange as the sync client sees it, and the seam behind which it happens. The real
// implementation is HttpTransport (libcurl, http_transport.h); tests put decorators in front of
// it (drop an answer after the server committed, count what was sent) to reach states a real
// network reaches only by bad luck. No libcurl type appears here.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace pt::client {

enum class HttpMethod : std::uint8_t { get, post, put, patch, del };

/// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
[[nodiscard]] std::string_view name_of(HttpMethod method);

struct HttpRequest {
    HttpMethod method = HttpMethod::get;
    std::string url;                  ///< absolute: `https://plan.example.com/api/v1/plan?…`
    std::optional<std::string> body;  ///< sent as application/json when set
    std::string bearer;               ///< `Authorization: Bearer …` when not empty; never logged
};

struct HttpResponse {
    long status = 0;
    std::string body;
    /// Header names lower-cased; for a repeated header the last value counts.
    std::map<std::string, std::string> headers;
    /// The Retry-After header as a delay from when the answer arrived (nullopt: absent or
    /// malformed).
    std::optional<std::chrono::seconds> retry_after;
};

/// Why no HTTP answer arrived. The kinds are what the caller can act on: a technician checks
/// the network for connect_failed and timeout, the certificate set-up for tls and
/// pinned_key_mismatch.
enum class TransportErrorKind : std::uint8_t {
    connect_failed,       ///< name not resolved, connection refused, no route
    timeout,              ///< connect, total or low-speed limit reached
    tls,                  ///< handshake failed, certificate not trusted or for another name
    pinned_key_mismatch,  ///< the server's public key is not the pinned one
    other,                ///< connection lost mid-way, answer too large, cancelled, …
};

/// `connect_failed`, `timeout`, `tls`, `pinned_key_mismatch` or `other`.
[[nodiscard]] std::string_view name_of(TransportErrorKind kind);

struct TransportError {
    TransportErrorKind kind = TransportErrorKind::other;
    std::string message;  ///< libcurl's message (never contains the request's token)
};

/// Either an HTTP answer (any status) or the reason there was none.
using HttpResult = std::variant<HttpResponse, TransportError>;

/// Sends requests one at a time. Implementations are not thread-safe: one object per thread.
class Transport {
public:
    Transport() = default;
    virtual ~Transport() = default;
    Transport(const Transport&) = delete;
    Transport& operator=(const Transport&) = delete;
    Transport(Transport&&) = delete;
    Transport& operator=(Transport&&) = delete;

    /// Sends one request and waits for the whole answer; never throws for network trouble
    /// (that is a TransportError), only std::bad_alloc.
    [[nodiscard]] virtual HttpResult send(const HttpRequest& request) = 0;
};

}  // namespace pt::client
