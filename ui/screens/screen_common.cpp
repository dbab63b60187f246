#include "ui/screens/screen_common.h"

#include <imgui_internal.h>

#include <ctime>

#include "ui/theme.h"

namespace pt::ui {

namespace {

/// A fast mix of 64-bit values (not cryptographic: it only has to notice a change).
class Hash {
public:
    void add(std::uint64_t value) {
        state_ = (state_ ^ value) * 0x9E3779B97F4A7C15ULL;
        state_ ^= state_ >> 29;
    }
    void add(const std::optional<plan::Timestamp>& t) {
        add(t ? static_cast<std::uint64_t>(t->time_since_epoch().count()) : 0x5A5A5A5AULL);
    }
    void add(const std::optional<std::int64_t>& n) {
        add(n ? static_cast<std::uint64_t>(*n) : 0xA5A5A5A5ULL);
    }
    [[nodiscard]] std::uint64_t value() const { return state_; }

private:
    std::uint64_t state_ = 0xCBF29CE484222325ULL;
};

}  // namespace

ViewKey view_key(const FrameContext& ctx) {
    ViewKey key;
    key.view = ctx.model.view;
    key.profile = ctx.model.profile;
    key.tr = &ctx.tr;
    if (const plan::OptimisticView* v = ctx.model.view) {
        key.orders = v->view.orders.size();
        key.resources = v->view.resources.size();
        key.work_steps = v->view.work_steps.size();
        key.processes = v->view.processes.size();
        key.unconfirmed = v->unconfirmed_work_steps.size() + v->unconfirmed_processes.size();
        Hash hash;
        for (const auto& w : v->view.work_steps) {
            hash.add(static_cast<std::uint64_t>(w.status) | (w.feedback_allowed ? 0x100U : 0U));
            hash.add(w.planned_start);
            hash.add(w.planned_end);
            hash.add(w.quantity_good);
            hash.add(w.quantity_scrap);
        }
        for (const auto& p : v->view.processes) {
            hash.add(static_cast<std::uint64_t>(p.status) | (p.feedback_allowed ? 0x100U : 0U));
            hash.add(p.due);
        }
        for (const auto& o : v->view.orders)
            hash.add(static_cast<std::uint64_t>(o.due.time_since_epoch().count()));
        key.content = hash.value();
    }
    return key;
}

std::int64_t minute_of(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::minutes>(t.time_since_epoch()).count();
}

TimePoint local_midnight(TimePoint t, int days_after) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
    std::tm parts{};
    ::localtime_r(&seconds, &parts);
    parts.tm_hour = 0;
    parts.tm_min = 0;
    parts.tm_sec = 0;
    parts.tm_mday += days_after;  // mktime normalises across months and DST changes
    parts.tm_isdst = -1;
    return std::chrono::system_clock::from_time_t(std::mktime(&parts));
}

double seconds_of(TimePoint t) {
    return std::chrono::duration<double>(t.time_since_epoch()).count();
}

bool is_late(const plan::ViewWorkStep& step, TimePoint now) {
    using plan::WorkStepStatus;
    if (step.status == WorkStepStatus::finished || step.status == WorkStepStatus::cancelled)
        return false;
    if (step.planned_end && *step.planned_end < now) return true;
    return step.status == WorkStepStatus::open && step.planned_start && *step.planned_start < now;
}

ImVec4 status_color(plan::WorkStepStatus status) {
    switch (status) {
        case plan::WorkStepStatus::open:
            return colors::open();
        case plan::WorkStepStatus::in_progress:
            return colors::running();
        case plan::WorkStepStatus::paused:
            return colors::warn();
        case plan::WorkStepStatus::finished:
            return colors::ok();
        case plan::WorkStepStatus::cancelled:
            return {0.22f, 0.22f, 0.24f, 1.0f};
    }
    return colors::open();
}

ImVec4 status_color(plan::ProcessStatus status) {
    switch (status) {
        case plan::ProcessStatus::open:
            return colors::open();
        case plan::ProcessStatus::in_progress:
            return colors::running();
        case plan::ProcessStatus::done:
            return colors::ok();
        case plan::ProcessStatus::cancelled:
            return {0.22f, 0.22f, 0.24f, 1.0f};
    }
    return colors::open();
}

