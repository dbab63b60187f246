// The console's lists (issue 16) through the real plan-server: partners, resources, settings,
// orders, work steps and processes page by page with their filters and sorts, the event feeds'
// filters, and the provisioning barcode as SVG. Each object must read exactly as
// GET /admin/v1/dataset shows it, plus the list's own fields; every page walk must see each
// object exactly once; bad parameters are 400, a missing token 401, a small role 403.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "tests/integration/datasets.h"
#include "tests/integration/harness.h"

namespace pt::itest {
namespace {

/// GET `path` with the admin token; REQUIREs 200 and a JSON body.
json get_ok(Harness& h, const std::string& path) {
    const HttpResponse r = h.admin("GET", path);
    REQUIRE_MESSAGE(r.status == 200, path, ": ", describe(r));
    const json body = body_json(r);
    REQUIRE_MESSAGE(body.is_object(), path, ": ", describe(r));
    return body;
}

/// The status of GET `path` with the admin token; CHECKs the error body of a refusal.
long status_of(Harness& h, const std::string& path) {
    const HttpResponse r = h.admin("GET", path);
    if (r.status >= 400) CHECK_MESSAGE(is_error_body(r), path, ": ", describe(r));
    return r.status;
}

/// A running server sees a new API token or console user within a second.
void let_server_see_new_credentials() {
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
}

std::vector<std::string> ids_of(const json& list) {
    std::vector<std::string> ids;
    for (const json& item : list)
        ids.push_back(item.at("id").get<std::string>());
    return ids;
}

std::vector<std::string> sorted(std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
}

/// The object of `list` with this id (an empty object when absent).
json by_id(const json& list, const std::string& id) {
    for (const json& item : list) {
        if (item.at("id") == id) return item;
    }
    return json::object();
}

/// `object` without `keys`.
json without(json object, std::initializer_list<const char*> keys) {
    for (const char* key : keys)
        object.erase(key);
    return object;
}

/// Every work step id of a walk through `query` by offset, `limit` at a time.
std::vector<std::string> walk_work_steps(Harness& h, const std::string& query, int limit) {
    std::vector<std::string> seen;
    for (int offset = 0;; offset += limit) {
        const json page =
            get_ok(h, "/admin/v1/work_steps?" + query + "&limit=" + std::to_string(limit) +
                          "&offset=" + std::to_string(offset));
        CHECK(page["offset"] == offset);
        for (const auto& id : ids_of(page["work_steps"]))
            seen.push_back(id);
        if (page["work_steps"].size() < static_cast<std::size_t>(limit)) {
            CHECK(page["total"] == seen.size());
            return seen;
        }
        REQUIRE(offset < 1000);
    }
}

/// Every order id of a walk through `query` by `next`, `limit` at a time.
std::vector<std::string> walk_orders(Harness& h, const std::string& query, int limit) {
    std::vector<std::string> seen;
    std::string after;
    for (int pages = 0; pages < 100; ++pages) {
        const json page =
            get_ok(h, "/admin/v1/orders?" + query + "&limit=" + std::to_string(limit) +
                          (after.empty() ? "" : "&after=" + after));
        for (const auto& id : ids_of(page["orders"]))
            seen.push_back(id);
        if (page["next"].is_null()) return seen;
        CHECK(page["orders"].size() == static_cast<std::size_t>(limit));
        after = page["next"].get<std::string>();
        CHECK(after == seen.back());
    }
    FAIL("the order pages never end");
    return seen;
}

/// Every event seq of a walk through the feed `path?query` by `next`.
std::vector<std::int64_t> walk_feed(Harness& h, const std::string& path, const std::string& query,
                                    int limit) {
    std::vector<std::int64_t> seen;
    std::int64_t after = 0;
    for (int pages = 0; pages < 100; ++pages) {
        const json page = get_ok(h, path + "?" + query + "&limit=" + std::to_string(limit) +
                                        "&after=" + std::to_string(after));
        for (const json& event : page["events"])
            seen.push_back(event["seq"].get<std::int64_t>());
        if (page["events"].empty()) {
            CHECK(page["next"] == after);
            return seen;
        }
        after = page["next"].get<std::int64_t>();
        CHECK(after == seen.back());
    }
    FAIL("the feed never ends");
    return seen;
}

}  // namespace

TEST_CASE("partners, resources and settings read as the dataset shows them") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    const json dataset = h.get_dataset();

