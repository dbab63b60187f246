// "See as partner" and the change preview (sync-api.md "Administration") through the real
// plan-server: the view is a session's full pull; the preview's gains and losses are written
// down from R1–R8 for the standard dataset (datasets.h), and nothing changes.
#include <doctest/doctest.h>

#include "tests/integration/datasets.h"
#include "tests/integration/harness.h"

namespace pt::itest {
namespace {

json ids(std::initializer_list<const char*> orders, std::initializer_list<const char*> steps,
         std::initializer_list<const char*> processes) {
    const auto list = [](std::initializer_list<const char*> items) {
        json out = json::array();
        for (const char* item : items)
            out.push_back(item);
        return out;
    };
    return json{
        {"orders", list(orders)}, {"work_steps", list(steps)}, {"processes", list(processes)}};
}

json partner(const char* id, const json& gains, const json& loses) {
    return json{{"id", id}, {"gains", gains}, {"loses", loses}};
}

const json kNone = ids({}, {}, {});

HttpResponse preview(Harness& h, const std::string& method, const std::string& path,
                     const json& body = nullptr, const std::string& bearer = "") {
    json request = {{"method", method}, {"path", path}};
    if (!body.is_null()) request["body"] = body;
    return h.send("POST", "/admin/v1/preview", request.dump(),
                  bearer.empty() ? h.admin_token() : bearer);
}

json previewed(Harness& h, const std::string& method, const std::string& path,
               const json& body = nullptr) {
    const HttpResponse r = preview(h, method, path, body);
    REQUIRE_MESSAGE(r.status == 200, describe(r));
    return body_json(r)["partners"];
}

}  // namespace

TEST_CASE("see as partner: GET …/partners/{id}/view is the full pull of a session of it") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    const Terminal terminal = h.enroll();
    json pulled = h.pull(h.session(terminal, "B-2001"));
    pulled.erase("cursor");
    const HttpResponse seen = h.admin("GET", "/admin/v1/partners/P2/view");
    REQUIRE_MESSAGE(seen.status == 200, describe(seen));
    json view = body_json(seen);
    view.erase("cursor");
    CHECK(view == pulled);
    CHECK(h.admin("GET", "/admin/v1/partners/nope/view").status == 404);
}

