#include "firmware/app/event_builder.h"

#include <algorithm>
#include <vector>

namespace pt::app {

namespace {

/// sync-api.md: a note's text, in characters.
constexpr std::ptrdiff_t kMaxNoteCharacters = 2000;

BuildResult refuse(EventRefusal refusal, std::string message) {
    return {.event = std::nullopt, .refusal = refusal, .message = std::move(message)};
}

bool has_reason(const std::vector<plan::Reason>& reasons, std::string_view code) {
    return std::any_of(reasons.begin(), reasons.end(),
                       [&](const plan::Reason& r) { return r.code == code; });
}

std::string_view action_name(plan::EventType type) {
    switch (type) {
        case plan::EventType::work_step_started:
            return "Start";
        case plan::EventType::work_step_paused:
            return "Pause";
        case plan::EventType::work_step_resumed:
            return "Resume";
        case plan::EventType::work_step_quantity:
            return "Report quantity";
        case plan::EventType::work_step_finished:
            return "Finish";
        case plan::EventType::process_feedback:
            return "Feedback";
        case plan::EventType::work_step_joined:
            return "Join";
        case plan::EventType::work_step_left:
            return "Leave";
        case plan::EventType::work_step_note:
            return "Add note";
        case plan::EventType::work_step_corrected:
            return "Correct";
    }
    return "This";
}

/// What the intent asks of a work step, flattened.
struct StepRequest {
    plan::EventType type = plan::EventType::work_step_started;
    std::string target;
    plan::EventData data;
};

StepRequest flatten(const intent::Start& i) {
    return {.type = plan::EventType::work_step_started, .target = i.work_step_id};
}
StepRequest flatten(const intent::Pause& i) {
    return {.type = plan::EventType::work_step_paused,
            .target = i.work_step_id,
            .data = {.reason = i.reason}};
}
StepRequest flatten(const intent::Resume& i) {
    return {.type = plan::EventType::work_step_resumed, .target = i.work_step_id};
}
StepRequest flatten(const intent::Join& i) {
    return {.type = plan::EventType::work_step_joined, .target = i.work_step_id};
}
StepRequest flatten(const intent::Leave& i) {
    return {.type = plan::EventType::work_step_left, .target = i.work_step_id};
}
StepRequest flatten(const intent::AddNote& i) {
    return {.type = plan::EventType::work_step_note,
            .target = i.work_step_id,
            .data = {.text = i.text}};
}
StepRequest flatten(const intent::ReportQuantity& i) {
    return {.type = plan::EventType::work_step_quantity,
            .target = i.work_step_id,
            .data = {.good = i.good, .scrap = i.scrap, .scrap_reason = i.scrap_reason}};
}
StepRequest flatten(const intent::Finish& i) {
    return {.type = plan::EventType::work_step_finished,
            .target = i.work_step_id,
            .data = {.good = i.good, .scrap = i.scrap, .scrap_reason = i.scrap_reason}};
}

/// Checks quantities and reasons; nullopt when they are fine. Clears a needless scrap reason.
std::optional<BuildResult> check_data(StepRequest& request, const OperatorProfile& profile) {
    auto& data = request.data;
    if (request.type == plan::EventType::work_step_paused &&
        (data.reason.empty() || !has_reason(profile.pause_reasons, data.reason))) {
        return refuse(EventRefusal::unknown_pause_reason, "Choose a pause reason from the list.");
    }
    if (request.type == plan::EventType::work_step_note) {
        // Characters, as the server counts them: UTF-8 lead bytes.
        const auto characters = std::count_if(data.text.begin(), data.text.end(), [](char c) {
            return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
        });
        if (data.text.find_first_not_of(" \t\r\n") == std::string::npos)
            return refuse(EventRefusal::empty_note, "Write the note first.");
        if (characters > kMaxNoteCharacters)
            return refuse(EventRefusal::note_too_long, "A note has at most 2,000 characters.");
        return std::nullopt;
    }
    if (!plan::books_quantities(request.type)) {
        return std::nullopt;
    }
    if (data.good < 0 || data.scrap < 0) {
        return refuse(EventRefusal::negative_quantity, "Quantities cannot be negative.");
    }
    // The server refuses more per report; the operator hears it now, not on the attention screen.
    if (data.good > plan::kMaxQuantityPerEvent || data.scrap > plan::kMaxQuantityPerEvent) {
        return refuse(EventRefusal::quantity_too_large, "At most 1,000,000 per report.");
    }
    if (request.type == plan::EventType::work_step_quantity && data.good == 0 && data.scrap == 0) {
        return refuse(EventRefusal::empty_quantity, "Enter a good or scrap quantity.");
    }
    if (data.scrap == 0) {
        data.scrap_reason.clear();
        return std::nullopt;
    }
    if (data.scrap_reason.empty()) {
        return refuse(EventRefusal::scrap_reason_missing, "Choose a scrap reason for the scrap.");
    }
    if (!has_reason(profile.scrap_reasons, data.scrap_reason)) {
        return refuse(EventRefusal::unknown_scrap_reason, "Choose a scrap reason from the list.");
    }
    return std::nullopt;
}

BuildResult build_step_event(StepRequest request, const OperatorProfile& profile,
                             const plan::OptimisticView& view, TimePoint now,
                             std::string event_id) {
    const auto& steps = view.view.work_steps;
    const auto step = std::find_if(steps.begin(), steps.end(),
                                   [&](const auto& s) { return s.id == request.target; });
    if (step == steps.end()) {
        return refuse(EventRefusal::unknown_target, "This work step is not one of yours.");
    }
    if (!step->feedback_allowed) {
        return refuse(EventRefusal::feedback_not_allowed,
                      "Feedback is not allowed for this work step.");
    }
    if (!plan::transition_allowed(request.type, step->status)) {
        return refuse(EventRefusal::invalid_transition,
                      std::string(action_name(request.type)) + " is not possible while the work " +
                          "step is " + std::string(plan::name_of(step->status)) + ".");
    }
    const bool on_step = std::find(step->operators.begin(), step->operators.end(),
                                   profile.operator_name) != step->operators.end();
    if (plan::refused_membership(request.type, on_step)) {
        return refuse(EventRefusal::invalid_transition, on_step
                                                            ? "You are already on this work step."
                                                            : "You are not on this work step.");
    }
    if (auto refusal = check_data(request, profile)) {
        return std::move(*refusal);
    }
    return {.event = plan::Event{.id = std::move(event_id),
                                 .type = request.type,
                                 .operator_id = profile.operator_id,
                                 .target_id = std::move(request.target),
                                 .occurred_at = std::chrono::floor<std::chrono::seconds>(now),
                                 .data = std::move(request.data)}};
}

BuildResult build_process_event(const intent::ProcessFeedback& request,
                                const OperatorProfile& profile, const plan::OptimisticView& view,
                                TimePoint now, std::string event_id) {
    const auto& processes = view.view.processes;
    const auto process = std::find_if(processes.begin(), processes.end(),
                                      [&](const auto& p) { return p.id == request.process_id; });
    if (process == processes.end()) {
        return refuse(EventRefusal::unknown_target, "This process is not one of yours.");
    }
    if (!profile.modules.contains(plan::Module::workbench) || !profile.allow_process_feedback ||
        !process->feedback_allowed) {
        return refuse(EventRefusal::feedback_not_allowed,
                      "Feedback is not allowed for this process.");
    }
    if (request.status != plan::ProcessStatus::in_progress &&
        request.status != plan::ProcessStatus::done) {
        return refuse(EventRefusal::invalid_process_status,
                      "Process feedback is either in progress or done.");
    }
    if (!plan::transition_allowed(process->status, request.status)) {
        return refuse(EventRefusal::invalid_transition,
                      "Feedback is not possible while the process is " +
                          std::string(plan::name_of(process->status)) + ".");
    }
    return {.event = plan::Event{
                .id = std::move(event_id),
                .type = plan::EventType::process_feedback,
                .operator_id = profile.operator_id,
                .target_id = request.process_id,
                .occurred_at = std::chrono::floor<std::chrono::seconds>(now),
                .data = {.process_status = request.status, .comment = request.comment}}};
}

}  // namespace

std::string_view name_of(EventRefusal refusal) {
    switch (refusal) {
        case EventRefusal::not_logged_in:
            return "not_logged_in";
        case EventRefusal::unknown_target:
            return "unknown_target";
        case EventRefusal::feedback_not_allowed:
            return "feedback_not_allowed";
        case EventRefusal::invalid_transition:
            return "invalid_transition";
        case EventRefusal::negative_quantity:
            return "negative_quantity";
        case EventRefusal::quantity_too_large:
            return "quantity_too_large";
        case EventRefusal::empty_quantity:
            return "empty_quantity";
        case EventRefusal::scrap_reason_missing:
            return "scrap_reason_missing";
        case EventRefusal::unknown_scrap_reason:
            return "unknown_scrap_reason";
        case EventRefusal::unknown_pause_reason:
            return "unknown_pause_reason";
        case EventRefusal::invalid_process_status:
            return "invalid_process_status";
        case EventRefusal::offline_grace_over:
            return "offline_grace_over";
        case EventRefusal::empty_note:
            return "empty_note";
        case EventRefusal::note_too_long:
            return "note_too_long";
    }
    return "not_logged_in";
}

BuildResult build_event(const FeedbackIntent& intent, const Session& session,
                        const plan::OptimisticView& view, TimePoint now, std::string event_id) {
    const auto* profile = session.profile();
    if (session.state() != SessionState::logged_in || profile == nullptr) {
        return refuse(EventRefusal::not_logged_in, "Scan your badge first.");
    }
    // R13: the server accepts a report only within the grace after its operator's last online
    // login on this terminal; past it, recording would only produce a refusal later.
    if (const auto* op = session.operator_session();
        op != nullptr && op->offline && op->offline_until && now > *op->offline_until) {
        return refuse(EventRefusal::offline_grace_over,
                      "Offline too long since your last online login here.");
    }
    return std::visit(
        [&](const auto& request) -> BuildResult {
            using T = std::decay_t<decltype(request)>;
            if constexpr (std::is_same_v<T, intent::ProcessFeedback>) {
                return build_process_event(request, *profile, view, now, std::move(event_id));
            } else {
                if (!profile->modules.contains(plan::Module::workbench)) {
                    return refuse(EventRefusal::feedback_not_allowed,
                                  "Feedback needs the workbench module.");
                }
                return build_step_event(flatten(request), *profile, view, now, std::move(event_id));
            }
        },
        intent);
}

}  // namespace pt::app
