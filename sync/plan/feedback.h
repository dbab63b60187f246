// Feedback events and the state machine of product.md §4, with the rights of R2, R7, R8, R10.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sync/plan/access.h"

namespace pt::plan {

enum class EventType : std::uint8_t {
    work_step_started,
    work_step_paused,
    work_step_resumed,
    work_step_quantity,
    work_step_finished,
    process_feedback,
    work_step_joined,  ///< product.md §8: a further operator comes onto a running or paused step
    work_step_left,    ///< … and goes off it again
    work_step_note,    ///< product.md §8: a note on the step
    work_step_corrected,  ///< product.md §8: a lead-approved correction of an accepted report
};

/// The `data` object of an event; which fields matter depends on the type.
struct EventData {
    std::string reason;  ///< paused: a pause reason code
    std::int64_t good = 0;
    std::int64_t scrap = 0;
    std::string scrap_reason;  ///< quantity/finished: a scrap reason code when scrap > 0
    std::optional<ProcessStatus> process_status;  ///< process.feedback: in_progress or done
    std::string comment;
    std::string text;         ///< note: the note, 1–2,000 characters
    std::string corrects;     ///< corrected: the id of the accepted report it corrects
    std::string approved_by;  ///< corrected: the lead operator who approved it
    bool operator==(const EventData&) const = default;
};

/// One feedback fact recorded at a terminal.
struct Event {
    std::string id;  ///< a UUID chosen by the terminal; the server stores each id once
    EventType type = EventType::work_step_started;
    std::string operator_id;
    std::string target_id;  ///< a work step id, or a process id for process.feedback
    Timestamp occurred_at{};
    EventData data;
    bool operator==(const Event&) const = default;
};

/// `good` and `scrap` of one event are 0 … this (sync-api.md, Limits).
inline constexpr std::int64_t kMaxQuantityPerEvent = 1'000'000;
/// Operators on one work step at most: the names a plan response may carry per step
/// (protocol::kMaxNamesInList; a join beyond is refused).
inline constexpr std::size_t kMaxOperatorsOnStep = 100;

/// The outcome of an event (sync-api.md POST /events `status` and `reason`).
enum class Verdict : std::uint8_t {
    accepted,
    unknown_operator,
    not_visible,
    not_allowed,
    invalid_transition,
    invalid,
    not_a_lead,  ///< a correction's approved_by is no lead of the partner with a session here (R13)
};

struct Decision {
    Verdict verdict = Verdict::accepted;
    std::string message;  ///< human-readable detail for a refusal
};

[[nodiscard]] std::string_view name_of(EventType type);
[[nodiscard]] std::optional<EventType> event_type_from_name(std::string_view name);
/// The `reason` of a rejected result (`unknown_operator`, `not_visible`, …); empty for accepted.
[[nodiscard]] std::string_view name_of(Verdict verdict);

/// Where the state machine allows the event from (§4), ignoring rights.
[[nodiscard]] bool transition_allowed(EventType type, WorkStepStatus from);
[[nodiscard]] bool transition_allowed(ProcessStatus from, ProcessStatus to);

/// The work step status after an allowed work step event (§4).
[[nodiscard]] WorkStepStatus status_after(EventType type, WorkStepStatus from);
/// True for events whose good/scrap add to the work step's totals (quantity, finished).
[[nodiscard]] bool books_quantities(EventType type);
/// Whether `operator_id` is on the step now (product.md §8).
[[nodiscard]] bool is_on_step(const WorkStep& step, std::string_view operator_id);
/// `invalid_transition` for a join by an operator already on the step or a leave by one not on
/// it (sync-api.md "People"); nothing otherwise.
[[nodiscard]] std::optional<std::string> refused_membership(EventType type, bool on_step);

/// What the event log and the logins say about a correction (product.md §8): the caller looks
/// them up, the rules below judge them.
struct CorrectionFacts {
    /// The event `corrects` names when it is an accepted one, with the numbers in force in its
    /// data (those of its latest accepted correction, else its own); none otherwise.
    std::optional<Event> report;
    /// The partner the report was made for (its operator's then): a correction corrects the
    /// partner's own reports only, also on a step two partners share.
    std::string report_partner_id;
    /// Whether `approved_by` logged in online on this terminal within the offline grace before
    /// the correction's occurred_at (R13).
    bool approver_has_session = false;
};

/// Decides an event against the plan as it is now. `access` must be that of the operator's
/// partner when the operator is known (see decide_event below for the convenient form).
/// A correction is judged with `correction` (none: it names no accepted report).
[[nodiscard]] Decision decide_event(const Plan& plan, const PartnerAccess& access,
                                    const Event& event,
                                    const CorrectionFacts* correction = nullptr);
/// Looks up the operator and its partner's access at `now`, then decides.
[[nodiscard]] Decision decide_event(const Plan& plan, const Event& event, Timestamp now,
                                    const CorrectionFacts* correction = nullptr);

/// `after`'s finished_at once an administrator changed `before` (null: a new step) into it:
/// kept while it stays finished, `now` when it becomes finished, none otherwise (the server's
/// own value, whatever the change said).
void stamp_finished_at(WorkStep& after, const WorkStep* before, Timestamp now);
/// `after`'s operators once an administrator changed `before` into it: kept while it stays in
/// progress or paused on the same resource, none otherwise (the server's own, whatever the
/// change said).
void keep_operators(WorkStep& after, const WorkStep* before);

/// A correction's change of a step's totals: its numbers less those in force of the report it
/// corrects (`in_force`: CorrectionFacts::report's data).
struct TotalsChange {
    std::int64_t good = 0;
    std::int64_t scrap = 0;
};
[[nodiscard]] TotalsChange correction_change(const EventData& correction,
                                             const EventData& in_force);

/// The effect of an accepted event on its target: the changed work step or process.
/// Precondition: decide_event() returned accepted for the same plan state (and, for a
/// correction, with the same `correction`).
[[nodiscard]] WorkStep apply_to_work_step(const WorkStep& step, const Event& event,
                                          const CorrectionFacts* correction = nullptr);
[[nodiscard]] Process apply_to_process(const Process& process, const Event& event);

}  // namespace pt::plan
