// The login screen (product.md §3): "scan your badge", the terminal's state (connectivity,
// pending reports, last sync, name, clock), the language switch, and the PIN pad when the
// operator has a PIN. A badge is only ever a scan: there is no field to type one into.
#include <imgui.h>

#include <algorithm>

#include "ui/format.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace pt::ui {
namespace {

class LoginScreen final : public ScreenView {
public:
    void draw(FrameContext& ctx) override {
        const UiModel& m = ctx.model;
        if (m.session_state == app::SessionState::pin_needed) {
            draw_pin_pad(ctx);
            return;
        }
        pin_.reset();
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        const float status_w = std::min(avail.x * 0.36f, ctx.metrics.target * 9);
        const float prompt_w = avail.x - status_w - ctx.metrics.pad;

        ImGui::BeginChild("##prompt", {prompt_w, avail.y}, false, ImGuiWindowFlags_NoScrollbar);
        ImGui::SetCursorPosY(avail.y * 0.22f);
        ImGui::PushFont(ctx.fonts.huge);
        // Revoked (the server refused this terminal's own token): nobody can log in online here
        // until a technician enrols it again, so that is what the screen says above all else.
        const bool revoked = m.enrolled && m.sync.terminal_revoked;
        const char* prompt = m.session_state == app::SessionState::logging_in
                                 ? ctx.tr("login.checking")
                             : revoked    ? ctx.tr("login.revoked")
                             : m.enrolled ? ctx.tr("login.scan_badge")
                                          : ctx.tr("login.not_enrolled");
        centered_wrapped(prompt, prompt_w);
        ImGui::PopFont();
        ImGui::Spacing();
        if (revoked) {
            ImGui::PushStyleColor(ImGuiCol_Text, colors::error());
            ImGui::PushFont(ctx.fonts.large);
            centered_wrapped(ctx.tr("login.revoked_hint"), prompt_w);
            ImGui::PopFont();
            ImGui::PopStyleColor();
        } else if (!m.notice.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, colors::error());
            ImGui::PushFont(ctx.fonts.large);
            centered_wrapped(notice_text(ctx).c_str(), prompt_w);
            ImGui::PopFont();
            ImGui::PopStyleColor();
        } else {
            ImGui::PushStyleColor(ImGuiCol_Text, colors::text_dim());
            const char* hint = !m.enrolled ? ctx.tr("login.call_technician")
                               : m.session_state == app::SessionState::logging_in
                                   ? ctx.tr("login.please_wait")
                                   : ctx.tr("login.hint");
            centered_wrapped(hint, prompt_w);
            ImGui::PopStyleColor();
        }
        ImGui::EndChild();

        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_ChildBg, colors::panel());
        ImGui::BeginChild("##status", {status_w, avail.y}, false,
                          ImGuiWindowFlags_AlwaysUseWindowPadding);
        draw_status(ctx, status_w);
        ImGui::EndChild();
        ImGui::PopStyleColor();
    }

    void reset() override { pin_.reset(); }

