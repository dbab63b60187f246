// The console's lists (issue 16): partners, resources, settings and pages of orders, work steps
// and processes. Each object is written by the dataset codec's own writer, so a list shows it
// exactly as GET /admin/v1/dataset does; the extra fields go beside.
#include "sync/protocol/dataset_fields.h"
#include "sync/protocol/json_write.h"
#include "sync/protocol/protocol.h"

namespace pt::protocol {

using detail::Json;

namespace {

/// A page of a list by offset: `{"<name>": [...], "total", "offset"}`.
std::string offset_page(const char* name, Json list, std::int64_t total, std::int64_t offset) {
    return detail::dump(Json{{name, std::move(list)}, {"total", total}, {"offset", offset}});
}

}  // namespace

std::string encode_partner_list(const std::vector<ListedPartner>& partners) {
    Json list = Json::array();
    for (const ListedPartner& listed : partners) {
        Json partner = detail::dataset_partner_json(listed.partner, OperatorCredentials::withheld);
        Json& operators = partner["operators"];
        for (std::size_t i = 0; i < operators.size() && i < listed.locks.size(); ++i) {
            operators[i]["wrong_pins"] = listed.locks[i].wrong_pins;
            operators[i]["locked"] = listed.locks[i].locked;
        }
        list.push_back(std::move(partner));
    }
    return detail::dump(Json{{"partners", std::move(list)}});
}

std::string encode_resource_list(const std::vector<plan::Resource>& resources) {
    Json list = Json::array();
    for (const plan::Resource& resource : resources)
        list.push_back(detail::dataset_resource_json(resource));
    return detail::dump(Json{{"resources", std::move(list)}});
}

std::string encode_settings(const plan::Settings& settings) {
    return detail::dump(detail::dataset_settings_json(settings));
}

std::string encode_order_page(const std::vector<ListedOrder>& orders,
                              const std::optional<std::string>& next) {
    Json list = Json::array();
    for (const ListedOrder& listed : orders) {
        Json order = detail::dataset_order_json(listed.order);
        order["child_count"] = listed.child_count;
        order["work_step_count"] = listed.work_step_count;
        order["process_count"] = listed.process_count;
        list.push_back(std::move(order));
    }
    return detail::dump(Json{{"orders", std::move(list)}, {"next", detail::nullable_json(next)}});
}

std::string encode_work_step_page(const std::vector<ListedWorkStep>& steps, std::int64_t total,
                                  std::int64_t offset) {
    Json list = Json::array();
    for (const ListedWorkStep& listed : steps) {
        Json step = detail::dataset_work_step_json(listed.step);
        step["order_number"] = listed.order_number;
        step["resource_name"] = listed.resource_name;
        list.push_back(std::move(step));
    }
    return offset_page("work_steps", std::move(list), total, offset);
}

std::string encode_process_page(const std::vector<ListedProcess>& processes, std::int64_t total,
                                std::int64_t offset) {
    Json list = Json::array();
    for (const ListedProcess& listed : processes) {
        Json process = detail::dataset_process_json(listed.process);
        process["order_number"] = listed.order_number;
        list.push_back(std::move(process));
    }
    return offset_page("processes", std::move(list), total, offset);
}

}  // namespace pt::protocol
