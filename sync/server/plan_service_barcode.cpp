// PlanService: the provisioning barcode of an enrolment code as SVG (issue 16), for the console
// to print. The code must still enrol; the server's URL and the technician badge come from the
// query and are checked as the terminal would check them before anything is drawn.
#include "sync/server/barcode_svg.h"
#include "sync/server/plan_service_impl.h"
#include "sync/server/provisioning_barcode.h"
#include "sync/server/query_params.h"
#include "sync/server/tokens.h"

namespace pt::server {
namespace {

/// A path segment longer than this names no enrolment code (they have 19 characters).
constexpr std::size_t kLongestCodeSegment = 64;

Reply no_such_code() {
    return error_reply(404, "not_found", "no unused, unexpired enrolment code like that");
}

}  // namespace

Reply PlanService::get_enrollment_barcode(std::string_view bearer, std::string_view code,
                                          const QueryParams& query) {
    const auto caller = impl_->authorize(bearer, Role::admin);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    BarcodeKind kind = BarcodeKind::qr;
    ProvisioningValues values;
    try {
        kind = enum_param(
                   query, "kind",
                   [](std::string_view name) -> std::optional<BarcodeKind> {
                       if (name == "qr") return BarcodeKind::qr;
                       if (name == "code128") return BarcodeKind::code128;
                       return std::nullopt;
                   },
                   "qr, code128")
                   .value_or(BarcodeKind::qr);
        const std::string* url = query.find("server_url");
        if (url == nullptr) throw BadQuery("server_url: the server's URL is expected");
        if (auto problem = barcode_url_problem(*url))
            return error_reply(422, "unprocessable", *problem);
        values.server_url = *url;
        if (const std::string* badge = query.find("technician_badge")) {
            if (auto problem = barcode_badge_problem(*badge))
                return error_reply(422, "unprocessable", *problem);
            values.technician_badge = *badge;
        }
    } catch (const BadQuery& error) {
        return bad_query_reply(error);
    }
    if (code.empty() || code.size() > kLongestCodeSegment) return no_such_code();
    const std::string wanted = normalize_enrollment_code(code);
    {
        const std::lock_guard lock(impl_->mutex);
        for (const EnrollmentCode& usable : impl_->auth.usable_enrollment_codes(impl_->now())) {
            if (normalize_enrollment_code(usable.code) == wanted) {
                values.enrollment_code = usable.code;  // as it was made, with its dashes
                break;
            }
        }
    }
    if (values.enrollment_code.empty()) return no_such_code();
    if (!barcode_kind_available(kind)) {
        return error_reply(501, "not_implemented",
                           "this build of plan-server draws no Code 128 (no libzint)");
    }
    const std::string text = provisioning_barcode_text(values);
    const auto matrix = encode_barcode(kind, text);
    if (!matrix) {
        // Code 128 holds 60 symbol characters in libzint, less than any provisioning text with
        // a real server address; a QR code holds them all.
        return error_reply(
            422, "unprocessable",
            "the provisioning text has " + std::to_string(text.size()) +
                " characters, too many for " +
                (kind == BarcodeKind::code128 ? std::string("Code 128 (at most 60): print kind=qr")
                                              : std::string("a QR code")));
    }
    Reply reply{200, barcode_svg(*matrix, kind), {}};
    reply.headers.emplace_back("Content-Type", "image/svg+xml");
    // Nothing in it runs or loads; and it holds an enrolment code: never cached.
    reply.headers.emplace_back("Content-Security-Policy",
                               "default-src 'none'; style-src 'unsafe-inline'");
    reply.headers.emplace_back("X-Content-Type-Options", "nosniff");
    reply.headers.emplace_back("Cache-Control", "no-store");
    return reply;
}

}  // namespace pt::server
