// Classification of answers (api_result.h), libcurl codes and transport options
// (http_transport.h), and the typed calls of SyncApiClient against a scripted transport.
#include <curl/curl.h>
#include <doctest/doctest.h>

#include <fstream>

#include "sync/client/api_result.h"
#include "sync/client/http_transport.h"
#include "sync/client/sync_api_client.h"
#include "tests/client/fake_transport.h"
#include "tests/support/temp_dir.h"

namespace pt::client {
namespace {

using std::chrono::seconds;
using testing::answer;
using testing::FakeTransport;

ApiStatus status_for(long http_status) {
    const auto error = classify(HttpResult(answer(http_status)));
    return error ? error->status : ApiStatus::success;
}

TEST_CASE("classification of HTTP statuses") {
    CHECK(status_for(200) == ApiStatus::success);
    CHECK(status_for(201) == ApiStatus::success);
    CHECK(status_for(204) == ApiStatus::success);
    CHECK(status_for(401) == ApiStatus::unauthorized);
    CHECK(status_for(400) == ApiStatus::rejected_input);
    CHECK(status_for(413) == ApiStatus::rejected_input);
    CHECK(status_for(422) == ApiStatus::rejected_input);
    CHECK(status_for(429) == ApiStatus::server_busy);
    CHECK(status_for(503) == ApiStatus::server_busy);
    CHECK(status_for(500) == ApiStatus::server_error);
    CHECK(status_for(502) == ApiStatus::server_error);
    CHECK(status_for(504) == ApiStatus::server_error);
    CHECK(status_for(404) == ApiStatus::server_error);
    CHECK(status_for(408) == ApiStatus::server_error);
    CHECK(status_for(302) == ApiStatus::server_error);
}

TEST_CASE("which failures are transient, and which allow an offline login") {
    CHECK_FALSE(is_transient(ApiStatus::success));
    CHECK_FALSE(is_transient(ApiStatus::unauthorized));
    CHECK_FALSE(is_transient(ApiStatus::rejected_input));
    CHECK(is_transient(ApiStatus::server_busy));
    CHECK(is_transient(ApiStatus::server_error));
    CHECK(is_transient(ApiStatus::transport_error));
    CHECK(is_transient(ApiStatus::bad_response));

    CHECK_FALSE(is_unreachable(ApiStatus::unauthorized));  // a 401 never falls back
    CHECK_FALSE(is_unreachable(ApiStatus::rejected_input));
    CHECK_FALSE(is_unreachable(ApiStatus::bad_response));
    CHECK(is_unreachable(ApiStatus::server_busy));
    CHECK(is_unreachable(ApiStatus::server_error));
    CHECK(is_unreachable(ApiStatus::transport_error));
}

TEST_CASE("classification keeps Retry-After, the error body and the transport kind") {
    const auto busy = classify(
        HttpResult(answer(503, R"({"error": "busy", "message": "try later"})", seconds(30))));
    REQUIRE(busy);
    CHECK(busy->status == ApiStatus::server_busy);
    CHECK(busy->http_status == 503);
    CHECK(busy->retry_after == seconds(30));
    CHECK(busy->code == "busy");
    CHECK(busy->message == "try later");
    CHECK(describe(*busy) == "server_busy (HTTP 503, retry after 30 s) busy: try later");

    const auto proxy = classify(HttpResult(answer(502, "<html>Bad Gateway</html>")));
    REQUIRE(proxy);
    CHECK(proxy->code.empty());
    CHECK(proxy->message == "<html>Bad Gateway</html>");

    const auto lost = classify(HttpResult(
        TransportError{TransportErrorKind::timeout, "Operation timed out after 5000 ms"}));
    REQUIRE(lost);
    CHECK(lost->status == ApiStatus::transport_error);
    CHECK(lost->transport == TransportErrorKind::timeout);
    CHECK(lost->http_status == 0);
    CHECK(describe(*lost) == "transport_error (timeout): Operation timed out after 5000 ms");
}

TEST_CASE("libcurl result codes map onto what a technician can act on") {
    CHECK(classify_curl_code(CURLE_COULDNT_CONNECT) == TransportErrorKind::connect_failed);
    CHECK(classify_curl_code(CURLE_COULDNT_RESOLVE_HOST) == TransportErrorKind::connect_failed);
    CHECK(classify_curl_code(CURLE_OPERATION_TIMEDOUT) == TransportErrorKind::timeout);
    CHECK(classify_curl_code(CURLE_PEER_FAILED_VERIFICATION) == TransportErrorKind::tls);
    CHECK(classify_curl_code(CURLE_SSL_CONNECT_ERROR) == TransportErrorKind::tls);
    CHECK(classify_curl_code(CURLE_SSL_CACERT_BADFILE) == TransportErrorKind::tls);
    CHECK(classify_curl_code(CURLE_SSL_PINNEDPUBKEYNOTMATCH) ==
          TransportErrorKind::pinned_key_mismatch);
    CHECK(classify_curl_code(CURLE_GOT_NOTHING) == TransportErrorKind::other);
    CHECK(classify_curl_code(CURLE_RECV_ERROR) == TransportErrorKind::other);
    CHECK(classify_curl_code(CURLE_ABORTED_BY_CALLBACK) == TransportErrorKind::other);
}

TEST_CASE("transport options: pinned key form, CA file, timeouts") {
    const std::string pin = "sha256//" + std::string(43, 'A') + "=";
    CHECK_FALSE(validate(TransportOptions{}).has_value());
    CHECK_FALSE(validate(TransportOptions{.pinned_public_key = pin}).has_value());
    CHECK_FALSE(validate(TransportOptions{.pinned_public_key = pin + ";" + pin}).has_value());
    for (const std::string& bad : std::vector<std::string>{
             "AAAA", "sha1//" + std::string(27, 'A') + "=", "sha256//",
             "sha256//" + std::string(44, 'A'), "sha256//" + std::string(42, 'A') + "==",
             "sha256//" + std::string(43, '*') + "=", pin + ";", "/etc/ssl/key.pem"}) {
        CAPTURE(bad);
        CHECK(validate(TransportOptions{.pinned_public_key = bad}).has_value());
        CHECK_THROWS_AS(HttpTransport(TransportOptions{.pinned_public_key = bad}),
                        std::invalid_argument);
    }

    test::TempDir dir("pt-client-");
    CHECK(validate(TransportOptions{.ca_file = dir / "missing.pem"}).has_value());
    CHECK(validate(TransportOptions{.ca_file = dir.path()}).has_value());  // a directory
    std::ofstream(dir / "ca.pem") << "-----BEGIN CERTIFICATE-----\n";
    CHECK_FALSE(validate(TransportOptions{.ca_file = dir / "ca.pem"}).has_value());

    CHECK(validate(TransportOptions{.connect_timeout = std::chrono::milliseconds(0)}).has_value());
    CHECK(validate(TransportOptions{.total_timeout = std::chrono::milliseconds(-1)}).has_value());
    CHECK(validate(TransportOptions{.max_response_bytes = 0}).has_value());
}

TEST_CASE("push answers must line up with the events sent") {
    std::vector<plan::Event> events(3);
    events[0].id = "a";
    events[1].id = "b";
    events[2].id = "c";
    using R = protocol::EventResult;
    CHECK_FALSE(check_push_results(events, {R{"a"}, R{"b"}, R{"c"}}).has_value());
    CHECK(check_push_results(events, {R{"a"}, R{"b"}}).has_value());
    CHECK(check_push_results(events, {R{"a"}, R{"c"}, R{"b"}}).has_value());
    CHECK(check_push_results(events, {R{"a"}, R{"b"}, R{"c"}, R{"d"}}).has_value());
}

TEST_CASE("percent encoding for the cursor") {
    CHECK(percent_encode("abc-DEF_1.2~") == "abc-DEF_1.2~");
    CHECK(percent_encode("a b&c=d/e+f%") == "a%20b%26c%3Dd%2Fe%2Bf%25");
    CHECK(percent_encode("\xc3\xa4") == "%C3%A4");
}

// ---- SyncApiClient against a scripted transport ------------------------------------------

constexpr const char* kLoginAnswer = R"({
  "token": "session-1", "expires_at": "2026-11-23T18:00:00Z",
  "operator": {"id": "OP1", "name": "Ana"},
  "partner": {"id": "P1", "name": "Coating", "modules": ["workbench"],
              "allow_process_feedback": false},
  "columns": {"work_steps": ["operation"], "processes": []},
  "reasons": {"pause": [], "scrap": []}})";

