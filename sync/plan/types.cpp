#include "sync/plan/types.h"

#include <array>

namespace pt::plan {
namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<std::string_view, N>& names, std::string_view name) {
    for (std::size_t i = 0; i < N; ++i) {
        if (names[i] == name) return static_cast<Enum>(i);
    }
    return std::nullopt;
}

template <typename Enum, std::size_t N>
std::string_view name_in(const std::array<std::string_view, N>& names, Enum value) {
    const auto index = static_cast<std::size_t>(value);
    return index < N ? names[index] : std::string_view{};
}

// Wire names, in enum order (sync-api.md).
constexpr std::array<std::string_view, 2> kInheritanceNames{"limited", "full"};
constexpr std::array<std::string_view, kModuleCount> kModuleNames{"workbench", "planning",
                                                                  "dashboard", "planning_objects"};
constexpr std::array<std::string_view, 5> kWorkStepStatusNames{"open", "in_progress", "paused",
                                                               "finished", "cancelled"};
constexpr std::array<std::string_view, 4> kProcessStatusNames{"open", "in_progress", "done",
                                                              "cancelled"};
constexpr std::array<std::string_view, 2> kOperatorRoleNames{"operator", "lead"};
constexpr std::array<std::string_view, kWorkStepColumnCount> kWorkStepColumnNames{
    "order_number",  "article",        "operation",   "seq",
    "resource_name", "planned_start",  "planned_end", "quantity",
    "quantity_good", "quantity_scrap", "notes"};
constexpr std::array<std::string_view, kProcessColumnCount> kProcessColumnNames{
    "order_number", "name", "type", "due", "notes"};

}  // namespace

std::string_view name_of(Inheritance value) {
    return name_in(kInheritanceNames, value);
}
std::string_view name_of(Module value) {
    return name_in(kModuleNames, value);
}
std::string_view name_of(WorkStepStatus value) {
    return name_in(kWorkStepStatusNames, value);
}
std::string_view name_of(ProcessStatus value) {
    return name_in(kProcessStatusNames, value);
}
std::string_view name_of(WorkStepColumn value) {
    return name_in(kWorkStepColumnNames, value);
}
std::string_view name_of(ProcessColumn value) {
    return name_in(kProcessColumnNames, value);
}

std::string_view name_of(OperatorRole value) {
    return name_in(kOperatorRoleNames, value);
}

std::optional<Inheritance> inheritance_from_name(std::string_view name) {
    return lookup<Inheritance>(kInheritanceNames, name);
}
std::optional<Module> module_from_name(std::string_view name) {
    return lookup<Module>(kModuleNames, name);
}
std::optional<WorkStepStatus> work_step_status_from_name(std::string_view name) {
    return lookup<WorkStepStatus>(kWorkStepStatusNames, name);
}
std::optional<ProcessStatus> process_status_from_name(std::string_view name) {
    return lookup<ProcessStatus>(kProcessStatusNames, name);
}
std::optional<WorkStepColumn> work_step_column_from_name(std::string_view name) {
    return lookup<WorkStepColumn>(kWorkStepColumnNames, name);
}
std::optional<ProcessColumn> process_column_from_name(std::string_view name) {
    return lookup<ProcessColumn>(kProcessColumnNames, name);
}

std::optional<OperatorRole> operator_role_from_name(std::string_view name) {
    return lookup<OperatorRole>(kOperatorRoleNames, name);
}

}  // namespace pt::plan
