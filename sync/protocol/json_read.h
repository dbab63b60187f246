// Internal to terminal::protocol: strict readers over a parsed nlohmann::json document.
// Every reader throws ProtocolError naming the JSON path of the culprit
// (`work_steps[3].planned_start`). Paths are kept as a chain of stack frames and rendered to
// text only when an error is thrown, so that decoding a large document allocates no paths.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sync/plan/time.h"
#include "sync/protocol/protocol.h"

namespace pt::protocol::detail {

using Json = nlohmann::json;

/// Where a value sits in the document: the root, `parent.key` or `parent[index]`. A Path
/// refers to its parent, so it must not outlive it (build it on the stack as you descend).
class Path {
public:
    Path() = default;
    Path(const Path& parent, std::string_view key) : parent_(&parent), key_(key) {}
    Path(const Path& parent, std::size_t index)
        : parent_(&parent), index_(index), is_index_(true) {}

    /// `work_steps[3].planned_start`; empty for the root.
    [[nodiscard]] std::string str() const;

private:
    const Path* parent_ = nullptr;
    std::string_view key_;
    std::size_t index_ = 0;
    bool is_index_ = false;
};

/// Throws ProtocolError(path, message, over_limit = true): a value breaks sync-api.md's Limits.
[[noreturn]] void fail_limit(const Path& path, const std::string& message);
/// Throws ProtocolError(path, message).
[[noreturn]] void fail(const Path& path, const std::string& message);

/// `'text'`, cut short (on a UTF-8 boundary) so that error messages stay small.
[[nodiscard]] std::string excerpt(std::string_view text);

/// Parses any JSON text; throws ProtocolError with an empty field when it is not JSON.
[[nodiscard]] Json parse_json(std::string_view text);

/// Runs `decode`, turning any nlohmann exception that slips through into a ProtocolError with
/// an empty field (a safety net: the readers check types before they access anything).
template <typename Decode>
auto guarded(Decode&& decode) -> decltype(decode()) {
    try {
        return std::forward<Decode>(decode)();
    } catch (const Json::exception& e) {
        throw ProtocolError("", std::string("malformed document: ") + e.what());
    }
}

// ---- values -------------------------------------------------------------------------------
[[nodiscard]] std::string read_string(const Json& value, const Path& path);
/// A string, or nullopt for JSON null.
[[nodiscard]] std::optional<std::string> read_nullable_string(const Json& value, const Path& path);
/// A whole number in int64 range: no fraction, no exponent, no boolean.
[[nodiscard]] std::int64_t read_int(const Json& value, const Path& path);
/// read_int, and not negative (quantities).
[[nodiscard]] std::int64_t read_count(const Json& value, const Path& path);
[[nodiscard]] bool read_bool(const Json& value, const Path& path);
/// An RFC 3339 time string.
[[nodiscard]] plan::Timestamp read_time(const Json& value, const Path& path);
[[nodiscard]] std::vector<std::string> read_string_list(const Json& value, const Path& path);
/// Throws unless `value` is an array.
void expect_array(const Json& value, const Path& path);

/// Reads each element of an array with `read_item(element, path_of_element)`.
template <typename ReadItem>
auto read_list(const Json& value, const Path& path, ReadItem read_item) {
    expect_array(value, path);
    std::vector<decltype(read_item(value, path))> items;
    items.reserve(value.size());
    std::size_t index = 0;
    for (const Json& element : value) {
        const Path element_path(path, index++);
        items.push_back(read_item(element, element_path));
    }
    return items;
}

/// An enum written by its wire name; `what` names the kind in the message ("module").
template <typename Enum>
Enum read_enum(const Json& value, const Path& path,
               std::optional<Enum> (*from_name)(std::string_view), std::string_view what) {
    if (!value.is_string()) fail(path, "expected a " + std::string(what) + " name (a string)");
    const auto& text = value.get_ref<const std::string&>();
    if (auto parsed = from_name(text)) return *parsed;
    fail(path, "unknown " + std::string(what) + " " + excerpt(text));
}

/// A set of enum values written as an array of names (duplicates are harmless).
template <typename Set, typename Enum>
Set read_enum_set(const Json& value, const Path& path,
                  std::optional<Enum> (*from_name)(std::string_view), std::string_view what) {
    expect_array(value, path);
    Set set;
    std::size_t index = 0;
    for (const Json& element : value) {
        const Path element_path(path, index++);
        set.insert(read_enum(element, element_path, from_name, what));
    }
    return set;
}

// ---- objects ------------------------------------------------------------------------------
/// Whether a field must be present (documents) or may be left out (patches).
enum class Presence : std::uint8_t { required, optional };

/// Reads the fields of one JSON object; unknown fields are ignored.
class ObjectReader {
public:
    /// Throws unless `value` is an object. Keeps references to both arguments.
    ObjectReader(const Json& value, const Path& path);

    [[nodiscard]] const Path& path() const { return path_; }
    /// The field, or nullptr when absent.
    [[nodiscard]] const Json* find(std::string_view key) const;
    [[nodiscard]] bool has(std::string_view key) const { return find(key) != nullptr; }
    /// The field; throws `missing required field` when absent.
    [[nodiscard]] const Json& at(std::string_view key) const;
    /// Throws ProtocolError naming `key` when the field is present.
    void refuse(std::string_view key, const std::string& message) const;

    /// `read(field, path_of_field)` of a required field.
    template <typename Read>
    auto get(std::string_view key, Read read) const {
        const Path field_path(path_, key);
        return read(at(key), field_path);
    }
    /// `read(...)` of an optional field; nullopt when absent.
    template <typename Read>
    auto get_optional(std::string_view key, Read read) const
        -> std::optional<decltype(read(std::declval<const Json&>(), std::declval<const Path&>()))> {
        const Json* field = find(key);
        if (field == nullptr) return std::nullopt;
        const Path field_path(path_, key);
        return read(*field, field_path);
    }
    /// Writes the field into `out` when present; when absent, throws if required and leaves
    /// `out` as it is otherwise.
    template <typename T, typename Read>
    void read_into(std::string_view key, T& out, Read read, Presence presence) const {
        const Json* field = find(key);
        if (field == nullptr) {
            if (presence == Presence::required) (void)at(key);  // throws "missing"
            return;
        }
        const Path field_path(path_, key);
        out = read(*field, field_path);
    }

private:
    const Json& value_;
    const Path& path_;
};

/// Parses `text` and checks that it is a JSON object (the body of every request and answer).
[[nodiscard]] Json parse_object(std::string_view text);

}  // namespace pt::protocol::detail