plan::Event event_with_id(std::string id) {
    plan::Event event;
    event.id = std::move(id);
    event.operator_id = "OP1";
    event.target_id = "W1";
    event.occurred_at = plan::Timestamp(seconds(1'795'000'000));
    return event;
}

TEST_CASE("API client: requests carry the contract's method, path, token and body") {
    FakeTransport transport([](const HttpRequest& request) -> HttpResult {
        if (request.url.ends_with("/terminals/enroll")) {
            return answer(201, R"({"terminal_id": "T1", "token": "terminal-token"})");
        }
        if (request.url.ends_with("/sessions")) return answer(201, kLoginAnswer);
        if (request.url.find("/plan") != std::string::npos) {
            return answer(200, R"({"cursor": "c2", "reset": true, "orders": [], "resources": [],
                                   "work_steps": [], "processes": [], "removed": {"orders": [],
                                   "work_steps": [], "processes": [], "resources": []}})");
        }
        return answer(200, R"({"results": [{"id": "e1", "status": "accepted"},
                                           {"id": "e2", "status": "rejected",
                                            "reason": "not_visible"}]})");
    });
    SyncApiClient api(transport, "http://server:8080/");
    CHECK(api.base_url() == "http://server:8080");

    const auto enrolled = api.enroll({.code = "CODE", .name = "Kiosk 1"});
    REQUIRE(enrolled.ok());
    CHECK(enrolled.value().token == "terminal-token");

    const auto login = api.login("terminal-token", {.badge = "B-1", .pin = "1234"});
    REQUIRE(login.ok());
    CHECK(login.value().partner_id == "P1");

    const auto pulled = api.pull("session-1", std::string("c 1/+"));
    REQUIRE(pulled.ok());
    CHECK(pulled.value().cursor == "c2");
    CHECK(pulled.value().reset);

    const auto pushed = api.push("terminal-token", {event_with_id("e1"), event_with_id("e2")});
    REQUIRE(pushed.ok());
    REQUIRE(pushed.value().size() == 2);
    CHECK(pushed.value()[1].status == protocol::ResultStatus::rejected);
    CHECK(pushed.value()[1].reason == "not_visible");

    const auto requests = transport.requests();
    REQUIRE(requests.size() == 4);
    CHECK(requests[0].method == HttpMethod::post);
    CHECK(requests[0].url == "http://server:8080/api/v1/terminals/enroll");
    CHECK(requests[0].bearer.empty());
    CHECK(protocol::decode_enroll_request(*requests[0].body).code == "CODE");
    CHECK(requests[1].url == "http://server:8080/api/v1/sessions");
    CHECK(requests[1].bearer == "terminal-token");
    CHECK(protocol::decode_login_request(*requests[1].body).pin == "1234");
    CHECK(requests[2].method == HttpMethod::get);
    CHECK(requests[2].url == "http://server:8080/api/v1/plan?cursor=c%201%2F%2B");
    CHECK(requests[2].bearer == "session-1");
    CHECK_FALSE(requests[2].body.has_value());
    CHECK(requests[3].url == "http://server:8080/api/v1/events");
    CHECK(requests[3].bearer == "terminal-token");
    CHECK(protocol::decode_events_request(*requests[3].body).size() == 2);
}

