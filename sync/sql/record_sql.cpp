#include "sync/sql/record_sql.h"

#include <algorithm>
#include <charconv>
#include <set>

namespace pt::sql {
namespace {

template <typename Enum>
Enum parse(std::optional<Enum> (*from_name)(std::string_view), const std::string& text) {
    const auto value = from_name(text);
    if (!value) throw UnknownValue(text);
    return *value;
}

/// A list of names as `LENGTH:NAME` one after another: any byte may be in a name.
std::string packed_names(const std::vector<std::string>& names) {
    std::string packed;
    for (const std::string& name : names)
        packed += std::to_string(name.size()) + ":" + name;
    return packed;
}

std::string module_names(plan::ModuleSet set) {
    std::string text;
    for (int i = 0; i < plan::ModuleSet::size(); ++i) {
        const auto module = static_cast<plan::Module>(i);
        if (!set.contains(module)) continue;
        if (!text.empty()) text += ',';
        text += plan::name_of(module);
    }
    return text;
}

}  // namespace

void bind_value(SQLite::Statement& s, int index, const std::string& value) {
    s.bind(index, value);
}
void bind_value(SQLite::Statement& s, int index, std::int64_t value) {
    s.bind(index, value);
}
void bind_value(SQLite::Statement& s, int index, bool value) {
    s.bind(index, value ? 1 : 0);
}
void bind_value(SQLite::Statement& s, int index, plan::Timestamp value) {
    const std::int64_t seconds = value.time_since_epoch().count();
    s.bind(index, seconds);
}
void bind_value(SQLite::Statement& s, int index, plan::ModuleSet value) {
    s.bind(index, module_names(value));
}
void bind_value(SQLite::Statement& s, int index, const std::vector<std::string>& value) {
    s.bind(index, packed_names(value));
}
void bind_value(SQLite::Statement& s, int index, plan::Inheritance value) {
    s.bind(index, std::string(plan::name_of(value)));
}
void bind_value(SQLite::Statement& s, int index, plan::WorkStepStatus value) {
    s.bind(index, std::string(plan::name_of(value)));
}
void bind_value(SQLite::Statement& s, int index, plan::ProcessStatus value) {
    s.bind(index, std::string(plan::name_of(value)));
}

void read_value(const SQLite::Column& column, std::string& out) {
    out = column.getString();
}
void read_value(const SQLite::Column& column, std::int64_t& out) {
    out = column.getInt64();
}
void read_value(const SQLite::Column& column, bool& out) {
    out = column.getInt() != 0;
}
void read_value(const SQLite::Column& column, plan::Timestamp& out) {
    out = plan::Timestamp{std::chrono::seconds{column.getInt64()}};
}
void read_value(const SQLite::Column& column, plan::ModuleSet& out) {
    const std::string text = column.getString();
    out = {};
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        out.insert(parse(&plan::module_from_name, text.substr(start, end - start)));
        start = end + 1;
    }
}
void read_value(const SQLite::Column& column, std::vector<std::string>& out) {
    const std::string text = column.getString();
    out.clear();
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t colon = text.find(':', at);
        std::size_t length = 0;
        const auto [end, error] =
            std::from_chars(text.data() + at, text.data() + std::min(colon, text.size()), length);
        if (colon == std::string::npos || error != std::errc{} || end != text.data() + colon ||
            length > text.size() - colon - 1) {
            throw UnknownValue(text);
        }
        out.push_back(text.substr(colon + 1, length));
        at = colon + 1 + length;
    }
}
void read_value(const SQLite::Column& column, plan::Inheritance& out) {
    out = parse(&plan::inheritance_from_name, column.getString());
}
void read_value(const SQLite::Column& column, plan::WorkStepStatus& out) {
    out = parse(&plan::work_step_status_from_name, column.getString());
}
void read_value(const SQLite::Column& column, plan::ProcessStatus& out) {
    out = parse(&plan::process_status_from_name, column.getString());
}

std::string literal_of(const std::string& value) {
    std::string quoted = "'";
    for (const char c : value) {
        quoted += c;
        if (c == '\'') quoted += '\'';
    }
    return quoted + "'";
}
std::string literal_of(std::int64_t value) {
    return std::to_string(value);
}
std::string literal_of(bool value) {
    return value ? "1" : "0";
}
std::string literal_of(plan::Timestamp value) {
    return std::to_string(value.time_since_epoch().count());
}
std::string literal_of(const std::vector<std::string>& value) {
    return literal_of(packed_names(value));
}

std::string literal_of(plan::ModuleSet value) {
    return literal_of(module_names(value));
}

std::set<std::string> column_names(SQLite::Database& db, std::string_view table) {
    std::set<std::string> names;
    SQLite::Statement info(db, "SELECT name FROM pragma_table_info(?)");
    info.bind(1, std::string(table));
    while (info.executeStep())
        names.insert(info.getColumn(0).getString());
    return names;
}

std::vector<std::string> add_missing_columns(SQLite::Database& db, std::string_view table,
                                             std::span<const ColumnSpec> columns) {
    const std::set<std::string> present = column_names(db, table);
    std::vector<std::string> added;
    for (const ColumnSpec& column : columns) {
        if (present.contains(column.name)) continue;
        db.exec("ALTER TABLE " + std::string(table) + " ADD COLUMN " + column.name + " " +
                column.definition);
        added.push_back(column.name);
    }
    return added;
}

}  // namespace pt::sql
