// Enrolment, login and the first pulls against the real plan-server: what the engine stores in
// the PlanCache equals the server's full view of each partner, and nothing of the others (R11).
#include <doctest/doctest.h>

#include "sync/client/enrollment.h"
#include "sync/store/credentials.h"
#include "sync/store/plan_cache.h"
#include "tests/client/client_fixture.h"

namespace pt::client::itest {
namespace {

TEST_CASE("enrol, log in, and pull: the cache equals the server's full view") {
    ServerFixture server;
    INFO("server output:\n", server.log_tail());
    TerminalFixture terminal(server.url());
    terminal.enroll(server);
    const auto credentials = store::Credentials(*terminal.db).load();
    REQUIRE(credentials.has_value());
    CHECK_FALSE(credentials->terminal_id.empty());

    // A spent code enrols nobody (401), and nothing is overwritten.
    const std::string code = server.new_enrollment_code();
    REQUIRE(enroll_terminal(*terminal.db, terminal.api, code, "Kiosk 2").ok());
    const auto reused = enroll_terminal(*terminal.db, terminal.api, code, "Kiosk 3");
    CHECK(reused.status() == ApiStatus::unauthorized);

    const auto p1 = terminal.login("B-1001");
    const auto p2 = terminal.login("B-2001");
    CHECK(p1.partner_id == "P1");
    CHECK(p2.partner_id == "P2");

    SyncEngine engine(terminal.engine_options(server.url()));
    engine.start();
    engine.set_session("P1", p1.token);
    engine.set_session("P2", p2.token);
    REQUIRE(wait_until([&] {
        const auto status = engine.status();
        return status->sessions.size() == 2 && status->last_success.has_value() &&
               store::PlanCache(*terminal.db).cursor("P2").has_value() &&
               store::PlanCache(*terminal.db).cursor("P1").has_value();
    }));

    // The server's full view, through a second session (the engine's cursors stay its own).
    store::PlanCache cache(*terminal.db);
    for (const auto& [partner, badge] :
         std::vector<std::pair<std::string, std::string>>{{"P1", "B-1001"}, {"P2", "B-2001"}}) {
        CAPTURE(partner);
        const auto checker = terminal.login(badge);
        const auto full = terminal.api.pull(checker.token, std::nullopt);
        REQUIRE(full.ok());
        CHECK(full.value().reset);
        CHECK_FALSE(full.value().view.work_steps.empty());
        CHECK(cache.load(partner) == sorted(full.value().view));
    }
    // R11: a partner without a session has nothing cached.
    CHECK(cache.load("P3") == plan::PartnerView{});
    CHECK_FALSE(cache.cursor("P3").has_value());

    const auto status = engine.status();
    CHECK(status->online);
    CHECK(status->enrolled);
    CHECK(status->pending == 0);
    CHECK_FALSE(status->last_error.has_value());
}

TEST_CASE("transport against plan-server: https to a plain HTTP server is a TLS error") {
    ServerFixture server;
    std::string url = server.url();
    url.replace(0, 4, "https");
    HttpTransport transport(TransportOptions{.total_timeout = std::chrono::seconds(5)});
    SyncApiClient api(transport, url);
    const auto result = api.enroll({.code = "x", .name = "y"});
    CHECK(result.status() == ApiStatus::transport_error);
    CHECK(result.error().transport == TransportErrorKind::tls);
}

}  // namespace
}  // namespace pt::client::itest
