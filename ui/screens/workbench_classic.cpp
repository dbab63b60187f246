// The workbench in classic mode (product.md §3): the same work steps as the tiles, as a
// sortable, searchable table with exactly the columns the administrator chose (R9) plus the
// status. Column headers are touch buttons (tap: sort, tap again: reverse); the search field
// takes the on-screen keyboard or a physical one; a tap on a row opens the detail. Virtualised
// with ImGuiListClipper: 10,000 rows cost what the visible ones cost.
//
// [SECTION] Columns: which ones, how wide, how they sort.
// [SECTION] Rows: the order (sort + search), built when the view, the sort or the search
//           changes; a row's cell texts are made the first time it is drawn.
// [SECTION] Search bar and keyboard.
// [SECTION] Table.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "ui/format.h"
#include "ui/screens/screen_common.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace pt::ui {
namespace {

using plan::WorkStepColumn;
using plan::WorkStepStatus;

// ---- [SECTION] Columns ---------------------------------------------------------------------

/// A column of the table: the status (always shown) or one of the R9 columns.
struct Column {
    bool is_status = false;
    WorkStepColumn column = WorkStepColumn::order_number;
    const char* title_key = "";
    const char* sort_id = "";
    float chars = 10;  ///< typical width in characters
    bool numeric = false;
};

constexpr std::array<Column, 12> kColumns{{
    {true, WorkStepColumn::order_number, "classic.col_status", "classic.sort.status", 10, false},
    {false, WorkStepColumn::order_number, "classic.col_order", "classic.sort.order_number", 12,
     false},
    {false, WorkStepColumn::article, "classic.col_article", "classic.sort.article", 16, false},
    {false, WorkStepColumn::operation, "classic.col_operation", "classic.sort.operation", 16,
     false},
    {false, WorkStepColumn::seq, "classic.col_seq", "classic.sort.seq", 5, true},
    {false, WorkStepColumn::resource_name, "classic.col_resource", "classic.sort.resource_name", 14,
     false},
    {false, WorkStepColumn::planned_start, "classic.col_start", "classic.sort.planned_start", 15,
     false},
    {false, WorkStepColumn::planned_end, "classic.col_end", "classic.sort.planned_end", 15, false},
    {false, WorkStepColumn::quantity, "classic.col_quantity", "classic.sort.quantity", 7, true},
    {false, WorkStepColumn::quantity_good, "classic.col_good", "classic.sort.quantity_good", 7,
     true},
    {false, WorkStepColumn::quantity_scrap, "classic.col_scrap", "classic.sort.quantity_scrap", 7,
     true},
    {false, WorkStepColumn::notes, "classic.col_notes", "classic.sort.notes", 22, false},
}};

/// -1, 0, 1 for an optional value (missing sorts last).
template <typename T>
int compare_optional(const std::optional<T>& a, const std::optional<T>& b) {
    if (a.has_value() != b.has_value()) return a.has_value() ? -1 : 1;
    if (!a) return 0;
    if (*a < *b) return -1;
    return *b < *a ? 1 : 0;
}

int compare_by(const Column& c, const plan::ViewWorkStep& x, const plan::ViewWorkStep& y) {
    if (c.is_status) {
        return static_cast<int>(x.status) < static_cast<int>(y.status)   ? -1
               : static_cast<int>(x.status) > static_cast<int>(y.status) ? 1
                                                                         : 0;
    }
    switch (c.column) {
        case WorkStepColumn::order_number:
            return compare_optional(x.order_number, y.order_number);
        case WorkStepColumn::article:
            return compare_optional(x.article, y.article);
        case WorkStepColumn::operation:
            return compare_optional(x.operation, y.operation);
        case WorkStepColumn::seq:
            return compare_optional(x.seq, y.seq);
        case WorkStepColumn::resource_name:
            return compare_optional(x.resource_name, y.resource_name);
        case WorkStepColumn::planned_start:
            return compare_optional(x.planned_start, y.planned_start);
        case WorkStepColumn::planned_end:
            return compare_optional(x.planned_end, y.planned_end);
        case WorkStepColumn::quantity:
            return compare_optional(x.quantity, y.quantity);
        case WorkStepColumn::quantity_good:
            return compare_optional(x.quantity_good, y.quantity_good);
        case WorkStepColumn::quantity_scrap:
            return compare_optional(x.quantity_scrap, y.quantity_scrap);
        case WorkStepColumn::notes:
            return compare_optional(x.notes, y.notes);
    }
    return 0;
}

std::string cell_text(const Column& c, const plan::ViewWorkStep& w, const Translations& tr) {
    if (c.is_status) return status_text(w.status, tr);
    const auto text = [](const std::optional<std::string>& s) { return s.value_or(""); };
    const auto number = [](const std::optional<std::int64_t>& n) {
        return n ? std::to_string(*n) : std::string();
    };
    const auto when = [&](const std::optional<plan::Timestamp>& t) {
        return t ? day_time(*t, tr) : std::string();
    };
    switch (c.column) {
        case WorkStepColumn::order_number:
            return text(w.order_number);
        case WorkStepColumn::article:
            return text(w.article);
        case WorkStepColumn::operation:
            return text(w.operation);
        case WorkStepColumn::seq:
            return number(w.seq);
        case WorkStepColumn::resource_name:
            return text(w.resource_name);
        case WorkStepColumn::planned_start:
            return when(w.planned_start);
        case WorkStepColumn::planned_end:
            return when(w.planned_end);
        case WorkStepColumn::quantity:
            return number(w.quantity);
        case WorkStepColumn::quantity_good:
            return number(w.quantity_good);
        case WorkStepColumn::quantity_scrap:
            return number(w.quantity_scrap);
        case WorkStepColumn::notes:
            return text(w.notes);
    }
    return {};
}

/// Case-insensitive (ASCII) substring test; `needle` is lower case already.
bool contains_folded(std::string_view hay, std::string_view needle) {
    if (needle.empty()) return true;
    if (hay.size() < needle.size()) return false;
    for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
        std::size_t k = 0;
        while (k < needle.size() && std::tolower(static_cast<unsigned char>(hay[i + k])) ==
                                        static_cast<unsigned char>(needle[k]))
            ++k;
        if (k == needle.size()) return true;
    }
    return false;
}

