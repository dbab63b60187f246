#include "sync/protocol/domain_json.h"

namespace pt::protocol::detail {

namespace {

/// Every member of an EnumSet, by wire name, in enum order.
template <typename Enum, int Count>
Json enum_set_json(plan::EnumSet<Enum, Count> set) {
    Json names = Json::array();
    for (int i = 0; i < Count; ++i) {
        const auto value = static_cast<Enum>(i);
        if (set.contains(value)) names.push_back(name_json(plan::name_of(value)));
    }
    return names;
}

plan::Reason read_reason(const Json& value, const Path& path) {
    const ObjectReader object(value, path);
    return plan::Reason{.code = object.get("code", read_string),
                        .label = object.get("label", read_string)};
}

}  // namespace

plan::Inheritance read_inheritance(const Json& value, const Path& path) {
    return read_enum(value, path, plan::inheritance_from_name, "external inheritance");
}

std::optional<plan::Inheritance> read_nullable_inheritance(const Json& value, const Path& path) {
    if (value.is_null()) return std::nullopt;
    return read_inheritance(value, path);
}

plan::WorkStepStatus read_work_step_status(const Json& value, const Path& path) {
    return read_enum(value, path, plan::work_step_status_from_name, "work step status");
}

plan::ProcessStatus read_process_status(const Json& value, const Path& path) {
    return read_enum(value, path, plan::process_status_from_name, "process status");
}

plan::ModuleSet read_module_set(const Json& value, const Path& path) {
    return read_enum_set<plan::ModuleSet>(value, path, plan::module_from_name, "module");
}

plan::WorkStepColumns read_work_step_columns(const Json& value, const Path& path) {
    return read_enum_set<plan::WorkStepColumns>(value, path, plan::work_step_column_from_name,
                                                "work step column");
}

plan::ProcessColumns read_process_columns(const Json& value, const Path& path) {
    return read_enum_set<plan::ProcessColumns>(value, path, plan::process_column_from_name,
                                               "process column");
}

std::vector<plan::Reason> read_reasons(const Json& value, const Path& path) {
    return read_list(value, path, read_reason);
}

Json modules_json(plan::ModuleSet modules) {
    return enum_set_json(modules);
}
Json columns_json(plan::WorkStepColumns columns) {
    return enum_set_json(columns);
}
Json columns_json(plan::ProcessColumns columns) {
    return enum_set_json(columns);
}

Json reasons_json(const std::vector<plan::Reason>& reasons) {
    Json list = Json::array();
    for (const auto& reason : reasons) {
        list.push_back(Json{{"code", reason.code}, {"label", reason.label}});
    }
    return list;
}

}  // namespace pt::protocol::detail
