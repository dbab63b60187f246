#include "tests/integration/datasets.h"

#include <algorithm>
#include <stdexcept>

namespace pt::itest {

json dataset_work_step(const std::string& id, const std::string& order_id,
                       const std::string& resource_id, const std::string& status) {
    return {{"id", id},
            {"order_id", order_id},
            {"seq", 10},
            {"operation", "Operation " + id},
            {"resource_id", resource_id},
            {"planned_start", "2026-11-23T06:00:00Z"},
            {"planned_end", "2026-11-23T14:00:00Z"},
            {"quantity", 100},
            {"status", status},
            {"quantity_good", 0},
            {"quantity_scrap", 0},
            {"notes", "Notes of " + id}};
}

json dataset_process(const std::string& id, const std::string& order_id,
                     const std::string& status) {
    return {{"id", id},
            {"order_id", order_id},
            {"name", "Process " + id},
            {"type", "material"},
            {"due", "2026-11-20T12:00:00Z"},
            {"status", status},
            {"notes", "Notes of " + id}};
}

json dataset_order(const std::string& id, const std::string& parent_id,
                   const std::string& external_inheritance,
                   const std::set<std::string>& named_partner_ids) {
    return {{"id", id},
            {"number", "PO-" + id},
            {"article", "Article " + id},
            {"quantity", 100},
            {"due", "2026-11-30T16:00:00Z"},
            {"parent_id", parent_id.empty() ? json(nullptr) : json(parent_id)},
            {"external_inheritance",
             external_inheritance.empty() ? json(nullptr) : json(external_inheritance)},
            {"named_partner_ids", named_partner_ids}};
}

json standard_dataset() {
    json dataset = R"({
      "settings": {
        "default_external_inheritance": "limited",
        "external_columns": {
          "work_steps": ["order_number", "operation", "planned_start", "quantity_good",
                         "quantity_scrap"],
          "processes": ["name"]},
        "reasons": {
          "pause": [{"code": "MAT", "label": "Waiting for material"},
                    {"code": "TOOL", "label": "Tool change"}],
          "scrap": [{"code": "SURF", "label": "Surface defect"},
                    {"code": "DIM", "label": "Out of tolerance"}]}},
      "partners": [
        {"id": "P1", "name": "Coating Ltd", "modules": ["workbench", "planning"],
         "allow_process_feedback": false,
         "operators": [{"id": "OP1", "name": "Ana", "badge": "B-1001", "pin": null},
                       {"id": "OP2", "name": "Ben", "badge": "B-1002", "pin": "4711"}]},
        {"id": "P2", "name": "Hardening GmbH",
         "modules": ["workbench", "planning", "dashboard", "planning_objects"],
         "allow_process_feedback": true,
         "operators": [{"id": "OP3", "name": "Cem", "badge": "B-2001", "pin": null}]},
        {"id": "P3", "name": "Viewer AG", "modules": ["planning", "dashboard"],
         "allow_process_feedback": true,
         "operators": [{"id": "OP4", "name": "Dora", "badge": "B-3001", "pin": null}]}],
      "resources": [
        {"id": "R1", "name": "Coating line 1", "external": true, "partner_ids": ["P1"]},
        {"id": "R2", "name": "Hardening oven", "external": true, "partner_ids": ["P2"]},
        {"id": "R3", "name": "Internal mill", "external": false, "partner_ids": ["P1"]},
        {"id": "R4", "name": "Saw", "external": false, "partner_ids": []},
        {"id": "R5", "name": "Viewer line", "external": true, "partner_ids": ["P3"]},
        {"id": "R6", "name": "Shared bench", "external": true, "partner_ids": ["P1", "P2"]}]
    })"_json;
    dataset["orders"] = json::array({
        dataset_order("OA", "", "limited"),
        dataset_order("OA1", "OA", ""),
        dataset_order("OA11", "OA1", ""),
        dataset_order("OA2", "OA", ""),
        dataset_order("OB", "", "full"),
        dataset_order("OB1", "OB", ""),
        dataset_order("OB11", "OB1", ""),
        dataset_order("OC", "", "limited"),
        dataset_order("OC1", "OC", "", {"P1"}),
        dataset_order("OD", "", "limited"),
        dataset_order("OE", "", "limited"),
    });
    dataset["work_steps"] = json::array({
        dataset_work_step("WA0", "OA", "R4"),
        dataset_work_step("WA1", "OA1", "R4"),
        dataset_work_step("WA11", "OA11", "R1"),
        dataset_work_step("WA11b", "OA11", "R3"),
        dataset_work_step("WA2", "OA2", "R3"),
        dataset_work_step("WB0", "OB", "R4"),
        dataset_work_step("WB1", "OB1", "R2"),
        dataset_work_step("WB11", "OB11", "R4"),
        dataset_work_step("WC0", "OC", "R4"),
        dataset_work_step("WC1", "OC1", "R4"),
        dataset_work_step("WD", "OD", "R5"),
        dataset_work_step("WE", "OE", "R6"),
    });
    dataset["processes"] = json::array({
        dataset_process("PRA11", "OA11"),
        dataset_process("PRA2", "OA2"),
        dataset_process("PRB", "OB"),
        dataset_process("PRB11", "OB11"),
        dataset_process("PRC", "OC"),
        dataset_process("PRD", "OD"),
        dataset_process("PRE", "OE"),
    });
    return dataset;
}

