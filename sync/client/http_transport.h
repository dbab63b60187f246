// The real Transport: one libcurl easy handle per object, and one object per thread (libcurl
// easy handles must not be shared between threads; the sync engine creates its own, a login
// worker its own). The handle is reused across requests so the connection (and its TLS
// session) stays alive between the engine's cycles.
//
// Safe defaults, each set explicitly because a terminal runs unattended for years:
//   - connect, total and low-speed timeouts (a half-dead network never hangs the sync thread);
//   - CURLOPT_NOSIGNAL (no SIGALRM in a threaded program);
//   - no proxy, whatever the environment says, unless one is configured;
//   - TLS peer and host verification always on, optionally against a given CA file and a pinned
//     public key (`sha256//<base64>`, product.md §6 provisioning);
//   - https, and http:// only to this machine (127.0.0.0/8, ::1, localhost) unless the
//     configuration allows insecure http; no redirects;
//   - a cap on the answer's size after decompression (64 MiB: a small gzip answer must not
//     inflate into gigabytes of body and parsed JSON);
//   - nothing logged: tokens travel only in the Authorization header.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sync/client/transport.h"

namespace pt::client {

/// The default cap on an answer's size after decompression: far above any partner's view,
/// far below what exhausts a terminal's memory once parsed.
inline constexpr std::size_t kDefaultMaxResponseBytes = std::size_t{64} << 20;

struct TransportOptions {
    std::chrono::milliseconds connect_timeout{5000};
    /// The whole exchange; a first pull of a large view on a slow line needs a generous value.
    std::chrono::milliseconds total_timeout{60000};
    /// Abort when fewer than `low_speed_bytes_per_second` flow for `low_speed_time`.
    long low_speed_bytes_per_second = 64;
    std::chrono::seconds low_speed_time{20};
    /// `http://host:port` of a proxy; empty: none (the http_proxy environment is ignored).
    std::string proxy;
    /// PEM file of the CA(s) to trust instead of the system's; empty: the system's store.
    std::filesystem::path ca_file;
    /// `sha256//<base64 of 32 bytes>` (several joined by `;`); empty: no pinning. Without
    /// `ca_file` the pin alone is trusted (the certificate's chain and name are not checked);
    /// with it, chain and pin both are.
    std::string pinned_public_key;
    /// Answers larger than this after decompression fail (kind other) instead of exhausting
    /// memory; a Content-Length above it fails before the body is read.
    std::size_t max_response_bytes = kDefaultMaxResponseBytes;
    /// http:// to hosts other than this machine (development only; the configuration file's
    /// `allow_insecure_http`, never provisioning). false: such requests fail before connecting.
    bool allow_insecure_http = false;
    /// Empty: `partner-terminal/<version>`.
    std::string user_agent;
    /// When set and true, the exchange in progress is abandoned within about a second (kind
    /// other, "cancelled") — how SyncEngine::stop() stays prompt. Must outlive the transport.
    const std::atomic<bool>* cancel = nullptr;
    /// The wall clock against which a Retry-After HTTP-date is turned into a delay.
    std::function<std::chrono::system_clock::time_point()> wall_clock;
};

/// Why `pin` is not a pinned key the transport takes, or nullopt when it is: `sha256//` +
/// base64 of 32 bytes, several joined by `;`. The one rule for the configuration file,
/// provisioning and the transport (validate()). Pure.
[[nodiscard]] std::optional<std::string> pinned_key_problem(std::string_view pin);

/// Why the transport will not send to `url`, or nullopt when it will: not an http(s) URL, or
/// http:// to a host other than this machine (127.0.0.0/8, ::1, `localhost`) while
/// `allow_insecure_http` is false. The one rule for the configuration file, provisioning and
/// HttpTransport::send(). Pure (parses with libcurl's URL parser, as the request will be).
[[nodiscard]] std::optional<std::string> url_problem(std::string_view url,
                                                     bool allow_insecure_http);

/// Why `options` cannot work, or nullopt when they can: a pinned key pinned_key_problem()
/// refuses, a CA file that is missing or unreadable, a non-positive timeout. Pure (reads the
/// file system only for the CA file).
[[nodiscard]] std::optional<std::string> validate(const TransportOptions& options);

/// The TransportErrorKind of a libcurl result code (CURLcode as int, so this header needs no
/// curl.h); tested on its own.
[[nodiscard]] TransportErrorKind classify_curl_code(int curl_code) noexcept;

class HttpTransport final : public Transport {
public:
    /// Creates the easy handle. Throws std::invalid_argument when validate() refuses the
    /// options, std::runtime_error when libcurl cannot initialise.
    explicit HttpTransport(TransportOptions options = {});
    ~HttpTransport() override;

    /// See Transport::send. Any HTTP status is an answer; no retries here (the engine decides).
    /// A URL url_problem() refuses fails (kind other) without connecting.
    [[nodiscard]] HttpResult send(const HttpRequest& request) override;

    /// The options in effect (defaults filled in).
    [[nodiscard]] const TransportOptions& options() const noexcept { return options_; }

private:
    struct Handle;
    TransportOptions options_;
    std::unique_ptr<Handle> handle_;
};

}  // namespace pt::client
