// The admin endpoints of plan-server (sync-api.md "Admin endpoints", "Dataset document").
#include <doctest/doctest.h>

#include "tests/integration/datasets.h"
#include "tests/integration/harness.h"
#include "tests/integration/plan_view.h"

namespace pt::itest {
TEST_CASE("PUT /admin/v1/dataset round-trips through GET and replaces everything") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    json dataset = standard_dataset();
    // UTF-8 and characters JSON must escape survive the round trip (and reach the plan).
    dataset_item(dataset, "partners", "P1")["name"] =
        "Beschichtung Müller & Söhne — 東京 🛠";
    dataset_item(dataset, "work_steps", "WA11")["notes"] = "Quote \" backslash \\ tab \t nl \n";
    dataset_item(dataset, "resources", "R1")["name"] = "Lackierstraße ½";
    h.put_dataset(dataset);
    const json back = h.get_dataset();
    CHECK_MESSAGE(normalized_dataset(back) == normalized_dataset(dataset), "PUT:\n",
                  normalized_dataset(dataset).dump(1), "\nGET:\n",
                  normalized_dataset(back).dump(1));

    json small = R"({
      "settings": {"default_external_inheritance": "full",
                   "external_columns": {"work_steps": ["notes"], "processes": []},
                   "reasons": {"pause": [{"code": "X", "label": "x"}], "scrap": []}},
      "partners": [{"id": "Q1", "name": "Q", "modules": ["workbench"],
                    "allow_process_feedback": true,
                    "operators": [{"id": "QO", "name": "Quinn", "badge": "Q-1", "pin": "1"}]}],
      "resources": [{"id": "QR", "name": "Q line", "external": true, "partner_ids": ["Q1"]}],
      "orders": [], "work_steps": [], "processes": []})"_json;
    small["orders"].push_back(dataset_order("QO1", "", "full"));
    small["work_steps"].push_back(dataset_work_step("QW1", "QO1", "QR", "paused"));
    small["processes"].push_back(dataset_process("QP1", "QO1", "done"));
    h.put_dataset(small);
    const json replaced = h.get_dataset();
    CHECK_MESSAGE(normalized_dataset(replaced) == normalized_dataset(small), replaced.dump(1));
    CHECK(replaced.dump().find("WA11") == std::string::npos);
    // Strings reach terminals unchanged as well.
    h.put_dataset(dataset);
    const Terminal terminal = h.enroll();
    const json login = h.login(terminal, "B-1001");
    CHECK(login["partner"]["name"] == "Beschichtung Müller & Söhne — 東京 🛠");
    const json plan = h.pull(login["token"].get<std::string>());
    const PlanView view = PlanView::of(plan);
    REQUIRE(view.find("resources", "R1") != nullptr);
    CHECK(view.find("resources", "R1")->value("name", "") == "Lackierstraße ½");
}

