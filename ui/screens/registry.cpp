#include "ui/screens/screens.h"

namespace pt::ui {

ScreenSet make_screens() {
    ScreenSet screens;
    const auto put = [&](app::Screen screen, std::unique_ptr<ScreenView> view) {
        screens[static_cast<std::size_t>(screen)] = std::move(view);
    };
    put(app::Screen::login, make_login_screen());
    put(app::Screen::workbench_terminal, make_workbench_terminal_screen());
    put(app::Screen::workbench_classic, make_workbench_classic_screen());
    put(app::Screen::processes, make_processes_screen());
    put(app::Screen::planning, make_planning_screen());
    put(app::Screen::dashboard, make_dashboard_screen());
    put(app::Screen::planning_objects, make_planning_objects_screen());
    put(app::Screen::attention, make_attention_screen());
    put(app::Screen::technician, make_technician_screen());
    put(app::Screen::work_step_detail, make_work_step_detail_screen());
    return screens;
}

}  // namespace pt::ui
