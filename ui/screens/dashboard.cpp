// The dashboard (product.md §3): figures for the partner's own resources — work steps open, in
// progress, paused, late and finished today as big tiles, the scrap rate (only where the good
// and scrap columns are chosen, R9), and the planned load per resource for today and the next
// four days as a bar chart.
//
// [SECTION] Figures: computed from the view once per view change or minute, never per frame.
// [SECTION] Tiles.
// [SECTION] Load chart: one row per own resource, one bar per day, drawn with ImDrawList.
#include <imgui.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <vector>

#include "ui/format.h"
#include "ui/screens/screen_common.h"
#include "ui/screens/screens.h"

namespace pt::ui {
namespace {

constexpr int kDays = 5;  // today and the next four

/// `12.5` / `12,5` (German).
std::string decimal(double value, bool comma) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    std::string out = text;
    if (comma) std::replace(out.begin(), out.end(), '.', ',');
    return out;
}

struct FigureTile {
    const char* label = "";  ///< translated
    std::string value;
    ImVec4 color{};
};

struct LoadRow {
    std::string name;
    std::array<double, kDays> hours{};
    std::array<std::string, kDays> text;  ///< "7.5 h"; empty for no load
};

class DashboardScreen final : public ScreenView {
public:
    void draw(FrameContext& ctx) override {
        refresh(ctx);
        if (load_.empty()) {
            empty_state(ctx, ctx.tr("dashboard.empty_title"), ctx.tr("dashboard.empty_text"));
            return;
        }
        draw_tiles(ctx);
        ImGui::Spacing();
        draw_load(ctx);
    }

    void reset() override {
        key_ = {};
        minute_ = -1;
        load_.clear();
    }

private:
    // ---- [SECTION] Figures ---------------------------------------------------------------

    void refresh(const FrameContext& ctx) {
        const ViewKey key = view_key(ctx);
        const std::int64_t minute = minute_of(ctx.model.now);
        if (key == key_ && minute == minute_) return;
        key_ = key;
        minute_ = minute;
        load_.clear();
        const plan::OptimisticView* v = ctx.model.view;
        if (v == nullptr) return;
        std::array<TimePoint, kDays + 1> day{};
        for (int d = 0; d <= kDays; ++d)
            day[static_cast<std::size_t>(d)] = local_midnight(ctx.model.now, d);
        const StepCounts counts = count_steps(v->view, ctx.model.now, day);
        const plan::WorkStepColumns columns = ctx.model.profile != nullptr
                                                  ? ctx.model.profile->work_step_columns
                                                  : plan::WorkStepColumns::all();
        make_tiles(ctx.tr, columns, counts);
        label_load(ctx.tr);
        name_days(ctx.tr, day);
    }

    struct StepCounts {
        std::int64_t open = 0, running = 0, paused = 0, late = 0, finished_today = 0;
        std::int64_t good = 0, scrap = 0;
    };

    /// Counts the steps on own resources and adds their planned hours per day to load_, one row
    /// per own resource.
    StepCounts count_steps(const plan::PartnerView& view, TimePoint now,
                           const std::array<TimePoint, kDays + 1>& day) {
        std::unordered_map<std::string_view, std::size_t> row_of;
        for (const auto& r : view.resources) {
            if (!r.own) continue;
            row_of.emplace(r.id, load_.size());
            load_.push_back({r.name, {}, {}});
        }
        StepCounts c;
        using plan::WorkStepStatus;
        for (const plan::ViewWorkStep& w : view.work_steps) {
            const auto it = row_of.find(w.resource_id);
            if (it == row_of.end()) continue;
            c.open += w.status == WorkStepStatus::open ? 1 : 0;
            c.running += w.status == WorkStepStatus::in_progress ? 1 : 0;
            c.paused += w.status == WorkStepStatus::paused ? 1 : 0;
            c.late += is_late(w, now) ? 1 : 0;
            // The terminal does not know when a step was finished: one planned to end today
            // (or, without an end column, to start today) counts for today.
            const auto& when = w.planned_end ? w.planned_end : w.planned_start;
            if (w.status == WorkStepStatus::finished && when && *when >= day[0] && *when < day[1])
                ++c.finished_today;
            if (w.quantity_good) c.good += *w.quantity_good;
            if (w.quantity_scrap) c.scrap += *w.quantity_scrap;
            if (w.status == WorkStepStatus::cancelled || !w.planned_start || !w.planned_end)
                continue;
            LoadRow& row = load_[it->second];
            for (std::size_t d = 0; d < kDays; ++d) {
                const auto from = std::max<TimePoint>(*w.planned_start, day[d]);
                const auto to = std::min<TimePoint>(*w.planned_end, day[d + 1]);
                if (to > from)
                    row.hours[d] += std::chrono::duration<double>(to - from).count() / 3600.0;
            }
        }
        return c;
    }

