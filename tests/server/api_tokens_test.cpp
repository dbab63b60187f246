// Named API tokens with roles: who may call what (viewer reads, planner changes orders, work
// steps, processes and reasons, admin everything), 401 for an unknown token, 403 naming the role
// for one too small, and tokens added or removed by another process seen within a second.
#include "sync/server/api_tokens.h"

#include <doctest/doctest.h>

#include <thread>

#include "sync/server/database.h"
#include "sync/server/tokens.h"
#include "tests/plan/plan_builder.h"
#include "tests/server/service_harness.h"

namespace {

using namespace pt;
using namespace pt::server;
using namespace pt::server::testing;

/// Adds a token as `plan-server token add` does: on a connection of its own.
std::string add_token(const std::filesystem::path& db, const std::string& name, Role role) {
    SQLite::Database other = open_database(db);
    const std::string token = random_token();
    REQUIRE(api_token_table::add(other, name, role, hash_token(token), start_time()));
    return token;
}

struct Roles {
    ServiceHarness h;
    std::string viewer, planner, admin;

    Roles() {
        h.load(plan::testing::PlanBuilder()
                   .partner("P1")
                   .resource("R1", true, {"P1"})
                   .order("O1")
                   .step("W1", "O1", "R1")
                   .process("PR1", "O1")
                   .dataset());
        viewer = add_token(h.dir / "plan.db", "dashboard", Role::viewer);
        planner = add_token(h.dir / "plan.db", "erp", Role::planner);
        admin = add_token(h.dir / "plan.db", "it-desk", Role::admin);
        h.open();  // a start loads the tokens at once
    }
};

}  // namespace

TEST_CASE("each role may do what it names and no more") {
    Roles r;
    PlanService& s = *r.h.service;
    const std::string order_change = R"({"number": "PO-1"})";
    const std::string step_change = R"({"notes": "mind the edges"})";
    const std::string reasons = R"({"reasons": {"pause": [{"code": "MAT", "label": "Material"}]}})";
    const std::string columns = R"({"external_columns": {"work_steps": ["operation"]}})";

    SUBCASE("viewer reads only") {
        CHECK(s.get_dataset(r.viewer).status == 200);
        CHECK(s.get_terminals(r.viewer).status == 200);
        CHECK(s.get_events(r.viewer).status == 200);
        CHECK(s.get_refusals(r.viewer).status == 200);
        const Reply refused = s.patch_order(r.viewer, "O1", order_change);
        CHECK(refused.status == 403);
        CHECK(refused.body.find("planner") != std::string::npos);
        CHECK(refused.body.find("dashboard") != std::string::npos);
        CHECK(s.put_settings(r.viewer, reasons).status == 403);
        CHECK(s.get_enrollment_codes(r.viewer).status == 403);  // codes enrol terminals
    }
    SUBCASE("planner changes orders, work steps, processes and reasons") {
        CHECK(s.patch_order(r.planner, "O1", order_change).status == 204);
        CHECK(s.patch_work_step(r.planner, "W1", step_change).status == 204);
        CHECK(s.patch_process(r.planner, "PR1", R"({"notes": "x"})").status == 204);
        CHECK(s.post_order(r.planner, R"({"id": "O2", "number": "PO-2", "article": "A",
            "quantity": 1, "due": "2026-12-01T00:00:00Z", "parent_id": null,
            "named_partner_ids": []})")
                  .status == 201);
        CHECK(s.put_settings(r.planner, reasons).status == 204);
        // What partners see is the administrator's: columns, inheritance default, partners.
        const Reply columns_refused = s.put_settings(r.planner, columns);
        CHECK(columns_refused.status == 403);
        CHECK(columns_refused.body.find("reasons") != std::string::npos);
        CHECK(s.patch_partner(r.planner, "P1", R"({"name": "x"})").status == 403);
        CHECK(s.patch_resource(r.planner, "R1", R"({"external": false})").status == 403);
        CHECK(s.put_dataset(r.planner, protocol::encode_dataset(s.dataset())).status == 403);
        CHECK(s.post_enrollment_code(r.planner, "").status == 403);
        CHECK(s.unlock_operator(r.planner, "OP-P1").status == 403);
    }
    SUBCASE("admin, named or the bootstrap token, does everything") {
        for (const std::string& token : {r.admin, std::string(kAdmin)}) {
            CHECK(s.put_settings(token, columns).status == 204);
            CHECK(s.patch_partner(token, "P1", R"({"name": "Coating"})").status == 204);
            CHECK(s.post_enrollment_code(token, "").status == 201);
        }
    }
    SUBCASE("the transport refuses before the body as the service does after it") {
        CHECK(s.refuse_admin_call(r.viewer, Role::admin)->status == 403);
        CHECK(s.refuse_admin_call(r.planner, Role::admin)->status == 403);
        CHECK_FALSE(s.refuse_admin_call(r.planner, Role::planner));
        CHECK_FALSE(s.refuse_admin_call(r.admin, Role::admin));
        CHECK(s.refuse_admin_call("no-such-token", Role::viewer)->status == 401);
        CHECK(s.refuse_admin_call("", Role::viewer)->status == 401);
        CHECK(s.refuse_admin_call(r.h.enroll(), Role::viewer)->status == 401);  // a terminal's
    }
}

TEST_CASE("a token added or removed by another process counts within a second") {
    Roles r;
    PlanService& s = *r.h.service;
    const std::string late = add_token(r.h.dir / "plan.db", "late", Role::viewer);
    {
        SQLite::Database other = open_database(r.h.dir / "plan.db");
        REQUIRE(api_token_table::remove(other, "dashboard"));
        CHECK_FALSE(api_token_table::remove(other, "dashboard"));
        CHECK_FALSE(api_token_table::add(other, "erp", Role::admin, "x", start_time()));
        const auto listed = api_token_table::list(other);
        REQUIRE(listed.size() == 3);
        CHECK(listed[0].name == "erp");
        CHECK(listed[0].role == Role::planner);
        CHECK(listed[1].name == "it-desk");
        CHECK(listed[2].name == "late");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{1100});
    CHECK(s.get_dataset(late).status == 200);
    CHECK(s.get_dataset(r.viewer).status == 401);
    CHECK(s.get_dataset(r.planner).status == 200);
}
