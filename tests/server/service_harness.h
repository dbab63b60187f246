// A PlanService on a temporary database with a hand-driven clock, plus short forms of the
// terminal calls (enrol, login, pull, events) that decode the replies with sync/protocol.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sync/protocol/protocol.h"
#include "sync/server/plan_service.h"
#include "tests/support/temp_dir.h"

namespace pt::server::testing {

inline constexpr const char* kAdmin = "admin-secret";

inline plan::Timestamp start_time() {
    return plan::Timestamp{std::chrono::hours{24 * 20780 + 6}};  // 2026-11-23T06:00Z
}

class ServiceHarness {
public:
    ServiceHarness() { open(); }

    /// (Re)opens the service on the same database, as a restart would.
    void open() {
        service.reset();
        ServiceOptions options;
        options.db = dir / "plan.db";
        options.admin_token = kAdmin;
        options.clock = [this] { return now; };
        options.offline_grace = offline_grace;
        options.refused_per_terminal = refused_per_terminal;
        options.after_pin_check = [this] {
            if (after_pin_check) after_pin_check();
        };
        service = std::make_unique<PlanService>(std::move(options));
    }

    void load(const plan::Dataset& dataset) {
        const Reply reply = service->put_dataset(kAdmin, protocol::encode_dataset(dataset));
        REQUIRE_MESSAGE(reply.status == 204, reply.body);
    }

    /// A fresh terminal, or with `previous_token` the terminal that held it enrolled again;
    /// returns its token.
    std::string enroll(const std::string& name = "Terminal",
                       std::optional<std::string> previous_token = std::nullopt) {
        const Reply code = service->post_enrollment_code(kAdmin, "");
        REQUIRE(code.status == 201);
        const Reply reply = service->enroll(protocol::encode(protocol::EnrollRequest{
            protocol::decode_enrollment_code(code.body), name, std::move(previous_token)}));
        REQUIRE_MESSAGE(reply.status == 201, reply.body);
        const auto response = protocol::decode_enroll_response(reply.body);
        terminal_id = response.terminal_id;
        return response.token;
    }

    Reply login_reply(const std::string& terminal, const std::string& badge,
                      std::optional<std::string> pin = std::nullopt) {
        return service->login(terminal, protocol::encode(protocol::LoginRequest{badge, pin}));
    }

    /// Logs in and returns the session token.
    std::string login(const std::string& terminal, const std::string& badge,
                      std::optional<std::string> pin = std::nullopt) {
        const Reply reply = login_reply(terminal, badge, std::move(pin));
        REQUIRE_MESSAGE(reply.status == 201, reply.body);
        return protocol::decode_login_response(reply.body).token;
    }

    protocol::PlanResponse pull(const std::string& session, const std::string& cursor = "") {
        const Reply reply = service->pull(session, cursor);
        REQUIRE_MESSAGE(reply.status == 200, reply.body);
        return protocol::decode_plan_response(reply.body);
    }

    std::vector<protocol::EventResult> send(const std::string& terminal,
                                            const std::vector<plan::Event>& events) {
        const Reply reply = service->post_events(terminal, protocol::encode_events_request(events));
        REQUIRE_MESSAGE(reply.status == 200, reply.body);
        return protocol::decode_event_results(reply.body);
    }

    test::TempDir dir{"pt-server-test-"};
    plan::Timestamp now = start_time();
    /// R13's offline grace of the service open() starts.
    std::chrono::seconds offline_grace = plan::kDefaultOfflineGrace;
    /// How many refused events per terminal the service open() starts keeps.
    std::int64_t refused_per_terminal = ServiceOptions{}.refused_per_terminal;
    /// Runs in each login between the PIN check and its outcome (ServiceOptions).
    std::function<void()> after_pin_check;
    std::string terminal_id;     ///< of the last enroll()
    std::string terminal_token;  ///< free for a test to keep a terminal's token
    std::unique_ptr<PlanService> service;
};

/// An event with a fresh id (UUID-shaped, counting up per harness run).
inline plan::Event make_event(plan::EventType type, const std::string& op,
                              const std::string& target, plan::EventData data = {}) {
    static int counter = 0;
    plan::Event event;
    char id[40];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", ++counter);
    event.id = id;
    event.type = type;
    event.operator_id = op;
    event.target_id = target;
    event.occurred_at = start_time();
    event.data = std::move(data);
    return event;
}

}  // namespace pt::server::testing
