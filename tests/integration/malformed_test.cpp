// Malformed bodies on every POST, PUT and PATCH: 400, an error body naming the field, and
// nothing changed (sync-api.md "Errors", "A malformed body as a whole → 400").
#include <doctest/doctest.h>

#include "tests/integration/datasets.h"
#include "tests/integration/harness.h"

namespace pt::itest {
namespace {

enum class Auth { none, terminal, admin };

struct Endpoint {
    std::string method;
    std::string path;
    Auth auth;
};

struct Malformed {
    Endpoint endpoint;
    std::string body;
    std::string field;  ///< a name the error must mention; empty for bodies that are not JSON
};

}  // namespace

TEST_CASE("malformed bodies on every POST/PUT/PATCH get 400 naming the field") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    const json dataset = standard_dataset();
    h.put_dataset(dataset);
    const Terminal terminal = h.enroll();
    const std::string unused_code = h.new_enrollment_code();
    const json before = normalized_dataset(h.get_dataset());

    const Endpoint enroll{"POST", "/api/v1/terminals/enroll", Auth::none};
    const Endpoint sessions{"POST", "/api/v1/sessions", Auth::terminal};
    const Endpoint events{"POST", "/api/v1/events", Auth::terminal};
    const Endpoint put_dataset{"PUT", "/admin/v1/dataset", Auth::admin};
    const Endpoint post_order{"POST", "/admin/v1/orders", Auth::admin};
    const Endpoint patch_order{"PATCH", "/admin/v1/orders/OA", Auth::admin};
    const Endpoint patch_step{"PATCH", "/admin/v1/work_steps/WA11", Auth::admin};
    const Endpoint patch_process{"PATCH", "/admin/v1/processes/PRB", Auth::admin};
    const Endpoint patch_partner{"PATCH", "/admin/v1/partners/P1", Auth::admin};
    const Endpoint patch_resource{"PATCH", "/admin/v1/resources/R1", Auth::admin};
    const Endpoint put_settings{"PUT", "/admin/v1/settings", Auth::admin};

    const auto with = [&](const std::string& collection, const std::string& id,
                          const std::string& key, const json& value) {
        json broken = dataset;
        dataset_item(broken, collection, id)[key] = value;
        return broken.dump();
    };
    json order = dataset_order("ONEW", "", "full");
    const auto order_with = [&](const std::string& key, const json& value) {
        json broken = order;
        broken[key] = value;
        return broken.dump();
    };
    json event_without_type = make_event("work_step.started", "OP1", "WA11");
    event_without_type["id"] = 17;

    std::vector<Malformed> cases;
    for (const Endpoint& endpoint :
         {enroll, sessions, events, put_dataset, post_order, patch_order, patch_step, patch_process,
          patch_partner, patch_resource, put_settings}) {
        cases.push_back({endpoint, "{not json", ""});
        cases.push_back({endpoint, "[1, 2, 3]", ""});
    }
    const std::vector<Malformed> typed = {
        {enroll, json{{"code", 12345}, {"name", "Kiosk"}}.dump(), "code"},
        {enroll, json{{"code", unused_code}, {"name", 7}}.dump(), "name"},
        {sessions, json{{"badge", 1001}}.dump(), "badge"},
        {sessions, json{{"badge", "B-1002"}, {"pin", 4711}}.dump(), "pin"},
        {events, json{{"events", "none"}}.dump(), "events"},
        {events, json::object().dump(), "events"},
        {events, json{{"events", json::array({event_without_type})}}.dump(), "id"},
        {put_dataset, with("partners", "P1", "modules", "workbench"), "modules"},
        {put_dataset, with("work_steps", "WA11", "quantity", "many"), "quantity"},
        {put_dataset, with("work_steps", "WA11", "status", "exploded"), "status"},
        {put_dataset, with("orders", "OA", "due", 5), "due"},
        {put_dataset, with("resources", "R1", "external", "yes"), "external"},
        {put_dataset, with("orders", "OA", "external_inheritance", "partial"),
         "external_inheritance"},
        {post_order, order_with("quantity", "ten"), "quantity"},
        {post_order, order_with("number", 5), "number"},
        {post_order, order_with("named_partner_ids", "P1"), "named_partner_ids"},
        {patch_order, json{{"named_partner_ids", "P1"}}.dump(), "named_partner_ids"},
        {patch_order, json{{"parent_id", 5}}.dump(), "parent_id"},
        {patch_order, json{{"external_inheritance", "partial"}}.dump(), "external_inheritance"},
        {patch_step, json{{"planned_start", 5}}.dump(), "planned_start"},
        {patch_step, json{{"planned_start", "next tuesday"}}.dump(), "planned_start"},
        {patch_step, json{{"status", 3}}.dump(), "status"},
        {patch_step, json{{"status", "exploded"}}.dump(), "status"},
        {patch_step, json{{"resource_id", false}}.dump(), "resource_id"},
        {patch_step, json{{"quantity", "many"}}.dump(), "quantity"},
        {patch_process, json{{"status", 1}}.dump(), "status"},
        {patch_process, json{{"status", "finished"}}.dump(), "status"},
        {patch_process, json{{"due", json::array()}}.dump(), "due"},
        {patch_partner, json{{"modules", "workbench"}}.dump(), "modules"},
        {patch_partner, json{{"allow_process_feedback", "yes"}}.dump(), "allow_process_feedback"},
        {patch_partner, json{{"name", 3}}.dump(), "name"},
        {patch_resource, json{{"external", "yes"}}.dump(), "external"},
        {patch_resource, json{{"partner_ids", "P1"}}.dump(), "partner_ids"},
        {patch_resource, json{{"name", json::object()}}.dump(), "name"},
        {put_settings, json{{"default_external_inheritance", 3}}.dump(),
         "default_external_inheritance"},
        {put_settings, json{{"default_external_inheritance", "sometimes"}}.dump(),
         "default_external_inheritance"},
        {put_settings, json{{"external_columns", "all"}}.dump(), "external_columns"},
        {put_settings,
         json{{"external_columns", {{"work_steps", {"operation", "secret_price"}}}}}.dump(),
         "work_steps"},
        {put_settings, json{{"reasons", json::array()}}.dump(), "reasons"},
    };
    cases.insert(cases.end(), typed.begin(), typed.end());

    for (const auto& c : cases) {
        const std::string token = c.endpoint.auth == Auth::admin      ? h.admin_token()
                                  : c.endpoint.auth == Auth::terminal ? terminal.token
                                                                      : std::string();
        const HttpResponse response = h.send(c.endpoint.method, c.endpoint.path, c.body, token);
        INFO(c.endpoint.method, " ", c.endpoint.path, " ", c.body.substr(0, 300));
        CHECK_MESSAGE(response.status == 400, describe(response));
        CHECK_MESSAGE(is_error_body(response), describe(response));
        if (!c.field.empty() && is_error_body(response)) {
            const json body = body_json(response);
            const std::string text =
                body["error"].get<std::string>() + " " + body["message"].get<std::string>();
            CHECK_MESSAGE(text.find(c.field) != std::string::npos, "the error should name `",
                          c.field, "`: ", response.body);
        }
    }

    CHECK_MESSAGE(normalized_dataset(h.get_dataset()) == before, "a malformed body changed data");
    CHECK(h.admin_events().empty());
    // The code offered with a malformed name was not spent.
    const HttpResponse enrolled = h.send("POST", "/api/v1/terminals/enroll",
                                         json{{"code", unused_code}, {"name", "Kiosk"}}.dump(), {});
    CHECK_MESSAGE(enrolled.status == 201, describe(enrolled));
}

}  // namespace pt::itest
