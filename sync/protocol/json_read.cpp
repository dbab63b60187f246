#include "sync/protocol/json_read.h"

#include <limits>

#include "sync/protocol/limits.h"

namespace pt::protocol {

ProtocolError::ProtocolError(std::string field, const std::string& message, bool over_limit)
    : std::runtime_error(field.empty() ? message : field + ": " + message),
      field_(std::move(field)),
      over_limit_(over_limit) {}

}  // namespace pt::protocol

namespace pt::protocol::detail {

namespace {

constexpr std::size_t kQuoteLimit = 40;

const char* type_name(const Json& value) {
    switch (value.type()) {
        case Json::value_t::null:
            return "null";
        case Json::value_t::boolean:
            return "a boolean";
        case Json::value_t::string:
            return "a string";
        case Json::value_t::array:
            return "an array";
        case Json::value_t::object:
            return "an object";
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned:
        case Json::value_t::number_float:
            return "a number";
        default:
            return "an unexpected value";
    }
}

[[noreturn]] void fail_type(const Json& value, const Path& path, std::string_view expected) {
    fail(path, "expected " + std::string(expected) + ", got " + type_name(value));
}

}  // namespace

std::string Path::str() const {
    if (parent_ == nullptr) return {};
    std::string text = parent_->str();
    if (is_index_) {
        text += '[';
        text += std::to_string(index_);
        text += ']';
    } else {
        if (!text.empty()) text += '.';
        text += key_;
    }
    return text;
}

void fail(const Path& path, const std::string& message) {
    throw ProtocolError(path.str(), message);
}

void fail_limit(const Path& path, const std::string& message) {
    throw ProtocolError(path.str(), message, true);
}

std::string excerpt(std::string_view text) {
    if (text.size() <= kQuoteLimit) return "'" + std::string(text) + "'";
    std::size_t cut = kQuoteLimit;
    // Do not split a UTF-8 sequence: back up over continuation bytes (10xxxxxx).
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U)
        --cut;
    return "'" + std::string(text.substr(0, cut)) + "…'";
}

Json parse_json(std::string_view text) {
    // Before the parser allocates a level for each bracket (16 MB of `[` took 681 MB).
    if (nested_too_deep(text)) {
        throw ProtocolError(
            "", "body is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    try {
        return Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error& e) {
        // Drop nlohmann's "[json.exception.parse_error.101] " prefix; keep where and why.
        std::string_view detail = e.what();
        if (auto end = detail.find("] "); end != std::string_view::npos) {
            detail.remove_prefix(end + 2);
        }
        throw ProtocolError("", "body is not JSON: " + std::string(detail));
    } catch (const Json::exception& e) {
        throw ProtocolError("", std::string("body is not JSON: ") + e.what());
    }
}

Json parse_object(std::string_view text) {
    Json document = parse_json(text);
    if (!document.is_object()) fail_type(document, Path(), "a JSON object");
    return document;
}

std::string read_string(const Json& value, const Path& path) {
    if (!value.is_string()) fail_type(value, path, "a string");
    return value.get_ref<const std::string&>();
}

std::optional<std::string> read_nullable_string(const Json& value, const Path& path) {
    if (value.is_null()) return std::nullopt;
    if (!value.is_string()) fail_type(value, path, "a string or null");
    return value.get_ref<const std::string&>();
}

std::int64_t read_int(const Json& value, const Path& path) {
    // nlohmann keeps integers that fit int64 as number_integer, larger ones as
    // number_unsigned, and anything with a fraction or an exponent as number_float.
    if (value.is_number_integer() && !value.is_number_unsigned()) {
        return value.get<std::int64_t>();
    }
    if (value.is_number_unsigned()) {
        const auto number = value.get<std::uint64_t>();
        if (number > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            fail(path, "integer out of range");
        }
        return static_cast<std::int64_t>(number);
    }
    if (value.is_number_float()) {
        fail(path, "expected an integer within int64 range, without fraction or exponent");
    }
    fail_type(value, path, "an integer");
}

std::int64_t read_count(const Json& value, const Path& path) {
    const std::int64_t number = read_int(value, path);
    if (number < 0) fail(path, "must not be negative, got " + std::to_string(number));
    return number;
}

bool read_bool(const Json& value, const Path& path) {
    if (!value.is_boolean()) fail_type(value, path, "a boolean");
    return value.get<bool>();
}

plan::Timestamp read_time(const Json& value, const Path& path) {
    if (!value.is_string()) fail_type(value, path, "an RFC 3339 time string");
    const auto& text = value.get_ref<const std::string&>();
    if (auto time = plan::parse_rfc3339(text)) return *time;
    fail(path, "expected an RFC 3339 time such as '2026-11-23T06:00:00Z', got " + excerpt(text));
}

void expect_array(const Json& value, const Path& path) {
    if (!value.is_array()) fail_type(value, path, "an array");
}

std::vector<std::string> read_string_list(const Json& value, const Path& path) {
    return read_list(value, path, read_string);
}

ObjectReader::ObjectReader(const Json& value, const Path& path) : value_(value), path_(path) {
    if (!value.is_object()) fail_type(value, path, "an object");
}

const Json* ObjectReader::find(std::string_view key) const {
    auto it = value_.find(key);
    return it == value_.end() ? nullptr : &*it;
}

const Json& ObjectReader::at(std::string_view key) const {
    if (const Json* field = find(key)) return *field;
    fail(Path(path_, key), "missing required field");
}

void ObjectReader::refuse(std::string_view key, const std::string& message) const {
    if (has(key)) fail(Path(path_, key), message);
}

}  // namespace pt::protocol::detail