    const json partners = get_ok(h, "/admin/v1/partners")["partners"];
    CHECK(ids_of(partners) == std::vector<std::string>{"P1", "P2", "P3"});
    for (const json& partner : partners) {
        json expected = by_id(dataset["partners"], partner["id"].get<std::string>());
        json shown = partner;
        for (json& op : shown["operators"]) {
            CHECK(op["wrong_pins"] == 0);
            CHECK(op["locked"] == false);
            op = without(op, {"wrong_pins", "locked"});
        }
        CHECK(shown == expected);
    }

    // Wrong PINs count per badge; at 10 it is locked (two terminals: each stops at its 5th).
    const Terminal first = h.enroll("first");
    const Terminal second = h.enroll("second");
    for (int i = 0; i < 3; ++i)
        CHECK(h.try_login(first, "B-1002", "0000").status == 401);
    json ben = by_id(by_id(get_ok(h, "/admin/v1/partners")["partners"], "P1")["operators"], "OP2");
    CHECK(ben["wrong_pins"] == 3);
    CHECK(ben["locked"] == false);
    for (int i = 0; i < 2; ++i)
        CHECK(h.try_login(first, "B-1002", "0000").status == 401);
    for (int i = 0; i < 5; ++i)
        CHECK(h.try_login(second, "B-1002", "0000").status == 401);
    ben = by_id(by_id(get_ok(h, "/admin/v1/partners")["partners"], "P1")["operators"], "OP2");
    CHECK(ben["wrong_pins"] == 10);
    CHECK(ben["locked"] == true);
    CHECK(h.admin("POST", "/admin/v1/operators/OP2/unlock").status == 204);
    ben = by_id(by_id(get_ok(h, "/admin/v1/partners")["partners"], "P1")["operators"], "OP2");
    CHECK(ben["locked"] == false);

    const json resources = get_ok(h, "/admin/v1/resources")["resources"];
    CHECK(ids_of(resources) == sorted(ids_of(dataset["resources"])));
    for (const json& resource : resources)
        CHECK(resource == by_id(dataset["resources"], resource["id"].get<std::string>()));

    CHECK(get_ok(h, "/admin/v1/settings") == dataset["settings"]);
    h.put_settings({{"finished_retention_days", 9}});
    CHECK(get_ok(h, "/admin/v1/settings")["finished_retention_days"] == 9);
}

TEST_CASE("the lists need a token of the role viewer; the console's cookie works as well") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    const std::string viewer = api_token(h, "viewer", "viewer");
    REQUIRE(user_command(h, "add vera --role viewer", "correct horse battery").status == 0);
    let_server_see_new_credentials();
    for (const char* path :
         {"/admin/v1/partners", "/admin/v1/resources", "/admin/v1/settings", "/admin/v1/orders",
          "/admin/v1/work_steps", "/admin/v1/processes", "/admin/v1/events?partner_id=P1",
          "/admin/v1/refusals?terminal_id=T1"}) {
        CAPTURE(path);
        const HttpResponse none = h.send("GET", path, std::nullopt, "");
        CHECK(none.status == 401);
        CHECK(is_error_body(none));
        CHECK(h.send("GET", path, std::nullopt, "not-a-token").status == 401);
        CHECK(h.send("GET", path, std::nullopt, viewer).status == 200);
    }

    // A console user's session cookie reads them like a bearer token.
    test::HttpRequest sign_in;
    sign_in.method = "POST";
    sign_in.url = h.url("/console/api/sign-in");
    sign_in.body = json{{"name", "vera"}, {"password", "correct horse battery"}}.dump();
    const HttpResponse signed_in = h.http().send(sign_in);
    REQUIRE_MESSAGE(signed_in.status == 200, describe(signed_in));
    const std::string set_cookie = signed_in.headers.at("set-cookie");
    test::HttpRequest list;
    list.url = h.url("/admin/v1/work_steps?limit=3");
    list.headers.emplace_back("Cookie", set_cookie.substr(0, set_cookie.find(';')));
    const HttpResponse listed = h.http().send(list);
    CHECK_MESSAGE(listed.status == 200, describe(listed));
    CHECK(body_json(listed)["total"] == 12);
}

