#include "sync/protocol/json_write.h"

namespace pt::protocol::detail {

std::string dump(const Json& document) {
    return document.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json time_json(plan::Timestamp time) {
    return Json(plan::format_rfc3339(time));
}

Json nullable_json(const std::optional<std::string>& text) {
    return text ? Json(*text) : Json(nullptr);
}

Json string_list_json(const std::vector<std::string>& items) {
    Json list = Json::array();
    for (const auto& item : items)
        list.push_back(item);
    return list;
}

}  // namespace pt::protocol::detail
