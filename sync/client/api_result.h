// What a call of the sync API came to, in the terms the sync engine and the login decide on:
// which failures are worth retrying (transient) and which are final. One classification for
// every call, so enrol, login, pull and push never disagree about what a 503 means.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "sync/client/transport.h"

namespace pt::client {

enum class ApiStatus : std::uint8_t {
    success,          ///< a 2xx answer with a body that fits the contract
    unauthorized,     ///< 401: the token (or badge/PIN) was refused — final for that token
    rejected_input,   ///< 400, 413, 422: the request itself is wrong — retrying cannot help
    server_busy,      ///< 429 or 503: transient; honour retry_after
    server_error,     ///< another 5xx, a 408, or any other unexpected status: transient
    transport_error,  ///< no HTTP answer at all: transient
    bad_response,     ///< a 2xx whose body breaks the contract: transient, but reported
};

/// `success`, `unauthorized`, `rejected_input`, `server_busy`, `server_error`,
/// `transport_error` or `bad_response`.
[[nodiscard]] std::string_view name_of(ApiStatus status);

/// True for the failures worth retrying later (busy, server error, transport, bad response).
[[nodiscard]] bool is_transient(ApiStatus status) noexcept;

/// True when the server itself could not be reached or could not answer (transport error, 5xx,
/// 429/503): what allows an offline login. A 401 or 400 is an answer, so it is not.
[[nodiscard]] bool is_unreachable(ApiStatus status) noexcept;

struct ApiError {
    ApiStatus status = ApiStatus::success;
    long http_status = 0;                             ///< 0 for a transport error
    std::optional<TransportErrorKind> transport;      ///< set for transport_error
    std::optional<std::chrono::seconds> retry_after;  ///< from the answer's Retry-After
    std::string code;     ///< the `error` field of an error body, when there was one
    std::string message;  ///< human readable: the server's message, libcurl's, or the decoder's
};

/// One line for logs and the technician screen: `server_busy (HTTP 503, retry after 30 s): …`.
[[nodiscard]] std::string describe(const ApiError& error);

/// The classification of an exchange that did not succeed, or nullopt for a 2xx answer (whose
/// body the caller then decodes; a body that breaks the contract is bad_response).
[[nodiscard]] std::optional<ApiError> classify(const HttpResult& result);

/// An ApiError of status bad_response with `message`, keeping the HTTP status of `response`.
[[nodiscard]] ApiError bad_response(const HttpResponse& response, std::string message);

/// The value of a successful call, or why there is none.
template <typename T>
class ApiResult {
public:
    /// A success carrying `value` (implicit, so a call can `return value;`).
    ApiResult(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
    /// A failure (implicit, so a call can `return error;`); `error.status` must not be success.
    ApiResult(ApiError error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    /// True when the call succeeded and value() may be read.
    [[nodiscard]] bool ok() const noexcept { return value_.has_value(); }
    /// success, or the failure's classification.
    [[nodiscard]] ApiStatus status() const noexcept {
        return ok() ? ApiStatus::success : error_.status;
    }
    /// The value; precondition ok().
    [[nodiscard]] const T& value() const& { return *value_; }
    [[nodiscard]] T& value() & { return *value_; }
    [[nodiscard]] T&& value() && { return std::move(*value_); }
    /// Why the call failed; status success when ok().
    [[nodiscard]] const ApiError& error() const noexcept { return error_; }

private:
    std::optional<T> value_;
    ApiError error_;
};

}  // namespace pt::client
