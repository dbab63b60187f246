// The field tables themselves: keys and SQL columns unique per record, and every R9 column
// shown by exactly one view field, under the column's own wire name.
#include "sync/plan/record_fields.h"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace pt::plan;

namespace {

template <typename Table>
void check_unique(const Table& table) {
    std::set<std::string_view> keys;
    std::set<std::string_view> columns;
    for_each_field(table, [&](const auto& field) {
        CAPTURE(field.key);
        CHECK(keys.insert(field.key).second);
        CHECK(columns.insert(field.column).second);
    });
}

/// The key of the view field each R9 column shows (index = column), "" when none.
template <typename Table>
std::vector<std::string> key_per_column(const Table& table, int count) {
    std::vector<std::string> keys(static_cast<std::size_t>(count));
    for_each_field(table, [&](const auto& field) {
        if (!field.hideable()) return;
        REQUIRE(field.r9 < count);
        auto& key = keys[static_cast<std::size_t>(field.r9)];
        CHECK_MESSAGE(key.empty(), "two view fields show column ", field.r9);
        key = field.key;
    });
    return keys;
}

}  // namespace

TEST_CASE("keys and SQL columns are unique in every table") {
    check_unique(kPartnerFields);
    check_unique(kOperatorFields);
    check_unique(kResourceFields);
    check_unique(kOrderFields);
    check_unique(kWorkStepFields);
    check_unique(kProcessFields);
    check_unique(kViewOrderFields);
    check_unique(kViewResourceFields);
    check_unique(kViewWorkStepFields);
    check_unique(kViewProcessFields);
}

TEST_CASE("each R9 column is shown by one view field under its own name") {
    const auto steps = key_per_column(kViewWorkStepFields, kWorkStepColumnCount);
    for (int i = 0; i < kWorkStepColumnCount; ++i)
        CHECK(steps[static_cast<std::size_t>(i)] == name_of(static_cast<WorkStepColumn>(i)));
    const auto processes = key_per_column(kViewProcessFields, kProcessColumnCount);
    for (int i = 0; i < kProcessColumnCount; ++i)
        CHECK(processes[static_cast<std::size_t>(i)] == name_of(static_cast<ProcessColumn>(i)));
}

TEST_CASE("a dataset field R9 may hide is hidden by the column of the same name") {
    for_each_field(kWorkStepFields, [](const auto& field) {
        if (!field.hideable()) return;
        CAPTURE(field.key);
        CHECK(name_of(static_cast<WorkStepColumn>(field.r9)) == field.key);
    });
    for_each_field(kProcessFields, [](const auto& field) {
        if (!field.hideable()) return;
        CAPTURE(field.key);
        CHECK(name_of(static_cast<ProcessColumn>(field.r9)) == field.key);
    });
}

TEST_CASE("identity fields carry no R9 column and view fields without a source are the rules'") {
    for_each_field(kViewWorkStepFields, [](const auto& field) {
        CAPTURE(field.key);
        // operators: names looked up in the plan (view.cpp), not copied from the step.
        CHECK((field.source == nullptr) ==
              (field.key == "feedback_allowed" || field.key == "operators"));
    });
    for_each_field(kViewProcessFields, [](const auto& field) {
        CAPTURE(field.key);
        CHECK((field.source == nullptr) == (field.key == "feedback_allowed"));
    });
}
