// PLACEHOLDER while the screen is written (replaced in this session).
#include <imgui.h>

#include "ui/screens/screens.h"

namespace pt::ui {
namespace {

class Screen final : public ScreenView {
public:
    void draw(FrameContext& ctx) override { ImGui::TextUnformatted(ctx.tr("screen.workbench_terminal")); }
};

}  // namespace

std::unique_ptr<ScreenView> make_workbench_terminal_screen() { return std::make_unique<Screen>(); }

}  // namespace pt::ui
