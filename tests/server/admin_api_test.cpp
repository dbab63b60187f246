// PlanService's admin endpoints: statuses (204/201/200, 400, 404, 422), R4 on creation and
// change, and "nothing changes" when a change is refused.
#include <doctest/doctest.h>

#include "tests/plan/plan_builder.h"
#include "tests/server/service_harness.h"

namespace {

using namespace pt;
using namespace pt::server::testing;
using plan::testing::PlanBuilder;

plan::Dataset small_dataset() {
    PlanBuilder b;
    b.partner("P1")
        .partner("P2")
        .resource("R1", true, {"P1"})
        .resource("R2", true, {"P2"})
        .order("O1", std::nullopt, plan::Inheritance::full)
        .order("O2", std::string("O1"))
        .order("O3", std::string("O2"))
        .step("W1", "O1", "R1")
        .step("W2", "O3", "R2")
        .process("PR1", "O2");
    return b.dataset();
}

std::string error_code(const server::Reply& reply) {
    return protocol::decode_error(reply.body).error;
}

}  // namespace

TEST_CASE("dataset: PUT 204, GET returns it with defaults applied, refusals change nothing") {
    ServiceHarness h;
    plan::Dataset data = small_dataset();
    data.orders.push_back(
        {"O4", "PO-4", "A", 1, plan::testing::at_hour(5), std::nullopt, std::nullopt, {}});
    data.settings.default_external_inheritance = plan::Inheritance::full;
    h.load(data);

    const server::Reply got = h.service->get_dataset(kAdmin);
    REQUIRE(got.status == 200);
    // Badges and PINs are write-only: the operators come back without them.
    const protocol::DatasetUpload upload = protocol::decode_dataset_upload(got.body);
    CHECK(upload.keeps_badge.size() == 2);
    CHECK(upload.keeps_pin.size() == 2);
    plan::Dataset stored = upload.dataset;
    CHECK(stored.orders[3].external_inheritance == plan::Inheritance::full);  // R4 default
    stored.orders[3].external_inheritance.reset();
    for (auto& partner : data.partners) {
        for (auto& op : partner.operators)
            op.badge.clear();
    }
    CHECK(stored == data);

    plan::Dataset cycle = small_dataset();
    cycle.orders[0].parent_id = "O3";
    cycle.orders[0].external_inheritance.reset();
    const server::Reply refused = h.service->put_dataset(kAdmin, protocol::encode_dataset(cycle));
    CHECK(refused.status == 422);
    CHECK(error_code(refused) == "unprocessable");
    plan::Dataset unknown = small_dataset();
    unknown.work_steps[0].resource_id = "R404";
    CHECK(h.service->put_dataset(kAdmin, protocol::encode_dataset(unknown)).status == 422);
    const server::Reply malformed = h.service->put_dataset(kAdmin, R"({"settings": 1})");
    CHECK(malformed.status == 400);
    CHECK(error_code(malformed) == "bad_request");
    CHECK(protocol::decode_error(malformed.body).message.find("settings") != std::string::npos);
    CHECK(h.service->get_dataset(kAdmin).body == got.body);
}

