// Internal to terminal::protocol: small helpers for building JSON documents.
#pragma once

#include <cstdint>
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
/// Appends JSON text straight to a string, without building a document: for the event feed,
/// where building a page of 10,000 events as a document cost three times reading them from the
/// database. Objects and arrays nest; commas are placed by the writer. A valid UTF-8 string is
/// escaped as dump() escapes it; each byte that is not part of valid UTF-8 becomes U+FFFD
/// (dump() writes one U+FFFD for a whole cut-short sequence: both are valid JSON).
class JsonWriter {
public:
    explicit JsonWriter(std::string& out) : out_(out) {}
    JsonWriter& begin_object() { return open('{'); }
    JsonWriter& end_object() { return close('}'); }
    JsonWriter& begin_array() { return open('['); }
    JsonWriter& end_array() { return close(']'); }
    /// The next member's key (inside an object).
    JsonWriter& key(std::string_view name);
    JsonWriter& string(std::string_view text);
    JsonWriter& number(std::int64_t value);
    JsonWriter& null();
    JsonWriter& time(plan::Timestamp time) { return string(plan::format_rfc3339(time)); }

private:
    JsonWriter& open(char bracket);
    JsonWriter& close(char bracket);
    /// A comma before every element but the first of its array (keys place their own).
    void before_value();
    void write_string(std::string_view text);

    std::string& out_;
    std::vector<bool> first_;  ///< per open object or array: nothing written in it yet
    bool after_key_ = false;
};

/// The string, or null.
[[nodiscard]] Json nullable_json(const std::optional<std::string>& text);
[[nodiscard]] Json string_list_json(const std::vector<std::string>& items);
/// A wire name as a JSON string.
[[nodiscard]] inline Json name_json(std::string_view name) {
    return Json(std::string(name));
}

}  // namespace pt::protocol::detail
