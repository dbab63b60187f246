// Admin patches, settings updates, enrolment codes and the error body.
#include <doctest/doctest.h>

#include "tests/protocol/protocol_samples.h"

namespace pt::protocol::test {
namespace {

TEST_CASE("order change: every key optional, nulls engage an empty value") {
    const plan::OrderChange none = decode_order_change("{}");
    CHECK_FALSE(none.number);
    CHECK_FALSE(none.article);
    CHECK_FALSE(none.quantity);
    CHECK_FALSE(none.due);
    CHECK_FALSE(none.parent_id);
    CHECK_FALSE(none.external_inheritance);
    CHECK_FALSE(none.named_partner_ids);

    const plan::OrderChange all = decode_order_change(
        R"({"number": "N", "article": "A", "quantity": 3, "due": "2026-11-23T06:00:00Z",
            "parent_id": "O1", "external_inheritance": "full", "named_partner_ids": ["P1"],
            "unknown": 1})");
    CHECK(all.number == "N");
    CHECK(all.article == "A");
    CHECK(all.quantity == 3);
    CHECK(all.due == at_hour(0));
    REQUIRE(all.parent_id);
    CHECK(*all.parent_id == "O1");
    REQUIRE(all.external_inheritance);
    CHECK(*all.external_inheritance == plan::Inheritance::full);
    CHECK(all.named_partner_ids == std::vector<std::string>{"P1"});

    const plan::OrderChange nulls =
        decode_order_change(R"({"parent_id": null, "external_inheritance": null})");
    REQUIRE(nulls.parent_id);
    CHECK_FALSE(nulls.parent_id->has_value());
    REQUIRE(nulls.external_inheritance);
    CHECK_FALSE(nulls.external_inheritance->has_value());
}

TEST_CASE("order change errors name the field") {
    CHECK(error_field([] { return decode_order_change(R"({"id": "O9"})"); }) == "id");
    CHECK(error_field([] { return decode_order_change(R"({"quantity": -1})"); }) == "quantity");
    CHECK(error_field([] { return decode_order_change(R"({"due": "soon"})"); }) == "due");
    CHECK(error_field([] { return decode_order_change(R"({"number": null})"); }) == "number");
    CHECK(error_field([] { return decode_order_change(R"({"external_inheritance": "x"})"); }) ==
          "external_inheritance");
    CHECK(error_field([] { return decode_order_change(R"({"named_partner_ids": [1]})"); }) ==
          "named_partner_ids[0]");
    CHECK(error_field([] { return decode_order_change("[]"); }) == "");
    CHECK(error_field([] { return decode_order_change("{\"number\""); }) == "");
    try {
        (void)decode_order_change(R"({"id": "O9"})");
    } catch (const ProtocolError& error) {
        CHECK(std::string(error.what()) == "id: ids cannot be changed");
    }
}

TEST_CASE("work step patch writes the given fields and keeps the others") {
    const plan::WorkStep original = sample_dataset().work_steps[0];
    plan::WorkStep step = original;
    apply_work_step_patch(step, "{}");
    CHECK(step == original);

    apply_work_step_patch(step, R"({"resource_id": "R2", "status": "finished",
                                    "planned_start": "2026-11-23T07:00:00Z"})");
    plan::WorkStep expected = original;
    expected.resource_id = "R2";
    expected.status = plan::WorkStepStatus::finished;
    expected.planned_start = at_hour(1);
    CHECK(step == expected);

    // Every dataset field but id can be patched.
    plan::WorkStep other = original;
    other.order_id = "O2";
    other.seq = 20;
    other.operation = "Drying";
    other.planned_end = at_hour(9);
    other.quantity = 7;
    other.quantity_good = 6;
    other.quantity_scrap = 1;
    other.notes = "";
    other.status = plan::WorkStepStatus::cancelled;
    Json body = Json::parse(encode_dataset(plan::Dataset{.settings = {},
                                                         .partners = {},
                                                         .resources = {},
                                                         .orders = {},
                                                         .work_steps = {other},
                                                         .processes = {}}))["work_steps"][0];
    body.erase("id");
    plan::WorkStep patched = original;
    apply_work_step_patch(patched, body.dump());
    CHECK(patched == other);
}