TEST_CASE("PATCH changes exactly the given fields; PUT settings each key optional") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    const json dataset = standard_dataset();
    h.put_dataset(dataset);
    json expected = dataset;

    h.patch("work_steps", "WA11", {{"planned_start", "2026-12-01T07:30:00Z"}});
    dataset_item(expected, "work_steps", "WA11")["planned_start"] = "2026-12-01T07:30:00Z";
    h.patch("work_steps", "WA0", {{"resource_id", "R1"}, {"status", "paused"}});
    dataset_item(expected, "work_steps", "WA0")["resource_id"] = "R1";
    dataset_item(expected, "work_steps", "WA0")["status"] = "paused";
    h.patch("processes", "PRB", {{"status", "done"}, {"notes", "checked"}});
    dataset_item(expected, "processes", "PRB")["status"] = "done";
    dataset_item(expected, "processes", "PRB")["notes"] = "checked";
    h.patch("partners", "P2", {{"name", "Hardening AG"}, {"allow_process_feedback", false}});
    dataset_item(expected, "partners", "P2")["name"] = "Hardening AG";
    dataset_item(expected, "partners", "P2")["allow_process_feedback"] = false;
    h.patch("partners", "P3", {{"modules", {"workbench"}}});
    dataset_item(expected, "partners", "P3")["modules"] = {"workbench"};
    h.patch("resources", "R4", {{"external", true}, {"partner_ids", {"P3"}}, {"name", "Saw 2"}});
    dataset_item(expected, "resources", "R4")["external"] = true;
    dataset_item(expected, "resources", "R4")["partner_ids"] = {"P3"};
    dataset_item(expected, "resources", "R4")["name"] = "Saw 2";
    h.patch("orders", "OB", {{"external_inheritance", "limited"}, {"named_partner_ids", {"P3"}}});
    dataset_item(expected, "orders", "OB")["external_inheritance"] = "limited";
    dataset_item(expected, "orders", "OB")["named_partner_ids"] = {"P3"};
    h.patch("orders", "OE", {{"parent_id", "OD"}});
    dataset_item(expected, "orders", "OE")["parent_id"] = "OD";

    json after = normalized_dataset(h.get_dataset());
    json want = normalized_dataset(expected);
    // OE became a sub-order: its own setting is no longer part of the comparison.
    dataset_item(after, "orders", "OE").erase("external_inheritance");
    dataset_item(want, "orders", "OE").erase("external_inheritance");
    CHECK_MESSAGE(after == want, "expected:\n", want.dump(1), "\ngot:\n", after.dump(1));

    const json reasons = {{"pause", {{{"code", "NEW"}, {"label", "New reason"}}}},
                          {"scrap", json::array()}};
    h.put_settings({{"reasons", reasons}});
    const json settings = h.get_dataset()["settings"];
    CHECK(settings["reasons"] == reasons);
    CHECK(settings["default_external_inheritance"] == "limited");
    CHECK(settings["external_columns"] == dataset["settings"]["external_columns"]);
    h.put_settings(json::object());
    CHECK(h.get_dataset()["settings"] == settings);
}

TEST_CASE("unknown ids get 404 on every PATCH") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    const json before = normalized_dataset(h.get_dataset());
    const std::vector<std::pair<std::string, json>> patches = {
        {"orders", {{"named_partner_ids", {"P1"}}}}, {"work_steps", {{"status", "paused"}}},
        {"processes", {{"status", "done"}}},         {"partners", {{"name", "Ghost"}}},
        {"resources", {{"name", "Ghost"}}},
    };
    for (const auto& [collection, change] : patches) {
        const HttpResponse response =
            h.admin("PATCH", "/admin/v1/" + collection + "/NO-SUCH-ID", change);
        CHECK_MESSAGE(response.status == 404, collection, ": ", describe(response));
        CHECK_MESSAGE(is_error_body(response), collection, ": ", describe(response));
    }
    CHECK(normalized_dataset(h.get_dataset()) == before);
}

TEST_CASE("changes that break the dataset's rules get 422 and change nothing") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    const json dataset = standard_dataset();
    h.put_dataset(dataset);
    const json before = normalized_dataset(h.get_dataset());

    struct Case {
        const char* what;
        std::string method;
        std::string path;
        json body;
    };
    json unknown_resource = dataset;
    dataset_item(unknown_resource, "work_steps", "WA0")["resource_id"] = "R-NOPE";
    json unknown_parent = dataset;
    dataset_item(unknown_parent, "orders", "OA1")["parent_id"] = "O-NOPE";
    json cycle = dataset;
    dataset_item(cycle, "orders", "OA")["parent_id"] = "OA11";
    dataset_item(cycle, "orders", "OA")["external_inheritance"] = nullptr;
    json unknown_order = dataset;
    dataset_item(unknown_order, "work_steps", "WA0")["order_id"] = "O-NOPE";

    const std::vector<Case> cases = {
        {"work step on an unknown resource",
         "PATCH",
         "/admin/v1/work_steps/WA11",
         {{"resource_id", "R-NOPE"}}},
        {"order under an unknown parent",
         "PATCH",
         "/admin/v1/orders/OA1",
         {{"parent_id", "O-NOPE"}}},
        {"order its own parent", "PATCH", "/admin/v1/orders/OA", {{"parent_id", "OA"}}},
        {"order under its grandchild", "PATCH", "/admin/v1/orders/OA", {{"parent_id", "OA11"}}},
        {"order under its child", "PATCH", "/admin/v1/orders/OA1", {{"parent_id", "OA11"}}},
        {"new order under an unknown parent", "POST", "/admin/v1/orders",
         dataset_order("ONEW", "O-NOPE", "")},
        {"resource linked to an unknown partner",
         "PATCH",
         "/admin/v1/resources/R1",
         {{"partner_ids", {"P1", "P-NOPE"}}}},
        {"order naming an unknown partner",
         "PATCH",
         "/admin/v1/orders/OA",
         {{"named_partner_ids", {"P-NOPE"}}}},
        {"dataset: work step on an unknown resource", "PUT", "/admin/v1/dataset", unknown_resource},
        {"dataset: order under an unknown parent", "PUT", "/admin/v1/dataset", unknown_parent},
        {"dataset: cycle of orders", "PUT", "/admin/v1/dataset", cycle},
        {"dataset: work step of an unknown order", "PUT", "/admin/v1/dataset", unknown_order},
    };
    for (const auto& c : cases) {
        const HttpResponse response = h.admin(c.method, c.path, c.body);
        CHECK_MESSAGE(response.status == 422, c.what, ": ", describe(response));
        CHECK_MESSAGE(is_error_body(response), c.what, ": ", describe(response));
        const json now = normalized_dataset(h.get_dataset());
        CHECK_MESSAGE(now == before, c.what, " changed the dataset");
    }
}

