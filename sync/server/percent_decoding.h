// Percent-decoding of what a request's target carries (RFC 3986 §2.1): the query's names and
// values, and the one path segment a route's `{id}` stands for. A browser encodes ids with
// encodeURIComponent, so `P:1` arrives as `P%3A1`; both spellings name the same object.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pt::server {

/// A query component: `+` is a space; a broken escape stays as it is.
[[nodiscard]] std::string decode_query_component(std::string_view text);
/// A path segment: `+` is itself; none when an escape is broken (no id of ours has one).
[[nodiscard]] std::optional<std::string> decode_path_segment(std::string_view text);

}  // namespace pt::server
