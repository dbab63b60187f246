// Every screen of app::kScreens (firmware/app/screens.h), built in one place (registry.cpp).
// Each screen lives in its own file under ui/screens/.
#pragma once

#include <array>
#include <memory>

#include "firmware/app/intents.h"
#include "ui/screen.h"

namespace pt::ui {

/// The screen `id`'s object; each screen's file defines its own (ui/screens/<name>.cpp), so a
/// screen in app::kScreens without one does not link.
template <app::Screen id>
[[nodiscard]] std::unique_ptr<ScreenView> make_screen();

using ScreenSet = std::array<std::unique_ptr<ScreenView>, app::kScreenCount>;

/// One object per app::Screen, indexed by its value.
[[nodiscard]] ScreenSet make_screens();

}  // namespace pt::ui
