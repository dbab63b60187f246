// sync-api.md "Limits" against the real plan-server, with raw sockets where a client must
// misbehave: body limits per endpoint class checked from the header (Content-Length and
// chunked), 431 for too many or too large header fields, the admin token checked before a body
// is read, slow headers and bodies cut off, a fleet connecting at once, 1,000 slow connections
// that starve nobody, a burst of PIN logins that queues on workers of its own, and terminal
// endpoints that read no body without a valid terminal token.
// Each case reproduces findings 1 and 2 of issue 13 (the cpp-httplib server failed them all).
#include <doctest/doctest.h>
#include <poll.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/harness.h"
#include "tests/support/raw_http.h"

namespace pt::itest {
namespace {

using namespace std::chrono_literals;
using test::RawConnection;
using test::RawResponse;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMiB = std::size_t{1} << 20;
/// Merle's right PIN (demo plan): each login costs one Argon2id check.
constexpr const char* kPinLogin = R"({"badge":"B-2002","pin":"4711"})";

std::string head(const std::string& method, const std::string& path,
                 const std::string& extra_fields) {
    return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_fields + "\r\n";
}

std::string bearer_field(const std::string& token) {
    return "Authorization: Bearer " + token + "\r\n";
}

bool is_json_error(const RawResponse& response, const std::string& code) {
    const json body = json::parse(response.body, nullptr, false);
    return body.is_object() && body.value("error", "") == code && body.contains("message");
}

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

/// A raw login with `body` from the terminal holding `token`.
std::string login_request(const std::string& token, const std::string& body) {
    return "POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\n" + bearer_field(token) +
           "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

/// True when an answer (or the end) is waiting on the connection right now.
bool readable(const RawConnection& connection) {
    pollfd entry{.fd = connection.fd(), .events = POLLIN, .revents = 0};
    return ::poll(&entry, 1, 0) == 1;
}

/// A fresh connection, one request, the whole answer: how long it took.
double timed_exchange(int port, const std::string& request, int expected_status) {
    const auto start = Clock::now();
    RawConnection connection(port);
    REQUIRE(connection.send(request));
    const RawResponse response = connection.read_response(5s);
    const double elapsed = ms_since(start);
    CHECK_MESSAGE(response.status == expected_status, response.head, "\n", response.body);
    return elapsed;
}

}  // namespace

TEST_CASE("a body over its endpoint's limit is refused 413 from the header, before it is read") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    const int port = test::port_of(h.server().base_url());
    const std::string admin = bearer_field(h.admin_token());
    const std::string terminal = bearer_field(h.enroll("Limits").token);
    h.http().disconnect();
    struct Case {
        std::string method;
        std::string path;
        std::size_t limit;
        std::string fields;
    };
    const std::vector<Case> cases = {
        {"POST", "/api/v1/events", 4 * kMiB, terminal},
        {"POST", "/api/v1/terminals/enroll", 4 * kMiB, ""},
        {"PUT", "/admin/v1/dataset", 256 * kMiB, admin},
        {"PUT", "/admin/v1/documents/D1", 64 * kMiB, admin},
        {"PATCH", "/admin/v1/orders/O1", kMiB, admin},
        {"PUT", "/admin/v1/settings", kMiB, admin},
    };
    for (const Case& c : cases) {
        CAPTURE(c.method);
        CAPTURE(c.path);
        {  // one byte over: 413 with a JSON body, and the connection closes
            RawConnection connection(port);
            REQUIRE(connection.send(
                head(c.method, c.path,
                     c.fields + "Content-Length: " + std::to_string(c.limit + 1) + "\r\n")));
            const RawResponse response = connection.read_response(3s);
            CHECK(response.status == 413);
            CHECK(is_json_error(response, "payload_too_large"));
            CHECK(connection.closed_within(3s));
        }
        {  // exactly the limit: the server asks for the body (100 Continue)
            RawConnection connection(port);
            REQUIRE(connection.send(head(c.method, c.path,
                                         c.fields + "Content-Length: " + std::to_string(c.limit) +
                                             "\r\nExpect: 100-continue\r\n")));
            CHECK(connection.read_response(3s).status == 100);
        }
    }
}

TEST_CASE("a chunked body counts the same: 413 once its chunks pass the limit") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    const int port = test::port_of(h.server().base_url());
    const std::string chunked =
        bearer_field(h.enroll("Chunks").token) + "Transfer-Encoding: chunked\r\n";
    h.http().disconnect();

