#include "ui/widgets.h"

#include <imgui.h>
#include <imgui_internal.h>

#include <array>
#include <charconv>

#include "ui/theme.h"

namespace pt::ui {
namespace {

// ImGui needs a unique label per widget ("label##id"); one buffer, reused: no allocation.
const char* imgui_label(std::string_view label, std::string_view id) {
    static std::string buffer;
    buffer.assign(label);
    buffer += "##";
    buffer += id;
    return buffer.c_str();
}

void push_kind(ButtonKind kind) {
    ImVec4 base = ImGui::GetStyle().Colors[ImGuiCol_Button];
    switch (kind) {
        case ButtonKind::primary:
            base = colors::accent();
            break;
        case ButtonKind::danger:
            base = colors::error();
            break;
        case ButtonKind::selected:
            base = {0.18f, 0.36f, 0.60f, 1.0f};
            break;
        case ButtonKind::quiet:
            base = colors::panel();
            break;
        case ButtonKind::normal:
            break;
    }
    const ImVec4 hover{base.x * 1.15f, base.y * 1.15f, base.z * 1.15f, 1.0f};
    ImGui::PushStyleColor(ImGuiCol_Button, base);
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, hover);
}

}  // namespace

void record_last_item(FrameContext& ctx, std::string_view id, std::string_view label,
                      bool enabled) {
    if (!ImGui::IsItemVisible()) return;
    // Only the part inside the window's clip rectangle can be touched.
    ImRect rect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    rect.ClipWithFull(ImGui::GetCurrentWindow()->ClipRect);
    ctx.targets.add(id, label, rect.Min.x, rect.Min.y, rect.GetWidth(), rect.GetHeight(), enabled);
}

bool touch_button(FrameContext& ctx, std::string_view id, std::string_view label, ImVec2 size,
                  bool enabled, ButtonKind kind) {
    if (size.y <= 0) size.y = ctx.metrics.button_h;
    size.y = std::max(size.y, ctx.metrics.target);
    if (size.x > 0) size.x = std::max(size.x, ctx.metrics.target);
    push_kind(kind);
    if (!enabled) ImGui::BeginDisabled();
    const bool pressed = ImGui::Button(imgui_label(label, id), size);
    if (!enabled) ImGui::EndDisabled();
    ImGui::PopStyleColor(2);
    record_last_item(ctx, id, label, enabled);
    return pressed && enabled;
}

void colored_text(const ImVec4& color, std::string_view text) {
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopStyleColor();
}

std::int64_t NumberEntry::value() const {
    std::int64_t result = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), result);
    return result;
}

bool numpad(FrameContext& ctx, std::string_view id, NumberEntry& entry, float width, float key_h) {
    static constexpr std::array<const char*, 12> keys{"7", "8", "9", "4", "5", "6",
                                                      "1", "2", "3", "C", "0", "back"};
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float key_w = (width - 2 * gap) / 3.0f;
    if (key_h <= 0) key_h = std::max(ctx.metrics.target * 1.15f, key_w * 0.45f);
    bool changed = false;
    std::string key_id;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (i % 3 != 0) ImGui::SameLine();
        const std::string_view key = keys[i];
        key_id.assign(id);
        key_id += '.';
        key_id += key == "C" ? "clear" : key;
        const char* label = key == "back" ? "\xE2\x86\x90" : keys[i];  // ←
        if (!touch_button(ctx, key_id, label, {key_w, key_h})) continue;
        if (key == "C") {
            entry.digits.clear();
        } else if (key == "back") {
            if (!entry.digits.empty()) entry.digits.pop_back();
        } else if (entry.digits.size() < entry.max_digits && !(entry.digits == "0")) {
            entry.digits += key;
        } else if (entry.digits == "0") {
            entry.digits = std::string(key);
        }
        changed = true;
    }
    return changed;
}

