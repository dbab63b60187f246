// PLACEHOLDER while the screen is written (replaced in this session).
#include <imgui.h>

#include "ui/screens/screens.h"

namespace pt::ui {
namespace {

class Screen final : public ScreenView {
public:
    void draw(FrameContext& ctx) override { ImGui::TextUnformatted(ctx.tr("screen.work_step_detail")); }
};

}  // namespace

std::unique_ptr<ScreenView> make_work_step_detail_screen() { return std::make_unique<Screen>(); }

}  // namespace pt::ui
