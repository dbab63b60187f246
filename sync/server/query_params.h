// Reading the query parameters of the admin lists (issue 16): each reader checks one parameter
// and throws BadQuery, whose message names it, when it is not what the endpoint reads; the
// endpoint answers that 400. Every value is bounded before anything is allocated for it.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "sync/plan/time.h"
#include "sync/server/plan_service.h"

namespace pt::server {

/// A query parameter the endpoint cannot read; what() names it and says what is expected.
class BadQuery : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The 400 for it: `{"error": "bad_request", "message"}`.
[[nodiscard]] Reply bad_query_reply(const BadQuery& error);

/// A whole decimal number from `lowest` to `highest`; `fallback` when absent.
[[nodiscard]] std::int64_t count_param(const QueryParams& query, std::string_view name,
                                       std::int64_t fallback, std::int64_t lowest,
                                       std::int64_t highest);
/// An id of sync-api.md's Limits (1–64 characters of `A-Z a-z 0-9 . _ : -`); none when absent.
[[nodiscard]] std::optional<std::string> id_param(const QueryParams& query, std::string_view name);
/// A search text of 1 to 200 characters, lower-cased (ASCII) for search_folded; none when
/// absent or empty.
[[nodiscard]] std::optional<std::string> search_param(const QueryParams& query,
                                                      std::string_view name);
/// An RFC 3339 time; none when absent.
[[nodiscard]] std::optional<plan::Timestamp> time_param(const QueryParams& query,
                                                        std::string_view name);
/// One of the names `from_name` knows (`what` lists them for the message); none when absent.
template <typename FromName>
[[nodiscard]] auto enum_param(const QueryParams& query, std::string_view name, FromName from_name,
                              std::string_view what) -> decltype(from_name(std::string_view{})) {
    const std::string* text = query.find(name);
    if (text == nullptr) return std::nullopt;
    auto value = from_name(*text);
    if (!value)
        throw BadQuery(std::string(name) + ": one of " + std::string(what) + " is expected");
    return value;
}

/// True when `text` holds `needle_lower` (already lower case), ignoring ASCII case.
[[nodiscard]] bool search_folded(std::string_view text, std::string_view needle_lower) noexcept;

}  // namespace pt::server
