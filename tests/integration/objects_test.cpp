// Every dataset object created, changed and deleted on its own (sync-api.md "Administration"),
// through the real plan-server: the answers, the refusals (400, 403 by role, 404, 409, 422),
// what partners see afterwards (R10), and operators' sessions ending.
#include <doctest/doctest.h>

#include "tests/integration/datasets.h"
#include "tests/integration/harness.h"
#include "tests/integration/plan_view.h"

namespace pt::itest {
namespace {

HttpResponse call(Harness& h, const std::string& method, const std::string& path, const json& body,
                  const std::string& bearer) {
    return h.send(method, path,
                  body.is_null() ? std::nullopt : std::optional<std::string>(body.dump()), bearer);
}

}  // namespace

TEST_CASE("POST and DELETE of every object; what a partner sees follows (R10)") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    json expected = normalized_dataset(standard_dataset());
    const Terminal terminal = h.enroll();
    const std::string p1 = h.session(terminal, "B-1001");
    PlanView seen;
    json answer = h.pull(p1);
    seen.apply(answer);

    const auto created = [&](const std::string& collection, const json& object) {
        const HttpResponse r = h.admin("POST", "/admin/v1/" + collection, object);
        REQUIRE_MESSAGE(r.status == 201, describe(r));
        CHECK(r.headers.at("location") ==
              "/admin/v1/" + collection + "/" + object["id"].get<std::string>());
        return body_json(r);
    };
    // A new partner with a new external resource, order, step and process of its own.
    json partner = {{"id", "P9"},
                    {"name", "Galvanik Nord"},
                    {"modules", {"workbench"}},
                    {"allow_process_feedback", true},
                    {"operators", json::array()}};
    CHECK(created("partners", partner) == partner);
    json resource = {
        {"id", "R9"}, {"name", "Bath 9"}, {"external", true}, {"partner_ids", {"P9", "P1"}}};
    CHECK(created("resources", resource) == resource);
    const json order = dataset_order("O9", "", "limited");
    CHECK(created("orders", order)["id"] == "O9");
    json step = dataset_work_step("W9", "O9", "R9");
    json stored_step = created("work_steps", step);
    CHECK(stored_step["finished_at"].is_null());
    json process = dataset_process("PR9", "O9");
    CHECK(created("processes", process) == process);
    expected["partners"].push_back(partner);
    expected["resources"].push_back(resource);
    expected["orders"].push_back(order);
    step["finished_at"] = nullptr;
    expected["work_steps"].push_back(step);
    expected["processes"].push_back(process);
    CHECK_MESSAGE(normalized_dataset(h.get_dataset()) == normalized_dataset(expected),
                  h.get_dataset().dump(1));

    // P1 stands at R9 too: the next delta brings the step, its order and the resource.
    answer = h.pull(p1, answer["cursor"].get<std::string>());
    seen.apply(answer);
    CHECK(seen.find("work_steps", "W9") != nullptr);
    CHECK(seen.find("orders", "O9") != nullptr);
    CHECK(seen.find("resources", "R9") != nullptr);

    // Deletes that would orphan something are 409, with nothing changed.
    CHECK(h.admin("DELETE", "/admin/v1/resources/R9").status == 409);
    CHECK(h.admin("DELETE", "/admin/v1/orders/O9").status == 409);
    CHECK(h.admin("DELETE", "/admin/v1/orders/OA").status == 409);  // sub-orders
    CHECK(h.admin("DELETE", "/admin/v1/work_steps/nope").status == 404);
    CHECK(h.admin("DELETE", "/admin/v1/partners/nope").status == 404);
    CHECK(h.admin("DELETE", "/admin/v1/operators/nope").status == 404);
    CHECK(normalized_dataset(h.get_dataset()) == normalized_dataset(expected));

    // Taken apart in order: each delete is gone from the view at the next sync (R10).
    const std::pair<const char*, const char*> taken_apart[] = {{"work_steps", "W9"},
                                                               {"processes", "PR9"},
                                                               {"orders", "O9"},
                                                               {"resources", "R9"},
                                                               {"partners", "P9"}};
    for (const auto& [collection, id] : taken_apart) {
        const HttpResponse r = h.admin("DELETE", std::string("/admin/v1/") + collection + "/" + id);
        CHECK_MESSAGE(r.status == 204, describe(r));
    }
    answer = h.pull(p1, answer["cursor"].get<std::string>());
    seen.apply(answer);
    CHECK(seen.find("work_steps", "W9") == nullptr);
    CHECK(seen.find("orders", "O9") == nullptr);
    CHECK(seen.find("resources", "R9") == nullptr);
    CHECK(seen == PlanView::of(h.pull(p1)));  // the delta-applied view equals a full pull
    CHECK(normalized_dataset(h.get_dataset()) == normalized_dataset(standard_dataset()));

    // The last object of a kind moved into the freed row: a restart reads the same plan.
    CHECK(h.admin("DELETE", "/admin/v1/work_steps/WA0").status == 204);
    const json before = normalized_dataset(h.get_dataset());
    REQUIRE(h.server().restart() == 0);
    CHECK(normalized_dataset(h.get_dataset()) == before);
}

