// The rows of sync/plan/record_fields.h as SQLite columns. Text as TEXT, integers, flags and
// times (whole seconds) as INTEGER, enums by their wire names (stable, readable in the sqlite3
// shell), enum sets as comma-separated names, name lists as `LENGTH:NAME…`; an optional field is
// NULL when empty.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "sync/plan/field.h"
#include "sync/plan/types.h"

namespace pt::sql {

/// A stored value no enum of this program knows (a newer writer, or a file edited by hand).
class UnknownValue : public std::runtime_error {
public:
    /// `value` is the text found in the database, `column` where (empty while unknown).
    explicit UnknownValue(std::string value, std::string column = {})
        : std::runtime_error("unknown value '" + value + "'"),
          value_(std::move(value)),
          column_(std::move(column)) {}
    /// The text found in the database.
    [[nodiscard]] const std::string& value() const { return value_; }
    /// The column it was found in.
    [[nodiscard]] const std::string& column() const { return column_; }

private:
    std::string value_;
    std::string column_;
};

// ---- one value ----------------------------------------------------------------------------
void bind_value(SQLite::Statement& s, int index, const std::string& value);
void bind_value(SQLite::Statement& s, int index, std::int64_t value);
void bind_value(SQLite::Statement& s, int index, bool value);
void bind_value(SQLite::Statement& s, int index, plan::Timestamp value);
void bind_value(SQLite::Statement& s, int index, plan::ModuleSet value);
void bind_value(SQLite::Statement& s, int index, const std::vector<std::string>& value);
void bind_value(SQLite::Statement& s, int index, plan::Inheritance value);
void bind_value(SQLite::Statement& s, int index, plan::WorkStepStatus value);
void bind_value(SQLite::Statement& s, int index, plan::ProcessStatus value);
/// NULL when empty.
template <typename T>
void bind_value(SQLite::Statement& s, int index, const std::optional<T>& value) {
    if (value) {
        bind_value(s, index, *value);
    } else {
        s.bind(index);
    }
}

// Readers by C++ type; an enum name this program does not know throws UnknownValue.
void read_value(const SQLite::Column& column, std::string& out);
void read_value(const SQLite::Column& column, std::int64_t& out);
void read_value(const SQLite::Column& column, bool& out);
void read_value(const SQLite::Column& column, plan::Timestamp& out);
void read_value(const SQLite::Column& column, plan::ModuleSet& out);
void read_value(const SQLite::Column& column, std::vector<std::string>& out);
void read_value(const SQLite::Column& column, plan::Inheritance& out);
void read_value(const SQLite::Column& column, plan::WorkStepStatus& out);
void read_value(const SQLite::Column& column, plan::ProcessStatus& out);
/// NULL empties `out`.
template <typename T>
void read_value(const SQLite::Column& column, std::optional<T>& out) {
    if (column.isNull()) {
        out.reset();
        return;
    }
    T inner{};
    read_value(column, inner);
    out = std::move(inner);
}

/// The SQL literal of a value, for a column's DEFAULT.
[[nodiscard]] std::string literal_of(const std::string& value);
[[nodiscard]] std::string literal_of(std::int64_t value);
[[nodiscard]] std::string literal_of(bool value);
[[nodiscard]] std::string literal_of(plan::Timestamp value);
[[nodiscard]] std::string literal_of(plan::ModuleSet value);
[[nodiscard]] std::string literal_of(const std::vector<std::string>& value);
/// An enum by its quoted wire name.
template <typename Enum>
requires std::is_enum_v<Enum>
[[nodiscard]] std::string literal_of(Enum value) {
    return literal_of(std::string(plan::name_of(value)));
}

// ---- a table's columns ----------------------------------------------------------------------

/// `a, b, c`: the table's SQL columns in table order.
template <typename Table>
[[nodiscard]] std::string column_list(const Table& table) {
    std::string list;
    plan::for_each_field(table, [&](const auto& field) {
        if (!list.empty()) list += ", ";
        list += field.column;
    });
    return list;
}

/// `?, ?, ?`: one placeholder per field.
template <typename Table>
[[nodiscard]] std::string placeholders(const Table& table) {
    std::string list;
    for (std::size_t i = 0; i < plan::field_count(table); ++i)
        list += i == 0 ? "?" : ", ?";
    return list;
}

/// Binds every field of `record` from parameter `first` on; returns the next free parameter.
template <typename Table, typename Record>
int bind_fields(SQLite::Statement& s, int first, const Table& table, const Record& record) {
    int index = first;
    plan::for_each_field(
        table, [&](const auto& field) { bind_value(s, index++, record.*(field.member)); });
    return index;
}

/// Reads every field of `record` from result column `first` on (as selected by column_list);
/// returns the next column. Throws UnknownValue for an enum name it does not know.
template <typename Table, typename Record>
int read_fields(const SQLite::Statement& row, int first, const Table& table, Record& record) {
    int index = first;
    plan::for_each_field(table, [&](const auto& field) {
        try {
            read_value(row.getColumn(index++), record.*(field.member));
        } catch (const UnknownValue& e) {
            throw UnknownValue(e.value(), std::string(field.column));
        }
    });
    return index;
}

// ---- the generic migration --------------------------------------------------------------------

/// One column as ALTER TABLE ADD COLUMN writes it.
struct ColumnSpec {
    std::string name;
    /// `TEXT NOT NULL DEFAULT ''`, `INTEGER` …
    std::string definition;
};

/// The columns of a table's fields. A required field gets NOT NULL and, as DEFAULT, its value in
/// a default-constructed record: the value existing rows take when the column is added.
template <typename Table>
[[nodiscard]] std::vector<ColumnSpec> column_specs(const Table& table) {
    std::vector<ColumnSpec> specs;
    plan::for_each_field(table, [&](const auto& field) {
        using F = std::decay_t<decltype(field)>;
        using Record = typename F::record_type;
        const bool text =
            field.kind == plan::FieldKind::id || field.kind == plan::FieldKind::name ||
            field.kind == plan::FieldKind::text || field.kind == plan::FieldKind::enumeration ||
            field.kind == plan::FieldKind::enum_set || field.kind == plan::FieldKind::name_list;
        std::string definition = text ? "TEXT" : "INTEGER";
        if constexpr (!F::optional) {
            definition += " NOT NULL DEFAULT " + literal_of(Record{}.*(field.member));
        }
        specs.push_back({std::string(field.column), std::move(definition)});
    });
    return specs;
}

/// The names of `table`'s columns as the database has them. Throws SQLite::Exception.
[[nodiscard]] std::set<std::string> column_names(SQLite::Database& db, std::string_view table);

/// Adds to `table` each of `columns` it lacks (ALTER TABLE ADD COLUMN), so that a database
/// written before a field existed opens with it. Run inside the caller's write transaction.
/// Returns the names added. Throws SQLite::Exception.
std::vector<std::string> add_missing_columns(SQLite::Database& db, std::string_view table,
                                             std::span<const ColumnSpec> columns);

}  // namespace pt::sql
