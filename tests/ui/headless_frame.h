// Screens drawn without a window, for unit tests (tests/ui/screen_test.cpp): a Dear ImGui
// context with no platform or renderer backend, the theme's fonts built into an atlas on the CPU
// (the kiosk's own FreeType fonts, so texts measure and wrap as on the panel), a UiModel drawn
// through the shell (or any draw function) at a fixed size. What a frame drew is read back from
// it, as a person would see it: its touch targets and intents, and its texts from the draw data
// itself — every glyph quad is matched to its glyph in the font atlas, so a text counts as shown
// only if it was really drawn, visible (inside its clip rectangle) and not cut away. Taps are
// mouse input at a target's centre, as the kiosk gets a touch: down in one frame, up in the next.
//
// One context per HeadlessFrame; the font atlas of a size is built once per process and shared.
#pragma once

#include <imgui.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "firmware/app/intents.h"
#include "firmware/app/ui_model.h"
#include "ui/frame_context.h"
#include "ui/i18n.h"
#include "ui/shell.h"
#include "ui/theme.h"
#include "ui/touch_targets.h"

namespace pt::ui::test {

/// One line of text as drawn: consecutive glyphs of one font and colour on one baseline. A gap
/// of a space's width or more between glyphs reads as spaces.
struct DrawnText {
    std::string text;                  ///< UTF-8
    float x = 0, y = 0, w = 0, h = 0;  ///< from the pen's start to its end; y, h: the line
    ImU32 color = 0;
    const ImFont* font = nullptr;
};

class HeadlessFrame {
public:
    /// Draws the UI instead of the shell (the set-up screen draws on its own).
    using DrawFn = std::function<void(FrameContext& ctx, float width, float height)>;

    /// A context of `width` × `height` pixels with the theme (metrics, colours, fonts) for that
    /// size and every language of `translations_dir`. Throws std::runtime_error when no font is
    /// installed, TranslationError for a bad translation file.
    HeadlessFrame(int width, int height, const std::filesystem::path& translations_dir);
    ~HeadlessFrame();
    HeadlessFrame(const HeadlessFrame&) = delete;
    HeadlessFrame& operator=(const HeadlessFrame&) = delete;

    /// Draws one frame of `model` through the shell (or `draw`); returns its intents.
    const std::vector<app::Intent>& frame(const app::UiModel& model);
    const std::vector<app::Intent>& frame(const app::UiModel& model, const DrawFn& draw);
    /// Draws `frames` frames (a new screen's layout settles in a few); returns all their intents.
    std::vector<app::Intent> settle(const app::UiModel& model, int frames = 3);
    std::vector<app::Intent> settle(const app::UiModel& model, const DrawFn& draw, int frames = 3);

    /// Taps the last frame's target `id`: the finger over its centre for a frame, down for one,
    /// up for one (a button acts on release), then lifted for one more, so the last frame shows
    /// the result. Returns the intents of those frames. A disabled target is tapped all the same
    /// (it must do nothing). Throws std::out_of_range when the last frame has no target `id`.
    std::vector<app::Intent> tap(const app::UiModel& model, std::string_view id);
    std::vector<app::Intent> tap(const app::UiModel& model, std::string_view id,
                                 const DrawFn& draw);

    /// One frame with `text` typed on a physical keyboard (and Enter when `enter`): the kiosk
    /// hands typed text to the screens in the model, for one frame. Returns its intents.
    std::vector<app::Intent> type(app::UiModel& model, std::string_view text, bool enter = false,
                                  const DrawFn& draw = {});

    /// A fresh shell: every screen's UI state forgotten, as for a new session.
    void new_shell();

    // ---- What the last frame drew --------------------------------------------------------

    [[nodiscard]] const std::vector<TouchTarget>& targets() const { return targets_; }
    /// The target `id`; null when the last frame has none.
    [[nodiscard]] const TouchTarget* target(std::string_view id) const;
    /// The ids of the targets that start with `prefix`, in drawing order.
    [[nodiscard]] std::vector<std::string> target_ids(std::string_view prefix) const;
    /// Every line of text, in drawing order.
    [[nodiscard]] const std::vector<DrawnText>& texts() const { return texts_; }
    /// Whether `text` is drawn: within one line, or within a paragraph wrapped over lines.
    [[nodiscard]] bool shows(std::string_view text) const;
    /// The first line that contains `text`; null when none does.
    [[nodiscard]] const DrawnText* find_text(std::string_view text) const;
    /// The lines that start inside `area` (a tile, a row), one per line of the result.
    [[nodiscard]] std::string text_in(const TouchTarget& area) const;
    /// All lines, one per line of the result (for failure messages).
    [[nodiscard]] std::string all_text() const;
    /// The language the login screen's switch asked for in the last frame (or tap); empty if
    /// none.
    [[nodiscard]] const std::string& next_language() const { return next_language_; }

    [[nodiscard]] const Metrics& metrics() const;
    [[nodiscard]] const Fonts& fonts() const;
    [[nodiscard]] float width() const { return static_cast<float>(width_); }
    [[nodiscard]] float height() const { return static_cast<float>(height_); }
    /// The translations of `language` (English fills what it lacks, as in the kiosk).
    [[nodiscard]] const Translations& translations(std::string_view language) const;
    /// The colour `color` is drawn in (with the style's alpha), to compare with DrawnText::color.
    [[nodiscard]] ImU32 drawn_color(const ImVec4& color) const;

private:
    struct SharedAtlas;
    void read_back();

    int width_;
    int height_;
    SharedAtlas& atlas_;
    ImGuiContext* context_ = nullptr;
    std::vector<Translations> translations_;
    std::unique_ptr<Shell> shell_;
    TouchTargets collected_;
    std::vector<TouchTarget> targets_;
    std::vector<app::Intent> intents_;
    std::vector<DrawnText> texts_;
    std::string next_language_;
};

/// What no frame may show (the screen gallery checks the same on real windows): targets outside
/// the window, smaller than Metrics::target while enabled, overlapping, or sharing an id; and a
/// translation key (`detail.start`) shown instead of its text, on a target or anywhere else.
/// One sentence per problem; empty when there is none.
[[nodiscard]] std::vector<std::string> frame_problems(const HeadlessFrame& frame);

/// Looks like a translation key: lower-case words joined by dots (`login.scan_badge`).
[[nodiscard]] bool looks_like_key(std::string_view text);

/// `Start{W1}`, `Navigate{dashboard}` … for failure messages and comparisons.
[[nodiscard]] std::string describe(const app::Intent& intent);
[[nodiscard]] std::string describe(const std::vector<app::Intent>& intents);

}  // namespace pt::ui::test
