// HttpTransport (libcurl) against tiny local sockets: what it sends, what it reads back, and
// how each kind of trouble is classified.
#include <doctest/doctest.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
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

/// `bytes` zero bytes, gzip-compressed (a few tens of KB for tens of MB).
std::string gzip_of_zeros(std::size_t bytes) {
    z_stream z{};
    REQUIRE(deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) ==
            Z_OK);
    const std::string zeros(std::size_t{1} << 20, '\0');
    std::string out;
    char buffer[1 << 16];
    for (std::size_t left = bytes; left > 0;) {
        const std::size_t n = std::min(left, zeros.size());
        left -= n;
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
        z.avail_in = static_cast<uInt>(n);
        const int flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
        do {
            z.next_out = reinterpret_cast<Bytef*>(buffer);
            z.avail_out = sizeof buffer;
            (void)deflate(&z, flush);
            out.append(buffer, sizeof buffer - z.avail_out);
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    return out;
}

/// A line of /proc/self/status in kB (VmRSS, VmHWM).
long status_kb(const std::string& key) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with(key + ":")) return std::stol(line.substr(key.size() + 1));
    }
    FAIL("no ", key, " in /proc/self/status");
    return 0;
}

TEST_CASE("transport: a small gzip answer that inflates past 64 MiB is refused, memory stays") {
    // Issue 13, finding 8: a hostile server's 32 KB gzip answer took the kiosk from 110 MB to
    // 1.41 GB (the cap was 256 MiB after decompression, then parsed as JSON).
    constexpr std::size_t kMiB = std::size_t{1} << 20;
    const std::string bomb = gzip_of_zeros(80 * kMiB);
    REQUIRE(bomb.size() < 200 * 1024);
    LocalServer server(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        "Content-Encoding: gzip\r\nContent-Length: " +
        std::to_string(bomb.size()) + "\r\nConnection: close\r\n\r\n" + bomb);
    HttpTransport transport;
    CHECK(transport.options().max_response_bytes == 64 * kMiB);

    std::ofstream("/proc/self/clear_refs") << "5";  // VmHWM := VmRSS (Linux >= 4.0)
    const long rss_before = status_kb("VmRSS");
    const HttpResult result = transport.send({.url = server.url() + "/api/v1/plan"});
    const long grown_kb = status_kb("VmRSS") - rss_before;
    const long peak_kb = status_kb("VmHWM") - rss_before;
    MESSAGE("RSS grew by ", grown_kb / 1024, " MB, peak ", peak_kb / 1024, " MB over the start");
    const auto* error = std::get_if<TransportError>(&result);
    REQUIRE(error != nullptr);
    CHECK(error->kind == TransportErrorKind::other);
    CHECK(error->message.find("larger than 64 MiB") != std::string::npos);
#ifndef PT_SANITIZED  // ASan's allocator keeps freed memory in quarantine: RSS says nothing there
    CHECK(grown_kb < 32 * 1024);
    // The body is held up to the cap, never beyond it (was: 256 MiB and more).
    CHECK(peak_kb < (64 + 32) * 1024);
#endif
}

TEST_CASE("transport: a Content-Length beyond the cap is refused before the body is read") {
    LocalServer server(
        "HTTP/1.1 200 OK\r\nContent-Length: 73400320\r\nConnection: close\r\n\r\n"
        "{}");
    HttpTransport transport;
    const HttpResult result = transport.send({.url = server.url() + "/"});
    const auto* error = std::get_if<TransportError>(&result);
    REQUIRE(error != nullptr);
    CHECK(error->kind == TransportErrorKind::other);
    CHECK(error->message.find("larger than 64 MiB") != std::string::npos);
}

TEST_CASE("transport: http:// goes to this machine only, unless insecure http is allowed") {
    // Issue 13, finding 8: http:// was accepted for any host. 192.0.2.1 (TEST-NET-1) is never
    // reachable: the refusal must come before any connection attempt.
    HttpTransport transport({.connect_timeout = 2s});
    for (const char* url : {"http://192.0.2.1:9/api/v1/plan", "http://127.0.0.1@192.0.2.1:9/",
                            "http://localhost.example.invalid/"}) {
        const auto started = std::chrono::steady_clock::now();
        const HttpResult result = transport.send({.url = url});
        const auto* error = std::get_if<TransportError>(&result);
        REQUIRE(error != nullptr);
        CHECK_MESSAGE(error->message.find("allow_insecure_http") != std::string::npos,
                      error->message);
        CHECK(std::chrono::steady_clock::now() - started < 1s);
    }
    // Loopback by name and address is fine.
    LocalServer server("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
    for (const std::string host : {"127.0.0.1", "localhost"}) {
        const HttpResult result =
            transport.send({.url = "http://" + host + ":" + std::to_string(server.port()) + "/"});
        CHECK(response_of(result).status == 204);
    }
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
