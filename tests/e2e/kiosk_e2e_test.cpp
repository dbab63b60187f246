// End-to-end tests of the kiosk (issue #4 item 5, product.md §2–§5): the real partner-terminal
// in a real X window (Xvfb), a real plan-server --demo, taps and keyboard-wedge scans from
// xdotool on the targets `ctl ui` reports. What the kiosk shows (`ctl status`, `ctl ui`) is
// compared with what the server gives the same partner; what the kiosk reports is compared
// with what the server accepted. Screenshots of each step go to $PT_SCREENSHOT_DIR (default
// <build>/screenshots/e2e).
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <thread>

#include "tests/e2e/kiosk_fixture.h"

namespace pt::e2e {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

bool json_contains(const json& array, const std::string& item) {
    return std::any_of(array.begin(), array.end(), [&](const json& v) { return v == item; });
}

/// The accepted events on `target_id`, in acceptance order.
json events_on(const json& events, const std::string& target_id) {
    json out = json::array();
    for (const auto& event : events) {
        if (event.value("target_id", "") == target_id) out.push_back(event);
    }
    return out;
}

/// The first of `steps` whose tile is on screen, else the first one.
std::string prefer_tile_on_screen(KioskFixture& kiosk, const std::vector<std::string>& steps) {
    REQUIRE_FALSE(steps.empty());
    const json targets = kiosk.ui();
    for (const auto& step : steps) {
        if (KioskFixture::find_target(targets, "tile." + step)) return step;
    }
    return steps.front();
}

/// Logs Anna in online once (so the terminal may log her in offline later, product.md §5),
/// picks one of her partner's open work steps (one with a tile on screen if there is), logs her
/// out, stops plan-server and waits until the kiosk knows it is offline. Returns the step.
std::string go_offline_after_one_login(KioskFixture& kiosk, const PartnerPlan& plan) {
    kiosk.log_in(badge::p1_anna);
    const std::string step = prefer_tile_on_screen(kiosk, plan.open_own_work_steps());
    kiosk.log_out();
    kiosk.stop_server();
    kiosk.sync_now();
    kiosk.wait_status("the kiosk notices the server is gone",
                      [](const json& s) { return !s.value("online", true); });
    return step;
}

/// Taps `field` (qty.field.good / qty.field.scrap) when the panel has such a toggle, then
/// the digits of `value` on that field's pad.
void enter_quantity(KioskFixture& kiosk, const std::string& field, int value) {
    if (kiosk.has_target("qty.field." + field)) kiosk.tap("qty.field." + field);
    const std::string digits = std::to_string(value);
    kiosk.wait_target("qty." + field + "." + digits.substr(0, 1));
    for (const char digit : digits)
        kiosk.tap("qty." + field + "." + digit);
}

/// What the feedback flow enters.
struct Feedback {
    std::string pause_reason;
    std::string scrap_reason;
    int quantity_good = 5;
    int quantity_scrap = 1;
    int finish_good = 7;
};

/// Start, pause with a reason, resume, report a quantity with scrap, finish — all by touch on
/// the detail screen of `step`. `recorded(n)` waits until the n-th event is recorded (on the
/// server when online, in the outbox when offline).
void report_work(KioskFixture& kiosk, const std::string& step, const Feedback& feedback,
                 const std::function<void(int)>& recorded) {
    kiosk.open_detail(step);
    kiosk.screenshot("detail-open");

    kiosk.tap("detail.start");
    recorded(1);
    kiosk.wait_target("detail.pause");
    kiosk.screenshot("detail-started");

    kiosk.tap("detail.pause");
    kiosk.wait_target("pause." + feedback.pause_reason);
    kiosk.screenshot("pause-reasons");
    kiosk.tap("pause." + feedback.pause_reason);
    recorded(2);
    kiosk.wait_target("detail.resume");
    kiosk.screenshot("detail-paused");

    kiosk.tap("detail.resume");
    recorded(3);
    kiosk.wait_target("detail.quantity");

    kiosk.tap("detail.quantity");
    enter_quantity(kiosk, "good", feedback.quantity_good);
    enter_quantity(kiosk, "scrap", feedback.quantity_scrap);
    kiosk.wait_target("scrap." + feedback.scrap_reason);
    kiosk.tap("scrap." + feedback.scrap_reason);
    kiosk.wait_target("qty.confirm");
    kiosk.screenshot("quantity-entered");
    kiosk.tap("qty.confirm");
    recorded(4);
    kiosk.wait_target("detail.finish");

    kiosk.tap("detail.finish");
    enter_quantity(kiosk, "good", feedback.finish_good);
    kiosk.wait_target("finish.confirm");
    kiosk.screenshot("finish-entered");
    kiosk.tap("finish.confirm");
    recorded(5);
    kiosk.screenshot("detail-finished");
}

/// The five events of report_work() as the server accepted them: each once, in order, with
/// the data entered.
void check_reported(const json& all_events, const std::string& step, const Feedback& feedback) {
    INFO("events accepted by plan-server: ", all_events.dump(1));
    const json events = events_on(all_events, step);
    CHECK(all_events.size() == events.size());  // nothing on other targets
    REQUIRE(events.size() == 5);
    const std::vector<std::string> types = {"work_step.started", "work_step.paused",
                                            "work_step.resumed", "work_step.quantity",
                                            "work_step.finished"};
    std::set<std::string> ids;
    for (std::size_t i = 0; i < events.size(); ++i) {
        CAPTURE(i);
        CHECK(events[i].value("type", "") == types[i]);
        CHECK(events[i].value("operator_id", "") == "OP1");
        CHECK(events[i].value("terminal_id", "") == events[0].value("terminal_id", "?"));
        ids.insert(events[i].value("id", ""));
    }
    CHECK(ids.size() == 5);  // five distinct event ids: each report once
    const json& paused = events[1].at("data");
    CHECK(paused.value("reason", "") == feedback.pause_reason);
    const json& quantity = events[3].at("data");
    CHECK(quantity.value("good", -1) == feedback.quantity_good);
    CHECK(quantity.value("scrap", -1) == feedback.quantity_scrap);
    CHECK(quantity.value("scrap_reason", "") == feedback.scrap_reason);
    const json& finished = events[4].at("data");
    CHECK(finished.value("good", -1) == feedback.finish_good);
    CHECK(finished.value("scrap", -1) == 0);
}

/// A resource no partner can see: not external (R1).
std::string internal_resource(KioskFixture& kiosk) {
    const json dataset = kiosk.admin("GET", "/admin/v1/dataset");
    for (const auto& resource : dataset.at("resources")) {
        if (!resource.value("external", true)) return resource.at("id").get<std::string>();
    }
    FAIL("the demo plan has no internal resource");
    return {};
}

/// Moves one of `candidates` to `resource` so that the server no longer gives it to the
/// partner of `badge` (R10); returns its id. `before_move(step)` runs before each try.
/// Candidates that stay visible through another route (a `full` or named tree) are put back.
std::string reassign_out_of_view(
    KioskFixture& kiosk, const std::vector<std::string>& candidates, const std::string& resource,
    const std::string& badge,
    const std::function<void(const std::string&)>& before_move = [](const std::string&) {}) {
    const auto before = kiosk.partner_plan(badge);
    for (const auto& step : candidates) {
        const std::string original = before.work_step(step)->at("resource_id").get<std::string>();
        before_move(step);
        kiosk.admin("PATCH", "/admin/v1/work_steps/" + step, json{{"resource_id", resource}});
        if (kiosk.partner_plan(badge).work_step(step) == nullptr) return step;
        kiosk.admin("PATCH", "/admin/v1/work_steps/" + step, json{{"resource_id", original}});
    }
    FAIL("no candidate work step leaves the partner's view when reassigned");
    return {};
}

/// Targets whose id or label mentions any of `words`.
std::vector<std::string> targets_mentioning(const json& targets,
                                            const std::vector<std::string>& words) {
    std::vector<std::string> hits;
    for (const auto& target : targets) {
        const std::string text = target.value("id", "") + " " + target.value("label", "");
        for (const auto& word : words) {
            if (text.find(word) != std::string::npos) hits.push_back(text + " ~ " + word);
        }
    }
    return hits;
}

/// Every target lies inside the window; the fixed ones (bar, menu, PIN pad, language, detail
/// buttons) are at least 48 px in both directions (product.md §3).
void check_targets_fit(KioskFixture& kiosk, const std::string& screen) {
    const int width = kiosk.options().width;
    const int height = kiosk.options().height;
    for (const auto& target : kiosk.ui()) {
        const std::string id = target.value("id", "");
        const int x = target.at("x").get<int>();
        const int y = target.at("y").get<int>();
        const int w = target.at("w").get<int>();
        const int h = target.at("h").get<int>();
        INFO("screen ", screen, " at ", width, "x", height, ": target ", target.dump());
        CHECK((x >= 0 && y >= 0 && x + w <= width && y + h <= height));
        const bool fixed = id.starts_with("bar.") || id.starts_with("nav.") ||
                           id.starts_with("pin.") || id.starts_with("lang.") ||
                           id.starts_with("detail.") || id == "idle.stay";
        if (fixed) CHECK((w >= 48 && h >= 48));
    }
}

}  // namespace

