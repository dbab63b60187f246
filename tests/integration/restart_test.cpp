// Persistence across restarts (SIGTERM → exit 0, and SIGKILL) on the same database, and the
// --demo smoke test (sync-api.md "plan-server command line", product.md §5).
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "sync/server/demo_plan.h"
#include "tests/integration/world.h"

namespace pt::itest {

TEST_CASE("after SIGTERM and a restart on the same database everything is still there") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    w.h.patch("orders", "OA", {{"external_inheritance", "full"}});
    const json started = make_event("work_step.started", "OP1", "WA11");
    const json rejected = make_event("work_step.started", "OP1", "WB1");
    CHECK(outcome(w.post_one(started)) == "accepted");
    CHECK(outcome(w.post_one(rejected)) == "rejected not_visible");
    const json first = w.pull("P1");
    const std::string cursor = first["cursor"].get<std::string>();
    const std::string used_code = w.h.new_enrollment_code();
    (void)w.h.send("POST", "/api/v1/terminals/enroll",
                   json{{"code", used_code}, {"name", "Used"}}.dump(), {});
    const std::string unused_code = w.h.new_enrollment_code();
    const json dataset_before = normalized_dataset(w.h.get_dataset());
    const json events_before = w.h.admin_events();

    const int status = w.h.server().stop();
    CHECK_MESSAGE(status == 0, "SIGTERM must end plan-server with exit 0, got ", status);
    w.h.server().start();

    CHECK(normalized_dataset(w.h.get_dataset()) == dataset_before);
    CHECK(w.h.admin_events() == events_before);
    // The old session still works and its cursor still converges, also after new changes.
    w.h.patch("work_steps", "WA1", {{"status", "paused"}});
    PlanView view = PlanView::of(first);
    const json delta = w.pull("P1", cursor);
    view.apply(delta);
    const PlanView fresh = w.view("P1");
    CHECK_MESSAGE(view == fresh, view.diff(fresh));
    // The old terminal token still works, for logins and events; duplicates are still known.
    (void)w.h.login(w.terminal, "B-1002", "4711");
    CHECK(outcome(w.post_one(started)) == "duplicate");
    CHECK(outcome(w.post_one(rejected)) == "duplicate");
    CHECK(outcome(w.post_one(make_event("work_step.paused", "OP1", "WA11", {{"reason", "MAT"}}))) ==
          "accepted");
    // Enrolment codes: the used one stays used, the unused one still works.
    const auto enroll = [&](const std::string& code) {
        return w.h.send("POST", "/api/v1/terminals/enroll",
                        json{{"code", code}, {"name", "After restart"}}.dump(), {});
    };
    CHECK(enroll(used_code).status == 401);
    CHECK(enroll(unused_code).status == 201);
}

TEST_CASE("SIGTERM lets an in-flight request finish, then exits 0") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    const Terminal terminal = h.enroll();
    // A request that is in flight for a while: the fault mode's delay (nothing sleeps to slow a
    // client down any more, so the slowed-down login of old is gone).
    REQUIRE(h.server().stop() == 0);
    test::PlanServerOptions options = h.server().options();
    options.extra_args = {"--faults", "delay=1:1500ms"};
    test::PlanServerProcess slow_server(options);
    slow_server.start();

    std::atomic<bool> answered{false};
    HttpResponse slow;
    std::string failure;
    const std::string url = slow_server.base_url() + "/api/v1/sessions";
    const auto started = std::chrono::steady_clock::now();
    std::thread client([&] {
        try {
            test::HttpClient http;
            slow = http.post(url, json{{"badge", "B-1001"}}.dump(), terminal.token);
        } catch (const std::exception& error) {
            failure = error.what();
        }
        answered = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const bool in_flight = !answered;
    const int status = slow_server.stop();
    client.join();
    const double waited =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    CHECK_MESSAGE(status == 0, "exit status ", status);
    REQUIRE_MESSAGE(in_flight, "the delayed login was answered within 300 ms");
    CHECK_MESSAGE(failure.empty(), "the in-flight request was cut off by SIGTERM: ", failure,
                  " (after ", waited, " s)");
    CHECK_MESSAGE(slow.status == 201, describe(slow));
    h.server().start();  // the harness stops it at the end
}

TEST_CASE("an answered event survives SIGKILL of the server") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    const json started = make_event("work_step.started", "OP1", "WA11");
    REQUIRE(outcome(w.post_one(started)) == "accepted");
    w.h.patch("resources", "R6", {{"name", "Bench after patch"}});
    w.h.server().kill();
    w.h.server().start();
    const json events = w.h.admin_events();
    REQUIRE(events.size() == 1);
    CHECK(events[0].value("id", "") == started["id"]);
    CHECK(outcome(w.post_one(started)) == "duplicate");
    json dataset = w.h.get_dataset();
    CHECK(dataset_item(dataset, "work_steps", "WA11").value("status", "") == "in_progress");
    CHECK(dataset_item(dataset, "resources", "R6").value("name", "") == "Bench after patch");
    (void)w.pull("P1");  // the session survived too
}

TEST_CASE("--demo serves a non-empty plan to a demo badge, and only on an empty database") {
    Harness h(/*demo=*/true);
    PT_SERVER_LOG_ON_FAILURE(h);
    const json dataset = h.get_dataset();
    REQUIRE_FALSE(dataset.value("partners", json::array()).empty());
    CHECK_FALSE(dataset.value("orders", json::array()).empty());
    CHECK_FALSE(dataset.value("work_steps", json::array()).empty());
    CHECK_FALSE(dataset.value("resources", json::array()).empty());

    // Every operator of the plan served is one of the demo badges (GET shows no badges).
    std::size_t operators = 0;
    for (const auto& partner : dataset["partners"])
        operators += partner.value("operators", json::array()).size();
    const auto demo_badges = server::demo_badges();
    CHECK(operators == demo_badges.size());

    const Terminal terminal = h.enroll("Demo kiosk");
    bool some_work = false;
    int logins = 0;
    for (const auto& demo : demo_badges) {
        const HttpResponse response = h.try_login(terminal, demo.badge, demo.pin);
        CHECK_MESSAGE(response.status == 201, "demo badge ", demo.badge, ": ", describe(response));
        if (response.status != 201) continue;
        ++logins;
        const json plan = h.pull(body_json(response)["token"].get<std::string>());
        CHECK(plan.value("reset", false));
        some_work = some_work || !plan.value("work_steps", json::array()).empty();
    }
    CHECK(logins > 0);
    CHECK_MESSAGE(some_work, "no demo badge sees any work step");

    // A database that is not empty is not overwritten by --demo.
    h.put_dataset(standard_dataset());
    REQUIRE(h.server().stop() == 0);
    h.server().start();
    CHECK(normalized_dataset(h.get_dataset()) == normalized_dataset(standard_dataset()));
}

}  // namespace pt::itest
