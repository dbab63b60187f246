// Touch widgets: every one is at least Metrics::target tall, records itself as a touch target
// (touch_targets.h) so `ctl ui` and the e2e tests see exactly what an operator can touch, and
// never depends on hover or right-click (product.md §3).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ui/frame_context.h"

struct ImVec2;
struct ImVec4;

namespace pt::ui {

enum class ButtonKind : std::uint8_t { normal, primary, danger, selected, quiet };

/// A button of `size` (0 width: fit the label; 0 height: Metrics::button_h), recorded as target
/// `id`. Returns true when tapped and enabled.
bool touch_button(FrameContext& ctx, std::string_view id, std::string_view label, ImVec2 size,
                  bool enabled = true, ButtonKind kind = ButtonKind::normal);

/// Records the last ImGui item as target `id` (for custom widgets: tiles, table rows, bars).
void record_last_item(FrameContext& ctx, std::string_view id, std::string_view label,
                      bool enabled = true);

/// Text in a colour.
void colored_text(const ImVec4& color, std::string_view text);

/// UI state of a numeric entry (quantities, PIN).
struct NumberEntry {
    std::string digits;
    std::size_t max_digits = 7;
    void reset() { digits.clear(); }
    /// The value typed (0 when empty).
    [[nodiscard]] std::int64_t value() const;
};

/// An on-screen numpad (0–9, ⌫, C) of `width` for `entry`; targets `<id>.0` … `<id>.back`,
/// `<id>.clear`. Keys are `key_h` tall (0: from the width). Returns true when a key changed
/// the entry.
bool numpad(FrameContext& ctx, std::string_view id, NumberEntry& entry, float width,
            float key_h = 0);

/// UI state of the on-screen keyboard's text.
struct TextEntry {
    std::string text;
    std::size_t max_length = 200;
    bool shift = false;
    void reset() {
        text.clear();
        shift = false;
    }
};

/// An on-screen keyboard (QWERTZ for German, QWERTY otherwise; space, ⌫, shift) of `width` for
/// `entry`; targets `<id>.<key>`. Returns true when a key changed the text.
bool keyboard(FrameContext& ctx, std::string_view id, TextEntry& entry, float width);

/// Typed characters from a physical keyboard this frame (not scans), for the entries above.
void feed_typed(NumberEntry& entry, std::string_view typed);
void feed_typed(TextEntry& entry, std::string_view typed);

}  // namespace pt::ui