bool list_button(FrameContext& ctx, std::string_view id, std::string_view label, ImVec2 size,
                 bool enabled, ButtonKind kind) {
    // The rectangle touch_button will take (it enforces the minimum size the same way).
    const float target = ctx.metrics.target;
    const float w = size.x > 0 ? std::max(size.x, target)
                               : ImGui::CalcTextSize(label.data(), label.data() + label.size()).x +
                                     ImGui::GetStyle().FramePadding.x * 2;
    const float h = std::max(size.y > 0 ? size.y : ctx.metrics.button_h, target);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImRect visible(at, {at.x + w, at.y + h});
    visible.ClipWithFull(ImGui::GetCurrentWindow()->ClipRect);
    constexpr float kSlack = 0.5f;
    if (visible.GetWidth() >= target - kSlack && visible.GetHeight() >= target - kSlack)
        return touch_button(ctx, id, label, size, enabled, kind);
    // Drawn the same, tappable the same, but not offered as a target: its targets go nowhere.
    static TouchTargets scratch;
    scratch.begin_frame();
    FrameContext hidden{ctx.model, ctx.tr, ctx.fonts, ctx.metrics, scratch, ctx.intents, {}};
    return touch_button(hidden, id, label, size, enabled, kind);
}

void text_ellipsis(ImDrawList* draw, ImVec2 pos, float max_x, std::string_view text, ImU32 color) {
    if (text.empty() || max_x <= pos.x) return;
    const char* begin = text.data();
    const char* end = begin + text.size();
    const ImVec2 size = ImGui::CalcTextSize(begin, end);
    if (pos.x + size.x <= max_x) {
        draw->AddText(pos, color, begin, end);
        return;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::RenderTextEllipsis(draw, pos, {max_x, pos.y + size.y}, max_x, max_x, begin, end, &size);
    ImGui::PopStyleColor();
}

void DragScroll::update() {
    if (ImGui::IsMouseClicked(0)) {
        active = ImGui::IsWindowHovered() && !ImGui::IsAnyItemHovered();
        from = ImGui::GetScrollY();
    }
    if (!active) return;
    // Measured from where the finger went down, so frames not drawn lose nothing.
    const ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsMousePosValid())
        ImGui::SetScrollY(from - (io.MousePos.y - io.MouseClickedPos[0].y));
    if (!ImGui::IsMouseDown(0)) active = false;
}

void FingerScroll::update() {
    const ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsMouseClicked(0)) {
        active = ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
        from = {ImGui::GetScrollX(), ImGui::GetScrollY()};
    }
    if (!active) return;
    if (ImGui::IsMousePosValid() && ImGui::IsMouseDragPastThreshold(0)) {
        ImGui::SetScrollX(from.x - (io.MousePos.x - io.MouseClickedPos[0].x));
        ImGui::SetScrollY(from.y - (io.MousePos.y - io.MouseClickedPos[0].y));
    }
    if (!ImGui::IsMouseDown(0)) active = false;
}

bool tap_not_drag() {
    const ImGuiIO& io = ImGui::GetIO();
    return io.MouseDragMaxDistanceSqr[0] < io.MouseDragThreshold * io.MouseDragThreshold;
}

void empty_state(FrameContext& ctx, const char* title, const char* text) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 origin = ImGui::GetCursorPos();
    const float wrap = std::min(avail.x * 0.85f, ctx.metrics.target * 14);
    const float x = origin.x + (avail.x - wrap) * 0.5f;
    ImGui::SetCursorPos({x, origin.y + avail.y * 0.28f});
    ImGui::PushTextWrapPos(x + wrap);
    ImGui::PushFont(ctx.fonts.large);
    const float title_w = std::min(ImGui::CalcTextSize(title).x, wrap);
    ImGui::SetCursorPosX(x + (wrap - title_w) * 0.5f);
    ImGui::TextWrapped("%s", title);
    ImGui::PopFont();
    ImGui::Spacing();
    const float text_w = std::min(ImGui::CalcTextSize(text).x, wrap);
    ImGui::SetCursorPosX(x + (wrap - text_w) * 0.5f);
    ImGui::PushStyleColor(ImGuiCol_Text, colors::text_dim());
    ImGui::TextWrapped("%s", text);
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
}

}  // namespace pt::ui