    void make_tiles(const Translations& tr, const plan::WorkStepColumns& columns,
                    const StepCounts& c) {
        // Without a planned column neither "today" nor "late" can be told (R9).
        const bool knows_today = columns.contains(plan::WorkStepColumn::planned_end) ||
                                 columns.contains(plan::WorkStepColumn::planned_start);
        knows_load_ = columns.contains(plan::WorkStepColumn::planned_start) &&
                      columns.contains(plan::WorkStepColumn::planned_end);
        const bool knows_scrap = columns.contains(plan::WorkStepColumn::quantity_good) &&
                                 columns.contains(plan::WorkStepColumn::quantity_scrap);
        const char* none = "\xE2\x80\x94";  // —
        tiles_[0] = {tr("dashboard.open"), std::to_string(c.open), colors::text()};
        tiles_[1] = {tr("dashboard.in_progress"), std::to_string(c.running), colors::running()};
        tiles_[2] = {tr("dashboard.paused"), std::to_string(c.paused),
                     c.paused > 0 ? colors::warn() : colors::text()};
        const ImVec4 unknown = colors::text_dim();
        tiles_[3] = {tr("dashboard.late"), knows_today ? std::to_string(c.late) : none,
                     !knows_today ? unknown
                     : c.late > 0 ? colors::error()
                                  : colors::ok()};
        tiles_[4] = {tr("dashboard.finished_today"),
                     knows_today ? std::to_string(c.finished_today) : none,
                     knows_today ? colors::ok() : unknown};
        tiles_[5] = {tr("dashboard.scrap_rate"), none, unknown};
        if (knows_scrap && c.good + c.scrap > 0) {
            const double rate =
                100.0 * static_cast<double>(c.scrap) / static_cast<double>(c.good + c.scrap);
            tiles_[5].value = decimal(rate, tr.language() == "de") + " %";
            tiles_[5].color = rate >= 5.0 ? colors::warn() : colors::text();
        }
    }

    /// The chart's scale and each bar's "7.5 h".
    void label_load(const Translations& tr) {
        const bool comma = tr.language() == "de";
        max_hours_ = 8.0;  // a short load still looks short
        for (LoadRow& row : load_) {
            for (std::size_t d = 0; d < kDays; ++d) {
                max_hours_ = std::max(max_hours_, row.hours[d]);
                if (row.hours[d] > 0.0)
                    row.text[d] =
                        format_text(tr("dashboard.hours"), {decimal(row.hours[d], comma)});
            }
        }
    }

    /// "Today", then "Wed 11.03." (and "Wed 11." where it is narrow).
    void name_days(const Translations& tr, const std::array<TimePoint, kDays + 1>& day) {
        day_names_[0] = tr("dashboard.today");
        day_short_[0] = day_names_[0];
        for (int d = 1; d < kDays; ++d) {
            const auto i = static_cast<std::size_t>(d);
            const std::time_t t = std::chrono::system_clock::to_time_t(day[i]);
            std::tm parts{};
            ::localtime_r(&t, &parts);
            char text[48];
            std::snprintf(text, sizeof text, "%s %02d.%02d.", tr(kDayKeys[parts.tm_wday % 7]),
                          parts.tm_mday, parts.tm_mon + 1);
            day_names_[i] = text;
            std::snprintf(text, sizeof text, "%s %02d.", tr(kDayKeys[parts.tm_wday % 7]),
                          parts.tm_mday);
            day_short_[i] = text;
        }
    }