TEST_CASE("orders: creation takes the default in force then (R4); sub-orders refuse a setting") {
    ServiceHarness h;
    h.load(small_dataset());
    const auto post = [&](const std::string& body) { return h.service->post_order(kAdmin, body); };
    const std::string top = R"({"id": "N1", "number": "PO-N1", "article": "A", "quantity": 3,
        "due": "2026-12-01T00:00:00Z", "parent_id": null, "named_partner_ids": []})";
    const server::Reply created = post(top);
    CHECK(created.status == 201);
    CHECK(post(top).status == 422);  // id taken
    CHECK(post(R"({"id": "N2", "number": "x", "article": "A", "quantity": 1,
        "due": "2026-12-01T00:00:00Z", "parent_id": "O1", "external_inheritance": "full",
        "named_partner_ids": []})")
              .status == 422);
    CHECK(post(R"({"id": "N3", "number": "x", "article": "A", "quantity": 1,
        "due": "2026-12-01T00:00:00Z", "parent_id": "O404", "named_partner_ids": []})")
              .status == 422);
    CHECK(post(R"({"id": "N4"})").status == 400);

    REQUIRE(h.service->put_settings(kAdmin, R"({"default_external_inheritance": "full"})").status ==
            204);
    CHECK(post(R"({"id": "N5", "number": "x", "article": "A", "quantity": 1,
        "due": "2026-12-01T00:00:00Z", "named_partner_ids": []})")
              .status == 201);
    const plan::Dataset data = h.service->dataset();
    const auto find = [&](const std::string& id) {
        for (const auto& o : data.orders) {
            if (o.id == id) return o;
        }
        FAIL("missing order " << id);
        return plan::Order{};
    };
    CHECK(find("N1").external_inheritance == plan::Inheritance::limited);  // unchanged later
    CHECK(find("N5").external_inheritance == plan::Inheritance::full);
}

TEST_CASE(
    "patches: 204, unknown id 404, broken rule 422, malformed 400 — refusals change nothing") {
    ServiceHarness h;
    h.load(small_dataset());
    const std::string before = h.service->get_dataset(kAdmin).body;
    auto& s = *h.service;

    CHECK(s.patch_order(kAdmin, "O404", R"({"number": "x"})").status == 404);
    CHECK(s.patch_work_step(kAdmin, "W404", R"({"notes": "x"})").status == 404);
    CHECK(s.patch_process(kAdmin, "PR404", R"({"notes": "x"})").status == 404);
    CHECK(s.patch_partner(kAdmin, "P404", R"({"name": "x"})").status == 404);
    CHECK(s.patch_resource(kAdmin, "R404", R"({"name": "x"})").status == 404);
    CHECK(error_code(s.patch_resource(kAdmin, "R404", "{}")) == "not_found");

    CHECK(s.patch_order(kAdmin, "O2", R"({"external_inheritance": "full"})").status == 422);
    CHECK(s.patch_order(kAdmin, "O1", R"({"parent_id": "O3"})").status == 422);  // cycle
    CHECK(s.patch_order(kAdmin, "O1", R"({"named_partner_ids": ["P404"]})").status == 422);
    CHECK(s.patch_work_step(kAdmin, "W1", R"({"resource_id": "R404"})").status == 422);
    CHECK(s.patch_work_step(kAdmin, "W1", R"({"order_id": "O404"})").status == 422);
    CHECK(s.patch_process(kAdmin, "PR1", R"({"order_id": "O404"})").status == 422);
    CHECK(s.patch_resource(kAdmin, "R1", R"({"partner_ids": ["P404"]})").status == 422);
    CHECK(s.put_settings(kAdmin, R"({"reasons": {"pause": [{"code": "A", "label": "a"},
        {"code": "A", "label": "b"}], "scrap": []}})")
              .status == 422);

    CHECK(s.patch_work_step(kAdmin, "W1", R"({"status": "sideways"})").status == 400);
    CHECK(s.patch_work_step(kAdmin, "W1", R"({"id": "W9"})").status == 400);
    CHECK(s.patch_partner(kAdmin, "P1", R"({"modules": ["teleport"]})").status == 400);
    CHECK(s.patch_order(kAdmin, "O1", "[]").status == 400);
    CHECK(s.put_settings(kAdmin, "{").status == 400);
    CHECK(s.get_dataset(kAdmin).body == before);

    CHECK(s.patch_work_step(kAdmin, "W1", R"({"resource_id": "R2", "notes": "moved"})").status ==
          204);
    CHECK(s.patch_process(kAdmin, "PR1", R"({"status": "cancelled"})").status == 204);
    CHECK(s.patch_partner(kAdmin, "P1", R"({"modules": ["planning"], "name": "Renamed"})").status ==
          204);
    CHECK(s.patch_resource(kAdmin, "R2", R"({"external": false, "partner_ids": []})").status ==
          204);
    CHECK(s.patch_order(kAdmin, "O3", R"({"parent_id": null, "external_inheritance": "full"})")
              .status == 204);
    CHECK(s.put_settings(kAdmin, R"({"external_columns": {"work_steps": ["notes"]}})").status ==
          204);

    const plan::Dataset data = s.dataset();
    CHECK(data.work_steps[0].resource_id == "R2");
    CHECK(data.work_steps[0].notes == "moved");
    CHECK(data.processes[0].status == plan::ProcessStatus::cancelled);
    CHECK(data.partners[0].name == "Renamed");
    CHECK(data.partners[0].operators.size() == 1);  // kept
    CHECK_FALSE(data.resources[1].external);
    CHECK(data.orders[2].parent_id == std::nullopt);
    CHECK(data.orders[2].external_inheritance == plan::Inheritance::full);
    CHECK(data.settings.work_step_columns.contains(plan::WorkStepColumn::notes));
    CHECK_FALSE(data.settings.work_step_columns.contains(plan::WorkStepColumn::seq));
    CHECK(data.settings.process_columns == plan::ProcessColumns::all());

    h.open();  // every change reached the database
    CHECK(h.service->dataset() == data);
}

