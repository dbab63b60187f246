// Sample documents for the protocol tests: every object with non-default values in every
// field, so that a round trip that forgot a field fails.
#pragma once

#include <chrono>
#include <exception>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "sync/protocol/protocol.h"

namespace pt::protocol::test {

using Json = nlohmann::json;
using Keys = std::set<std::string>;

/// The keys of a JSON object: documents carry exactly the contract's fields, no more.
inline Keys keys_of(const Json& object) {
    Keys keys;
    for (const auto& item : object.items())
        keys.insert(item.key());
    return keys;
}

/// 2026-11-23T06:00:00Z plus `hours`.
inline plan::Timestamp at_hour(int hours) {
    using namespace std::chrono;
    return sys_days{year{2026} / November / 23} + std::chrono::hours{6 + hours};
}

/// The field named by the ProtocolError that `call` throws; a marker string when it throws
/// something else or nothing.
template <typename Call>
std::string error_field(Call&& call) {
    try {
        (void)std::forward<Call>(call)();
    } catch (const ProtocolError& error) {
        return error.field();
    } catch (const std::exception& error) {
        return std::string("<not a ProtocolError: ") + error.what() + ">";
    } catch (...) {
        return "<unknown exception>";
    }
    return "<no error>";
}

/// `text` parsed, changed by `edit`, and written back.
template <typename Edit>
std::string edited(std::string_view text, Edit edit) {
    Json document = Json::parse(text);
    edit(document);
    return document.dump();
}

inline plan::Dataset sample_dataset() {
    using namespace plan;
    Dataset dataset;
    dataset.settings.default_external_inheritance = Inheritance::full;
    dataset.settings.work_step_columns = WorkStepColumns();
    dataset.settings.work_step_columns.insert(WorkStepColumn::order_number);
    dataset.settings.work_step_columns.insert(WorkStepColumn::planned_start);
    dataset.settings.process_columns = ProcessColumns();
    dataset.settings.process_columns.insert(ProcessColumn::name);
    dataset.settings.pause_reasons = {{"MAT", "Waiting for material"}, {"BRK", "Break"}};
    dataset.settings.scrap_reasons = {{"SURF", "Surface défaut ✓"}};

    Partner coating{
        .id = "P1",
        .name = "Coating Ltd",
        .modules = {},
        .allow_process_feedback = true,
        .operators = {{"OP1", "Ana", "B-1001", std::nullopt}, {"OP2", "Ben", "B-1002", "4711"}}};
    coating.modules.insert(Module::workbench);
    coating.modules.insert(Module::planning_objects);
    Partner empty{
        .id = "P2", .name = "", .modules = {}, .allow_process_feedback = false, .operators = {}};
    dataset.partners = {coating, empty};

    dataset.resources = {{"R1", "Coating line 1", true, {"P1", "P2"}}, {"R2", "Saw", false, {}}};

    dataset.orders = {
        Order{.id = "O1",
              .number = "PO-4711",
              .article = "Bracket",
              .quantity = 100,
              .due = at_hour(48),
              .parent_id = std::nullopt,
              .external_inheritance = Inheritance::limited,
              .named_partner_ids = {"P2"}},
        Order{.id = "O2",
              .number = "PO-4711-1",
              .article = "Sub \"quoted\"",
              .quantity = 0,
              .due = at_hour(24),
              .parent_id = "O1",
              .external_inheritance = std::nullopt,
              .named_partner_ids = {}},
    };
    dataset.work_steps = {WorkStep{.id = "W1",
                                   .order_id = "O1",
                                   .seq = 10,
                                   .operation = "Powder coating",
                                   .resource_id = "R1",
                                   .planned_start = at_hour(0),
                                   .planned_end = at_hour(3),
                                   .quantity = 100,
                                   .status = WorkStepStatus::paused,
                                   .quantity_good = 40,
                                   .quantity_scrap = 2,
                                   .notes = "line\nbreak"}};
    dataset.processes = {Process{.id = "PR1",
                                 .order_id = "O2",
                                 .name = "Provide material",
                                 .type = "material",
                                 .due = at_hour(-5),
                                 .status = ProcessStatus::in_progress,
                                 .notes = "n"}};
    return dataset;
}

inline LoginResponse sample_login_response() {
    LoginResponse response;
    response.token = "tok-123";
    response.expires_at = at_hour(12);
    response.operator_id = "OP1";
    response.operator_name = "Ana";
    response.partner_id = "P1";
    response.partner_name = "Coating Ltd";
    response.modules.insert(plan::Module::workbench);
    response.modules.insert(plan::Module::dashboard);
    response.allow_process_feedback = true;
    response.work_step_columns.insert(plan::WorkStepColumn::operation);
    response.work_step_columns.insert(plan::WorkStepColumn::quantity_scrap);
    response.process_columns = plan::ProcessColumns::all();
    response.pause_reasons = {{"MAT", "Waiting for material"}};
    response.scrap_reasons = {{"SURF", "Surface defect"}, {"DENT", "Dent"}};
    return response;
}

/// A work step view with every column set.
inline plan::ViewWorkStep full_view_work_step() {
    return plan::ViewWorkStep{.id = "W1",
                              .order_id = "O1",
                              .resource_id = "R1",
                              .status = plan::WorkStepStatus::in_progress,
                              .feedback_allowed = true,
                              .order_number = "PO-4711",
                              .article = "Bracket",
                              .operation = "Coating",
                              .seq = 10,
                              .resource_name = "Line 1",
                              .planned_start = at_hour(0),
                              .planned_end = at_hour(2),
                              .quantity = 100,
                              .quantity_good = 5,
                              .quantity_scrap = 1,
                              .notes = "careful"};
}

inline plan::ViewProcess full_view_process() {
    return plan::ViewProcess{.id = "PR1",
                             .order_id = "O1",
                             .status = plan::ProcessStatus::done,
                             .feedback_allowed = true,
                             .order_number = "PO-4711",
                             .name = "Provide material",
                             .type = "material",
                             .due = at_hour(5),
                             .notes = "n"};
}

inline PlanResponse sample_plan_response() {
    PlanResponse response;
    response.cursor = "c-42";
    response.reset = true;
    response.view.orders = {
        {"O1", "PO-4711", "Bracket", 100, at_hour(48), std::nullopt, "O1"},
        {"O2", "PO-4711-1", "Sub", 7, at_hour(24), "O1", "O1"},
    };
    response.view.resources = {{"R1", "Line 1", true}, {"R9", "Other", false}};
    plan::ViewWorkStep bare;  // identity fields only: no column chosen
    bare.id = "W2";
    bare.order_id = "O2";
    bare.resource_id = "R9";
    response.view.work_steps = {full_view_work_step(), bare};
    plan::ViewProcess bare_process;
    bare_process.id = "PR2";
    bare_process.order_id = "O2";
    response.view.processes = {full_view_process(), bare_process};
    response.view.step_notes = {
        {"00000000-0000-4000-8000-0000000000a1", "W1", "Ana", at_hour(3), "Haftgrund dünn"}};
    response.removed = {{"O7"}, {"W7", "W8"}, {}, {"R7"}, {"00000000-0000-4000-8000-0000000000a0"}};
    return response;
}

/// One event of each type, each with the data its type carries.
inline std::vector<plan::Event> sample_events() {
    using plan::EventType;
    std::vector<plan::Event> events;
    auto add = [&](std::string id, EventType type, std::string target, plan::EventData data) {
        // Only the fields of the type's data are written, so only those are set.
        events.push_back(plan::Event{.id = std::move(id),
                                     .type = type,
                                     .operator_id = "OP1",
                                     .target_id = std::move(target),
                                     .occurred_at = at_hour(1),
                                     .data = std::move(data)});
    };
    plan::EventData none;
    add("00000000-0000-4000-8000-000000000001", EventType::work_step_started, "W1", none);
    plan::EventData paused;
    paused.reason = "MAT";
    add("00000000-0000-4000-8000-000000000002", EventType::work_step_paused, "W1", paused);
    add("00000000-0000-4000-8000-000000000003", EventType::work_step_resumed, "W1", none);
    plan::EventData quantity;
    quantity.good = 5;
    add("00000000-0000-4000-8000-000000000004", EventType::work_step_quantity, "W1", quantity);
    plan::EventData finished;
    finished.good = 90;
    finished.scrap = 3;
    finished.scrap_reason = "SURF";
    add("00000000-0000-4000-8000-000000000005", EventType::work_step_finished, "W1", finished);
    plan::EventData done;
    done.process_status = plan::ProcessStatus::done;
    done.comment = "all there";
    add("00000000-0000-4000-8000-000000000006", EventType::process_feedback, "PR1", done);
    plan::EventData started;
    started.process_status = plan::ProcessStatus::in_progress;
    add("00000000-0000-4000-8000-000000000007", EventType::process_feedback, "PR1", started);
    add("00000000-0000-4000-8000-000000000008", EventType::work_step_joined, "W1", none);
    add("00000000-0000-4000-8000-000000000009", EventType::work_step_left, "W1", none);
    plan::EventData note;
    note.text = "Charge 2 — Haftgrund dünn";
    add("00000000-0000-4000-8000-00000000000a", EventType::work_step_note, "W1", note);
    plan::EventData corrected;
    corrected.corrects = "00000000-0000-4000-8000-000000000005";
    corrected.good = 88;
    corrected.scrap = 5;
    corrected.scrap_reason = "SURF";
    corrected.approved_by = "OP2";
    add("00000000-0000-4000-8000-00000000000b", EventType::work_step_corrected, "W1", corrected);
    return events;
}

}  // namespace pt::protocol::test
