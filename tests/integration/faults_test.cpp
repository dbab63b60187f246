// plan-server's fault mode (`--faults SPEC`, issue #3 item 6) seen from a real client: each
// fault does what it says to the answer, commits exactly when it says, never touches admin
// endpoints or /healthz, and a client that resends until it gets an answer delivers every event
// exactly once and in order through all of them together.
#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "tests/integration/datasets.h"
#include "tests/integration/harness.h"
#include "tests/integration/world.h"
#include "tests/support/file_contents.h"

namespace pt::itest {
namespace {

// libcurl's codes for the ways an answer can fail to arrive.
constexpr int kCurlPartialFile = 18;  // CURLE_PARTIAL_FILE: body shorter than Content-Length
constexpr int kCurlGotNothing = 52;   // CURLE_GOT_NOTHING: connection closed, no answer

/// standard_dataset() with a terminal and a P1 session set up on a fault-free run, then the
/// same database served by a plan-server with `--faults SPEC --faults-seed 1`.
class FaultyWorld {
public:
    explicit FaultyWorld(const std::string& spec) {
        h.put_dataset(standard_dataset());
        terminal = h.enroll("Faulty kiosk");
        session = h.session(terminal, "B-1001");
        h.http().disconnect();
        REQUIRE(h.server().stop() == 0);
        serve(spec);
    }

    /// (Re)starts the server on the same database with `--faults spec` (empty: no fault mode).
    void serve(const std::string& spec) {
        if (server && server->running()) REQUIRE(server->stop() == 0);
        test::PlanServerOptions options = h.server().options();
        if (!spec.empty()) options.extra_args = {"--faults", spec, "--faults-seed", "1"};
        server.emplace(options);
        server->start();
        http.disconnect();
    }

    ~FaultyWorld() {
        if (!server || !server->running()) return;
        http.disconnect();
        const int status = server->stop();
        CHECK_MESSAGE(status == 0, "plan-server did not exit 0 on SIGTERM\n", log_tail());
    }

    FaultyWorld(const FaultyWorld&) = delete;
    FaultyWorld& operator=(const FaultyWorld&) = delete;

    [[nodiscard]] std::string url(const std::string& path) const {
        return server->base_url() + path;
    }
    [[nodiscard]] std::string log_tail() const { return server->log_tail(); }
    /// The server's stderr (all runs).
    [[nodiscard]] std::string server_stderr() const {
        return test::file_contents(server->options().log_dir / "server.stderr");
    }

    /// POST /api/v1/events; throws test::HttpError when no complete answer arrives.
    [[nodiscard]] HttpResponse post_events(const json& events) {
        return http.post(url("/api/v1/events"), json{{"events", events}}.dump(), terminal.token);
    }

    /// The ids of GET /admin/v1/events, in acceptance order.
    [[nodiscard]] std::vector<std::string> applied_ids() {
        const HttpResponse response = http.get(url("/admin/v1/events"), h.admin_token());
        REQUIRE_MESSAGE(response.status == 200, describe(response));
        const json body = body_json(response);
        std::vector<std::string> ids;
        for (const auto& event : body.at("events"))
            ids.push_back(event.at("id").get<std::string>());
        return ids;
    }

    /// The status of work step `id` in the admin's dataset.
    [[nodiscard]] json work_step(const std::string& id) {
        const HttpResponse response = http.get(url("/admin/v1/dataset"), h.admin_token());
        REQUIRE_MESSAGE(response.status == 200, describe(response));
        const json body = body_json(response);
        for (const auto& step : body.at("work_steps")) {
            if (step.value("id", "") == id) return step;
        }
        FAIL("no work step ", id);
        return {};
    }

