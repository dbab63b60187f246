#include "ui/shell.h"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <iterator>

#include "ui/format.h"
#include "ui/widgets.h"

namespace pt::ui {
namespace {

constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                    ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoBringToFrontOnFocus;
constexpr ImGuiWindowFlags kOverlay = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                      ImGuiWindowFlags_NoSavedSettings |
                                      ImGuiWindowFlags_NoFocusOnAppearing;

}  // namespace

Shell::Shell() : screens_(make_screens()) {}

void Shell::follow(const UiModel& model) {
    if (model.session_generation != generation_) {
        // R11: a new operator, partner or technician starts from clean screens.
        for (auto& screen : screens_)
            screen->reset();
        generation_ = model.session_generation;
    } else if (model.screen != shown_) {
        screens_[static_cast<std::size_t>(shown_)]->reset();
    }
    shown_ = model.screen;
}

bool Shell::animating(const UiModel& model) const {
    if (model.countdown_s || model.session_state == app::SessionState::logging_in) return true;
    return screens_[static_cast<std::size_t>(model.screen)]->animating(model);
}

void Shell::refresh_texts(const FrameContext& ctx) {
    const UiModel& m = ctx.model;
    Texts& t = texts_;
    // The loop loads another language into the same Translations object: compare languages.
    const bool new_language = t.language != ctx.tr.language() || t.menu_ids.empty();
    const auto minute =
        std::chrono::duration_cast<std::chrono::minutes>(m.now.time_since_epoch()).count();
    if (new_language || minute != t.minute) {
        t.minute = minute;
        t.clock = clock_hm(m.now);
    }
    if (new_language || m.sync.pending != t.pending) {
        t.pending = m.sync.pending;
        t.pending_text = m.sync.pending > 0
                             ? format_text(ctx.tr("bar.pending"), {std::to_string(m.sync.pending)})
                             : std::string();
    }
    const std::int64_t countdown = m.countdown_s.value_or(-1);
    if (new_language || countdown != t.countdown) {
        t.countdown = countdown;
        t.countdown_text = format_text(ctx.tr("idle.countdown"), {std::to_string(countdown)});
    }
    if (m.update_notice) {
        const app::UpdateNotice& notice = *m.update_notice;
        // A confirmation counts down: its text changes each second.
        const bool counting = notice.state == app::UpdateState::confirm;
        const std::string left = counting ? std::to_string(app::seconds_left(notice, m.now)) : "";
        std::string shown =
            std::string(app::name_of(notice.state)) + " " + notice.detail + " " + left;
        if (new_language || shown != t.update_shown) {
            t.update_shown = std::move(shown);
            const std::string key = "update." + std::string(app::name_of(notice.state));
            if (counting) {
                t.update_text = format_text(ctx.tr(key), {notice.detail, left});
            } else if (const auto failure = app::failure_of(notice)) {
                const std::string reason_key = "update.reason." + failure->reason;
                const std::vector<std::string>& a = failure->arguments;  // 0 to 2 of them
                const std::string reason =
                    format_text(ctx.tr(reason_key), {a.size() > 0 ? a[0] : std::string_view(),
                                                     a.size() > 1 ? a[1] : std::string_view()});
                t.update_text = format_text(ctx.tr(key), {reason});
            } else {
                t.update_text = format_text(ctx.tr(key), {notice.detail});
            }
        }
    }
    if (new_language || m.attention.size() != t.attention) {
        t.attention = m.attention.size();
        t.menu_ids.assign(app::kScreenCount, {});
        t.menu_labels.assign(app::kScreenCount, {});
        for (std::size_t i = 0; i < t.menu_ids.size(); ++i) {
            const auto screen = static_cast<app::Screen>(i);
            t.menu_ids[i] = "nav." + std::string(app::name_of(screen));
            t.menu_labels[i] = ctx.tr(app::row_of(screen).translation_key);
            if (screen == app::Screen::attention && t.attention > 0)
                t.menu_labels[i] += " (" + std::to_string(t.attention) + ")";
        }
    }
    t.language = ctx.tr.language();
}

void Shell::draw(FrameContext& ctx, float width, float height) {
    follow(ctx.model);
    refresh_texts(ctx);
    const UiModel& m = ctx.model;
    draw_top_bar(ctx, width);
    if (m.choice) {
        // The picker is modal: nothing beneath it is drawn, so nothing beneath can be touched.
        draw_choice(ctx, width, height);
        return;
    }
    const bool menu = !m.menu.empty() && m.screen != app::Screen::login;
    const float top = ctx.metrics.bar_h;
    const float left = menu ? ctx.metrics.menu_w : 0.0f;
    if (menu) {
        ImGui::SetNextWindowPos({0, top});
        ImGui::SetNextWindowSize({left, height - top});
        ImGui::PushStyleColor(ImGuiCol_WindowBg, colors::panel());
        ImGui::Begin("##menu", nullptr, kFixed);
        draw_menu(ctx);
        ImGui::End();
        ImGui::PopStyleColor();
    }
    // A banner (count-down, toast, update notice) takes the bottom of the content region; the
    // screen gets the rest, so nothing a screen draws is ever hidden under it.
    const bool banner = m.countdown_s.has_value() || m.toast.has_value() || m.update_notice;
    const float banner_h = banner ? ctx.metrics.button_h * 1.3f : 0.0f;
    ImGui::SetNextWindowPos({left, top});
    ImGui::SetNextWindowSize({width - left, height - top - banner_h});
    ImGui::Begin("##content", nullptr, kFixed);
    screens_[static_cast<std::size_t>(m.screen)]->draw(ctx);
    ImGui::End();
    if (banner) draw_banner(ctx, left, width - left, height);
}

void Shell::draw_top_bar(FrameContext& ctx, float width) {
    const UiModel& m = ctx.model;
    const Texts& t = texts_;
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize({width, ctx.metrics.bar_h});
    ImGui::PushStyleColor(ImGuiCol_WindowBg, colors::panel());
    ImGui::Begin("##topbar", nullptr, kFixed | ImGuiWindowFlags_NoScrollbar);
    const float pad = ctx.metrics.pad * 2;
    const float line_h = ImGui::GetTextLineHeight();
    const float text_y = (ctx.metrics.bar_h - line_h) * 0.5f;
    // The login screen shows clock and connectivity large in its own panel.
    const bool login = m.screen == app::Screen::login;

    // Right to left: log out, clock, connectivity, pending reports.
    float right = width - pad;
    const bool logged_in = m.session_state == app::SessionState::logged_in ||
                           m.session_state == app::SessionState::technician;
    if (logged_in) {
        const float logout_w = ctx.metrics.target * 3.2f;
        right -= logout_w;
        ImGui::SetCursorPos({right, (ctx.metrics.bar_h - ctx.metrics.target) * 0.5f});
        if (touch_button(ctx, "bar.logout", ctx.tr("bar.logout"), {logout_w, ctx.metrics.target}))
            ctx.emit(app::intent::LogOut{});
        right -= pad;
    }
    if (m.session_state == app::SessionState::logged_in && m.languages.size() > 1) {
        // The operator's own language (issue 17): the button names the next one ("DE").
        const auto current = std::find(m.languages.begin(), m.languages.end(), m.language);
        const std::string& next =
            current == m.languages.end() || std::next(current) == m.languages.end()
                ? m.languages.front()
                : *std::next(current);
        std::string code = next;
        for (char& c : code)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        const float language_w = ctx.metrics.target * 1.4f;
        right -= language_w;
        ImGui::SetCursorPos({right, (ctx.metrics.bar_h - ctx.metrics.target) * 0.5f});
        if (touch_button(ctx, "bar.language", code, {language_w, ctx.metrics.target}))
            ctx.next_language = next;
        right -= pad;
    }
    if (!login) {
        ImGui::PushFont(ctx.fonts.large);
        right -= ImGui::CalcTextSize(t.clock.c_str()).x;
        ImGui::SetCursorPos({right, (ctx.metrics.bar_h - ImGui::GetTextLineHeight()) * 0.5f});
        ImGui::TextUnformatted(t.clock.c_str());
        ImGui::PopFont();
        const char* state = ctx.tr("bar.online");
        ImVec4 state_color = colors::ok();
        if (!m.enrolled) {
            state = ctx.tr("bar.not_enrolled");
            state_color = colors::error();
        } else if (m.sync.terminal_revoked) {
            state = ctx.tr("bar.revoked");
            state_color = colors::error();
        } else if (!m.sync.online || m.offline) {
            state = ctx.tr("bar.offline");
            state_color = colors::warn();
        }
        right -= pad + ImGui::CalcTextSize(state).x;
        ImGui::SetCursorPos({right, text_y});
        colored_text(state_color, state);
        if (!t.pending_text.empty()) {
            right -= pad + ImGui::CalcTextSize(t.pending_text.c_str()).x;
            ImGui::SetCursorPos({right, text_y});
            colored_text(colors::warn(), t.pending_text);
        }
    }

    // Left: who works here (or the terminal's name), shortened to what fits before `right`.
    const float room = right - pad - ctx.metrics.pad;
    ImGui::SetCursorPos({ctx.metrics.pad, text_y});
    ImGui::PushClipRect({0, 0}, {ctx.metrics.pad + room, ctx.metrics.bar_h}, true);
    ImGui::PushFont(ctx.fonts.large);
    if (m.profile != nullptr) {
        const char* partner = m.profile->partner_name.c_str();
        const float partner_w = ImGui::CalcTextSize(partner).x;
        ImGui::TextUnformatted(partner);
        ImGui::PopFont();
        const char* name = m.profile->operator_name.c_str();
        if (partner_w + pad + ImGui::CalcTextSize(name).x <= room) {
            ImGui::SameLine(0, pad * 0.5f);
            ImGui::SetCursorPosY(text_y);
            colored_text(colors::text_dim(), name);
        }
    } else if (m.session_state == app::SessionState::technician) {
        ImGui::TextUnformatted(ctx.tr("technician.title"));
        ImGui::PopFont();
    } else {
        ImGui::TextUnformatted(m.terminal_name.c_str());
        ImGui::PopFont();
    }
    ImGui::PopClipRect();
    ImGui::End();
    ImGui::PopStyleColor();
}

void Shell::draw_menu(FrameContext& ctx) {
    const float w = ImGui::GetContentRegionAvail().x;
    for (const app::Screen screen : ctx.model.menu) {
        // Reached from their own places: a tile, and the first screen after a login.
        if (screen == app::Screen::work_step_detail || screen == app::Screen::changes) continue;
        const bool current =
            screen == ctx.model.screen || (ctx.model.screen == app::Screen::work_step_detail &&
                                           screen == app::Screen::workbench_terminal);
        const auto i = static_cast<std::size_t>(screen);
        if (touch_button(ctx, texts_.menu_ids[i], texts_.menu_labels[i], {w, ctx.metrics.target},
                         true, current ? ButtonKind::selected : ButtonKind::quiet)) {
            ctx.emit(app::intent::Navigate{screen});
        }
    }
}

void Shell::draw_banner(FrameContext& ctx, float left, float width, float height) {
    const UiModel& m = ctx.model;
    const float banner_h = ctx.metrics.button_h * 1.3f;
    ImGui::SetNextWindowPos({left, height - banner_h});
    ImGui::SetNextWindowSize({width, banner_h});
    if (m.countdown_s) {
        // The idle logout warns in its last seconds; any tap (this one included) stays.
        ImGui::PushStyleColor(ImGuiCol_WindowBg, colors::error());
        ImGui::Begin("##countdown", nullptr, kOverlay);
        ImGui::PushFont(ctx.fonts.large);
        ImGui::SetCursorPosY((banner_h - ImGui::GetTextLineHeight()) * 0.5f);
        ImGui::TextUnformatted(texts_.countdown_text.c_str());
        ImGui::PopFont();
        const float stay_w = std::min(ctx.metrics.target * 4, width * 0.4f);
        ImGui::SameLine();
        ImGui::SetCursorPos(
            {width - stay_w - ctx.metrics.pad * 2, (banner_h - ctx.metrics.target) * 0.5f});
        touch_button(ctx, "idle.stay", ctx.tr("idle.stay"), {stay_w, ctx.metrics.target});
    } else if (m.toast) {
        ImGui::PushStyleColor(ImGuiCol_WindowBg, m.toast->error ? colors::error() : colors::ok());
        ImGui::Begin("##toast", nullptr, kOverlay | ImGuiWindowFlags_NoInputs);
        ImGui::PushFont(ctx.fonts.large);
        ImGui::SetCursorPosY((banner_h - ImGui::GetTextLineHeight()) * 0.5f);
        ImGui::TextWrapped("%s", ctx.tr(m.toast->text));  // a translation key
        ImGui::PopFont();
    } else {
        // A system update: it stays while it lasts (minutes), so it gives way to the two above.
        const app::UpdateState state = m.update_notice->state;
        const bool waiting =
            state == app::UpdateState::installing || state == app::UpdateState::confirm;
        ImGui::PushStyleColor(ImGuiCol_WindowBg, state == app::UpdateState::failed ? colors::error()
                                                 : waiting                         ? colors::warn()
                                                                                   : colors::ok());
        ImGui::Begin("##update", nullptr, kOverlay | ImGuiWindowFlags_NoInputs);
        // Up to two lines of the regular font: the text says what to do, not only what happens.
        const float text_h = ImGui::CalcTextSize(texts_.update_text.c_str(), nullptr, false,
                                                 ImGui::GetContentRegionAvail().x)
                                 .y;
        ImGui::SetCursorPosY(std::max(ctx.metrics.pad, (banner_h - text_h) * 0.5f));
        ImGui::TextWrapped("%s", texts_.update_text.c_str());
    }
    ImGui::End();
    ImGui::PopStyleColor();
}

void Shell::draw_choice(FrameContext& ctx, float width, float height) {
    // A scanned order with several of the partner's work steps: pick one.
    const UiModel& m = ctx.model;
    const float top = ctx.metrics.bar_h;
    ImGui::SetNextWindowPos({0, top});
    ImGui::SetNextWindowSize({width, height - top});
    ImGui::Begin("##choose", nullptr, kFixed);
    const float w = std::min(ImGui::GetContentRegionAvail().x, ctx.metrics.target * 16);
    const float x = (ImGui::GetContentRegionAvail().x - w) * 0.5f + ImGui::GetCursorPosX();
    ImGui::SetCursorPosX(x);
    ImGui::PushFont(ctx.fonts.large);
    ImGui::PushTextWrapPos(x + w);
    ImGui::TextWrapped("%s", format_text(ctx.tr("choose.title"), {m.choice->order_number}).c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    std::string id;
    std::string label;
    for (const auto& step_id : m.choice->work_step_ids) {
        label = step_id;
        if (m.view != nullptr) {
            for (const auto& step : m.view->view.work_steps) {
                if (step.id != step_id) continue;
                if (step.operation) label += "  " + *step.operation;
                label += "  (" + std::string(status_text(step.status, ctx.tr)) + ")";
            }
        }
        id = "choose." + step_id;
        ImGui::SetCursorPosX(x);
        if (touch_button(ctx, id, label, {w, 0})) ctx.emit(app::intent::OpenWorkStep{step_id});
    }
    ImGui::SetCursorPosX(x);
    if (touch_button(ctx, "choose.cancel", ctx.tr("common.cancel"), {w, 0}, true,
                     ButtonKind::quiet)) {
        ctx.emit(app::intent::Back{});
    }
    ImGui::End();
}

}  // namespace pt::ui