TEST_CASE("errors carry the contract's body") {
    const server::Reply reply = server::error_reply(404, "not_found", "no such thing");
    const auto body = protocol::decode_error(reply.body);
    CHECK(body.error == "not_found");
    CHECK(body.message == "no such thing");
}

TEST_CASE("see as partner: the view a session of the partner pulls, by the same rules") {
    ServiceHarness h;
    h.load(plan::testing::PlanBuilder()
               .partner("P1")
               .partner("P2")
               .resource("R1", true, {"P1"})
               .resource("R2", true, {"P2"})
               .order("O1")
               .order("O2")
               .step("W1", "O1", "R1")
               .step("W2", "O2", "R2")
               .process("PR1", "O1")
               .dataset());
    const std::string terminal = h.enroll();
    for (const char* partner : {"P1", "P2"}) {
        CAPTURE(partner);
        const server::Reply seen = h.service->get_partner_view(kAdmin, partner);
        REQUIRE(seen.status == 200);
        const auto as_admin = protocol::decode_plan_response(seen.body);
        const auto pulled = h.pull(h.login(terminal, std::string("BADGE-") + partner));
        CHECK(as_admin.reset);
        CHECK(as_admin.view == pulled.view);
        CHECK(as_admin.cursor.empty());
    }
    CHECK(h.service->get_partner_view(kAdmin, "P-NOPE").status == 404);
    CHECK(h.service->get_partner_view("", "P1").status == 401);
}

TEST_CASE(
    "a terminal's resources: set by PATCH, listed, and in the session of a partner owning them") {
    ServiceHarness h;
    h.load(plan::testing::PlanBuilder()
               .partner("P1")
               .partner("P2")
               .resource("R1", true, {"P1"})
               .resource("R2", true, {"P2"})
               .resource("R3", true, {"P1", "P2"})
               .dataset());
    const std::string terminal = h.enroll("Hall 2");
    server::PlanService& s = *h.service;
    CHECK(s.patch_terminal(kAdmin, h.terminal_id,
                           R"({"name": "Hall 2 line", "resource_ids": ["R3", "R2", "R1"]})")
              .status == 204);
    const auto listed = protocol::decode_terminals(s.get_terminals(kAdmin).body);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].name == "Hall 2 line");
    CHECK(listed[0].resource_ids == std::vector<std::string>{"R3", "R2", "R1"});

    const auto p1 = protocol::decode_login_response(h.login_reply(terminal, "BADGE-P1").body);
    REQUIRE(p1.terminal);
    CHECK(p1.terminal->id == h.terminal_id);
    CHECK(p1.terminal->name == "Hall 2 line");
    CHECK(p1.terminal->resource_ids == std::vector<std::string>{"R3", "R1"});
    const auto p2 = protocol::decode_login_response(h.login_reply(terminal, "BADGE-P2").body);
    CHECK(p2.terminal->resource_ids == std::vector<std::string>{"R3", "R2"});

    CHECK(s.patch_terminal(kAdmin, h.terminal_id, R"({"resource_ids": []})").status == 204);
    CHECK(protocol::decode_login_response(h.login_reply(terminal, "BADGE-P1").body)
              .terminal->resource_ids.empty());
    CHECK(s.patch_terminal(kAdmin, "T-NOPE", R"({"name": "x"})").status == 404);
    CHECK(s.patch_terminal(kAdmin, h.terminal_id, R"({"resource_ids": ["R-NOPE"]})").status == 422);
    CHECK(s.patch_terminal(kAdmin, h.terminal_id, R"({"resource_ids": ["R1", "R1"]})").status ==
          400);
    CHECK(s.patch_terminal(kAdmin, h.terminal_id, R"({"name": ""})").status == 400);
}

