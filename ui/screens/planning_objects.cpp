// The planning objects screen (product.md §3): the orders of Related(P) as an indented tree
// (sub-orders under their parent), each with number, article, quantity, due date (red once it
// has passed while work is left) and its progress — finished of all its work steps in the view
// — as a bar. Read-only.
//
// [SECTION] Rows: the tree flattened once per view / language change; "late" per minute.
// [SECTION] List: virtualised with ImGuiListClipper; rows drawn from cached texts only.
#include <imgui.h>

#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "ui/format.h"
#include "ui/screens/screen_common.h"
#include "ui/screens/screens.h"

namespace pt::ui {
namespace {

struct ObjectRow {
    std::size_t order = 0;  ///< into view.orders
    std::size_t depth = 0;  ///< 0 for a top-level order (or one whose parent is not in view)
    std::string quantity;   ///< "Qty 250"
    std::string due;        ///< "Due Tue 10.03. 14:00"
    std::string progress;   ///< "3 / 4"; empty without work steps
    plan::Timestamp due_at{};
    std::size_t finished = 0;
    std::size_t total = 0;  ///< work steps in the view, cancelled ones left out
    [[nodiscard]] bool complete() const { return total > 0 && finished == total; }
};

class PlanningObjectsScreen final : public ScreenView {
public:
    void draw(FrameContext& ctx) override {
        refresh(ctx);
        if (rows_.empty()) {
            empty_state(ctx, ctx.tr("orders.empty_title"), ctx.tr("orders.empty_text"));
            return;
        }
        colored_text(late_ > 0 ? colors::error() : colors::text_dim(), summary_);
        draw_list(ctx);
    }

    void reset() override {
        key_ = {};
        minute_ = -1;
        rows_.clear();
        drag_ = {};
    }

private:
    // ---- [SECTION] Rows ------------------------------------------------------------------

    void refresh(const FrameContext& ctx) {
        const ViewKey key = view_key(ctx);
        const std::int64_t minute = minute_of(ctx.model.now);
        if (key == key_ && minute == minute_) return;
        if (key != key_) build(ctx);
        key_ = key;
        minute_ = minute;
        late_ = 0;
        for (const ObjectRow& row : rows_)
            if (late(row, ctx.model.now)) ++late_;
        summary_ = late_ > 0
                       ? format_text(ctx.tr("orders.summary_late"),
                                     {std::to_string(rows_.size()), std::to_string(late_)})
                       : format_text(ctx.tr("orders.summary"), {std::to_string(rows_.size())});
    }

    static bool late(const ObjectRow& row, TimePoint now) {
        return !row.complete() && row.due_at < now;
    }

    void build(const FrameContext& ctx) {
        rows_.clear();
        const plan::OptimisticView* v = ctx.model.view;
        if (v == nullptr) return;
        const auto& orders = v->view.orders;

        // Progress: finished of all (not cancelled) work steps, per order.
        std::unordered_map<std::string_view, std::pair<std::size_t, std::size_t>> steps;
        for (const auto& w : v->view.work_steps) {
            if (w.status == plan::WorkStepStatus::cancelled) continue;
            auto& [finished, total] = steps[w.order_id];
            ++total;
            finished += w.status == plan::WorkStepStatus::finished ? 1 : 0;
        }

        // The tree: children under their parent, both by number; a sub-order whose parent is
        // not in the view stands at the top.
        std::unordered_map<std::string_view, std::size_t> index;
        for (std::size_t i = 0; i < orders.size(); ++i)
            index.emplace(orders[i].id, i);
        std::unordered_map<std::size_t, std::vector<std::size_t>> children;
        std::vector<std::size_t> roots;
        for (std::size_t i = 0; i < orders.size(); ++i) {
            const auto& parent = orders[i].parent_id;
            const auto it = parent ? index.find(*parent) : index.end();
            if (it == index.end() || it->second == i) {
                roots.push_back(i);
            } else {
                children[it->second].push_back(i);
            }
        }
        const auto by_number = [&](std::size_t a, std::size_t b) {
            return orders[a].number < orders[b].number;
        };
        std::sort(roots.begin(), roots.end(), by_number);
        for (auto& [parent, list] : children)
            std::sort(list.begin(), list.end(), by_number);

        // Depth first, without recursion; `seen` guards against a cycle in bad data.
        std::unordered_set<std::size_t> seen;
        std::vector<std::pair<std::size_t, std::size_t>> stack;  // order, depth
        rows_.reserve(orders.size());
        for (auto r = roots.rbegin(); r != roots.rend(); ++r)
            stack.emplace_back(*r, 0);
        while (!stack.empty()) {
            const auto [i, depth] = stack.back();
            stack.pop_back();
            if (!seen.insert(i).second) continue;
            rows_.push_back(make_row(ctx, orders[i], i, depth, steps));
            if (const auto it = children.find(i); it != children.end()) {
                for (auto c = it->second.rbegin(); c != it->second.rend(); ++c)
                    stack.emplace_back(*c, depth + 1);
            }
        }
    }

