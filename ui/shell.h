// The fullscreen frame around every screen (style.md §2): the top bar (who is logged in,
// connectivity, pending reports, last sync, clock, log out), the menu of the screens this
// session may show (R8), the content region the current screen draws into, and the overlays —
// the idle count-down, a toast, the picker for a scanned order with several work steps.
#pragma once

#include <cstdint>

#include "ui/frame_context.h"
#include "ui/screens/screens.h"

namespace pt::ui {

class Shell {
public:
    Shell();

    /// Draws the whole UI for `ctx.model` into a window of `width` × `height` pixels.
    void draw(FrameContext& ctx, float width, float height);
    /// True while something on screen changes by itself (clock, count-down, toast): the loop
    /// then wakes once a second instead of sleeping until input.
    [[nodiscard]] bool animating(const UiModel& model) const;

private:
    void follow(const UiModel& model);
    void draw_top_bar(FrameContext& ctx, float width);
    void draw_menu(FrameContext& ctx, float height);
    void draw_overlays(FrameContext& ctx, float width, float height);

    ScreenSet screens_;
    std::uint64_t generation_ = 0;
    app::Screen shown_ = app::Screen::login;
};

}  // namespace pt::ui
