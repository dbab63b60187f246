// Shared set-up of client_integration_test: a real plan-server on 127.0.0.1 with a known
// dataset (put in through the admin API), and a terminal — its database file, the test
// thread's own connection to it, and an API client on the test thread's own transport.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sync/client/http_transport.h"
#include "sync/client/sync_api_client.h"
#include "sync/client/sync_engine.h"
#include "sync/plan/plan.h"
#include "sync/protocol/protocol.h"
#include "sync/store/terminal_db.h"
#include "tests/support/http_client.h"
#include "tests/support/plan_server_process.h"
#include "tests/support/temp_dir.h"

namespace pt::client::itest {

/// Polls `condition` every few milliseconds until it holds or `timeout` passes.
[[nodiscard]] bool wait_until(const std::function<bool()>& condition,
                              std::chrono::milliseconds timeout = std::chrono::seconds(20));

/// The dataset every test starts from:
///   partners  P1 Coating (workbench, planning): OP1 badge B-1001, OP2 badge B-1002 PIN 4711
///             P2 Hardening (all modules, process feedback): OP3 badge B-2001
///             P3 Viewer (planning only): OP4 badge B-3001
///   resources R1 ext [P1], R2 ext [P2], R3 ext [P1, P2], R4 internal [P1], R5 ext []
///   orders    O1 limited > O11 > O111;  O2 full > O21 > O211;  O3 limited > O31 (O31 names P3);
///             O4 limited;  O5 full
///   steps     W1 O1/R1, W2 O11/R4, W3 O111/R2, W4 O2/R4, W5 O21/R1, W6 O211/R5, W7 O3/R3,
///             W8 O31/R4, W9 O4/R2, W10 O4/R5, W11 O5/R3, W12 O5/R4
///   processes PR1 O1, PR2 O11, PR3 O2, PR4 O21, PR5 O31, PR6 O5
[[nodiscard]] plan::Dataset client_dataset();

/// One plan-server process with its own database and admin token.
class ServerFixture {
public:
    /// Starts plan-server and puts `dataset` (REQUIREs success).
    explicit ServerFixture(const plan::Dataset& dataset = client_dataset());
    ~ServerFixture();
    ServerFixture(const ServerFixture&) = delete;
    ServerFixture& operator=(const ServerFixture&) = delete;

    [[nodiscard]] test::PlanServerProcess& process() { return server_; }
    /// The current base URL (it changes with every start).
    [[nodiscard]] const std::string& url() const { return server_.base_url(); }
    [[nodiscard]] std::string log_tail() const { return server_.log_tail(); }

    /// Any admin call; returns the answer whatever its status.
    [[nodiscard]] test::HttpResponse admin(const std::string& method, const std::string& path,
                                           std::optional<std::string> body = std::nullopt);
    void put_dataset(const plan::Dataset& dataset);
    [[nodiscard]] std::string new_enrollment_code();
    /// GET /admin/v1/events: every accepted event in acceptance order.
    [[nodiscard]] std::vector<protocol::RecordedEvent> events();

private:
    test::TempDir dir_;
    std::string admin_token_;
    test::PlanServerProcess server_;
    test::HttpClient http_;
};

/// A terminal's data directory and the test thread's connection and API client.
struct TerminalFixture {
    explicit TerminalFixture(const std::string& server_url, store::TerminalDbOptions options = {});

    test::TempDir dir{"pt-client-terminal-"};
    std::filesystem::path file = dir / "terminal.db";
    std::unique_ptr<store::TerminalDb> db;
    HttpTransport transport;
    SyncApiClient api;

    /// Enrols with a fresh code (REQUIREs success) and stores the credentials.
    void enroll(ServerFixture& server);
    /// The terminal token (REQUIREs enrolment).
    [[nodiscard]] std::string terminal_token();
    /// An online login (REQUIREs success); the answer with its session token.
    [[nodiscard]] protocol::LoginResponse login(const std::string& badge,
                                                const std::optional<std::string>& pin = {});
    /// Engine options for this terminal: quick backoff, pulls only when the test asks.
    [[nodiscard]] SyncEngineOptions engine_options(const std::string& server_url) const;
    /// Appends one event for `partner_id` and returns its id.
    std::string append(const plan::Event& event, const std::string& partner_id);
};

/// A work step event of `type` by `operator_id` on `target` (data fit for the type).
[[nodiscard]] plan::Event make_event(plan::EventType type, const std::string& operator_id,
                                     const std::string& target);

/// The view with every list sorted by id (PlanCache::load's order), for comparisons.
[[nodiscard]] plan::PartnerView sorted(plan::PartnerView view);

/// Waits until the engine finished a cycle after `after` cycles; true when it did in time.
[[nodiscard]] bool wait_for_cycle(const SyncEngine& engine, std::uint64_t after,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(20));

/// sync_now(), then waits for a cycle that STARTED after the call (one already under way may
/// have pulled before the test's latest changes); true when it finished in time.
[[nodiscard]] bool sync_and_wait(SyncEngine& engine,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(20));

/// What differs between two views (ids only in one, ids whose objects differ); "" when equal.
[[nodiscard]] std::string view_difference(const plan::PartnerView& cached,
                                          const plan::PartnerView& server);

}  // namespace pt::client::itest
