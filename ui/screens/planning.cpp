// The planning screen (product.md §3): a read-only Gantt chart of the partner's own resources —
// one row per resource, one bar per planned work step coloured by its status (late ones framed
// red), a line at "now", a time axis of days and hours. Dragging the chart with a finger pans
// it in time (and scrolls the rows when there are many); buttons move it earlier / later, zoom
// between 6 hours and 7 days, and come back to now. A bar big enough for a finger opens its
// work step, when that step takes feedback.
//
// [SECTION] Bars: built once per view change, per resource sorted by start and spread over
//           lanes where they overlap; drawing culls them by time with a binary search.
// [SECTION] Toolbar and axis.
// [SECTION] Rows: the drag surface, the bars, their labels and targets, the now-line.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <ctime>
#include <string>
#include <unordered_map>
#include <vector>

#include "ui/format.h"
#include "ui/screens/screen_common.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace pt::ui {
namespace {

constexpr double kHour = 3600.0;
/// The spans one can zoom between (seconds visible across the chart).
constexpr std::array<double, 5> kSpans{6 * kHour, 12 * kHour, 24 * kHour, 72 * kHour, 168 * kHour};
constexpr std::array<const char*, 5> kSpanKeys{"planning.span_6h", "planning.span_12h",
                                               "planning.span_1d", "planning.span_3d",
                                               "planning.span_7d"};
constexpr std::size_t kDefaultZoom = 1;  // 12 hours: a shift with some look-back
constexpr std::size_t kMaxLanes = 4;

struct Bar {
    double start = 0;  ///< seconds since the epoch
    double end = 0;
    std::size_t step = 0;  ///< into view.work_steps
    std::size_t lane = 0;
    std::string label;          ///< order number · operation (the chosen ones), else the id
    std::size_t first_len = 0;  ///< the order number's part of label
    std::size_t second_at = std::string::npos;  ///< where the operation starts in label
};

struct ResourceRow {
    std::string name;
    std::vector<Bar> bars;  ///< sorted by start
    double longest = 0;     ///< the longest bar: how far before the view a bar may start
    std::size_t lanes = 1;
};

std::tm local_tm(double seconds) {
    const auto t = static_cast<std::time_t>(std::floor(seconds));
    std::tm parts{};
    ::localtime_r(&t, &parts);
    return parts;
}

/// Text colour on a bar of `status`: dark on the light paused colour, light elsewhere.
ImU32 label_color(plan::WorkStepStatus status) {
    return status == plan::WorkStepStatus::paused ? IM_COL32(20, 20, 20, 255)
                                                  : ImGui::GetColorU32(colors::text());
}

class PlanningScreen final : public ScreenView {
public:
    void draw(FrameContext& ctx) override {
        refresh(ctx);
        if (rows_.empty()) {
            empty_state(ctx, ctx.tr("planning.empty_title"), ctx.tr("planning.empty_text"));
            return;
        }
        const auto* profile = ctx.model.profile;
        if (profile != nullptr &&
            !(profile->work_step_columns.contains(plan::WorkStepColumn::planned_start) &&
              profile->work_step_columns.contains(plan::WorkStepColumn::planned_end))) {
            // R9: without both planned columns there is nothing to put on a time axis.
            empty_state(ctx, ctx.tr("planning.no_times_title"), ctx.tr("planning.no_times_text"));
            return;
        }
        const double now = seconds_of(ctx.model.now);
        if (!placed_) {
            start_ = now - span() * 0.25;
            placed_ = true;
        }
        draw_toolbar(ctx, now);
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        names_w_ = 0;
        for (const ResourceRow& row : rows_)
            names_w_ = std::max(names_w_, ImGui::CalcTextSize(row.name.c_str()).x);
        label_w_ = std::clamp(names_w_ + ctx.metrics.pad * 2, ctx.metrics.target * 2,
                              std::max(avail.x * 0.28f, ctx.metrics.target * 2));
        chart_w_ = std::max(avail.x - label_w_ - ImGui::GetStyle().ScrollbarSize, 1.0f);
        draw_axis(ctx, now);
        draw_rows(ctx, now);
    }

