#include "sync/client/api_result.h"

#include "sync/protocol/protocol.h"

namespace pt::client {
namespace {

constexpr std::size_t kMaxQuotedBody = 200;

ApiStatus status_of_http(long http_status) {
    if (http_status == 401) return ApiStatus::unauthorized;
    if (http_status == 400 || http_status == 413 || http_status == 422) {
        return ApiStatus::rejected_input;
    }
    if (http_status == 429 || http_status == 503) return ApiStatus::server_busy;
    // 404 (a wrong server URL or a proxy page), 408, 5xx, 1xx/3xx: nothing the terminal can
    // fix by changing the request; the technician sees it, the engine keeps trying slowly.
    return ApiStatus::server_error;
}

}  // namespace

std::string_view name_of(ApiStatus status) {
    switch (status) {
        case ApiStatus::success:
            return "success";
        case ApiStatus::unauthorized:
            return "unauthorized";
        case ApiStatus::rejected_input:
            return "rejected_input";
        case ApiStatus::server_busy:
            return "server_busy";
        case ApiStatus::server_error:
            return "server_error";
        case ApiStatus::transport_error:
            return "transport_error";
        case ApiStatus::bad_response:
            break;
    }
    return "bad_response";
}

bool is_transient(ApiStatus status) noexcept {
    return status == ApiStatus::server_busy || status == ApiStatus::server_error ||
           status == ApiStatus::transport_error || status == ApiStatus::bad_response;
}

bool is_unreachable(ApiStatus status) noexcept {
    return status == ApiStatus::server_busy || status == ApiStatus::server_error ||
           status == ApiStatus::transport_error;
}

std::string describe(const ApiError& error) {
    std::string text(name_of(error.status));
    if (error.transport) {
        text += " (";
        text += name_of(*error.transport);
        text += ")";
    } else if (error.http_status != 0) {
        text += " (HTTP " + std::to_string(error.http_status);
        if (error.retry_after) {
            text += ", retry after " + std::to_string(error.retry_after->count()) + " s";
        }
        text += ")";
    }
    if (!error.code.empty()) text += " " + error.code;
    if (!error.message.empty()) text += ": " + error.message;
    return text;
}

std::optional<ApiError> classify(const HttpResult& result) {
    if (const auto* failure = std::get_if<TransportError>(&result)) {
        ApiError error;
        error.status = ApiStatus::transport_error;
        error.transport = failure->kind;
        error.message = failure->message;
        return error;
    }
    const auto& response = std::get<HttpResponse>(result);
    if (response.status >= 200 && response.status < 300) return std::nullopt;
    ApiError error;
    error.status = status_of_http(response.status);
    error.http_status = response.status;
    error.retry_after = response.retry_after;
    try {
        const protocol::ErrorBody body = protocol::decode_error(response.body);
        error.code = body.error;
        error.message = body.message;
    } catch (const protocol::ProtocolError&) {
        // Not our error document (a proxy's page, an empty body): quote the start of it.
        error.message = response.body.substr(0, kMaxQuotedBody);
    }
    return error;
}

ApiError bad_response(const HttpResponse& response, std::string message) {
    ApiError error;
    error.status = ApiStatus::bad_response;
    error.http_status = response.status;
    error.message = std::move(message);
    return error;
}

}  // namespace pt::client
