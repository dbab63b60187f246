// The workbench in terminal mode (product.md §3): big tiles for the partner's work steps — its
// own ones it may report on first, ordered by planned start, then the ones of related orders it
// may only look at (R7), then the finished ones. A filter per own resource, late ones marked,
// a running clock on each step in progress (from the recorded start, so it survives restarts).
// A tap opens the detail. Virtualised by rows of tiles: smooth with 10,000 work steps.
//
// [SECTION] Tiles: the order and the filters, built once per view or language change; a tile's
//           texts are made the first time it is drawn.
// [SECTION] Filter bar: All and one button per own resource.
// [SECTION] Grid: ImGuiListClipper over rows; finger drag scrolls, a tap opens.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "ui/format.h"
#include "ui/screens/screen_common.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace pt::ui {
namespace {

using plan::WorkStepColumn;
using plan::WorkStepStatus;

/// Where a work step sorts: what can be worked on first.
int group_of(const plan::ViewWorkStep& w) {
    if (w.status == WorkStepStatus::finished || w.status == WorkStepStatus::cancelled) return 2;
    return w.feedback_allowed ? 0 : 1;
}

struct Tile {
    std::size_t index = 0;  ///< into view.work_steps
    bool texts_ready = false;
    std::string title;   ///< order number · operation
    std::string line2;   ///< article
    std::string line3;   ///< resource · planned start – end
    std::string people;  ///< how many operators are on it (product.md §8); empty: none
};

struct TilesKey {
    const plan::OptimisticView* view = nullptr;
    std::uint64_t view_version = 0;
    const app::OperatorProfile* profile = nullptr;
    const Translations* tr = nullptr;
    bool operator==(const TilesKey&) const = default;
};

/// The id of the filter "At this terminal" (resource ids never start with '@' in practice, and
/// a clash would only merge two buttons' choice).
constexpr const char* kTerminalFilter = "@terminal";
/// The id of the filter "Mine": the steps the logged-in operator is on (product.md §8).
constexpr const char* kMineFilter = "@mine";

struct ResourceFilter {
    std::string id;  ///< empty: all
    std::string label;
    std::string target_id;
    std::vector<std::size_t> tiles;  ///< into tiles_, in display order
};

class WorkbenchTerminalScreen final : public ScreenView {
public:
    void draw(FrameContext& ctx) override {
        refresh(ctx);
        if (tiles_.empty()) {
            empty_state(ctx, ctx.tr("workbench.empty_title"), ctx.tr("workbench.empty_text"));
            return;
        }
        if (filter_ >= filters_.size()) filter_ = 0;
        draw_filters(ctx);
        draw_grid(ctx, filters_[filter_].tiles);
    }

    void reset() override {
        key_ = {};
        tiles_.clear();
        filters_.clear();
        filter_ = 0;
        filter_id_.reset();
        scroll_ = {};
        filter_scroll_ = {};
        any_running_ = false;
    }

    [[nodiscard]] bool animating(const UiModel& model) const override {
        return any_running_ && model.screen == app::Screen::workbench_terminal;
    }

private:
    // ---- [SECTION] Tiles ---------------------------------------------------------------------

    void refresh(const FrameContext& ctx) {
        const UiModel& m = ctx.model;
        const TilesKey key{m.view, m.view_version, m.profile, &ctx.tr};
        if (key == key_) return;
        key_ = key;
        tiles_.clear();
        filters_.clear();
        if (m.view == nullptr) return;
        const auto& steps = m.view->view.work_steps;
        std::vector<std::size_t> order(steps.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        const auto start_of = [](const plan::ViewWorkStep& w) {
            return w.planned_start.value_or(plan::Timestamp::max());
        };
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            const plan::ViewWorkStep& x = steps[a];
            const plan::ViewWorkStep& y = steps[b];
            const int gx = group_of(x);
            const int gy = group_of(y);
            if (gx != gy) return gx < gy;
            return start_of(x) < start_of(y);
        });
        tiles_.reserve(order.size());
        for (const std::size_t i : order)
            tiles_.push_back(Tile{i, false, {}, {}, {}});