TEST_CASE("API client: answers that break the contract are bad_response") {
    FakeTransport transport;
    SyncApiClient api(transport, "http://server");

    transport.set_handler([](const HttpRequest&) -> HttpResult { return answer(200, "not json"); });
    CHECK(api.pull("s", std::nullopt).status() == ApiStatus::bad_response);

    // One result too few, or results in another order: nothing may be recorded.
    transport.set_handler([](const HttpRequest&) -> HttpResult {
        return answer(200, R"({"results": [{"id": "e2", "status": "accepted"},
                                           {"id": "e1", "status": "accepted"}]})");
    });
    const auto swapped = api.push("t", {event_with_id("e1"), event_with_id("e2")});
    CHECK(swapped.status() == ApiStatus::bad_response);
    CHECK(swapped.error().http_status == 200);
    transport.set_handler([](const HttpRequest&) -> HttpResult {
        return answer(200, R"({"results": [{"id": "e1", "status": "accepted"}]})");
    });
    CHECK(api.push("t", {event_with_id("e1"), event_with_id("e2")}).status() ==
          ApiStatus::bad_response);

    transport.set_handler([](const HttpRequest&) -> HttpResult {
        return answer(201, R"({"terminal_id": "", "token": ""})");
    });
    CHECK(api.enroll({.code = "x", .name = "y"}).status() == ApiStatus::bad_response);
}

TEST_CASE("API client: failures are classified, with Retry-After") {
    FakeTransport transport;
    SyncApiClient api(transport, "http://server");
    transport.set_handler([](const HttpRequest&) -> HttpResult {
        return answer(401, R"({"error": "unauthorized", "message": "no"})");
    });
    CHECK(api.login("t", {.badge = "b"}).status() == ApiStatus::unauthorized);
    transport.set_handler([](const HttpRequest&) -> HttpResult {
        return answer(400, R"({"error": "malformed", "message": "events missing"})");
    });
    CHECK(api.push("t", {event_with_id("e1")}).status() == ApiStatus::rejected_input);
    transport.set_handler(
        [](const HttpRequest&) -> HttpResult { return answer(429, "", seconds(12)); });
    const auto busy = api.pull("s", std::nullopt);
    CHECK(busy.status() == ApiStatus::server_busy);
    CHECK(busy.error().retry_after == seconds(12));
    transport.set_handler([](const HttpRequest&) -> HttpResult {
        return TransportError{TransportErrorKind::connect_failed, "Connection refused"};
    });
    const auto down = api.push("t", {event_with_id("e1")});
    CHECK(down.status() == ApiStatus::transport_error);
    CHECK(down.error().transport == TransportErrorKind::connect_failed);
}

TEST_CASE("API client: a push needs 1 to 1000 events") {
    FakeTransport transport;
    SyncApiClient api(transport, "http://server");
    CHECK_THROWS_AS((void)api.push("t", {}), std::invalid_argument);
    std::vector<plan::Event> too_many(protocol::kMaxEventsPerRequest + 1, event_with_id("e"));
    CHECK_THROWS_AS((void)api.push("t", too_many), std::invalid_argument);
    CHECK(transport.requests().empty());
}

}  // namespace
}  // namespace pt::client