namespace {

// Both layouts have the same shape; German swaps y and z and adds the umlauts on the right.
constexpr std::array<const char*, 4> kRowsEn{"1234567890", "qwertyuiop", "asdfghjkl-",
                                             "zxcvbnm,./"};
constexpr std::array<const char*, 4> kRowsDe{"1234567890", "qwertzuiop\xC3\xBC",
                                             "asdfghjkl\xC3\xB6\xC3\xA4", "yxcvbnm,.-"};

std::string upper(std::string_view key) {
    if (key == "\xC3\xBC") return "\xC3\x9C";
    if (key == "\xC3\xB6") return "\xC3\x96";
    if (key == "\xC3\xA4") return "\xC3\x84";
    std::string out(key);
    if (out.size() == 1 && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
    return out;
}

// Splits a row of UTF-8 into its characters.
std::vector<std::string> characters(std::string_view row) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < row.size();) {
        std::size_t n = 1;
        const auto lead = static_cast<unsigned char>(row[i]);
        if (lead >= 0xF0)
            n = 4;
        else if (lead >= 0xE0)
            n = 3;
        else if (lead >= 0xC0)
            n = 2;
        out.emplace_back(row.substr(i, n));
        i += n;
    }
    return out;
}

void erase_last_character(std::string& text) {
    while (!text.empty()) {
        const auto byte = static_cast<unsigned char>(text.back());
        text.pop_back();
        if ((byte & 0xC0) != 0x80) break;  // stop after the lead byte
    }
}

}  // namespace

bool keyboard(FrameContext& ctx, std::string_view id, TextEntry& entry, float width) {
    const bool german = ctx.model.language == "de";
    const auto& rows = german ? kRowsDe : kRowsEn;
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float key_w = (width - 10 * gap) / 11.0f;
    const float key_h = ctx.metrics.target;
    bool changed = false;
    std::string key_id;
    for (const char* row : rows) {
        bool first = true;
        for (const auto& key : characters(row)) {
            if (!first) ImGui::SameLine();
            first = false;
            const std::string shown = entry.shift ? upper(key) : key;
            key_id.assign(id);
            key_id += '.';
            key_id += shown;
            if (touch_button(ctx, key_id, shown, {key_w, key_h}) &&
                entry.text.size() + shown.size() <= entry.max_length) {
                entry.text += shown;
                entry.shift = false;
                changed = true;
            }
        }
    }
    key_id.assign(id);
    if (touch_button(ctx, key_id + ".shift", "\xE2\x87\xA7", {key_w * 2 + gap, key_h}, true,
                     entry.shift ? ButtonKind::selected : ButtonKind::normal)) {
        entry.shift = !entry.shift;
    }
    ImGui::SameLine();
    if (touch_button(ctx, key_id + ".space", " ", {key_w * 6 + gap * 5, key_h}) &&
        entry.text.size() < entry.max_length) {
        entry.text += ' ';
        changed = true;
    }
    ImGui::SameLine();
    if (touch_button(ctx, key_id + ".back", "\xE2\x86\x90", {key_w * 3 + gap * 2, key_h}) &&
        !entry.text.empty()) {
        erase_last_character(entry.text);
        changed = true;
    }
    return changed;
}

void feed_typed(NumberEntry& entry, std::string_view typed) {
    for (const char c : typed) {
        if (c >= '0' && c <= '9' && entry.digits.size() < entry.max_digits) {
            if (entry.digits == "0") entry.digits.clear();
            entry.digits += c;
        } else if (c == '\b' && !entry.digits.empty()) {
            entry.digits.pop_back();
        }
    }
}

void feed_typed(TextEntry& entry, std::string_view typed) {
    for (const char c : typed) {
        if (c == '\b') {
            erase_last_character(entry.text);
        } else if (static_cast<unsigned char>(c) >= 0x20 && entry.text.size() < entry.max_length) {
            entry.text += c;
        }
    }
}

}  // namespace pt::ui