TEST_CASE("a refused work step patch changes nothing") {
    const plan::WorkStep original = sample_dataset().work_steps[0];
    plan::WorkStep step = original;
    CHECK(error_field([&] {
              apply_work_step_patch(step, R"({"notes": "x", "quantity": -3})");
              return 0;
          }) == "quantity");
    CHECK(step == original);
    CHECK(error_field([&] {
              apply_work_step_patch(step, R"({"id": "W9"})");
              return 0;
          }) == "id");
    CHECK(error_field([&] {
              apply_work_step_patch(step, R"({"status": "done"})");
              return 0;
          }) == "status");
    CHECK(error_field([&] {
              apply_work_step_patch(step, "[]");
              return 0;
          }) == "");
    CHECK(error_field([&] {
              apply_work_step_patch(step, "nope");
              return 0;
          }) == "");
    CHECK(step == original);
}

TEST_CASE("process patch") {
    const plan::Process original = sample_dataset().processes[0];
    plan::Process process = original;
    apply_process_patch(process, R"({"status": "done", "due": "2026-11-23T08:00:00Z",
                                     "name": "N", "type": "T", "notes": "", "order_id": "O1"})");
    CHECK(process.status == plan::ProcessStatus::done);
    CHECK(process.due == at_hour(2));
    CHECK(process.name == "N");
    CHECK(process.type == "T");
    CHECK(process.notes.empty());
    CHECK(process.order_id == "O1");
    CHECK(process.id == original.id);
    const plan::Process before = process;
    CHECK(error_field([&] {
              apply_process_patch(process, R"({"name": "M", "status": "paused"})");
              return 0;
          }) == "status");
    CHECK(error_field([&] {
              apply_process_patch(process, R"({"id": "X"})");
              return 0;
          }) == "id");
    CHECK(process == before);
}

TEST_CASE("partner patch: name, modules, allow_process_feedback only") {
    const plan::Partner original = sample_dataset().partners[0];
    plan::Partner partner = original;
    apply_partner_patch(partner, R"({"name": "New", "modules": ["dashboard"],
                                     "allow_process_feedback": false})");
    CHECK(partner.name == "New");
    plan::ModuleSet dashboard;
    dashboard.insert(plan::Module::dashboard);
    CHECK(partner.modules == dashboard);
    CHECK_FALSE(partner.allow_process_feedback);
    CHECK(partner.operators == original.operators);
    CHECK(partner.id == original.id);

    const plan::Partner before = partner;
    CHECK(error_field([&] {
              apply_partner_patch(partner, R"({"name": "X", "operators": []})");
              return 0;
          }) == "operators");
    CHECK(error_field([&] {
              apply_partner_patch(partner, R"({"id": "P9"})");
              return 0;
          }) == "id");
    CHECK(error_field([&] {
              apply_partner_patch(partner, R"({"modules": ["workbench", "coffee"]})");
              return 0;
          }) == "modules[1]");
    CHECK(partner == before);
}

TEST_CASE("resource patch: name, external, partner_ids only") {
    plan::Resource resource = sample_dataset().resources[1];
    apply_resource_patch(resource, R"({"external": true, "partner_ids": ["P1"], "x": 0})");
    CHECK(resource.external);
    CHECK(resource.partner_ids == std::vector<std::string>{"P1"});
    CHECK(resource.name == "Saw");
    const plan::Resource before = resource;
    CHECK(error_field([&] {
              apply_resource_patch(resource, R"({"name": "N", "id": "R9"})");
              return 0;
          }) == "id");
    CHECK(error_field([&] {
              apply_resource_patch(resource, R"({"partner_ids": "P1"})");
              return 0;
          }) == "partner_ids");
    CHECK(resource == before);
}