    void reset() override {
        placed_ = false;
        zoom_ = kDefaultZoom;
        dragged_ = false;
        key_ = {};
        rows_.clear();
        tappable_.clear();
    }

private:
    [[nodiscard]] double span() const { return kSpans[zoom_]; }
    [[nodiscard]] double seconds_per_px() const { return span() / static_cast<double>(chart_w_); }

    // ---- [SECTION] Bars ------------------------------------------------------------------

    void refresh(const FrameContext& ctx) {
        const ViewKey key = view_key(ctx);
        if (key == key_) return;
        key_ = key;
        rows_.clear();
        const plan::OptimisticView* v = ctx.model.view;
        if (v == nullptr) return;
        const auto& view = v->view;
        std::unordered_map<std::string_view, std::size_t> row_of;
        for (const auto& r : view.resources) {
            if (!r.own) continue;
            row_of.emplace(r.id, rows_.size());
            rows_.push_back({r.name, {}, 0, 1});
        }
        for (std::size_t i = 0; i < view.work_steps.size(); ++i) {
            const plan::ViewWorkStep& w = view.work_steps[i];
            if (!w.planned_start || !w.planned_end) continue;  // nothing to draw (R9)
            const auto it = row_of.find(w.resource_id);
            if (it == row_of.end()) continue;
            Bar bar;
            bar.start = static_cast<double>(w.planned_start->time_since_epoch().count());
            bar.end =
                std::max(bar.start, static_cast<double>(w.planned_end->time_since_epoch().count()));
            bar.step = i;
            if (w.order_number) bar.label = *w.order_number;
            bar.first_len = bar.label.size();
            if (w.operation) {
                if (!bar.label.empty()) bar.label += "  \xC2\xB7  ";
                bar.second_at = bar.label.size();
                bar.label += *w.operation;
                if (bar.first_len == 0) bar.second_at = std::string::npos;
            }
            if (bar.label.empty()) bar.label = w.id;
            if (bar.first_len == 0) bar.first_len = bar.label.size();
            rows_[it->second].bars.push_back(std::move(bar));
        }
        for (ResourceRow& row : rows_) {
            std::sort(row.bars.begin(), row.bars.end(),
                      [](const Bar& a, const Bar& b) { return a.start < b.start; });
            // Overlapping steps (several at once on one resource) go into lanes.
            std::vector<double> lane_end;
            for (Bar& bar : row.bars) {
                row.longest = std::max(row.longest, bar.end - bar.start);
                std::size_t lane = 0;
                while (lane < lane_end.size() && lane_end[lane] > bar.start)
                    ++lane;
                if (lane == lane_end.size()) {
                    if (lane_end.size() < kMaxLanes) {
                        lane_end.push_back(bar.end);
                    } else {
                        lane = static_cast<std::size_t>(
                            std::min_element(lane_end.begin(), lane_end.end()) - lane_end.begin());
                    }
                }
                lane_end[lane] = std::max(lane_end[lane], bar.end);
                bar.lane = lane;
            }
            row.lanes = std::max<std::size_t>(1, lane_end.size());
        }
    }

    // ---- [SECTION] Toolbar and axis ------------------------------------------------------