TEST_CASE("orders: top-level, sub-orders, search, and pages by `after` that cover each once") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    const json dataset = h.get_dataset();

    const json top = get_ok(h, "/admin/v1/orders");
    CHECK(ids_of(top["orders"]) == std::vector<std::string>{"OA", "OB", "OC", "OD", "OE"});
    CHECK(top["next"].is_null());
    const json oa = by_id(top["orders"], "OA");
    CHECK(without(oa, {"child_count", "work_step_count", "process_count"}) ==
          by_id(dataset["orders"], "OA"));
    CHECK(oa["child_count"] == 2);
    CHECK(oa["work_step_count"] == 1);
    CHECK(oa["process_count"] == 0);

    const json children = get_ok(h, "/admin/v1/orders?parent_id=OA")["orders"];
    CHECK(ids_of(children) == std::vector<std::string>{"OA1", "OA2"});
    const json oa11 = by_id(get_ok(h, "/admin/v1/orders?parent_id=OA1")["orders"], "OA11");
    CHECK(oa11["child_count"] == 0);
    CHECK(oa11["work_step_count"] == 2);
    CHECK(oa11["process_count"] == 1);
    CHECK(get_ok(h, "/admin/v1/orders?parent_id=OA11")["orders"].empty());

    CHECK(walk_orders(h, "", 2) == std::vector<std::string>{"OA", "OB", "OC", "OD", "OE"});
    CHECK(walk_orders(h, "parent_id=OB", 1) == std::vector<std::string>{"OB1"});
    // Search: id, number or article, any case, across the whole tree.
    CHECK(walk_orders(h, "q=oa1", 1) == std::vector<std::string>{"OA1", "OA11"});
    CHECK(walk_orders(h, "q=PO-OB", 2) == std::vector<std::string>{"OB", "OB1", "OB11"});
    CHECK(walk_orders(h, "q=article%20oc1", 5) == std::vector<std::string>{"OC1"});
    CHECK(walk_orders(h, "q=nothing-like-this", 5).empty());
    CHECK(walk_orders(h, "q=o", 3) == sorted(ids_of(dataset["orders"])));
    CHECK(ids_of(get_ok(h, "/admin/v1/orders?after=OC")["orders"]) ==
          std::vector<std::string>{"OD", "OE"});

    CHECK(status_of(h, "/admin/v1/orders?parent_id=NOPE") == 404);
    CHECK(status_of(h, "/admin/v1/orders?parent_id=bad%20id") == 400);
    CHECK(status_of(h, "/admin/v1/orders?after=") == 400);
    for (const char* limit : {"0", "1001", "-1", "x", "2.5", "", "99999999999999999999"})
        CHECK_MESSAGE(status_of(h, std::string("/admin/v1/orders?limit=") + limit) == 400, limit);
    CHECK(status_of(h, "/admin/v1/orders?limit=1000") == 200);
    CHECK(status_of(h, "/admin/v1/orders?q=" + std::string(201, 'a')) == 400);

    // Changes show at once (the sorted lists follow the plan).
    REQUIRE(h.admin("POST", "/admin/v1/orders", dataset_order("OAA", "", "limited")).status == 201);
    CHECK(ids_of(get_ok(h, "/admin/v1/orders")["orders"]) ==
          std::vector<std::string>{"OA", "OAA", "OB", "OC", "OD", "OE"});
    h.patch("orders", "OAA", {{"parent_id", "OE"}});
    CHECK(ids_of(get_ok(h, "/admin/v1/orders?parent_id=OE")["orders"]) ==
          std::vector<std::string>{"OAA"});
    CHECK(by_id(get_ok(h, "/admin/v1/orders")["orders"], "OE")["child_count"] == 1);
}