    static ObjectRow make_row(
        const FrameContext& ctx, const plan::ViewOrder& order, std::size_t i, std::size_t depth,
        const std::unordered_map<std::string_view, std::pair<std::size_t, std::size_t>>& steps) {
        ObjectRow row;
        row.order = i;
        row.depth = depth;
        row.quantity = format_text(ctx.tr("orders.quantity"), {std::to_string(order.quantity)});
        row.due = format_text(ctx.tr("orders.due"), {day_time(order.due, ctx.tr)});
        row.due_at = order.due;
        if (const auto it = steps.find(order.id); it != steps.end()) {
            row.finished = it->second.first;
            row.total = it->second.second;
            row.progress = std::to_string(row.finished) + " / " + std::to_string(row.total);
        }
        return row;
    }

    // ---- [SECTION] List ------------------------------------------------------------------

    void draw_list(FrameContext& ctx) {
        const ImGuiStyle& style = ImGui::GetStyle();
        const float pad = ctx.metrics.pad;
        ImGui::PushFont(ctx.fonts.large);
        const float title_h = ImGui::GetTextLineHeight();
        ImGui::PopFont();
        const float line_h = ImGui::GetTextLineHeight();
        const float row_h = title_h + line_h + pad * 3;

        ImGui::BeginChild("##orders", {0, 0}, false);
        ImDrawList* draw = ImGui::GetWindowDrawList();
        const float width = ImGui::GetContentRegionAvail().x;
        const float bar_w =
            std::clamp(width * 0.25f, ctx.metrics.target * 2.5f, ctx.metrics.target * 5);
        const auto& orders = ctx.model.view->view.orders;
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(rows_.size()), row_h + style.ItemSpacing.y);
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const ObjectRow& row = rows_[static_cast<std::size_t>(i)];
                const plan::ViewOrder& order = orders[row.order];
                const ImVec2 top = ImGui::GetCursorScreenPos();
                // Sub-orders step in; deep trees stop stepping at a third of the width.
                const float indent =
                    std::min(static_cast<float>(row.depth) * pad * 3.5f, width * 0.3f);
                const ImVec2 left{top.x + indent, top.y};
                const ImVec2 bottom{top.x + width, top.y + row_h};
                draw->AddRectFilled(left, bottom, ImGui::GetColorU32(colors::panel()),
                                    style.FrameRounding);
                if (row.depth > 0) {
                    // A short elbow from the parent's side.
                    const ImU32 dim = ImGui::GetColorU32(colors::text_dim());
                    const float x = left.x - pad * 1.75f;
                    draw->AddLine({x, top.y - style.ItemSpacing.y}, {x, top.y + row_h * 0.5f}, dim,
                                  2.0f);
                    draw->AddLine({x, top.y + row_h * 0.5f}, {left.x, top.y + row_h * 0.5f}, dim,
                                  2.0f);
                }
                draw_row(ctx, draw, row, order, left, bottom, title_h, bar_w);
                ImGui::Dummy({width, row_h});
            }
        }
        clipper.End();
        drag_.update();
        ImGui::EndChild();
    }

    void draw_row(const FrameContext& ctx, ImDrawList* draw, const ObjectRow& row,
                  const plan::ViewOrder& order, ImVec2 left, ImVec2 bottom, float title_h,
                  float bar_w) const {
        const float pad = ctx.metrics.pad;
        const float line_h = ImGui::GetTextLineHeight();
        const float rounding = ImGui::GetStyle().FrameRounding * 0.5f;

        // Right: the progress bar with "finished / total" on it.
        const ImVec2 bar_min{bottom.x - pad - bar_w,
                             left.y + (bottom.y - left.y - line_h) * 0.5f - pad * 0.5f};
        const ImVec2 bar_max{bottom.x - pad, bar_min.y + line_h + pad};
        const float text_right = bar_min.x - pad * 2;
        if (row.total > 0) {
            draw->AddRectFilled(bar_min, bar_max, ImGui::GetColorU32(colors::background()),
                                rounding);
            const float share = static_cast<float>(row.finished) / static_cast<float>(row.total);
            if (share > 0) {
                draw->AddRectFilled(
                    bar_min, {bar_min.x + (bar_max.x - bar_min.x) * share, bar_max.y},
                    ImGui::GetColorU32(row.complete() ? colors::ok() : colors::running()),
                    rounding);
            }
            const float w = ImGui::CalcTextSize(row.progress.c_str()).x;
            draw->AddText({(bar_min.x + bar_max.x - w) * 0.5f, bar_min.y + pad * 0.5f},
                          ImGui::GetColorU32(colors::text()), row.progress.c_str());
        } else {
            text_ellipsis(draw, {bar_min.x, bar_min.y + pad * 0.5f}, bar_max.x,
                          ctx.tr("orders.no_work_steps"), ImGui::GetColorU32(colors::text_dim()));
        }

        // Line 1: number (large), article.
        const float x0 = left.x + pad;
        const float y1 = left.y + pad;
        ImGui::PushFont(ctx.fonts.large);
        const float number_w = ImGui::CalcTextSize(order.number.c_str()).x;
        text_ellipsis(draw, {x0, y1}, text_right, order.number, ImGui::GetColorU32(colors::text()));
        ImGui::PopFont();
        const float article_x = x0 + number_w + pad * 2;
        if (article_x < text_right) {
            text_ellipsis(draw, {article_x, y1 + (title_h - line_h) * 0.5f}, text_right,
                          order.article, ImGui::GetColorU32(colors::text()));
        }
        // Line 2: quantity, due (red and marked when late).
        const float y2 = y1 + title_h + pad;
        text_ellipsis(draw, {x0, y2}, text_right, row.quantity,
                      ImGui::GetColorU32(colors::text_dim()));
        const float due_x = x0 + ImGui::CalcTextSize(row.quantity.c_str()).x + pad * 3;
        if (due_x >= text_right) return;
        const bool is_late = late(row, ctx.model.now);
        text_ellipsis(draw, {due_x, y2}, text_right, row.due,
                      ImGui::GetColorU32(is_late ? colors::error() : colors::text_dim()));
        if (!is_late) return;
        const float late_x = due_x + ImGui::CalcTextSize(row.due.c_str()).x + pad * 2;
        const char* mark = ctx.tr("orders.late");
        const float mark_w = ImGui::CalcTextSize(mark).x;
        if (late_x + mark_w + pad > text_right) return;
        draw->AddRectFilled({late_x, y2 - 1}, {late_x + mark_w + pad, y2 + line_h + 1},
                            ImGui::GetColorU32(colors::error()), rounding);
        draw->AddText({late_x + pad * 0.5f, y2}, ImGui::GetColorU32(colors::text()), mark);
    }

    ViewKey key_;
    std::int64_t minute_ = -1;
    std::vector<ObjectRow> rows_;  ///< the tree, depth first
    std::size_t late_ = 0;
    std::string summary_;
    DragScroll drag_;
};

}  // namespace

template <>
std::unique_ptr<ScreenView> make_screen<app::Screen::planning_objects>() {
    return std::make_unique<PlanningObjectsScreen>();
}

}  // namespace pt::ui
