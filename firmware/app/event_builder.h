// Turns a feedback intent into a plan::Event, or a refusal the operator reads (product.md §4).
// The terminal checks what it can before recording: the state machine from the OPTIMISTIC
// status (so a second tap on "Start" is refused at once, even before the server answered the
// first), the work step's feedback_allowed, quantities, and the reasons of the session. The
// central plan still decides; a later refusal goes to the attention screen.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "firmware/app/intents.h"
#include "firmware/app/session.h"
#include "sync/plan/feedback.h"
#include "sync/plan/overlay.h"

namespace pt::app {

enum class EventRefusal : std::uint8_t {
    not_logged_in,           ///< no operator session
    unknown_target,          ///< the work step or process is not in the partner's view
    feedback_not_allowed,    ///< the target's feedback_allowed is false (or no process feedback)
    invalid_transition,      ///< the state machine does not allow it from the current status
    negative_quantity,       ///< good or scrap below zero
    quantity_too_large,      ///< good or scrap above plan::kMaxQuantityPerEvent (sync-api.md)
    empty_quantity,          ///< a quantity report of 0 good and 0 scrap
    scrap_reason_missing,    ///< scrap > 0 without a scrap reason
    unknown_scrap_reason,    ///< not one of the session's scrap reasons
    unknown_pause_reason,    ///< missing, or not one of the session's pause reasons
    invalid_process_status,  ///< process feedback other than in_progress or done
    offline_grace_over,      ///< offline past the grace period: the server would refuse it (R13)
    empty_note,              ///< a note without text
    note_too_long,           ///< a note over 2,000 characters (sync-api.md)
};

/// `not_logged_in`, `unknown_target`, …
[[nodiscard]] std::string_view name_of(EventRefusal refusal);

struct BuildResult {
    std::optional<plan::Event> event;  ///< set when accepted
    EventRefusal refusal = EventRefusal::not_logged_in;
    std::string message;  ///< for the operator when refused
    /// True when an event was built.
    [[nodiscard]] bool ok() const noexcept { return event.has_value(); }
};

/// Builds the event for `intent` by the session's operator at `now` with id `event_id` (a fresh
/// one from the caller: the terminal's store makes them), or says why not (a refusal is a
/// result, never an exception).
[[nodiscard]] BuildResult build_event(const FeedbackIntent& intent, const Session& session,
                                      const plan::OptimisticView& view, TimePoint now,
                                      std::string event_id);

}  // namespace pt::app
