// Helpers shared by the screens under ui/screens/: cache keys (screens recompute what they show
// only when the view, the language or the minute changes), local days, lateness, status
// colours, list buttons that only count as touch targets when a finger fits on their visible
// part, and clipped text. Pure drawing helpers: nothing here keeps state between frames.
#pragma once

#include <imgui.h>

#include <algorithm>
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "ui/frame_context.h"
#include "ui/widgets.h"

namespace pt::ui {

/// What a cached computation over the partner's view depends on; compare with the previous
/// frame's key and recompute when it differs.
struct ViewKey {
    const plan::OptimisticView* view = nullptr;
    const app::OperatorProfile* profile = nullptr;
    const Translations* tr = nullptr;
    std::size_t orders = 0;
    std::size_t resources = 0;
    std::size_t work_steps = 0;
    std::size_t processes = 0;
    std::size_t unconfirmed = 0;
    /// A hash of what changes in place (statuses, quantities, planned times, due dates): a new
    /// snapshot may reuse the freed memory of an older one, so the pointer alone can mislead.
    std::uint64_t content = 0;
    bool operator==(const ViewKey&) const = default;
};

/// The key of this frame's model (one pass over the view: no allocation, ~µs per 1,000 steps).
[[nodiscard]] ViewKey view_key(const FrameContext& ctx);

/// Whole minutes since the epoch (caches that show "late" or "today" follow it).
[[nodiscard]] std::int64_t minute_of(TimePoint t);

/// Midnight (local time of the terminal) starting the day `days_after` days after `t`'s day.
[[nodiscard]] TimePoint local_midnight(TimePoint t, int days_after = 0);

/// Seconds since the epoch as a double (the Gantt's and the load chart's time axis).
[[nodiscard]] double seconds_of(TimePoint t);

/// Whether a work step is late at `now`: unfinished after its planned end, or still open after
/// its planned start. Never late when the planned columns are not chosen (R9).
[[nodiscard]] bool is_late(const plan::ViewWorkStep& step, TimePoint now);

/// The colour of a status everywhere (chips, Gantt bars).
[[nodiscard]] ImVec4 status_color(plan::WorkStepStatus status);
[[nodiscard]] ImVec4 status_color(plan::ProcessStatus status);

/// A touch_button inside a scrolled list: drawn and tappable as always, but recorded as a touch
/// target only when its visible part is at least Metrics::target in both directions (a sliver
/// at the list's edge is no target; scrolling makes it one).
bool list_button(FrameContext& ctx, std::string_view id, std::string_view label, ImVec2 size,
                 bool enabled = true, ButtonKind kind = ButtonKind::normal);

/// Text at `pos` in the current font, cut with "…" at `max_x`.
void text_ellipsis(ImDrawList* draw, ImVec2 pos, float max_x, std::string_view text, ImU32 color);

/// A centred message for an empty screen: `title` large, `text` dim below it.
void empty_state(FrameContext& ctx, const char* title, const char* text);

/// Scrolling a list by dragging its background with a finger (a drag that starts on a button
/// does not scroll). Call update() inside the child window, after its items.
struct DragScroll {
    bool active = false;
    float from = 0;  ///< the scroll position when the finger went down
    void update();
};

/// Scrolling a list whose items cover it (tiles, table rows): a finger that moves past the
/// drag threshold scrolls, wherever it went down; both ways. Call update() inside the scrolled
/// window, after its items. Items must act only on a tap (tap_not_drag()).
struct FingerScroll {
    bool active = false;
    ImVec2 from{};  ///< the scroll position when the finger went down
    void update();
};

/// True when the mouse button just released ended a tap, not a drag (for items under a
/// FingerScroll).
[[nodiscard]] bool tap_not_drag();

/// A fixed buffer for short texts formatted each frame (ids, numbers) without allocating.
template <std::size_t N>
class TextBuffer {
public:
    [[gnu::format(printf, 2, 3)]] std::string_view format(const char* pattern, ...) {
        va_list args;
        va_start(args, pattern);
        const int n = std::vsnprintf(data_, N, pattern, args);
        va_end(args);
        length_ = n < 0 ? 0 : std::min<std::size_t>(static_cast<std::size_t>(n), N - 1);
        return view();
    }
    [[nodiscard]] std::string_view view() const { return {data_, length_}; }
    [[nodiscard]] const char* c_str() const { return data_; }

private:
    char data_[N] = {};
    std::size_t length_ = 0;
};

}  // namespace pt::ui
