// Several operators on one work step, notes and handover (issue 17, product.md §8) with the real
// kiosk under Xvfb and a second terminal on the same plan-server: who is on a step follows the
// joins and leaves of both terminals, and the kiosk offers Join or Leave accordingly; a note
// written at one terminal shows at the other; at a login the kiosk shows what changed since the
// operator's last logout.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

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

TEST_CASE("notes across terminals, and what changed since the last logout, at 1024x600") {
    KioskFixture kiosk({.name = "handover", .width = 1024, .height = 600});
    const PartnerPlan p1 = kiosk.partner_plan(badge::p1_jonas);  // Jonas at the second terminal
    const auto open_steps = p1.open_own_work_steps();
    REQUIRE(open_steps.size() >= 2);
    const std::string noted = open_steps[0];
    const std::string retimed = open_steps[1];

    // Anna's first login here, and her logout: the kiosk remembers what she left.
    kiosk.log_in(badge::p1_anna);
    kiosk.log_out();

    // While she is away: Jonas writes a note at his terminal, the planner changes a quantity.
    CHECK(kiosk
              .report_from_second_terminal("work_step.note", "OP2", noted,
                                           {{"text", "Übergabe: Ofen 2 noch auf 180 °C"}})
              .at("status") == "accepted");
    (void)kiosk.admin("PATCH", "/admin/v1/work_steps/" + retimed, json{{"quantity", 4321}});

    // At her login the kiosk shows both first; the tiles mark them until opened.
    kiosk.log_in(badge::p1_anna);
    const json since = kiosk.wait_status("the changes since her logout", [&](const json& s) {
        return s.value("screen", "") == "changes" &&
               sorted_strings(s.value("changed_steps", json::array())) ==
                   sorted_strings(json{noted, retimed});
    });
    kiosk.wait_target("changes." + noted);
    kiosk.screenshot("since-you-left");
    CHECK(sorted_strings(since.at("marked_steps")) == sorted_strings(json{noted, retimed}));

    // Opened from there: Jonas's note is on the step; it is marked no more.
    kiosk.tap("changes." + noted);
    const json detail = kiosk.wait_status("the note on the detail", [&](const json& s) {
        return s.value("screen", "") == "work_step_detail" &&
               s.value("work_step_notes", json::array()).size() == 1;
    });
    CHECK(detail.at("work_step_notes")[0].at("author") == "Jonas Weber");
    CHECK(sorted_strings(detail.at("marked_steps")) == sorted_strings(json{retimed}));
    kiosk.screenshot("note-from-the-other-terminal");

    // Anna answers on the on-screen keys and with a scanner: the scan goes into the note.
    kiosk.tap("notes.add");
    kiosk.wait_target("note.cancel");  // Save is disabled until there is text
    for (const char* key : {"note.key.shift", "note.key.O", "note.key.k", "note.key.space"})
        kiosk.tap(key);
    kiosk.scan_wedge("PO-2026-0001");
    // The scan is keystrokes the kiosk reads over its next frames; nothing to wait for but those.
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    CHECK(kiosk.status().value("screen", "") == "work_step_detail");  // the run card opened nothing
    kiosk.screenshot("note-entry");
    kiosk.tap("note.save");
    kiosk.wait_until("Anna's note at plan-server", [&] {
        for (const json& event : kiosk.server_events()) {
            if (event.value("type", "") == "work_step.note" &&
                event.value("operator_id", "") == "OP1")
                return event.at("data").at("text") == "Ok PO-2026-0001";
        }
        return false;
    });
    // … and at the other terminal, after its next pull.
    const PartnerPlan after = kiosk.partner_plan(badge::p1_jonas);
    int notes_on_step = 0;
    for (const json& note : after.plan.value("step_notes", json::array()))
        notes_on_step += note.at("work_step_id") == noted ? 1 : 0;
    CHECK(notes_on_step == 2);
    kiosk.sync_now();
    kiosk.wait_status("both notes, sent", [&](const json& s) {
        const json notes = s.value("work_step_notes", json::array());
        return notes.size() == 2 && !notes[0].at("unsent").get<bool>() &&
               !notes[1].at("unsent").get<bool>();
    });
    kiosk.screenshot("both-notes");
}

}  // namespace pt::e2e