json& dataset_item(json& dataset, const std::string& collection, const std::string& id) {
    for (auto& item : dataset.at(collection)) {
        if (item.value("id", "") == id) return item;
    }
    throw std::out_of_range("no " + collection + " " + id + " in the dataset");
}

json normalized_dataset(json dataset) {
    auto sort_by_id = [](json& list) {
        if (!list.is_array()) return;
        std::sort(list.begin(), list.end(), [](const json& a, const json& b) {
            return a.value("id", "") < b.value("id", "");
        });
    };
    auto sort_values = [](json& object, const char* key) {
        if (object.is_object() && object.contains(key) && object[key].is_array()) {
            std::sort(object[key].begin(), object[key].end());
        }
    };
    for (const char* collection : {"partners", "resources", "orders", "work_steps", "processes"}) {
        if (dataset.contains(collection)) sort_by_id(dataset[collection]);
    }
    // R14's setting, added later: a document without it means the default.
    if (dataset.contains("settings") && dataset["settings"].is_object() &&
        !dataset["settings"].contains("finished_retention_days")) {
        dataset["settings"]["finished_retention_days"] = 21;
    }
    if (dataset.contains("partners") && dataset["partners"].is_array()) {
        for (auto& partner : dataset["partners"]) {
            sort_values(partner, "modules");
            if (!partner.contains("operators") || !partner["operators"].is_array()) continue;
            sort_by_id(partner["operators"]);
            // Badges and PINs are write-only: GET shows whether there is a PIN, nothing more.
            for (auto& op : partner["operators"]) {
                if (op.is_object() && !op.contains("role")) op["role"] = "operator";
                if (!op.is_object() || op.contains("has_pin")) continue;
                op["has_pin"] = op.contains("pin") && !op["pin"].is_null();
                op.erase("badge");
                op.erase("pin");
            }
        }
    }
    if (dataset.contains("work_steps") && dataset["work_steps"].is_array()) {
        // finished_at is the server's own: a document without it (an upload) means none yet.
        // So are the operators on a step (product.md §8): none in an upload.
        for (auto& step : dataset["work_steps"]) {
            if (step.is_object() && !step.contains("finished_at")) step["finished_at"] = nullptr;
            if (step.is_object() && !step.contains("operator_ids"))
                step["operator_ids"] = json::array();
        }
    }
    if (dataset.contains("resources") && dataset["resources"].is_array()) {
        for (auto& resource : dataset["resources"])
            sort_values(resource, "partner_ids");
    }
    if (dataset.contains("orders") && dataset["orders"].is_array()) {
        for (auto& order : dataset["orders"]) {
            sort_values(order, "named_partner_ids");
            // A sub-order has no setting of its own (R4); whether the document shows null,
            // nothing, or its tree's setting is not part of the contract.
            if (!order.value("parent_id", json()).is_null()) order.erase("external_inheritance");
        }
    }
    return dataset;
}

}  // namespace pt::itest
