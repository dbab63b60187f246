#include "firmware/app/navigation.h"

#include <algorithm>

namespace pt::app {

bool partner_has_screen(const OperatorProfile& profile, Screen screen) {
    const auto has = [&](plan::Module module) { return profile.modules.contains(module); };
    switch (row_of(screen).grant) {
        case ScreenGrant::workbench:
            return has(plan::Module::workbench);
        case ScreenGrant::process_feedback:
            // The processes come with allow_process_feedback (R7); without the workbench licence
            // the screen shows them for information, with no feedback (R8, issue 17).
            return profile.allow_process_feedback;
        case ScreenGrant::planning:
            return has(plan::Module::planning);
        case ScreenGrant::dashboard:
            return has(plan::Module::dashboard);
        case ScreenGrant::planning_objects:
            return has(plan::Module::planning_objects);
        case ScreenGrant::logged_out:
        case ScreenGrant::technician:
            return false;
    }
    return false;
}

bool screen_available(const Session& session, Screen screen) {
    switch (session.state()) {
        case SessionState::logged_out:
        case SessionState::logging_in:
        case SessionState::pin_needed:
            return row_of(screen).grant == ScreenGrant::logged_out;
        case SessionState::technician:
            return row_of(screen).grant == ScreenGrant::technician;
        case SessionState::logged_in: {
            const auto* profile = session.profile();
            return profile != nullptr && partner_has_screen(*profile, screen);
        }
    }
    return false;
}

std::vector<Screen> available_screens(const Session& session) {
    std::vector<Screen> screens;
    for (int i = 0; i < kScreenCount; ++i) {
        const auto screen = static_cast<Screen>(i);
        if (screen_available(session, screen)) {
            screens.push_back(screen);
        }
    }
    return screens;
}

Screen home_screen(const Session& session) {
    if (session.state() == SessionState::technician) {
        return Screen::technician;
    }
    for (const auto screen : {Screen::workbench_terminal, Screen::planning, Screen::dashboard,
                              Screen::planning_objects, Screen::processes}) {
        if (screen_available(session, screen)) {
            return screen;
        }
    }
    return Screen::login;
}

void Navigation::follow(const Session& session) {
    if (session.generation() != generation_) {
        generation_ = session.generation();
        reset_to(home_screen(session));
        return;
    }
    if (!screen_available(session, current_)) {
        reset_to(home_screen(session));
    }
}

NavResult Navigation::navigate(const Session& session, Screen screen) {
    if (screen == Screen::work_step_detail || !screen_available(session, screen)) {
        // The detail needs a work step: open_work_step() is the way in.
        return {.ok = false,
                .refusal = NavRefusal::not_available,
                .message = "This screen is not available."};
    }
    reset_to(screen);
    return {};
}

NavResult Navigation::open_work_step(const Session& session, const plan::PartnerView& view,
                                     std::string_view work_step_id) {
    if (!screen_available(session, Screen::work_step_detail)) {
        return {.ok = false,
                .refusal = NavRefusal::not_available,
                .message = "This screen is not available."};
    }
    const bool known = std::any_of(view.work_steps.begin(), view.work_steps.end(),
                                   [&](const auto& step) { return step.id == work_step_id; });
    if (!known) {
        return {.ok = false,
                .refusal = NavRefusal::unknown_work_step,
                .message = "This work step is not one of yours."};
    }
    if (current_ != Screen::work_step_detail) {
        return_to_ = current_;
    }
    current_ = Screen::work_step_detail;
    work_step_id_ = std::string(work_step_id);
    return {};
}

void Navigation::back(const Session& session) {
    const auto target =
        current_ == Screen::work_step_detail && screen_available(session, return_to_)
            ? return_to_
            : home_screen(session);
    reset_to(target);
}

void Navigation::reset_to(Screen screen) {
    current_ = screen;
    return_to_ = screen;
    work_step_id_.clear();
}

}  // namespace pt::app
