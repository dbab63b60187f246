#include "sync/plan/feedback.h"

#include <algorithm>
#include <array>
#include <limits>
#include <string>

namespace pt::plan {
namespace {

constexpr std::array<std::string_view, 10> kEventTypeNames{
    "work_step.started",  "work_step.paused",   "work_step.resumed", "work_step.quantity",
    "work_step.finished", "process.feedback",   "work_step.joined",  "work_step.left",
    "work_step.note",     "work_step.corrected"};

constexpr std::array<std::string_view, 7> kVerdictNames{
    "",        "unknown_operator", "not_visible", "not_allowed", "invalid_transition",
    "invalid", "not_a_lead"};

bool is_known_reason(const std::vector<Reason>& reasons, std::string_view code) {
    return std::any_of(reasons.begin(), reasons.end(),
                       [&](const Reason& r) { return r.code == code; });
}

Decision refuse(Verdict verdict, std::string message) {
    return {verdict, std::move(message)};
}

// `invalid`: the event's data does not fit its type (§4 data column).
std::optional<Decision> check_data(const Plan& plan, const Event& event) {
    const EventData& data = event.data;
    switch (event.type) {
        case EventType::work_step_paused:
            if (!is_known_reason(plan.settings().pause_reasons, data.reason)) {
                return refuse(Verdict::invalid, "unknown pause reason '" + data.reason + "'");
            }
            break;
        case EventType::work_step_quantity:
        case EventType::work_step_finished:
        case EventType::work_step_corrected:
            if (data.good < 0 || data.scrap < 0) {
                return refuse(Verdict::invalid, "quantities must not be negative");
            }
            if (data.good > kMaxQuantityPerEvent || data.scrap > kMaxQuantityPerEvent) {
                return refuse(Verdict::invalid, "quantities are at most " +
                                                    std::to_string(kMaxQuantityPerEvent) +
                                                    " per report");
            }
            if (event.type == EventType::work_step_quantity && data.good == 0 && data.scrap == 0) {
                return refuse(Verdict::invalid, "a quantity report needs good or scrap > 0");
            }
            if (data.scrap > 0 &&
                !is_known_reason(plan.settings().scrap_reasons, data.scrap_reason)) {
                return refuse(Verdict::invalid,
                              "scrap needs a known scrap reason, not '" + data.scrap_reason + "'");
            }
            break;
        case EventType::work_step_note:
            if (data.text.find_first_not_of(" \t\r\n") == std::string::npos) {
                return refuse(Verdict::invalid, "a note needs a text");
            }
            // Text for people: line breaks, but no control characters (each would cost six
            // bytes of JSON in every pull of the step).
            if (std::any_of(data.text.begin(), data.text.end(), [](char c) {
                    const auto u = static_cast<unsigned char>(c);
                    return (u < 0x20 && c != '\n') || u == 0x7f;
                })) {
                return refuse(Verdict::invalid, "a note holds no control characters");
            }
            break;
        case EventType::process_feedback:
            if (data.process_status != ProcessStatus::in_progress &&
                data.process_status != ProcessStatus::done) {
                return refuse(Verdict::invalid,
                              "process feedback status must be in_progress or done");
            }
            break;
        case EventType::work_step_started:
        case EventType::work_step_resumed:
        case EventType::work_step_joined:
        case EventType::work_step_left:
            break;
    }
    return std::nullopt;
}

/// `invalid` for a correction naming no accepted report of this step, or one that would take
/// the step's totals below zero or past the top.
std::optional<Decision> check_correction(const Plan& plan, const PartnerAccess& access,
                                         const WorkStep& step, const Event& event,
                                         const CorrectionFacts* facts) {
    if (facts == nullptr || !facts->report || !books_quantities(facts->report->type) ||
        facts->report->target_id != event.target_id ||
        facts->report_partner_id != plan.partner_at(access.partner).id) {
        return refuse(Verdict::invalid, "'" + event.data.corrects +
                                            "' is no accepted quantity or finish report of "
                                            "work step '" +
                                            event.target_id + "'");
    }
    const TotalsChange change = correction_change(event.data, facts->report->data);
    constexpr std::int64_t kTop = std::numeric_limits<std::int64_t>::max();
    // |change| ≤ kMaxQuantityPerEvent: these sums cannot overflow before the comparison.
    const bool below_zero =
        step.quantity_good + change.good < 0 || step.quantity_scrap + change.scrap < 0;
    const bool past_top = (change.good > 0 && step.quantity_good > kTop - change.good) ||
                          (change.scrap > 0 && step.quantity_scrap > kTop - change.scrap);
    if (below_zero || past_top) {
        return refuse(Verdict::invalid,
                      "the correction would take the work step's totals out "
                      "of range");
    }
    return std::nullopt;
}

/// `not_a_lead`: the approver is no lead of the correcting operator's partner, or has no online
/// login on this terminal within the grace period before the correction (R13).
std::optional<Decision> check_approver(const Plan& plan, const PartnerAccess& access,
                                       const Event& event, const CorrectionFacts& facts) {
    const auto approver = plan.find_operator(event.data.approved_by);
    const bool lead_here = approver && approver->op->role == OperatorRole::lead &&
                           plan.partner_handle(approver->partner->id) == access.partner;
    if (!lead_here) {
        return refuse(Verdict::not_a_lead,
                      "'" + event.data.approved_by + "' is no lead of the operator's partner");
    }
    if (!facts.approver_has_session) {
        return refuse(Verdict::not_a_lead, "lead '" + event.data.approved_by +
                                               "' has no online login on this terminal within "
                                               "the offline grace period");
    }
    return std::nullopt;
}

}  // namespace

std::string_view name_of(EventType type) {
    return kEventTypeNames[static_cast<std::size_t>(type)];
}

std::optional<EventType> event_type_from_name(std::string_view name) {
    for (std::size_t i = 0; i < kEventTypeNames.size(); ++i) {
        if (kEventTypeNames[i] == name) return static_cast<EventType>(i);
    }
    return std::nullopt;
}

std::string_view name_of(Verdict verdict) {
    return kVerdictNames[static_cast<std::size_t>(verdict)];
}

bool transition_allowed(EventType type, WorkStepStatus from) {
    switch (type) {
        case EventType::work_step_started:
            return from == WorkStepStatus::open;
        case EventType::work_step_paused:
            return from == WorkStepStatus::in_progress;
        case EventType::work_step_resumed:
            return from == WorkStepStatus::paused;
        case EventType::work_step_quantity:
        case EventType::work_step_finished:
        case EventType::work_step_joined:
        case EventType::work_step_left:
            return from == WorkStepStatus::in_progress || from == WorkStepStatus::paused;
        case EventType::work_step_note:
            return from != WorkStepStatus::cancelled;
        case EventType::work_step_corrected:
            return from == WorkStepStatus::in_progress || from == WorkStepStatus::paused ||
                   from == WorkStepStatus::finished;
        case EventType::process_feedback:
            return false;
    }
    return false;
}

bool transition_allowed(ProcessStatus from, ProcessStatus to) {
    const bool from_ok = from == ProcessStatus::open || from == ProcessStatus::in_progress;
    const bool to_ok = to == ProcessStatus::in_progress || to == ProcessStatus::done;
    return from_ok && to_ok;
}

Decision decide_event(const Plan& plan, const PartnerAccess& access, const Event& event,
                      const CorrectionFacts* correction) {
    if (event.type == EventType::process_feedback) {
        const auto process = plan.process_handle(event.target_id);
        if (!process || !access.sees_process(plan, *process)) {
            return refuse(Verdict::not_visible, "process '" + event.target_id + "' is not visible");
        }
        if (!access.may_give_process_feedback(plan, *process)) {
            return refuse(Verdict::not_allowed, "process feedback needs the workbench licence");
        }
        if (auto invalid = check_data(plan, event)) return *invalid;
        if (!transition_allowed(plan.process_at(*process).status, *event.data.process_status)) {
            return refuse(Verdict::invalid_transition,
                          "process is " + std::string(name_of(plan.process_at(*process).status)));
        }
        return {};
    }

    const auto step = plan.work_step_handle(event.target_id);
    if (!step || !access.sees_work_step(plan, *step)) {
        return refuse(Verdict::not_visible, "work step '" + event.target_id + "' is not visible");
    }
    if (!access.may_give_work_step_feedback(plan, *step)) {
        return refuse(Verdict::not_allowed,
                      access.has_module(plan, Module::workbench)
                          ? "work step is not on one of the partner's own resources"
                          : "feedback needs the workbench licence");
    }
    if (auto invalid = check_data(plan, event)) return *invalid;
    if (event.type == EventType::work_step_corrected) {
        if (auto invalid =
                check_correction(plan, access, plan.work_step_at(*step), event, correction))
            return *invalid;
        if (auto refused = check_approver(plan, access, event, *correction)) return *refused;
    }
    if (books_quantities(event.type)) {
        // Totals an administrator set near the top of the range must not wrap around.
        constexpr std::int64_t kTop = std::numeric_limits<std::int64_t>::max();
        const WorkStep& current = plan.work_step_at(*step);
        if (current.quantity_good > kTop - event.data.good ||
            current.quantity_scrap > kTop - event.data.scrap) {
            return refuse(Verdict::invalid, "the work step's totals would overflow");
        }
    }
    const WorkStepStatus from = plan.work_step_at(*step).status;
    if (!transition_allowed(event.type, from)) {
        return refuse(Verdict::invalid_transition, std::string(name_of(event.type)) +
                                                       " is not allowed from " +
                                                       std::string(name_of(from)));
    }
    if (auto refused = refused_membership(
            event.type, is_on_step(plan.work_step_at(*step), event.operator_id))) {
        return refuse(Verdict::invalid_transition, std::move(*refused));
    }
    // A plan response carries at most this many names per step (sync-api.md "Limits", the
    // terminal's reader): more would make every partner's pull of the step fail.
    if (event.type == EventType::work_step_joined &&
        plan.work_step_at(*step).operator_ids.size() >= kMaxOperatorsOnStep) {
        return refuse(Verdict::invalid_transition,
                      "at most " + std::to_string(kMaxOperatorsOnStep) + " operators on a step");
    }
    return {};
}

Decision decide_event(const Plan& plan, const Event& event, Timestamp now,
                      const CorrectionFacts* correction) {
    const auto op = plan.find_operator(event.operator_id);
    if (!op)
        return refuse(Verdict::unknown_operator, "unknown operator '" + event.operator_id + "'");
    const auto access = compute_access(plan, op->partner->id, now);
    return decide_event(plan, *access, event, correction);
}

WorkStepStatus status_after(EventType type, WorkStepStatus from) {
    switch (type) {
        case EventType::work_step_started:
        case EventType::work_step_resumed:
            return WorkStepStatus::in_progress;
        case EventType::work_step_paused:
            return WorkStepStatus::paused;
        case EventType::work_step_finished:
            return WorkStepStatus::finished;
        case EventType::work_step_quantity:
        case EventType::process_feedback:
        case EventType::work_step_joined:
        case EventType::work_step_left:
        case EventType::work_step_note:
        case EventType::work_step_corrected:
            return from;
    }
    return from;
}

bool books_quantities(EventType type) {
    return type == EventType::work_step_quantity || type == EventType::work_step_finished;
}

bool is_on_step(const WorkStep& step, std::string_view operator_id) {
    return std::find(step.operator_ids.begin(), step.operator_ids.end(), operator_id) !=
           step.operator_ids.end();
}

std::optional<std::string> refused_membership(EventType type, bool on_step) {
    if (type == EventType::work_step_joined && on_step) return "the operator is already on it";
    if (type == EventType::work_step_left && !on_step) return "the operator is not on it";
    return std::nullopt;
}

TotalsChange correction_change(const EventData& correction, const EventData& in_force) {
    return {correction.good - in_force.good, correction.scrap - in_force.scrap};
}

WorkStep apply_to_work_step(const WorkStep& step, const Event& event,
                            const CorrectionFacts* correction) {
    WorkStep next = step;
    switch (event.type) {
        case EventType::work_step_started:
            next.operator_ids = {event.operator_id};
            break;
        case EventType::work_step_joined:
            next.operator_ids.push_back(event.operator_id);
            break;
        case EventType::work_step_left:
            std::erase(next.operator_ids, event.operator_id);
            break;
        case EventType::work_step_finished:
            next.operator_ids.clear();  // ends everyone's work on it
            break;
        default:
            break;
    }
    next.status = status_after(event.type, step.status);
    // When the work finished, as the terminal recorded it: a report delivered late (offline,
    // within R13's grace) still dates the finish right.
    if (next.status == WorkStepStatus::finished && step.status != WorkStepStatus::finished)
        next.finished_at = event.occurred_at;
    if (books_quantities(event.type)) {
        // Each report books additional yield; totals are the sum of all reports.
        next.quantity_good += event.data.good;
        next.quantity_scrap += event.data.scrap;
    }
    if (event.type == EventType::work_step_corrected && correction != nullptr &&
        correction->report) {
        // The corrected report's numbers are replaced: the totals follow (product.md §8).
        const TotalsChange change = correction_change(event.data, correction->report->data);
        next.quantity_good += change.good;
        next.quantity_scrap += change.scrap;
    }
    return next;
}

void stamp_finished_at(WorkStep& after, const WorkStep* before, Timestamp now) {
    const bool was_finished = before != nullptr && before->status == WorkStepStatus::finished &&
                              before->finished_at.has_value();
    if (after.status != WorkStepStatus::finished) {
        after.finished_at.reset();
    } else {
        after.finished_at = was_finished ? before->finished_at : std::optional<Timestamp>(now);
    }
}

void keep_operators(WorkStep& after, const WorkStep* before) {
    const bool worked_on =
        after.status == WorkStepStatus::in_progress || after.status == WorkStepStatus::paused;
    // Moved to another machine, the step has no crew: those on it worked at the old one (and
    // may not be allowed the new one's, where they could not even leave).
    const bool moved = before != nullptr && after.resource_id != before->resource_id;
    if (worked_on && before != nullptr && !moved) {
        after.operator_ids = before->operator_ids;
    } else {
        after.operator_ids.clear();
    }
}

Process apply_to_process(const Process& process, const Event& event) {
    Process next = process;
    if (event.type == EventType::process_feedback && event.data.process_status) {
        next.status = *event.data.process_status;
    }
    return next;
}

}  // namespace pt::plan