    void draw_toolbar(FrameContext& ctx, double now) {
        const float target = ctx.metrics.target;
        const ImGuiStyle& style = ImGui::GetStyle();
        const ImVec2 start = ImGui::GetCursorPos();
        const float text_dy = (target - ImGui::GetTextLineHeight()) * 0.5f;
        const ImVec2 size{0, target};
        if (touch_button(ctx, "planning.earlier", ctx.tr("planning.earlier"), size))
            start_ -= span() * 0.5;
        ImGui::SameLine();
        if (touch_button(ctx, "planning.now", ctx.tr("planning.now"), size, true,
                         ButtonKind::primary)) {
            start_ = now - span() * 0.25;
        }
        ImGui::SameLine();
        if (touch_button(ctx, "planning.later", ctx.tr("planning.later"), size))
            start_ += span() * 0.5;
        ImGui::SameLine();
        const float range_x = ImGui::GetCursorPosX();

        // Right-aligned: − span +, the span's text as wide as the widest one.
        float span_w = 0;
        for (const char* key : kSpanKeys)
            span_w = std::max(span_w, ImGui::CalcTextSize(ctx.tr(key)).x);
        const float zoom_w = target * 2 + span_w + style.ItemSpacing.x * 2;
        const float zoom_x = std::max(range_x, ImGui::GetWindowContentRegionMax().x - zoom_w);

        // Between them: the range shown, when it fits.
        const std::tm a = local_tm(start_);
        const std::tm b = local_tm(start_ + span());
        range_.format("%s %02d.%02d. %02d:%02d \xE2\x80\x93 %s %02d.%02d. %02d:%02d",
                      ctx.tr(kDayKeys[a.tm_wday % 7]), a.tm_mday, a.tm_mon + 1, a.tm_hour, a.tm_min,
                      ctx.tr(kDayKeys[b.tm_wday % 7]), b.tm_mday, b.tm_mon + 1, b.tm_hour,
                      b.tm_min);
        const float range_w = ImGui::CalcTextSize(range_.c_str()).x;
        // Texts go straight to the draw list: as items they would take the buttons' baseline.
        ImDrawList* draw = ImGui::GetWindowDrawList();
        const ImVec2 screen = ImGui::GetCursorScreenPos();
        const ImVec2 origin{screen.x - ImGui::GetCursorPosX(), screen.y - ImGui::GetCursorPosY()};
        if (range_x + range_w + style.ItemSpacing.x * 2 < zoom_x) {
            draw->AddText({origin.x + range_x + (zoom_x - range_x - range_w) * 0.5f,
                           origin.y + start.y + text_dy},
                          ImGui::GetColorU32(colors::text_dim()), range_.c_str());
        }
        ImGui::SetCursorPos({zoom_x, start.y});
        if (touch_button(ctx, "planning.zoom_out", "\xE2\x88\x92", {target, target},
                         zoom_ + 1 < kSpans.size())) {
            const double centre = start_ + span() * 0.5;
            ++zoom_;
            start_ = centre - span() * 0.5;
        }
        const char* span_text = ctx.tr(kSpanKeys[zoom_]);
        draw->AddText({origin.x + zoom_x + target + style.ItemSpacing.x +
                           (span_w - ImGui::CalcTextSize(span_text).x) * 0.5f,
                       origin.y + start.y + text_dy},
                      ImGui::GetColorU32(colors::text()), span_text);
        ImGui::SetCursorPos({zoom_x + target + span_w + style.ItemSpacing.x * 2, start.y});
        if (touch_button(ctx, "planning.zoom_in", "+", {target, target}, zoom_ > 0)) {
            const double centre = start_ + span() * 0.5;
            --zoom_;
            start_ = centre - span() * 0.5;
        }
        ImGui::SetCursorPos({start.x, start.y + target + style.ItemSpacing.y});
    }

    [[nodiscard]] float x_of(double seconds) const {
        return chart_x_ + static_cast<float>((seconds - start_) / seconds_per_px());
    }