// ---- [SECTION] Rows ------------------------------------------------------------------------

struct RowTexts {
    bool ready = false;
    std::vector<std::string> cells;  ///< one per shown column
};

struct RowsKey {
    const plan::OptimisticView* view = nullptr;
    std::uint64_t view_version = 0;
    const app::OperatorProfile* profile = nullptr;
    const Translations* tr = nullptr;
    std::size_t sort_column = 0;
    bool descending = false;
    std::string search;
    bool operator==(const RowsKey&) const = default;
};

class WorkbenchClassicScreen final : public ScreenView {
public:
    void draw(FrameContext& ctx) override {
        if (keyboard_open_) {
            feed_typed(search_, ctx.model.typed_text);
            if (ctx.model.typed_enter) keyboard_open_ = false;
        }
        refresh(ctx);
        if (total_ == 0) {
            empty_state(ctx, ctx.tr("workbench.empty_title"), ctx.tr("workbench.empty_text"));
            return;
        }
        draw_search_bar(ctx);
        if (keyboard_open_) {
            const float keys_h = keyboard_height(ctx);
            const float table_h = ImGui::GetContentRegionAvail().y - keys_h;
            if (table_h >= ctx.metrics.target * 2) draw_table(ctx, table_h);
            draw_keyboard(ctx);
        } else {
            draw_table(ctx, 0);
        }
    }

