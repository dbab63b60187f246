// The processes screen (product.md §3, shown with allow_process_feedback): the processes of the
// partner's related orders with the columns the administrator chose (R9), each with its status,
// "not yet confirmed" while a report of it is on its way, and — where feedback is allowed and
// the process is open or in progress — "In progress" / "Done" buttons. Either opens a small
// panel for an optional comment (on-screen keyboard or a physical one) before it is sent.
//
// [SECTION] Rows: built once per view / language change, sorted active first, by due date.
// [SECTION] List: virtualised with ImGuiListClipper; a row is drawn from cached texts only.
// [SECTION] Feedback panel: replaces the list while a comment is being written.
#include <imgui.h>

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

using plan::ProcessColumn;
using plan::ProcessStatus;

bool is_active(ProcessStatus status) {
    return status == ProcessStatus::open || status == ProcessStatus::in_progress;
}

/// One process as the list shows it; texts made once per view or language change.
struct ProcessRow {
    std::size_t index = 0;  ///< into view.processes
    std::string title;      ///< name, or the id when the name column is not chosen
    std::string info;       ///< order number · type (the chosen ones)
    std::string due;        ///< "Due Tue 10.03. 14:00"; empty when not chosen
    std::string notes;
    plan::Timestamp due_at{};
    bool has_due = false;
    bool unconfirmed = false;
    bool active = false;
    bool feedback = false;  ///< feedback allowed and the status permits it
};

class ProcessesScreen final : public ScreenView {
public:
    void draw(FrameContext& ctx) override {
        refresh(ctx);
        if (panel_ && !panel_still_valid()) close_panel();
        if (panel_) {
            draw_panel(ctx);
            return;
        }
        if (rows_.empty()) {
            empty_state(ctx, ctx.tr("processes.empty_title"), ctx.tr("processes.empty_text"));
            return;
        }
        draw_filter(ctx);
        const std::vector<std::size_t>& shown = show_all_ ? all_ : active_;
        if (shown.empty()) {
            empty_state(ctx, ctx.tr("processes.none_open_title"),
                        ctx.tr("processes.none_open_text"));
            return;
        }
        draw_list(ctx, shown);
    }

    void reset() override {
        close_panel();
        show_all_ = false;
        drag_ = {};
        key_ = {};
        rows_.clear();
        all_.clear();
        active_.clear();
        by_id_.clear();
    }

private:
    struct Panel {
        std::string process_id;
        ProcessStatus status = ProcessStatus::in_progress;
        std::string title;
    };

    // ---- [SECTION] Rows ------------------------------------------------------------------