private:
    static void centered_wrapped(const char* text, float width) {
        const float text_w = ImGui::CalcTextSize(text).x;
        if (text_w < width - 20) {
            ImGui::SetCursorPosX((width - text_w) * 0.5f);
            ImGui::TextUnformatted(text);
        } else {
            ImGui::PushTextWrapPos(width - 10);
            ImGui::SetCursorPosX(10);
            ImGui::TextWrapped("%s", text);
            ImGui::PopTextWrapPos();
        }
    }

    void draw_status(FrameContext& ctx, float width) {
        const UiModel& m = ctx.model;
        ImGui::PushFont(ctx.fonts.huge);
        const std::string clock = clock_hm(m.now);
        ImGui::SetCursorPosX((width - ImGui::CalcTextSize(clock.c_str()).x) * 0.5f);
        ImGui::TextUnformatted(clock.c_str());
        ImGui::PopFont();
        ImGui::Separator();

        const bool online = m.sync.online;
        ImGui::PushStyleColor(ImGuiCol_Text, online ? colors::ok() : colors::warn());
        ImGui::TextWrapped("%s", online ? ctx.tr("login.online") : ctx.tr("login.offline"));
        ImGui::PopStyleColor();
        if (m.sync.last_success) {
            ImGui::TextWrapped("%s", format_text(ctx.tr("login.last_sync"),
                                                 {ago(*m.sync.last_success, m.now, ctx.tr)})
                                         .c_str());
        } else {
            ImGui::TextWrapped("%s", ctx.tr("login.never_synced"));
        }
        if (m.sync.pending > 0) {
            ImGui::PushStyleColor(ImGuiCol_Text, colors::warn());
            const std::string pending =
                m.sync.pending == 1
                    ? std::string(ctx.tr("login.pending_one"))
                    : format_text(ctx.tr("login.pending"), {std::to_string(m.sync.pending)});
            ImGui::TextWrapped("%s", pending.c_str());
            ImGui::PopStyleColor();
        } else {
            ImGui::TextWrapped("%s", ctx.tr("login.nothing_pending"));
        }
        ImGui::TextDisabled("%s", m.terminal_name.c_str());

        // The language switch sits at the bottom of the panel.
        const float row_h = ctx.metrics.target + ImGui::GetStyle().ItemSpacing.y;
        const float bottom = ImGui::GetWindowHeight() - row_h - ImGui::GetStyle().WindowPadding.y;
        if (ImGui::GetCursorPosY() < bottom) ImGui::SetCursorPosY(bottom);
        const float gap = ImGui::GetStyle().ItemSpacing.x;
        const auto count = static_cast<float>(std::max<std::size_t>(1, m.languages.size()));
        const float button_w = (ImGui::GetContentRegionAvail().x - gap * (count - 1)) / count;
        std::string id;
        bool first = true;
        for (const auto& language : m.languages) {
            if (!first) ImGui::SameLine();
            first = false;
            id = "lang." + language;
            const std::string key = "language." + language;
            if (touch_button(ctx, id, ctx.tr(key), {button_w, ctx.metrics.target}, true,
                             language == m.language ? ButtonKind::selected : ButtonKind::normal)) {
                ctx.next_language = language;
            }
        }
    }

    void draw_pin_pad(FrameContext& ctx) {
        const UiModel& m = ctx.model;
        feed_typed(pin_, m.typed_text);
        if (m.typed_enter && !pin_.digits.empty()) submit(ctx);

        const ImVec2 avail = ImGui::GetContentRegionAvail();
        const float gap = ImGui::GetStyle().ItemSpacing.y;
        const float target = ctx.metrics.target;
        // Side by side on wide panels (prompt and Cancel / OK left, keys right), so the keys
        // get the full height and Cancel stays clear of the banners at the bottom; stacked on
        // narrow ones.
        const bool side_by_side = avail.x >= target * 12;
        const float pad_w = side_by_side ? std::min(avail.x * 0.5f, target * 8)
                                         : std::min(avail.x * 0.9f, target * 8);
        const float column_w =
            side_by_side ? std::min(avail.x - pad_w - target, target * 6) : pad_w;
        const float total_w = side_by_side ? column_w + target + pad_w : pad_w;
        const float left = ImGui::GetCursorPosX() + (avail.x - total_w) * 0.5f;
        const float top = ImGui::GetCursorPosY();

        ImGui::SetCursorPosX(left);
        ImGui::BeginGroup();
        ImGui::PushFont(ctx.fonts.large);
        ImGui::TextUnformatted(ctx.tr("login.enter_pin"));
        ImGui::PopFont();
        // The PIN is never shown, only one dot per digit.
        dots_.clear();
        for (std::size_t i = 0; i < pin_.digits.size(); ++i)
            dots_ += "\xE2\x97\x8F ";  // ●
        ImGui::PushFont(ctx.fonts.huge);
        if (dots_.empty()) {
            ImGui::TextDisabled("%s",
                                "\xE2\x80\x93 \xE2\x80\x93 \xE2\x80\x93 \xE2\x80\x93");  // – – – –
        } else {
            ImGui::TextUnformatted(dots_.c_str());
        }
        ImGui::PopFont();
        const auto buttons = [&](float button_w, float button_h, bool stacked) {
            if (touch_button(ctx, "pin.cancel", ctx.tr("common.cancel"), {button_w, button_h})) {
                pin_.reset();
                ctx.emit(app::intent::CancelPin{});
            }
            if (!stacked) ImGui::SameLine();
            if (touch_button(ctx, "pin.ok", ctx.tr("common.ok"), {button_w, button_h},
                             !pin_.digits.empty(), ButtonKind::primary)) {
                submit(ctx);
            }
        };
        if (side_by_side) {
            ImGui::Dummy({column_w, target * 0.5f});
            buttons(column_w, target * 1.3f, true);
            ImGui::EndGroup();
            // The keys: as tall as the room allows.
            const float key_h =
                std::clamp((avail.y - gap * 4) / 4.0f, target * 1.15f, target * 1.8f);
            ImGui::SetCursorPos({left + column_w + target, top});
            ImGui::BeginChild("##pinpad", {pad_w, key_h * 4 + gap * 4}, false,
                              ImGuiWindowFlags_NoScrollbar);
            numpad(ctx, "pin", pin_, pad_w, key_h);
            ImGui::EndChild();
            return;
        }
        // Stacked: four rows of keys, then Cancel / OK right below, sized from the room left.
        const float room = avail.y - (ImGui::GetCursorPosY() - top) - target - gap * 2;
        const float key_h = std::clamp((room - gap * 4) / 4.0f, target * 1.15f, target * 1.8f);
        ImGui::BeginChild("##pinpad", {pad_w, key_h * 4 + gap * 4}, false,
                          ImGuiWindowFlags_NoScrollbar);
        numpad(ctx, "pin", pin_, pad_w, key_h);
        ImGui::EndChild();
        buttons((pad_w - ImGui::GetStyle().ItemSpacing.x) * 0.5f, target, false);
        ImGui::EndGroup();
    }

    void submit(FrameContext& ctx) {
        ctx.emit(app::intent::EnterPin{pin_.digits});
        pin_.reset();
    }

    /// The notice in the UI's language: the session hands over a translation key (a text
    /// that is none shows as it is). Made again only when notice or language change.
    const std::string& notice_text(FrameContext& ctx) {
        const UiModel& m = ctx.model;
        if (m.notice != notice_key_ || m.notice_detail != notice_detail_ ||
            m.language != notice_language_) {
            notice_key_ = m.notice;
            notice_detail_ = m.notice_detail;
            notice_language_ = m.language;
            notice_text_ = format_text(ctx.tr(m.notice), {m.notice_detail});
        }
        return notice_text_;
    }

    NumberEntry pin_{.digits = {}, .max_digits = 12};
    std::string dots_;  ///< reused: no allocation per frame
    std::string notice_key_, notice_detail_, notice_language_, notice_text_;
};

}  // namespace

template <>
std::unique_ptr<ScreenView> make_screen<app::Screen::login>() {
    return std::make_unique<LoginScreen>();
}

}  // namespace pt::ui
