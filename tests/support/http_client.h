// A small blocking HTTP client on one libcurl easy handle, for tests that talk to a real
// server the way any client of the contract would. No retries, no redirects, no proxy.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

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
};

class HttpClient {
public:
    HttpClient();
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    /// Sends one request and waits for the whole answer. Throws std::runtime_error when no
    /// HTTP answer arrives (refused, reset, timed out); any status code is a normal result.
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

private:
    void* curl_;  // CURL*, kept out of the header so tests need not include curl.h
    std::chrono::milliseconds timeout_{30000};
};

}  // namespace pt::test
