// What a screen gets while it draws: the read-only model, the translations, the theme, the
// list its touch targets go into, and the list its intents go into. Screens add, never remove.
#pragma once

#include <vector>

#include "firmware/app/intents.h"
#include "firmware/app/ui_model.h"
#include "ui/i18n.h"
#include "ui/theme.h"
#include "ui/touch_targets.h"

namespace pt::ui {

// The app layer's model, which every screen reads (firmware/app/ui_model.h).
using app::AttentionItem;
using app::TechnicianInfo;
using app::TimePoint;
using app::Toast;
using app::UiModel;

struct FrameContext {
    const UiModel& model;
    const Translations& tr;
    const Fonts& fonts;
    const Metrics& metrics;
    TouchTargets& targets;
    std::vector<app::Intent>& intents;
    /// Set by the login screen's language switch: the language to show next.
    std::string next_language;

    /// Queues an intent for the application to apply after this frame.
    void emit(app::Intent intent) { intents.push_back(std::move(intent)); }
};

}  // namespace pt::ui
