#include "ui/theme.h"

#include <imgui.h>
#include <imgui_freetype.h>

#include <algorithm>
#include <stdexcept>

namespace pt::ui {

Metrics metrics_for(int width, int height, float content_scale) {
    // 800×480 is the smallest panel: scale 1.0 there; bigger screens grow with their height, a
    // little slower than linearly, so 1080p is 1.6 rather than 2.25 (more rows, not just bigger).
    const float by_size =
        std::clamp(0.55f + 0.45f * static_cast<float>(height) / 480.0f, 1.0f, 2.0f);
    (void)width;
    Metrics m;
    m.scale = std::max(1.0f, content_scale) * by_size;
    m.target = 48.0f * m.scale;
    m.button_h = 60.0f * m.scale;
    m.bar_h = 56.0f * m.scale;
    m.menu_w = 150.0f * m.scale;
    m.pad = 8.0f * m.scale;
    m.body_px = 20.0f * m.scale;
    m.large_px = 25.0f * m.scale;
    m.huge_px = 42.0f * m.scale;
    return m;
}

std::vector<std::filesystem::path> font_candidates(const std::filesystem::path& override_dir) {
    std::vector<std::filesystem::path> files;
    if (!override_dir.empty()) files.push_back(override_dir / "DejaVuSans.ttf");
    files.emplace_back("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    files.emplace_back("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf");
    return files;
}

namespace {

std::filesystem::path first_existing(const std::vector<std::filesystem::path>& files) {
    for (const auto& file : files) {
        std::error_code error;
        if (std::filesystem::is_regular_file(file, error)) return file;
    }
    throw std::runtime_error("no font found: install fonts-dejavu-core");
}

std::filesystem::path sibling(const std::filesystem::path& regular, const char* name) {
    const auto candidate = regular.parent_path() / name;
    std::error_code error;
    return std::filesystem::is_regular_file(candidate, error) ? candidate : regular;
}

}  // namespace

Fonts load_fonts(const Metrics& metrics, const std::filesystem::path& override_dir) {
    Fonts fonts = build_fonts(*ImGui::GetIO().Fonts, metrics, override_dir);
    use_fonts(fonts);
    return fonts;
}

void use_fonts(const Fonts& fonts) {
    ImGui::GetIO().FontDefault = fonts.body;
}

Fonts build_fonts(ImFontAtlas& atlas, const Metrics& metrics,
                  const std::filesystem::path& override_dir) {
    const auto regular = first_existing(font_candidates(override_dir));
    const auto bold = sibling(regular, "DejaVuSans-Bold.ttf");
    const auto mono = sibling(regular, "DejaVuSansMono.ttf");

    atlas.Clear();
    atlas.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
    atlas.FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;
    // Latin-1 covers English and German; the rest are the symbols the screens draw.
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2010, 0x2027, 0x2190, 0x21FF, 0x2212,
                                     0x2212, 0x25A0, 0x25FF, 0x2713, 0x2717, 0};
    ImFontConfig config;
    config.OversampleH = 1;  // FreeType hints; oversampling only costs atlas memory
    Fonts fonts;
    fonts.body = atlas.AddFontFromFileTTF(regular.c_str(), metrics.body_px, &config, ranges);
    fonts.large = atlas.AddFontFromFileTTF(bold.c_str(), metrics.large_px, &config, ranges);
    fonts.huge = atlas.AddFontFromFileTTF(bold.c_str(), metrics.huge_px, &config, ranges);
    fonts.mono = atlas.AddFontFromFileTTF(mono.c_str(), metrics.body_px, &config, ranges);
    if (fonts.body == nullptr || fonts.large == nullptr || fonts.huge == nullptr ||
        fonts.mono == nullptr || !atlas.Build()) {
        throw std::runtime_error("cannot load the font " + regular.string());
    }
    return fonts;
}

namespace colors {
ImVec4 background() {
    return {0.07f, 0.08f, 0.09f, 1.0f};
}
ImVec4 panel() {
    return {0.14f, 0.16f, 0.18f, 1.0f};
}
ImVec4 text() {
    return {0.96f, 0.97f, 0.98f, 1.0f};
}
ImVec4 text_dim() {
    return {0.70f, 0.74f, 0.78f, 1.0f};
}
ImVec4 accent() {
    return {0.10f, 0.45f, 0.85f, 1.0f};
}
ImVec4 ok() {
    return {0.20f, 0.68f, 0.32f, 1.0f};
}
ImVec4 warn() {
    return {0.95f, 0.65f, 0.10f, 1.0f};
}
ImVec4 error() {
    return {0.88f, 0.22f, 0.20f, 1.0f};
}
ImVec4 open() {
    return {0.30f, 0.34f, 0.38f, 1.0f};
}
ImVec4 running() {
    return {0.10f, 0.55f, 0.75f, 1.0f};
}
}  // namespace colors

void apply_theme(const Metrics& m) {
    ImGuiStyle style;
    ImGui::StyleColorsDark(&style);
    style.WindowPadding = {m.pad, m.pad};
    style.FramePadding = {m.pad * 1.5f, m.pad};
    style.ItemSpacing = {m.pad, m.pad};
    style.ItemInnerSpacing = {m.pad, m.pad * 0.75f};
    style.CellPadding = {m.pad, m.pad * 0.8f};
    style.ScrollbarSize = 28.0f * m.scale;  // thumb-sized, never a hairline (product.md §3)
    style.GrabMinSize = 40.0f * m.scale;
    style.FrameRounding = 6.0f * m.scale;
    style.WindowRounding = 0.0f;
    style.ScrollbarRounding = 6.0f * m.scale;
    style.TouchExtraPadding = {4.0f * m.scale, 4.0f * m.scale};
    style.WindowBorderSize = 0.0f;
    style.DisabledAlpha = 0.35f;  // a disabled button must look disabled, also in bad light
    style.FrameBorderSize = 0.0f;

    ImVec4* c = style.Colors;
    c[ImGuiCol_WindowBg] = colors::background();
    c[ImGuiCol_ChildBg] = colors::background();
    c[ImGuiCol_PopupBg] = colors::panel();
    c[ImGuiCol_Text] = colors::text();
    c[ImGuiCol_TextDisabled] = {0.55f, 0.58f, 0.62f, 1.0f};
    c[ImGuiCol_Button] = {0.22f, 0.25f, 0.29f, 1.0f};
    c[ImGuiCol_ButtonHovered] = {0.28f, 0.32f, 0.37f, 1.0f};
    c[ImGuiCol_ButtonActive] = colors::accent();
    c[ImGuiCol_FrameBg] = {0.18f, 0.20f, 0.23f, 1.0f};
    c[ImGuiCol_FrameBgHovered] = {0.22f, 0.25f, 0.29f, 1.0f};
    c[ImGuiCol_FrameBgActive] = {0.25f, 0.29f, 0.34f, 1.0f};
    c[ImGuiCol_Header] = {0.18f, 0.30f, 0.45f, 1.0f};
    c[ImGuiCol_HeaderHovered] = {0.20f, 0.36f, 0.55f, 1.0f};
    c[ImGuiCol_HeaderActive] = colors::accent();
    c[ImGuiCol_TableHeaderBg] = colors::panel();
    c[ImGuiCol_TableRowBg] = {0.0f, 0.0f, 0.0f, 0.0f};
    c[ImGuiCol_TableRowBgAlt] = {1.0f, 1.0f, 1.0f, 0.04f};
    c[ImGuiCol_ScrollbarBg] = {0.10f, 0.11f, 0.12f, 1.0f};
    c[ImGuiCol_ScrollbarGrab] = {0.35f, 0.39f, 0.44f, 1.0f};
    c[ImGuiCol_ModalWindowDimBg] = {0.0f, 0.0f, 0.0f, 0.6f};
    ImGui::GetStyle() = style;
}

}  // namespace pt::ui