        // All, then one filter per own resource (in the view's order: by id).
        ResourceFilter all;
        all.target_id = "workbench.filter.all";
        all.tiles.resize(tiles_.size());
        for (std::size_t i = 0; i < tiles_.size(); ++i)
            all.tiles[i] = i;
        all.label = format_text(ctx.tr("workbench.filter_all"), {std::to_string(tiles_.size())});
        filters_.push_back(std::move(all));
        std::unordered_map<std::string_view, std::size_t> filter_of;
        for (const plan::ViewResource& r : m.view->view.resources) {
            if (!r.own) continue;
            ResourceFilter f;
            f.id = r.id;
            f.target_id = "workbench.filter." + r.id;
            f.label = r.name.empty() ? r.id : r.name;
            filter_of.emplace(r.id, filters_.size());
            filters_.push_back(std::move(f));
        }
        for (std::size_t t = 0; t < tiles_.size(); ++t) {
            const auto it = filter_of.find(steps[tiles_[t].index].resource_id);
            if (it != filter_of.end()) filters_[it->second].tiles.push_back(t);
        }
        for (std::size_t f = 1; f < filters_.size(); ++f)
            filters_[f].label += " (" + std::to_string(filters_[f].tiles.size()) + ")";
        add_terminal_filter(ctx);
        add_mine_filter(ctx);
        // Keep the operator's filter across refreshes (a tap's event, a new snapshot); until
        // the operator chooses one, the terminal's machines when it has any, else all.
        const std::string wanted = filter_id_.value_or(
            filters_.size() > 1 && filters_[1].id == kTerminalFilter ? kTerminalFilter : "");
        filter_ = 0;
        for (std::size_t f = 0; f < filters_.size(); ++f) {
            if (filters_[f].id == wanted) filter_ = f;
        }
    }

    /// The steps the logged-in operator is on, here or at another terminal once synced, after
    /// All and the terminal's machines. Only where there is something to filter (own resources).
    void add_mine_filter(const FrameContext& ctx) {
        const app::UiModel& m = ctx.model;
        if (m.profile == nullptr || filters_.size() <= 1) return;
        const std::string& me = m.profile->operator_name;
        ResourceFilter filter;
        filter.id = kMineFilter;
        filter.target_id = "workbench.filter.mine";
        const auto& steps = m.view->view.work_steps;
        for (std::size_t t = 0; t < tiles_.size(); ++t) {
            const auto& on_it = steps[tiles_[t].index].operators;
            if (std::find(on_it.begin(), on_it.end(), me) != on_it.end()) filter.tiles.push_back(t);
        }
        filter.label =
            format_text(ctx.tr("workbench.filter_mine"), {std::to_string(filter.tiles.size())});
        const bool terminal_filter = filters_[1].id == kTerminalFilter;
        filters_.insert(filters_.begin() + (terminal_filter ? 2 : 1), std::move(filter));
    }

    /// The machines this terminal stands at (sync-api.md "Terminal resources"), second after
    /// All: the workbench opens filtered to them.
    void add_terminal_filter(const FrameContext& ctx) {
        const app::UiModel& m = ctx.model;
        if (m.profile == nullptr || m.profile->terminal_resource_ids.empty()) return;
        const auto& here = m.profile->terminal_resource_ids;
        ResourceFilter filter;
        filter.id = kTerminalFilter;
        filter.target_id = "workbench.filter.terminal";
        const auto& steps = m.view->view.work_steps;
        for (std::size_t t = 0; t < tiles_.size(); ++t) {
            if (std::find(here.begin(), here.end(), steps[tiles_[t].index].resource_id) !=
                here.end())
                filter.tiles.push_back(t);
        }
        filter.label =
            format_text(ctx.tr("workbench.filter_terminal"), {std::to_string(filter.tiles.size())});
        filters_.insert(filters_.begin() + 1, std::move(filter));
    }

    void make_texts(const FrameContext& ctx, Tile& tile) const {
        const plan::ViewWorkStep& w = ctx.model.view->view.work_steps[tile.index];
        const plan::WorkStepColumns columns = ctx.model.profile != nullptr
                                                  ? ctx.model.profile->work_step_columns
                                                  : plan::WorkStepColumns::all();
        const auto chosen = [&](WorkStepColumn c) { return columns.contains(c); };
        // The title says what to do (the operation); the order number, which the run card
        // carries, leads the second line. Without those columns: the id.
        const bool has_order = w.order_number && chosen(WorkStepColumn::order_number);
        const bool has_operation = w.operation && chosen(WorkStepColumn::operation);
        tile.title = has_operation ? *w.operation : has_order ? *w.order_number : w.id;
        if (has_operation && has_order) tile.line2 = *w.order_number;
        if (w.article && chosen(WorkStepColumn::article)) {
            if (!tile.line2.empty()) tile.line2 += kSeparator;
            tile.line2 += *w.article;
        }
        if (w.quantity && chosen(WorkStepColumn::quantity)) {
            if (!tile.line2.empty()) tile.line2 += kSeparator;
            tile.line2 += format_text(ctx.tr("workbench.pieces"), {std::to_string(*w.quantity)});
        }
        // The times first: where the line is cut short, the resource's name loses its end, not
        // the planned end (issue 17 item 4).
        if (w.planned_start && chosen(WorkStepColumn::planned_start)) {
            tile.line3 = day_time(*w.planned_start, ctx.tr);
            if (w.planned_end && chosen(WorkStepColumn::planned_end))
                tile.line3 += " \xE2\x80\x93 " + clock_hm(*w.planned_end);  // –
        }
        if (w.resource_name && chosen(WorkStepColumn::resource_name)) {
            if (!tile.line3.empty()) tile.line3 += kSeparator;
            tile.line3 += *w.resource_name;
        }
        if (!w.operators.empty())
            tile.people =
                format_text(ctx.tr("workbench.people"), {std::to_string(w.operators.size())});
        tile.texts_ready = true;
    }

