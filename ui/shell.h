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
    void refresh_texts(const FrameContext& ctx);
    void draw_top_bar(FrameContext& ctx, float width);
    void draw_menu(FrameContext& ctx);
    void draw_banner(FrameContext& ctx, float left, float width, float height);
    void draw_choice(FrameContext& ctx, float width, float height);

    ScreenSet screens_;
    std::uint64_t generation_ = 0;
    app::Screen shown_ = app::Screen::login;

    // Texts of the bar and the menu, rebuilt only when what they show changes, so an idle
    // frame does not allocate (style.md §6).
    struct Texts {
        std::string language;  // the texts' language
        std::int64_t minute = -1;
        std::int64_t pending = -1;
        std::size_t attention = 0;
        std::int64_t countdown = -1;
        std::string clock;
        std::string pending_text;
        std::string countdown_text;
        std::string update_shown;  // the update notice's state and detail the text is for
        std::string update_text;
        std::vector<std::string> menu_ids;     // by app::Screen
        std::vector<std::string> menu_labels;  // by app::Screen
    } texts_;
};

}  // namespace pt::ui
