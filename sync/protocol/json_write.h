// Internal to terminal::protocol: small helpers for building JSON documents.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/plan/time.h"

namespace pt::protocol::detail {

using Json = nlohmann::json;

/// Compact JSON text. Never throws for bad input: invalid UTF-8 inside strings is replaced
/// by U+FFFD instead of failing the whole document.
[[nodiscard]] std::string dump(const Json& document);

/// An RFC 3339 UTC string.
[[nodiscard]] Json time_json(plan::Timestamp time);
/// The string, or null.
[[nodiscard]] Json nullable_json(const std::optional<std::string>& text);
[[nodiscard]] Json string_list_json(const std::vector<std::string>& items);
/// A wire name as a JSON string.
[[nodiscard]] inline Json name_json(std::string_view name) {
    return Json(std::string(name));
}

}  // namespace pt::protocol::detail
