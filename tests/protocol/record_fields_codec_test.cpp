// Every row of sync/plan/record_fields.h on the wire: each field, set alone to a value that is
// not its default, is written under its key and read back into the same member, in the dataset
// document and in the plan response. A row with a wrong key or member fails here.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>

#include "sync/plan/record_fields.h"
#include "sync/protocol/protocol.h"

namespace pt::protocol {
namespace {

using Json = nlohmann::json;

// A value unlike a default-constructed one, per C++ type.
void set_distinct(std::string& value) {
    value = "changed";
}
void set_distinct(std::int64_t& value) {
    value = 42;
}
void set_distinct(bool& value) {
    value = !value;
}
void set_distinct(plan::Timestamp& value) {
    value = plan::Timestamp{std::chrono::seconds{1'795'000'000}};
}
void set_distinct(plan::ModuleSet& value) {
    value = {};
    value.insert(plan::Module::dashboard);
}
void set_distinct(plan::Inheritance& value) {
    value = plan::Inheritance::full;
}
void set_distinct(plan::WorkStepStatus& value) {
    value = plan::WorkStepStatus::paused;
}
void set_distinct(plan::ProcessStatus& value) {
    value = plan::ProcessStatus::done;
}
void set_distinct(plan::OperatorRole& value) {
    value = plan::OperatorRole::lead;
}
void set_distinct(std::vector<std::string>& value) {
    value = {"Ana", "Ben"};
}
template <typename T>
void set_distinct(std::optional<T>& value) {
    T inner{};
    set_distinct(inner);
    value = inner;
}

/// A record whose required ids are filled (an empty id breaks sync-api.md's Limits).
template <typename Record, typename Table>
Record baseline(const Table& table) {
    Record record{};
    plan::for_each_field(table, [&](const auto& field) {
        if constexpr (std::is_same_v<typename std::decay_t<decltype(field)>::value_type,
                                     std::string>) {
            if (field.kind == plan::FieldKind::id) record.*(field.member) = "base";
        }
    });
    return record;
}

/// Runs `check(record_with_one_field_changed, key)` for every field of `table`.
template <typename Record, typename Table, typename Check>
void for_each_changed_field(const Table& table, Check check) {
    plan::for_each_field(table, [&](const auto& field) {
        Record record = baseline<Record>(table);
        set_distinct(record.*(field.member));
        CAPTURE(field.key);
        check(record, std::string(field.key));
    });
}

/// The dataset document holding `record` as its only object of its kind.
template <typename Record>
plan::Dataset dataset_with(const Record& record) {
    plan::Dataset dataset;
    if constexpr (std::is_same_v<Record, plan::Partner>) dataset.partners = {record};
    if constexpr (std::is_same_v<Record, plan::Resource>) dataset.resources = {record};
    if constexpr (std::is_same_v<Record, plan::Order>) dataset.orders = {record};
    if constexpr (std::is_same_v<Record, plan::WorkStep>) dataset.work_steps = {record};
    if constexpr (std::is_same_v<Record, plan::Process>) dataset.processes = {record};
    if constexpr (std::is_same_v<Record, plan::Operator>) {
        plan::Partner partner;
        partner.id = "P";
        partner.operators = {record};
        dataset.partners = {partner};
    }
    return dataset;
}

/// The object of `record` inside an encoded dataset document.
Json object_in_dataset(const Json& document, const char* list, bool in_operators) {
    if (in_operators) return document["partners"][0]["operators"][0];
    return document[list][0];
}

template <typename Table>
bool ignored_on_input(const Table& table, const std::string& key) {
    bool ignored = false;
    plan::for_each_field(table, [&](const auto& field) {
        if (field.key == key) ignored = field.input == plan::Input::ignored;
    });
    return ignored;
}

template <typename Record, typename Table>
void check_dataset_round_trip(const Table& table, const char* list, bool in_operators = false) {
    const Json plain =
        object_in_dataset(Json::parse(encode_dataset(dataset_with(baseline<Record>(table)),
                                                     OperatorCredentials::included)),
                          list, in_operators);
    for_each_changed_field<Record>(table, [&](const Record& record, const std::string& key) {
        const plan::Dataset dataset = dataset_with(record);
        const std::string text = encode_dataset(dataset, OperatorCredentials::included);
        const Json object = object_in_dataset(Json::parse(text), list, in_operators);
        CHECK(object.contains(key));
        CHECK(object[key] != plain[key]);  // written under its own key
        // A field the server keeps (finished_at) is written but never read back.
        CHECK(decode_dataset(text) ==
              (ignored_on_input(table, key) ? dataset_with(baseline<Record>(table)) : dataset));
    });
}

template <typename Record, typename Table>
void check_view_round_trip(const Table& table, std::vector<Record> plan::PartnerView::*list,
                           const char* key_of_list) {
    for_each_changed_field<Record>(table, [&](const Record& record, const std::string& key) {
        PlanResponse response;
        response.cursor = "c";
        (response.view.*list) = {record};
        const std::string text = encode(response);
        CHECK(Json::parse(text)[key_of_list][0].contains(key));
        CHECK(decode_plan_response(text) == response);
    });
}

}  // namespace

TEST_CASE("every dataset field is written under its key and read back") {
    check_dataset_round_trip<plan::Partner>(plan::kPartnerFields, "partners");
    check_dataset_round_trip<plan::Operator>(plan::kOperatorFields, "partners", true);
    check_dataset_round_trip<plan::Resource>(plan::kResourceFields, "resources");
    check_dataset_round_trip<plan::Order>(plan::kOrderFields, "orders");
    check_dataset_round_trip<plan::WorkStep>(plan::kWorkStepFields, "work_steps");
    check_dataset_round_trip<plan::Process>(plan::kProcessFields, "processes");
}

TEST_CASE("every view field is written under its key and read back") {
    check_view_round_trip(plan::kViewOrderFields, &plan::PartnerView::orders, "orders");
    check_view_round_trip(plan::kViewResourceFields, &plan::PartnerView::resources, "resources");
    check_view_round_trip(plan::kViewWorkStepFields, &plan::PartnerView::work_steps, "work_steps");
    check_view_round_trip(plan::kViewProcessFields, &plan::PartnerView::processes, "processes");
}

TEST_CASE("an R9 column left empty is absent from the plan response, never null") {
    plan::for_each_field(plan::kViewWorkStepFields, [](const auto& field) {
        if (!field.hideable()) return;
        CAPTURE(field.key);
        PlanResponse response;
        response.view.work_steps = {plan::ViewWorkStep{}};
        CHECK_FALSE(Json::parse(encode(response))["work_steps"][0].contains(field.key));
    });
}

}  // namespace pt::protocol