TEST_CASE(
    "work steps: each as the dataset shows it, filters, sorts, and pages that cover each once") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    json data = standard_dataset();
    // Planned starts apart, and a later step in an earlier order number, so the sorts differ.
    const char* starts[] = {"2026-11-23T09:00:00Z", "2026-11-23T07:00:00Z", "2026-11-23T08:00:00Z",
                            "2026-11-23T06:00:00Z"};
    for (std::size_t i = 0; i < data["work_steps"].size(); ++i)
        data["work_steps"][i]["planned_start"] = starts[i % 4];
    h.put_dataset(data);
    h.patch("work_steps", "WB1", {{"status", "in_progress"}});
    h.patch("work_steps", "WE", {{"status", "paused"}});
    const json dataset = h.get_dataset();
    const std::vector<std::string> all = sorted(ids_of(dataset["work_steps"]));

    const json first = get_ok(h, "/admin/v1/work_steps");
    CHECK(first["total"] == 12);
    CHECK(first["offset"] == 0);
    CHECK(ids_of(first["work_steps"]) == all);
    for (const json& step : first["work_steps"]) {
        const std::string id = step["id"].get<std::string>();
        CAPTURE(id);
        const json expected = by_id(dataset["work_steps"], id);
        CHECK(without(step, {"order_number", "resource_name"}) == expected);
        CHECK(step["order_number"] ==
              by_id(dataset["orders"], expected["order_id"].get<std::string>())["number"]);
        CHECK(step["resource_name"] ==
              by_id(dataset["resources"], expected["resource_id"].get<std::string>())["name"]);
    }

    // Pages: every step exactly once, in each order.
    CHECK(walk_work_steps(h, "", 5) == all);
    std::vector<std::string> reversed(all.rbegin(), all.rend());
    CHECK(walk_work_steps(h, "sort=-id", 5) == reversed);
    const auto by_start = walk_work_steps(h, "sort=planned_start", 5);
    CHECK(sorted(by_start) == all);
    for (std::size_t i = 1; i < by_start.size(); ++i) {
        const json a = by_id(dataset["work_steps"], by_start[i - 1]);
        const json b = by_id(dataset["work_steps"], by_start[i]);
        const auto sa = a["planned_start"].get<std::string>();
        const auto sb = b["planned_start"].get<std::string>();
        CHECK((sa < sb || (sa == sb && by_start[i - 1] < by_start[i])));
    }
    const auto by_start_down = walk_work_steps(h, "sort=-planned_start", 7);
    CHECK(std::vector<std::string>(by_start_down.rbegin(), by_start_down.rend()) == by_start);
    const auto by_number = walk_work_steps(h, "sort=order_number", 4);
    CHECK(sorted(by_number) == all);
    for (std::size_t i = 1; i < by_number.size(); ++i) {
        const auto number = [&](const std::string& step) {
            const json order =
                by_id(dataset["orders"],
                      by_id(dataset["work_steps"], step)["order_id"].get<std::string>());
            return order["number"].get<std::string>();
        };
        const auto na = number(by_number[i - 1]);
        const auto nb = number(by_number[i]);
        CHECK((na < nb || (na == nb && by_number[i - 1] < by_number[i])));
    }

    // Filters, alone and together (AND).
    const auto ids = [&](const std::string& query) {
        return ids_of(get_ok(h, "/admin/v1/work_steps?" + query)["work_steps"]);
    };
    CHECK(ids("order_id=OA11") == std::vector<std::string>{"WA11", "WA11b"});
    CHECK(ids("resource_id=R4") ==
          std::vector<std::string>{"WA0", "WA1", "WB0", "WB11", "WC0", "WC1"});
    // A partner's filter lists what its terminal pulls (R1–R14), as "see as partner" shows it.
    for (const char* partner : {"P1", "P2", "P3"}) {
        CAPTURE(partner);
        const json view = get_ok(h, std::string("/admin/v1/partners/") + partner + "/view");
        CHECK(ids(std::string("partner_id=") + partner) == ids_of(view["work_steps"]));
    }
    // P1: its external R1 and R6 (not R3: internal), and OC's tree, which names it (R7).
    CHECK(ids("partner_id=P1") == std::vector<std::string>{"WA11", "WC0", "WC1", "WE"});
    // P2: R2 and R6, and OB's tree (full inheritance, anchored by WB1).
    CHECK(ids("partner_id=P2") == std::vector<std::string>{"WB0", "WB1", "WB11", "WE"});
    CHECK(ids("status=in_progress") == std::vector<std::string>{"WB1"});
    CHECK(ids("status=paused&partner_id=P1") == std::vector<std::string>{"WE"});
    CHECK(ids("status=open&partner_id=P2") == std::vector<std::string>{"WB0", "WB11"});
    CHECK(ids("status=open&partner_id=P1&resource_id=R4") ==
          std::vector<std::string>{"WC0", "WC1"});
    CHECK(ids("q=wa1") == std::vector<std::string>{"WA1", "WA11", "WA11b"});
    CHECK(ids("q=OPERATION%20wb") == std::vector<std::string>{"WB0", "WB1", "WB11"});
    CHECK(ids("q=po-oc") == std::vector<std::string>{"WC0", "WC1"});  // the order's number
    CHECK(ids("q=wa&resource_id=R3&sort=-id") == std::vector<std::string>{"WA2", "WA11b"});
    CHECK(ids("order_id=OA11&resource_id=R1") == std::vector<std::string>{"WA11"});
    CHECK(walk_work_steps(h, "resource_id=R4&sort=-planned_start", 4).size() == 6);
    CHECK(walk_work_steps(h, "status=open&sort=order_number", 3).size() == 10);
    // An id that names nothing filters everything out.
    const json none = get_ok(h, "/admin/v1/work_steps?order_id=NOPE");
    CHECK(none["total"] == 0);
    CHECK(none["work_steps"].empty());
    const json beyond = get_ok(h, "/admin/v1/work_steps?offset=100");
    CHECK(beyond["total"] == 12);
    CHECK(beyond["work_steps"].empty());

    for (const char* bad : {"status=done", "status=", "sort=name", "sort=", "limit=0", "limit=501",
                            "limit=x", "offset=-1", "offset=abc", "offset=1e3", "order_id=a%20b",
                            "partner_id=", "resource_id=%3B", "q=a%1Fb"}) {
        CHECK_MESSAGE(status_of(h, std::string("/admin/v1/work_steps?") + bad) == 400, bad);
    }
    CHECK(status_of(h, "/admin/v1/work_steps?limit=500&offset=0&sort=-order_number") == 200);

    // The lists follow changes: a new step, a step moved, a step deleted.
    json added = dataset_work_step("WA00", "OA", "R1");
    REQUIRE(h.admin("POST", "/admin/v1/work_steps", added).status == 201);
    CHECK(ids("partner_id=P1") == std::vector<std::string>{"WA00", "WA11", "WC0", "WC1", "WE"});
    h.patch("work_steps", "WA00", {{"planned_start", "2020-01-01T00:00:00Z"}});
    CHECK(ids("sort=planned_start&limit=1") == std::vector<std::string>{"WA00"});
    CHECK(ids("q=grinding").empty());
    h.patch("work_steps", "WA00", {{"operation", "Grinding"}});
    CHECK(ids("q=grinding") == std::vector<std::string>{"WA00"});
    h.patch("orders", "OA", {{"number", "PO-NEW"}});
    CHECK(ids("q=po-new") == std::vector<std::string>{"WA0", "WA00"});
    REQUIRE(h.admin("DELETE", "/admin/v1/work_steps/WA00").status == 204);
    CHECK(walk_work_steps(h, "", 5) == all);
}

