// The size limits of sync-api.md ("Limits"), checked where bytes become values, so nothing
// hostile is allocated for or stored: JSON depth, ids, event ids, names and texts.
#pragma once

#include <cstddef>
#include <string_view>

namespace pt::protocol {

/// An array or object inside this many others is refused (the whole body → 400).
inline constexpr std::size_t kMaxJsonDepth = 32;
inline constexpr std::size_t kMaxIdLength = 64;
/// Names, labels and titles, in characters (UTF-8 code points).
inline constexpr std::size_t kMaxNameLength = 200;
/// A list of names in a record (the operators on a work step).
inline constexpr std::size_t kMaxNamesInList = 100;
/// Comments, notes and texts, in characters (UTF-8 code points).
inline constexpr std::size_t kMaxTextLength = 2000;
/// A token a terminal sends in a body (`previous_token` of the enrolment), in bytes. plan-server
/// issues 43 characters; anything longer than this is no token of ours and is refused.
inline constexpr std::size_t kMaxTokenLength = 128;

/// 1–64 characters of `A-Z a-z 0-9 . _ : -`, neither `.` nor `..` (a path holds every id).
[[nodiscard]] bool is_valid_id(std::string_view id) noexcept;
/// The shape of a UUID: 36 characters, hex digits and hyphens at 8, 13, 18 and 23.
[[nodiscard]] bool is_uuid_shaped(std::string_view id) noexcept;
/// How many characters (code points) `text` holds, counting UTF-8 lead bytes.
[[nodiscard]] std::size_t character_count(std::string_view text) noexcept;
/// True when an array or object in `text` lies inside more than kMaxJsonDepth others
/// (brackets inside strings do not count). Reads `text` once, allocates nothing.
[[nodiscard]] bool nested_too_deep(std::string_view text) noexcept;

}  // namespace pt::protocol