    // ---- [SECTION] Filter bar ----------------------------------------------------------------

    void draw_filters(FrameContext& ctx) {
        if (filters_.size() <= 1) return;  // no own resource: nothing to filter by
        const ImGuiStyle& style = ImGui::GetStyle();
        const float target = ctx.metrics.target;
        ImGui::BeginChild("##workbench_filters", {0, target + style.ItemSpacing.y}, false,
                          ImGuiWindowFlags_HorizontalScrollbar | ImGuiWindowFlags_NoScrollbar);
        for (std::size_t f = 0; f < filters_.size(); ++f) {
            if (f > 0) ImGui::SameLine();
            const ResourceFilter& filter = filters_[f];
            const float w = std::max(target * 2.5f, ImGui::CalcTextSize(filter.label.c_str()).x +
                                                        style.FramePadding.x * 2);
            if (list_button(ctx, filter.target_id, filter.label, {w, target}, true,
                            f == filter_ ? ButtonKind::selected : ButtonKind::normal) &&
                tap_not_drag()) {
                filter_ = f;
                filter_id_ = filter.id;
                scroll_to_top_ = true;
            }
        }
        filter_scroll_.update();  // more resources than fit: drag the bar sideways
        draw_more_filters_marks(ctx);
        ImGui::EndChild();
    }

    /// Where the bar holds more than fits, a shaded edge with a chevron on that side says so
    /// (issue 17 item 4: nothing told the operator the bar scrolls).
    void draw_more_filters_marks(const FrameContext& ctx) {
        const float scroll = ImGui::GetScrollX();
        const float max = ImGui::GetScrollMaxX();
        if (max < 1.0f) return;  // everything fits (less than a pixel over)
        ImDrawList* draw = ImGui::GetWindowDrawList();
        const ImVec2 top = ImGui::GetWindowPos();
        const ImVec2 size = ImGui::GetWindowSize();
        const float fade = ctx.metrics.target;
        const ImU32 solid = ImGui::GetColorU32(colors::background());
        ImVec4 transparent = colors::background();
        transparent.w = 0.0f;
        const ImU32 clear = ImGui::GetColorU32(transparent);
        const ImU32 mark = ImGui::GetColorU32(colors::text());
        ImFont* font = ctx.fonts.large;
        const float glyph = font->FontSize;
        const float y = top.y + (ctx.metrics.target - glyph) * 0.5f;  // on the buttons' middle
        if (scroll < max - 1) {                                       // more on the right
            const float right = top.x + size.x;
            draw->AddRectFilledMultiColor({right - fade, top.y}, {right, top.y + size.y}, clear,
                                          solid, solid, clear);
            draw->AddText(font, glyph, {right - glyph, y}, mark, "\xE2\x96\xB8");  // ▸
        }
        if (scroll > 1) {  // more on the left
            draw->AddRectFilledMultiColor({top.x, top.y}, {top.x + fade, top.y + size.y}, solid,
                                          clear, clear, solid);
            draw->AddText(font, glyph, {top.x + glyph * 0.2f, y}, mark, "\xE2\x97\x82");  // ◂
        }
    }

    // ---- [SECTION] Grid ----------------------------------------------------------------------

    struct Layout {
        int columns = 1;
        float tile_w = 0;
        float tile_h = 0;
        float title_h = 0;
        float line_h = 0;
        float gap = 0;
    };

