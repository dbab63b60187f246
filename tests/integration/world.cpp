#include "tests/integration/world.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "tests/integration/plan_model.h"

namespace pt::itest {
namespace {

std::vector<std::string> string_list(const json& list) {
    std::vector<std::string> result;
    if (list.is_array()) {
        for (const auto& item : list)
            result.push_back(item.get<std::string>());
    }
    return result;
}

}  // namespace

World::World(const json& dataset) {
    h.put_dataset(dataset);
    terminal = h.enroll("Shop floor kiosk");
    for (const auto& [partner, badge] : kBadgeOf) {
        const bool exists =
            std::any_of(dataset["partners"].begin(), dataset["partners"].end(),
                        [&, p = partner](const json& item) { return item.value("id", "") == p; });
        if (!exists) continue;
        login[partner] = h.login(terminal, badge);
        session[partner] = login[partner]["token"].get<std::string>();
        checker[partner] = h.session(terminal, badge);
    }
    const json columns = dataset["settings"].value("external_columns", json::object());
    work_step_columns =
        columns.contains("work_steps") ? string_list(columns["work_steps"]) : kAllWorkStepColumns;
    process_columns =
        columns.contains("processes") ? string_list(columns["processes"]) : kAllProcessColumns;
}

json World::pull(const std::string& partner) {
    const json answer = h.pull(session.at(partner));
    INFO("cursor-less pull of ", partner);
    check_plan_answer(answer, work_step_columns, process_columns);
    CHECK_MESSAGE(answer.value("reset", false), "a cursor-less pull must say reset: true");
    return answer;
}

json World::pull(const std::string& partner, const std::string& cursor) {
    const json answer = h.pull(session.at(partner), cursor);
    INFO("pull of ", partner, " with cursor ", cursor);
    check_plan_answer(answer, work_step_columns, process_columns);
    return answer;
}

PlanView World::view(const std::string& partner) {
    const json answer = h.pull(checker.at(partner));
    INFO("cursor-less pull of ", partner, " (checker session)");
    check_plan_answer(answer, work_step_columns, process_columns);
    CHECK_MESSAGE(answer.value("reset", false), "a cursor-less pull must say reset: true");
    const PlanView server = PlanView::of(answer);
    // The model covers the dataset's rules; notes come from events (their own tests).
    last_model_diff =
        server.without("step_notes").diff(PlanView::of(expected_plan(h.get_dataset(), partner)));
    const std::string& diff = last_model_diff;
    CHECK_MESSAGE(diff.empty(), partner,
                  ": server view (client holds) vs the model of R1–R9 "
                  "(fresh pull):\n",
                  diff);
    return server;
}

json World::post_one(const json& event) {
    return h.post_events(terminal.token, json::array({event}))[0];
}

void World::set_columns(const std::vector<std::string>& work_steps,
                        const std::vector<std::string>& processes) {
    h.put_settings(
        json{{"external_columns", {{"work_steps", work_steps}, {"processes", processes}}}});
    work_step_columns = work_steps;
    process_columns = processes;
}

std::string outcome(const json& result) {
    std::string text = result.value("status", "?");
    if (result.contains("reason") && result["reason"].is_string() &&
        !result["reason"].get<std::string>().empty()) {
        text += " " + result["reason"].get<std::string>();
    }
    return text;
}

}  // namespace pt::itest
