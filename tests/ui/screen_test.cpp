// The screens drawn headless (label `unit`): every screen of app::kScreens and the set-up screen,
// with the sample data at 1280×800, checked for the texts they show, their touch targets and the
// intents a tap on them returns (headless_frame.h says how a frame is read back). This file: all
// screens at a glance, the shell, login, the read-only screens, the technician and set-up
// screens, every screen, panel and overlay in both languages from 800×480 to 1920×1080, and the
// languages' keys. The screens with actions on work steps and processes are in
// work_screens_test.cpp.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tests/ui/screen_checks.h"
#include "ui/screens/provisioning.h"
#include "ui/theme.h"

namespace pt::ui::test {
namespace {

using app::Screen;
using sample::ModelOptions;

bool is_nav(const TouchTarget& t) {
    return t.id.starts_with("nav.");
}

}  // namespace

TEST_CASE("every screen shows its texts and targets and emits nothing without a tap") {
    Screens s;
    const std::string running = sample::first_running_work_step(s.data);
    struct Expect {
        Screen screen;
        std::vector<std::string> texts;
        std::vector<std::string> targets;
    };
    std::vector<Expect> expected{
        {Screen::login,
         {"Scan your badge", "Halle 2 \xE2\x80\x93 Lackierei", "09:42", "Last sync 3 min ago"},
         {"lang.en", "lang.de"}},
        {Screen::workbench_terminal,
         {"All (40)", "Lackieranlage 1 (13)"},
         {"workbench.filter.all", "workbench.filter.R1", "workbench.filter.R3"}},
        {Screen::workbench_classic,
         {"40 of 40", "Order"},
         {"classic.search", "classic.sort.status", "classic.sort.order_number"}},
        {Screen::processes,
         {"Open (16)", "Wareneingang"},
         {"processes.filter.active", "processes.filter.all", "process.PR1.done"}},
        {Screen::planning,
         {"Lackieranlage 1", "Trockenofen", "12 h"},
         {"planning.earlier", "planning.now", "planning.later", "planning.zoom_in"}},
        {Screen::dashboard, {"Planned load per resource", "Finished today"}, {}},
        {Screen::planning_objects, {"11 orders", "PO-2026-0001"}, {}},
        {Screen::attention, {"Finish reported", "Process feedback"}, {}},
        {Screen::technician,
         {"Sync now", "T-0042", "0.9.0 (gallery)"},
         {"tech.sync", "tech.reenrol", "tech.logout", "bar.logout", "nav.technician"}},
        {Screen::work_step_detail,
         {running, "In progress"},
         {"detail.back", "detail.pause", "detail.quantity", "detail.finish"}},
    };
    expected.push_back(
        {Screen::changes, {"Changed since you left (4)", "New"}, {"changes.continue"}});
    REQUIRE(expected.size() == app::kScreens.size());
    for (const Expect& e : expected) {
        const std::string name(app::name_of(e.screen));
        CAPTURE(name);
        const app::UiModel model = s.open(e.screen);
        check_frame(s.frame, name);
        for (const std::string& text : e.texts)
            check_shows(s.frame, text);
        for (const std::string& id : e.targets)
            CHECK_MESSAGE(s.frame.target(id) != nullptr, name, ": no target `", id, "`");
        // The shell: the operator and the menu of the session's screens (R8), never the login's.
        const auto& targets = s.frame.targets();
        const auto navs = std::count_if(targets.begin(), targets.end(), is_nav);
        if (e.screen == Screen::login) {
            CHECK(navs == 0);
            CHECK(s.frame.target("bar.logout") == nullptr);
        } else if (e.screen != Screen::technician) {
            check_shows(s.frame, "Coating GmbH");
            check_shows(s.frame, "Anna Berger");
            CHECK(s.frame.target("bar.logout") != nullptr);
            for (const Screen item : model.menu) {
                if (item == Screen::work_step_detail || item == Screen::changes) continue;
                CHECK_MESSAGE(s.frame.target("nav." + std::string(app::name_of(item))) != nullptr,
                              "no menu entry for ", app::name_of(item));
            }
            CHECK(s.frame.target("nav.work_step_detail") == nullptr);  // reached from a step
            CHECK(s.frame.target("nav.changes") == nullptr);           // shown after the login
            CHECK(s.frame.target("nav.technician") == nullptr);
        }
        // Still nothing after more frames: an intent comes from a tap, never from drawing.
        CHECK_MESSAGE(s.frame.settle(model, 5).empty(), name);
    }
}

// ---- The shell --------------------------------------------------------------------------------

TEST_CASE("shell: the menu navigates, the bar logs out and says what is pending") {
    Screens s;
    const app::UiModel model = s.open(Screen::workbench_terminal);
    check_shows(s.frame, "Online");
    check_shows(s.frame, "2 not yet sent");
    check_shows(s.frame, "09:42");
    CHECK(require_target(s.frame, "nav.attention").label == "Attention (2)");
    for (const Screen screen : model.menu) {
        if (screen == Screen::work_step_detail || screen == Screen::changes) continue;
        const std::string id = "nav." + std::string(app::name_of(screen));
        CAPTURE(id);
        const auto navigate = single<app::intent::Navigate>(s.frame.tap(model, id));
        if (navigate) CHECK(navigate->screen == screen);
    }
    CHECK(single<app::intent::LogOut>(s.frame.tap(model, "bar.logout")).has_value());
    CHECK(s.frame.settle(model).empty());

    s.open(Screen::workbench_terminal, {.offline = true});
    check_shows(s.frame, "Offline");
}

TEST_CASE("shell: the picker for a scanned order covers the screen and opens the chosen step") {
    Screens s;
    const app::UiModel model = s.open(Screen::workbench_terminal, {.choice = 3});
    REQUIRE(model.choice.has_value());
    check_frame(s.frame, "choice");
    check_shows(s.frame, "Order " + model.choice->order_number + ": which work step?");
    const auto choices = s.frame.target_ids("choose.");
    CHECK(choices.size() == model.choice->work_step_ids.size() + 1);  // and Cancel
    // Modal: nothing beneath it can be touched.
    CHECK(s.frame.target_ids("nav.").empty());
    CHECK(s.frame.target_ids("tile.").empty());
    const std::string second = model.choice->work_step_ids.at(1);
    const auto open = single<app::intent::OpenWorkStep>(s.frame.tap(model, "choose." + second));
    if (open) CHECK(open->work_step_id == second);
    CHECK(single<app::intent::Back>(s.frame.tap(model, "choose.cancel")).has_value());
}

TEST_CASE("shell: banners for the idle count-down, a toast and a system update") {
    Screens s;
    app::UiModel model = s.open(Screen::workbench_terminal, {.countdown_s = 7});
    check_frame(s.frame, "countdown");
    check_shows(s.frame, "Logging out in 7 s");
    // Staying is the tap itself (the loop counts it as activity): no intent.
    CHECK(s.frame.tap(model, "idle.stay").empty());

    // A toast's text is a translation key, worded here.
    s.open(Screen::workbench_terminal, {.toast = app::Toast{"notice.saved_offline", false, {}}});
    check_shows(s.frame, "Saved \xE2\x80\x93 will be sent when the connection returns");

    s.open(Screen::workbench_terminal,
           {.update_notice = app::UpdateNotice{app::UpdateState::confirm, "0.2.0", {}}});
    check_frame(s.frame, "update");
    check_shows(s.frame, "Update 0.2.0 is on the USB stick. To install it, a technician scans");
}

// ---- Login ------------------------------------------------------------------------------------

TEST_CASE("login: the terminal's state and the language switch") {
    Screens s;
    const app::UiModel model = s.open(Screen::login);
    check_shows(s.frame, "Hold your badge under the scanner.");
    check_shows(s.frame, "Connected to the central plan");
    check_shows(s.frame, "2 reports waiting to be sent");
    CHECK(require_target(s.frame, "lang.de").label == "Deutsch");
    CHECK(require_target(s.frame, "lang.en").label == "English");
    // The switch is no intent: the loop loads the language the frame asks for.
    CHECK(s.frame.tap(model, "lang.de").empty());
    CHECK(s.frame.next_language() == "de");
    s.frame.frame(model);
    CHECK(s.frame.next_language().empty());  // asked once, not every frame

    // The same model in German: the loop's next frame.
    app::UiModel german = sample::model_for(s.data, Screen::login, {.language = "de"});
    s.frame.settle(german);
    check_shows(s.frame, "Ausweis scannen");
    CHECK(s.frame.tap(german, "lang.en").empty());
    CHECK(s.frame.next_language() == "en");
}

TEST_CASE("login: notices and the terminal's states") {
    Screens s;
    s.open(Screen::login, {.notice = "notice.badge_refused"});
    const DrawnText* notice = s.frame.find_text("Badge or PIN not accepted.");
    REQUIRE(notice != nullptr);
    CHECK(notice->color == s.frame.drawn_color(colors::error()));

    s.open(Screen::login, {.enrolled = false});
    check_shows(s.frame, "This terminal is not enrolled");
    check_shows(s.frame, "A technician must enrol it first.");
    check_shows(s.frame, "Not synced yet");
    s.open(Screen::login, {.revoked = true});
    check_shows(s.frame, "This terminal has been revoked");
    s.open(Screen::login, {.login_state = app::SessionState::logging_in});
    check_shows(s.frame, "Checking badge\xE2\x80\xA6");
}

TEST_CASE("login: the PIN pad takes a PIN by touch or keyboard and never shows it") {
    Screens s;
    app::UiModel model = s.open(Screen::login, {.login_state = app::SessionState::pin_needed});
    check_frame(s.frame, "login_pin");
    check_shows(s.frame, "Enter your PIN");
    for (const char* key : {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "back", "clear"})
        require_target(s.frame, std::string("pin.") + key);
    require_target(s.frame, "pin.cancel");
    require_target(s.frame, "pin.ok", false);  // nothing typed yet

    SUBCASE("by touch") {
        for (const char* key : {"pin.4", "pin.7", "pin.1", "pin.9", "pin.back", "pin.1"})
            CHECK_MESSAGE(s.frame.tap(model, key).empty(), key);
        // One dot per digit, never a digit.
        check_shows(s.frame, "\xE2\x97\x8F \xE2\x97\x8F \xE2\x97\x8F \xE2\x97\x8F");
        CHECK_FALSE(s.frame.shows("4711"));
        require_target(s.frame, "pin.ok");
        const auto pin = single<app::intent::EnterPin>(s.frame.tap(model, "pin.ok"));
        if (pin) CHECK(pin->pin == "4711");
        require_target(s.frame, "pin.ok", false);  // sent: the pad is empty again
    }
    SUBCASE("on a keyboard, Enter sends") {
        CHECK(s.frame.type(model, "47").empty());
        CHECK(s.frame.type(model, "x1\b11").empty());  // letters ignored, Backspace erases
        const auto pin = single<app::intent::EnterPin>(s.frame.type(model, "", true));
        if (pin) CHECK(pin->pin == "4711");
    }
    SUBCASE("cleared and cancelled") {
        s.frame.tap(model, "pin.4");
        s.frame.tap(model, "pin.clear");
        require_target(s.frame, "pin.ok", false);
        CHECK(single<app::intent::CancelPin>(s.frame.tap(model, "pin.cancel")).has_value());
    }
}

// ---- What the partner reads: dashboard, orders, attention -------------------------------------

TEST_CASE("dashboard: the figures of the partner's own work steps and the load per resource") {
    Screens s;
    const app::UiModel model = s.open(Screen::dashboard);
    check_frame(s.frame, "dashboard");
    // The figures, large, in the order of their labels (open, in progress, paused, late,
    // finished today, scrap rate), counted here from the sample the way product.md defines them.
    const auto now = s.data.now;
    const auto today = std::chrono::floor<std::chrono::days>(now);  // TZ=UTC: local = UTC
    std::int64_t open = 0, running = 0, paused = 0, late = 0, finished_today = 0;
    for (const plan::ViewWorkStep& w : s.data.view.view.work_steps) {
        using plan::WorkStepStatus;
        open += w.status == WorkStepStatus::open;
        running += w.status == WorkStepStatus::in_progress;
        paused += w.status == WorkStepStatus::paused;
        const bool done = w.status == WorkStepStatus::finished;
        late += !done && (*w.planned_end < now ||
                          (w.status == WorkStepStatus::open && *w.planned_start < now));
        finished_today +=
            done && *w.planned_end >= today && *w.planned_end < today + std::chrono::days(1);
    }
    std::vector<std::string> figures;
    for (const DrawnText& t : s.frame.texts())
        if (t.font == s.frame.fonts().huge) figures.push_back(t.text);
    REQUIRE(figures.size() == 6);
    CHECK(figures[0] == std::to_string(open));
    CHECK(figures[1] == std::to_string(running));
    CHECK(figures[2] == std::to_string(paused));
    CHECK(figures[3] == std::to_string(late));
    CHECK(figures[4] == std::to_string(finished_today));
    CHECK(figures[5].ends_with(" %"));
    for (const char* label :
         {"Open", "In progress", "Paused", "Late", "Finished today", "Scrap rate"})
        check_shows(s.frame, label);
    for (const plan::ViewResource& r : s.data.view.view.resources)
        check_shows(s.frame, r.name);
    check_shows(s.frame, "Today");
    // Nothing on it to touch but the shell.
    for (const TouchTarget& t : s.frame.targets())
        CHECK_MESSAGE((t.id.starts_with("nav.") || t.id.starts_with("bar.")), t.id);
    CHECK(s.frame.settle(model).empty());
}

TEST_CASE("planning objects: the related orders with progress and due dates") {
    Screens s;
    s.open(Screen::planning_objects);
    check_frame(s.frame, "planning_objects");
    const auto& orders = s.data.view.view.orders;
    check_shows(s.frame, std::to_string(orders.size()) + " orders");
    // The first order (by number): its article, quantity and progress.
    const plan::ViewOrder& first =
        *std::min_element(orders.begin(), orders.end(),
                          [](const auto& a, const auto& b) { return a.number < b.number; });
    std::size_t finished = 0;
    std::size_t total = 0;
    for (const plan::ViewWorkStep& w : s.data.view.view.work_steps) {
        if (w.order_id != first.id) continue;
        ++total;
        finished += w.status == plan::WorkStepStatus::finished;
    }
    check_shows(s.frame, first.number);
    check_shows(s.frame, first.article);
    check_shows(s.frame, "Qty " + std::to_string(first.quantity));
    check_shows(s.frame, std::to_string(finished) + " / " + std::to_string(total));
}

TEST_CASE("attention: every refused report, newest first, with its reason in the error colour") {
    Screens s;
    s.open(Screen::attention);
    check_frame(s.frame, "attention");
    check_shows(s.frame, "The central plan refused these reports: they did not count.");
    // The finish of a work step (47 min ago), then the process feedback (2 h ago).
    const app::AttentionItem& finish = s.data.attention.at(0);
    const plan::ViewWorkStep* step = nullptr;
    for (const auto& w : s.data.view.view.work_steps)
        if (w.id == finish.target_id) step = &w;
    REQUIRE(step != nullptr);
    check_shows(s.frame, finish.target_id + "  \xC2\xB7  " + *step->order_number + "  \xC2\xB7  " +
                             *step->operation);
    check_shows(s.frame, "(47 min ago)");
    const DrawnText* invalid = s.frame.find_text("Refused: the report was incomplete or malformed");
    const DrawnText* gone =
        s.frame.find_text("Refused: this is no longer assigned to your company");
    REQUIRE(invalid != nullptr);
    REQUIRE(gone != nullptr);
    CHECK(invalid->color == s.frame.drawn_color(colors::error()));
    CHECK(invalid->y < gone->y);  // newest first
    const DrawnText* type = s.frame.find_text("Finish reported");
    REQUIRE(type != nullptr);
    CHECK(type->y < invalid->y);

    SUBCASE("nothing refused") {
        app::UiModel model = sample::model_for(s.data, Screen::attention);
        model.attention.clear();
        s.frame.new_shell();
        s.frame.settle(model);
        check_shows(s.frame, "Nothing needs your attention");
        CHECK(require_target(s.frame, "nav.attention").label == "Attention");
    }
}

// ---- Technician and set-up --------------------------------------------------------------------

TEST_CASE("technician: the terminal's facts, Sync now, Re-enrol and Log out") {
    Screens s;
    const app::UiModel model = s.open(Screen::technician);
    check_frame(s.frame, "technician");
    for (const char* text : {"0.9.0 (gallery)", "image 0.9.0, slot B", "T-0042", "12.9 MB",
                             "3.2 GB", "09:41:02 sync: cycle 127 ok"})
        check_shows(s.frame, text);
    CHECK(s.frame.target_ids("nav.") == std::vector<std::string>{"nav.technician"});
    CHECK(single<app::intent::SyncNow>(s.frame.tap(model, "tech.sync")).has_value());
    CHECK(single<app::intent::ReEnroll>(s.frame.tap(model, "tech.reenrol")).has_value());
    CHECK(single<app::intent::LogOut>(s.frame.tap(model, "tech.logout")).has_value());
    CHECK(single<app::intent::LogOut>(s.frame.tap(model, "bar.logout")).has_value());

    s.open(Screen::technician, {.revoked = true});
    check_shows(s.frame, "T-0042 \xC2\xB7 Revoked");
    check_shows(s.frame, "Revoked: the server refuses this terminal's token.");
}

TEST_CASE("set-up screen: the fields by touch and keyboard, Connect once both are there") {
    Screens s;
    const app::UiModel model = sample::model_for(s.data, Screen::login);
    ProvisioningForm form;
    const HeadlessFrame::DrawFn setup = [&form](FrameContext& ctx, float w, float h) {
        draw_provisioning(ctx, form, w, h);
    };
    CHECK(s.frame.settle(model, setup).empty());
    check_frame(s.frame, "provisioning");
    check_shows(s.frame, "Set up this terminal");
    check_shows(s.frame, "Scan the provisioning barcode, or enter the server address");
    CHECK(require_target(s.frame, "provisioning.field.server_url").label == "https://_");
    require_target(s.frame, "provisioning.connect", false);
    for (const char* key : {"q", "p", "z", "1", "shift", "space", "back"})
        require_target(s.frame, std::string("provisioning.keys.") + key);

    for (const char* key : {"provisioning.keys.p", "provisioning.keys.t", "provisioning.insert.:",
                            "provisioning.keys.8", "provisioning.field.enrollment_code"})
        CHECK(s.frame.tap(model, key, setup).empty());
    CHECK(form.server_url.text == "https://pt:8");
    app::UiModel typing = model;
    s.frame.type(typing, "EC-42", false, setup);
    s.frame.frame(typing, setup);
    CHECK(form.enrollment_code.text == "EC-42");
    CHECK(require_target(s.frame, "provisioning.field.enrollment_code").label == "EC-42_");
    require_target(s.frame, "provisioning.connect");
    CHECK_FALSE(form.submitted);
    s.frame.tap(model, "provisioning.connect", setup);
    CHECK(form.submitted);

    form.error = "That is not a provisioning barcode.";
    s.frame.frame(model, setup);
    const DrawnText* error = s.frame.find_text("That is not a provisioning barcode.");
    REQUIRE(error != nullptr);
    CHECK(error->color == s.frame.drawn_color(colors::error()));
}

// ---- Every screen and overlay in both languages, at the smallest, the usual and the largest panel

namespace {

struct Shot {
    std::string name;
    Screen screen;
    ModelOptions options;
    std::vector<std::string> taps;  ///< to open a panel first
};

std::vector<Shot> all_shots(const sample::SampleData& data) {
    std::vector<Shot> shots;
    for (const app::ScreenRow& row : app::kScreens)
        shots.push_back({std::string(row.name), row.id, {}, {}});
    std::string paused, finished, open, read_only;
    for (const auto& w : data.view.view.work_steps) {
        if (w.status == plan::WorkStepStatus::paused && paused.empty()) paused = w.id;
        if (w.status == plan::WorkStepStatus::finished && finished.empty()) finished = w.id;
        if (w.status == plan::WorkStepStatus::open && open.empty()) open = w.id;
        if (!w.feedback_allowed && read_only.empty()) read_only = w.id;
    }
    const auto detail = [](std::string id) { return ModelOptions{.work_step_id = std::move(id)}; };
    shots.push_back(
        {"login_pin", Screen::login, {.login_state = app::SessionState::pin_needed}, {}});
    shots.push_back(
        {"login_checking", Screen::login, {.login_state = app::SessionState::logging_in}, {}});
    shots.push_back({"login_notice", Screen::login, {.notice = "notice.offline_refused"}, {}});
    shots.push_back({"login_not_enrolled", Screen::login, {.enrolled = false}, {}});
    shots.push_back({"login_revoked", Screen::login, {.revoked = true}, {}});
    shots.push_back({"technician_revoked", Screen::technician, {.revoked = true}, {}});
    shots.push_back({"detail_paused", Screen::work_step_detail, detail(paused), {}});
    shots.push_back({"detail_finished", Screen::work_step_detail, detail(finished), {}});
    shots.push_back({"detail_open", Screen::work_step_detail, detail(open), {}});
    shots.push_back({"detail_read_only", Screen::work_step_detail, detail(read_only), {}});
    shots.push_back({"detail_gone", Screen::work_step_detail, detail("W-gone"), {}});
    shots.push_back({"detail_pause", Screen::work_step_detail, {}, {"detail.pause"}});
    shots.push_back({"detail_quantity", Screen::work_step_detail, {}, {"detail.quantity"}});
    shots.push_back({"detail_finish_scrap",
                     Screen::work_step_detail,
                     {},
                     {"detail.finish", "qty.field.scrap", "qty.scrap.3"}});
    shots.push_back({"classic_keyboard", Screen::workbench_classic, {}, {"classic.search"}});
    shots.push_back({"processes_all", Screen::processes, {}, {"processes.filter.all"}});
    shots.push_back({"process_panel", Screen::processes, {}, {"process.PR1.done"}});
    shots.push_back({"planning_7d",
                     Screen::planning,
                     {},
                     {"planning.zoom_out", "planning.zoom_out", "planning.zoom_out"}});
    shots.push_back({"shell_offline", Screen::workbench_terminal, {.offline = true}, {}});
    shots.push_back({"shell_countdown", Screen::workbench_terminal, {.countdown_s = 7}, {}});
    shots.push_back({"shell_toast",
                     Screen::workbench_terminal,
                     {.toast = app::Toast{"notice.saved_offline", false, {}}},
                     {}});
    shots.push_back({"shell_choice", Screen::workbench_terminal, {.choice = 3}, {}});
    shots.push_back({"shell_update_confirm",
                     Screen::workbench_terminal,
                     {.update_notice = app::UpdateNotice{app::UpdateState::confirm, "0.2.0", {}}},
                     {}});
    shots.push_back(
        {"shell_update_refused",
         Screen::workbench_terminal,
         {.update_notice = app::UpdateNotice{app::UpdateState::failed, "older 0.1.0 0.2.0", {}}},
         {}});
    return shots;
}

}  // namespace

TEST_CASE("every screen, panel and overlay in English and German, from 800x480 to 1920x1080") {
    const sample::SampleData data = sample::make_sample(40);
    const auto shots = all_shots(data);
    for (const auto& [w, h] : {std::pair{800, 480}, std::pair{1280, 800}, std::pair{1920, 1080}}) {
        HeadlessFrame frame(w, h, PT_TRANSLATIONS_DIR);
        for (const char* language : {"en", "de"}) {
            for (const Shot& shot : shots) {
                const std::string name =
                    shot.name + "-" + language + "-" + std::to_string(w) + "x" + std::to_string(h);
                CAPTURE(name);
                ModelOptions options = shot.options;
                options.language = language;
                const app::UiModel model = sample::model_for(data, shot.screen, options);
                frame.new_shell();
                CHECK_MESSAGE(frame.settle(model).empty(), name, ": intents without a tap");
                for (const std::string& id : shot.taps) {
                    if (frame.target(id) == nullptr) {
                        FAIL_CHECK(name, ": no target `", id, "` to open the panel with");
                        break;
                    }
                    frame.tap(model, id);
                }
                check_frame(frame, name);
                // German is drawn in German: the logout button or the login prompt.
                if (std::string_view(language) == "de" && shot.screen != Screen::login)
                    CHECK_MESSAGE(frame.shows("Abmelden"), name, ":\n", frame.all_text());
            }
        }
    }
}

TEST_CASE("English and German translations have the same keys") {
    const auto raw = [](const char* language) {
        // One file alone: Translations::load fills gaps from English, which would hide them.
        const auto path =
            std::filesystem::path(PT_TRANSLATIONS_DIR) / (std::string(language) + ".toml");
        std::ifstream in(path, std::ios::binary);
        REQUIRE_MESSAGE(in.good(), "cannot read ", path.string());
        std::ostringstream text;
        text << in.rdbuf();
        Translations tr;
        tr.merge(text.str(), path.string());
        return tr.keys();
    };
    const auto en = raw("en");
    const auto de = raw("de");
    std::vector<std::string> only_en;
    std::vector<std::string> only_de;
    std::set_difference(en.begin(), en.end(), de.begin(), de.end(), std::back_inserter(only_en));
    std::set_difference(de.begin(), de.end(), en.begin(), en.end(), std::back_inserter(only_de));
    for (const auto& key : only_en)
        FAIL_CHECK("key `", key, "` is in en.toml but not in de.toml");
    for (const auto& key : only_de)
        FAIL_CHECK("key `", key, "` is in de.toml but not in en.toml");
}

}  // namespace pt::ui::test
