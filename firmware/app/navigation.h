// Which screens a session has (R8) and where the kiosk is. Pure state: the app applies
// Navigate / OpenWorkStep / Back intents here and calls follow() after every session change.
//
// R8: workbench → workbench (terminal and classic), work step detail and attention; planning →
// planning; dashboard → dashboard; planning_objects → planning objects; the processes screen
// comes with allow_process_feedback (feedback on it needs workbench as well; without it the
// processes are for information). The login screen belongs to nobody logged in, the
// technician screen to the technician state only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "firmware/app/intents.h"
#include "firmware/app/session.h"
#include "sync/plan/view.h"

namespace pt::app {

/// Whether a partner with `profile` may see `screen` (R8); false for login and technician.
[[nodiscard]] bool partner_has_screen(const OperatorProfile& profile, Screen screen);
/// Whether `screen` may be shown in the session's current state.
[[nodiscard]] bool screen_available(const Session& session, Screen screen);
/// The screens the session may show, in Screen order (the app's menu).
[[nodiscard]] std::vector<Screen> available_screens(const Session& session);
/// Where a session starts: login, technician, or the partner's first screen (workbench
/// terminal, planning, dashboard, planning objects, processes — in that order); login if none.
[[nodiscard]] Screen home_screen(const Session& session);

/// Why a navigation was refused.
enum class NavRefusal : std::uint8_t {
    not_available,      ///< the partner lacks the module (R8), or the state has no such screen
    unknown_work_step,  ///< the work step is not in the partner's view
};

struct NavResult {
    bool ok = true;
    NavRefusal refusal = NavRefusal::not_available;
    std::string message;  ///< for the operator when refused
};

class Navigation {
public:
    /// The screen now shown.
    [[nodiscard]] Screen current() const noexcept { return current_; }
    /// The work step of the detail screen; empty unless current() is work_step_detail.
    [[nodiscard]] const std::string& work_step_id() const noexcept { return work_step_id_; }

    /// Follows the session: after a login, logout, partner switch or technician badge (a new
    /// generation) goes to that session's home screen and forgets everything else (R11); also
    /// leaves a screen the session no longer has.
    void follow(const Session& session);
    /// Shows `screen` if the session has it; otherwise refuses and stays.
    NavResult navigate(const Session& session, Screen screen);
    /// Opens the detail of a work step in `view`; refused without workbench or for an unknown id.
    NavResult open_work_step(const Session& session, const plan::PartnerView& view,
                             std::string_view work_step_id);
    /// Leaves the detail screen for the screen it was opened from; elsewhere goes home.
    void back(const Session& session);

private:
    void reset_to(Screen screen);

    Screen current_ = Screen::login;
    Screen return_to_ = Screen::login;
    std::string work_step_id_;
    std::uint64_t generation_ = 0;
};

}  // namespace pt::app
