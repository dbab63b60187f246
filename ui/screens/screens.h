// Every screen of product.md §3, registered in one place (registry.cpp). Each screen lives in
// its own file pair under ui/screens/.
#pragma once

#include <array>
#include <memory>

#include "firmware/app/intents.h"
#include "ui/screen.h"

namespace pt::ui {

std::unique_ptr<ScreenView> make_login_screen();
std::unique_ptr<ScreenView> make_workbench_terminal_screen();
std::unique_ptr<ScreenView> make_workbench_classic_screen();
std::unique_ptr<ScreenView> make_processes_screen();
std::unique_ptr<ScreenView> make_planning_screen();
std::unique_ptr<ScreenView> make_dashboard_screen();
std::unique_ptr<ScreenView> make_planning_objects_screen();
std::unique_ptr<ScreenView> make_attention_screen();
std::unique_ptr<ScreenView> make_technician_screen();
std::unique_ptr<ScreenView> make_work_step_detail_screen();

using ScreenSet = std::array<std::unique_ptr<ScreenView>, app::kScreenCount>;

/// One object per app::Screen, indexed by its value.
[[nodiscard]] ScreenSet make_screens();

}  // namespace pt::ui
