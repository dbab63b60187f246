// What changed since the operator's last logout here (product.md §8, handover): the partner's
// own work steps that are new, moved, re-timed, with another quantity, finished or moved on by
// someone else, or with new notes. Shown first after a login when there is anything; a tap opens
// the step (which then is marked no more on the tiles). Rows are made once per change of the
// view, the marks or the language.
#include <imgui.h>

#include <string>
#include <vector>

#include "ui/format.h"
#include "ui/screens/screen_common.h"
#include "ui/screens/screens.h"

namespace pt::ui {
namespace {

struct ChangeRow {
    std::string work_step_id;
    std::string label;  ///< two lines: the step, then what changed
    bool opened = false;
};

class ChangesScreen final : public ScreenView {
public:
    void draw(FrameContext& ctx) override {
        refresh(ctx);
        const UiModel& m = ctx.model;
        if (m.changes == nullptr || rows_.empty()) {
            const bool first = m.changes == nullptr;
            empty_state(ctx, ctx.tr(first ? "changes.first_title" : "changes.none_title"),
                        ctx.tr(first ? "changes.first_text" : "changes.none_text"));
            return;
        }
        const float target = ctx.metrics.target;
        const ImGuiStyle& style = ImGui::GetStyle();
        const float avail_w = ImGui::GetContentRegionAvail().x;
        const char* go = ctx.tr("changes.continue");
        const float go_w =
            std::max(target * 4, ImGui::CalcTextSize(go).x + style.FramePadding.x * 2);
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::PushFont(ctx.fonts.large);
        text_ellipsis(
            ImGui::GetWindowDrawList(), {at.x, at.y + (target - ImGui::GetTextLineHeight()) * 0.5f},
            at.x + avail_w - go_w - ctx.metrics.pad, title_, ImGui::GetColorU32(colors::text()));
        ImGui::PopFont();
        ImGui::SetCursorScreenPos({at.x + avail_w - go_w, at.y});
        if (touch_button(ctx, "changes.continue", go, {go_w, target}, true, ButtonKind::primary))
            ctx.emit(app::intent::Navigate{app::Screen::workbench_terminal});
        ImGui::Dummy({0, ctx.metrics.pad * 0.5f});

        ImGui::BeginChild("##changes", {0, 0}, false);
        const float row_h =
            ImGui::GetTextLineHeight() * 2 + style.FramePadding.y * 2 + ctx.metrics.pad;
        ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, {0.0f, 0.5f});
        for (const ChangeRow& row : rows_) {
            id_.format("changes.%s", row.work_step_id.c_str());
            if (list_button(ctx, id_.view(), row.label, {ImGui::GetContentRegionAvail().x, row_h},
                            true, row.opened ? ButtonKind::quiet : ButtonKind::normal)) {
                ctx.emit(app::intent::OpenWorkStep{row.work_step_id});
            }
        }
        ImGui::PopStyleVar();
        drag_.update();
        ImGui::EndChild();
    }

    void reset() override {
        rows_.clear();
        key_ = {};
    }

private:
    struct Key {
        const std::vector<plan::ChangedStep>* changes = nullptr;
        std::size_t marked = 0;
        std::uint64_t view_version = 0;
        const Translations* tr = nullptr;
        bool operator==(const Key&) const = default;
    };

    void refresh(const FrameContext& ctx) {
        const UiModel& m = ctx.model;
        Key key{m.changes, m.marked_steps != nullptr ? m.marked_steps->size() : 0, m.view_version,
                &ctx.tr};
        if (key == key_) return;
        key_ = key;
        rows_.clear();
        if (m.changes == nullptr || m.view == nullptr) return;
        const auto& steps = m.view->view.work_steps;
        for (const plan::ChangedStep& c : *m.changes) {
            const auto step = std::lower_bound(
                steps.begin(), steps.end(), c.work_step_id,
                [](const plan::ViewWorkStep& w, const std::string& id) { return w.id < id; });
            if (step == steps.end() || step->id != c.work_step_id) continue;  // gone since
            ChangeRow row;
            row.work_step_id = c.work_step_id;
            row.opened = m.marked_steps == nullptr || !m.marked_steps->contains(c.work_step_id);
            std::string what;
            const auto add = [&](std::string text) {
                what += (what.empty() ? "" : kSeparator) + text;
            };
            using plan::StepChange;
            if (c.changes.contains(StepChange::added)) add(ctx.tr("changes.added"));
            if (c.changes.contains(StepChange::moved)) add(ctx.tr("changes.moved"));
            if (c.changes.contains(StepChange::re_timed)) add(ctx.tr("changes.re_timed"));
            if (c.changes.contains(StepChange::quantity)) add(ctx.tr("changes.quantity"));
            if (c.changes.contains(StepChange::finished)) add(ctx.tr("changes.finished"));
            if (c.changes.contains(StepChange::status))
                add(format_text(ctx.tr("changes.status"), {status_text(step->status, ctx.tr)}));
            if (c.changes.contains(StepChange::notes)) {
                add(c.new_notes == 1
                        ? std::string(ctx.tr("changes.note"))
                        : format_text(ctx.tr("changes.notes"), {std::to_string(c.new_notes)}));
            }
            if (row.opened) add(ctx.tr("changes.opened"));
            std::string title = step->order_number ? *step->order_number : step->id;
            if (step->operation) title += kSeparator + *step->operation;
            if (step->order_number) title += kSeparator + step->id;
            row.label = title + "\n" + what;
            rows_.push_back(std::move(row));
        }
        title_ = format_text(ctx.tr("changes.title"), {std::to_string(rows_.size())});
    }

    Key key_;
    std::vector<ChangeRow> rows_;
    std::string title_;
    TextBuffer<96> id_;
    DragScroll drag_;
};

}  // namespace

template <>
std::unique_ptr<ScreenView> make_screen<app::Screen::changes>() {
    return std::make_unique<ChangesScreen>();
}

}  // namespace pt::ui
