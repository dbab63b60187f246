// Who sees what: product.md R1–R10 through GET /api/v1/plan, with exact field sets.
// Expected views are worked out by hand in datasets.h.
#include <doctest/doctest.h>

#include <algorithm>

#include "tests/integration/world.h"

namespace pt::itest {
namespace {

using Ids = std::set<std::string>;

std::string show(const Ids& ids) {
    std::string text;
    for (const auto& id : ids)
        text += (text.empty() ? "" : " ") + id;
    return "{" + text + "}";
}

#define CHECK_IDS(view, kind, ...)                                                     \
    do {                                                                               \
        const Ids expected_ids_ = __VA_ARGS__;                                         \
        const Ids actual_ids_ = (view).ids(kind);                                      \
        CHECK_MESSAGE(actual_ids_ == expected_ids_, kind, ": got ", show(actual_ids_), \
                      ", expected ", show(expected_ids_));                             \
    } while (false)

json field(const PlanView& view, const std::string& kind, const std::string& id,
           const std::string& name) {
    const json* object = view.find(kind, id);
    if (object == nullptr || !object->contains(name)) return json("<absent>");
    return (*object)[name];
}

json object_of(const PlanView& view, const std::string& kind, const std::string& id) {
    const json* object = view.find(kind, id);
    return object == nullptr ? json("<absent>") : *object;
}

bool feedback(const PlanView& view, const std::string& kind, const std::string& id) {
    return field(view, kind, id, "feedback_allowed") == json(true);
}

/// Pulls `partner` with `cursor`, CHECKs that every id in `gone` is in `removed`, applies the
/// delta to `view` and CHECKs convergence with a fresh pull. Returns the new cursor.
std::string expect_removed(World& w, const std::string& partner, const std::string& cursor,
                           PlanView& view, const std::map<std::string, Ids>& gone) {
    const json delta = w.pull(partner, cursor);
    CHECK_MESSAGE(delta.value("reset", true) == false,
                  "a known cursor must give a delta: ", delta.dump());
    for (const auto& [kind, ids] : gone) {
        Ids removed;
        for (const auto& id : delta["removed"].value(kind, json::array())) {
            removed.insert(id.get<std::string>());
        }
        for (const auto& id : ids) {
            CHECK_MESSAGE(removed.count(id) == 1, partner, ": ", kind, " ", id,
                          " should be in removed of the next delta: ", delta.dump());
        }
    }
    view.apply(delta);
    const PlanView fresh = w.view(partner);
    CHECK_MESSAGE(view == fresh, "delta view differs from a fresh pull:\n", view.diff(fresh));
    for (const auto& [kind, ids] : gone) {
        for (const auto& id : ids)
            CHECK_MESSAGE(fresh.find(kind, id) == nullptr, kind, " ", id);
    }
    return delta["cursor"].get<std::string>();
}

}  // namespace

TEST_CASE("each partner sees exactly its share, with exactly the contract's fields") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);

    const PlanView p1 = w.view("P1");
    CHECK_IDS(p1, "orders", {"OA11", "OC", "OC1", "OE"});
    CHECK_IDS(p1, "work_steps", {"WA11", "WE", "WC0", "WC1"});
    CHECK_IDS(p1, "resources", {"R1", "R4", "R6"});
    CHECK_IDS(p1, "processes", {});
    CHECK(feedback(p1, "work_steps", "WA11"));
    CHECK(feedback(p1, "work_steps", "WE"));
    CHECK_FALSE(feedback(p1, "work_steps", "WC0"));
    CHECK_FALSE(feedback(p1, "work_steps", "WC1"));
    CHECK(field(p1, "resources", "R1", "own") == json(true));
    CHECK(field(p1, "resources", "R6", "own") == json(true));
    CHECK(field(p1, "resources", "R4", "own") == json(false));

    // Order fields and the tree ids.
    CHECK(object_of(p1, "orders", "OA11") == json({{"id", "OA11"},
                                                   {"number", "PO-OA11"},
                                                   {"article", "Article OA11"},
                                                   {"quantity", 100},
                                                   {"due", "2026-11-30T16:00:00Z"},
                                                   {"parent_id", "OA1"},
                                                   {"top_id", "OA"}}));
    CHECK(field(p1, "orders", "OC", "parent_id") == json(nullptr));
    CHECK(field(p1, "orders", "OC", "top_id") == json("OC"));
    CHECK(field(p1, "orders", "OC1", "top_id") == json("OC"));
    CHECK(object_of(p1, "resources", "R1") ==
          json({{"id", "R1"}, {"name", "Coating line 1"}, {"own", true}}));
    // Work step: identity fields plus the chosen columns, nothing else (R9).
    CHECK(object_of(p1, "work_steps", "WA11") == json({{"id", "WA11"},
                                                       {"order_id", "OA11"},
                                                       {"resource_id", "R1"},
                                                       {"status", "open"},
                                                       {"feedback_allowed", true},
                                                       {"operators", json::array()},
                                                       {"order_number", "PO-OA11"},
                                                       {"operation", "Operation WA11"},
                                                       {"planned_start", "2026-11-23T06:00:00Z"},
                                                       {"quantity_good", 0},
                                                       {"quantity_scrap", 0}}));

    const PlanView p2 = w.view("P2");
    CHECK_IDS(p2, "orders", {"OB", "OB1", "OB11", "OE"});
    CHECK_IDS(p2, "work_steps", {"WB0", "WB1", "WB11", "WE"});
    CHECK_IDS(p2, "resources", {"R2", "R4", "R6"});
    CHECK_IDS(p2, "processes", {"PRB", "PRB11", "PRE"});
    CHECK(feedback(p2, "work_steps", "WB1"));
    CHECK(feedback(p2, "work_steps", "WE"));
    CHECK_FALSE(feedback(p2, "work_steps", "WB0"));
    CHECK_FALSE(feedback(p2, "work_steps", "WB11"));
    CHECK(field(p2, "resources", "R4", "own") == json(false));
    CHECK(field(p2, "orders", "OB11", "parent_id") == json("OB1"));
    CHECK(field(p2, "orders", "OB11", "top_id") == json("OB"));
    for (const char* process : {"PRB", "PRB11", "PRE"})
        CHECK(feedback(p2, "processes", process));
    CHECK(object_of(p2, "processes", "PRB") == json({{"id", "PRB"},
                                                     {"order_id", "OB"},
                                                     {"status", "open"},
                                                     {"feedback_allowed", true},
                                                     {"name", "Process PRB"}}));

    const PlanView p3 = w.view("P3");
    CHECK_IDS(p3, "orders", {"OD"});
    CHECK_IDS(p3, "work_steps", {"WD"});
    CHECK_IDS(p3, "resources", {"R5"});
    CHECK_IDS(p3, "processes", {"PRD"});
}

