// An independent model of product.md R1–R9: from a dataset document (GET /admin/v1/dataset),
// the plan answer a partner should get, written from the specification alone. Tests compare
// the server's cursor-less pull with it, object for object.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "tests/integration/plan_view.h"

namespace pt::itest {

using nlohmann::json;

/// What `partner` may see in `dataset`, as a reset plan answer (cursor "model").
/// `feedback_allowed` of a partner without the workbench licence is modelled as false
/// (R2, R8: "only with the workbench licence").
[[nodiscard]] json expected_plan(const json& dataset, const std::string& partner);

}  // namespace pt::itest