TEST_CASE("creations are validated like the dataset: 400, 422 with the field, duplicates") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    const auto status = [&](const std::string& collection, const json& body) {
        return h.admin("POST", "/admin/v1/" + collection, body).status;
    };
    CHECK(h.admin("POST", "/admin/v1/work_steps", std::optional<std::string>("{not json")).status ==
          400);
    CHECK(status("work_steps", {{"id", "W9"}}) == 400);                        // fields missing
    CHECK(status("work_steps", dataset_work_step("WA0", "OA", "R1")) == 422);  // id taken
    CHECK(status("work_steps", dataset_work_step("W9", "nope", "R1")) == 422);
    CHECK(status("work_steps", dataset_work_step("W9", "OA", "nope")) == 422);
    CHECK(status("processes", dataset_process("PRA2", "OA")) == 422);
    CHECK(status("orders", dataset_order("O9", "nope", "")) == 422);
    CHECK(status("resources",
                 {{"id", "R9"}, {"name", "x"}, {"external", true}, {"partner_ids", {"nope"}}}) ==
          422);
    CHECK(status("partners", {{"id", "P1"},
                              {"name", "x"},
                              {"modules", json::array()},
                              {"allow_process_feedback", false}}) == 422);
    const json with_operator = {{"id", "P9"},
                                {"name", "x"},
                                {"modules", json::array()},
                                {"allow_process_feedback", false},
                                {"operators", {{{"id", "X"}, {"name", "x"}, {"badge", "B"}}}}};
    CHECK(status("partners", with_operator) == 400);
    const HttpResponse long_id =
        h.admin("POST", "/admin/v1/processes", dataset_process(std::string(70, 'x'), "OA"));
    CHECK_MESSAGE(long_id.status == 422, describe(long_id));
    CHECK(normalized_dataset(h.get_dataset()) == normalized_dataset(standard_dataset()));
}

TEST_CASE("operators: created with badge and PIN, changed, deleted; their sessions end") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    const Terminal terminal = h.enroll();

    const HttpResponse made = h.admin("POST", "/admin/v1/operators",
                                      json{{"id", "OP9"},
                                           {"partner_id", "P1"},
                                           {"name", "Ida"},
                                           {"badge", "B-9009"},
                                           {"pin", "2468"},
                                           {"role", "lead"}});
    REQUIRE_MESSAGE(made.status == 201, describe(made));
    CHECK(body_json(made) == json{{"id", "OP9"},
                                  {"name", "Ida"},
                                  {"role", "lead"},
                                  {"has_pin", true},
                                  {"partner_id", "P1"}});
    CHECK(made.body.find("B-9009") == std::string::npos);
    CHECK(h.get_dataset().dump().find("B-9009") == std::string::npos);
    CHECK(h.try_login(terminal, "B-9009").status == 401);  // the PIN is needed
    std::string session = h.session(terminal, "B-9009", "2468");

    // Duplicates and unknown partners are 422; an existing id too.
    const auto post = [&](const json& body) {
        return h.admin("POST", "/admin/v1/operators", body).status;
    };
    CHECK(post({{"id", "OP9b"}, {"partner_id", "P1"}, {"name", "x"}, {"badge", "B-1001"}}) == 422);
    CHECK(post({{"id", "OP1"}, {"partner_id", "P1"}, {"name", "x"}, {"badge", "B-7"}}) == 422);
    CHECK(post({{"id", "OP9c"}, {"partner_id", "nope"}, {"name", "x"}, {"badge", "B-8"}}) == 422);
    CHECK(post({{"id", "OP9d"}, {"partner_id", "P1"}, {"name", "x"}}) == 422);  // no badge
    CHECK(post({{"id", "OP9e"},
                {"partner_id", "P1"},
                {"name", "x"},
                {"badge", "B-9"},
                {"role", "boss"}}) == 400);

    // A new name keeps the session; a new PIN too; a new badge ends it.
    HttpResponse changed = h.admin("PATCH", "/admin/v1/operators/OP9", json{{"name", "Ida M."}});
    REQUIRE_MESSAGE(changed.status == 200, describe(changed));
    CHECK(body_json(changed)["name"] == "Ida M.");
    CHECK(h.try_pull(session).status == 200);
    changed = h.admin("PATCH", "/admin/v1/operators/OP9", json{{"pin", nullptr}});
    CHECK(body_json(changed)["has_pin"] == false);
    CHECK(h.try_pull(session).status == 200);
    changed = h.admin("PATCH", "/admin/v1/operators/OP9", json{{"badge", "B-9010"}});
    REQUIRE_MESSAGE(changed.status == 200, describe(changed));
    CHECK(h.try_pull(session).status == 401);
    CHECK(h.try_login(terminal, "B-9009").status == 401);
    session = h.session(terminal, "B-9010");
    CHECK(h.admin("PATCH", "/admin/v1/operators/OP9", json{{"badge", "B-1001"}}).status == 422);
    CHECK(h.admin("PATCH", "/admin/v1/operators/OP9", json{{"id", "X"}}).status == 400);
    CHECK(h.admin("PATCH", "/admin/v1/operators/nope", json{{"name", "x"}}).status == 404);

    // A new partner ends the session; the next login sees that partner's plan.
    changed = h.admin("PATCH", "/admin/v1/operators/OP9", json{{"partner_id", "P2"}});
    CHECK(body_json(changed)["partner_id"] == "P2");
    CHECK(h.try_pull(session).status == 401);
    const json login = h.login(terminal, "B-9010");
    CHECK(login["partner"]["id"] == "P2");
    session = login["token"].get<std::string>();

    // Deleted: the session ends, the badge no longer logs in, its events are unknown_operator.
    CHECK(h.admin("DELETE", "/admin/v1/operators/OP9").status == 204);
    CHECK(h.try_pull(session).status == 401);
    CHECK(h.try_login(terminal, "B-9010").status == 401);
    const json results =
        h.post_events(terminal.token, json::array({make_event("work_step.started", "OP9", "WB1")}));
    CHECK(results[0]["reason"] == "unknown_operator");

    // The audit names the changes, never a badge or PIN.
    const HttpResponse audit = h.admin("GET", "/admin/v1/audit?after=0&limit=100");
    CHECK(audit.body.find("operator OP9: badge") != std::string::npos);
    CHECK(audit.body.find("B-9010") == std::string::npos);
    CHECK(audit.body.find("2468") == std::string::npos);
}

