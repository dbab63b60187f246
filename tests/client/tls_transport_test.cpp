// Issue #3: the terminal's own client (HttpTransport + SyncApiClient) against plan-server over
// HTTPS: it refuses an unknown certificate, accepts it with the right CA file, refuses a wrong
// CA and a wrong pinned key, accepts the right pin, and the sync engine drains over TLS.
#include <doctest/doctest.h>

#include "sync/client/enrollment.h"
#include "sync/client/sync_engine.h"
#include "sync/store/outbox.h"
#include "tests/client/client_fixture.h"
#include "tests/support/tls_fixture.h"

namespace pt::client::itest {
namespace {

/// A plan-server serving HTTPS with a fresh self-signed certificate, on the client dataset.
struct TlsServer {
    TlsServer() : server(client_dataset()) {
        REQUIRE(server.process().stop() == 0);
        tls = test::make_tls_material(dir.path());
        test::PlanServerOptions options = server.process().options();
        options.tls_cert = tls.server.cert;
        options.tls_key = tls.server.key;
        https = std::make_unique<test::PlanServerProcess>(options);
        https->start();
        REQUIRE(https->base_url().starts_with("https://"));
        test::HttpClient admin;
        admin.set_tls({.ca_file = tls.server.cert});
        const auto answer =
            admin.post(https->base_url() + "/admin/v1/enrollment_codes", "", options.admin_token);
        REQUIRE(answer.status == 201);
        code = protocol::decode_enrollment_code(answer.body);
    }
    ServerFixture server;
    test::TempDir dir{"pt-tls-"};
    test::TlsMaterial tls;
    std::unique_ptr<test::PlanServerProcess> https;
    std::string code;
};

ApiResult<protocol::EnrollResponse> enroll_with(const TlsServer& s, TransportOptions options) {
    HttpTransport transport(std::move(options));
    SyncApiClient api(transport, s.https->base_url());
    return api.enroll({s.code, "tls kiosk"});
}

std::optional<TransportErrorKind> transport_error(const ApiResult<protocol::EnrollResponse>& r) {
    return r.ok() ? std::nullopt : r.error().transport;
}

}  // namespace

TEST_CASE("TLS: the terminal's client verifies plan-server's certificate and pin") {
    TlsServer s;
    SUBCASE("an unknown certificate is refused") {
        CHECK(transport_error(enroll_with(s, {})) == TransportErrorKind::tls);
    }
    SUBCASE("a wrong CA is refused") {
        CHECK(transport_error(enroll_with(s, {.ca_file = s.tls.unrelated.cert})) ==
              TransportErrorKind::tls);
    }
    SUBCASE("a wrong pinned key is refused, even with the right CA") {
        CHECK(transport_error(enroll_with(
                  s, {.ca_file = s.tls.server.cert, .pinned_public_key = s.tls.unrelated.pin})) ==
              TransportErrorKind::pinned_key_mismatch);
    }
    SUBCASE("the right CA alone: enrol, log in and pull succeed") {
        HttpTransport transport({.ca_file = s.tls.server.cert});
        SyncApiClient api(transport, s.https->base_url());
        const auto enrolled = api.enroll({s.code, "tls kiosk"});
        REQUIRE(enrolled.ok());
        const auto session = api.login(enrolled.value().token, {.badge = "B-1001"});
        REQUIRE(session.ok());
        CHECK(session.value().partner_id == "P1");
        const auto plan = api.pull(session.value().token, std::nullopt);
        REQUIRE(plan.ok());
        CHECK(plan.value().reset);
        CHECK_FALSE(plan.value().cursor.empty());
        CHECK_FALSE(plan.value().view.work_steps.empty());  // W1, W2, W4 … are P1's
    }
    SUBCASE("the right pin alone is the trust anchor (a provisioning barcode carries no CA)") {
        const auto result = enroll_with(s, {.pinned_public_key = s.tls.server.pin});
        REQUIRE(result.ok());
        CHECK_FALSE(result.value().token.empty());
    }
    SUBCASE("a wrong pin alone is refused") {
        CHECK(transport_error(enroll_with(s, {.pinned_public_key = s.tls.unrelated.pin})) ==
              TransportErrorKind::pinned_key_mismatch);
    }
    SUBCASE("the right CA and the right pin are accepted") {
        const auto result =
            enroll_with(s, {.ca_file = s.tls.server.cert, .pinned_public_key = s.tls.server.pin});
        REQUIRE(result.ok());
        CHECK_FALSE(result.value().token.empty());
    }
}

TEST_CASE("TLS: the sync engine drains the outbox over HTTPS") {
    TlsServer s;
    TerminalFixture terminal(s.https->base_url());
    {
        HttpTransport transport({.ca_file = s.tls.server.cert});
        SyncApiClient api(transport, s.https->base_url());
        REQUIRE(enroll_terminal(*terminal.db, api, s.code, "tls kiosk").ok());
        // R13: the server takes OP1's reports from this terminal once OP1 logged in here.
        REQUIRE(api.login(terminal.terminal_token(), {.badge = "B-1001"}).ok());
    }
    for (int i = 0; i < 20; ++i) {
        (void)terminal.append(make_event(plan::EventType::work_step_started, "OP1", "W1"), "P1");
    }
    SyncEngineOptions options = terminal.engine_options(s.https->base_url());
    options.transport.ca_file = s.tls.server.cert;
    options.transport.pinned_public_key = s.tls.server.pin;
    SyncEngine engine(std::move(options));
    engine.start();
    REQUIRE(wait_until([&] {
        const auto status = engine.status();
        return status->cycles > 0 && !status->syncing && status->pending == 0;
    }));
    engine.stop();
    const auto counts = store::Outbox(*terminal.db).counts();
    CHECK(counts.pending == 0);
    CHECK(counts.rejected == 19);  // only the first start is allowed: the rest are answered too
    CHECK(engine.status()->online);
}

}  // namespace pt::client::itest
