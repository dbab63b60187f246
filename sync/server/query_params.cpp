#include "sync/server/query_params.h"

#include <charconv>

#include "sync/protocol/limits.h"

namespace pt::server {
namespace {

constexpr std::size_t kLongestSearch = 200;  // characters, as a name (sync-api.md "Limits")

char ascii_lower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

Reply bad_query_reply(const BadQuery& error) {
    return error_reply(400, "bad_request", error.what());
}

std::int64_t count_param(const QueryParams& query, std::string_view name, std::int64_t fallback,
                         std::int64_t lowest, std::int64_t highest) {
    const std::string* text = query.find(name);
    if (text == nullptr) return fallback;
    std::int64_t value = 0;
    const char* end = text->data() + text->size();
    const auto [stop, error] = std::from_chars(text->data(), end, value);
    if (text->empty() || text->front() == '-' || text->front() == '+' || error != std::errc() ||
        stop != end || value < lowest || value > highest) {
        throw BadQuery(std::string(name) + ": a whole number from " + std::to_string(lowest) +
                       " to " + std::to_string(highest) + " is expected");
    }
    return value;
}

std::optional<std::string> id_param(const QueryParams& query, std::string_view name) {
    const std::string* text = query.find(name);
    if (text == nullptr) return std::nullopt;
    if (!protocol::is_valid_id(*text)) {
        throw BadQuery(std::string(name) + ": an id of 1 to " +
                       std::to_string(protocol::kMaxIdLength) +
                       " characters A-Z a-z 0-9 . _ : - is expected");
    }
    return *text;
}

std::optional<std::string> search_param(const QueryParams& query, std::string_view name) {
    const std::string* text = query.find(name);
    if (text == nullptr || text->empty()) return std::nullopt;
    if (protocol::character_count(*text) > kLongestSearch) {
        throw BadQuery(std::string(name) + ": at most " + std::to_string(kLongestSearch) +
                       " characters are expected");
    }
    for (const char c : *text) {
        // Control characters separate the fields the search reads (sorted_plan.h).
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            throw BadQuery(std::string(name) + ": a text without control characters is expected");
    }
    std::string folded = *text;
    for (char& c : folded)
        c = ascii_lower(c);
    return folded;
}

std::optional<plan::Timestamp> time_param(const QueryParams& query, std::string_view name) {
    const std::string* text = query.find(name);
    if (text == nullptr) return std::nullopt;
    auto time = plan::parse_rfc3339(*text);
    if (!time) {
        throw BadQuery(std::string(name) +
                       ": an RFC 3339 time such as 2026-12-01T06:00:00Z is expected");
    }
    return time;
}

bool search_folded(std::string_view text, std::string_view needle_lower) noexcept {
    if (needle_lower.empty()) return true;
    if (needle_lower.size() > text.size()) return false;
    const char first = needle_lower.front();
    const std::size_t last_start = text.size() - needle_lower.size();
    for (std::size_t at = 0; at <= last_start; ++at) {
        if (ascii_lower(text[at]) != first) continue;
        std::size_t i = 1;
        while (i < needle_lower.size() && ascii_lower(text[at + i]) == needle_lower[i])
            ++i;
        if (i == needle_lower.size()) return true;
    }
    return false;
}

}  // namespace pt::server