TEST_CASE("R1: a resource linked to the partner but not external gives nothing") {
    json dataset = standard_dataset();
    dataset_item(dataset, "resources", "R1")["external"] = false;
    World w(dataset);
    PT_SERVER_LOG_ON_FAILURE(w.h);
    const PlanView p1 = w.view("P1");
    CHECK_IDS(p1, "orders", {"OC", "OC1", "OE"});
    CHECK_IDS(p1, "work_steps", {"WE", "WC0", "WC1"});
    CHECK_IDS(p1, "resources", {"R4", "R6"});
    CHECK(outcome(w.post_one(make_event("work_step.started", "OP1", "WA11"))) ==
          "rejected not_visible");
    CHECK(outcome(w.post_one(make_event("work_step.started", "OP1", "WA2"))) ==
          "rejected not_visible");
}

TEST_CASE("R3/R5: a limited tree shows the anchor only, a full tree all of it (depth 3)") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    w.h.patch("orders", "OA", {{"external_inheritance", "full"}});
    const PlanView p1 = w.view("P1");
    CHECK_IDS(p1, "orders", {"OA", "OA1", "OA11", "OA2", "OC", "OC1", "OE"});
    CHECK_IDS(p1, "work_steps", {"WA0", "WA1", "WA11", "WA11b", "WA2", "WE", "WC0", "WC1"});
    CHECK_IDS(p1, "resources", {"R1", "R3", "R4", "R6"});
    CHECK_MESSAGE(field(p1, "resources", "R3", "own") == json(false),
                  "R3 is linked to P1 but not external: own must be false (R1)");
    CHECK(feedback(p1, "work_steps", "WA11"));
    for (const char* read_only : {"WA0", "WA1", "WA11b", "WA2"}) {
        CHECK_MESSAGE(!feedback(p1, "work_steps", read_only), read_only, " is read-only (R7)");
    }
    CHECK(field(p1, "orders", "OA1", "parent_id") == json("OA"));
    CHECK(field(p1, "orders", "OA1", "top_id") == json("OA"));
    CHECK(field(p1, "orders", "OA", "top_id") == json("OA"));
    CHECK(outcome(w.post_one(make_event("work_step.started", "OP1", "WA2"))) ==
          "rejected not_allowed");

    w.h.patch("orders", "OA", {{"external_inheritance", "limited"}});
    const PlanView back = w.view("P1");
    CHECK_IDS(back, "orders", {"OA11", "OC", "OC1", "OE"});
    CHECK_IDS(back, "work_steps", {"WA11", "WE", "WC0", "WC1"});
}