    {  // a small chunked body is read and reaches the endpoint (no events: no results)
        RawConnection connection(port);
        REQUIRE(connection.send(head("POST", "/api/v1/events", chunked) +
                                "d\r\n{\"events\":[]}\r\n0\r\n\r\n"));
        const RawResponse response = connection.read_response();
        CHECK(response.status == 200);
        CHECK(response.body == R"({"results":[]})");
    }
    {  // four chunks of 1 MiB fill the 4 MiB of /api/; the fifth chunk's size line is too much
        RawConnection connection(port);
        REQUIRE(connection.send(head("POST", "/api/v1/events", chunked)));
        const std::string mib(kMiB, ' ');
        for (int i = 0; i < 4; ++i)
            REQUIRE(connection.send("100000\r\n" + mib + "\r\n"));
        REQUIRE(connection.send("1\r\n"));
        const RawResponse response = connection.read_response(5s);
        CHECK(response.status == 413);
        CHECK(is_json_error(response, "payload_too_large"));
        CHECK(connection.closed_within(3s));
    }
}

TEST_CASE(
    "more than 100 header fields or 16 KiB of header: 431, and 2 million fields cost nothing") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    const int port = test::port_of(h.server().base_url());
    const auto fields = [](int count) {  // besides Host
        std::string text;
        for (int i = 0; i < count; ++i)
            text += "X-Field-" + std::to_string(i) + ": v\r\n";
        return text;
    };
    {
        RawConnection connection(port);
        REQUIRE(connection.send(head("GET", "/healthz", fields(99))));  // 100 fields
        CHECK(connection.read_response().status == 200);
    }
    {
        RawConnection connection(port);
        REQUIRE(connection.send(head("GET", "/healthz", fields(100))));  // 101 fields
        const RawResponse response = connection.read_response();
        CHECK(response.status == 431);
        CHECK(is_json_error(response, "request_header_fields_too_large"));
        CHECK(connection.closed_within(3s));
    }
    {
        RawConnection connection(port);
        REQUIRE(connection.send(
            head("GET", "/healthz", "X-Big: " + std::string(16 * 1024, 'a') + "\r\n")));
        CHECK(connection.read_response().status == 431);
        CHECK(connection.closed_within(3s));
    }
    {  // finding 1: 2 million header fields took the server to 230 MB
        const std::size_t peak_before = test::peak_rss_bytes(h.server().pid());
        RawConnection connection(port);
        std::string block;
        for (int i = 0; i < 10'000; ++i)
            block += "X: y\r\n";
        bool sent = connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < 200 && sent; ++i)
            sent = connection.send(block, 2s);
        CHECK(connection.read_response(3s).status == 431);
        const std::size_t peak_after = test::peak_rss_bytes(h.server().pid());
        CHECK_MESSAGE(peak_after - peak_before < 64 * kMiB, "peak RSS grew by ",
                      (peak_after - peak_before) / kMiB, " MiB");
    }
}

