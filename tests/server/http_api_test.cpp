// HttpApi's route table: which row a method and path reach, the `{id}` it hands on, 404 and 405
// with Allow, HEAD as GET, and the tokens on_head asks for before a body is read.
#include "sync/server/http_api.h"

#include <doctest/doctest.h>

#include <string>

#include "tests/plan/plan_builder.h"
#include "tests/server/service_harness.h"

namespace {

using namespace pt;
using namespace pt::server;
using namespace pt::server::testing;

HttpRequest request(std::string method, std::string path, std::string token = kAdmin) {
    HttpRequest r;
    r.method = std::move(method);
    r.path = std::move(path);
    if (!token.empty()) r.headers.emplace_back("Authorization", "Bearer " + token);
    return r;
}

std::string header(const Reply& reply, std::string_view name) {
    for (const auto& [key, value] : reply.headers) {
        if (key == name) return value;
    }
    return {};
}

struct Api {
    ServiceHarness h;
    HttpApi api{*h.service, nullptr};

    Api() {
        h.load(plan::testing::PlanBuilder().partner("P1").resource("R1", true, {"P1"}).dataset());
    }
    Reply answer(HttpRequest r) { return api.handle(r).reply; }
};

}  // namespace

TEST_CASE("a route reaches its endpoint with the path's id") {
    Api a;
    CHECK(a.answer(request("GET", "/healthz", "")).status == 200);
    CHECK(a.answer(request("HEAD", "/healthz", "")).status == 200);
    CHECK(a.answer(request("GET", "/admin/v1/dataset")).status == 200);
    CHECK(a.answer(request("POST", "/admin/v1/operators/OP-P1/unlock")).status == 204);
    CHECK(a.answer(request("POST", "/admin/v1/operators/OP-NOPE/unlock")).status == 404);
    CHECK(a.answer(request("PATCH", "/admin/v1/partners/P1")).status == 400);  // no body
}

TEST_CASE("the path's id is percent-decoded: an id with ':' is reachable as a browser sends it") {
    ServiceHarness h;
    h.load(plan::testing::PlanBuilder().partner("P:1").resource("R1", true, {"P:1"}).dataset());
    HttpApi api{*h.service, nullptr};
    HttpRequest patch = request("PATCH", "/admin/v1/partners/P%3A1");
    patch.body = R"({"name":"Renamed"})";
    CHECK(api.handle(patch).reply.status == 204);
    CHECK(api.handle(request("POST", "/admin/v1/operators/OP-P%3a1/unlock")).reply.status == 204);
    HttpRequest preview = request("POST", "/admin/v1/preview");
    preview.body = R"({"method":"DELETE","path":"/admin/v1/partners/P%3A1"})";
    const Reply previewed = api.handle(preview).reply;
    CHECK_MESSAGE(previewed.status == 200, previewed.body);
    // A broken escape is no id of ours.
    // A broken escape is no id of ours; the caller is checked first, as for any id.
    CHECK(api.handle(request("POST", "/admin/v1/operators/OP-P%3/unlock")).reply.status == 404);
    CHECK(api.handle(request("POST", "/admin/v1/operators/OP-P%3/unlock", "")).reply.status == 401);
}

TEST_CASE("a path no route matches is 404, a method its route lacks is 405 with Allow") {
    Api a;
    for (const char* path :
         {"/nowhere", "/admin/v1/orders/", "/admin/v1/orders/O1/extra",
          "/admin/v1/operators/OP-P1/lock", "/admin/v1/operators//unlock", "/api/v1/plan/"}) {
        CAPTURE(path);
        const Reply reply = a.answer(request("GET", path));
        CHECK(reply.status == 404);
        CHECK(reply.body.find("not_found") != std::string::npos);
    }
    const Reply get_order = a.answer(request("GET", "/admin/v1/orders/O1"));
    CHECK(get_order.status == 405);
    CHECK(header(get_order, "Allow") == "PATCH, DELETE");
    const Reply delete_codes = a.answer(request("DELETE", "/admin/v1/enrollment_codes"));
    CHECK(delete_codes.status == 405);
    CHECK(header(delete_codes, "Allow") == "POST, GET");
    CHECK(a.answer(request("HEAD", "/api/v1/events")).status == 405);
}

TEST_CASE("on_head refuses a body without the token its route needs") {
    Api a;
    // Every admin path, a route or not.
    CHECK(a.api.on_head(request("PUT", "/admin/v1/dataset", "")).refusal->status == 401);
    CHECK(a.api.on_head(request("PUT", "/admin/v1/no-such", "wrong")).refusal->status == 401);
    CHECK_FALSE(a.api.on_head(request("PUT", "/admin/v1/dataset")).refusal);
    // The terminal endpoints with a body; a login also gets the credentials lane.
    const HeadVerdict login = a.api.on_head(request("POST", "/api/v1/sessions", "not-a-terminal"));
    CHECK(login.refusal->status == 401);
    CHECK(login.lane == Lane::credentials);
    CHECK_FALSE(login.lane_key.empty());
    CHECK(a.api.on_head(request("POST", "/api/v1/events", "")).refusal->status == 401);
    CHECK(a.api.on_head(request("POST", "/api/v1/terminals/health", "")).refusal->status == 401);
    const std::string terminal = a.h.enroll();
    CHECK_FALSE(a.api.on_head(request("POST", "/api/v1/events", terminal)).refusal);
    // Enrolment brings its own credential (the code), and a pull is checked by the service.
    CHECK_FALSE(a.api.on_head(request("POST", "/api/v1/terminals/enroll", "")).refusal);
    // A path no route knows: 404 before its body is read (review finding: up to 4 MiB read).
    CHECK(a.api.on_head(request("POST", "/api/v1/nowhere", "")).refusal->status == 404);
    CHECK(a.api.on_head(request("POST", "//admin/v1/dataset", "")).refusal->status == 404);
    const HeadVerdict pull = a.api.on_head(request("GET", "/api/v1/plan", ""));
    CHECK_FALSE(pull.refusal);
    CHECK(pull.lane == Lane::general);
}