    void draw_axis(FrameContext& ctx, double now) {
        const float pad = ctx.metrics.pad;
        const float line_h = ImGui::GetTextLineHeight();
        const float axis_h = line_h * 2 + pad * 1.5f;
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        chart_x_ = origin.x + label_w_;
        const float chart_right = chart_x_ + chart_w_;
        ImDrawList* draw = ImGui::GetWindowDrawList();
        draw->AddRectFilled({chart_x_, origin.y}, {chart_right, origin.y + axis_h},
                            ImGui::GetColorU32(colors::panel()));
        const ImVec4 clip{chart_x_, origin.y, chart_right, origin.y + axis_h};
        draw->PushClipRect({clip.x, clip.y}, {clip.z, clip.w}, true);
        const ImU32 text = ImGui::GetColorU32(colors::text());
        const ImU32 dim = ImGui::GetColorU32(colors::text_dim());
        const double end = start_ + span();

        // Hour lines: the smallest step whose labels do not touch.
        step_ = 0;
        const float label_w = ImGui::CalcTextSize("00:00").x + pad * 2;
        for (const double hours : {1.0, 2.0, 3.0, 4.0, 6.0, 12.0}) {
            if (hours * kHour / seconds_per_px() >= label_w) {
                step_ = hours * kHour;
                break;
            }
        }

        // Days on top: a label at each local midnight (kept in view while its day is).
        const TimePoint start_tp{std::chrono::seconds(static_cast<std::int64_t>(start_))};
        for (int d = 0; d < 9; ++d) {
            const double day = seconds_of(local_midnight(start_tp, d));
            if (day >= end) break;
            const double next = seconds_of(local_midnight(start_tp, d + 1));
            const std::tm t = local_tm(day);
            const float x0 = std::max(x_of(day), chart_x_);
            const float room = x_of(next) - x0 - pad;
            const char* weekday = ctx.tr(kDayKeys[t.tm_wday % 7]);
            day_.format("%s %02d.%02d.", weekday, t.tm_mday, t.tm_mon + 1);
            const bool short_day = ImGui::CalcTextSize(day_.c_str()).x > room;
            if (short_day) day_.format("%02d.%02d.", t.tm_mday, t.tm_mon + 1);
            if (ImGui::CalcTextSize(day_.c_str()).x > room) day_.format("%02d.", t.tm_mday);
            if (ImGui::CalcTextSize(day_.c_str()).x <= room)
                draw->AddText({x0 + pad * 0.5f, origin.y + pad * 0.5f}, text, day_.c_str());
            // Too narrow for hours: the weekday goes below the date instead.
            if (step_ == 0 && short_day && ImGui::CalcTextSize(weekday).x <= room)
                draw->AddText({x0 + pad * 0.5f, origin.y + line_h + pad}, dim, weekday);
            if (x_of(day) > chart_x_)
                draw->AddLine({x_of(day), origin.y}, {x_of(day), origin.y + axis_h}, dim, 2.0f);
        }

        // Hours below:
        if (step_ > 0) {
            const double first = seconds_of(local_midnight(start_tp));
            first_tick_ = first + std::floor((start_ - first) / step_) * step_;
            for (double t = first_tick_; t <= end; t += step_) {
                const float x = x_of(t);
                if (x < chart_x_) continue;
                const std::tm parts = local_tm(t);
                hour_.format("%02d:%02d", parts.tm_hour, parts.tm_min);
                draw->AddLine({x, origin.y + line_h + pad}, {x, origin.y + axis_h}, dim);
                draw->AddText({x + 3, origin.y + line_h + pad}, dim, hour_.c_str());
            }
        }
        draw->PopClipRect();
        // The now marker on the axis.
        const float xn = x_of(now);
        if (xn >= chart_x_ && xn <= chart_right) {
            const float s = pad * 0.8f;
            draw->AddTriangleFilled({xn - s, origin.y + axis_h - s},
                                    {xn + s, origin.y + axis_h - s}, {xn, origin.y + axis_h},
                                    ImGui::GetColorU32(colors::error()));
        }
        ImGui::Dummy({label_w_ + chart_w_, axis_h});
    }

    // ---- [SECTION] Rows ------------------------------------------------------------------