TEST_CASE("preview: each partner's gains and losses by the rules; nothing changes") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    const json dataset = h.get_dataset();
    const Terminal terminal = h.enroll();
    const std::string p1 = h.session(terminal, "B-1001");
    const json p1_before = h.pull(p1);
    const std::string viewer = api_token(h, "reader", "viewer");
    const std::string planner = api_token(h, "erp", "planner");
    const std::size_t audited = body_json(h.admin("GET", "/admin/v1/audit"))["entries"].size();

    // R1: R3 becomes external; P1 is linked to it, so its steps WA11b (OA11, seen already)
    // and WA2 (OA2, tree A limited) become P1's own.
    CHECK(previewed(h, "PATCH", "/admin/v1/resources/R3", {{"external", true}}) ==
          json::array({partner("P1", ids({"OA2"}, {"WA11b", "WA2"}, {}), kNone)}));
    // R3: WE on R6 (P1 and P2) anchors OE; without it both lose OE, and P2 its process PRE.
    CHECK(previewed(h, "DELETE", "/admin/v1/work_steps/WE") ==
          json::array({partner("P1", kNone, ids({"OE"}, {"WE"}, {})),
                       partner("P2", kNone, ids({"OE"}, {"WE"}, {"PRE"}))}));
    // R6: a partner named in a tree sees all of it.
    CHECK(previewed(h, "PATCH", "/admin/v1/orders/OD", {{"named_partner_ids", {"P2"}}}) ==
          json::array({partner("P2", ids({"OD"}, {"WD"}, {"PRD"}), kNone)}));
    // A deleted partner loses everything it saw.
    CHECK(previewed(h, "DELETE", "/admin/v1/partners/P3") ==
          json::array({partner("P3", kNone, ids({"OD"}, {"WD"}, {"PRD"}))}));
    // A new step in full tree B: P2 sees it; a name changes no one's ids.
    CHECK(previewed(h, "POST", "/admin/v1/work_steps", dataset_work_step("W9", "OB1", "R4")) ==
          json::array({partner("P2", ids({}, {"W9"}, {}), kNone)}));
    CHECK(previewed(h, "PATCH", "/admin/v1/work_steps/WB1", {{"operation", "Other"}}).empty());
    CHECK(previewed(h, "DELETE", "/admin/v1/operators/OP1").empty());
    // R14: with no retention, a step finished just now leaves the views at once.
    h.patch("work_steps", "WD", {{"status", "finished"}});
    CHECK(previewed(h, "PUT", "/admin/v1/settings", {{"finished_retention_days", 0}}) ==
          json::array({partner("P3", kNone, ids({"OD"}, {"WD"}, {"PRD"}))}));
    h.patch("work_steps", "WD", {{"status", "open"}});

    // The change's own refusals, with nothing changed.
    CHECK(preview(h, "DELETE", "/admin/v1/orders/OA").status == 409);
    CHECK(preview(h, "DELETE", "/admin/v1/work_steps/nope").status == 404);
    CHECK(preview(h, "PATCH", "/admin/v1/work_steps/nope", {{"notes", "x"}}).status == 404);
    CHECK(
        preview(h, "POST", "/admin/v1/work_steps", dataset_work_step("W9", "nope", "R1")).status ==
        422);
    CHECK(preview(h, "POST", "/admin/v1/work_steps", {{"id", 5}}).status == 400);
    CHECK(preview(h, "PUT", "/admin/v1/dataset", dataset).status == 422);
    CHECK(preview(h, "GET", "/admin/v1/dataset").status == 400);
    CHECK(preview(h, "PATCH", "/elsewhere/P1", {{"name", "x"}}).status == 422);
    CHECK(h.send("POST", "/admin/v1/preview", "{\"method\":", h.admin_token()).status == 400);
    // A viewer reads; previewing is for those who change the plan.
    CHECK(preview(h, "DELETE", "/admin/v1/work_steps/WE", nullptr, viewer).status == 403);
    CHECK(preview(h, "DELETE", "/admin/v1/work_steps/WE", nullptr, planner).status == 200);
    // Previewing a change needs the role of the change's own call (review finding: a planner
    // could preview what only an administrator may do).
    CHECK(preview(h, "DELETE", "/admin/v1/partners/P3", nullptr, planner).status == 403);
    CHECK(
        preview(h, "PUT", "/admin/v1/settings", {{"finished_retention_days", 0}}, planner).status ==
        403);
    CHECK(preview(h, "PUT", "/admin/v1/settings",
                  {{"reasons", {{"pause", json::array()}, {"scrap", json::array()}}}}, planner)
              .status == 200);
    // An operator's change is refused as its call refuses it (review finding: it was 200).
    CHECK(preview(h, "PATCH", "/admin/v1/operators/OP1", {{"partner_id", "NOPE"}}).status == 422);
    CHECK(preview(h, "POST", "/admin/v1/operators",
                  {{"id", "OP9"}, {"partner_id", "P1"}, {"name", "x"}, {"badge", "B-2001"}})
              .status == 422);
    CHECK(preview(h, "POST", "/admin/v1/operators",
                  {{"id", "OP9"}, {"partner_id", "P1"}, {"name", "x"}, {"badge", "B-9999"}})
              .status == 200);

    CHECK(h.get_dataset() == dataset);
    const json delta = h.pull(p1, p1_before["cursor"].get<std::string>());
    CHECK(delta["work_steps"].empty());
    CHECK(delta["orders"].empty());
    CHECK(delta["removed"]["work_steps"].empty());
    // Previews are reads: the audit shows the two PATCHes of WD only.
    CHECK(body_json(h.admin("GET", "/admin/v1/audit"))["entries"].size() == audited + 2);
}

}  // namespace pt::itest