    Harness h;  ///< the fault-free first run (stopped); its temp dir holds the database
    Terminal terminal;
    std::string session;  ///< P1 (OP1)
    std::optional<test::PlanServerProcess> server;
    test::HttpClient http;
};

/// The curl error code when `call` throws test::HttpError; 0 when it answers.
template <typename Call>
int curl_error_of(Call&& call, HttpResponse* partial = nullptr) {
    try {
        (void)call();
    } catch (const test::HttpError& error) {
        if (partial != nullptr) *partial = error.partial();
        return error.curl_code();
    }
    return 0;
}

bool contains(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

std::size_t count_of(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
        ++count;
    return count;
}

}  // namespace

TEST_CASE("drop_after: the event is applied but the connection closes without an answer") {
    FaultyWorld w("drop_after=1");
    PT_SERVER_LOG_ON_FAILURE(w);
    const json started = make_event("work_step.started", "OP1", "WA11");
    CHECK(curl_error_of([&] { return w.post_events(json::array({started})); }) == kCurlGotNothing);
    CHECK(contains(w.applied_ids(), started["id"].get<std::string>()));
    CHECK(w.work_step("WA11")["status"] == "in_progress");

    // The resend (here on a run without faults) is recognised: exactly once.
    w.serve("");
    const HttpResponse again = w.post_events(json::array({started}));
    REQUIRE_MESSAGE(again.status == 200, describe(again));
    CHECK(outcome(body_json(again)["results"][0]) == "duplicate");
    CHECK(w.applied_ids().size() == 1);
}

TEST_CASE("drop_before: no answer and nothing applied, on POST and on GET") {
    FaultyWorld w("drop_before=1");
    PT_SERVER_LOG_ON_FAILURE(w);
    const json started = make_event("work_step.started", "OP1", "WA11");
    CHECK(curl_error_of([&] { return w.post_events(json::array({started})); }) == kCurlGotNothing);
    CHECK(w.applied_ids().empty());
    CHECK(w.work_step("WA11")["status"] == "open");
    // A GET without a body takes another way through the server; it is dropped all the same.
    CHECK(curl_error_of([&] { return w.http.get(w.url("/api/v1/plan"), w.session); }) ==
          kCurlGotNothing);

    w.serve("");
    const HttpResponse again = w.post_events(json::array({started}));
    REQUIRE_MESSAGE(again.status == 200, describe(again));
    CHECK(outcome(body_json(again)["results"][0]) == "accepted");
}

TEST_CASE("admin endpoints and /healthz are never faulted") {
    FaultyWorld w("drop_before=0.5,status500=0.5");
    PT_SERVER_LOG_ON_FAILURE(w);
    for (int i = 0; i < 20; ++i) {
        CHECK(w.http.get(w.url("/healthz")).status == 200);
        CHECK(w.http.get(w.url("/admin/v1/events"), w.h.admin_token()).status == 200);
    }
    CHECK(count_of(w.server_stderr(), "fault: ") == 0);
}

TEST_CASE("status500 and status503 answer without applying; 503 carries Retry-After") {
    SUBCASE("500") {
        FaultyWorld w("status500=1");
        PT_SERVER_LOG_ON_FAILURE(w);
        const HttpResponse response =
            w.post_events(json::array({make_event("work_step.started", "OP1", "WA11")}));
        CHECK(response.status == 500);
        CHECK(is_error_body(response));
        CHECK(w.applied_ids().empty());
    }
    SUBCASE("503") {
        FaultyWorld w("status503=1:retry_after=7");
        PT_SERVER_LOG_ON_FAILURE(w);
        const HttpResponse response =
            w.post_events(json::array({make_event("work_step.started", "OP1", "WA11")}));
        CHECK(response.status == 503);
        CHECK(response.headers.count("retry-after") == 1);
        CHECK(response.headers.at("retry-after") == "7");
        CHECK(is_error_body(response));
        CHECK(w.applied_ids().empty());
        CHECK(w.work_step("WA11")["status"] == "open");
    }
}

TEST_CASE("delay: the answer comes late, complete, and the event is applied") {
    FaultyWorld w("delay=1:400ms");
    PT_SERVER_LOG_ON_FAILURE(w);
    const json started = make_event("work_step.started", "OP1", "WA11");
    const HttpResponse response = w.post_events(json::array({started}));
    REQUIRE_MESSAGE(response.status == 200, describe(response));
    CHECK(response.elapsed.count() >= 0.4);
    CHECK(outcome(body_json(response)["results"][0]) == "accepted");
    CHECK(contains(w.applied_ids(), started["id"].get<std::string>()));
}

TEST_CASE("truncate: full Content-Length, part of the body, and the event is applied") {
    FaultyWorld w("truncate=1");
    PT_SERVER_LOG_ON_FAILURE(w);
    const json started = make_event("work_step.started", "OP1", "WA11");
    HttpResponse partial;
    CHECK(curl_error_of([&] { return w.post_events(json::array({started})); }, &partial) ==
          kCurlPartialFile);
    CHECK(partial.status == 200);
    REQUIRE(partial.headers.count("content-length") == 1);
    const std::size_t announced = std::stoul(partial.headers["content-length"]);
    CHECK(partial.body.size() > 0);
    CHECK(partial.body.size() < announced);
    CHECK(body_json(partial).is_discarded());  // half a JSON document
    CHECK(contains(w.applied_ids(), started["id"].get<std::string>()));
    CHECK(w.work_step("WA11")["status"] == "in_progress");
}

TEST_CASE("through every fault at once, resending until answered delivers exactly once") {
    // A minimal exactly-once client: one event per request, the same request again until a
    // complete 200 arrives. Quantity reports add up, so a double count would show in the total.
    FaultyWorld w(
        "drop_before=0.08,drop_after=0.08,delay=0.08:20ms,status500=0.08,"
        "status503=0.08:retry_after=0,truncate=0.08");
    PT_SERVER_LOG_ON_FAILURE(w);
    w.http.set_timeout(std::chrono::milliseconds(10000));

    std::vector<json> events = {make_event("work_step.started", "OP1", "WA11")};
    constexpr int kQuantityReports = 150;
    for (int i = 0; i < kQuantityReports; ++i) {
        events.push_back(
            make_event("work_step.quantity", "OP1", "WA11", {{"good", 1}, {"scrap", 0}}));
    }

    int attempts = 0;
    int duplicates = 0;
    for (const json& event : events) {
        for (int attempt = 0;; ++attempt) {
            REQUIRE_MESSAGE(attempt < 50, "no answer after 50 attempts");
            ++attempts;
            std::optional<HttpResponse> response;
            try {
                response = w.post_events(json::array({event}));
            } catch (const test::HttpError&) {
                continue;  // dropped or cut short: the outcome is unknown, send it again
            }
            if (response->status == 500 || response->status == 503) continue;
            REQUIRE_MESSAGE(response->status == 200, describe(*response));
            const std::string result = outcome(body_json(*response)["results"][0]);
            REQUIRE_MESSAGE((result == "accepted" || result == "duplicate"), result);
            if (result == "duplicate") ++duplicates;
            break;
        }
    }

    std::vector<std::string> sent;
    for (const json& event : events)
        sent.push_back(event["id"].get<std::string>());
    CHECK(w.applied_ids() == sent);  // each once, in order
    CHECK(w.work_step("WA11")["quantity_good"] == kQuantityReports);
    INFO(events.size(), " events in ", attempts, " requests, ", duplicates, " duplicates");
    CHECK(duplicates > 0);  // some answers were lost after the commit
    CHECK(attempts > static_cast<int>(events.size()) + duplicates);  // some never applied

    // Every kind of fault happened, each logged on one line without any token.
    const std::string log = w.server_stderr();
    for (const char* fault :
         {"drop_before", "drop_after", "delay", "status500", "status503", "truncate"}) {
        INFO(fault);
        CHECK(count_of(log, std::string("fault: ") + fault + " on POST /api/v1/events") > 0);
    }
    CHECK(count_of(log, w.terminal.token) == 0);
    CHECK(count_of(log, w.h.admin_token()) == 0);
}

TEST_CASE("a bad --faults SPEC stops plan-server with a message naming the item") {
    Harness h;
    h.http().disconnect();
    REQUIRE(h.server().stop() == 0);
    test::PlanServerOptions options = h.server().options();
    options.extra_args = {"--faults", "drop_after=0.1,explode=0.2"};
    test::PlanServerProcess bad(options);
    std::string error;
    try {
        bad.start();
    } catch (const std::runtime_error& e) {
        error = e.what();
    }
    CHECK(error.find("exited with status 2") != std::string::npos);
    CHECK(error.find("'explode=0.2'") != std::string::npos);
}

}  // namespace pt::itest
