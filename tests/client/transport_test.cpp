// HttpTransport (libcurl) against tiny local sockets: what it sends, what it reads back, and
// how each kind of trouble is classified.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "sync/client/http_transport.h"
#include "tests/client/local_server.h"

namespace pt::client {
namespace {

using namespace std::chrono_literals;
using testing::LocalServer;

const HttpResponse& response_of(const HttpResult& result) {
    if (const auto* error = std::get_if<TransportError>(&result)) {
        FAIL("no answer: ", name_of(error->kind), ": ", error->message);
    }
    return std::get<HttpResponse>(result);
}

TEST_CASE("transport: sends method, path, token and body; reads status, headers, body") {
    LocalServer server(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
        "RETRY-AFTER: 7\r\nX-Thing:  spaced  \r\nContent-Length: 11\r\nConnection: close\r\n\r\n"
        "{\"a\": true}");
    HttpTransport transport;
    const HttpResult result = transport.send({.method = HttpMethod::post,
                                              .url = server.url() + "/api/v1/events",
                                              .body = std::string(R"({"events": []})"),
                                              .bearer = "secret-token"});
    const HttpResponse& response = response_of(result);
    CHECK(response.status == 503);
    CHECK(response.body == "{\"a\": true}");
    CHECK(response.headers.at("retry-after") == "7");
    CHECK(response.headers.at("x-thing") == "spaced");
    CHECK(response.retry_after == 7s);

    const auto requests = server.requests();
    REQUIRE(requests.size() == 1);
    const std::string& request = requests[0];
    CHECK(request.starts_with("POST /api/v1/events HTTP/1.1\r\n"));
    CHECK(request.find("Authorization: Bearer secret-token\r\n") != std::string::npos);
    CHECK(request.find("Content-Type: application/json\r\n") != std::string::npos);
    CHECK(request.find("User-Agent: partner-terminal/") != std::string::npos);
    CHECK(request.ends_with("\r\n\r\n{\"events\": []}"));
}

TEST_CASE("transport: a Retry-After date is read against the configured wall clock") {
    LocalServer server(
        "HTTP/1.1 429 Too Many Requests\r\nRetry-After: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
        "Content-Length: 0\r\nConnection: close\r\n\r\n");
    const auto date = std::chrono::sys_days{std::chrono::year{1994} / 11 / 6} + 8h + 49min + 37s;
    HttpTransport transport({.wall_clock = [date] { return date - 42s; }});
    const HttpResult result = transport.send({.url = server.url() + "/"});
    CHECK(response_of(result).retry_after == 42s);
}

TEST_CASE("transport: nobody listening is connect_failed") {
    HttpTransport transport;
    const HttpResult result = transport.send(
        {.url = "http://127.0.0.1:" + std::to_string(LocalServer::unused_port()) + "/"});
    const auto* error = std::get_if<TransportError>(&result);
    REQUIRE(error != nullptr);
    CHECK(error->kind == TransportErrorKind::connect_failed);
    CHECK_FALSE(error->message.empty());
}

TEST_CASE("transport: a server that never answers hits the total timeout") {
    LocalServer server("", LocalServer::Mode::silent);
    HttpTransport transport({.total_timeout = 300ms});
    const auto started = std::chrono::steady_clock::now();
    const HttpResult result = transport.send({.url = server.url() + "/"});
    const auto* error = std::get_if<TransportError>(&result);
    REQUIRE(error != nullptr);
    CHECK(error->kind == TransportErrorKind::timeout);
    CHECK(std::chrono::steady_clock::now() - started < 5s);
}

TEST_CASE("transport: the cancel flag abandons a request in flight") {
    LocalServer server("", LocalServer::Mode::silent);
    std::atomic<bool> cancel{false};
    HttpTransport transport({.total_timeout = 30s, .cancel = &cancel});
    std::thread canceller([&cancel] {
        std::this_thread::sleep_for(100ms);
        cancel = true;
    });
    const auto started = std::chrono::steady_clock::now();
    const HttpResult result = transport.send({.url = server.url() + "/"});
    canceller.join();
    const auto* error = std::get_if<TransportError>(&result);
    REQUIRE(error != nullptr);
    CHECK(error->kind == TransportErrorKind::other);
    CHECK(error->message == "cancelled");
    CHECK(std::chrono::steady_clock::now() - started < 5s);
}

TEST_CASE("transport: TLS to something that is not TLS is a tls error") {
    LocalServer server("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", LocalServer::Mode::greet);
    HttpTransport transport({.total_timeout = 5s});
    const HttpResult result =
        transport.send({.url = "https://127.0.0.1:" + std::to_string(server.port()) + "/"});
    const auto* error = std::get_if<TransportError>(&result);
    REQUIRE(error != nullptr);
    CHECK(error->kind == TransportErrorKind::tls);
}

TEST_CASE("transport: an answer larger than the limit fails instead of filling memory") {
    LocalServer server("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n" +
                       std::string(100, 'x'));
    HttpTransport transport({.max_response_bytes = 10});
    const HttpResult result = transport.send({.url = server.url() + "/"});
    const auto* error = std::get_if<TransportError>(&result);
    REQUIRE(error != nullptr);
    CHECK(error->kind == TransportErrorKind::other);
    CHECK(error->message.find("larger than 10 bytes") != std::string::npos);
}

TEST_CASE("transport: proxy settings from the environment are ignored") {
    LocalServer server("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
    const std::string dead_proxy = "http://127.0.0.1:" + std::to_string(LocalServer::unused_port());
    ::setenv("http_proxy", dead_proxy.c_str(), 1);
    ::setenv("ALL_PROXY", dead_proxy.c_str(), 1);
    HttpTransport transport;
    const HttpResult result = transport.send({.url = server.url() + "/"});
    ::unsetenv("http_proxy");
    ::unsetenv("ALL_PROXY");
    CHECK(response_of(result).status == 204);
}

TEST_CASE("transport: one handle serves many requests (connection reuse)") {
    LocalServer server("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
    HttpTransport transport;
    for (int i = 0; i < 5; ++i) {
        const HttpResult result = transport.send({.url = server.url() + "/x"});
        CHECK(response_of(result).body == "ok");
    }
    CHECK(server.requests().size() == 5);
}

}  // namespace
}  // namespace pt::client