    void reset() override {
        key_ = {};
        shown_.clear();
        texts_.clear();
        columns_.clear();
        sort_column_ = 0;
        sort_chosen_ = false;
        descending_ = false;
        search_.reset();
        keyboard_open_ = false;
        scroll_ = {};
        total_ = 0;
    }

private:
    void refresh(const FrameContext& ctx) {
        const UiModel& m = ctx.model;
        RowsKey key{m.view,       m.view_version, m.profile,   &ctx.tr,
                    sort_column_, descending_,    search_.text};
        if (key == key_) return;
        const bool view_changed = key.view != key_.view || key.view_version != key_.view_version ||
                                  key.profile != key_.profile || key.tr != key_.tr;
        key_ = std::move(key);
        if (view_changed) rebuild_columns(ctx);
        shown_.clear();
        total_ = 0;
        if (m.view == nullptr) return;
        const auto& steps = m.view->view.work_steps;
        total_ = steps.size();
        if (view_changed) measure_columns(ctx);

        std::string needle;
        for (const char c : search_.text)
            needle += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const auto matches = [&](const plan::ViewWorkStep& w) {
            if (needle.empty() || contains_folded(w.id, needle)) return true;
            for (const std::size_t c : columns_) {
                const Column& col = kColumns[c];
                if (col.is_status || col.numeric) continue;
                const std::optional<std::string>* text = nullptr;
                switch (col.column) {
                    case WorkStepColumn::order_number:
                        text = &w.order_number;
                        break;
                    case WorkStepColumn::article:
                        text = &w.article;
                        break;
                    case WorkStepColumn::operation:
                        text = &w.operation;
                        break;
                    case WorkStepColumn::resource_name:
                        text = &w.resource_name;
                        break;
                    case WorkStepColumn::notes:
                        text = &w.notes;
                        break;
                    default:
                        break;
                }
                if (text != nullptr && *text && contains_folded(**text, needle)) return true;
            }
            return false;
        };
        shown_.reserve(steps.size());
        for (std::size_t i = 0; i < steps.size(); ++i) {
            if (matches(steps[i])) shown_.push_back(i);
        }
        const Column& by = kColumns[columns_[std::min(sort_column_, columns_.size() - 1)]];
        std::stable_sort(shown_.begin(), shown_.end(), [&](std::size_t a, std::size_t b) {
            int c = compare_by(by, steps[a], steps[b]);
            if (descending_) c = -c;
            if (c != 0) return c < 0;
            return steps[a].planned_start < steps[b].planned_start;  // ties: by planned start
        });
        texts_.assign(steps.size(), RowTexts{});
        count_label_ = format_text(ctx.tr("classic.count"),
                                   {std::to_string(shown_.size()), std::to_string(total_)});
    }

    void rebuild_columns(const FrameContext& ctx) {
        columns_.clear();
        const plan::WorkStepColumns chosen = ctx.model.profile != nullptr
                                                 ? ctx.model.profile->work_step_columns
                                                 : plan::WorkStepColumns::all();
        for (std::size_t c = 0; c < kColumns.size(); ++c) {
            if (kColumns[c].is_status || chosen.contains(kColumns[c].column)) columns_.push_back(c);
        }
        // The first order: by planned start when the column is there, else by status.
        if (!sort_chosen_ || sort_column_ >= columns_.size()) {
            sort_column_ = 0;
            descending_ = false;
            for (std::size_t i = 0; i < columns_.size(); ++i) {
                if (!kColumns[columns_[i]].is_status &&
                    kColumns[columns_[i]].column == WorkStepColumn::planned_start)
                    sort_column_ = i;
            }
            key_.sort_column = sort_column_;
            key_.descending = descending_;
        }
        headers_.clear();
        for (const std::size_t c : columns_)
            headers_.emplace_back(ctx.tr(kColumns[c].title_key));
    }

    /// Each column as wide as its header and its texts in a sample of rows (at most its
    /// typical width): measuring all 10,000 rows would cost a frame.
    void measure_columns(const FrameContext& ctx) {
        const auto& steps = ctx.model.view->view.work_steps;
        const float char_w = ImGui::CalcTextSize("0").x;
        const float arrow_w = ImGui::CalcTextSize(" \xE2\x96\xB2").x;
        const float button_pad = ImGui::GetStyle().FramePadding.x * 2;
        widths_.assign(columns_.size(), 0.0f);
        const std::size_t sample = std::min<std::size_t>(steps.size(), 200);
        for (std::size_t i = 0; i < columns_.size(); ++i) {
            const Column& col = kColumns[columns_[i]];
            float w = ImGui::CalcTextSize(headers_[i].c_str()).x + arrow_w + button_pad;
            float cells = 0;
            for (std::size_t r = 0; r < sample; ++r) {
                const std::size_t k = r * steps.size() / sample;  // spread over the list
                const std::string text = cell_text(col, steps[k], ctx.tr);
                cells = std::max(cells, ImGui::CalcTextSize(text.c_str()).x);
            }
            cells = std::min(cells, col.chars * char_w);
            if (col.is_status) cells += 16;  // the "not yet confirmed" dot
            widths_[i] = std::max(w, cells);
        }
    }

    const RowTexts& texts_of(const FrameContext& ctx, std::size_t step_index) {
        RowTexts& t = texts_[step_index];
        if (t.ready) return t;
        const plan::ViewWorkStep& w = ctx.model.view->view.work_steps[step_index];
        t.cells.clear();
        for (const std::size_t c : columns_)
            t.cells.push_back(cell_text(kColumns[c], w, ctx.tr));
        t.ready = true;
        return t;
    }

    // ---- [SECTION] Search bar and keyboard ---------------------------------------------------