TEST_CASE(
    "a badge scanned at the keyboard wedge logs in and the screen lists exactly the "
    "partner's work steps") {
    KioskFixture kiosk({.name = "login_by_wedge_scan"});
    kiosk.screenshot("login");
    const PartnerPlan expected = kiosk.partner_plan(badge::p1_anna);

    const json status = kiosk.log_in(badge::p1_anna);
    kiosk.screenshot("logged-in");
    CHECK(status.value("operator_id", "") == "OP1");
    CHECK(status.value("partner_id", "") == "P1");
    CHECK(status.value("screen", "") == "workbench_terminal");
    CHECK(status.value("online", false));
    CHECK_FALSE(status.value("offline_session", true));
    CHECK(sorted_strings(status.at("work_step_ids")) == expected.work_step_ids());
    CHECK(sorted_strings(status.at("process_ids")) == expected.process_ids());

    // Every tile on screen is one of the partner's work steps.
    for (const auto& id : kiosk.target_ids()) {
        if (!id.starts_with("tile.")) continue;
        CAPTURE(id);
        CHECK(contains(expected.work_step_ids(), id.substr(5)));
    }
    // The menu offers exactly the licensed modules (R8; P1 has all four and process feedback).
    for (const char* screen :
         {"nav.workbench_terminal", "nav.workbench_classic", "nav.processes", "nav.planning",
          "nav.dashboard", "nav.planning_objects", "nav.attention"}) {
        CAPTURE(screen);
        CHECK(kiosk.has_target(screen));
    }
}

