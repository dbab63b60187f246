#include "ui/shell.h"

#include <imgui.h>

#include "ui/format.h"
#include "ui/widgets.h"

namespace pt::ui {
namespace {

constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                    ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoBringToFrontOnFocus;

const char* screen_key(app::Screen screen) {
    switch (screen) {
        case app::Screen::login:
            return "screen.login";
        case app::Screen::workbench_terminal:
            return "screen.workbench_terminal";
        case app::Screen::workbench_classic:
            return "screen.workbench_classic";
        case app::Screen::processes:
            return "screen.processes";
        case app::Screen::planning:
            return "screen.planning";
        case app::Screen::dashboard:
            return "screen.dashboard";
        case app::Screen::planning_objects:
            return "screen.planning_objects";
        case app::Screen::attention:
            return "screen.attention";
        case app::Screen::technician:
            return "screen.technician";
        case app::Screen::work_step_detail:
            return "screen.work_step_detail";
    }
    return "screen.login";
}

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
    if (model.countdown_s || model.toast || model.session_state == app::SessionState::logging_in)
        return true;
    return screens_[static_cast<std::size_t>(model.screen)]->animating(model);
}

void Shell::draw(FrameContext& ctx, float width, float height) {
    follow(ctx.model);
    const bool menu = !ctx.model.menu.empty() && ctx.model.screen != app::Screen::login;

    draw_top_bar(ctx, width);
    const float top = ctx.metrics.bar_h;
    const float left = menu ? ctx.metrics.menu_w : 0.0f;
    if (menu) {
        ImGui::SetNextWindowPos({0, top});
        ImGui::SetNextWindowSize({left, height - top});
        ImGui::PushStyleColor(ImGuiCol_WindowBg, colors::panel());
        ImGui::Begin("##menu", nullptr, kFixed);
        draw_menu(ctx, height - top);
        ImGui::End();
        ImGui::PopStyleColor();
    }
    ImGui::SetNextWindowPos({left, top});
    ImGui::SetNextWindowSize({width - left, height - top});
    ImGui::Begin("##content", nullptr, kFixed);
    screens_[static_cast<std::size_t>(ctx.model.screen)]->draw(ctx);
    ImGui::End();

    draw_overlays(ctx, width, height);
}

void Shell::draw_top_bar(FrameContext& ctx, float width) {
    const UiModel& m = ctx.model;
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize({width, ctx.metrics.bar_h});
    ImGui::PushStyleColor(ImGuiCol_WindowBg, colors::panel());
    ImGui::Begin("##topbar", nullptr, kFixed | ImGuiWindowFlags_NoScrollbar);
    const float line_h = ImGui::GetTextLineHeight();
    const float text_y = (ctx.metrics.bar_h - line_h) * 0.5f;

    // Left: who is working here (or the terminal's name at the login screen).
    ImGui::SetCursorPos({ctx.metrics.pad, text_y});
    ImGui::PushFont(ctx.fonts.large);
    if (m.profile != nullptr) {
        ImGui::Text("%s", m.profile->partner_name.c_str());
        ImGui::PopFont();
        ImGui::SameLine();
        ImGui::SetCursorPosY(text_y);
        colored_text(colors::text_dim(), m.profile->operator_name);
    } else if (m.session_state == app::SessionState::technician) {
        ImGui::TextUnformatted(ctx.tr("technician.title"));
        ImGui::PopFont();
    } else {
        ImGui::TextUnformatted(m.terminal_name.c_str());
        ImGui::PopFont();
    }

    // Right: connectivity, pending reports, clock, log out.
    const bool logged_in = m.session_state == app::SessionState::logged_in ||
                           m.session_state == app::SessionState::technician;
    const float logout_w = logged_in ? ctx.metrics.target * 3.2f : 0.0f;
    const std::string clock = clock_hm(m.now);
    std::string state;
    ImVec4 state_color = colors::ok();
    if (!m.enrolled) {
        state = ctx.tr("bar.not_enrolled");
        state_color = colors::error();
    } else if (m.sync.online && !m.offline) {
        state = ctx.tr("bar.online");
    } else {
        state = ctx.tr("bar.offline");
        state_color = colors::warn();
    }
    std::string pending;
    if (m.sync.pending > 0)
        pending = format_text(ctx.tr("bar.pending"), {std::to_string(m.sync.pending)});
    ImGui::PushFont(ctx.fonts.large);
    const float clock_w = ImGui::CalcTextSize(clock.c_str()).x;
    ImGui::PopFont();
    const float state_w = ImGui::CalcTextSize(state.c_str()).x;
    const float pending_w = pending.empty() ? 0.0f : ImGui::CalcTextSize(pending.c_str()).x;
    const float pad = ctx.metrics.pad * 2;
    float x = width - pad - logout_w - (logged_in ? pad : 0) - clock_w;
    ImGui::SetCursorPos({x, text_y});
    ImGui::PushFont(ctx.fonts.large);
    ImGui::TextUnformatted(clock.c_str());
    ImGui::PopFont();
    x -= pad + state_w;
    ImGui::SetCursorPos({x, text_y});
    colored_text(state_color, state);
    if (!pending.empty()) {
        x -= pad + pending_w;
        ImGui::SetCursorPos({x, text_y});
        colored_text(colors::warn(), pending);
    }
    if (logged_in) {
        ImGui::SetCursorPos(
            {width - pad - logout_w, (ctx.metrics.bar_h - ctx.metrics.target) * 0.5f});
        if (touch_button(ctx, "bar.logout", ctx.tr("bar.logout"), {logout_w, ctx.metrics.target})) {
            ctx.emit(app::intent::LogOut{});
        }
    }
    ImGui::End();
    ImGui::PopStyleColor();
}

void Shell::draw_menu(FrameContext& ctx, float /*height*/) {
    const float w = ImGui::GetContentRegionAvail().x;
    std::string id;
    for (const app::Screen screen : ctx.model.menu) {
        if (screen == app::Screen::work_step_detail) continue;
        const bool current =
            screen == ctx.model.screen || (ctx.model.screen == app::Screen::work_step_detail &&
                                           screen == app::Screen::workbench_terminal);
        std::string label = ctx.tr(screen_key(screen));
        if (screen == app::Screen::attention && !ctx.model.attention.empty())
            label += " (" + std::to_string(ctx.model.attention.size()) + ")";
        id = "nav.";
        id += app::name_of(screen);
        if (touch_button(ctx, id, label, {w, ctx.metrics.target}, true,
                         current ? ButtonKind::selected : ButtonKind::quiet)) {
            ctx.emit(app::intent::Navigate{screen});
        }
    }
}

void Shell::draw_overlays(FrameContext& ctx, float width, float height) {
    const UiModel& m = ctx.model;
    const float banner_h = ctx.metrics.button_h * 1.3f;
    constexpr ImGuiWindowFlags kOverlay = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                          ImGuiWindowFlags_NoSavedSettings |
                                          ImGuiWindowFlags_NoFocusOnAppearing;
    if (m.countdown_s) {
        // The idle logout warns in its last seconds; a tap anywhere (this one included) stays.
        ImGui::SetNextWindowPos({0, height - banner_h});
        ImGui::SetNextWindowSize({width, banner_h});
        ImGui::PushStyleColor(ImGuiCol_WindowBg, colors::error());
        ImGui::Begin("##countdown", nullptr, kOverlay);
        ImGui::PushFont(ctx.fonts.large);
        const std::string text =
            format_text(ctx.tr("idle.countdown"), {std::to_string(*m.countdown_s)});
        ImGui::SetCursorPosY((banner_h - ImGui::GetTextLineHeight()) * 0.5f);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopFont();
        ImGui::SameLine();
        const float stay_w = ctx.metrics.target * 4;
        ImGui::SetCursorPos(
            {width - stay_w - ctx.metrics.pad * 2, (banner_h - ctx.metrics.target) * 0.5f});
        touch_button(ctx, "idle.stay", ctx.tr("idle.stay"), {stay_w, ctx.metrics.target});
        ImGui::End();
        ImGui::PopStyleColor();
    } else if (m.toast) {
        ImGui::SetNextWindowPos({0, height - banner_h});
        ImGui::SetNextWindowSize({width, banner_h});
        ImGui::PushStyleColor(ImGuiCol_WindowBg, m.toast->error ? colors::error() : colors::ok());
        ImGui::Begin("##toast", nullptr, kOverlay | ImGuiWindowFlags_NoInputs);
        ImGui::PushFont(ctx.fonts.large);
        ImGui::SetCursorPosY((banner_h - ImGui::GetTextLineHeight()) * 0.5f);
        ImGui::TextWrapped("%s", ctx.tr(m.toast->text));  // a translation key
        ImGui::PopFont();
        ImGui::End();
        ImGui::PopStyleColor();
    }

    if (m.choice) {
        // A scanned order with several of the partner's work steps: pick one.
        const float w = std::min(width * 0.8f, ctx.metrics.target * 14);
        ImGui::SetNextWindowPos({width * 0.5f, height * 0.5f}, ImGuiCond_Always, {0.5f, 0.5f});
        ImGui::SetNextWindowSize({w, 0});
        ImGui::PushStyleColor(ImGuiCol_WindowBg, colors::panel());
        ImGui::Begin("##choose", nullptr, kOverlay | ImGuiWindowFlags_AlwaysAutoResize);
        ImGui::PushFont(ctx.fonts.large);
        ImGui::TextWrapped("%s",
                           format_text(ctx.tr("choose.title"), {m.choice->order_number}).c_str());
        ImGui::PopFont();
        std::string id;
        const float inner = ImGui::GetContentRegionAvail().x;
        for (const auto& step_id : m.choice->work_step_ids) {
            std::string label = step_id;
            if (m.view != nullptr) {
                for (const auto& step : m.view->view.work_steps) {
                    if (step.id != step_id) continue;
                    if (step.operation) label += "  " + *step.operation;
                    label += "  (" + std::string(status_text(step.status, ctx.tr)) + ")";
                }
            }
            id = "choose." + step_id;
            if (touch_button(ctx, id, label, {inner, 0}))
                ctx.emit(app::intent::OpenWorkStep{step_id});
        }
        if (touch_button(ctx, "choose.cancel", ctx.tr("common.cancel"), {inner, 0}, true,
                         ButtonKind::quiet)) {
            ctx.emit(app::intent::Back{});
        }
        ImGui::End();
        ImGui::PopStyleColor();
    }
}

}  // namespace pt::ui
