#include "tests/ui/headless_frame.h"

#include <algorithm>
#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <utility>

namespace pt::ui::test {
namespace {

constexpr float kFrameSeconds = 1.0f / 60.0f;

/// Appends `codepoint` as UTF-8.
void append_utf8(std::string& out, unsigned int codepoint) {
    if (codepoint < 0x80) {
        out += static_cast<char>(codepoint);
    } else if (codepoint < 0x800) {
        out += static_cast<char>(0xC0 | (codepoint >> 6));
        out += static_cast<char>(0x80 | (codepoint & 0x3F));
    } else if (codepoint < 0x10000) {
        out += static_cast<char>(0xE0 | (codepoint >> 12));
        out += static_cast<char>(0x80 | ((codepoint >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (codepoint & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (codepoint >> 18));
        out += static_cast<char>(0x80 | ((codepoint >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((codepoint >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (codepoint & 0x3F));
    }
}

/// The translations directory's languages, English first.
std::vector<std::string> languages_of(const std::filesystem::path& dir) {
    std::vector<std::string> languages = Translations::available(dir);
    std::stable_partition(languages.begin(), languages.end(),
                          [](const std::string& l) { return l == "en"; });
    return languages;
}

}  // namespace

// ---- The font atlas of one size, built once per process ---------------------------------------

struct HeadlessFrame::SharedAtlas {
    /// A glyph's place in the atlas: a drawn quad with these texture coordinates is that glyph.
    struct UvRect {
        float u0, v0, u1, v1;
        bool operator==(const UvRect&) const = default;
    };
    struct UvHash {
        std::size_t operator()(const UvRect& r) const noexcept {
            std::size_t h = 0;
            for (const float f : {r.u0, r.v0, r.u1, r.v1})
                h = (h ^ std::bit_cast<std::uint32_t>(f)) * 0x9E3779B97F4A7C15ULL;
            return h;
        }
    };
    struct Glyph {
        const ImFont* font = nullptr;
        const ImFontGlyph* glyph = nullptr;
    };

    Metrics metrics;
    ImFontAtlas atlas;
    Fonts fonts;
    std::unordered_map<UvRect, Glyph, UvHash> glyphs;

    static SharedAtlas& of(int width, int height) {
        static std::map<std::pair<int, int>, std::unique_ptr<SharedAtlas>> built;
        auto& slot = built[{width, height}];
        if (!slot) {
            auto shared = std::make_unique<SharedAtlas>();
            // A panel of content scale 1: the sizes follow the window alone (theme.cpp).
            shared->metrics = metrics_for(width, height, 1.0f);
            shared->fonts = build_fonts(shared->atlas, shared->metrics);
            for (const ImFont* font : shared->atlas.Fonts) {
                for (const ImFontGlyph& g : font->Glyphs) {
                    if (g.Visible)
                        shared->glyphs.emplace(UvRect{g.U0, g.V0, g.U1, g.V1}, Glyph{font, &g});
                }
            }
            slot = std::move(shared);
        }
        return *slot;
    }
};

// ---- The context ------------------------------------------------------------------------------

HeadlessFrame::HeadlessFrame(int w, int h, const std::filesystem::path& translations_dir)
    : width_(w), height_(h), atlas_(SharedAtlas::of(w, h)) {
    for (const std::string& language : languages_of(translations_dir))
        translations_.push_back(Translations::load(translations_dir, language));
    if (translations_.empty())
        throw std::runtime_error("no translations in " + translations_dir.string());
    ImGuiContext* previous = ImGui::GetCurrentContext();
    context_ = ImGui::CreateContext(&atlas_.atlas);
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // as the kiosk: no layout on disk
    io.LogFilename = nullptr;
    io.DisplaySize = {width(), height()};
    io.DeltaTime = kFrameSeconds;
    apply_theme(atlas_.metrics);
    use_fonts(atlas_.fonts);
    ImGui::SetCurrentContext(previous != nullptr ? previous : context_);
    new_shell();
}

HeadlessFrame::~HeadlessFrame() {
    ImGui::DestroyContext(context_);
}

void HeadlessFrame::new_shell() {
    shell_ = std::make_unique<Shell>();
}

const Metrics& HeadlessFrame::metrics() const {
    return atlas_.metrics;
}

const Fonts& HeadlessFrame::fonts() const {
    return atlas_.fonts;
}

const Translations& HeadlessFrame::translations(std::string_view language) const {
    for (const Translations& tr : translations_)
        if (tr.language() == language) return tr;
    return translations_.front();
}

ImU32 HeadlessFrame::drawn_color(const ImVec4& color) const {
    ImGuiContext* previous = ImGui::GetCurrentContext();
    ImGui::SetCurrentContext(context_);
    const ImU32 value = ImGui::GetColorU32(color);
    ImGui::SetCurrentContext(previous);
    return value;
}

// ---- Frames and taps --------------------------------------------------------------------------

const std::vector<app::Intent>& HeadlessFrame::frame(const app::UiModel& model) {
    return frame(model, {});
}

const std::vector<app::Intent>& HeadlessFrame::frame(const app::UiModel& model,
                                                     const DrawFn& draw) {
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = {width(), height()};
    io.DeltaTime = kFrameSeconds;
    ImGui::NewFrame();
    collected_.begin_frame();
    intents_.clear();
    FrameContext ctx{
        model, translations(model.language), atlas_.fonts, atlas_.metrics, collected_, intents_,
        {}};
    if (draw) {
        draw(ctx, width(), height());
    } else {
        shell_->draw(ctx, width(), height());
    }
    ImGui::Render();  // no renderer: this only fills the draw data read below
    next_language_ = ctx.next_language;
    targets_ = collected_.snapshot();
    read_back();
    return intents_;
}

std::vector<app::Intent> HeadlessFrame::settle(const app::UiModel& model, int frames) {
    return settle(model, {}, frames);
}

std::vector<app::Intent> HeadlessFrame::settle(const app::UiModel& model, const DrawFn& draw,
                                               int frames) {
    std::vector<app::Intent> all;
    for (int i = 0; i < frames; ++i) {
        const auto& intents = frame(model, draw);
        all.insert(all.end(), intents.begin(), intents.end());
    }
    return all;
}

std::vector<app::Intent> HeadlessFrame::tap(const app::UiModel& model, std::string_view id) {
    return tap(model, id, {});
}

std::vector<app::Intent> HeadlessFrame::tap(const app::UiModel& model, std::string_view id,
                                            const DrawFn& draw) {
    const TouchTarget* t = target(id);
    if (t == nullptr) {
        throw std::out_of_range("no target `" + std::string(id) + "` in the last frame (" +
                                std::to_string(targets_.size()) + " targets)");
    }
    const ImVec2 centre{t->x + t->w * 0.5f, t->y + t->h * 0.5f};
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    std::vector<app::Intent> all;
    std::string language;
    const auto step = [&](ImVec2 pos, bool down) {
        io.MousePos = pos;
        io.MouseDown[0] = down;
        const auto& intents = frame(model, draw);
        all.insert(all.end(), intents.begin(), intents.end());
        if (!next_language_.empty()) language = next_language_;
    };
    step(centre, false);                // the finger arrives: what is under it is hovered
    step(centre, true);                 // touches
    step(centre, false);                // lifts: a button acts now
    step({-FLT_MAX, -FLT_MAX}, false);  // gone (ImGui's "no pointer")
    next_language_ = language;
    return all;
}

std::vector<app::Intent> HeadlessFrame::type(app::UiModel& model, std::string_view text, bool enter,
                                             const DrawFn& draw) {
    model.typed_text = text;
    model.typed_enter = enter;
    std::vector<app::Intent> intents = frame(model, draw);
    model.typed_text.clear();
    model.typed_enter = false;
    return intents;
}

// ---- What the last frame drew -----------------------------------------------------------------

const TouchTarget* HeadlessFrame::target(std::string_view id) const {
    for (const TouchTarget& t : targets_)
        if (t.id == id) return &t;
    return nullptr;
}

std::vector<std::string> HeadlessFrame::target_ids(std::string_view prefix) const {
    std::vector<std::string> ids;
    for (const TouchTarget& t : targets_)
        if (std::string_view(t.id).starts_with(prefix)) ids.push_back(t.id);
    return ids;
}

void HeadlessFrame::read_back() {
    texts_.clear();
    const ImDrawData* data = ImGui::GetDrawData();
    if (data == nullptr) return;
    // A glyph is drawn as one quad: four vertices with its texture corners, indexed
    // (a, a+1, a+2, a, a+2, a+3) — ImFont::RenderText and RenderChar both write it so. Every
    // other shape samples the atlas's white pixel or its baked lines, never a glyph's corners.
    // A glyph that ImGui cut at a clip edge has other texture coordinates and is not read: cut
    // text is not there to be read.
    struct Seen {
        const ImFont* font;
        const ImFontGlyph* glyph;
        float pen_x;  ///< where the pen stood before this glyph
        float line_y;
        float scale;
        ImU32 color;
    };
    for (int l = 0; l < data->CmdListsCount; ++l) {
        const ImDrawList* list = data->CmdLists[l];
        std::optional<Seen> last;  // the glyph before, in this draw list
        for (const ImDrawCmd& cmd : list->CmdBuffer) {
            if (cmd.UserCallback != nullptr) continue;
            const ImVec4 clip = cmd.ClipRect;
            const ImDrawIdx* idx = list->IdxBuffer.Data + cmd.IdxOffset;
            const ImDrawVert* vtx = list->VtxBuffer.Data + cmd.VtxOffset;
            for (unsigned int k = 0; k + 3 <= cmd.ElemCount;) {
                const bool quad = k + 6 <= cmd.ElemCount && idx[k + 1] == idx[k] + 1 &&
                                  idx[k + 2] == idx[k] + 2 && idx[k + 3] == idx[k] &&
                                  idx[k + 4] == idx[k] + 2 && idx[k + 5] == idx[k] + 3;
                if (!quad) {
                    k += 3;
                    continue;
                }
                const ImDrawVert& a = vtx[idx[k]];
                const ImDrawVert& c = vtx[idx[k] + 2];
                k += 6;
                const auto found = atlas_.glyphs.find({a.uv.x, a.uv.y, c.uv.x, c.uv.y});
                if (found == atlas_.glyphs.end()) continue;
                const ImFontGlyph& g = *found->second.glyph;
                // Visible: its centre inside the command's clip rectangle and the window.
                const float cx = (a.pos.x + c.pos.x) * 0.5f;
                const float cy = (a.pos.y + c.pos.y) * 0.5f;
                if (cx < clip.x || cx > clip.z || cy < clip.y || cy > clip.w || cx < 0 || cy < 0 ||
                    cx > width() || cy > height())
                    continue;
                const float glyph_w = g.X1 - g.X0;
                float scale = glyph_w > 0 ? (c.pos.x - a.pos.x) / glyph_w : 1.0f;
                if (std::abs(scale - 1.0f) < 0.01f) scale = 1.0f;
                const Seen seen{found->second.font,     &g,    a.pos.x - g.X0 * scale,
                                a.pos.y - g.Y0 * scale, scale, a.col};
                // Same run: same font, colour and line, the pen where the last glyph left it
                // or a few spaces further.
                bool same_run = false;
                int spaces = 0;
                if (last && last->font == seen.font && last->color == seen.color &&
                    std::abs(last->line_y - seen.line_y) < 0.5f &&
                    std::abs(last->scale - seen.scale) < 0.01f) {
                    const float end = last->pen_x + last->glyph->AdvanceX * last->scale;
                    const ImFontGlyph* space = seen.font->FindGlyphNoFallback(' ');
                    const float space_w = (space != nullptr ? space->AdvanceX : 0.0f) * seen.scale;
                    const float gap = seen.pen_x - end;
                    // Two spaces at most: kSeparator's; a wider gap parts two texts.
                    if (gap > -0.5f && space_w > 0 && gap < space_w * 2.5f) {
                        same_run = true;
                        spaces =
                            gap < space_w * 0.5f ? 0 : static_cast<int>(std::lround(gap / space_w));
                    }
                }
                if (!same_run) {
                    DrawnText text;
                    text.x = seen.pen_x;
                    text.y = seen.line_y;
                    text.h = seen.font->FontSize * seen.scale;
                    text.color = seen.color;
                    text.font = seen.font;
                    texts_.push_back(std::move(text));
                }
                DrawnText& run = texts_.back();
                run.text.append(static_cast<std::size_t>(spaces), ' ');
                append_utf8(run.text, g.Codepoint);
                run.w = seen.pen_x + g.AdvanceX * seen.scale - run.x;
                last = seen;
            }
        }
    }
}

namespace {

/// The paragraphs of `texts`: a line that continues the one before it on the next line (same
/// font, colour and left edge) joins it with a space, as a wrapped text reads.
std::vector<std::string> paragraphs(const std::vector<DrawnText>& texts) {
    std::vector<std::string> out;
    const DrawnText* before = nullptr;
    for (const DrawnText& t : texts) {
        const bool continues =
            before != nullptr && before->font == t.font && before->color == t.color &&
            std::abs(t.y - (before->y + before->h)) < 1.5f && std::abs(t.x - before->x) < t.h * 4;
        if (continues) {
            out.back() += ' ';
            out.back() += t.text;
        } else {
            out.push_back(t.text);
        }
        before = &t;
    }
    return out;
}

}  // namespace

bool HeadlessFrame::shows(std::string_view text) const {
    if (find_text(text) != nullptr) return true;
    for (const std::string& paragraph : paragraphs(texts_))
        if (paragraph.find(text) != std::string::npos) return true;
    return false;
}

const DrawnText* HeadlessFrame::find_text(std::string_view text) const {
    for (const DrawnText& t : texts_)
        if (t.text.find(text) != std::string::npos) return &t;
    return nullptr;
}

std::string HeadlessFrame::text_in(const TouchTarget& area) const {
    std::string out;
    for (const DrawnText& t : texts_) {
        const float mid_y = t.y + t.h * 0.5f;
        if (t.x >= area.x && t.x < area.x + area.w && mid_y >= area.y && mid_y < area.y + area.h) {
            out += t.text;
            out += '\n';
        }
    }
    return out;
}

std::string HeadlessFrame::all_text() const {
    std::string out;
    for (const DrawnText& t : texts_) {
        out += t.text;
        out += '\n';
    }
    return out;
}

// ---- Checks -----------------------------------------------------------------------------------

bool looks_like_key(std::string_view text) {
    if (text.find('.') == std::string_view::npos || text.front() == '.' || text.back() == '.')
        return false;
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || c == '_' || c == '.'; });
}

namespace {

std::string describe(const TouchTarget& t) {
    char rect[128];
    std::snprintf(rect, sizeof rect, " [x %.1f y %.1f w %.1f h %.1f%s]", double{t.x}, double{t.y},
                  double{t.w}, double{t.h}, t.enabled ? "" : " disabled");
    return "`" + t.id + "`" + rect;
}

/// Words of a drawn line, split at spaces, without the brackets, quotes and punctuation a
/// sentence puts around them.
std::vector<std::string_view> words(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find(' ', start), text.size());
        std::string_view word = text.substr(start, end - start);
        while (!word.empty() &&
               std::string_view("(\"'").find(word.front()) != std::string_view::npos)
            word.remove_prefix(1);
        while (!word.empty() &&
               std::string_view(")\"',:;").find(word.back()) != std::string_view::npos)
            word.remove_suffix(1);
        if (!word.empty()) out.push_back(word);
        start = end + 1;
    }
    return out;
}

/// What could be a translation key shown raw: every word, and where a line ends in a dot and
/// the next continues it (ImGui wraps after a dot), the two words around the break together.
std::vector<std::string> key_candidates(const std::vector<DrawnText>& texts) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const auto here = words(texts[i].text);
        for (const std::string_view word : here)
            out.emplace_back(word);
        if (i + 1 == texts.size() || here.empty() || here.back().back() != '.') continue;
        const DrawnText& a = texts[i];
        const DrawnText& b = texts[i + 1];
        const auto next = words(b.text);
        if (!next.empty() && a.font == b.font && std::abs(b.y - (a.y + a.h)) < 1.5f)
            out.push_back(std::string(here.back()) + std::string(next.front()));
    }
    return out;
}

}  // namespace

std::vector<std::string> frame_problems(const HeadlessFrame& frame) {
    std::vector<std::string> problems;
    constexpr float kSlack = 1.0f;  // sub-pixel rounding
    const auto& targets = frame.targets();
    const float min_edge = frame.metrics().target - kSlack;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const TouchTarget& t = targets[i];
        if (!ids.insert(t.id).second) problems.push_back("id " + describe(t) + " is not unique");
        if (t.x < -kSlack || t.y < -kSlack || t.x + t.w > frame.width() + kSlack ||
            t.y + t.h > frame.height() + kSlack)
            problems.push_back(describe(t) + " lies (partly) outside the window");
        if (t.enabled && (t.w < min_edge || t.h < min_edge))
            problems.push_back(describe(t) + " is smaller than the minimum touch target");
        if (looks_like_key(t.label))
            problems.push_back(describe(t) + " shows the translation key `" + t.label + "`");
        for (std::size_t j = i + 1; j < targets.size(); ++j) {
            const TouchTarget& u = targets[j];
            const float ox = std::min(t.x + t.w, u.x + u.w) - std::max(t.x, u.x);
            const float oy = std::min(t.y + t.h, u.y + u.h) - std::max(t.y, u.y);
            if (ox > kSlack && oy > kSlack)
                problems.push_back(describe(t) + " and " + describe(u) + " overlap");
        }
    }
    // A key shown raw starts with one of the translation files' sections (`login.`), which
    // tells it from a host name (`plan.example.com`).
    std::set<std::string, std::less<>> sections;
    for (const std::string& key : frame.translations("en").keys())
        sections.insert(key.substr(0, key.find('.')));
    for (const std::string& word : key_candidates(frame.texts())) {
        if (looks_like_key(word) && sections.contains(word.substr(0, word.find('.'))))
            problems.push_back("the translation key `" + word + "` is shown");
    }
    return problems;
}

std::string describe(const app::Intent& intent) {
    namespace in = app::intent;
    return std::visit(
        [](const auto& i) -> std::string {
            using T = std::decay_t<decltype(i)>;
            const auto quantities = [](const auto& q) {
                return q.work_step_id + ", " + std::to_string(q.good) + " good, " +
                       std::to_string(q.scrap) + " scrap" +
                       (q.scrap_reason.empty() ? std::string() : " (" + q.scrap_reason + ")");
            };
            if constexpr (std::is_same_v<T, in::Start>) return "Start{" + i.work_step_id + "}";
            if constexpr (std::is_same_v<T, in::Pause>)
                return "Pause{" + i.work_step_id + ", " + i.reason + "}";
            if constexpr (std::is_same_v<T, in::Resume>) return "Resume{" + i.work_step_id + "}";
            if constexpr (std::is_same_v<T, in::ReportQuantity>)
                return "ReportQuantity{" + quantities(i) + "}";
            if constexpr (std::is_same_v<T, in::Finish>) return "Finish{" + quantities(i) + "}";
            if constexpr (std::is_same_v<T, in::ProcessFeedback>)
                return "ProcessFeedback{" + i.process_id + ", " +
                       std::string(plan::name_of(i.status)) + ", \"" + i.comment + "\"}";
            if constexpr (std::is_same_v<T, in::Navigate>)
                return "Navigate{" + std::string(app::name_of(i.screen)) + "}";
            if constexpr (std::is_same_v<T, in::OpenWorkStep>)
                return "OpenWorkStep{" + i.work_step_id + "}";
            if constexpr (std::is_same_v<T, in::ChooseWorkStep>)
                return "ChooseWorkStep{" + i.order_number + "}";
            if constexpr (std::is_same_v<T, in::Back>) return "Back";
            if constexpr (std::is_same_v<T, in::LogOut>) return "LogOut";
            if constexpr (std::is_same_v<T, in::EnterPin>) return "EnterPin{" + i.pin + "}";
            if constexpr (std::is_same_v<T, in::CancelPin>) return "CancelPin";
            if constexpr (std::is_same_v<T, in::SyncNow>) return "SyncNow";
            if constexpr (std::is_same_v<T, in::ReEnroll>) return "ReEnroll";
            if constexpr (std::is_same_v<T, in::Join>) return "Join{" + i.work_step_id + "}";
            if constexpr (std::is_same_v<T, in::Leave>) return "Leave{" + i.work_step_id + "}";
            if constexpr (std::is_same_v<T, in::AddNote>)
                return "AddNote{" + i.work_step_id + ", \"" + i.text + "\"}";
            if constexpr (std::is_same_v<T, in::CaptureScans>)
                return std::string(i.on ? "CaptureScans{on}" : "CaptureScans{off}");
        },
        intent);
}

std::string describe(const std::vector<app::Intent>& intents) {
    std::string out = "[";
    for (std::size_t i = 0; i < intents.size(); ++i) {
        if (i > 0) out += ", ";
        out += describe(intents[i]);
    }
    return out + "]";
}

}  // namespace pt::ui::test