TEST_CASE("a partner deleted with the dataset PUT or on its own ends its operators' sessions") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    const Terminal terminal = h.enroll();
    const std::string p3 = h.session(terminal, "B-3001");
    const std::string p1 = h.session(terminal, "B-1001");
    CHECK(h.admin("DELETE", "/admin/v1/partners/P3").status == 204);
    CHECK(h.try_pull(p3).status == 401);
    CHECK(h.try_pull(p1).status == 200);
    const json dataset = h.get_dataset();
    CHECK(dataset_item(const_cast<json&>(dataset), "resources", "R5")["partner_ids"] ==
          json::array());

    // A PUT that moves OP1 to P2 ends OP1's session; OP2, unchanged, keeps its own.
    const std::string op2 = h.session(terminal, "B-1002", "4711");
    json moved = standard_dataset();
    json op1 = dataset_item(moved, "partners", "P1")["operators"][0];
    REQUIRE(op1["id"] == "OP1");
    dataset_item(moved, "partners", "P1")["operators"].erase(0);
    dataset_item(moved, "partners", "P2")["operators"].push_back(op1);
    h.put_dataset(moved);
    CHECK(h.try_pull(p1).status == 401);
    CHECK(h.try_pull(op2).status == 200);
}

TEST_CASE("object calls by role: viewer reads, planner plans, admin administers (403)") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    const std::string viewer = api_token(h, "reader", "viewer");
    const std::string planner = api_token(h, "erp", "planner");
    const json step = dataset_work_step("W9", "OA", "R1");
    const json resource = {
        {"id", "R9"}, {"name", "x"}, {"external", false}, {"partner_ids", json::array()}};
    const json op = {{"id", "OP9"}, {"partner_id", "P1"}, {"name", "x"}, {"badge", "B-9"}};
    CHECK(call(h, "POST", "/admin/v1/work_steps", step, viewer).status == 403);
    CHECK(call(h, "POST", "/admin/v1/work_steps", step, planner).status == 201);
    CHECK(call(h, "DELETE", "/admin/v1/work_steps/W9", json(), viewer).status == 403);
    CHECK(call(h, "DELETE", "/admin/v1/work_steps/W9", json(), planner).status == 204);
    CHECK(call(h, "POST", "/admin/v1/processes", dataset_process("PR9", "OA"), planner).status ==
          201);
    CHECK(call(h, "DELETE", "/admin/v1/processes/PR9", json(), planner).status == 204);
    CHECK(call(h, "POST", "/admin/v1/orders", dataset_order("O9", "", ""), planner).status == 201);
    CHECK(call(h, "DELETE", "/admin/v1/orders/O9", json(), planner).status == 204);
    CHECK(call(h, "POST", "/admin/v1/resources", resource, planner).status == 403);
    CHECK(call(h, "DELETE", "/admin/v1/resources/R4", json(), planner).status == 403);
    CHECK(call(h, "POST", "/admin/v1/operators", op, planner).status == 403);
    CHECK(call(h, "PATCH", "/admin/v1/operators/OP1", json{{"name", "x"}}, planner).status == 403);
    CHECK(call(h, "DELETE", "/admin/v1/operators/OP1", json(), planner).status == 403);
    CHECK(call(h, "DELETE", "/admin/v1/partners/P1", json(), planner).status == 403);
    CHECK(call(h, "POST", "/admin/v1/operators", op, "not-a-token").status == 401);
}

}  // namespace pt::itest
