// `POST /admin/v1/preview`: the change to preview in, each partner's gains and losses out.
#include "sync/protocol/json_read.h"
#include "sync/protocol/json_write.h"
#include "sync/protocol/protocol.h"

namespace pt::protocol {
namespace {

using detail::Json;
using detail::ObjectReader;
using detail::Path;

/// Longer than any admin path with two ids of the longest allowed.
constexpr std::size_t kMaxPreviewPathLength = 256;

Json ids_json(const plan::VisibleIds& ids) {
    return Json{
        {"orders", ids.orders}, {"work_steps", ids.work_steps}, {"processes", ids.processes}};
}

plan::VisibleIds read_ids(const Json& value, const Path& path) {
    using namespace detail;
    const ObjectReader object(value, path);
    return plan::VisibleIds{object.get("orders", read_string_list),
                            object.get("work_steps", read_string_list),
                            object.get("processes", read_string_list)};
}

}  // namespace

PreviewRequest decode_preview_request(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        PreviewRequest request;
        request.method = object.get("method", read_string);
        if (request.method != "POST" && request.method != "PATCH" && request.method != "PUT" &&
            request.method != "DELETE") {
            fail(Path(root, "method"), "must be POST, PATCH, PUT or DELETE");
        }
        request.path = object.get("path", read_string);
        if (request.path.size() > kMaxPreviewPathLength) {
            fail_limit(Path(root, "path"),
                       "longer than " + std::to_string(kMaxPreviewPathLength) + " characters");
        }
        // The change's own body goes to the decoders of its call, as text: the same checks.
        const Json* body = object.find("body");
        if (body != nullptr && !body->is_null()) request.body = dump(*body);
        return request;
    });
}

std::string encode_preview(const std::vector<plan::PartnerDifference>& partners) {
    Json list = Json::array();
    for (const plan::PartnerDifference& p : partners) {
        list.push_back(
            Json{{"id", p.partner_id}, {"gains", ids_json(p.gains)}, {"loses", ids_json(p.loses)}});
    }
    return detail::dump(Json{{"partners", std::move(list)}});
}

std::vector<plan::PartnerDifference> decode_preview(std::string_view text) {
    using namespace detail;
    return guarded([&] {
        const Json document = parse_object(text);
        const Path root;
        const ObjectReader object(document, root);
        const Path partners_path(root, "partners");
        const Json& list = object.at("partners");
        expect_array(list, partners_path);
        return read_list(list, partners_path, [](const Json& value, const Path& path) {
            const ObjectReader partner(value, path);
            return plan::PartnerDifference{partner.get("id", read_string),
                                           partner.get("gains", read_ids),
                                           partner.get("loses", read_ids)};
        });
    });
}

}  // namespace pt::protocol
