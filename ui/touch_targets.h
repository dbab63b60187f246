// Every touch target drawn in a frame, in window pixels, for `partner-terminal ctl ui` (the e2e
// tests tap through it) — the list of what an operator can touch right now.
#pragma once

#include <string>
#include <vector>

namespace pt::ui {

struct TouchTarget {
    std::string id;     ///< stable: `nav.dashboard`, `tile.W1`, `detail.start`, `numpad.7` …
    std::string label;  ///< what the operator reads on it
    float x = 0, y = 0, w = 0, h = 0;  ///< the visible part, in window pixels
    bool enabled = true;
};

/// Collects the targets of one frame. The storage is reused from frame to frame.
class TouchTargets {
public:
    /// Forgets the previous frame's targets (keeps their memory).
    void begin_frame() { count_ = 0; }
    /// Records one target; ignored when w or h is not positive (not visible).
    void add(std::string_view id, std::string_view label, float x, float y, float w, float h,
             bool enabled);
    /// This frame's targets, in drawing order.
    [[nodiscard]] std::vector<TouchTarget> snapshot() const {
        return {targets_.begin(), targets_.begin() + static_cast<std::ptrdiff_t>(count_)};
    }
    /// How many targets this frame has.
    [[nodiscard]] std::size_t size() const noexcept { return count_; }

private:
    std::vector<TouchTarget> targets_;
    std::size_t count_ = 0;
};

}  // namespace pt::ui