TEST_CASE("a 200 MB dataset without the admin token is refused 401 without being read") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    const int port = test::port_of(h.server().base_url());
    const std::size_t peak_before = test::peak_rss_bytes(h.server().pid());
    REQUIRE(peak_before > 0);

    constexpr std::size_t kBody = 200'000'000;
    RawConnection connection(port);
    REQUIRE(connection.send(
        head("PUT", "/admin/v1/dataset", "Content-Length: " + std::to_string(kBody) + "\r\n")));
    // Push the body as the attacker of finding 1 did; the server stops taking it.
    const std::string block(kMiB, '[');
    std::size_t sent = 0;
    while (sent < kBody && connection.send(block, 3s))
        sent += block.size();
    const RawResponse response = connection.read_response(3s);
    CHECK(response.status == 401);
    CHECK(is_json_error(response, "unauthorized"));

    const std::size_t peak_after = test::peak_rss_bytes(h.server().pid());
    CHECK_MESSAGE(peak_after - peak_before < 64 * kMiB, "peak RSS grew by ",
                  (peak_after - peak_before) / kMiB, " MiB (", sent / kMiB, " MiB sent)");
    // And with the token a real dataset still goes in.
    CHECK(h.admin("GET", "/admin/v1/dataset").status == 200);
}

TEST_CASE("a header or a body that comes too slowly ends the connection (short timeouts)") {
    Harness h(false, {"--header-timeout-ms", "800", "--body-timeout-ms", "800"});
    PT_SERVER_LOG_ON_FAILURE(h);
    const int port = test::port_of(h.server().base_url());

    RawConnection silent(port);
    RawConnection slow_header(port);
    RawConnection slow_body(port);
    REQUIRE(slow_body.send(head("POST", "/api/v1/events", "Content-Length: 100\r\n") + "{\"ev"));
    const std::string header = head("GET", "/healthz", "");
    const auto start = Clock::now();
    bool header_cut = false;
    bool body_cut = false;
    for (std::size_t i = 0; i < header.size() - 1 && ms_since(start) < 3000; ++i) {
        header_cut = header_cut || !slow_header.send(header.substr(i, 1), 1s);
        body_cut = body_cut || !slow_body.send("x", 1s);
        std::this_thread::sleep_for(100ms);
        if (header_cut && body_cut) break;
    }
    CHECK(silent.closed_within(1s));
    CHECK(slow_header.closed_within(1s));
    CHECK(slow_body.closed_within(1s));
    CHECK(ms_since(start) < 3000);

    // A kept-alive connection that answered is idle within the same header timeout.
    RawConnection kept(port);
    REQUIRE(kept.send(head("GET", "/healthz", "")));
    CHECK(kept.read_response().status == 200);
    REQUIRE(kept.send(head("GET", "/healthz", "")));  // keep-alive works
    CHECK(kept.read_response().status == 200);
    CHECK(kept.closed_within(3s));
}

TEST_CASE("a fleet of 200 terminals connecting at once is answered, none reset") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    const int port = test::port_of(h.server().base_url());
    const auto start = Clock::now();
    std::vector<RawConnection> fleet;
    fleet.reserve(200);
    for (int i = 0; i < 200; ++i)
        fleet.emplace_back(port, 2s);  // the whole fleet's handshakes before any request
    for (RawConnection& terminal : fleet)
        REQUIRE(terminal.send(head("GET", "/healthz", "")));
    int answered = 0;
    for (RawConnection& terminal : fleet)
        answered += terminal.read_response(3s).status == 200 ? 1 : 0;
    CHECK(answered == 200);
    CHECK(ms_since(start) < 2000);
}