TEST_CASE("processes: filters, search and pages by offset") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    h.patch("processes", "PRB", {{"status", "done"}});
    const json dataset = h.get_dataset();
    const std::vector<std::string> all = sorted(ids_of(dataset["processes"]));

    const json first = get_ok(h, "/admin/v1/processes");
    CHECK(first["total"] == 7);
    CHECK(ids_of(first["processes"]) == all);
    for (const json& process : first["processes"]) {
        const json expected = by_id(dataset["processes"], process["id"].get<std::string>());
        CHECK(without(process, {"order_number"}) == expected);
        CHECK(process["order_number"] ==
              by_id(dataset["orders"], expected["order_id"].get<std::string>())["number"]);
    }
    std::vector<std::string> seen;
    for (int offset = 0; offset < 10; offset += 3) {
        const json page = get_ok(h, "/admin/v1/processes?limit=3&offset=" + std::to_string(offset));
        CHECK(page["total"] == 7);
        for (const auto& id : ids_of(page["processes"]))
            seen.push_back(id);
    }
    CHECK(seen == all);
    const auto ids = [&](const std::string& query) {
        return ids_of(get_ok(h, "/admin/v1/processes?" + query)["processes"]);
    };
    CHECK(ids("order_id=OB11") == std::vector<std::string>{"PRB11"});
    CHECK(ids("status=done") == std::vector<std::string>{"PRB"});
    CHECK(ids("status=open&q=prb") == std::vector<std::string>{"PRB11"});
    CHECK(ids("q=PROCESS%20PRA") == std::vector<std::string>{"PRA11", "PRA2"});
    CHECK(ids("q=po-od") == std::vector<std::string>{"PRD"});
    CHECK(ids("order_id=NOPE").empty());
    for (const char* bad : {"status=paused", "limit=501", "offset=-3", "order_id=%20"})
        CHECK_MESSAGE(status_of(h, std::string("/admin/v1/processes?") + bad) == 400, bad);
}