    void refresh(const FrameContext& ctx) {
        const ViewKey key = view_key(ctx);
        if (key == key_) return;
        key_ = key;
        rows_.clear();
        all_.clear();
        active_.clear();
        by_id_.clear();
        const plan::OptimisticView* v = ctx.model.view;
        if (v == nullptr) return;
        const plan::ProcessColumns columns = ctx.model.profile != nullptr
                                                 ? ctx.model.profile->process_columns
                                                 : plan::ProcessColumns::all();
        const auto& processes = v->view.processes;
        rows_.reserve(processes.size());
        for (std::size_t i = 0; i < processes.size(); ++i) {
            const plan::ViewProcess& p = processes[i];
            ProcessRow row;
            row.index = i;
            row.title = columns.contains(ProcessColumn::name) && p.name ? *p.name : p.id;
            if (columns.contains(ProcessColumn::order_number) && p.order_number)
                row.info = *p.order_number;
            if (columns.contains(ProcessColumn::type) && p.type) {
                if (!row.info.empty()) row.info += kSeparator;
                row.info += *p.type;
            }
            if (columns.contains(ProcessColumn::due) && p.due) {
                row.has_due = true;
                row.due_at = *p.due;
                row.due = format_text(ctx.tr("processes.due"), {day_time(*p.due, ctx.tr)});
            }
            if (columns.contains(ProcessColumn::notes) && p.notes) row.notes = *p.notes;
            row.unconfirmed = v->unconfirmed_processes.contains(p.id);
            row.active = is_active(p.status);
            row.feedback = p.feedback_allowed && row.active;
            rows_.push_back(std::move(row));
        }
        // Active first, the most urgent on top; then the rest by due date.
        std::vector<std::size_t> order(rows_.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            const ProcessRow& x = rows_[a];
            const ProcessRow& y = rows_[b];
            if (x.active != y.active) return x.active;
            if (x.has_due != y.has_due) return x.has_due;
            return x.due_at < y.due_at;
        });
        for (const std::size_t i : order) {
            all_.push_back(i);
            if (rows_[i].active) active_.push_back(i);
            by_id_.emplace(processes[rows_[i].index].id, i);
        }
        filter_active_label_ =
            format_text(ctx.tr("processes.filter_active"), {std::to_string(active_.size())});
        filter_all_label_ =
            format_text(ctx.tr("processes.filter_all"), {std::to_string(all_.size())});
    }

    const plan::ViewProcess& process_of(const FrameContext& ctx, const ProcessRow& row) const {
        return ctx.model.view->view.processes[row.index];
    }

    // ---- [SECTION] List ------------------------------------------------------------------

    void draw_filter(FrameContext& ctx) {
        const float w = std::max(ctx.metrics.target * 3.5f,
                                 ImGui::CalcTextSize(filter_active_label_.c_str()).x +
                                     ImGui::GetStyle().FramePadding.x * 2);
        if (touch_button(ctx, "processes.filter.active", filter_active_label_,
                         {w, ctx.metrics.target}, true,
                         show_all_ ? ButtonKind::normal : ButtonKind::selected)) {
            show_all_ = false;
        }
        ImGui::SameLine();
        const float w2 =
            std::max(ctx.metrics.target * 3.5f, ImGui::CalcTextSize(filter_all_label_.c_str()).x +
                                                    ImGui::GetStyle().FramePadding.x * 2);
        if (touch_button(ctx, "processes.filter.all", filter_all_label_, {w2, ctx.metrics.target},
                         true, show_all_ ? ButtonKind::selected : ButtonKind::normal)) {
            show_all_ = true;
        }
    }

    /// Sizes of a row: wide rows have two lines and the buttons side by side; narrow ones
    /// (800 px panels) three lines and the buttons stacked, so the texts keep their room.
    struct Layout {
        float width = 0;
        float row_h = 0;
        float title_h = 0;
        float line_h = 0;
        float button_w = 0;
        bool narrow = false;
    };

    Layout layout(const FrameContext& ctx, float width) const {
        const ImGuiStyle& style = ImGui::GetStyle();
        const float pad = ctx.metrics.pad;
        const float target = ctx.metrics.target;
        Layout l;
        l.width = width;
        ImGui::PushFont(ctx.fonts.large);
        l.title_h = ImGui::GetTextLineHeight();
        ImGui::PopFont();
        l.line_h = ImGui::GetTextLineHeight();
        l.button_w =
            std::max(target * 2.2f, std::max(ImGui::CalcTextSize(ctx.tr("processes.in_progress")).x,
                                             ImGui::CalcTextSize(ctx.tr("processes.done")).x) +
                                        style.FramePadding.x * 2);
        l.narrow = width < target * 16;
        l.row_h = l.narrow ? std::max(l.title_h + l.line_h * 2 + pad * 4,
                                      target * 2 + style.ItemSpacing.y + pad * 2)
                           : std::max(l.title_h + l.line_h + pad * 3, target + pad * 2);
        return l;
    }

    void draw_list(FrameContext& ctx, const std::vector<std::size_t>& shown) {
        ImGui::BeginChild("##process_list", {0, 0}, false);
        ImDrawList* draw = ImGui::GetWindowDrawList();
        const Layout l = layout(ctx, ImGui::GetContentRegionAvail().x);
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(shown.size()), l.row_h + ImGui::GetStyle().ItemSpacing.y);
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const ProcessRow& row = rows_[shown[static_cast<std::size_t>(i)]];
                const ImVec2 top = ImGui::GetCursorScreenPos();
                draw_row(ctx, draw, row, top, l);
                ImGui::SetCursorScreenPos(top);
                ImGui::Dummy({l.width, l.row_h});
            }
        }
        clipper.End();
        drag_.update();
        ImGui::EndChild();
    }

    void draw_row(FrameContext& ctx, ImDrawList* draw, const ProcessRow& row, ImVec2 top,
                  const Layout& l) {
        const plan::ViewProcess& p = process_of(ctx, row);
        const float pad = ctx.metrics.pad;
        const float target = ctx.metrics.target;
        const float rounding = ImGui::GetStyle().FrameRounding;
        const ImVec2 bottom{top.x + l.width, top.y + l.row_h};
        draw->AddRectFilled(top, bottom, ImGui::GetColorU32(colors::panel()), rounding);
        // A coloured edge says the status even before the chip is read.
        draw->AddRectFilled(top, {top.x + pad * 0.6f, bottom.y},
                            ImGui::GetColorU32(status_color(p.status)), rounding,
                            ImDrawFlags_RoundCornersLeft);

        // Right: the feedback buttons, vertically centred; or a note that there are none.
        const ImVec2 gap = ImGui::GetStyle().ItemSpacing;
        float text_right = bottom.x - pad;
        if (row.feedback) {
            const float x_done = bottom.x - pad - l.button_w;
            const float x_progress = l.narrow ? x_done : x_done - gap.x - l.button_w;
            const float y_progress =
                top.y + (l.row_h - (l.narrow ? target * 2 + gap.y : target)) * 0.5f;
            const float y_done = l.narrow ? y_progress + target + gap.y : y_progress;
            ImGui::SetCursorScreenPos({x_progress, y_progress});
            if (list_button(ctx, id_.format("process.%s.in_progress", p.id.c_str()),
                            ctx.tr("processes.in_progress"), {l.button_w, target})) {
                open_panel(ctx, row, ProcessStatus::in_progress);
            }
            ImGui::SetCursorScreenPos({x_done, y_done});
            if (list_button(ctx, id_.format("process.%s.done", p.id.c_str()),
                            ctx.tr("processes.done"), {l.button_w, target}, true,
                            ButtonKind::primary)) {
                open_panel(ctx, row, ProcessStatus::done);
            }
            text_right = x_progress - pad;
        } else if (row.active) {
            const char* note = ctx.tr("processes.read_only");
            const float note_w = ImGui::CalcTextSize(note).x;
            if (note_w < l.width * 0.3f) {
                draw->AddText({bottom.x - pad * 2 - note_w, top.y + (l.row_h - l.line_h) * 0.5f},
                              ImGui::GetColorU32(colors::text_dim()), note);
                text_right = bottom.x - pad * 4 - note_w;
            }
        }

        // Line 1: status chip, title.
        const float x0 = top.x + pad * 2;
        const float y1 = top.y + pad;
        const char* status = status_text(p.status, ctx.tr);
        const ImVec2 status_size = ImGui::CalcTextSize(status);
        const float chip_pad = pad * 0.75f;
        const float chip_y = y1 + (l.title_h - status_size.y) * 0.5f;
        const ImVec2 chip_end{x0 + status_size.x + chip_pad * 2, chip_y + status_size.y};
        draw->AddRectFilled({x0, chip_y - 2}, {chip_end.x, chip_end.y + 2},
                            ImGui::GetColorU32(status_color(p.status)), rounding);
        draw->AddText({x0 + chip_pad, chip_y}, ImGui::GetColorU32(colors::text()), status);
        ImGui::PushFont(ctx.fonts.large);
        const ImU32 title_color =
            ImGui::GetColorU32(row.active ? colors::text() : colors::text_dim());
        text_ellipsis(draw, {chip_end.x + pad, y1}, text_right, row.title, title_color);
        ImGui::PopFont();

        // Then: not yet confirmed, order · type, due (red when past), notes — on one line when
        // wide, the due date and notes on a third line when narrow.
        float x = x0;
        float y = y1 + l.title_h + pad;
        const auto piece = [&](std::string_view text, const ImVec4& color) {
            if (text.empty() || x >= text_right) return;
            text_ellipsis(draw, {x, y}, text_right, text, ImGui::GetColorU32(color));
            x += ImGui::CalcTextSize(text.data(), text.data() + text.size()).x + pad * 2;
        };
        if (row.unconfirmed) piece(ctx.tr("processes.unconfirmed"), colors::warn());
        piece(row.info, colors::text_dim());
        if (l.narrow) {
            x = x0;
            y += l.line_h + pad;
        }
        const bool late = row.has_due && row.active && row.due_at < ctx.model.now;
        piece(row.due, late ? colors::error() : colors::text_dim());
        piece(row.notes, colors::text_dim());
    }

    // ---- [SECTION] Feedback panel --------------------------------------------------------

    void open_panel(const FrameContext& ctx, const ProcessRow& row, ProcessStatus status) {
        const plan::ViewProcess& p = process_of(ctx, row);
        panel_ =
            Panel{p.id, status,
                  format_text(ctx.tr(status == ProcessStatus::done ? "processes.panel_done"
                                                                   : "processes.panel_in_progress"),
                              {row.title})};
        comment_.reset();
    }

    void close_panel() {
        panel_.reset();
        comment_.reset();
    }

    /// The process may have gone, or changed so that feedback is no longer possible.
    [[nodiscard]] bool panel_still_valid() const {
        const auto it = by_id_.find(panel_->process_id);
        return it != by_id_.end() && rows_[it->second].feedback;
    }

    void draw_panel(FrameContext& ctx) {
        const UiModel& m = ctx.model;
        feed_typed(comment_, m.typed_text);
        if (m.typed_enter) {
            confirm(ctx);
            return;
        }
        const ImGuiStyle& style = ImGui::GetStyle();
        const float avail_w = ImGui::GetContentRegionAvail().x;
        const float target = ctx.metrics.target;
        // The keyboard's keys grow with the room, up to 1.6 × the touch target.
        const float keys_w = std::min(avail_w, target * 1.6f * 11 + style.ItemSpacing.x * 10);
        const float left = ImGui::GetCursorPosX() + (avail_w - keys_w) * 0.5f;

        // Row 1: what is being reported, Cancel, Confirm.
        const auto fit = [&](const char* label, float min_w) {
            return std::max(min_w, ImGui::CalcTextSize(label).x + style.FramePadding.x * 2);
        };
        const float confirm_w = fit(ctx.tr("processes.confirm"), target * 2.5f);
        const float cancel_w = fit(ctx.tr("common.cancel"), target * 2.0f);
        const float buttons_x = left + keys_w - confirm_w - cancel_w - style.ItemSpacing.x;
        const float y = ImGui::GetCursorPosY();
        ImGui::SetCursorPos({left, y});
        const ImVec2 screen = ImGui::GetCursorScreenPos();
        ImGui::PushFont(ctx.fonts.large);
        text_ellipsis(ImGui::GetWindowDrawList(),
                      {screen.x, screen.y + (target - ImGui::GetTextLineHeight()) * 0.5f},
                      screen.x + (buttons_x - left) - style.ItemSpacing.x, panel_->title,
                      ImGui::GetColorU32(colors::text()));
        ImGui::PopFont();
        ImGui::SetCursorPos({buttons_x, y});
        if (touch_button(ctx, "process.cancel", ctx.tr("common.cancel"), {cancel_w, target})) {
            close_panel();
            return;
        }
        ImGui::SameLine();
        if (touch_button(ctx, "process.confirm", ctx.tr("processes.confirm"), {confirm_w, target},
                         true, ButtonKind::primary)) {
            confirm(ctx);
            return;
        }

        // Row 2: the comment as typed so far (its end when it is longer than the box).
        ImGui::SetCursorPosX(left);
        const ImVec2 box = ImGui::GetCursorScreenPos();
        const float box_h = ImGui::GetTextLineHeight() + style.FramePadding.y * 2;
        ImDrawList* draw = ImGui::GetWindowDrawList();
        draw->AddRectFilled(box, {box.x + keys_w, box.y + box_h},
                            ImGui::GetColorU32(ImGuiCol_FrameBg), style.FrameRounding);
        const ImVec2 text_at{box.x + style.FramePadding.x, box.y + style.FramePadding.y};
        const float room = keys_w - style.FramePadding.x * 2;
        if (comment_.text.empty()) {
            draw->AddText(text_at, ImGui::GetColorU32(colors::text_dim()),
                          ctx.tr("processes.comment_hint"));
        } else {
            const char* begin = comment_.text.c_str();
            const char* end = begin + comment_.text.size();
            // Drop characters from the front until the rest fits (UTF-8: whole characters).
            while (begin < end && ImGui::CalcTextSize(begin, end).x + 12 > room) {
                ++begin;
                while (begin < end && (static_cast<unsigned char>(*begin) & 0xC0) == 0x80)
                    ++begin;
            }
            draw->AddText(text_at, ImGui::GetColorU32(colors::text()), begin, end);
            const float caret_x = text_at.x + ImGui::CalcTextSize(begin, end).x + 2;
            draw->AddLine({caret_x, text_at.y}, {caret_x, text_at.y + ImGui::GetTextLineHeight()},
                          ImGui::GetColorU32(colors::accent()), 2.0f);
        }
        ImGui::Dummy({keys_w, box_h});

        // Row 3: the keyboard.
        ImGui::SetCursorPosX(left);
        ImGui::BeginGroup();
        keyboard(ctx, "process.comment", comment_, keys_w);
        ImGui::EndGroup();
    }

    void confirm(FrameContext& ctx) {
        ctx.emit(app::intent::ProcessFeedback{panel_->process_id, panel_->status, comment_.text});
        close_panel();
    }

    ViewKey key_;
    std::vector<ProcessRow> rows_;
    std::vector<std::size_t> all_;     ///< every row, in display order
    std::vector<std::size_t> active_;  ///< open and in progress, in display order
    std::unordered_map<std::string, std::size_t> by_id_;
    std::string filter_active_label_;
    std::string filter_all_label_;
    bool show_all_ = false;
    std::optional<Panel> panel_;
    TextEntry comment_;
    TextBuffer<160> id_;
    DragScroll drag_;
};

}  // namespace

template <>
std::unique_ptr<ScreenView> make_screen<app::Screen::processes>() {
    return std::make_unique<ProcessesScreen>();
}

}  // namespace pt::ui