TEST_CASE("1,000 slow connections starve nobody; the default header timeout is 10 s") {
    test::raise_open_file_limit_for_test();
    Harness h(true);  // the demo plan: badge B-1001 logs in without a PIN
    PT_SERVER_LOG_ON_FAILURE(h);
    const int port = test::port_of(h.server().base_url());
    const Terminal terminal = h.enroll("Slow-loris victim");
    h.http().disconnect();

    const auto opened = Clock::now();
    std::vector<RawConnection> held;
    held.reserve(1000);
    for (int i = 0; i < 1000; ++i)
        held.emplace_back(port);
    const std::string slow_request = head("GET", "/healthz", "X-Slow: 1\r\n");
    const std::string login = login_request(terminal.token, R"({"badge":"B-1001"})");

    std::vector<double> healthz_ms;
    std::vector<double> login_ms;
    std::size_t trickled = 0;
    while (ms_since(opened) < 6500) {
        // Half the held connections send one byte of a header every couple of seconds.
        for (std::size_t i = 0; i < held.size(); i += 2)
            REQUIRE(held[i].send(slow_request.substr(trickled % slow_request.size(), 1), 1s));
        ++trickled;
        for (int i = 0; i < 5; ++i) {
            healthz_ms.push_back(timed_exchange(port, head("GET", "/healthz", ""), 200));
            login_ms.push_back(timed_exchange(port, login, 201));
        }
        std::this_thread::sleep_for(1000ms);
    }
    REQUIRE_FALSE(healthz_ms.empty());
    REQUIRE_FALSE(login_ms.empty());
    std::sort(healthz_ms.begin(), healthz_ms.end());
    std::sort(login_ms.begin(), login_ms.end());
    const auto p90 = [](const std::vector<double>& sorted) {
        return sorted[sorted.size() * 9 / 10];
    };
    MESSAGE("with 1,000 slow connections: /healthz median ", healthz_ms[healthz_ms.size() / 2],
            " ms, p90 ", p90(healthz_ms), " ms, worst ", healthz_ms.back(), " ms; login median ",
            login_ms[login_ms.size() / 2], " ms, worst ", login_ms.back(), " ms");
    // The contract is "within 100 ms"; p90 leaves room for a scheduler hiccup on a shared CI
    // machine, the worst case must still be far below the old server's 12 s.
    CHECK(p90(healthz_ms) < 100);
    CHECK(p90(login_ms) < 100);
    CHECK(healthz_ms.back() < 1000);
    CHECK(login_ms.back() < 1000);

    // None is closed before 10 s (the default header timeout), every one soon after.
    REQUIRE(ms_since(opened) < 9000);
    std::size_t still_open = 0;
    for (RawConnection& connection : held)
        if (!connection.closed_within(0ms)) ++still_open;
    CHECK(still_open == held.size());
    std::this_thread::sleep_until(opened + 12s);
    std::size_t closed = 0;
    for (RawConnection& connection : held)
        if (connection.closed_within(0ms)) ++closed;
    CHECK(closed == held.size());
    CHECK(timed_exchange(port, head("GET", "/healthz", ""), 200) < 1000);
}

