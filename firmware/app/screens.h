// Every screen of the kiosk (product.md §3, plus the detail of one work step) in one table: its
// id, stable name, translation key and what grants it (R8). The ui draws each through
// ui::make_screen<id>(), defined in the screen's own file under ui/screens/ (registry.cpp builds
// them all from this table). Adding a screen: its id and its row here, and that file.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace pt::app {

/// A screen; the value is its row in kScreens.
enum class Screen : std::uint8_t {
    login,
    workbench_terminal,
    workbench_classic,
    processes,
    planning,
    dashboard,
    planning_objects,
    attention,
    technician,
    work_step_detail,
    changes,  ///< product.md §8: what changed since the operator's last logout here
};

/// What makes a screen available to a session (navigation.h).
enum class ScreenGrant : std::uint8_t {
    logged_out,        ///< only without a session (the login screen)
    technician,        ///< only behind the technician badge
    workbench,         ///< the partner's workbench module
    process_feedback,  ///< the workbench module and process feedback allowed
    planning,          ///< the planning module
    dashboard,         ///< the dashboard module
    planning_objects,  ///< the planning objects module
};

struct ScreenRow {
    Screen id;
    std::string_view name;             ///< stable: `ctl status`, screenshots, `nav.` targets
    std::string_view translation_key;  ///< its title in the menu
    ScreenGrant grant;
};

inline constexpr std::array kScreens{
    ScreenRow{Screen::login, "login", "screen.login", ScreenGrant::logged_out},
    ScreenRow{Screen::workbench_terminal, "workbench_terminal", "screen.workbench_terminal",
              ScreenGrant::workbench},
    ScreenRow{Screen::workbench_classic, "workbench_classic", "screen.workbench_classic",
              ScreenGrant::workbench},
    ScreenRow{Screen::processes, "processes", "screen.processes", ScreenGrant::process_feedback},
    ScreenRow{Screen::planning, "planning", "screen.planning", ScreenGrant::planning},
    ScreenRow{Screen::dashboard, "dashboard", "screen.dashboard", ScreenGrant::dashboard},
    ScreenRow{Screen::planning_objects, "planning_objects", "screen.planning_objects",
              ScreenGrant::planning_objects},
    ScreenRow{Screen::attention, "attention", "screen.attention", ScreenGrant::workbench},
    ScreenRow{Screen::technician, "technician", "screen.technician", ScreenGrant::technician},
    ScreenRow{Screen::work_step_detail, "work_step_detail", "screen.work_step_detail",
              ScreenGrant::workbench},
    ScreenRow{Screen::changes, "changes", "screen.changes", ScreenGrant::workbench},
};
inline constexpr int kScreenCount = static_cast<int>(kScreens.size());

// Each row sits at its id's value, so a lookup is an index.
static_assert([] {
    for (std::size_t i = 0; i < kScreens.size(); ++i)
        if (static_cast<std::size_t>(kScreens[i].id) != i) return false;
    return true;
}());

/// The screen's row.
[[nodiscard]] constexpr const ScreenRow& row_of(Screen screen) {
    return kScreens.at(static_cast<std::size_t>(screen));
}
/// The screen's stable name (`login`, `workbench_terminal`, …), as `ctl status` prints it.
[[nodiscard]] constexpr std::string_view name_of(Screen screen) {
    return row_of(screen).name;
}
/// The screen with that name; nullopt for an unknown name.
[[nodiscard]] constexpr std::optional<Screen> screen_from_name(std::string_view name) {
    for (const ScreenRow& row : kScreens)
        if (row.name == name) return row.id;
    return std::nullopt;
}

}  // namespace pt::app