TEST_CASE("the event feeds filter by partner, terminal, operator and time, paged as before") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    h.put_dataset(standard_dataset());
    const Terminal one = h.enroll("one");
    const Terminal two = h.enroll("two");
    (void)h.session(one, "B-1001");
    (void)h.session(two, "B-1001");
    (void)h.session(two, "B-2001");
    const std::string now = now_rfc3339();
    // Accepted: OP1 (P1) on both terminals, OP3 (P2) on two. Refused: OP1 on a step P1 does
    // not see, and one from an operator that does not exist.
    json results =
        h.post_events(one.token, json::array({make_event("work_step.started", "OP1", "WA11"),
                                              make_event("work_step.started", "OP1", "WE"),
                                              make_event("work_step.started", "OP1", "WD")}));
    CHECK(results[0]["status"] == "accepted");
    CHECK(results[2]["status"] == "rejected");
    results = h.post_events(
        two.token, json::array({make_event("work_step.paused", "OP1", "WA11", {{"reason", "MAT"}}),
                                make_event("work_step.started", "OP3", "WB1"),
                                make_event("work_step.paused", "OP3", "WB1", {{"reason", "MAT"}}),
                                make_event("work_step.started", "OP9", "WB1")}));
    CHECK(results[3]["status"] == "rejected");

    const json everything = get_ok(h, "/admin/v1/events");  // unchanged without filters
    CHECK(everything["events"].size() == 5);
    const auto count = [&](const std::string& query) {
        return walk_feed(h, "/admin/v1/events", query, 2).size();
    };
    CHECK(count("partner_id=P1") == 3);
    CHECK(count("partner_id=P2") == 2);
    CHECK(count("partner_id=P3") == 0);
    CHECK(count("terminal_id=" + one.id) == 2);
    CHECK(count("terminal_id=" + two.id + "&partner_id=P1") == 1);
    CHECK(count("operator_id=OP3") == 2);
    CHECK(count("operator_id=OP3&terminal_id=" + one.id) == 0);
    CHECK(count("from=2000-01-01T00:00:00Z") == 5);
    CHECK(count("from=2000-01-01T00:00:00Z&to=" + now) == 0);
    CHECK(count("from=2099-01-01T00:00:00Z") == 0);
    CHECK(count("to=2099-01-01T00:00:00Z&partner_id=P2") == 2);
    CHECK(count("partner_id=NOPE") == 0);
    // Each filtered page is a slice of the unfiltered feed, in seq order.
    std::vector<std::int64_t> p1;
    for (const json& event : everything["events"]) {
        if (event["operator_id"] == "OP1") p1.push_back(event["seq"].get<std::int64_t>());
    }
    CHECK(walk_feed(h, "/admin/v1/events", "partner_id=P1", 1) == p1);
    const json filtered = get_ok(h, "/admin/v1/events?operator_id=OP3");
    CHECK(filtered["events"].size() == 2);
    CHECK(filtered["next"] == filtered["events"][1]["seq"]);

    CHECK(walk_feed(h, "/admin/v1/refusals", "partner_id=P1", 5).size() == 1);
    CHECK(walk_feed(h, "/admin/v1/refusals", "operator_id=OP9", 5).size() == 1);
    CHECK(walk_feed(h, "/admin/v1/refusals", "partner_id=P2", 5).empty());
    CHECK(walk_feed(h, "/admin/v1/refusals", "terminal_id=" + two.id, 5).size() == 1);

    for (const char* bad : {"from=yesterday", "to=2026-13-01T00:00:00Z", "partner_id=a%20b",
                            "terminal_id=", "operator_id=%3B"}) {
        CHECK_MESSAGE(status_of(h, std::string("/admin/v1/events?") + bad) == 400, bad);
        CHECK_MESSAGE(status_of(h, std::string("/admin/v1/refusals?") + bad) == 400, bad);
    }
    CHECK(status_of(h, "/admin/v1/events?partner_id=P1&limit=0") == 422);  // as before
}

