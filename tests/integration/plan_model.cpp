#include "tests/integration/plan_model.h"

#include <map>
#include <set>
#include <stdexcept>
#include <vector>

namespace pt::itest {
namespace {

std::vector<std::string> strings(const json& list) {
    std::vector<std::string> result;
    if (list.is_array()) {
        for (const auto& item : list)
            result.push_back(item.get<std::string>());
    }
    return result;
}

bool contains(const json& list, const std::string& value) {
    if (!list.is_array()) return false;
    for (const auto& item : list) {
        if (item.is_string() && item.get<std::string>() == value) return true;
    }
    return false;
}

std::map<std::string, json> by_id(const json& list) {
    std::map<std::string, json> result;
    for (const auto& item : list)
        result[item["id"].get<std::string>()] = item;
    return result;
}

}  // namespace

json expected_plan(const json& dataset, const std::string& partner_id) {
    const auto partners = by_id(dataset["partners"]);
    const auto resources = by_id(dataset["resources"]);
    const auto orders = by_id(dataset["orders"]);
    const json& partner = partners.at(partner_id);
    const bool workbench = contains(partner["modules"], "workbench");
    const bool process_option = partner.value("allow_process_feedback", false);

    const json columns = dataset["settings"].value("external_columns", json::object());
    const std::vector<std::string> step_columns =
        columns.contains("work_steps") ? strings(columns["work_steps"]) : kAllWorkStepColumns;
    const std::vector<std::string> process_columns =
        columns.contains("processes") ? strings(columns["processes"]) : kAllProcessColumns;

    // Trees.
    const auto top_of = [&](std::string id) {
        for (std::size_t guard = 0; guard <= orders.size(); ++guard) {
            const json& parent = orders.at(id)["parent_id"];
            if (parent.is_null()) return id;
            id = parent.get<std::string>();
        }
        throw std::runtime_error("cycle in the dataset's orders");
    };
    std::map<std::string, std::set<std::string>> tree;  // top -> orders
    for (const auto& [id, order] : orders)
        tree[top_of(id)].insert(id);

    // R1, R2.
    std::set<std::string> own_resources;
    for (const auto& [id, resource] : resources) {
        if (resource.value("external", false) && contains(resource["partner_ids"], partner_id)) {
            own_resources.insert(id);
        }
    }
    std::set<std::string> own_steps;
    std::set<std::string> anchors;  // R3
    for (const auto& step : dataset["work_steps"]) {
        if (step["status"] == "cancelled") continue;
        if (own_resources.count(step["resource_id"].get<std::string>()) != 0) {
            own_steps.insert(step["id"].get<std::string>());
            anchors.insert(step["order_id"].get<std::string>());
        }
    }
    // R4–R6.
    std::set<std::string> related;
    std::set<std::string> open_trees;  // full or named: all their work steps are visible
    for (const auto& anchor : anchors) {
        const std::string top = top_of(anchor);
        if (orders.at(top).value("external_inheritance", json()) == "full") {
            open_trees.insert(top);
        } else {
            related.insert(anchor);
        }
    }
    for (const auto& [id, order] : orders) {
        if (contains(order.value("named_partner_ids", json::array()), partner_id)) {
            open_trees.insert(top_of(id));
        }
    }
    for (const auto& top : open_trees)
        related.insert(tree[top].begin(), tree[top].end());

    json answer = {{"cursor", "model"},
                   {"reset", true},
                   {"orders", json::array()},
                   {"resources", json::array()},
                   {"work_steps", json::array()},
                   {"processes", json::array()},
                   {"removed",
                    {{"orders", json::array()},
                     {"resources", json::array()},
                     {"work_steps", json::array()},
                     {"processes", json::array()}}}};
    for (const auto& id : related) {
        const json& order = orders.at(id);
        answer["orders"].push_back({{"id", id},
                                    {"number", order["number"]},
                                    {"article", order["article"]},
                                    {"quantity", order["quantity"]},
                                    {"due", order["due"]},
                                    {"parent_id", order["parent_id"]},
                                    {"top_id", top_of(id)}});
    }
    // R7 (work steps), R9.
    std::set<std::string> step_resources;
    for (const auto& step : dataset["work_steps"]) {
        const std::string id = step["id"].get<std::string>();
        const std::string order_id = step["order_id"].get<std::string>();
        if (step["status"] == "cancelled") continue;
        const bool own = own_steps.count(id) != 0;
        if (!own && open_trees.count(top_of(order_id)) == 0) continue;
        const json& order = orders.at(order_id);
        const std::string resource_id = step["resource_id"].get<std::string>();
        // The names of those on it, by the dataset's operator ids (product.md §8).
        json operators = json::array();
        for (const auto& operator_id : step.value("operator_ids", json::array())) {
            for (const auto& holder : dataset["partners"]) {
                for (const auto& op : holder.value("operators", json::array())) {
                    if (op["id"] == operator_id) operators.push_back(op["name"]);
                }
            }
        }
        json object = {{"id", id},
                       {"order_id", order_id},
                       {"resource_id", resource_id},
                       {"status", step["status"]},
                       {"feedback_allowed", own && workbench},
                       {"operators", std::move(operators)}};
        for (const auto& column : step_columns) {
            if (column == "order_number") {
                object[column] = order["number"];
            } else if (column == "article") {
                object[column] = order["article"];
            } else if (column == "resource_name") {
                object[column] = resources.at(resource_id)["name"];
            } else {
                object[column] = step[column];
            }
        }
        answer["work_steps"].push_back(object);
        step_resources.insert(resource_id);
    }
    // R7 (processes).
    if (process_option) {
        for (const auto& process : dataset["processes"]) {
            const std::string order_id = process["order_id"].get<std::string>();
            if (process["status"] == "cancelled" || related.count(order_id) == 0) continue;
            json object = {{"id", process["id"]},
                           {"order_id", order_id},
                           {"status", process["status"]},
                           {"feedback_allowed", workbench}};
            for (const auto& column : process_columns) {
                object[column] =
                    column == "order_number" ? orders.at(order_id)["number"] : process[column];
            }
            answer["processes"].push_back(object);
        }
    }
    std::set<std::string> listed = own_resources;
    listed.insert(step_resources.begin(), step_resources.end());
    for (const auto& id : listed) {
        answer["resources"].push_back({{"id", id},
                                       {"name", resources.at(id)["name"]},
                                       {"own", own_resources.count(id) != 0}});
    }
    return answer;
}

}  // namespace pt::itest