TEST_CASE("R4: a new top-level order takes the default in force; later defaults change nothing") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    const auto inheritance_of = [&](const std::string& id) {
        json dataset = w.h.get_dataset();
        return dataset_item(dataset, "orders", id).value("external_inheritance", json());
    };
    const auto post_order = [&](json order) {
        order.erase("external_inheritance");
        const HttpResponse response = w.h.admin("POST", "/admin/v1/orders", order);
        CHECK_MESSAGE(response.status == 201, "POST /admin/v1/orders ", order.dump(), ": ",
                      describe(response));
    };

    w.h.put_settings({{"default_external_inheritance", "full"}});
    post_order(dataset_order("ON", "", ""));
    post_order(dataset_order("ON1", "ON", ""));
    CHECK(inheritance_of("ON") == json("full"));
    CHECK_MESSAGE(inheritance_of("OA") == json("limited"), "existing orders keep theirs");

    w.h.put_settings({{"default_external_inheritance", "limited"}});
    CHECK_MESSAGE(inheritance_of("ON") == json("full"), "a later default changes no order");
    post_order(dataset_order("OL", "", ""));
    CHECK(inheritance_of("OL") == json("limited"));

    // OD (P3's anchor) moves under ON: its tree is now ON's full tree.
    w.h.patch("orders", "OD", {{"parent_id", "ON"}});
    const PlanView p3 = w.view("P3");
    CHECK_IDS(p3, "orders", {"ON", "ON1", "OD"});
    CHECK(field(p3, "orders", "OD", "parent_id") == json("ON"));
    CHECK(field(p3, "orders", "OD", "top_id") == json("ON"));
    CHECK(field(p3, "orders", "ON1", "top_id") == json("ON"));
}

TEST_CASE("R4: the setting on a sub-order is refused with 422 and nothing changes") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    const json before = normalized_dataset(w.h.get_dataset());
    for (const char* sub_order : {"OA1", "OA11", "OB1"}) {
        for (const char* value : {"full", "limited"}) {
            const HttpResponse response =
                w.h.admin("PATCH", std::string("/admin/v1/orders/") + sub_order,
                          json{{"external_inheritance", value}});
            CHECK_MESSAGE(response.status == 422, sub_order, " := ", value, ": ",
                          describe(response));
            CHECK_MESSAGE(is_error_body(response), describe(response));
        }
    }
    json sub_with_setting = dataset_order("ONEW", "OA", "full");
    const HttpResponse created = w.h.admin("POST", "/admin/v1/orders", sub_with_setting);
    CHECK_MESSAGE((created.status == 422 || created.status == 400),
                  "a new sub-order with its own setting must be refused: ", describe(created));
    CHECK(normalized_dataset(w.h.get_dataset()) == before);
    CHECK_IDS(w.view("P1"), "orders", {"OA11", "OC", "OC1", "OE"});
}

