// The integration harness: one real plan-server on loopback plus a real HTTP client, and the
// contract-level helpers every integration test uses (enrol, log in, pull, post events,
// admin calls). Helpers that must succeed for a test to make sense use REQUIRE and show the
// server's answer; checks of the contract itself stay in the tests.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tests/support/http_client.h"
#include "tests/support/plan_server_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/wire_values.h"

namespace pt::itest {

using nlohmann::json;
using test::HttpResponse;

using test::new_uuid;
using test::now_rfc3339;
using test::random_hex;
/// True when `text` looks like an RFC 3339 UTC time (`YYYY-MM-DDTHH:MM:SS[.fff]Z`).
[[nodiscard]] bool is_rfc3339_utc(const std::string& text);
/// The keys of a JSON object.
[[nodiscard]] std::set<std::string> keys_of(const json& object);
/// Status and body of an answer, for failure messages.
[[nodiscard]] std::string describe(const HttpResponse& response);
/// The body parsed as JSON, or a discarded value when it is not JSON.
[[nodiscard]] json body_json(const HttpResponse& response);
/// True when the body is exactly `{"error": string, "message": string}` (extra keys allowed).
[[nodiscard]] bool is_error_body(const HttpResponse& response);

/// An enrolled terminal.
struct Terminal {
    std::string id;
    std::string token;
};

/// One event object of `POST /api/v1/events`.
[[nodiscard]] json make_event(const std::string& type, const std::string& operator_id,
                              const std::string& target_id, json data = json::object());

class Harness {
public:
    /// Starts a plan-server on a fresh database in a fresh temp dir, with `extra_args`
    /// appended to its command line (e.g. `{"--offline-grace-days", "2"}`).
    explicit Harness(bool demo = false, std::vector<std::string> extra_args = {});
    /// Stops the server with SIGTERM and CHECKs that it exits 0 (sync-api.md).
    ~Harness();
    Harness(const Harness&) = delete;
    Harness& operator=(const Harness&) = delete;

    [[nodiscard]] test::PlanServerProcess& server() { return server_; }
    [[nodiscard]] test::HttpClient& http() { return http_; }
    [[nodiscard]] const std::string& admin_token() const { return admin_token_; }
    /// base URL of the running server + `path`.
    [[nodiscard]] std::string url(const std::string& path) const;
    /// The server's recent output, for INFO on failure.
    [[nodiscard]] std::string log_tail() const { return server_.log_tail(); }

    // ---- raw calls: any status is returned -------------------------------------------------
    [[nodiscard]] HttpResponse send(const std::string& method, const std::string& path,
                                    std::optional<std::string> body, const std::string& bearer);
    [[nodiscard]] HttpResponse admin(const std::string& method, const std::string& path,
                                     std::optional<std::string> body = std::nullopt);
    [[nodiscard]] HttpResponse admin(const std::string& method, const std::string& path,
                                     const json& body);
    [[nodiscard]] HttpResponse try_login(const Terminal& terminal, const std::string& badge,
                                         const std::optional<std::string>& pin = std::nullopt);
    [[nodiscard]] HttpResponse try_pull(const std::string& session_token,
                                        const std::optional<std::string>& cursor = std::nullopt);
    [[nodiscard]] HttpResponse try_post_events(const std::string& terminal_token,
                                               const json& events);

    // ---- calls that must succeed (REQUIRE) -------------------------------------------------
    void put_dataset(const json& dataset);
    [[nodiscard]] json get_dataset();
    void put_settings(const json& settings);
    /// PATCH /admin/v1/<collection>/<id>, REQUIREs a 2xx answer.
    void patch(const std::string& collection, const std::string& id, const json& change);
    [[nodiscard]] std::string new_enrollment_code();
    [[nodiscard]] Terminal enroll(const std::string& name = "Terminal");
    /// The whole 201 login answer.
    [[nodiscard]] json login(const Terminal& terminal, const std::string& badge,
                             const std::optional<std::string>& pin = std::nullopt);
    /// Just the session token.
    [[nodiscard]] std::string session(const Terminal& terminal, const std::string& badge,
                                      const std::optional<std::string>& pin = std::nullopt);
    [[nodiscard]] json pull(const std::string& session_token,
                            const std::optional<std::string>& cursor = std::nullopt);
    /// The `results` array; REQUIREs 200 and one result per event.
    [[nodiscard]] json post_events(const std::string& terminal_token, const json& events);
    /// The `events` array of GET /admin/v1/events.
    [[nodiscard]] json admin_events();

private:
    test::TempDir dir_;
    std::string admin_token_;
    test::PlanServerProcess server_;
    test::HttpClient http_;
};

struct CommandResult {
    int status = -1;
    std::string out;
};

/// `plan-server token ARGS --db FILE` of the harness's server; stdout and the exit status.
[[nodiscard]] CommandResult token_command(Harness& h, const std::string& args);
/// `plan-server user ARGS --db FILE` with `password` (no single quotes) on standard input.
[[nodiscard]] CommandResult user_command(Harness& h, const std::string& args,
                                         const std::string& password = "");
/// A named API token of `role` made with `plan-server token add` (REQUIREs success).
[[nodiscard]] std::string api_token(Harness& h, const std::string& name, const std::string& role);

/// Adds the server log to every failure message in the enclosing scope (lazily evaluated).
#define PT_SERVER_LOG_ON_FAILURE(harness) INFO("server output:\n", (harness).log_tail())

}  // namespace pt::itest
