// Hand-made datasets for the integration tests, with what each partner may see written down
// from product.md R1–R10 (not from the server's code).
//
// standard_dataset():
//   partners  P1 Coating (workbench, planning; no process feedback) operators OP1 (B-1001, no
//             PIN), OP2 (B-1002, PIN 4711)
//             P2 Hardening (all modules; process feedback) operator OP3 (B-2001)
//             P3 Viewer (planning, dashboard: no workbench; process feedback) operator OP4 (B-3001)
//   resources R1 ext [P1], R2 ext [P2], R3 NOT ext [P1], R4 internal [], R5 ext [P3],
//             R6 ext [P1, P2]
//   orders    tree A limited: OA > OA1 > OA11, OA > OA2
//             tree B full:    OB > OB1 > OB11
//             tree C limited: OC > OC1 (OC1 names P1)
//             OD limited, OE limited (top-level only)
//   steps     WA0 OA/R4, WA1 OA1/R4, WA11 OA11/R1, WA11b OA11/R3, WA2 OA2/R3,
//             WB0 OB/R4, WB1 OB1/R2, WB11 OB11/R4, WC0 OC/R4, WC1 OC1/R4, WD OD/R5, WE OE/R6
//   processes PRA11 OA11, PRA2 OA2, PRB OB, PRB11 OB11, PRC OC, PRD OD, PRE OE
//   columns   work steps: order_number, operation, planned_start, quantity_good, quantity_scrap;
//             processes: name
//
// Expected views (all steps open, all processes open):
//   P1: orders OA11, OC, OC1, OE; steps WA11 (feedback), WE (feedback), WC0, WC1 (read-only);
//       resources R1, R6 own, R4 not own; no processes
//   P2: orders OB, OB1, OB11, OE; steps WB1, WE (feedback), WB0, WB11 (read-only);
//       resources R2, R6 own, R4 not own; processes PRB, PRB11, PRE (feedback)
//   P3: orders OD; steps WD; resources R5 own; processes PRD
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace pt::itest {

using nlohmann::json;

[[nodiscard]] json standard_dataset();

/// A work step object for a dataset (all fields set).
[[nodiscard]] json dataset_work_step(const std::string& id, const std::string& order_id,
                                     const std::string& resource_id,
                                     const std::string& status = "open");
/// A process object for a dataset.
[[nodiscard]] json dataset_process(const std::string& id, const std::string& order_id,
                                   const std::string& status = "open");
/// An order object for a dataset (`parent_id` empty = top-level).
[[nodiscard]] json dataset_order(const std::string& id, const std::string& parent_id,
                                 const std::string& external_inheritance,
                                 const std::set<std::string>& named_partner_ids = {});

/// The element of `dataset[collection]` with this id (throws when absent).
[[nodiscard]] json& dataset_item(json& dataset, const std::string& collection,
                                 const std::string& id);

/// The dataset with arrays of objects sorted by id and id lists sorted, so that two
/// documents that describe the same plan compare equal. A sub-order's `external_inheritance`
/// is dropped (R4: it has none of its own, so what the document shows there is not compared).
/// Operators appear as GET shows them: `badge` and `pin` replaced by `has_pin`, an absent `role`
/// as "operator"; a work step without `finished_at` (an upload) has it null; settings without
/// `finished_retention_days` have the default, 21.
[[nodiscard]] json normalized_dataset(json dataset);

}  // namespace pt::itest