    void draw_rows(FrameContext& ctx, double now) {
        const float target = ctx.metrics.target;
        const float pad = ctx.metrics.pad;
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        const auto n = static_cast<float>(rows_.size());
        // A legend line below the rows when they keep a usable height without it.
        const float legend_h = ImGui::GetTextLineHeight() + pad;
        const bool legend = avail.y - legend_h >= n * target * 1.2f;
        const float rows_room = avail.y - (legend ? legend_h : 0.0f);
        const float row_h = std::clamp(rows_room / n, target * 1.2f, target * 2.5f);
        if (legend)
            draw_legend(
                ctx, ImGui::GetCursorScreenPos().y + std::min(rows_room, row_h * n) + pad * 0.5f);
        ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, {0, 0});
        ImGui::BeginChild("##gantt_rows", {0, rows_room}, false,
                          ImGuiWindowFlags_NoScrollWithMouse);
        ImDrawList* draw = ImGui::GetWindowDrawList();
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        chart_x_ = origin.x + label_w_;
        const float chart_right = chart_x_ + chart_w_;
        const ImRect clip = ImGui::GetCurrentWindow()->ClipRect;

        // The drag surface under the bars: pans in time, scrolls the rows, taps a bar.
        ImGui::SetCursorScreenPos({chart_x_, origin.y});
        const bool released = ImGui::InvisibleButton("##gantt", {chart_w_, row_h * n});
        if (ImGui::IsItemActivated()) {
            dragged_ = false;
            drag_from_ = start_;
            drag_scroll_ = ImGui::GetScrollY();
        }
        // Measured from where the finger went down, not frame by frame: frames the loop does
        // not draw (or the one where the finger lifts) lose nothing.
        const ImGuiIO& io = ImGui::GetIO();
        if ((ImGui::IsItemActive() || ImGui::IsItemDeactivated()) && ImGui::IsMousePosValid()) {
            const ImVec2 total{io.MousePos.x - io.MouseClickedPos[0].x,
                               io.MousePos.y - io.MouseClickedPos[0].y};
            if (std::abs(total.x) >= target * 0.2f || std::abs(total.y) >= target * 0.2f)
                dragged_ = true;
            if (dragged_) {
                start_ = drag_from_ - static_cast<double>(total.x) * seconds_per_px();
                ImGui::SetScrollY(drag_scroll_ - total.y);
            }
        }

        const bool may_open = ctx.model.profile != nullptr &&
                              ctx.model.profile->modules.contains(plan::Module::workbench);
        const auto& steps = ctx.model.view->view.work_steps;
        const double end = start_ + span();
        const ImU32 grid = ImGui::GetColorU32({1, 1, 1, 0.06f});
        tappable_.clear();
        for (std::size_t r = 0; r < rows_.size(); ++r) {
            const ResourceRow& row = rows_[r];
            const float y0 = origin.y + row_h * static_cast<float>(r);
            const float y1 = y0 + row_h;
            if (y1 < clip.Min.y || y0 > clip.Max.y) continue;
            if (r % 2 == 1) draw->AddRectFilled({origin.x, y0}, {chart_right, y1}, grid);
            draw->AddLine({origin.x, y1}, {chart_right, y1}, grid);
            // The resource's name, left, wrapped into the label column.
            draw->PushClipRect({origin.x, y0}, {chart_x_ - pad, y1}, true);
            draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), {origin.x + pad, y0 + pad},
                          ImGui::GetColorU32(colors::text()), row.name.c_str(), nullptr,
                          label_w_ - pad * 2);
            draw->PopClipRect();

