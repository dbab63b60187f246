// Internal to terminal::protocol: the plan's enums, enum sets and reasons on the wire, shared by
// the dataset, admin, login and plan codecs. Names come from sync/plan (name_of / *_from_name).
#pragma once

#include <vector>

#include "sync/plan/types.h"
#include "sync/protocol/json_read.h"
#include "sync/protocol/json_write.h"

namespace pt::protocol::detail {

// ---- reading ------------------------------------------------------------------------------
[[nodiscard]] plan::Inheritance read_inheritance(const Json& value, const Path& path);
/// An inheritance name, or nullopt for JSON null.
[[nodiscard]] std::optional<plan::Inheritance> read_nullable_inheritance(const Json& value,
                                                                         const Path& path);
[[nodiscard]] plan::WorkStepStatus read_work_step_status(const Json& value, const Path& path);
[[nodiscard]] plan::ProcessStatus read_process_status(const Json& value, const Path& path);
[[nodiscard]] plan::ModuleSet read_module_set(const Json& value, const Path& path);
[[nodiscard]] plan::WorkStepColumns read_work_step_columns(const Json& value, const Path& path);
[[nodiscard]] plan::ProcessColumns read_process_columns(const Json& value, const Path& path);
/// `[{"code", "label"}, …]`.
[[nodiscard]] std::vector<plan::Reason> read_reasons(const Json& value, const Path& path);

// ---- writing ------------------------------------------------------------------------------
[[nodiscard]] Json modules_json(plan::ModuleSet modules);
[[nodiscard]] Json columns_json(plan::WorkStepColumns columns);
[[nodiscard]] Json columns_json(plan::ProcessColumns columns);
[[nodiscard]] Json reasons_json(const std::vector<plan::Reason>& reasons);

}  // namespace pt::protocol::detail
