// Timestamps of the plan: whole seconds, UTC, written as RFC 3339 on the wire.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace pt::plan {

using Timestamp = std::chrono::sys_seconds;

/// Formats as `2026-11-23T06:00:00Z`.
[[nodiscard]] std::string format_rfc3339(Timestamp t);

/// Parses RFC 3339 (`Z` or `±hh:mm` offset, optional fraction, which is truncated);
/// nullopt for anything else, including impossible dates.
[[nodiscard]] std::optional<Timestamp> parse_rfc3339(std::string_view text);

}  // namespace pt::plan
