#include "sync/client/sync_api_client.h"

#include <stdexcept>
#include <utility>

namespace pt::client {
namespace {

std::string without_trailing_slash(std::string url) {
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    return url;
}

/// Classifies the exchange and, for a 2xx answer, decodes its body with `decode`; a decoder's
/// ProtocolError becomes bad_response.
template <typename T, typename Decode>
ApiResult<T> decode_answer(const HttpResult& result, Decode decode) {
    if (auto failure = classify(result)) return std::move(*failure);
    const auto& response = std::get<HttpResponse>(result);
    try {
        return decode(response.body);
    } catch (const protocol::ProtocolError& error) {
        // what() already names the field (`work_steps[3].planned_start: …`).
        return bad_response(response, std::string("answer breaks the contract: ") + error.what());
    }
}

}  // namespace

std::optional<std::string> check_push_results(const std::vector<plan::Event>& events,
                                              const std::vector<protocol::EventResult>& results) {
    if (results.size() != events.size()) {
        return std::to_string(results.size()) + " results for " + std::to_string(events.size()) +
               " events";
    }
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (results[i].id != events[i].id) {
            return "result " + std::to_string(i) + " is for event " + results[i].id +
                   ", expected " + events[i].id;
        }
    }
    return std::nullopt;
}

std::string percent_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                                (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' ||
                                byte == '_' || byte == '~';
        if (unreserved) {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[byte >> 4]);
            out.push_back(kHex[byte & 0x0f]);
        }
    }
    return out;
}

SyncApiClient::SyncApiClient(Transport& transport, std::string base_url)
    : transport_(transport), base_url_(without_trailing_slash(std::move(base_url))) {}

void SyncApiClient::set_base_url(std::string base_url) {
    base_url_ = without_trailing_slash(std::move(base_url));
}

HttpResult SyncApiClient::exchange(HttpMethod method, std::string_view path,
                                   std::optional<std::string> body, std::string_view bearer) {
    HttpRequest request;
    request.method = method;
    request.url = base_url_ + std::string(path);
    request.body = std::move(body);
    request.bearer = std::string(bearer);
    return transport_.send(request);
}

ApiResult<protocol::EnrollResponse> SyncApiClient::enroll(const protocol::EnrollRequest& request) {
    const HttpResult result =
        exchange(HttpMethod::post, "/api/v1/terminals/enroll", protocol::encode(request), {});
    return decode_answer<protocol::EnrollResponse>(result, [](std::string_view body) {
        auto response = protocol::decode_enroll_response(body);
        if (response.terminal_id.empty() || response.token.empty()) {
            throw protocol::ProtocolError("", "empty terminal id or token");
        }
        return response;
    });
}

ApiResult<protocol::LoginResponse> SyncApiClient::login(std::string_view terminal_token,
                                                        const protocol::LoginRequest& request) {
    const HttpResult result =
        exchange(HttpMethod::post, "/api/v1/sessions", protocol::encode(request), terminal_token);
    return decode_answer<protocol::LoginResponse>(result, [](std::string_view body) {
        auto response = protocol::decode_login_response(body);
        if (response.token.empty() || response.partner_id.empty() || response.operator_id.empty()) {
            throw protocol::ProtocolError("", "empty token, partner or operator id");
        }
        return response;
    });
}

ApiResult<protocol::PlanResponse> SyncApiClient::pull(std::string_view session_token,
                                                      const std::optional<std::string>& cursor) {
    std::string path = "/api/v1/plan";
    if (cursor) path += "?cursor=" + percent_encode(*cursor);
    const HttpResult result = exchange(HttpMethod::get, path, std::nullopt, session_token);
    return decode_answer<protocol::PlanResponse>(result, [](std::string_view body) {
        auto response = protocol::decode_plan_response(body);
        if (response.cursor.empty()) throw protocol::ProtocolError("cursor", "empty cursor");
        return response;
    });
}

std::optional<ApiError> SyncApiClient::report_health(std::string_view terminal_token,
                                                     const protocol::HealthReport& report) {
    const HttpResult result = exchange(HttpMethod::post, "/api/v1/terminals/health",
                                       protocol::encode(report), terminal_token);
    return classify(result);  // the answer's body (204: none) carries nothing the terminal needs
}

bool SyncApiClient::reachable() {
    const HttpResult result = exchange(HttpMethod::get, "/healthz", std::nullopt, "");
    const auto* response = std::get_if<HttpResponse>(&result);
    return response != nullptr && response->status < 500 && response->status != 429;
}

ApiResult<std::vector<protocol::EventResult>> SyncApiClient::push(
    std::string_view terminal_token, const std::vector<plan::Event>& events) {
    if (events.empty() || events.size() > protocol::kMaxEventsPerRequest) {
        throw std::invalid_argument("push needs 1 to " +
                                    std::to_string(protocol::kMaxEventsPerRequest) + " events");
    }
    const HttpResult result = exchange(HttpMethod::post, "/api/v1/events",
                                       protocol::encode_events_request(events), terminal_token);
    return decode_answer<std::vector<protocol::EventResult>>(
        result, [&events](std::string_view body) {
            auto results = protocol::decode_event_results(body);
            if (auto mismatch = check_push_results(events, results)) {
                throw protocol::ProtocolError("results", *mismatch);
            }
            return results;
        });
}

}  // namespace pt::client