TEST_CASE("the provisioning barcode of an enrolment code, as QR code or Code 128 in SVG") {
    Harness h;
    PT_SERVER_LOG_ON_FAILURE(h);
    const std::string planner = api_token(h, "planner", "planner");
    const std::string viewer = api_token(h, "viewer", "viewer");
    let_server_see_new_credentials();
    const std::string code = h.new_enrollment_code();
    const std::string path = "/admin/v1/enrollment_codes/" + code + "/barcode.svg";
    const std::string url = "?server_url=https%3A%2F%2Fplan.example.com%3A8443%2Fa%3Db%25";

    for (const std::string kind : {"", "&kind=qr"}) {
        CAPTURE(kind);
        const HttpResponse r = h.admin("GET", path + url + "&technician_badge=TECH-0001" + kind);
        REQUIRE_MESSAGE(r.status == 200, describe(r));
        CHECK(r.headers.at("content-type") == "image/svg+xml");
        CHECK(r.headers.at("x-content-type-options") == "nosniff");
        CHECK(r.headers.at("content-security-policy") ==
              "default-src 'none'; style-src 'unsafe-inline'");
        CHECK(r.headers.at("cache-control") == "no-store");
        CHECK(r.body.starts_with("<?xml"));
        CHECK(r.body.find("<svg xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
        CHECK(r.body.find("shape-rendering=\"crispEdges\"") != std::string::npos);
        CHECK(r.body.find("<path fill=\"#000\" d=\"M") != std::string::npos);
        CHECK(r.body.find("<script") == std::string::npos);
    }
    CHECK(h.admin("GET", path + url).status == 200);  // without a technician badge
    // Code 128 (libzint) holds 60 characters: no provisioning text with a real address fits.
    const HttpResponse bars = h.admin("GET", path + url + "&kind=code128");
    CHECK(bars.status == 422);
    CHECK(body_json(bars)["message"].get<std::string>().find("kind=qr") != std::string::npos);

    CHECK(status_of(h, path + url + "&kind=pdf") == 400);
    CHECK(status_of(h, path) == 400);  // no server_url
    CHECK(status_of(h, path + "?server_url=ftp%3A%2F%2Fplan.example.com") == 422);
    CHECK(status_of(h, path + "?server_url=https%3A%2F%2Fa%3Bb") == 422);
    CHECK(status_of(h, path + "?server_url=https%3A%2F%2F") == 422);
    CHECK(status_of(h, path + "?server_url=https://" + std::string(300, 'a') + ".example") == 422);
    CHECK(status_of(h, path + url + "&technician_badge=") == 422);
    CHECK(status_of(h, path + url + "&technician_badge=" + std::string(200, 'B')) == 422);
    CHECK(status_of(h, "/admin/v1/enrollment_codes/AAAA-BBBB-CCCC-DDDD/barcode.svg" + url) == 404);
    CHECK(status_of(h, "/admin/v1/enrollment_codes/" + std::string(100, 'A') + "/barcode.svg" +
                           url) == 404);

    // A code that no longer enrols has no barcode.
    CHECK(h.admin("DELETE", "/admin/v1/enrollment_codes/" + code).status == 204);
    CHECK(status_of(h, path + url) == 404);
    const std::string spent = h.new_enrollment_code();
    (void)h.send("POST", "/api/v1/terminals/enroll", json{{"code", spent}, {"name", "x"}}.dump(),
                 "");
    CHECK(status_of(h, "/admin/v1/enrollment_codes/" + spent + "/barcode.svg" + url) == 404);

    // The role admin only.
    const std::string fresh = h.new_enrollment_code();
    const std::string fresh_path = "/admin/v1/enrollment_codes/" + fresh + "/barcode.svg" + url;
    CHECK(h.send("GET", fresh_path, std::nullopt, "").status == 401);
    CHECK(h.send("GET", fresh_path, std::nullopt, planner).status == 403);
    CHECK(h.send("GET", fresh_path, std::nullopt, viewer).status == 403);
    CHECK(h.admin("GET", fresh_path).status == 200);
}

}  // namespace pt::itest
