// The dataset document (sync-api.md "Dataset document") and `POST /admin/v1/orders`.
#include <doctest/doctest.h>

#include "tests/protocol/protocol_samples.h"

namespace pt::protocol::test {
namespace {

TEST_CASE("dataset round trip keeps every field") {
    const plan::Dataset dataset = sample_dataset();
    CHECK(decode_dataset(encode_dataset(dataset)) == dataset);
    CHECK(decode_dataset(encode_dataset(plan::Dataset{})) == plan::Dataset{});
}

TEST_CASE("dataset encoding writes columns explicitly and null for unset nullable fields") {
    plan::Dataset dataset = sample_dataset();
    dataset.settings.process_columns = plan::ProcessColumns();
    const Json document = Json::parse(encode_dataset(dataset));
    CHECK(document["settings"]["external_columns"]["work_steps"] ==
          Json{"order_number", "planned_start"});
    CHECK(document["settings"]["external_columns"]["processes"] == Json::array());
    CHECK(document["settings"]["default_external_inheritance"] == "full");
    CHECK(document["orders"][0]["parent_id"].is_null());
    CHECK(document["orders"][0]["external_inheritance"] == "limited");
    CHECK(document["orders"][1]["external_inheritance"].is_null());
    CHECK(document["orders"][1]["parent_id"] == "O1");
    CHECK(document["partners"][0]["operators"][0]["pin"].is_null());
    CHECK(document["partners"][0]["operators"][1]["pin"] == "4711");
    CHECK(document["partners"][0]["modules"] == Json{"workbench", "planning_objects"});
    CHECK(document["work_steps"][0]["status"] == "paused");
    CHECK(document["work_steps"][0]["planned_start"] == "2026-11-23T06:00:00Z");
}

TEST_CASE("credentials: GET withholds badge and PIN, a PUT may leave them out to keep them") {
    const plan::Dataset dataset = sample_dataset();
    const Json withheld =
        Json::parse(encode_dataset(dataset, OperatorCredentials::withheld))["partners"][0];
    CHECK(withheld["operators"][0] ==
          Json{{"id", "OP1"}, {"name", "Ana"}, {"role", "operator"}, {"has_pin", false}});
    CHECK(withheld["operators"][1]["has_pin"] == true);
    CHECK_FALSE(withheld["operators"][1].contains("badge"));
    CHECK_FALSE(withheld["operators"][1].contains("pin"));

    // Sent back as it came: both operators keep badge and PIN; has_pin is ignored.
    const DatasetUpload upload =
        decode_dataset_upload(encode_dataset(dataset, OperatorCredentials::withheld));
    CHECK(upload.keeps_badge == std::set<std::string, std::less<>>{"OP1", "OP2"});
    CHECK(upload.keeps_pin == std::set<std::string, std::less<>>{"OP1", "OP2"});
    CHECK(upload.dataset.partners[0].operators[1].badge.empty());
    CHECK_FALSE(upload.dataset.partners[0].operators[1].pin.has_value());

    // `pin: null` is given (no PIN), not left out.
    const DatasetUpload full = decode_dataset_upload(encode_dataset(dataset));
    CHECK(full.keeps_badge.empty());
    CHECK(full.keeps_pin.empty());
    CHECK(full.dataset == dataset);

    // A whole document needs the badges.
    CHECK_THROWS_AS((void)decode_dataset(encode_dataset(dataset, OperatorCredentials::withheld)),
                    ProtocolError);
}

TEST_CASE("dataset decoding accepts the documented omissions") {
    const std::string text = encode_dataset(sample_dataset());

    SUBCASE("missing external_columns means every column") {
        const plan::Dataset dataset =
            decode_dataset(edited(text, [](Json& d) { d["settings"].erase("external_columns"); }));
        CHECK(dataset.settings.work_step_columns == plan::WorkStepColumns::all());
        CHECK(dataset.settings.process_columns == plan::ProcessColumns::all());
    }
    SUBCASE("a missing list inside external_columns means every column of that kind") {
        const plan::Dataset dataset = decode_dataset(
            edited(text, [](Json& d) { d["settings"]["external_columns"].erase("work_steps"); }));
        CHECK(dataset.settings.work_step_columns == plan::WorkStepColumns::all());
        CHECK(dataset.settings.process_columns == sample_dataset().settings.process_columns);
    }
    SUBCASE("external_inheritance and parent_id may be absent") {
        const plan::Dataset dataset = decode_dataset(edited(text, [](Json& d) {
            d["orders"][0].erase("external_inheritance");
            d["orders"][0].erase("parent_id");
        }));
        CHECK_FALSE(dataset.orders[0].external_inheritance.has_value());
        CHECK_FALSE(dataset.orders[0].parent_id.has_value());
    }
    SUBCASE("pin may be absent") {
        const plan::Dataset dataset = decode_dataset(
            edited(text, [](Json& d) { d["partners"][0]["operators"][1].erase("pin"); }));
        CHECK_FALSE(dataset.partners[0].operators[1].pin.has_value());
    }
    SUBCASE("unknown fields are ignored") {
        const plan::Dataset dataset = decode_dataset(edited(text, [](Json& d) {
            d["extension"] = Json{{"x", 1}};
            d["work_steps"][0]["colour"] = "red";
        }));
        CHECK(dataset == sample_dataset());
    }
}

TEST_CASE("dataset decoding names the offending field") {
    const std::string text = encode_dataset(sample_dataset());
    auto field_of = [&](auto edit) {
        const std::string changed = edited(text, edit);
        return error_field([&] { return decode_dataset(changed); });
    };

    CHECK(field_of([](Json& d) { d["work_steps"][0]["planned_start"] = "tomorrow"; }) ==
          "work_steps[0].planned_start");
    CHECK(field_of([](Json& d) { d["work_steps"][0]["planned_end"] = "2026-02-30T00:00:00Z"; }) ==
          "work_steps[0].planned_end");
    CHECK(field_of([](Json& d) { d["work_steps"][0]["planned_start"] = 1700000000; }) ==
          "work_steps[0].planned_start");
    CHECK(field_of([](Json& d) { d["work_steps"][0]["quantity"] = -1; }) ==
          "work_steps[0].quantity");
    CHECK(field_of([](Json& d) { d["work_steps"][0]["quantity_scrap"] = 1.5; }) ==
          "work_steps[0].quantity_scrap");
    CHECK(field_of([](Json& d) { d["work_steps"][0]["quantity_good"] = true; }) ==
          "work_steps[0].quantity_good");
    CHECK(field_of([](Json& d) { d["work_steps"][0]["seq"] = "10"; }) == "work_steps[0].seq");
    CHECK(field_of([](Json& d) { d["work_steps"][0]["status"] = "done"; }) ==
          "work_steps[0].status");
    CHECK(field_of([](Json& d) { d["work_steps"][0].erase("notes"); }) == "work_steps[0].notes");
    CHECK(field_of([](Json& d) { d["work_steps"][0]["notes"] = nullptr; }) ==
          "work_steps[0].notes");
    CHECK(field_of([](Json& d) { d["orders"][1].erase("number"); }) == "orders[1].number");
    CHECK(field_of([](Json& d) { d["orders"][0]["quantity"] = -5; }) == "orders[0].quantity");
    CHECK(field_of([](Json& d) { d["orders"][0]["parent_id"] = 7; }) == "orders[0].parent_id");
    CHECK(field_of([](Json& d) { d["orders"][0]["external_inheritance"] = "partial"; }) ==
          "orders[0].external_inheritance");
    CHECK(field_of([](Json& d) { d["orders"][0]["named_partner_ids"][0] = 1; }) ==
          "orders[0].named_partner_ids[0]");
    CHECK(field_of([](Json& d) { d["orders"][0]["due"] = nullptr; }) == "orders[0].due");
    CHECK(field_of([](Json& d) { d["partners"][0]["modules"][1] = "accounting"; }) ==
          "partners[0].modules[1]");
    CHECK(field_of([](Json& d) { d["partners"][0]["modules"] = "workbench"; }) ==
          "partners[0].modules");
    CHECK(field_of([](Json& d) { d["partners"][0]["allow_process_feedback"] = 1; }) ==
          "partners[0].allow_process_feedback");
    CHECK(field_of([](Json& d) { d["partners"][0]["operators"][1]["pin"] = 4711; }) ==
          "partners[0].operators[1].pin");
    CHECK(field_of([](Json& d) { d["partners"][0]["operators"][0].erase("badge"); }) ==
          "partners[0].operators[0].badge");
    CHECK(field_of([](Json& d) { d["partners"][1] = "P2"; }) == "partners[1]");
    CHECK(field_of([](Json& d) { d["resources"][0]["external"] = "yes"; }) ==
          "resources[0].external");
    CHECK(field_of([](Json& d) { d["processes"][0]["status"] = "paused"; }) ==
          "processes[0].status");
    CHECK(field_of([](Json& d) { d["processes"][0].erase("type"); }) == "processes[0].type");
    CHECK(field_of([](Json& d) { d["settings"]["external_columns"]["work_steps"][1] = "price"; }) ==
          "settings.external_columns.work_steps[1]");
    CHECK(field_of([](Json& d) { d["settings"]["external_columns"]["processes"] = nullptr; }) ==
          "settings.external_columns.processes");
    CHECK(field_of([](Json& d) { d["settings"]["reasons"]["scrap"][0].erase("label"); }) ==
          "settings.reasons.scrap[0].label");
    CHECK(field_of([](Json& d) { d["settings"]["reasons"].erase("pause"); }) ==
          "settings.reasons.pause");
    CHECK(field_of([](Json& d) { d["settings"]["default_external_inheritance"] = nullptr; }) ==
          "settings.default_external_inheritance");
    CHECK(field_of([](Json& d) { d.erase("settings"); }) == "settings");
    CHECK(field_of([](Json& d) { d["processes"] = Json::object(); }) == "processes");
}

TEST_CASE("integer fields take whole numbers in int64 range only") {
    const std::string text = encode_dataset(sample_dataset());
    auto decode_with_quantity = [&](const std::string& literal) {
        std::string changed = text;
        const std::string key = "\"quantity\":100";
        const auto at = changed.find(key);
        REQUIRE(at != std::string::npos);
        changed.replace(at, key.size(), "\"quantity\":" + literal);
        return changed;
    };
    CHECK(decode_dataset(decode_with_quantity("9223372036854775807")).orders[0].quantity ==
          INT64_MAX);
    for (const char* bad : {"9223372036854775808", "18446744073709551616", "1e2", "100.0", "1.5",
                            "-1", "true", "null", "\"100\""}) {
        CAPTURE(bad);
        const std::string changed = decode_with_quantity(bad);
        CHECK(error_field([&] { return decode_dataset(changed); }) == "orders[0].quantity");
    }
}

TEST_CASE("text that is not a JSON object is refused with an empty field") {
    const std::string text = encode_dataset(sample_dataset());
    for (const std::string& bad :
         {std::string(), std::string("not json"), std::string("{"), text.substr(0, text.size() / 2),
          std::string("[]"), std::string("\"dataset\""), std::string("null"), text + "}",
          std::string("{\"a\":\"\xff\"}")}) {
        CAPTURE(bad);
        CHECK(error_field([&] { return decode_dataset(bad); }) == "");
    }
    try {
        (void)decode_dataset("{\"settings\": ");
        FAIL("no error");
    } catch (const ProtocolError& error) {
        CHECK(std::string(error.what()).find("not JSON") != std::string::npos);
    }
}

TEST_CASE("error messages carry the path and say what was expected") {
    const std::string text = edited(encode_dataset(sample_dataset()), [](Json& d) {
        d["work_steps"][0]["planned_start"] = "tomorrow";
    });
    try {
        (void)decode_dataset(text);
        FAIL("no error");
    } catch (const ProtocolError& error) {
        const std::string message = error.what();
        CHECK(message.rfind("work_steps[0].planned_start: ", 0) == 0);
        CHECK(message.find("RFC 3339") != std::string::npos);
        CHECK(message.find("'tomorrow'") != std::string::npos);
    }
}

TEST_CASE("decode_order reads one dataset order object") {
    const plan::Dataset dataset = sample_dataset();
    const Json document = Json::parse(encode_dataset(dataset));
    for (std::size_t i = 0; i < dataset.orders.size(); ++i) {
        CHECK(decode_order(document["orders"][i].dump()) == dataset.orders[i]);
    }
    Json top = document["orders"][0];
    top.erase("external_inheritance");
    CHECK_FALSE(decode_order(top.dump()).external_inheritance.has_value());
    top["quantity"] = -1;
    CHECK(error_field([&] { return decode_order(top.dump()); }) == "quantity");
    CHECK(error_field([&] { return decode_order("[1]"); }) == "");
    CHECK(error_field([&] { return decode_order("{}"); }) == "id");
}

TEST_CASE("partner id lists keep the Limits of ids: 422, naming the element") {
    // Issue 15's review: resources' partner_ids and orders' named_partner_ids were read as any
    // strings, so a PUT could carry ids of megabytes the other id fields refuse.
    const std::string text = encode_dataset(sample_dataset());
    const auto refusal = [&](auto edit) -> std::optional<ProtocolError> {
        try {
            (void)decode_dataset(edited(text, edit));
        } catch (const ProtocolError& e) {
            return e;
        }
        return std::nullopt;
    };
    const std::string long_id(65, 'x');
    const auto resource = refusal([&](Json& d) { d["resources"][0]["partner_ids"] = {long_id}; });
    REQUIRE(resource.has_value());
    CHECK(resource->over_limit());
    CHECK(resource->field() == "resources[0].partner_ids[0]");
    const auto order = refusal([&](Json& d) {
        d["orders"][0]["named_partner_ids"] = {"P1", long_id};
    });
    REQUIRE(order.has_value());
    CHECK(order->over_limit());
    CHECK(order->field() == "orders[0].named_partner_ids[1]");
    CHECK_FALSE(refusal([&](Json& d) {
                    d["resources"][0]["partner_ids"] = {long_id.substr(1)};
                }).has_value());
}

TEST_CASE("an id can be a path segment: '.' and '..' are refused, other dotted ids kept") {
    // Review of issue 16: a browser folds `/admin/v1/partners/..` into `/admin/v1/`, so an object
    // with such an id could never be changed or removed through the console.
    const std::string text = encode_dataset(sample_dataset());
    const auto refused_as_partner_id = [&](const std::string& id) {
        try {
            (void)decode_dataset(edited(text, [&](Json& d) { d["partners"][0]["id"] = id; }));
        } catch (const ProtocolError& e) {
            return e.field() == "partners[0].id";
        }
        return false;
    };
    CHECK(refused_as_partner_id("."));
    CHECK(refused_as_partner_id(".."));
    CHECK_FALSE(refused_as_partner_id("..."));
    CHECK_FALSE(refused_as_partner_id("P.1"));
    CHECK_FALSE(refused_as_partner_id("P:1"));
}

}  // namespace
}  // namespace pt::protocol::test
