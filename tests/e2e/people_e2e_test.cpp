// Several operators on one work step (issue 17, product.md §8) with the real kiosk under Xvfb
// and a second terminal on the same plan-server: who is on a step follows the joins and leaves
// of both terminals, and the kiosk offers Join or Leave accordingly.
#include <doctest/doctest.h>

#include "tests/e2e/kiosk_fixture.h"

namespace pt::e2e {
namespace {

using Names = std::vector<std::string>;

Names operators_on_screen(const json& status) {
    Names names;
    for (const auto& name : status.value("work_step_operators", json::array()))
        names.push_back(name.get<std::string>());
    return names;
}

}  // namespace

TEST_CASE("two operators on one step at two terminals: join, leave, and who is on it") {
    KioskFixture kiosk({.name = "people", .width = 1280, .height = 800});
    // Jonas works at the second terminal (an online login there, R13).
    const PartnerPlan p1 = kiosk.partner_plan(badge::p1_jonas);
    REQUIRE_FALSE(p1.open_own_work_steps().empty());
    const std::string step = p1.open_own_work_steps().front();

    kiosk.log_in(badge::p1_anna);
    kiosk.open_detail(step);
    kiosk.tap("detail.start");
    kiosk.wait_target("detail.leave");  // Anna is on it: she may leave, not join
    kiosk.wait_until("the start at plan-server", [&] { return !kiosk.server_events().empty(); });

    // A second Start is refused; Jonas joins at his terminal.
    CHECK(kiosk.report_from_second_terminal("work_step.started", "OP2", step)["reason"] ==
          "invalid_transition");
    CHECK(kiosk.report_from_second_terminal("work_step.joined", "OP2", step)["status"] ==
          "accepted");
    kiosk.sync_now();
    kiosk.wait_status("Jonas on the step at the kiosk", [](const json& s) {
        return operators_on_screen(s) == Names{"Anna Becker", "Jonas Weber"};
    });
    kiosk.screenshot("two-on-the-step");

    // Anna leaves at the kiosk: the server and the screen follow; she may join again.
    kiosk.tap("detail.leave");
    kiosk.wait_target("detail.join");
    kiosk.wait_until("Anna's leave at plan-server", [&] {
        const PartnerPlan now = kiosk.partner_plan(badge::p1_jonas);
        const json* shown = now.work_step(step);
        return shown != nullptr && shown->at("operators") == json({"Jonas Weber"});
    });
    kiosk.screenshot("anna-left");

    // Jonas comes to the kiosk: the step is his (Leave), and Mine lists it.
    kiosk.log_out();
    kiosk.log_in(badge::p1_jonas);
    kiosk.wait_target("workbench.filter.mine");
    kiosk.tap("workbench.filter.mine");
    kiosk.wait_target("tile." + step);
    kiosk.screenshot("mine-filter");
    kiosk.open_detail(step);
    kiosk.wait_target("detail.leave");
    CHECK(operators_on_screen(kiosk.status()) == Names{"Jonas Weber"});
    kiosk.screenshot("jonas-on-it");
}

}  // namespace pt::e2e
