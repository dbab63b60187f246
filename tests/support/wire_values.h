// Values a test writes on the wire as a terminal would: random ids, event ids, times.
#pragma once

#include <cstddef>
#include <string>

namespace pt::test {

/// `bytes` random bytes as lower-case hex.
[[nodiscard]] std::string random_hex(std::size_t bytes);
/// A random RFC 4122 version-4 UUID (an event id).
[[nodiscard]] std::string new_uuid();
/// Now as an RFC 3339 UTC string (`2026-11-23T06:00:00Z`).
[[nodiscard]] std::string now_rfc3339();

}  // namespace pt::test
