// A small blocking HTTP client on one libcurl easy handle, for tests that talk to a real
// server the way any client of the contract would. No retries, no redirects, no proxy.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pt::test {

/// One answer: status, body, headers (names lower-cased) and how long the exchange took.
struct HttpResponse {
    long status = 0;
    std::string body;
    std::map<std::string, std::string> headers;
    std::chrono::duration<double> elapsed{0};
};

/// One request. An empty `bearer` sends no Authorization header; `std::nullopt` as body sends
/// none (and no Content-Type).
struct HttpRequest {
    std::string method = "GET";
    std::string url;
    std::optional<std::string> body;
    std::string bearer;
    std::string content_type = "application/json";
    /// More header fields, as sent (`Cookie`, `X-CSRF-Token`).
    std::vector<std::pair<std::string, std::string>> headers;
    /// The local address to connect from ("127.0.0.2": another client on loopback); empty: any.
    std::string source_address;
};

/// No (complete) HTTP answer: libcurl's error code and what had arrived (status, headers and
/// body so far — a cut-short body shows here).
class HttpError : public std::runtime_error {
public:
    HttpError(const std::string& message, int curl_code, HttpResponse partial)
        : std::runtime_error(message), curl_code_(curl_code), partial_(std::move(partial)) {}
    /// The CURLcode (e.g. 18 partial file, 52 empty reply, 60 untrusted certificate).
    [[nodiscard]] int curl_code() const { return curl_code_; }
    [[nodiscard]] const HttpResponse& partial() const { return partial_; }

private:
    int curl_code_;
    HttpResponse partial_;
};

/// How HTTPS is checked. Default: libcurl's (peer and host verified against the system CAs).
struct TlsOptions {
    std::string ca_file;     ///< CURLOPT_CAINFO when not empty
    std::string pinned_key;  ///< CURLOPT_PINNEDPUBLICKEY (`sha256//BASE64`) when not empty
    bool verify = true;      ///< false: neither peer nor host name is verified (pin still is)
};

class HttpClient {
public:
    HttpClient();
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    /// Sends one request and waits for the whole answer. Throws HttpError (a
    /// std::runtime_error) when no complete HTTP answer arrives (refused, reset, timed out,
    /// TLS refused, body cut short); any status code is a normal result.
    [[nodiscard]] HttpResponse send(const HttpRequest& request);

    [[nodiscard]] HttpResponse get(const std::string& url, const std::string& bearer = {});
    [[nodiscard]] HttpResponse post(const std::string& url, std::string body,
                                    const std::string& bearer = {});
    [[nodiscard]] HttpResponse put(const std::string& url, std::string body,
                                   const std::string& bearer = {});
    [[nodiscard]] HttpResponse patch(const std::string& url, std::string body,
                                     const std::string& bearer = {});

    /// Closes kept-alive connections (the next request opens a new one).
    void disconnect();

    /// `text` percent-encoded for use in a query string.
    [[nodiscard]] std::string escape(std::string_view text);

    /// Total time limit of one exchange (default 30 s: some answers are slowed down on purpose).
    void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }
    /// How later HTTPS requests check the server.
    void set_tls(TlsOptions tls) { tls_ = std::move(tls); }

private:
    void* curl_;  // CURL*, kept out of the header so tests need not include curl.h
    std::chrono::milliseconds timeout_{30000};
    TlsOptions tls_;
};

}  // namespace pt::test