TEST_CASE(
    "start, pause with a reason, resume, report a quantity and finish reach plan-server "
    "exactly once") {
    KioskFixture kiosk({.name = "feedback_online"});
    const PartnerPlan plan = kiosk.partner_plan(badge::p1_anna);
    const Feedback feedback{
        .pause_reason = plan.login.at("reasons").at("pause").at(0).at("code").get<std::string>(),
        .scrap_reason = plan.login.at("reasons").at("scrap").at(0).at("code").get<std::string>()};
    kiosk.log_in(badge::p1_anna);
    const std::string step = prefer_tile_on_screen(kiosk, plan.open_own_work_steps());
    CAPTURE(step);

    report_work(kiosk, step, feedback, [&](int n) {
        kiosk.wait_until(
            "event " + std::to_string(n) + " on " + step + " accepted by plan-server", [&] {
                return events_on(kiosk.server_events(), step).size() >= static_cast<std::size_t>(n);
            });
    });
    kiosk.wait_status("nothing pending",
                      [](const json& s) { return s.value("outbox_pending", -1) == 0; });
    // Another sync sends nothing again.
    kiosk.sync_now();
    kiosk.wait_status("a sync after the last report", [](const json& s) {
        return s.value("outbox_pending", -1) == 0 && s.value("online", false);
    });
    check_reported(kiosk.server_events(), step, feedback);
    CHECK(kiosk.status().value("outbox_rejected", -1) == 0);
    const PartnerPlan final_plan = kiosk.partner_plan(badge::p1_anna);
    const json* after = final_plan.work_step(step);
    REQUIRE(after != nullptr);
    CHECK(after->value("status", "") == "finished");
}

TEST_CASE(
    "with plan-server stopped the same reports are saved offline, the pending count is "
    "shown, and after the restart each arrives exactly once") {
    KioskFixture kiosk({.name = "feedback_offline"});
    const PartnerPlan plan = kiosk.partner_plan(badge::p1_anna);
    const Feedback feedback{
        .pause_reason = plan.login.at("reasons").at("pause").at(1).at("code").get<std::string>(),
        .scrap_reason = plan.login.at("reasons").at("scrap").at(1).at("code").get<std::string>(),
        .quantity_good = 12,
        .quantity_scrap = 3,
        .finish_good = 40};
    const std::string step = go_offline_after_one_login(kiosk, plan);
    CAPTURE(step);
    kiosk.screenshot("login-offline");
    const json status = kiosk.log_in(badge::p1_anna);
    CHECK(status.value("offline_session", false));
    CHECK(status.value("operator_id", "") == "OP1");
    CHECK(sorted_strings(status.at("work_step_ids")) == plan.work_step_ids());

    report_work(kiosk, step, feedback, [&](int n) {
        kiosk.wait_status(std::to_string(n) + " reports pending in the outbox",
                          [&](const json& s) { return s.value("outbox_pending", -1) == n; });
    });
    kiosk.screenshot("offline-five-pending");
    kiosk.tap("detail.back");
    kiosk.wait_status("back at the work list",
                      [](const json& s) { return s.value("screen", "") != "work_step_detail"; });
    const json pending = kiosk.status();
    kiosk.screenshot("offline-list-pending");
    CHECK(pending.value("outbox_pending", -1) == 5);
    CHECK_FALSE(pending.value("online", true));

    kiosk.start_server();
    kiosk.sync_now();
    kiosk.wait_status("everything delivered after the restart", [](const json& s) {
        return s.value("online", false) && s.value("outbox_pending", -1) == 0;
    });
    kiosk.screenshot("back-online");
    check_reported(kiosk.server_events(), step, feedback);
    CHECK(kiosk.status().value("outbox_rejected", -1) == 0);
    // The offline session gets a server session again.
    CHECK_MESSAGE(
        KioskFixture::eventually([&] { return !kiosk.status().value("offline_session", true); }),
        "the offline session was not renewed once the server was back\n", kiosk.diagnostics());
    // A second restart and sync deliver nothing again.
    kiosk.stop_server();
    kiosk.start_server();
    kiosk.sync_now();
    kiosk.wait_status("a sync after the second restart", [](const json& s) {
        return s.value("online", false) && s.value("outbox_pending", -1) == 0;
    });
    CHECK(kiosk.server_events().size() == 5);
}

TEST_CASE(
    "a terminal revoked while offline says so, keeps its report, and once re-enrolled with a "
    "barcode delivers it exactly once") {
    // Issue 13 item 2, end to end: the report is recorded offline, the administrator revokes
    // the terminal meanwhile, and the technician enrols it again on the technician screen.
    KioskFixture kiosk({.name = "revoked"});
    const std::string step = go_offline_after_one_login(kiosk, kiosk.partner_plan(badge::p1_anna));
    CAPTURE(step);
    CHECK(kiosk.log_in(badge::p1_anna).value("offline_session", false));
    kiosk.open_detail(step);
    kiosk.wait_target("detail.start");
    kiosk.tap("detail.start");
    kiosk.wait_status("the start pending in the outbox",
                      [](const json& s) { return s.value("outbox_pending", -1) == 1; });
    kiosk.log_out();

    // Revoked where the kiosk cannot see it (the server on another port), then back.
    const std::string terminal = kiosk.terminal_id();
    kiosk.start_server(false);
    (void)kiosk.admin("DELETE", "/admin/v1/terminals/" + terminal);
    kiosk.stop_server();
    kiosk.start_server();
    kiosk.sync_now();
    const json revoked = kiosk.wait_status("the kiosk hears it was revoked", [](const json& s) {
        return s.value("terminal_revoked", false);
    });
    CHECK(revoked.value("outbox_pending", -1) == 1);
    CHECK(revoked.value("session", "") == "logged_out");
    kiosk.screenshot("login-revoked");
    CHECK(kiosk.server_events().empty());

    kiosk.scan(kiosk.options().technician_badge);
    kiosk.wait_status("the technician screen",
                      [](const json& s) { return s.value("session", "") == "technician"; });
    kiosk.screenshot("technician-revoked");
    kiosk.scan_ctl("PTPROV1;server_url=" + kiosk.server_url("") +
                   ";enrollment_code=" + kiosk.new_enrollment_code());
    kiosk.wait_status("enrolled again, the report delivered", [](const json& s) {
        return !s.value("terminal_revoked", true) && s.value("outbox_pending", -1) == 0;
    });
    CHECK(kiosk.terminal_id() == terminal);  // the same terminal: its logins still count (R13)
    const json delivered = kiosk.status();
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // last_sync counts seconds
    kiosk.sync_now();
    kiosk.wait_status("a sync after the delivery", [&](const json& s) {
        return s.value("last_sync", json()) != delivered.value("last_sync", json()) &&
               s.value("outbox_pending", -1) == 0;
    });
    const json events = kiosk.server_events();
    REQUIRE(events.size() == 1);
    CHECK(events[0].value("type", "") == "work_step.started");
    CHECK(events[0].value("target_id", "") == step);
    CHECK(events[0].value("terminal_id", "") == terminal);
}

