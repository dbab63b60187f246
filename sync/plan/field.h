// One field of a record, described once so that the JSON codecs, the content hash, the R9
// filter and both SQLite stores iterate a table instead of naming every field again
// (issue 14: a new column used to touch ten files). The tables are in record_fields.h.
//
// A descriptor carries no I/O: sync/protocol maps a kind to JSON, the stores map it to SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <vector>

#include "sync/plan/time.h"

namespace pt::plan {

/// What a field holds, whatever its C++ type; an optional value is `null`/NULL when empty.
enum class FieldKind : std::uint8_t {
    id,           ///< std::string: 1–64 of `A-Z a-z 0-9 . _ : -` (sync-api.md, "Limits")
    name,         ///< std::string: a name, number or label, at most 200 characters
    text,         ///< std::string: notes and other long texts, at most 2,000 characters
    integer,      ///< std::int64_t, any sign
    count,        ///< std::int64_t, never negative (quantities)
    flag,         ///< bool
    time,         ///< Timestamp (RFC 3339 on the wire, whole seconds in SQL)
    enumeration,  ///< an enum written by its wire name (name_of / *_from_name)
    enum_set,     ///< a set of enum values (a list of names)
    name_list,    ///< std::vector<std::string>: names in order, each at most 200 characters
};

/// Whether a field is read from input (PUT, PATCH, POST), kept by the server whatever the input
/// says (sync-api.md "Credentials": such fields are "ignored on input"), or read when present
/// and else left at the record's default (a field added to a document after its first version).
enum class Input : std::uint8_t { read, ignored, defaulted };

/// Index of the R9 column (WorkStepColumn / ProcessColumn) that may hide a field; kNeverHidden
/// for fields every partner gets (identity fields, and records R9 does not cover).
inline constexpr int kNeverHidden = -1;

/// `Value` without its std::optional, so a visitor can tell "optional integer" from "integer".
template <typename T>
struct Unwrapped {
    using type = T;
    static constexpr bool optional = false;
};
template <typename T>
struct Unwrapped<std::optional<T>> {
    using type = T;
    static constexpr bool optional = true;
};

/// One field of `Record`: its JSON key, SQL column, member, kind and who may hide or set it.
/// `Source` is what a partner-view record is built from (view.cpp); `source` stays null in the
/// dataset records' tables and for view fields decided by the rules rather than copied.
template <typename Record, typename Value, typename Source = Record>
struct Field {
    using record_type = Record;
    using value_type = Value;
    std::string_view key;
    std::string_view column;
    Value Record::*member;
    FieldKind kind;
    int r9 = kNeverHidden;
    Input input = Input::read;
    Value (*source)(const Source&) = nullptr;

    /// Whether the value may be empty (JSON null / SQL NULL).
    static constexpr bool optional = Unwrapped<Value>::optional;
    /// Whether an administrator's R9 column choice may hide this field from partners.
    [[nodiscard]] constexpr bool hideable() const { return r9 != kNeverHidden; }
};

/// A field of a dataset record; the SQL column has the JSON key's name.
template <typename Record, typename Value>
constexpr Field<Record, Value> field(std::string_view key, Value Record::*member, FieldKind kind,
                                     int r9 = kNeverHidden, Input input = Input::read) {
    return {key, key, member, kind, r9, input, nullptr};
}

/// A field of a partner-view record, copied from `Source` by `source` (null: set by hand).
template <typename Source, typename Record, typename Value>
constexpr Field<Record, Value, Source> view_field(
    std::string_view key, Value Record::*member, FieldKind kind, int r9,
    std::type_identity_t<Value (*)(const Source&)> source) {
    return {key, key, member, kind, r9, Input::read, source};
}

/// The R9 column index of an R9 column enum value, for the tables.
template <typename Column>
constexpr int r9_of(Column column) {
    return static_cast<int>(column);
}

/// Calls `visit(field)` for each field of a table (a std::tuple of Field), in table order.
template <typename Table, typename Visit>
constexpr void for_each_field(const Table& table, Visit&& visit) {
    std::apply([&](const auto&... fields) { (visit(fields), ...); }, table);
}

/// Whether `kind` describes `Value` (std::optional of it for an optional field); the tables
/// check every row with it at compile time.
template <typename Value>
constexpr bool kind_fits(FieldKind kind) {
    using T = typename Unwrapped<Value>::type;
    switch (kind) {
        case FieldKind::id:
        case FieldKind::name:
        case FieldKind::text:
            return std::is_same_v<T, std::string>;
        case FieldKind::integer:
        case FieldKind::count:
            return std::is_same_v<T, std::int64_t>;
        case FieldKind::flag:
            return std::is_same_v<T, bool>;
        case FieldKind::time:
            return std::is_same_v<T, Timestamp>;
        case FieldKind::enumeration:
            return std::is_enum_v<T>;
        case FieldKind::enum_set:
            return requires(const T& set) {
                set.bits();
            };
        case FieldKind::name_list:
            return std::is_same_v<T, std::vector<std::string>>;
    }
    return false;
}

/// Whether every row of a table has a kind that fits its member.
template <typename Table>
constexpr bool kinds_fit(const Table& table) {
    bool fit = true;
    for_each_field(table, [&](const auto& f) {
        fit = fit && kind_fits<typename std::decay_t<decltype(f)>::value_type>(f.kind);
    });
    return fit;
}

/// The number of fields in a table.
template <typename Table>
constexpr std::size_t field_count(const Table&) {
    return std::tuple_size_v<Table>;
}

}  // namespace pt::plan