TEST_CASE("R6: a partner named on any order of a tree gets the whole tree, read-only") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    // Standard dataset: OC1 names P1 (limited tree).
    const PlanView p1 = w.view("P1");
    CHECK(p1.ids("orders").count("OC") == 1);
    CHECK_FALSE(feedback(p1, "work_steps", "WC0"));
    CHECK(outcome(w.post_one(make_event("work_step.started", "OP1", "WC0"))) ==
          "rejected not_allowed");

    // Naming P3 on a leaf of tree A brings in all of tree A.
    w.h.patch("orders", "OA2", {{"named_partner_ids", {"P3"}}});
    const PlanView p3 = w.view("P3");
    CHECK_IDS(p3, "orders", {"OA", "OA1", "OA11", "OA2", "OD"});
    CHECK_IDS(p3, "work_steps", {"WA0", "WA1", "WA11", "WA11b", "WA2", "WD"});
    CHECK_IDS(p3, "resources", {"R1", "R3", "R4", "R5"});
    CHECK_IDS(p3, "processes", {"PRA11", "PRA2", "PRD"});  // P3 allows process feedback
    for (const char* id : {"R1", "R3", "R4"}) {
        CHECK_MESSAGE(field(p3, "resources", id, "own") == json(false), id);
    }
    for (const char* id : {"WA0", "WA1", "WA11", "WA11b", "WA2"}) {
        CHECK_MESSAGE(!feedback(p3, "work_steps", id), id, " is read-only for P3");
    }
    // P1's own view of tree A is unchanged (the grant is P3's).
    CHECK_IDS(w.view("P1"), "orders", {"OA11", "OC", "OC1", "OE"});
}

TEST_CASE("R7: processes of related orders only with allow_process_feedback") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    CHECK_IDS(w.view("P1"), "processes", {});
    CHECK(outcome(w.post_one(make_event("process.feedback", "OP1", "PRC", {{"status", "done"}}))) ==
          "rejected not_visible");

    w.h.patch("partners", "P1", {{"allow_process_feedback", true}});
    const PlanView p1 = w.view("P1");
    CHECK_IDS(p1, "processes", {"PRA11", "PRC", "PRE"});
    for (const char* id : {"PRA11", "PRC", "PRE"})
        CHECK(feedback(p1, "processes", id));
    CHECK(outcome(w.post_one(make_event("process.feedback", "OP1", "PRC",
                                        {{"status", "done"}, {"comment", "delivered"}}))) ==
          "accepted");
    CHECK(field(w.view("P1"), "processes", "PRC", "status") == json("done"));
    CHECK(outcome(w.post_one(make_event("process.feedback", "OP1", "PRA2",
                                        {{"status", "done"}}))) == "rejected not_visible");
}

TEST_CASE("R8: modules come with the login; feedback needs workbench") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    CHECK(w.login["P2"]["partner"]["modules"] ==
          json({"workbench", "planning", "dashboard", "planning_objects"}));
    CHECK(w.login["P3"]["partner"]["modules"] == json({"planning", "dashboard"}));

    CHECK(outcome(w.post_one(make_event("work_step.started", "OP4", "WD"))) ==
          "rejected not_allowed");
    CHECK(outcome(w.post_one(make_event("process.feedback", "OP4", "PRD", {{"status", "done"}}))) ==
          "rejected not_allowed");
    CHECK(field(w.view("P3"), "work_steps", "WD", "status") == json("open"));

    w.h.patch("partners", "P3", {{"modules", {"planning", "dashboard", "workbench"}}});
    const json relogin = w.h.login(w.terminal, "B-3001");
    const json modules = relogin["partner"]["modules"];
    CHECK(std::find(modules.begin(), modules.end(), json("workbench")) != modules.end());
    CHECK(outcome(w.post_one(make_event("work_step.started", "OP4", "WD"))) == "accepted");

    w.h.patch("partners", "P1", {{"modules", {"planning"}}});
    CHECK(outcome(w.post_one(make_event("work_step.started", "OP1", "WA11"))) ==
          "rejected not_allowed");
}