TEST_CASE("an admin object breaking the Limits is 422, before it can reach a path or a header") {
    // Review finding: an order id of 70,000 characters, or one with a line break, was stored,
    // and its Location header crashed the server or injected a header.
    ServiceHarness h;
    h.load(plan::testing::PlanBuilder().partner("P1").resource("R1", true, {"P1"}).dataset());
    const auto order = [](const std::string& id, const std::string& number) {
        return R"({"id": ")" + id + R"(", "number": ")" + number +
               R"(", "article": "A", "quantity": 1, "due": "2026-12-01T00:00:00Z",
                   "parent_id": null, "named_partner_ids": []})";
    };
    CHECK(h.service->post_order(kAdmin, order(std::string(70'000, 'O'), "N")).status == 422);
    CHECK(h.service->post_order(kAdmin, order("O-X\\r\\nSet-Cookie: x=1", "N")).status == 422);
    CHECK(h.service->post_order(kAdmin, order("O 1", "N")).status == 422);
    CHECK(h.service->post_order(kAdmin, order("O1", std::string(201, 'N'))).status == 422);
    CHECK(h.service->post_order(kAdmin, order("O1", std::string(200, 'N'))).status == 201);
    CHECK(h.service->patch_order(kAdmin, "O1", R"({"article": ")" + std::string(201, 'a') + "\"}")
              .status == 422);
    plan::Dataset too_long = h.service->dataset();
    too_long.resources[0].name = std::string(201, 'R');
    CHECK(h.service->put_dataset(kAdmin, protocol::encode_dataset(too_long)).status == 422);
}

TEST_CASE("a preview that concerns many partners answers for all of them, a few at a time") {
    // Twenty partners anchored in one full tree: a step of the tree on nobody's resource
    // leaves all twenty views, read eight partners per hold of the lock.
    plan::testing::PlanBuilder b;
    b.order("O1", std::nullopt, plan::Inheritance::full).resource("R-SHARED", false, {});
    for (int i = 0; i < 20; ++i) {
        const std::string n = std::to_string(100 + i);
        b.partner("P" + n).resource("R" + n, true, {"P" + n}).step("W" + n, "O1", "R" + n);
    }
    b.step("W-SHARED", "O1", "R-SHARED");
    ServiceHarness h;
    h.load(b.dataset());
    const server::Reply answer = h.service->preview(
        kAdmin, R"({"method": "DELETE", "path": "/admin/v1/work_steps/W-SHARED"})",
        [](std::string_view, std::string_view) { return std::optional(server::Role::planner); });
    REQUIRE(answer.status == 200);
    const auto partners = protocol::decode_preview(answer.body);
    REQUIRE(partners.size() == 20);
    for (std::size_t i = 0; i < partners.size(); ++i) {
        CHECK(partners[i].partner_id == "P" + std::to_string(100 + i));
        CHECK(partners[i].loses.work_steps == std::vector<std::string>{"W-SHARED"});
        CHECK(partners[i].gains.empty());
    }
    CHECK(h.service->get_dataset(kAdmin).body.find("W-SHARED") != std::string::npos);
}
