// The attention screen (product.md §4): every event the central plan refused, so an operator
// sees that a report did not count — what was reported, on which work step or process, why it
// was refused (the server's reason in words) and when. Newest first; a calm message when there
// is nothing. Texts are made once when the list, the language or the minute changes.
#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "ui/format.h"
#include "ui/screens/screen_common.h"
#include "ui/screens/screens.h"

namespace pt::ui {
namespace {

struct AttentionRow {
    std::string type;         ///< "Finish reported"
    std::string target;       ///< "W3 · PO-2026-0001 · Pulverbeschichten"
    std::string reason;       ///< "Refused: …"
    std::string when;         ///< "Tue 10.03. 08:55 (47 min ago)"
    std::string target_when;  ///< both, for a narrow screen
};

/// `work_step.finished` → the key `attention.type_work_step_finished`.
std::string type_key(std::string_view type) {
    std::string key = "attention.type_";
    for (const char c : type)
        key += c == '.' ? '_' : c;
    return key;
}

/// What the target is, in the words of the view when it is still there.
std::string describe_target(const plan::OptimisticView* view, const std::string& id) {
    std::string text = id;
    if (view == nullptr) return text;
    for (const auto& w : view->view.work_steps) {
        if (w.id != id) continue;
        if (w.order_number) text += kSeparator + *w.order_number;
        if (w.operation) text += kSeparator + *w.operation;
        return text;
    }
    for (const auto& p : view->view.processes) {
        if (p.id != id) continue;
        if (p.order_number) text += kSeparator + *p.order_number;
        if (p.name) text += kSeparator + *p.name;
        return text;
    }
    return text;
}

class AttentionScreen final : public ScreenView {
public:
    void draw(FrameContext& ctx) override {
        refresh(ctx);
        if (rows_.empty()) {
            empty_state(ctx, ctx.tr("attention.empty_title"), ctx.tr("attention.empty_text"));
            return;
        }
        ImGui::PushStyleColor(ImGuiCol_Text, colors::warn());
        ImGui::TextWrapped("%s", ctx.tr("attention.explanation"));
        ImGui::PopStyleColor();

        const ImGuiStyle& style = ImGui::GetStyle();
        const float pad = ctx.metrics.pad;
        ImGui::PushFont(ctx.fonts.large);
        const float title_h = ImGui::GetTextLineHeight();
        ImGui::PopFont();
        const float line_h = ImGui::GetTextLineHeight();
        const float row_h = title_h + line_h * 2 + pad * 4;

        ImGui::BeginChild("##attention_list", {0, 0}, false);
        ImDrawList* draw = ImGui::GetWindowDrawList();
        const float width = ImGui::GetContentRegionAvail().x;
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(rows_.size()), row_h + style.ItemSpacing.y);
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const AttentionRow& row = rows_[static_cast<std::size_t>(i)];
                const ImVec2 top = ImGui::GetCursorScreenPos();
                const ImVec2 bottom{top.x + width, top.y + row_h};
                draw->AddRectFilled(top, bottom, ImGui::GetColorU32(colors::panel()),
                                    style.FrameRounding);
                draw->AddRectFilled(top, {top.x + pad * 0.6f, bottom.y},
                                    ImGui::GetColorU32(colors::error()), style.FrameRounding,
                                    ImDrawFlags_RoundCornersLeft);
                const float x = top.x + pad * 2;
                const float right = bottom.x - pad;
                float y = top.y + pad;
                // Line 1: what was reported, and when (right-aligned, dim).
                const float when_w = ImGui::CalcTextSize(row.when.c_str()).x;
                const bool when_fits = x + when_w + pad * 12 < right;
                if (when_fits) {
                    draw->AddText({right - when_w, y + (title_h - line_h) * 0.5f},
                                  ImGui::GetColorU32(colors::text_dim()), row.when.c_str());
                }
                ImGui::PushFont(ctx.fonts.large);
                text_ellipsis(draw, {x, y}, when_fits ? right - when_w - pad : right, row.type,
                              ImGui::GetColorU32(colors::text()));
                ImGui::PopFont();
                y += title_h + pad;
                // Line 2: on what (and the time when line 1 has no room for it).
                text_ellipsis(draw, {x, y}, right, when_fits ? row.target : row.target_when,
                              ImGui::GetColorU32(colors::text_dim()));
                y += line_h + pad;
                // Line 3: why it did not count.
                text_ellipsis(draw, {x, y}, right, row.reason, ImGui::GetColorU32(colors::error()));
                ImGui::Dummy({width, row_h});
            }
        }
        clipper.End();
        drag_.update();
        ImGui::EndChild();
    }

    void reset() override {
        rows_.clear();
        first_id_.clear();
        last_id_.clear();
        count_ = 0;
        tr_ = nullptr;
        minute_ = -1;
        drag_ = {};
    }

private:
    void refresh(const FrameContext& ctx) {
        const auto& items = ctx.model.attention;
        const std::int64_t minute = minute_of(ctx.model.now);
        const bool same = items.size() == count_ && &ctx.tr == tr_ && minute == minute_ &&
                          ctx.model.view == view_ &&
                          (items.empty() || (items.front().event_id == first_id_ &&
                                             items.back().event_id == last_id_));
        if (same) return;
        count_ = items.size();
        tr_ = &ctx.tr;
        minute_ = minute;
        view_ = ctx.model.view;
        first_id_ = items.empty() ? std::string() : items.front().event_id;
        last_id_ = items.empty() ? std::string() : items.back().event_id;

        std::vector<const AttentionItem*> sorted;
        sorted.reserve(items.size());
        for (const auto& item : items)
            sorted.push_back(&item);
        std::stable_sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) {
            return a->recorded_at > b->recorded_at;
        });
        rows_.clear();
        rows_.reserve(sorted.size());
        for (const AttentionItem* item : sorted) {
            AttentionRow row;
            const std::string type = type_key(item->type);
            row.type = ctx.tr.has(type) ? ctx.tr(type) : item->type;
            row.target = describe_target(ctx.model.view, item->target_id);
            const std::string reason = "attention.reason_" + item->reason;
            row.reason = ctx.tr.has(reason)
                             ? std::string(ctx.tr(reason))
                             : format_text(ctx.tr("attention.reason_other"), {item->reason});
            row.when = day_time(item->recorded_at, ctx.tr) + " (" +
                       ago(item->recorded_at, ctx.model.now, ctx.tr) + ")";
            row.target_when = row.target + kSeparator + row.when;
            rows_.push_back(std::move(row));
        }
    }

    std::vector<AttentionRow> rows_;
    // What the rows were made from (compared without allocating).
    std::string first_id_;
    std::string last_id_;
    std::size_t count_ = 0;
    const Translations* tr_ = nullptr;
    const plan::OptimisticView* view_ = nullptr;
    std::int64_t minute_ = -1;
    DragScroll drag_;
};

}  // namespace

template <>
std::unique_ptr<ScreenView> make_screen<app::Screen::attention>() {
    return std::make_unique<AttentionScreen>();
}

}  // namespace pt::ui
