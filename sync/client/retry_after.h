// The `Retry-After` header (RFC 9110 §10.2.3) of a 429 or 503 answer: either a number of
// seconds or an HTTP-date. The sync engine never retries earlier than it says (product.md §5,
// back-pressure), so a fleet coming back at once spreads out the way the server asks.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace pt::client {

/// The longest delay a Retry-After value is read as; larger numbers saturate here rather than
/// overflow (the engine applies its own, smaller limit: BackoffPolicy::max_retry_after).
inline constexpr std::chrono::seconds kRetryAfterSaturation = std::chrono::days(366);

/// Parses an HTTP-date in any of the three forms RFC 9110 §5.6.7 requires a recipient to
/// accept (`Sun, 06 Nov 1994 08:49:37 GMT`, `Sunday, 06-Nov-94 08:49:37 GMT`,
/// `Sun Nov  6 08:49:37 1994`); nullopt for anything else, including impossible dates.
[[nodiscard]] std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view text);

/// Parses a Retry-After value into a delay from `now`: delay-seconds as given (saturating at
/// kRetryAfterSaturation), an HTTP-date as the time left until it (zero when it is past).
/// Surrounding blanks are ignored. nullopt for a malformed value (negative, a fraction, junk).
[[nodiscard]] std::optional<std::chrono::seconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now);

}  // namespace pt::client
