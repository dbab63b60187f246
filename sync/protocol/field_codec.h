// Internal to terminal::protocol: the rows of sync/plan/record_fields.h on the wire. Each kind of
// field has one writer and one reader; the record codecs iterate a table with them instead of
// naming the record's fields.
#pragma once

#include <optional>
#include <string>
#include <type_traits>

#include "sync/plan/field.h"
#include "sync/protocol/domain_json.h"

namespace pt::protocol::detail {

// ---- one value ----------------------------------------------------------------------------
[[nodiscard]] inline Json value_json(const std::string& value) {
    return Json(value);
}
[[nodiscard]] inline Json value_json(std::int64_t value) {
    return Json(value);
}
[[nodiscard]] inline Json value_json(bool value) {
    return Json(value);
}
[[nodiscard]] inline Json value_json(plan::Timestamp value) {
    return time_json(value);
}
[[nodiscard]] inline Json value_json(plan::ModuleSet value) {
    return modules_json(value);
}
[[nodiscard]] inline Json value_json(const std::vector<std::string>& value) {
    return Json(value);
}
/// An enum by its wire name.
template <typename Enum>
requires std::is_enum_v<Enum>
[[nodiscard]] Json value_json(Enum value) {
    return name_json(plan::name_of(value));
}
/// The value, or null.
template <typename T>
[[nodiscard]] Json value_json(const std::optional<T>& value) {
    return value ? value_json(*value) : Json(nullptr);
}

// Readers by C++ type; `kind` tells an integer from a count. Each throws ProtocolError.
void read_value(const Json& value, const Path& path, plan::FieldKind kind, std::string& out);
void read_value(const Json& value, const Path& path, plan::FieldKind kind, std::int64_t& out);
void read_value(const Json& value, const Path& path, plan::FieldKind kind, bool& out);
void read_value(const Json& value, const Path& path, plan::FieldKind kind, plan::Timestamp& out);
void read_value(const Json& value, const Path& path, plan::FieldKind kind, plan::ModuleSet& out);
/// At most kMaxNamesInList names, each of at most kMaxNameLength characters.
void read_value(const Json& value, const Path& path, plan::FieldKind kind,
                std::vector<std::string>& out);
void read_value(const Json& value, const Path& path, plan::FieldKind kind, plan::Inheritance& out);
void read_value(const Json& value, const Path& path, plan::FieldKind kind,
                plan::WorkStepStatus& out);
void read_value(const Json& value, const Path& path, plan::FieldKind kind,
                plan::ProcessStatus& out);
void read_value(const Json& value, const Path& path, plan::FieldKind kind, plan::OperatorRole& out);

/// JSON null empties `out`; anything else is read as T.
template <typename T>
void read_value(const Json& value, const Path& path, plan::FieldKind kind, std::optional<T>& out) {
    if (value.is_null()) {
        out.reset();
        return;
    }
    T inner{};
    read_value(value, path, kind, inner);
    out = std::move(inner);
}

/// Reads `key` of `object` into `out` when present; absent throws when `required`.
template <typename T>
void read_key(const ObjectReader& object, std::string_view key, plan::FieldKind kind, T& out,
              Presence presence) {
    object.read_into(
        key, out,
        [kind](const Json& value, const Path& path) {
            T read{};
            read_value(value, path, kind, read);
            return read;
        },
        presence);
}

// ---- dataset records: every field, optional ones as null ------------------------------------

/// Writes every field of `record` into `object`.
template <typename Table, typename Record>
void put_fields(Json& object, const Table& table, const Record& record) {
    plan::for_each_field(table, [&](const auto& field) {
        object[std::string(field.key)] = value_json(record.*(field.member));
    });
}

/// Reads the fields of `record` from `object`. An optional field may be null or absent; a field
/// the server keeps (Input::ignored) is never read; a defaulted one may be absent.
/// `presence` applies to the others.
template <typename Table, typename Record>
void read_fields(const ObjectReader& object, const Table& table, Record& record,
                 Presence presence) {
    plan::for_each_field(table, [&](const auto& field) {
        if (field.input == plan::Input::ignored) return;
        const bool may_be_absent = field.optional || field.input == plan::Input::defaulted;
        read_key(object, field.key, field.kind, record.*(field.member),
                 may_be_absent ? Presence::optional : presence);
    });
}

// ---- partner views: identity fields always, R9 columns only when set ---------------------

/// Writes the fields of a view record: a column left empty by R9 is absent, never null
/// (sync-api.md); an identity field is always written (null when empty).
template <typename Table, typename Record>
void put_view_fields(Json& object, const Table& table, const Record& record) {
    plan::for_each_field(table, [&](const auto& field) {
        const auto& value = record.*(field.member);
        if constexpr (std::decay_t<decltype(field)>::optional) {
            if (field.hideable() && !value) return;
        }
        object[std::string(field.key)] = value_json(value);
    });
}

/// Reads a view record: identity fields are required (null allowed where optional), columns
/// are read when present and then never null.
template <typename Table, typename Record>
void read_view_fields(const ObjectReader& object, const Table& table, Record& record) {
    plan::for_each_field(table, [&](const auto& field) {
        auto& out = record.*(field.member);
        if constexpr (std::decay_t<decltype(field)>::optional) {
            if (field.hideable()) {
                using Inner = typename std::decay_t<decltype(out)>::value_type;
                out = object.get_optional(field.key, [&](const Json& value, const Path& path) {
                    Inner inner{};
                    read_value(value, path, field.kind, inner);
                    return inner;
                });
                return;
            }
        }
        read_key(object, field.key, field.kind, out, Presence::required);
    });
}

}  // namespace pt::protocol::detail