TEST_CASE("a burst of PIN logins waits on workers of its own, within bounds") {
    // Each PIN check is an Argon2id hash of ~100 ms. They used to run on the four request
    // workers, two at a time behind a semaphore, so 30 logins held every worker and /healthz
    // waited for nearly all of them (27 of 30). Now they queue on two workers of their own: at
    // most 8 waiting here (--max-waiting-logins), two of them per terminal.
    Harness h(true, {"--max-waiting-logins", "8"});
    PT_SERVER_LOG_ON_FAILURE(h);
    const int port = test::port_of(h.server().base_url());
    std::vector<Terminal> fleet;
    for (int i = 0; i < 15; ++i)
        fleet.push_back(h.enroll("Shift start " + std::to_string(i)));
    const std::string session = h.session(fleet.front(), "B-1001");
    h.http().disconnect();

    std::vector<RawConnection> logins;
    logins.reserve(30);
    for (const Terminal& terminal : fleet) {
        for (int i = 0; i < 2; ++i) {
            logins.emplace_back(port);
            REQUIRE(logins.back().send(login_request(terminal.token, kPinLogin)));
        }
    }
    std::this_thread::sleep_for(20ms);  // the server has read them all
    CHECK(timed_exchange(port, head("GET", "/healthz", ""), 200) < 1000);
    CHECK(timed_exchange(port, head("GET", "/api/v1/plan", bearer_field(session)), 200) < 1000);
    std::vector<bool> answered_before;
    for (const RawConnection& connection : logins)
        answered_before.push_back(readable(connection));  // one pass, before any read
    int logged_in_before = 0;
    int logged_in = 0;
    int busy = 0;
    for (std::size_t i = 0; i < logins.size(); ++i) {
        const RawResponse answer = logins[i].read_response(30s);
        if (answer.status == 201) {
            ++logged_in;
            if (answered_before[i]) ++logged_in_before;
        } else if (answer.status == 503) {
            ++busy;
            CHECK(answer.head.find("Retry-After: 1\r\n") != std::string::npos);
            CHECK(is_json_error(answer, "unavailable"));
        } else {
            CHECK_MESSAGE(false, "a login got ", answer.head);
        }
    }
    MESSAGE(logged_in_before, " of ", logged_in, " logins were answered before /healthz and ",
            "the plan; ", busy, " found the queue full");
    CHECK(logged_in + busy == 30);
    CHECK(logged_in >= 8);  // the 8 waiting, and those the two lane workers had taken
    CHECK(busy >= 10);
    CHECK(logged_in_before <= logged_in / 2);

    // One terminal has two places: a third login waiting from it is its own volume (429).
    std::vector<RawConnection> greedy;
    greedy.reserve(6);
    for (int i = 0; i < 6; ++i) {
        greedy.emplace_back(port);
        REQUIRE(greedy.back().send(login_request(fleet.back().token, kPinLogin)));
    }
    int from_one_logged_in = 0;
    int from_one_refused = 0;
    for (RawConnection& connection : greedy) {
        const RawResponse answer = connection.read_response(30s);
        from_one_logged_in += answer.status == 201 ? 1 : 0;
        if (answer.status == 429) {
            ++from_one_refused;
            CHECK(is_json_error(answer, "rate_limited"));
        }
    }
    CHECK(from_one_logged_in + from_one_refused == 6);
    CHECK(from_one_refused >= 2);
}

TEST_CASE("a terminal endpoint's body is not read without a valid terminal token") {
    // Findings 1 and 2 of issue 13, the terminal side: the token was checked after the body
    // (4 MiB allowed) had been read, and a login without one took a place in the login queue.
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    const int port = test::port_of(h.server().base_url());
    const Terminal terminal = h.enroll("Revoked later");
    for (const char* path : {"/api/v1/sessions", "/api/v1/events", "/api/v1/terminals/health"}) {
        for (const std::string& token : {std::string("not-a-token"), std::string()}) {
            CAPTURE(path);
            RawConnection connection(port);
            // The body is declared and never sent: only an answer from the header can come.
            REQUIRE(connection.send(head("POST", path,
                                         (token.empty() ? std::string() : bearer_field(token)) +
                                             "Content-Type: application/json\r\n"
                                             "Content-Length: 4000000\r\n")));
            const RawResponse answer = connection.read_response(3s);
            CHECK(answer.status == 401);
            CHECK(is_json_error(answer, "unauthorized"));
            CHECK(connection.closed_within(1s));
        }
    }
    // A revoked token is refused the same way, at once; the enrolled one is read as before.
    RawConnection before(port);
    REQUIRE(before.send(head("POST", "/api/v1/terminals/health",
                             bearer_field(terminal.token) +
                                 "Content-Type: application/json\r\nContent-Length: 4000000\r\n")));
    CHECK(before.read_response(500ms).status == 0);  // waiting for the body
    REQUIRE(h.admin("DELETE", "/admin/v1/terminals/" + terminal.id).status == 204);
    RawConnection after(port);
    REQUIRE(after.send(head("POST", "/api/v1/terminals/health",
                            bearer_field(terminal.token) +
                                "Content-Type: application/json\r\nContent-Length: 4000000\r\n")));
    CHECK(after.read_response(3s).status == 401);
}

}  // namespace pt::itest
