// plan-server's request path in-process: a request made of the input — method, path (a known
// route with a hostile id or tail, or any bytes), query, headers, the kind of bearer token and
// the body — goes through HttpApi exactly as the transport hands it over: on_head (body limit,
// early refusal), then handle on a PlanService with the demo plan, a terminal and a session.
// Invariants: never a 5xx (an exception escaping a route), never a body over the head's limit
// accepted, and every answer is JSON.
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "sync/protocol/protocol.h"
#include "sync/server/demo_plan.h"
#include "sync/server/http_api.h"
#include "sync/server/plan_service.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

using pt::server::HttpRequest;

constexpr const char* kAdmin = "fuzz-admin-token";

/// The service, a terminal token and a session token, made once per process.
struct World {
    std::filesystem::path dir;
    std::unique_ptr<pt::server::PlanService> service;
    std::unique_ptr<pt::server::HttpApi> api;
    std::string terminal;
    std::string session;

    World() {
        std::string pattern = (std::filesystem::temp_directory_path() / "pt-fuzz-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) std::abort();
        dir = pattern;
        pt::server::ServiceOptions options;
        options.db = dir / "plan.db";
        options.admin_token = kAdmin;
        service = std::make_unique<pt::server::PlanService>(std::move(options));
        const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        if (service
                ->put_dataset(kAdmin,
                              pt::protocol::encode_dataset(pt::server::make_demo_dataset(now)))
                .status != 204) {
            std::abort();
        }
        const auto code =
            pt::protocol::decode_enrollment_code(service->post_enrollment_code(kAdmin, "").body);
        terminal =
            pt::protocol::decode_enroll_response(
                service->enroll(pt::protocol::encode(pt::protocol::EnrollRequest{code, "F"})).body)
                .token;
        session = pt::protocol::decode_login_response(
                      service
                          ->login(terminal,
                                  pt::protocol::encode(pt::protocol::LoginRequest{"B-1001", {}}))
                          .body)
                      .token;
        api = std::make_unique<pt::server::HttpApi>(*service, nullptr);
    }
    ~World() {
        api.reset();
        service.reset();
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    }
};

World& world() {
    static World instance;
    return instance;
}

constexpr std::array<const char*, 7> kMethods = {"GET",    "POST", "PUT",    "PATCH",
                                                 "DELETE", "HEAD", "OPTIONS"};
constexpr std::array<const char*, 18> kPaths = {
    "/healthz",
    "/api/v1/terminals/enroll",
    "/api/v1/sessions",
    "/api/v1/plan",
    "/api/v1/events",
    "/api/v1/terminals/health",
    "/admin/v1/dataset",
    "/admin/v1/orders/",
    "/admin/v1/work_steps/",
    "/admin/v1/processes/",
    "/admin/v1/partners/",
    "/admin/v1/resources/",
    "/admin/v1/settings",
    "/admin/v1/enrollment_codes",
    "/admin/v1/enrollment_codes/",
    "/admin/v1/terminals/",
    "/admin/v1/events",
    "/admin/v1/operators/",
};

/// Reads the input front to back: small choices from single bytes, strings up to a 0xFF byte.
class Input {
public:
    explicit Input(std::string_view bytes) : bytes_(bytes) {}
    std::uint8_t byte() {
        if (bytes_.empty()) return 0;
        const auto b = static_cast<std::uint8_t>(bytes_.front());
        bytes_.remove_prefix(1);
        return b;
    }
    std::string text() {
        const auto end = bytes_.find('\xff');
        std::string out(bytes_.substr(0, end));
        bytes_.remove_prefix(end == std::string_view::npos ? bytes_.size() : end + 1);
        return out;
    }
    std::string rest() {
        std::string out(bytes_);
        bytes_ = {};
        return out;
    }

private:
    std::string_view bytes_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    World& w = world();
    Input in(pt::fuzz::as_text(data, size));
    HttpRequest request;
    request.method = kMethods[in.byte() % kMethods.size()];
    const std::uint8_t path_choice = in.byte();
    request.path = path_choice < 0xF0 ? std::string(kPaths[path_choice % kPaths.size()]) + in.text()
                                      : in.text();
    request.query = in.text();
    switch (in.byte() % 5) {
        case 0:
            break;
        case 1:
            request.headers.emplace_back("Authorization", std::string("Bearer ") + kAdmin);
            break;
        case 2:
            request.headers.emplace_back("Authorization", "Bearer " + w.terminal);
            break;
        case 3:
            request.headers.emplace_back("Authorization", "Bearer " + w.session);
            break;
        default:
            request.headers.emplace_back("Authorization", in.text());
            break;
    }
    request.headers.emplace_back(in.text(), in.text());
    request.body = in.rest();

    const pt::server::HeadVerdict verdict = w.api->on_head(request);
    if (verdict.refusal) {
        if (verdict.refusal->status >= 500) std::abort();
        return 0;
    }
    if (request.body.size() > verdict.body_limit) return 0;  // the transport answers 413
    const pt::server::HttpAnswer answer = w.api->handle(request);
    if (answer.reply.status < 200 || answer.reply.status >= 500) std::abort();
    if (!answer.reply.body.empty() && !nlohmann::json::accept(answer.reply.body)) std::abort();
    return 0;
}
