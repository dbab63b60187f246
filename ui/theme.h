// The touch-first look (product.md §3): high contrast, large FreeType-rendered text from a
// Debian font package, targets of at least 48 px at 1.0 scale. Sizes scale with the monitor's
// content scale and with the window height, so 800×480 and 1920×1080 both read well.
#pragma once

#include <filesystem>
#include <vector>

struct ImFont;
struct ImFontAtlas;
struct ImVec4;

namespace pt::ui {

/// The fonts of the theme; all from one FreeType-rasterised atlas.
struct Fonts {
    ImFont* body = nullptr;   ///< lists, labels
    ImFont* large = nullptr;  ///< buttons, tile titles
    ImFont* huge = nullptr;   ///< the login prompt, the clock, count-downs
    ImFont* mono = nullptr;   ///< ids, numbers in tables
};

/// Sizes in pixels for the current window; computed once per size change.
struct Metrics {
    float scale = 1.0f;      ///< content scale × size factor
    float target = 48.0f;    ///< minimum touch target edge
    float button_h = 64.0f;  ///< ordinary buttons
    float bar_h = 64.0f;     ///< the top bar
    float menu_w = 180.0f;   ///< the menu column
    float pad = 12.0f;       ///< spacing
    float body_px = 22.0f;
    float large_px = 28.0f;
    float huge_px = 48.0f;

    friend bool operator==(const Metrics&, const Metrics&) = default;
};

/// The metrics for a window of `width` × `height` pixels with `content_scale` (≥ 1 on HiDPI).
[[nodiscard]] Metrics metrics_for(int width, int height, float content_scale);

/// The font files tried in order (DejaVu from fonts-dejavu-core, then Noto); the first that
/// exists is used. `override_dir` (config or tests) is tried first when not empty.
[[nodiscard]] std::vector<std::filesystem::path> font_candidates(
    const std::filesystem::path& override_dir = {});

/// Loads the fonts at `metrics`' sizes into ImGui's atlas with FreeType (clearing it first).
/// Throws std::runtime_error when no font file is found. The renderer's font texture must be
/// rebuilt afterwards (ImGui_ImplOpenGL3_DestroyFontsTexture / CreateFontsTexture).
Fonts load_fonts(const Metrics& metrics, const std::filesystem::path& override_dir = {});

/// Builds the fonts into `atlas` (cleared first) without touching ImGui's context, so it can run
/// on another thread while the window is created. Throws like load_fonts().
Fonts build_fonts(ImFontAtlas& atlas, const Metrics& metrics,
                  const std::filesystem::path& override_dir = {});

/// Makes `fonts.body` ImGui's default font (after build_fonts into the context's atlas).
void use_fonts(const Fonts& fonts);

/// Applies colours and spacing to the current ImGui style.
void apply_theme(const Metrics& metrics);

/// Theme colours for what screens draw themselves (status colours, Gantt bars …).
namespace colors {
[[nodiscard]] ImVec4 background();
[[nodiscard]] ImVec4 panel();
[[nodiscard]] ImVec4 text();
[[nodiscard]] ImVec4 text_dim();
[[nodiscard]] ImVec4 accent();   ///< primary action
[[nodiscard]] ImVec4 ok();       ///< online, finished, saved
[[nodiscard]] ImVec4 warn();     ///< paused, offline, not yet confirmed
[[nodiscard]] ImVec4 error();    ///< late, refused
[[nodiscard]] ImVec4 open();     ///< an open work step
[[nodiscard]] ImVec4 running();  ///< a work step in progress
}  // namespace colors

}  // namespace pt::ui