    // ---- [SECTION] Tiles -----------------------------------------------------------------

    void draw_tiles(FrameContext& ctx) {
        const ImGuiStyle& style = ImGui::GetStyle();
        const float pad = ctx.metrics.pad;
        const float avail = ImGui::GetContentRegionAvail().x;
        const std::size_t columns = avail >= ctx.metrics.target * 20 ? tiles_.size() : 3;
        const std::size_t rows = (tiles_.size() + columns - 1) / columns;
        const float gap = style.ItemSpacing.x;
        const float w =
            (avail - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
        ImGui::PushFont(ctx.fonts.huge);
        const float number_h = ImGui::GetTextLineHeight();
        ImGui::PopFont();
        const float h = number_h + ImGui::GetTextLineHeight() + pad * 2.5f;
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        ImDrawList* draw = ImGui::GetWindowDrawList();
        for (std::size_t i = 0; i < tiles_.size(); ++i) {
            const FigureTile& tile = tiles_[i];
            const ImVec2 at{origin.x + static_cast<float>(i % columns) * (w + gap),
                            origin.y + static_cast<float>(i / columns) * (h + gap)};
            draw->AddRectFilled(at, {at.x + w, at.y + h}, ImGui::GetColorU32(colors::panel()),
                                style.FrameRounding);
            ImGui::PushFont(ctx.fonts.huge);
            const float number_w = ImGui::CalcTextSize(tile.value.c_str()).x;
            draw->AddText({at.x + (w - number_w) * 0.5f, at.y + pad},
                          ImGui::GetColorU32(tile.color), tile.value.c_str());
            ImGui::PopFont();
            const float label_w = ImGui::CalcTextSize(tile.label).x;
            text_ellipsis(
                draw, {at.x + std::max(pad, (w - label_w) * 0.5f), at.y + pad * 1.5f + number_h},
                at.x + w - pad, tile.label, ImGui::GetColorU32(colors::text_dim()));
        }
        ImGui::Dummy({avail, static_cast<float>(rows) * (h + gap) - gap});
    }

    // ---- [SECTION] Load chart ------------------------------------------------------------

    void draw_load(FrameContext& ctx) {
        const ImGuiStyle& style = ImGui::GetStyle();
        const float pad = ctx.metrics.pad;
        ImGui::PushFont(ctx.fonts.large);
        ImGui::TextUnformatted(ctx.tr("dashboard.load_title"));
        ImGui::PopFont();
        if (!knows_load_) {
            ImGui::PushStyleColor(ImGuiCol_Text, colors::text_dim());
            ImGui::TextWrapped("%s", ctx.tr("dashboard.no_times"));
            ImGui::PopStyleColor();
            return;
        }

        const float avail = ImGui::GetContentRegionAvail().x - style.ScrollbarSize;
        float name_w = 0;
        for (const LoadRow& row : load_)
            name_w = std::max(name_w, ImGui::CalcTextSize(row.name.c_str()).x);
        name_w = std::min(name_w + pad * 2, avail * 0.3f);
        const float cell_w = (avail - name_w) / kDays;
        const float line_h = ImGui::GetTextLineHeight();
        ImDrawList* draw = ImGui::GetWindowDrawList();

        // The days' heads.
        const ImVec2 head = ImGui::GetCursorScreenPos();
        bool fits = true;  // all long or all short
        for (const std::string& name : day_names_)
            fits = fits && ImGui::CalcTextSize(name.c_str()).x <= cell_w - pad;
        for (std::size_t d = 0; d < kDays; ++d) {
            const float x = head.x + name_w + cell_w * static_cast<float>(d);
            text_ellipsis(draw, {x + pad * 0.5f, head.y}, x + cell_w - pad * 0.5f,
                          fits ? day_names_[d] : day_short_[d],
                          ImGui::GetColorU32(d == 0 ? colors::text() : colors::text_dim()));
        }
        ImGui::Dummy({avail, line_h});

        // Rows share the height there is, within reason.
        const float rows_room = ImGui::GetContentRegionAvail().y / static_cast<float>(load_.size());
        const float row_h = std::clamp(rows_room - style.ItemSpacing.y,
                                       std::max(line_h + pad * 2, ctx.metrics.target * 0.9f),
                                       ctx.metrics.target * 1.5f);
        ImGui::BeginChild("##load", {0, 0}, false);
        draw = ImGui::GetWindowDrawList();
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(load_.size()), row_h + style.ItemSpacing.y);
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const LoadRow& row = load_[static_cast<std::size_t>(i)];
                const ImVec2 top = ImGui::GetCursorScreenPos();
                draw->AddRectFilled(top, {top.x + avail, top.y + row_h},
                                    ImGui::GetColorU32(colors::panel()), style.FrameRounding);
                text_ellipsis(draw, {top.x + pad, top.y + (row_h - line_h) * 0.5f},
                              top.x + name_w - pad, row.name, ImGui::GetColorU32(colors::text()));
                for (std::size_t d = 0; d < kDays; ++d)
                    draw_cell(ctx, draw, row, d,
                              {top.x + name_w + cell_w * static_cast<float>(d), top.y}, cell_w,
                              row_h);
                ImGui::Dummy({avail, row_h});
            }
        }
        clipper.End();
        drag_.update();
        ImGui::EndChild();
    }

    void draw_cell(const FrameContext& ctx, ImDrawList* draw, const LoadRow& row, std::size_t d,
                   ImVec2 at, float w, float h) const {
        const float pad = ctx.metrics.pad;
        const float rounding = ImGui::GetStyle().FrameRounding * 0.5f;
        const ImVec2 track_min{at.x + pad * 0.5f, at.y + pad * 0.75f};
        const ImVec2 track_max{at.x + w - pad * 0.5f, at.y + h - pad * 0.75f};
        draw->AddRectFilled(track_min, track_max, ImGui::GetColorU32(colors::background()),
                            rounding);
        const auto share = static_cast<float>(row.hours[d] / max_hours_);
        if (share > 0) {
            const float x = track_min.x + std::max((track_max.x - track_min.x) * share, 3.0f);
            draw->AddRectFilled(track_min, {x, track_max.y},
                                ImGui::GetColorU32(d == 0 ? colors::accent() : colors::running()),
                                rounding);
        }
        const std::string& text = row.text[d];
        if (text.empty()) return;
        const float line_h = ImGui::GetTextLineHeight();
        text_ellipsis(draw, {track_min.x + pad * 0.5f, at.y + (h - line_h) * 0.5f},
                      track_max.x - pad * 0.25f, text, ImGui::GetColorU32(colors::text()));
    }

    ViewKey key_;
    std::int64_t minute_ = -1;
    std::array<FigureTile, 6> tiles_;
    std::vector<LoadRow> load_;                 ///< one per own resource; empty: nothing to show
    std::array<std::string, kDays> day_names_;  ///< "Today", "Wed 11.03." …
    std::array<std::string, kDays> day_short_;  ///< "Today", "Wed 11." …
    double max_hours_ = 8.0;                    ///< the chart's full width
    bool knows_load_ = false;                   ///< both planned columns are chosen (R9)
    DragScroll drag_;
};

}  // namespace

template <>
std::unique_ptr<ScreenView> make_screen<app::Screen::dashboard>() {
    return std::make_unique<DashboardScreen>();
}

}  // namespace pt::ui