TEST_CASE("R9: exactly the chosen columns, with the plan's values") {
    SUBCASE("every column chosen") {
        World w;
        PT_SERVER_LOG_ON_FAILURE(w.h);
        w.set_columns(kAllWorkStepColumns, kAllProcessColumns);
        w.h.patch("partners", "P1", {{"allow_process_feedback", true}});
        const PlanView p1 = w.view("P1");
        CHECK(object_of(p1, "work_steps", "WA11") ==
              json({{"id", "WA11"},
                    {"order_id", "OA11"},
                    {"resource_id", "R1"},
                    {"status", "open"},
                    {"feedback_allowed", true},
                    {"operators", json::array()},
                    {"order_number", "PO-OA11"},
                    {"article", "Article OA11"},
                    {"operation", "Operation WA11"},
                    {"seq", 10},
                    {"resource_name", "Coating line 1"},
                    {"planned_start", "2026-11-23T06:00:00Z"},
                    {"planned_end", "2026-11-23T14:00:00Z"},
                    {"quantity", 100},
                    {"quantity_good", 0},
                    {"quantity_scrap", 0},
                    {"notes", "Notes of WA11"}}));
        CHECK(object_of(p1, "processes", "PRC") == json({{"id", "PRC"},
                                                         {"order_id", "OC"},
                                                         {"status", "open"},
                                                         {"feedback_allowed", true},
                                                         {"order_number", "PO-OC"},
                                                         {"name", "Process PRC"},
                                                         {"type", "material"},
                                                         {"due", "2026-11-20T12:00:00Z"},
                                                         {"notes", "Notes of PRC"}}));
        const json relogin = w.h.login(w.terminal, "B-1001");
        CHECK(relogin["columns"]["work_steps"] == json(kAllWorkStepColumns));
        CHECK(relogin["columns"]["processes"] == json(kAllProcessColumns));
    }
    SUBCASE("no column chosen: identity fields only") {
        World w;
        PT_SERVER_LOG_ON_FAILURE(w.h);
        w.set_columns({}, {});
        (void)w.pull("P1");  // check_plan_answer enforces the exact field sets
        (void)w.pull("P2");
        const json relogin = w.h.login(w.terminal, "B-2001");
        CHECK(relogin["columns"]["work_steps"] == json::array());
        CHECK(relogin["columns"]["processes"] == json::array());
    }
    SUBCASE("external_columns missing from the dataset means every column") {
        json dataset = standard_dataset();
        dataset["settings"].erase("external_columns");
        World w(dataset);
        PT_SERVER_LOG_ON_FAILURE(w.h);
        CHECK(w.work_step_columns == kAllWorkStepColumns);
        (void)w.pull("P2");
        Ids columns;
        for (const auto& name : w.login["P2"]["columns"]["work_steps"]) {
            columns.insert(name.get<std::string>());
        }
        CHECK(columns == Ids(kAllWorkStepColumns.begin(), kAllWorkStepColumns.end()));
    }
    SUBCASE("a missing process list alone means every process column") {
        json dataset = standard_dataset();
        dataset["settings"]["external_columns"].erase("processes");
        World w(dataset);
        PT_SERVER_LOG_ON_FAILURE(w.h);
        CHECK(w.process_columns == kAllProcessColumns);
        (void)w.pull("P2");  // exact field sets: every process column, the chosen step columns
        (void)w.view("P2");
    }
}

TEST_CASE("R10: what a partner may no longer see is removed at the next sync") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    const json first = w.pull("P1");
    PlanView view = PlanView::of(first);
    const std::string cursor = first["cursor"].get<std::string>();
    const auto started = [&](const std::string& target) {
        return outcome(w.post_one(make_event("work_step.started", "OP1", target)));
    };

    SUBCASE("work step moved to another resource") {
        w.h.patch("work_steps", "WA11", {{"resource_id", "R4"}});
        (void)expect_removed(w, "P1", cursor, view,
                             {{"work_steps", {"WA11"}}, {"orders", {"OA11"}}});
        CHECK(started("WA11") == "rejected not_visible");
    }
    SUBCASE("resource unlinked") {
        w.h.patch("resources", "R1", {{"partner_ids", json::array()}});
        (void)expect_removed(
            w, "P1", cursor, view,
            {{"work_steps", {"WA11"}}, {"orders", {"OA11"}}, {"resources", {"R1"}}});
        CHECK(started("WA11") == "rejected not_visible");
    }
    SUBCASE("resource no longer external") {
        w.h.patch("resources", "R1", {{"external", false}});
        (void)expect_removed(
            w, "P1", cursor, view,
            {{"work_steps", {"WA11"}}, {"orders", {"OA11"}}, {"resources", {"R1"}}});
        CHECK(started("WA11") == "rejected not_visible");
    }
    SUBCASE("work step cancelled") {
        w.h.patch("work_steps", "WA11", {{"status", "cancelled"}});
        (void)expect_removed(w, "P1", cursor, view, {{"work_steps", {"WA11"}}});
        CHECK(started("WA11") == "rejected not_visible");
    }
    SUBCASE("named grant withdrawn") {
        w.h.patch("orders", "OC1", {{"named_partner_ids", json::array()}});
        (void)expect_removed(
            w, "P1", cursor, view,
            {{"orders", {"OC", "OC1"}}, {"work_steps", {"WC0", "WC1"}}, {"resources", {"R4"}}});
        CHECK(started("WC0") == "rejected not_visible");
    }
    SUBCASE("column no longer chosen") {
        w.set_columns({"order_number", "planned_start"}, {"name"});
        const std::string next = expect_removed(w, "P1", cursor, view, {});
        CHECK(field(view, "work_steps", "WA11", "operation") == json("<absent>"));
        (void)next;
    }
}

