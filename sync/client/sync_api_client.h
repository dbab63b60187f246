// The terminal's calls of sync-api.md, typed: enrol, log in, pull the plan, push events. Each
// call is one HTTP exchange on the given Transport (so it belongs to the transport's thread)
// and returns an ApiResult whose failures are classified once, in api_result.h. Nothing is
// retried here: the sync engine decides what to retry and when, the login what to fall back to.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/client/api_result.h"
#include "sync/client/transport.h"
#include "sync/plan/feedback.h"
#include "sync/protocol/protocol.h"

namespace pt::client {

/// Why a push answer cannot be trusted, or nullopt when it can: the server must answer one
/// result per event, with the same ids in request order (sync-api.md POST /events). Recording
/// results that do not line up could mark an event delivered that never was.
[[nodiscard]] std::optional<std::string> check_push_results(
    const std::vector<plan::Event>& events, const std::vector<protocol::EventResult>& results);

/// `text` percent-encoded for a query string (RFC 3986 unreserved characters stay).
[[nodiscard]] std::string percent_encode(std::string_view text);

class SyncApiClient {
public:
    /// `base_url` is the server's root, e.g. `https://plan.example.com` (a trailing `/` is
    /// ignored). The transport must outlive the client and stay on the caller's thread.
    SyncApiClient(Transport& transport, std::string base_url);

    /// Points later calls at another server root (re-provisioning; tests whose server moved).
    void set_base_url(std::string base_url);
    /// The server root in use, without a trailing `/`.
    [[nodiscard]] const std::string& base_url() const noexcept { return base_url_; }

    /// POST /api/v1/terminals/enroll (no token). 401: unknown or spent code.
    [[nodiscard]] ApiResult<protocol::EnrollResponse> enroll(
        const protocol::EnrollRequest& request);

    /// POST /api/v1/sessions with the terminal token. 401: unknown badge, wrong or missing PIN,
    /// or a terminal token the server does not know (the answers are deliberately alike).
    [[nodiscard]] ApiResult<protocol::LoginResponse> login(std::string_view terminal_token,
                                                           const protocol::LoginRequest& request);

    /// GET /api/v1/plan[?cursor=…] with a session token: the whole view (`reset`) or the delta
    /// since `cursor`. 401: the session expired or was never valid.
    [[nodiscard]] ApiResult<protocol::PlanResponse> pull(std::string_view session_token,
                                                         const std::optional<std::string>& cursor);

    /// POST /api/v1/events with the terminal token: one result per event, checked with
    /// check_push_results() (a mismatch is bad_response). 400: the batch as a whole was refused
    /// and nothing of it applied. Throws std::invalid_argument for an empty batch or more than
    /// protocol::kMaxEventsPerRequest events (a caller's bug, not a network condition).
    [[nodiscard]] ApiResult<std::vector<protocol::EventResult>> push(
        std::string_view terminal_token, const std::vector<plan::Event>& events);

    /// POST /api/v1/terminals/health with the terminal token (sync-api.md, "Terminal health").
    /// nullopt when the server took it (any 2xx), else why not: 401 is the terminal token
    /// refused (revoked or unknown), a 404 an older server without the endpoint (server_error
    /// with http_status 404).
    [[nodiscard]] std::optional<ApiError> report_health(std::string_view terminal_token,
                                                        const protocol::HealthReport& report);

    /// Asks the server's `GET /healthz` whether it answers at all (used when a cycle has
    /// nothing to push or pull, so the screen's online/offline stays true). True for any answer
    /// but 5xx and 429; false when there is none. Never throws.
    [[nodiscard]] bool reachable();

private:
    [[nodiscard]] HttpResult exchange(HttpMethod method, std::string_view path,
                                      std::optional<std::string> body, std::string_view bearer);

    Transport& transport_;
    std::string base_url_;
};

}  // namespace pt::client