    [[nodiscard]] Layout layout(const FrameContext& ctx, float width) const {
        Layout l;
        l.gap = ctx.metrics.pad;
        const float min_w = ctx.metrics.target * 7.5f;
        l.columns = std::max(1, static_cast<int>((width + l.gap) / (min_w + l.gap)));
        l.columns = std::min(l.columns, 4);
        l.tile_w =
            (width - l.gap * static_cast<float>(l.columns - 1)) / static_cast<float>(l.columns);
        ImGui::PushFont(ctx.fonts.large);
        l.title_h = ImGui::GetTextLineHeight();
        ImGui::PopFont();
        l.line_h = ImGui::GetTextLineHeight();
        l.tile_h = std::max(ctx.metrics.target * 2.0f,
                            ctx.metrics.pad * 2.5f + l.title_h + l.line_h * 3 + 6);
        return l;
    }

    void draw_grid(FrameContext& ctx, const std::vector<std::size_t>& shown) {
        if (shown.empty()) {
            const bool mine = filters_[filter_].id == kMineFilter;
            empty_state(
                ctx, ctx.tr(mine ? "workbench.mine_empty_title" : "workbench.filter_empty_title"),
                ctx.tr(mine ? "workbench.mine_empty_text" : "workbench.filter_empty_text"));
            return;
        }
        ImGui::BeginChild("##workbench_grid", {0, 0}, false);
        if (scroll_to_top_) {
            ImGui::SetScrollY(0);
            scroll_to_top_ = false;
        }
        ImDrawList* draw = ImGui::GetWindowDrawList();
        const Layout l = layout(ctx, ImGui::GetContentRegionAvail().x);
        const int rows = static_cast<int>((shown.size() + static_cast<std::size_t>(l.columns) - 1) /
                                          static_cast<std::size_t>(l.columns));
        any_running_ = false;
        ImGuiListClipper clipper;
        clipper.Begin(rows, l.tile_h + l.gap);
        while (clipper.Step()) {
            for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
                const ImVec2 row_top = ImGui::GetCursorScreenPos();
                for (int c = 0; c < l.columns; ++c) {
                    const std::size_t k =
                        static_cast<std::size_t>(r) * static_cast<std::size_t>(l.columns) +
                        static_cast<std::size_t>(c);
                    if (k >= shown.size()) break;
                    const ImVec2 top{row_top.x + static_cast<float>(c) * (l.tile_w + l.gap),
                                     row_top.y};
                    draw_tile(ctx, draw, tiles_[shown[k]], top, l);
                }
                ImGui::SetCursorScreenPos(row_top);
                ImGui::Dummy({ImGui::GetContentRegionAvail().x,
                              l.tile_h + l.gap - ImGui::GetStyle().ItemSpacing.y});
            }
        }
        clipper.End();
        scroll_.update();
        ImGui::EndChild();
    }

    void draw_tile(FrameContext& ctx, ImDrawList* draw, Tile& tile, ImVec2 top, const Layout& l) {
        if (!tile.texts_ready) make_texts(ctx, tile);
        const UiModel& m = ctx.model;
        const plan::ViewWorkStep& w = m.view->view.work_steps[tile.index];
        const float pad = ctx.metrics.pad;
        const float rounding = ImGui::GetStyle().FrameRounding;
        const ImVec2 bottom{top.x + l.tile_w, top.y + l.tile_h};
        const bool late = is_late(w, m.now);
        const bool done = group_of(w) == 2;

        // The tile is one button: pressed on release, and only when the finger did not drag.
        ImGui::SetCursorScreenPos(top);
        ImGui::PushID(static_cast<int>(tile.index));
        const bool released = ImGui::InvisibleButton("##tile", {l.tile_w, l.tile_h});
        ImGui::PopID();
        const bool held = ImGui::IsItemActive();
        if (released && tap_not_drag()) ctx.emit(app::intent::OpenWorkStep{w.id});
        record_tile(ctx, w, tile, top, bottom);

        ImVec4 background = colors::panel();
        if (held) background = ImGui::GetStyle().Colors[ImGuiCol_ButtonActive];
        draw->AddRectFilled(top, bottom, ImGui::GetColorU32(background), rounding);
        if (late)
            draw->AddRect(top, bottom, ImGui::GetColorU32(colors::error()), rounding, 0, 3.0f);
        draw->AddRectFilled(top, {top.x + pad * 0.6f, bottom.y},
                            ImGui::GetColorU32(status_color(w.status)), rounding,
                            ImDrawFlags_RoundCornersLeft);

        // Top right: the status chip.
        const char* status = status_text(w.status, ctx.tr);
        const ImVec2 status_size = ImGui::CalcTextSize(status);
        const float chip_x = bottom.x - pad - status_size.x - pad * 1.2f;
        const float y1 = top.y + pad;
        draw->AddRectFilled({chip_x, y1}, {bottom.x - pad, y1 + status_size.y + 6},
                            ImGui::GetColorU32(status_color(w.status)), rounding);
        draw->AddText({chip_x + pad * 0.6f, y1 + 3}, ImGui::GetColorU32(colors::text()), status);

        const float x0 = top.x + pad * 1.8f;
        const float right = bottom.x - pad;
        tile_mark_ = ctx.tr("changes.mark");
        ImGui::PushFont(ctx.fonts.large);
        text_ellipsis(draw, {x0, y1}, chip_x - pad, tile.title,
                      ImGui::GetColorU32(done ? colors::text_dim() : colors::text()));
        ImGui::PopFont();
        float y = y1 + l.title_h + 4;
        text_ellipsis(draw, {x0, y}, right, tile.line2, ImGui::GetColorU32(colors::text_dim()));
        y += l.line_h;
        text_ellipsis(draw, {x0, y}, right, tile.line3,
                      ImGui::GetColorU32(late ? colors::error() : colors::text_dim()));
        y += l.line_h;

        // Bottom line: the running clock; late, not yet confirmed, view only.
        float x = x0;
        const auto note = [&](std::string_view text, const ImVec4& color) {
            if (text.empty() || x >= right) return;
            text_ellipsis(draw, {x, y}, right, text, ImGui::GetColorU32(color));
            x += ImGui::CalcTextSize(text.data(), text.data() + text.size()).x + pad * 1.5f;
        };
        if (w.status == WorkStepStatus::in_progress && m.running_since != nullptr) {
            if (const auto it = m.running_since->find(w.id); it != m.running_since->end()) {
                const auto elapsed =
                    std::max(std::chrono::seconds{0},
                             std::chrono::duration_cast<std::chrono::seconds>(m.now - it->second));
                const auto h = elapsed.count() / 3600;
                const auto min = (elapsed.count() / 60) % 60;
                const auto s = elapsed.count() % 60;
                if (h > 0)
                    clock_.format("%lld:%02lld:%02lld", static_cast<long long>(h),
                                  static_cast<long long>(min), static_cast<long long>(s));
                else
                    clock_.format("%lld:%02lld", static_cast<long long>(min),
                                  static_cast<long long>(s));
                note(clock_.view(), colors::running());
                any_running_ = true;
            }
        }
        // Changed since the operator's last logout, until opened (product.md §8).
        if (m.marked_steps != nullptr && m.marked_steps->contains(w.id)) {
            draw->AddRectFilled({x - pad * 0.3f, y - 1},
                                {x + ImGui::CalcTextSize(tile_mark_).x + pad * 0.3f,
                                 y + ImGui::GetTextLineHeight() + 1},
                                ImGui::GetColorU32(colors::accent()), rounding);
            note(tile_mark_, colors::text());
        }
        note(tile.people, colors::text());
        if (late) note(ctx.tr("workbench.late"), colors::error());
        if (m.view->unconfirmed_work_steps.contains(w.id))
            note(ctx.tr("workbench.unconfirmed"), colors::warn());
        if (!w.feedback_allowed && !done) note(ctx.tr("workbench.view_only"), colors::text_dim());
    }

    /// A tile is a target where a finger fits on its visible part.
    void record_tile(FrameContext& ctx, const plan::ViewWorkStep& w, const Tile& tile, ImVec2 top,
                     ImVec2 bottom) {
        ImRect visible(top, bottom);
        visible.ClipWithFull(ImGui::GetCurrentWindow()->ClipRect);
        const float target = ctx.metrics.target - 0.5f;
        if (visible.GetWidth() < target || visible.GetHeight() < target) return;
        ctx.targets.add(id_.format("tile.%s", w.id.c_str()), tile.title, visible.Min.x,
                        visible.Min.y, visible.GetWidth(), visible.GetHeight(), true);
    }

    TilesKey key_;
    const char* tile_mark_ = "";
    std::vector<Tile> tiles_;
    std::vector<ResourceFilter> filters_;
    std::size_t filter_ = 0;
    /// The filter the operator chose (empty: All), kept across refreshes; none chosen yet: the
    /// default.
    std::optional<std::string> filter_id_;
    bool scroll_to_top_ = false;
    FingerScroll scroll_;
    FingerScroll filter_scroll_;
    bool any_running_ = false;
    TextBuffer<48> clock_;
    TextBuffer<160> id_;
};

}  // namespace

template <>
std::unique_ptr<ScreenView> make_screen<app::Screen::workbench_terminal>() {
    return std::make_unique<WorkbenchTerminalScreen>();
}

}  // namespace pt::ui