TEST_CASE("a work step reassigned centrally disappears from the screen") {
    KioskFixture kiosk({.name = "reassignment"});
    const PartnerPlan before = kiosk.partner_plan(badge::p1_anna);
    kiosk.log_in(badge::p1_anna);
    const std::string elsewhere = internal_resource(kiosk);
    auto candidates = before.open_own_work_steps();
    // Those with a tile on screen first: the tile must be seen to go.
    const json targets = kiosk.ui();
    std::stable_partition(candidates.begin(), candidates.end(), [&](const std::string& id) {
        return KioskFixture::find_target(targets, "tile." + id).has_value();
    });

    SUBCASE("from the work list") {
        const std::string moved =
            reassign_out_of_view(kiosk, candidates, elsewhere, badge::p1_anna);
        CAPTURE(moved);
        const bool tile_shown = KioskFixture::find_target(targets, "tile." + moved).has_value();
        kiosk.sync_now();
        const json status = kiosk.wait_status(
            moved + " gone from the kiosk's list",
            [&](const json& s) { return !json_contains(s.at("work_step_ids"), moved); });
        CHECK(sorted_strings(status.at("work_step_ids")) ==
              kiosk.partner_plan(badge::p1_anna).work_step_ids());
        if (tile_shown) kiosk.wait_no_target("tile." + moved);
        CHECK_FALSE(kiosk.has_target("tile." + moved));
        kiosk.screenshot("list-after-reassignment");
    }
    SUBCASE("while its detail is open") {
        const std::string moved = reassign_out_of_view(
            kiosk, candidates, elsewhere, badge::p1_anna, [&](const std::string& step) {
                kiosk.open_detail(step);
                kiosk.screenshot("detail-before-reassignment");
            });
        CAPTURE(moved);
        kiosk.sync_now();
        // Detail is gone when the kiosk no longer shows the work step anywhere.
        const bool gone = KioskFixture::eventually(
            [&] {
                const json s = kiosk.status();
                return !json_contains(s.at("work_step_ids"), moved) &&
                       s.value("screen", "") != "work_step_detail";
            },
            Millis(10'000));
        kiosk.screenshot("detail-after-reassignment");
        CHECK_MESSAGE(gone, "the detail of ", moved,
                      " stays on screen after the server took it away (R10)\n",
                      kiosk.diagnostics());
        CHECK_FALSE(kiosk.has_target("tile." + moved));
    }
}

TEST_CASE("a report the central plan refuses is not dropped: the attention screen shows it") {
    KioskFixture kiosk({.name = "refused_report"});
    kiosk.log_in(badge::p1_anna);
    kiosk.tap("nav.processes");
    kiosk.wait_status("the processes screen",
                      [](const json& s) { return s.value("screen", "") == "processes"; });
    std::string process;
    for (const auto& id : kiosk.target_ids()) {
        if (id.starts_with("process.") && id.ends_with(".done")) {
            process = id.substr(8, id.size() - 8 - 5);
            break;
        }
    }
    REQUIRE_MESSAGE(!process.empty(), "no process with feedback on screen");
    CAPTURE(process);

    // Offline, the operator reports the process done; meanwhile the central plan cancels it
    // (on a server the kiosk cannot reach yet).
    kiosk.stop_server();
    kiosk.sync_now();
    kiosk.wait_status("offline", [](const json& s) { return !s.value("online", true); });
    kiosk.tap("process." + process + ".done");
    kiosk.wait_target("process.confirm");
    kiosk.tap("process.confirm");
    kiosk.wait_status("the report pending",
                      [](const json& s) { return s.value("outbox_pending", -1) == 1; });
    kiosk.start_server(/*reachable=*/false);
    kiosk.admin("PATCH", "/admin/v1/processes/" + process, json{{"status", "cancelled"}});
    kiosk.stop_server();

    kiosk.start_server();
    kiosk.sync_now();
    const json status = kiosk.wait_status("the report answered", [](const json& s) {
        return s.value("online", false) && s.value("outbox_pending", -1) == 0;
    });
    CHECK(status.value("outbox_rejected", -1) == 1);
    CHECK(kiosk.server_events().empty());
    CHECK_FALSE(json_contains(status.at("process_ids"), process));
    const auto attention = KioskFixture::find_target(kiosk.ui(), "nav.attention");
    REQUIRE(attention.has_value());
    CHECK_MESSAGE(attention->value("label", "").find("(1)") != std::string::npos,
                  "the menu does not count the refused report: ", attention->dump());
    kiosk.tap("nav.attention");
    kiosk.wait_status("the attention screen",
                      [](const json& s) { return s.value("screen", "") == "attention"; });
    kiosk.screenshot("attention-refused-report");
}

TEST_CASE("a second partner on the same terminal sees nothing of the first") {
    KioskFixture kiosk({.name = "second_partner"});
    const PartnerPlan p1 = kiosk.partner_plan(badge::p1_anna);
    const PartnerPlan p2 = kiosk.partner_plan(badge::p2_merle, badge::p2_merle_pin);
    // What only P1 may see: its work step ids and order numbers P2 is not given.
    std::vector<std::string> p1_only;
    for (const auto& id : p1.work_step_ids()) {
        if (!contains(p2.work_step_ids(), id)) p1_only.push_back(id);
    }
    std::set<std::string> p2_orders;
    for (const auto& order : p2.plan.at("orders"))
        p2_orders.insert(order.at("number").get<std::string>());
    for (const auto& order : p1.plan.at("orders")) {
        const auto number = order.at("number").get<std::string>();
        if (!p2_orders.contains(number)) p1_only.push_back(number);
    }
    REQUIRE_FALSE(p1_only.empty());

    kiosk.log_in(badge::p1_anna);
    kiosk.screenshot("p1-logged-in");
    kiosk.log_out();
    const json out = kiosk.status();
    CHECK(out.value("partner_id", json()).is_null());
    CHECK(out.at("work_step_ids").empty());
    CHECK(out.at("process_ids").empty());
    for (const auto& id : kiosk.target_ids()) {
        CAPTURE(id);
        CHECK_FALSE((id.starts_with("tile.") || id.starts_with("nav.")));
    }

    // P2's operator has a PIN: the pad opens, the PIN is tapped.
    const json status = kiosk.log_in(badge::p2_merle, badge::p2_merle_pin);
    kiosk.screenshot("p2-logged-in");
    CHECK(status.value("partner_id", "") == "P2");
    CHECK(status.value("operator_id", "") == "OP5");
    CHECK(sorted_strings(status.at("work_step_ids")) == p2.work_step_ids());
    CHECK(sorted_strings(status.at("process_ids")) == p2.process_ids());  // none: no option
    // R8: P2 has workbench and planning only.
    const auto ids = kiosk.target_ids();
    for (const char* absent : {"nav.processes", "nav.dashboard", "nav.planning_objects"}) {
        CAPTURE(absent);
        CHECK_FALSE(contains(ids, absent));
    }
    // Nothing of P1 on any of P2's screens.
    for (const auto& id : ids) {
        if (!id.starts_with("nav.")) continue;
        kiosk.tap(id);
        const std::string screen = id.substr(4);
        kiosk.wait_status("P2 on " + screen,
                          [&](const json& s) { return s.value("screen", "") == screen; });
        kiosk.screenshot("p2-" + screen);
        const auto leaks = targets_mentioning(kiosk.ui(), p1_only);
        CAPTURE(screen);
        CHECK_MESSAGE(leaks.empty(), "P1's data on P2's screen: ", json(leaks).dump());
    }

    // P1's run cards (a work step, an order) open nothing for P2: the cache holds P1's plan,
    // but P2's session cannot reach it (R11).
    const auto p1_step = std::find_if(p1_only.begin(), p1_only.end(),
                                      [](const std::string& id) { return id.starts_with("W"); });
    const auto p1_order = std::find_if(p1_only.begin(), p1_only.end(),
                                       [](const std::string& id) { return id.starts_with("PO-"); });
    REQUIRE(p1_step != p1_only.end());
    REQUIRE(p1_order != p1_only.end());
    for (const auto& run_card : {*p1_step, *p1_order}) {
        CAPTURE(run_card);
        kiosk.wait_status("no notice", [](const json& s) { return s.at("toast").is_null(); });
        kiosk.scan_wedge(run_card);
        const json after = kiosk.wait_status(
            "P1's run card refused for P2", [](const json& s) { return !s.at("toast").is_null(); });
        CHECK(after.at("toast") == "notice.run_card_not_found");
        CHECK(after.value("partner_id", "") == "P2");
        CHECK(after.value("screen", "") != "work_step_detail");
        CHECK_FALSE(json_contains(after.at("work_step_ids"), run_card));
    }
    kiosk.screenshot("p2-scanned-p1-run-card");

    // A P1 badge scanned during P2's session ends it first, then shows P1's plan only.
    const json back = kiosk.log_in(badge::p1_jonas);
    CHECK(back.value("partner_id", "") == "P1");
    CHECK(back.value("operator_id", "") == "OP2");
    CHECK(sorted_strings(back.at("work_step_ids")) == p1.work_step_ids());
}

TEST_CASE("an idle session logs out after a visible count-down") {
    KioskFixture kiosk({.name = "idle_logout", .idle_timeout_s = 12});
    kiosk.log_in(badge::p1_anna);
    // The last 10 s count down on screen with a "stay" button; staying starts the time anew.
    kiosk.wait_status("the idle count-down", [](const json& s) {
        return s.at("idle_logout_in_s").is_number() && s.at("idle_logout_in_s").get<int>() <= 10;
    });
    kiosk.wait_target("idle.stay");
    kiosk.screenshot("countdown");
    kiosk.tap("idle.stay");
    kiosk.wait_status("the idle time restarted", [](const json& s) {
        return s.value("session", "") == "logged_in" && s.at("idle_logout_in_s").is_number() &&
               s.at("idle_logout_in_s").get<int>() > 10;
    });
    CHECK_FALSE(kiosk.has_target("idle.stay"));

    // Then nobody touches it.
    const json status = kiosk.wait_status(
        "the idle logout", [](const json& s) { return s.value("session", "") == "logged_out"; });
    kiosk.screenshot("after-idle-logout");
    CHECK(status.value("screen", "") == "login");
    CHECK(status.value("partner_id", json()).is_null());
    CHECK(status.at("work_step_ids").empty());
    CHECK(status.at("process_ids").empty());
    CHECK(kiosk.kiosk_log_tail().find("idle logout") != std::string::npos);
}

TEST_CASE("a garbage scan, a run card and slow typing at the login screen log nobody in") {
    KioskFixture kiosk({.name = "scans_at_login"});
    const auto nobody = [](const json& s) {
        return s.value("session", "") != "logged_in" && s.value("partner_id", json()).is_null() &&
               s.at("work_step_ids").empty();
    };
    const auto toast_gone = [&] {
        kiosk.wait_status("the notice to go",
                          [](const json& s) { return s.at("toast").is_null(); });
    };

    // Garbage: longer than any badge or run card.
    kiosk.scan_wedge(std::string(200, 'X'));
    json status = kiosk.wait_status("the unreadable-scan notice", [](const json& s) {
        return s.at("toast") == "notice.unreadable_scan";
    });
    kiosk.screenshot("garbage-scan");
    CHECK(nobody(status));
    CHECK(status.value("session", "") == "logged_out");
    toast_gone();

    // A run card: an order number, then a work step id.
    for (const std::string run_card : {"PO-2026-0001", "W0105"}) {
        CAPTURE(run_card);
        kiosk.scan_wedge(run_card);
        status = kiosk.wait_status("the run-card hint", [](const json& s) {
            return s.at("toast") == "notice.run_card_at_login";
        });
        kiosk.screenshot("run-card-" + run_card);
        CHECK(nobody(status));
        CHECK(status.value("session", "") == "logged_out");
        toast_gone();
    }

    // Junk that could be a badge: the server refuses it; the kiosk cannot tell a missing PIN
    // from an unknown badge (sync-api.md), so it may ask for a PIN — but nobody is logged in.
    kiosk.scan_wedge("Q7#x!z%&*");
    status = kiosk.wait_status("the junk badge refused", [](const json& s) {
        const auto session = s.value("session", "");
        return session == "pin_needed" ||
               (session == "logged_out" && !s.value("notice", "").empty());
    });
    kiosk.screenshot("junk-badge");
    CHECK(nobody(status));
    if (status.value("session", "") == "pin_needed") {
        // A run card scanned into the PIN pad logs nobody in either.
        kiosk.scan_wedge("W0105");
        status = kiosk.wait_status("the run-card hint at the PIN pad", [](const json& s) {
            return s.at("toast") == "notice.run_card_at_login";
        });
        CHECK(nobody(status));
        kiosk.screenshot("run-card-at-pin-pad");
        // The notice must not hide the pad's own buttons (every action reachable by touch).
        CHECK_MESSAGE(kiosk.has_target("pin.cancel"),
                      "the notice covers the PIN pad's Cancel button\n", kiosk.diagnostics());
        toast_gone();
        kiosk.tap("pin.cancel");
        kiosk.wait_status("back at login",
                          [](const json& s) { return s.value("session", "") == "logged_out"; });
    }

    // A real badge typed by hand (200 ms per key) is typing, not a scan.
    kiosk.type_slowly(badge::p1_anna, Millis(200));
    const bool stayed_out =
        !KioskFixture::eventually([&] { return !nobody(kiosk.status()); }, Millis(1500));
    CHECK_MESSAGE(stayed_out, "a badge typed by hand logged in\n", kiosk.diagnostics());

    // The scanner still works afterwards.
    const json in = kiosk.log_in(badge::p1_anna);
    CHECK(in.value("operator_id", "") == "OP1");
}

TEST_CASE("a provisioning barcode and a huge `ctl frames` leave a running kiosk alone") {
    // Issue 13, finding 14: a provisioning barcode scanned on a provisioned kiosk was sent to
    // the server as a badge (enrolment code included) and logged the operator out; `ctl frames
    // 10000` blocked the UI thread past the 30 s watchdog.
    KioskFixture kiosk({.name = "hardening"});
    (void)kiosk.log_in(badge::p1_anna);
    kiosk.scan_wedge("PTPROV1;server_url=" + kiosk.server_url("") + ";enrollment_code=SECRET-4242");
    const json status = kiosk.wait_status("the provisioning-barcode notice", [](const json& s) {
        return s.at("toast") == "notice.provisioning_ignored";
    });
    kiosk.screenshot("provisioning-barcode-ignored");
    CHECK(status.value("session", "") == "logged_in");
    CHECK(status.value("operator_id", "") == "OP1");
    CHECK(kiosk.kiosk_log_tail(100'000).find("SECRET-4242") == std::string::npos);

    std::string reply;
    const auto started = std::chrono::steady_clock::now();
    CHECK(kiosk.ctl_command("frames 10000", &reply) == 1);
    CHECK_MESSAGE(reply.find("1000") != std::string::npos, reply);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(5));
    CHECK(kiosk.ctl_command("frames 3", &reply) == 0);
    CHECK_MESSAGE(json::parse(reply).value("frames", 0) == 3, reply);
    CHECK(kiosk.ctl_command("frames lots", &reply) == 1);
    CHECK(kiosk.status().value("session", "") == "logged_in");
}

TEST_CASE("keyboard-wedge scans are recognised on a 1920x1080 screen as on 800x480") {
    // A scanner types at the same speed whatever the screen; drawing a bigger frame between two
    // keys must not split a scan into typing plus a shorter scan.
    KioskFixture kiosk({.name = "wedge_full_hd", .width = 1920, .height = 1080});
    constexpr int kScans = 10;
    int logged_in = 0;
    for (int i = 0; i < kScans; ++i) {
        kiosk.scan_wedge(badge::p1_anna);
        const json status = kiosk.wait_status("the scan handled", [](const json& s) {
            const auto session = s.value("session", "");
            return session == "logged_in" || session == "pin_needed" ||
                   (session == "logged_out" && !s.value("notice", "").empty());
        });
        if (status.value("session", "") == "logged_in") {
            ++logged_in;
            kiosk.log_out();
        } else {
            if (kiosk.has_target("pin.cancel")) kiosk.tap("pin.cancel");
            kiosk.wait_status("back at login",
                              [](const json& s) { return s.value("session", "") == "logged_out"; });
        }
    }
    const std::string log = kiosk.kiosk_log_tail(100'000);
    std::size_t interrupted = 0;
    for (auto at = log.find("interrupted scan"); at != std::string::npos;
         at = log.find("interrupted scan", at + 1)) {
        ++interrupted;
    }
    INFO("kiosk log:\n", kiosk.kiosk_log_tail());
    CHECK_MESSAGE(logged_in == kScans, logged_in, " of ", kScans,
                  " wedge scans of a badge logged in at 1920x1080; ", interrupted,
                  " were logged as interrupted scans");
}

TEST_CASE("screenshots of every screen at 800x480 and 1920x1080") {
    for (const auto& [width, height] : {std::pair{800, 480}, std::pair{1920, 1080}}) {
        CAPTURE(width);
        KioskFixture kiosk(
            {.name = "every_screen", .width = width, .height = height, .wedge_scans = false});
        kiosk.screenshot("login");
        check_targets_fit(kiosk, "login");

        kiosk.tap("lang.de");
        kiosk.wait_status("German", [](const json& s) { return s.value("language", "") == "de"; });
        kiosk.screenshot("login-de");
        kiosk.tap("lang.en");
        kiosk.wait_status("English", [](const json& s) { return s.value("language", "") == "en"; });

        kiosk.scan("PO-2026-0001");
        kiosk.wait_status("the run-card hint",
                          [](const json& s) { return !s.at("toast").is_null(); });
        kiosk.screenshot("login-run-card-notice");
        kiosk.wait_status("the notice to go",
                          [](const json& s) { return s.at("toast").is_null(); });

        kiosk.scan(badge::p2_merle);
        kiosk.wait_target("pin.4");
        kiosk.tap("pin.4");
        kiosk.tap("pin.7");
        kiosk.screenshot("pin-pad");
        check_targets_fit(kiosk, "pin pad");
        kiosk.tap("pin.cancel");
        kiosk.wait_status("back at login",
                          [](const json& s) { return s.value("session", "") == "logged_out"; });

        kiosk.scan(kiosk.options().technician_badge);
        kiosk.wait_status("the technician screen",
                          [](const json& s) { return s.value("screen", "") == "technician"; });
        kiosk.screenshot("technician");
        check_targets_fit(kiosk, "technician");
        kiosk.log_out();

        const PartnerPlan plan = kiosk.partner_plan(badge::p1_anna);
        kiosk.log_in(badge::p1_anna);
        std::vector<std::string> navs;
        for (const auto& id : kiosk.target_ids()) {
            if (id.starts_with("nav.")) navs.push_back(id);
        }
        CHECK(navs.size() == 7);
        for (const auto& nav : navs) {
            const std::string screen = nav.substr(4);
            kiosk.tap(nav);
            kiosk.wait_status("the " + screen + " screen",
                              [&](const json& s) { return s.value("screen", "") == screen; });
            kiosk.screenshot("screen-" + screen);
            check_targets_fit(kiosk, screen);
        }

        kiosk.tap("nav.workbench_terminal");
        kiosk.wait_status("the work list", [](const json& s) {
            return s.value("screen", "") == "workbench_terminal";
        });
        const std::string step = prefer_tile_on_screen(kiosk, plan.open_own_work_steps());
        kiosk.open_detail(step);
        kiosk.screenshot("work-step-detail");
        check_targets_fit(kiosk, "work step detail");
        if (kiosk.has_target("detail.start")) {
            kiosk.tap("detail.start");
            kiosk.wait_target("detail.pause");
            kiosk.screenshot("work-step-detail-running");
            kiosk.tap("detail.pause");
            const std::string reason =
                "pause." + plan.login.at("reasons").at("pause").at(0).at("code").get<std::string>();
            kiosk.wait_target(reason);
            kiosk.screenshot("pause-reasons");
            check_targets_fit(kiosk, "pause reasons");
            kiosk.tap(reason);
            kiosk.wait_target("detail.quantity");
            kiosk.tap("detail.quantity");
            kiosk.wait_target("qty.good.1");
            const auto confirm = KioskFixture::find_target(kiosk.ui(), "qty.confirm");
            REQUIRE(confirm.has_value());
            CHECK_FALSE(confirm->value("enabled", true));  // nothing entered yet
            kiosk.screenshot("quantity-pad");
            check_targets_fit(kiosk, "quantity pad");
            enter_quantity(kiosk, "good", 12);
            enter_quantity(kiosk, "scrap", 2);
            const std::string scrap =
                "scrap." + plan.login.at("reasons").at("scrap").at(0).at("code").get<std::string>();
            kiosk.wait_target(scrap);
            kiosk.screenshot("quantity-scrap-reasons");
            check_targets_fit(kiosk, "scrap reasons");
            kiosk.tap("qty.cancel");
            kiosk.wait_target("detail.finish");
            kiosk.tap("detail.finish");
            kiosk.wait_target("finish.confirm");
            kiosk.screenshot("finish-pad");
            check_targets_fit(kiosk, "finish pad");
            kiosk.tap("qty.cancel");
            kiosk.wait_target("detail.back");
            kiosk.tap("detail.back");
            kiosk.wait_status("back at the work list", [](const json& s) {
                return s.value("screen", "") == "workbench_terminal";
            });
            kiosk.tap("nav.workbench_classic");
            kiosk.wait_target("classic.search");
            kiosk.tap("classic.search");
            kiosk.wait_target("classic.keys.p");
            kiosk.tap("classic.keys.p");
            kiosk.tap("classic.keys.o");
            kiosk.screenshot("classic-search-keyboard");
            check_targets_fit(kiosk, "classic search keyboard");
        } else {
            MESSAGE("the detail screen has no detail.start yet: no feedback panels to shoot");
        }
    }
}

TEST_CASE("a system update from a USB stick is announced in a banner until it ends or is cleared") {
    KioskFixture kiosk({.name = "update_notice"});
    const auto notice_is = [](const std::string& state, const std::string& detail) {
        return [state, detail](const json& s) {
            return s.at("update_notice").is_object() &&
                   s.at("update_notice").value("state", "") == state &&
                   s.at("update_notice").value("detail", "") == detail;
        };
    };
    CHECK(kiosk.status().at("update_notice").is_null());

    // Issue 13 item 5: a bundle that passed its checks waits for the technician badge, with a
    // count-down. Nothing else confirms it: not the control socket, not an operator's badge.
    REQUIRE(kiosk.update_notice({"confirm", "0.2.0"}) == 0);
    kiosk.wait_status("the confirmation banner", notice_is("confirm", "0.2.0"));
    kiosk.screenshot("confirm-login");
    std::string refused;
    CHECK(kiosk.update_notice({"confirmed", "0.2.0"}, &refused) == 1);
    CHECK(refused.find("expected confirm, installing, current, failed or clear") !=
          std::string::npos);
    kiosk.scan(badge::p1_anna);
    kiosk.wait_status("Anna logged in",
                      [](const json& s) { return s.value("operator_id", "") == "OP1"; });
    CHECK(notice_is("confirm", "0.2.0")(kiosk.status()));
    CHECK(kiosk.status().at("update_confirmed").is_null());
    kiosk.scan(kiosk.options().technician_badge);
    const json confirmed = kiosk.wait_status("confirmed", notice_is("confirmed", "0.2.0"));
    CHECK(confirmed.value("update_confirmed", "") == "0.2.0");
    CHECK(confirmed.value("session", "") == "logged_in");  // the badge opened nothing else
    CHECK(kiosk.kiosk_log_tail().find("update 0.2.0 confirmed with the technician badge") !=
          std::string::npos);
    kiosk.log_out();

    // What update-from-stick sends when it begins to write the idle slot.
    REQUIRE(kiosk.update_notice({"installing", "0.2.0"}) == 0);
    kiosk.wait_status("the install banner", notice_is("installing", "0.2.0"));
    kiosk.screenshot("installing-login");
    kiosk.tap("lang.de");
    kiosk.wait_status("German", [](const json& s) { return s.value("language", "") == "de"; });
    kiosk.screenshot("installing-login-de");
    // Operators keep working meanwhile: the banner stays over every screen. (In German: the
    // menu, cached by the shell, must follow the language chosen before the login.)
    kiosk.log_in(badge::p1_anna);
    const auto menu = KioskFixture::find_target(kiosk.ui(), "nav.workbench_terminal");
    REQUIRE(menu);
    CHECK(menu->value("label", "") == "Arbeit");
    kiosk.screenshot("installing-work-list-de");

    // A line that is no notice is refused and changes nothing; so is a line break.
    std::string reply;
    CHECK(kiosk.update_notice({"rebooting", "now"}, &reply) == 1);
    CHECK(reply.find("expected confirm, installing, current, failed or clear") !=
          std::string::npos);
    CHECK(kiosk.update_notice({"failed", "one\nscan B-1002"}, &reply) == 2);
    CHECK(notice_is("installing", "0.2.0")(kiosk.status()));

    // A refused stick says why; clearing takes the banner away.
    CHECK(kiosk.update_notice({"failed", "the stick holds two bundles"}, &reply) == 1);
    REQUIRE(kiosk.update_notice({"failed", "bundle_count", "2"}) == 0);
    kiosk.wait_status("the refusal banner", notice_is("failed", "bundle_count 2"));
    kiosk.screenshot("failed-work-list");
    REQUIRE(kiosk.update_notice({"clear"}) == 0);
    kiosk.wait_status("no banner", [](const json& s) { return s.at("update_notice").is_null(); });
    CHECK(kiosk.status().value("operator_id", "") == "OP1");
    CHECK(kiosk.kiosk_log_tail().find("update installing: 0.2.0") != std::string::npos);
}

}  // namespace pt::e2e
