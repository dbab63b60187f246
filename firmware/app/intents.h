// What screens ask for (style.md §3): a screen draws from a read-only view and returns intents;
// the application applies them after the frame. Plain data, no behaviour.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "firmware/app/screens.h"
#include "sync/plan/types.h"

namespace pt::app {

namespace intent {

struct Start {
    std::string work_step_id;
};
struct Pause {
    std::string work_step_id;
    std::string reason;  ///< a pause reason code of the session
};
struct Resume {
    std::string work_step_id;
};
/// product.md §8: come onto a step someone else started, and go off it again.
struct Join {
    std::string work_step_id;
};
struct Leave {
    std::string work_step_id;
};
struct ReportQuantity {
    std::string work_step_id;
    std::int64_t good = 0;
    std::int64_t scrap = 0;
    std::string scrap_reason;  ///< required when scrap > 0
};
struct Finish {
    std::string work_step_id;
    std::int64_t good = 0;
    std::int64_t scrap = 0;
    std::string scrap_reason;  ///< required when scrap > 0
};
/// product.md §8: a note on a step, from the on-screen keyboard or a scanner's text.
struct AddNote {
    std::string work_step_id;
    std::string text;
};
struct ProcessFeedback {
    std::string process_id;
    plan::ProcessStatus status = plan::ProcessStatus::in_progress;  ///< in_progress or done
    std::string comment;
};
struct Navigate {
    Screen screen = Screen::login;
};
struct OpenWorkStep {
    std::string work_step_id;
};
/// Several of the partner's work steps match a scanned order: let the operator pick one.
struct ChooseWorkStep {
    std::string order_number;
    std::vector<std::string> work_step_ids;  ///< best guess first
};
struct Back {};
struct LogOut {};
struct EnterPin {
    std::string pin;
};
struct CancelPin {};
struct SyncNow {};
/// The technician asks to enrol the terminal again with the configured code.
struct ReEnroll {};
/// A screen takes scans as text (a note) while `on`, instead of their usual meaning; they come
/// back in UiModel::scanned_text. Ends by itself when the screen or its work step changes.
struct CaptureScans {
    bool on = false;
};

}  // namespace intent

/// The intents that become a feedback event (event_builder.h).
using FeedbackIntent = std::variant<intent::Start, intent::Pause, intent::Resume,
                                    intent::ReportQuantity, intent::Finish, intent::ProcessFeedback,
                                    intent::Join, intent::Leave, intent::AddNote>;

/// Everything a screen may ask for.
using Intent =
    std::variant<intent::Start, intent::Pause, intent::Resume, intent::ReportQuantity,
                 intent::Finish, intent::ProcessFeedback, intent::Navigate, intent::OpenWorkStep,
                 intent::ChooseWorkStep, intent::Back, intent::LogOut, intent::EnterPin,
                 intent::CancelPin, intent::SyncNow, intent::ReEnroll, intent::Join, intent::Leave,
                 intent::AddNote, intent::CaptureScans>;

/// The feedback part of `intent`; nullopt for navigation, session and sync intents.
[[nodiscard]] std::optional<FeedbackIntent> as_feedback(const Intent& intent);

}  // namespace pt::app
