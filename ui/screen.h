// The base of every screen (style.md §2): the shell (shell.h) draws the fullscreen frame — top
// bar, menu, overlays — and asks the current screen to draw only its content into the region
// left. UI-only state (scroll, filter text, an open picker) lives in the screen object and is
// dropped by reset() whenever the session changes (R11: nothing of one operator's screen
// survives into the next session).
#pragma once

#include "ui/frame_context.h"

namespace pt::ui {

class ScreenView {
public:
    virtual ~ScreenView() = default;
    /// Draws the content into the current ImGui window (the shell's content region).
    virtual void draw(FrameContext& ctx) = 0;
    /// Forgets all UI-only state: a new session, or the screen was left.
    virtual void reset() {}
    /// True while the screen animates something that changes without input (a running clock,
    /// a count-down), so the loop redraws once a second instead of sleeping.
    [[nodiscard]] virtual bool animating(const UiModel& /*model*/) const { return false; }
};

}  // namespace pt::ui