    void draw_search_bar(FrameContext& ctx) {
        const ImGuiStyle& style = ImGui::GetStyle();
        const float target = ctx.metrics.target;
        const float avail_w = ImGui::GetContentRegionAvail().x;
        const float count_w = ImGui::CalcTextSize(count_label_.c_str()).x + ctx.metrics.pad * 2;
        const bool has_text = !search_.text.empty();
        const float clear_w = has_text ? target * 1.6f + style.ItemSpacing.x : 0.0f;
        const float field_w = std::max(target * 3, avail_w - count_w - clear_w);

        search_label_.format("%s%s",
                             has_text ? search_.text.c_str() : ctx.tr("classic.search_hint"),
                             keyboard_open_ ? "|" : "");
        if (touch_button(ctx, "classic.search", search_label_.view(), {field_w, target}, true,
                         keyboard_open_ ? ButtonKind::selected : ButtonKind::quiet)) {
            keyboard_open_ = !keyboard_open_;
        }
        if (has_text) {
            ImGui::SameLine();
            if (touch_button(ctx, "classic.search.clear", "\xC3\x97", {target * 1.6f, target})) {
                search_.reset();
            }
        }
        ImGui::SameLine();
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + (target - ImGui::GetTextLineHeight()) * 0.5f);
        colored_text(colors::text_dim(), count_label_);
    }

    [[nodiscard]] float keyboard_width(const FrameContext& ctx) const {
        const float avail_w = ImGui::GetContentRegionAvail().x;
        return std::min(avail_w,
                        ctx.metrics.target * 1.4f * 11 + ImGui::GetStyle().ItemSpacing.x * 10);
    }

    [[nodiscard]] float keyboard_height(const FrameContext& ctx) const {
        // Five rows of keys (the widget's own), as tall as its keys are wide-limited.
        return (ctx.metrics.target + ImGui::GetStyle().ItemSpacing.y) * 5 + ctx.metrics.pad;
    }

    void draw_keyboard(FrameContext& ctx) {
        const float keys_w = keyboard_width(ctx);
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() +
                             (ImGui::GetContentRegionAvail().x - keys_w) * 0.5f);
        ImGui::BeginGroup();
        keyboard(ctx, "classic.keys", search_, keys_w);
        ImGui::EndGroup();
    }

    // ---- [SECTION] Table ---------------------------------------------------------------------

    void draw_table(FrameContext& ctx, float height) {
        const ImGuiStyle& style = ImGui::GetStyle();
        const float target = ctx.metrics.target;
        const float avail_w = ImGui::GetContentRegionAvail().x - style.ScrollbarSize;
        float natural = 0;
        for (const float w : widths_)
            natural += w + style.CellPadding.x * 2;
        const bool scroll_x = natural > avail_w;
        const ImGuiTableFlags flags =
            ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
            (scroll_x ? ImGuiTableFlags_ScrollX : 0) | ImGuiTableFlags_SizingFixedFit;
        if (!ImGui::BeginTable("##classic", static_cast<int>(columns_.size()), flags, {0, height}))
            return;
        const float stretch = scroll_x ? 1.0f : avail_w / natural;
        for (const float w : widths_)
            ImGui::TableSetupColumn(nullptr, ImGuiTableColumnFlags_WidthFixed, w * stretch);
        ImGui::TableSetupScrollFreeze(0, 1);

        // The header row: one touch button per column.
        ImGui::TableNextRow(ImGuiTableRowFlags_Headers, target);
        for (std::size_t i = 0; i < columns_.size(); ++i) {
            ImGui::TableNextColumn();
            const bool sorted = i == sort_column_;
            header_label_.format("%s%s", headers_[i].c_str(),
                                 sorted ? (descending_ ? " \xE2\x96\xBC" : " \xE2\x96\xB2") : "");
            // Headers line up with their cells: numbers right, texts left. A header scrolled
            // half out of sight is no target until a finger fits on it (list_button).
            ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign,
                                {kColumns[columns_[i]].numeric ? 1.0f : 0.0f, 0.5f});
            const bool tapped =
                list_button(ctx, kColumns[columns_[i]].sort_id, header_label_.view(),
                            {ImGui::GetContentRegionAvail().x, target}, true,
                            sorted ? ButtonKind::selected : ButtonKind::quiet);
            ImGui::PopStyleVar();
            if (tapped) {
                sort_chosen_ = true;
                if (sorted) {
                    descending_ = !descending_;
                } else {
                    sort_column_ = i;
                    descending_ = false;
                }
            }
        }

        const UiModel& m = ctx.model;
        const auto& steps = m.view->view.work_steps;
        const float row_h = target;
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(shown_.size()), row_h);
        while (clipper.Step()) {
            for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
                const std::size_t index = shown_[static_cast<std::size_t>(r)];
                const plan::ViewWorkStep& w = steps[index];
                const RowTexts& texts = texts_of(ctx, index);
                ImGui::TableNextRow(ImGuiTableRowFlags_None, row_h);
                ImGui::TableNextColumn();
                draw_row_button(ctx, w, texts, row_h);
                const float text_dy = (row_h - ImGui::GetTextLineHeight()) * 0.5f;
                const bool late = is_late(w, m.now);
                const bool unconfirmed = m.view->unconfirmed_work_steps.contains(w.id);
                for (std::size_t i = 0; i < columns_.size(); ++i) {
                    if (i > 0) ImGui::TableNextColumn();
                    const Column& col = kColumns[columns_[i]];
                    const std::string& text = texts.cells[i];
                    ImVec4 color = w.feedback_allowed ? colors::text() : colors::text_dim();
                    // Status in its colour; "open" in plain text (its grey is for bars).
                    if (col.is_status && w.status != WorkStepStatus::open)
                        color = w.status == WorkStepStatus::cancelled ? colors::text_dim()
                                                                      : status_color(w.status);
                    if (late && !col.is_status &&
                        (col.column == WorkStepColumn::planned_start ||
                         col.column == WorkStepColumn::planned_end))
                        color = colors::error();
                    const ImVec2 at = ImGui::GetCursorScreenPos();
                    const float cell_w = ImGui::GetContentRegionAvail().x;
                    float x = at.x;
                    if (col.numeric) x += cell_w - ImGui::CalcTextSize(text.c_str()).x;
                    if (col.is_status && unconfirmed) {
                        // A small mark: not yet confirmed by the central plan.
                        ImGui::GetWindowDrawList()->AddCircleFilled(
                            {at.x + cell_w - 6, at.y + row_h * 0.5f}, 5,
                            ImGui::GetColorU32(colors::warn()));
                    }
                    text_ellipsis(ImGui::GetWindowDrawList(), {x, at.y + text_dy},
                                  at.x + cell_w - (col.is_status ? 14 : 0), text,
                                  ImGui::GetColorU32(color));
                }
            }
        }
        clipper.End();
        scroll_.update();
        ImGui::EndTable();
    }

    /// The whole row is one button (spanning every column); a target where a finger fits.
    void draw_row_button(FrameContext& ctx, const plan::ViewWorkStep& w, const RowTexts& texts,
                         float row_h) {
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::PushID(w.id.c_str(), w.id.c_str() + w.id.size());
        const bool released = ImGui::Selectable(
            "##row", false,
            ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap,
            {0, row_h});
        ImGui::PopID();
        if (released && tap_not_drag()) ctx.emit(app::intent::OpenWorkStep{w.id});
        ImRect visible(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
        visible.ClipWithFull(ImGui::GetCurrentWindow()->ClipRect);
        const float target = ctx.metrics.target - 0.5f;
        if (visible.GetWidth() >= target && visible.GetHeight() >= target) {
            const std::string& label = texts.cells.size() > 1 ? texts.cells[1] : w.id;
            ctx.targets.add(id_.format("classic.row.%s", w.id.c_str()), label, visible.Min.x,
                            visible.Min.y, visible.GetWidth(), visible.GetHeight(), true);
        }
        ImGui::SetCursorScreenPos(at);
    }

    RowsKey key_;
    std::vector<std::size_t> columns_;  ///< into kColumns
    std::vector<std::string> headers_;
    std::vector<float> widths_;       ///< natural width of each shown column
    std::vector<std::size_t> shown_;  ///< into view.work_steps, in display order
    std::vector<RowTexts> texts_;     ///< by view.work_steps index
    std::size_t total_ = 0;
    std::size_t sort_column_ = 0;  ///< into columns_
    bool descending_ = false;
    bool sort_chosen_ = false;  ///< the operator tapped a header this session
    TextEntry search_;
    bool keyboard_open_ = false;
    FingerScroll scroll_;
    std::string count_label_;
    TextBuffer<256> search_label_;
    TextBuffer<96> header_label_;
    TextBuffer<160> id_;
};

}  // namespace

template <>
std::unique_ptr<ScreenView> make_screen<app::Screen::workbench_classic>() {
    return std::make_unique<WorkbenchClassicScreen>();
}

}  // namespace pt::ui