TEST_CASE("settings update: each key optional") {
    const plan::Settings original = sample_dataset().settings;

    plan::Settings settings = original;
    apply_settings_update(settings, "{}");
    CHECK(settings == original);

    apply_settings_update(settings, R"({"default_external_inheritance": "limited"})");
    CHECK(settings.default_external_inheritance == plan::Inheritance::limited);
    CHECK(settings.work_step_columns == original.work_step_columns);

    SUBCASE("a missing list inside external_columns means every column") {
        apply_settings_update(settings, R"({"external_columns": {"work_steps": ["notes"]}})");
        plan::WorkStepColumns notes;
        notes.insert(plan::WorkStepColumn::notes);
        CHECK(settings.work_step_columns == notes);
        CHECK(settings.process_columns == plan::ProcessColumns::all());
        apply_settings_update(settings, R"({"external_columns": {}})");
        CHECK(settings.work_step_columns == plan::WorkStepColumns::all());
    }
    SUBCASE("each reasons list replaces that list only") {
        apply_settings_update(settings, R"({"reasons": {"pause": []}})");
        CHECK(settings.pause_reasons.empty());
        CHECK(settings.scrap_reasons == original.scrap_reasons);
        apply_settings_update(settings, R"({"reasons": {"scrap": [{"code": "C", "label": "L"}]}})");
        CHECK(settings.scrap_reasons == std::vector<plan::Reason>{{"C", "L"}});
    }
    SUBCASE("errors name the field and change nothing") {
        const plan::Settings before = settings;
        auto field_of = [&](const char* body) {
            return error_field([&] {
                apply_settings_update(settings, body);
                return 0;
            });
        };
        CHECK(field_of(R"({"default_external_inheritance": "all"})") ==
              "default_external_inheritance");
        CHECK(field_of(R"({"reasons": {"pause": []}, "external_columns": {"processes": ["x"]}})") ==
              "external_columns.processes[0]");
        CHECK(field_of(R"({"external_columns": null})") == "external_columns");
        CHECK(field_of(R"({"reasons": {"scrap": [{"code": "C"}]}})") == "reasons.scrap[0].label");
        CHECK(field_of("17") == "");
        CHECK(settings == before);
    }
}

TEST_CASE("enrollment code and error body") {
    const plan::Timestamp at{std::chrono::seconds{1795000000}};
    CHECK(decode_enrollment_code(encode_enrollment_code("ABC-123", at)) == "ABC-123");
    CHECK(Json::parse(encode_enrollment_code("X", at)) ==
          Json{{"code", "X"}, {"expires_at", "2026-11-18T11:06:40Z"}});
    CHECK(Json::parse(encode_enrollment_codes({{"X", at, at + std::chrono::hours{1}}})) ==
          Json{{"codes",
                {{{"code", "X"},
                  {"created_at", "2026-11-18T11:06:40Z"},
                  {"expires_at", "2026-11-18T12:06:40Z"}}}}});
    CHECK_FALSE(decode_enrollment_code_request("").has_value());
    CHECK_FALSE(decode_enrollment_code_request("{}").has_value());
    CHECK(decode_enrollment_code_request(R"({"expires_in_s": 3600})") == 3600);
    CHECK(error_field([] { return decode_enrollment_code_request(R"({"expires_in_s": 1.5})"); }) ==
          "expires_in_s");
    CHECK(error_field([] { return decode_enrollment_code("{}"); }) == "code");
    CHECK(error_field([] { return decode_enrollment_code(R"({"code": 5})"); }) == "code");

    const ErrorBody body{.error = "unauthorized", .message = "bad token ✗"};
    const ErrorBody decoded = decode_error(encode_error(body));
    CHECK(decoded.error == body.error);
    CHECK(decoded.message == body.message);
    CHECK(Json::parse(encode_error(body)) ==
          Json{{"error", "unauthorized"}, {"message", "bad token ✗"}});
    CHECK(error_field([] { return decode_error(R"({"error": "x"})"); }) == "message");
}

TEST_CASE("encoders never throw on invalid UTF-8") {
    const ErrorBody body{.error = "bad\xff", .message = std::string("a\xc3", 2)};
    const std::string text = encode_error(body);
    CHECK(decode_error(text).error == "bad\xef\xbf\xbd");
}

}  // namespace
}  // namespace pt::protocol::test
