// What a contract-level terminal holds: the plan view built by applying plan answers the way
// sync-api.md says (reset clears; upsert every listed object whole; delete every removed id),
// and the checks a strict client makes of each answer's shape.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace pt::itest {

using nlohmann::json;

/// The object kinds of a plan answer, in wire order (step_notes: product.md §8).
inline const std::vector<std::string> kPlanKinds = {"orders", "resources", "work_steps",
                                                    "processes", "step_notes"};

/// Every work step / process column an administrator may choose (sync-api.md, R9).
inline const std::vector<std::string> kAllWorkStepColumns = {
    "order_number",  "article",        "operation",   "seq",
    "resource_name", "planned_start",  "planned_end", "quantity",
    "quantity_good", "quantity_scrap", "notes"};
inline const std::vector<std::string> kAllProcessColumns = {"order_number", "name", "type", "due",
                                                            "notes"};

class PlanView {
public:
    /// Applies one plan answer (a reset or a delta). Ill-formed parts are skipped; use
    /// `check_plan_answer` to report them.
    void apply(const json& answer);
    /// A view holding exactly one reset answer.
    [[nodiscard]] static PlanView of(const json& answer);

    [[nodiscard]] std::set<std::string> ids(const std::string& kind) const;
    /// The object, or nullptr.
    [[nodiscard]] const json* find(const std::string& kind, const std::string& id) const;
    [[nodiscard]] std::size_t size() const;
    /// This view without the objects of `kind` (a model that does not cover them).
    [[nodiscard]] PlanView without(const std::string& kind) const;
    /// Human-readable differences (empty when equal), object for object, field for field.
    [[nodiscard]] std::string diff(const PlanView& expected) const;
    bool operator==(const PlanView& other) const = default;

private:
    std::map<std::string, std::map<std::string, json>> objects_;  // kind -> id -> object
};

/// Every id an answer mentions, in objects or in `removed` (for leak checks).
[[nodiscard]] std::set<std::string> ids_mentioned(const json& answer);

/// CHECKs one plan answer against sync-api.md: top-level keys and types, exact field sets
/// (orders, resources; work steps / processes = identity fields + `columns`), field types,
/// no id both listed and removed, no id listed twice.
void check_plan_answer(const json& answer, const std::vector<std::string>& work_step_columns,
                       const std::vector<std::string>& process_columns);

}  // namespace pt::itest