TEST_CASE("R10: processes and full trees disappear when the plan or the option changes") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    const json first = w.pull("P2");
    PlanView view = PlanView::of(first);
    const std::string cursor = first["cursor"].get<std::string>();
    const auto feedback_on = [&](const std::string& target) {
        return outcome(
            w.post_one(make_event("process.feedback", "OP3", target, {{"status", "in_progress"}})));
    };

    SUBCASE("process cancelled") {
        w.h.patch("processes", "PRB", {{"status", "cancelled"}});
        (void)expect_removed(w, "P2", cursor, view, {{"processes", {"PRB"}}});
        CHECK(feedback_on("PRB") == "rejected not_visible");
        CHECK(feedback_on("PRB11") == "accepted");
    }
    SUBCASE("process feedback option switched off") {
        w.h.patch("partners", "P2", {{"allow_process_feedback", false}});
        (void)expect_removed(w, "P2", cursor, view, {{"processes", {"PRB", "PRB11", "PRE"}}});
        CHECK(feedback_on("PRB") == "rejected not_visible");
    }
    SUBCASE("full tree made limited") {
        w.h.patch("orders", "OB", {{"external_inheritance", "limited"}});
        (void)expect_removed(w, "P2", cursor, view,
                             {{"orders", {"OB", "OB11"}},
                              {"work_steps", {"WB0", "WB11"}},
                              {"processes", {"PRB", "PRB11"}},
                              {"resources", {"R4"}}});
        CHECK(outcome(w.post_one(make_event("work_step.started", "OP3", "WB0"))) ==
              "rejected not_visible");
    }
}

}  // namespace pt::itest

namespace pt::itest {

TEST_CASE("R10/R11: a session never shows a partner its operator no longer belongs to") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    const std::string ben = w.h.session(w.terminal, "B-1002", "4711");  // OP2 of P1
    const std::set<std::string> p1_only = {"OA11", "WA11", "R1", "OC", "OC1", "WC0", "WC1"};

    // OP2 moves from P1 to P2.
    json moved = standard_dataset();
    json& p1_operators = dataset_item(moved, "partners", "P1")["operators"];
    json op2;
    for (auto it = p1_operators.begin(); it != p1_operators.end(); ++it) {
        if ((*it)["id"] == "OP2") {
            op2 = *it;
            p1_operators.erase(it);
            break;
        }
    }
    dataset_item(moved, "partners", "P2")["operators"].push_back(op2);
    w.h.put_dataset(moved);
    const HttpResponse after_move = w.h.try_pull(ben);
    if (after_move.status == 200) {
        for (const auto& id : ids_mentioned(body_json(after_move))) {
            CHECK_MESSAGE(p1_only.count(id) == 0, "a moved operator still sees P1's ", id);
        }
    } else {
        CHECK_MESSAGE(after_move.status == 401, describe(after_move));
    }

    // P1 is deleted altogether: OP1's session may see nothing of the old plan.
    json without_p1 = moved;
    json partners = json::array();
    for (const auto& partner : without_p1["partners"]) {
        if (partner["id"] != "P1") partners.push_back(partner);
    }
    without_p1["partners"] = partners;
    for (auto& resource : without_p1["resources"]) {
        json ids = json::array();
        for (const auto& id : resource["partner_ids"]) {
            if (id != "P1") ids.push_back(id);
        }
        resource["partner_ids"] = ids;
    }
    for (auto& order : without_p1["orders"])
        order["named_partner_ids"] = json::array();
    w.h.put_dataset(without_p1);
    const HttpResponse orphan = w.h.try_pull(w.session["P1"]);
    if (orphan.status == 200) {
        CHECK_MESSAGE(ids_mentioned(body_json(orphan)).empty(), describe(orphan));
    } else {
        CHECK_MESSAGE(orphan.status == 401, describe(orphan));
    }
    CHECK(w.h.try_login(w.terminal, "B-1001").status == 401);
}

}  // namespace pt::itest
