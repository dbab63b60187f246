// The plan pull: exactly the granted fields (R9, R10), absent rather than null.
#include <doctest/doctest.h>

#include <set>

#include "tests/protocol/protocol_samples.h"

namespace pt::protocol::test {
namespace {

const Keys kWorkStepIdentity{"id",     "order_id",         "resource_id",
                             "status", "feedback_allowed", "operators"};
const Keys kProcessIdentity{"id", "order_id", "status", "feedback_allowed"};

/// The work step with only the given column set (read from `full`).
plan::ViewWorkStep only_column(plan::WorkStepColumn column) {
    const plan::ViewWorkStep full = full_view_work_step();
    plan::ViewWorkStep step;
    step.id = full.id;
    step.order_id = full.order_id;
    step.resource_id = full.resource_id;
    step.status = full.status;
    step.feedback_allowed = full.feedback_allowed;
    using C = plan::WorkStepColumn;
    switch (column) {
        case C::order_number:
            step.order_number = full.order_number;
            break;
        case C::article:
            step.article = full.article;
            break;
        case C::operation:
            step.operation = full.operation;
            break;
        case C::seq:
            step.seq = full.seq;
            break;
        case C::resource_name:
            step.resource_name = full.resource_name;
            break;
        case C::planned_start:
            step.planned_start = full.planned_start;
            break;
        case C::planned_end:
            step.planned_end = full.planned_end;
            break;
        case C::quantity:
            step.quantity = full.quantity;
            break;
        case C::quantity_good:
            step.quantity_good = full.quantity_good;
            break;
        case C::quantity_scrap:
            step.quantity_scrap = full.quantity_scrap;
            break;
        case C::notes:
            step.notes = full.notes;
            break;
    }
    return step;
}

plan::ViewProcess only_column(plan::ProcessColumn column) {
    const plan::ViewProcess full = full_view_process();
    plan::ViewProcess process;
    process.id = full.id;
    process.order_id = full.order_id;
    process.status = full.status;
    process.feedback_allowed = full.feedback_allowed;
    using C = plan::ProcessColumn;
    switch (column) {
        case C::order_number:
            process.order_number = full.order_number;
            break;
        case C::name:
            process.name = full.name;
            break;
        case C::type:
            process.type = full.type;
            break;
        case C::due:
            process.due = full.due;
            break;
        case C::notes:
            process.notes = full.notes;
            break;
    }
    return process;
}

TEST_CASE("plan response round trip") {
    const PlanResponse response = sample_plan_response();
    CHECK(decode_plan_response(encode(response)) == response);
    CHECK(decode_plan_response(encode(PlanResponse{})) == PlanResponse{});
}

TEST_CASE("plan response objects carry exactly the contract's fields") {
    const Json document = Json::parse(encode(sample_plan_response()));
    CHECK(keys_of(document) == Keys{"cursor", "reset", "orders", "resources", "work_steps",
                                    "processes", "step_notes", "removed"});
    CHECK(keys_of(document["removed"]) ==
          Keys{"orders", "work_steps", "processes", "resources", "step_notes"});
    CHECK(keys_of(document["step_notes"][0]) ==
          Keys{"id", "work_step_id", "operator_name", "at", "text"});
    for (const Json& order : document["orders"]) {
        CHECK(keys_of(order) ==
              Keys{"id", "number", "article", "quantity", "due", "parent_id", "top_id"});
    }
    CHECK(document["orders"][0]["parent_id"].is_null());
    CHECK(document["orders"][0]["top_id"] == "O1");
    CHECK(document["orders"][1]["parent_id"] == "O1");
    for (const Json& resource : document["resources"]) {
        CHECK(keys_of(resource) == Keys{"id", "name", "own"});
    }

    Keys all_work_step_keys = kWorkStepIdentity;
    for (int i = 0; i < plan::kWorkStepColumnCount; ++i) {
        all_work_step_keys.emplace(plan::name_of(static_cast<plan::WorkStepColumn>(i)));
    }
    CHECK(keys_of(document["work_steps"][0]) == all_work_step_keys);
    CHECK(keys_of(document["work_steps"][1]) == kWorkStepIdentity);

    Keys all_process_keys = kProcessIdentity;
    for (int i = 0; i < plan::kProcessColumnCount; ++i) {
        all_process_keys.emplace(plan::name_of(static_cast<plan::ProcessColumn>(i)));
    }
    CHECK(keys_of(document["processes"][0]) == all_process_keys);
    CHECK(keys_of(document["processes"][1]) == kProcessIdentity);
}

TEST_CASE("each work step column is written under its column name, and only when set") {
    for (int i = 0; i < plan::kWorkStepColumnCount; ++i) {
        const auto column = static_cast<plan::WorkStepColumn>(i);
        CAPTURE(plan::name_of(column));
        PlanResponse response;
        response.view.work_steps = {only_column(column)};
        const std::string text = encode(response);
        Keys expected = kWorkStepIdentity;
        expected.emplace(plan::name_of(column));
        CHECK(keys_of(Json::parse(text)["work_steps"][0]) == expected);
        CHECK(decode_plan_response(text) == response);
    }
    for (int i = 0; i < plan::kProcessColumnCount; ++i) {
        const auto column = static_cast<plan::ProcessColumn>(i);
        CAPTURE(plan::name_of(column));
        PlanResponse response;
        response.view.processes = {only_column(column)};
        const std::string text = encode(response);
        Keys expected = kProcessIdentity;
        expected.emplace(plan::name_of(column));
        CHECK(keys_of(Json::parse(text)["processes"][0]) == expected);
        CHECK(decode_plan_response(text) == response);
    }
}

TEST_CASE("plan response values are written in wire form") {
    const Json document = Json::parse(encode(sample_plan_response()));
    const Json& step = document["work_steps"][0];
    CHECK(step["status"] == "in_progress");
    CHECK(step["planned_start"] == "2026-11-23T06:00:00Z");
    CHECK(step["seq"] == 10);
    CHECK(step["feedback_allowed"] == true);
    CHECK(document["processes"][0]["status"] == "done");
    CHECK(document["processes"][0]["due"] == "2026-11-23T11:00:00Z");
    CHECK(document["reset"] == true);
    CHECK(document["removed"]["work_steps"] == Json{"W7", "W8"});
}

TEST_CASE("plan response decoding names the offending field") {
    const std::string text = encode(sample_plan_response());
    auto field_of = [&](auto edit) {
        const std::string changed = edited(text, edit);
        return error_field([&] { return decode_plan_response(changed); });
    };
    CHECK(field_of([](Json& d) { d["work_steps"][0]["notes"] = nullptr; }) ==
          "work_steps[0].notes");
    CHECK(field_of([](Json& d) { d["work_steps"][0]["planned_end"] = "x"; }) ==
          "work_steps[0].planned_end");
    CHECK(field_of([](Json& d) { d["work_steps"][1]["quantity_good"] = -1; }) ==
          "work_steps[1].quantity_good");
    CHECK(field_of([](Json& d) { d["work_steps"][1].erase("feedback_allowed"); }) ==
          "work_steps[1].feedback_allowed");
    CHECK(field_of([](Json& d) { d["work_steps"][0]["status"] = "running"; }) ==
          "work_steps[0].status");
    CHECK(field_of([](Json& d) { d["processes"][1]["status"] = "paused"; }) ==
          "processes[1].status");
    CHECK(field_of([](Json& d) { d["processes"][0]["due"] = 5; }) == "processes[0].due");
    CHECK(field_of([](Json& d) { d["orders"][1].erase("top_id"); }) == "orders[1].top_id");
    CHECK(field_of([](Json& d) { d["orders"][0].erase("parent_id"); }) == "orders[0].parent_id");
    CHECK(field_of([](Json& d) { d["resources"][0]["own"] = nullptr; }) == "resources[0].own");
    CHECK(field_of([](Json& d) { d["removed"]["resources"] = Json{1}; }) == "removed.resources[0]");
    CHECK(field_of([](Json& d) { d["removed"].erase("orders"); }) == "removed.orders");
    CHECK(field_of([](Json& d) { d["reset"] = 0; }) == "reset");
    CHECK(field_of([](Json& d) { d["cursor"] = nullptr; }) == "cursor");
    CHECK(error_field([] { return decode_plan_response("{\"cursor\":\"c\",\"reset\":tru"); }) ==
          "");
}

}  // namespace
}  // namespace pt::protocol::test