            draw->PushClipRect({chart_x_, y0}, {chart_right, y1}, true);
            draw_hour_lines(draw, y0, y1);
            const float lane_h = (row_h - pad) / static_cast<float>(row.lanes);
            // Bars starting before the view may still reach into it: look back by the longest.
            auto it = std::lower_bound(row.bars.begin(), row.bars.end(), start_ - row.longest,
                                       [](const Bar& bar, double t) { return bar.start < t; });
            for (; it != row.bars.end() && it->start < end; ++it) {
                if (it->end < start_) continue;
                const float top = y0 + pad * 0.5f + lane_h * static_cast<float>(it->lane);
                draw_bar(ctx, draw, *it, steps[it->step], {x_of(it->start), top},
                         {std::max(x_of(it->end), x_of(it->start) + 2.0f), top + lane_h - 2}, clip,
                         may_open);
            }
            draw->PopClipRect();
        }
        // Now.
        const float xn = x_of(now);
        if (xn >= chart_x_ && xn <= chart_right) {
            draw->AddLine({xn, origin.y}, {xn, origin.y + row_h * n},
                          ImGui::GetColorU32(colors::error()), 2.0f);
        }
        if (released && !dragged_) {
            const ImVec2 at = ImGui::GetIO().MousePos;
            for (const Tappable& t : tappable_) {
                if (t.rect.Contains(at)) {
                    ctx.emit(app::intent::OpenWorkStep{steps[t.step].id});
                    break;
                }
            }
        }
        ImGui::EndChild();
        ImGui::PopStyleVar();
    }

    /// What the colours mean, in one line at `y` under the chart.
    void draw_legend(const FrameContext& ctx, float y) const {
        using plan::WorkStepStatus;
        ImDrawList* draw = ImGui::GetWindowDrawList();
        const float pad = ctx.metrics.pad;
        const float line_h = ImGui::GetTextLineHeight();
        const float box = line_h * 0.8f;
        const float right = chart_x_ + chart_w_;
        float x = chart_x_ - label_w_;
        const ImU32 text = ImGui::GetColorU32(colors::text_dim());
        const auto item = [&](const char* label, ImU32 fill, ImU32 frame, bool corner) {
            const float w = box + pad * 0.5f + ImGui::CalcTextSize(label).x;
            if (x + w > right) return;
            const ImVec2 a{x, y + (line_h - box) * 0.5f};
            const ImVec2 b{x + box, a.y + box};
            draw->AddRectFilled(a, b, fill, 2.0f);
            if (frame != 0) draw->AddRect(a, b, frame, 2.0f, 0, 2.0f);
            if (corner)
                draw->AddTriangleFilled({b.x - box * 0.6f, a.y}, {b.x, a.y},
                                        {b.x, a.y + box * 0.6f},
                                        ImGui::GetColorU32(colors::warn()));
            draw->AddText({x + box + pad * 0.5f, y}, text, label);
            x += w + pad * 2;
        };
        for (const auto status : {WorkStepStatus::open, WorkStepStatus::in_progress,
                                  WorkStepStatus::paused, WorkStepStatus::finished}) {
            item(status_text(status, ctx.tr), ImGui::GetColorU32(status_color(status)), 0, false);
        }
        const ImU32 open = ImGui::GetColorU32(status_color(WorkStepStatus::open));
        item(ctx.tr("planning.late"), open, ImGui::GetColorU32(colors::error()), false);
        item(ctx.tr("planning.unconfirmed"), open, 0, true);
    }

    void draw_hour_lines(ImDrawList* draw, float y0, float y1) const {
        if (step_ <= 0) return;
        const ImU32 line = ImGui::GetColorU32({1, 1, 1, 0.07f});
        for (double t = first_tick_; t <= start_ + span(); t += step_) {
            const float x = x_of(t);
            draw->AddLine({x, y0}, {x, y1}, line);
        }
    }

    void draw_bar(FrameContext& ctx, ImDrawList* draw, const Bar& bar,
                  const plan::ViewWorkStep& step, ImVec2 min, ImVec2 max, const ImRect& clip,
                  bool may_open) {
        const float pad = ctx.metrics.pad;
        const float rounding = ImGui::GetStyle().FrameRounding * 0.6f;
        // A pixel of air between neighbours.
        const ImVec2 a{min.x + 1, min.y};
        const ImVec2 b{std::max(max.x - 1, a.x + 1), max.y};
        draw->AddRectFilled(a, b, ImGui::GetColorU32(status_color(step.status)), rounding);
        if (is_late(step, ctx.model.now))
            draw->AddRect(a, b, ImGui::GetColorU32(colors::error()), rounding, 0, 3.0f);
        if (ctx.model.view->unconfirmed_work_steps.contains(step.id)) {
            const float s = std::min({pad * 1.5f, b.y - a.y, b.x - a.x});
            draw->AddTriangleFilled({b.x - s, a.y}, {b.x, a.y}, {b.x, a.y + s},
                                    ImGui::GetColorU32(colors::warn()));
        }
        // The label inside the bar, cut at its edges and kept in view while the bar is: as
        // many lines as fit — order number, operation, times — or all on one line.
        const float text_x = std::max(a.x, chart_x_) + pad * 0.5f;
        const float line_h = ImGui::GetTextLineHeight();
        const float height = b.y - a.y;
        if (b.x - text_x > pad * 2 && height >= line_h) {
            const ImVec4 inside{a.x, a.y, b.x - pad * 0.25f, b.y};
            const auto lines = static_cast<int>((height - pad * 0.5f) / line_h);
            float y = lines >= 2 ? a.y + pad * 0.35f : a.y + (height - line_h) * 0.5f;
            const char* text = bar.label.c_str();
            const auto line = [&](const char* begin, const char* end) {
                draw->AddText(ImGui::GetFont(), ImGui::GetFontSize(), {text_x, y},
                              label_color(step.status), begin, end, 0, &inside);
                y += line_h;
            };
            const bool split = lines >= 3 && bar.second_at != std::string::npos;
            if (split) {
                line(text, text + bar.first_len);
                line(text + bar.second_at, text + bar.label.size());
            } else {
                line(text, text + bar.label.size());
            }
            if (lines >= 2) {  // a split label took two of three or more lines
                const std::tm s = local_tm(bar.start);
                const std::tm e = local_tm(bar.end);
                time_.format("%02d:%02d\xE2\x80\x93%02d:%02d", s.tm_hour, s.tm_min, e.tm_hour,
                             e.tm_min);
                line(time_.c_str(), nullptr);
            }
        }
        // A target only where a finger fits (and only a step that takes feedback).
        if (!may_open || !step.feedback_allowed) return;
        ImRect visible(a, b);
        visible.ClipWithFull({{chart_x_, clip.Min.y}, clip.Max});
        const float target = ctx.metrics.target;
        if (visible.GetWidth() < target || visible.GetHeight() < target) return;
        tappable_.push_back({visible, bar.step});
        ctx.targets.add(id_.format("planning.bar.%s", step.id.c_str()), bar.label, visible.Min.x,
                        visible.Min.y, visible.GetWidth(), visible.GetHeight(), true);
    }

    struct Tappable {
        ImRect rect;
        std::size_t step = 0;
    };

    ViewKey key_;
    std::vector<ResourceRow> rows_;
    std::vector<Tappable> tappable_;  ///< this frame's bars a finger can hit
    double start_ = 0;                ///< left edge of the chart, seconds since the epoch
    std::size_t zoom_ = kDefaultZoom;
    bool placed_ = false;    ///< start_ was set around now
    bool dragged_ = false;   ///< the finger moved: a pan, not a tap
    double drag_from_ = 0;   ///< start_ when the finger went down
    float drag_scroll_ = 0;  ///< the rows' scroll then
    // This frame's geometry.
    float label_w_ = 0;
    float names_w_ = 0;  ///< the widest resource name
    float chart_x_ = 0;
    float chart_w_ = 1;
    double step_ = 0;        ///< seconds between hour lines; 0: none
    double first_tick_ = 0;  ///< the first hour line at or before start_
    TextBuffer<96> range_;
    TextBuffer<32> day_;
    TextBuffer<16> hour_;
    TextBuffer<32> time_;
    TextBuffer<128> id_;
};

}  // namespace

template <>
std::unique_ptr<ScreenView> make_screen<app::Screen::planning>() {
    return std::make_unique<PlanningScreen>();
}

}  // namespace pt::ui