TEST_CASE("enrolment codes are distinct and the admin event log starts empty") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    std::set<std::string> codes;
    for (int i = 0; i < 5; ++i)
        CHECK(codes.insert(h.new_enrollment_code()).second);
    CHECK(h.admin_events().empty());
}

}  // namespace pt::itest

namespace pt::itest {

TEST_CASE("refused: a second order with an existing id, a sub-order with its own setting") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    const json dataset = standard_dataset();
    h.put_dataset(dataset);
    const json before = normalized_dataset(h.get_dataset());

    const HttpResponse again = h.admin("POST", "/admin/v1/orders", dataset_order("OA", "", "full"));
    CHECK_MESSAGE((again.status == 409 || again.status == 422),
                  "an existing order id must not be created again: ", describe(again));
    json sub_with_setting = dataset;
    dataset_item(sub_with_setting, "orders", "OA1")["external_inheritance"] = "full";
    const HttpResponse put = h.admin("PUT", "/admin/v1/dataset", sub_with_setting);
    CHECK_MESSAGE((put.status == 422 || put.status == 400),
                  "R4: a sub-order's own setting is refused: ", describe(put));
    json duplicate_ids = dataset;
    duplicate_ids["work_steps"].push_back(dataset_work_step("WA11", "OB", "R2"));
    const HttpResponse dup = h.admin("PUT", "/admin/v1/dataset", duplicate_ids);
    CHECK_MESSAGE((dup.status == 422 || dup.status == 400),
                  "duplicate work step id: ", describe(dup));
    CHECK(normalized_dataset(h.get_dataset()) == before);
}

TEST_CASE("answers are JSON, typed application/json; 204 answers are empty") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    const Terminal terminal = h.enroll();
    const std::string session = h.session(terminal, "B-1001");
    const std::vector<HttpResponse> answers = {
        h.admin("GET", "/admin/v1/dataset"),
        h.admin("GET", "/admin/v1/events"),
        h.try_login(terminal, "B-1001"),
        h.try_login(terminal, "B-NOPE"),
        h.try_pull(session),
        h.try_post_events(terminal.token, json::array()),
        h.send("GET", "/api/v1/plan", std::nullopt, "garbage"),
        h.admin("PATCH", "/admin/v1/orders/NOPE", json{{"number", "x"}}),
        h.admin("PATCH", "/admin/v1/orders/OA1", json{{"external_inheritance", "full"}}),
        h.admin("PUT", "/admin/v1/settings", std::optional<std::string>("{")),
    };
    for (const auto& answer : answers) {
        const std::string type = answer.headers.count("content-type") != 0
                                     ? answer.headers.at("content-type")
                                     : "<none>";
        CHECK_MESSAGE(type.rfind("application/json", 0) == 0, "Content-Type ", type, " of ",
                      describe(answer));
        CHECK_MESSAGE(!body_json(answer).is_discarded(), "not JSON: ", describe(answer));
    }
    const HttpResponse no_content = h.admin("PUT", "/admin/v1/settings", json::object());
    CHECK(no_content.status == 204);
    CHECK(no_content.body.empty());
}

}  // namespace pt::itest
