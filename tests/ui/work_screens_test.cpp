// The screens with actions (label `unit`, part of screen_test): the workbench as tiles and as a
// table, the detail of a work step with every action its state allows, the processes with their
// feedback, and the planning chart — drawn headless with the sample data at 1280×800 (see
// screen_test.cpp and headless_frame.h).
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <string>
#include <vector>

#include "tests/ui/screen_checks.h"
#include "ui/format.h"
#include "ui/theme.h"

namespace pt::ui::test {
namespace {

using app::Screen;
using plan::ViewWorkStep;
using plan::WorkStepStatus;
namespace intent = app::intent;

const char* const kDot = "  \xC2\xB7  ";  // the separator between facts on one line

const ViewWorkStep& step_of(const sample::SampleData& data, std::string_view id) {
    for (const ViewWorkStep& w : data.view.view.work_steps)
        if (w.id == id) return w;
    throw std::out_of_range("no work step " + std::string(id));
}

/// The first work step of `status` that takes feedback (or, with `feedback` false, that does
/// not).
const ViewWorkStep& first_with(const sample::SampleData& data, WorkStepStatus status,
                               bool feedback = true) {
    for (const ViewWorkStep& w : data.view.view.work_steps)
        if (w.status == status && w.feedback_allowed == feedback) return w;
    throw std::out_of_range("no such work step in the sample");
}

/// The work step of a `tile.W3` or `classic.row.W3` target.
std::string step_id(std::string_view target_id) {
    return std::string(target_id.substr(target_id.rfind('.') + 1));
}

/// `1:31:00` / `35:00`: a running clock as the screens draw it.
std::string clock_text(std::chrono::seconds elapsed) {
    const auto s = elapsed.count();
    char text[32];
    if (s >= 3600) {
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                      static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
    } else {
        std::snprintf(text, sizeof text, "%lld:%02lld", static_cast<long long>(s / 60),
                      static_cast<long long>(s % 60));
    }
    return text;
}

bool contains_folded(std::string_view hay, std::string_view needle) {
    const auto it =
        std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
        });
    return it != hay.end();
}

}  // namespace

// ---- Workbench: tiles ---------------------------------------------------------------------------

TEST_CASE("workbench tiles: in working order, late and running marked; a tap opens the step") {
    Screens s;
    const app::UiModel model = s.open(Screen::workbench_terminal);
    check_frame(s.frame, "workbench_terminal");
    // What can be worked on first, by planned start; then view-only ones; then finished ones.
    std::vector<const ViewWorkStep*> order;
    for (const ViewWorkStep& w : s.data.view.view.work_steps)
        order.push_back(&w);
    const auto group = [](const ViewWorkStep* w) {
        if (w->status == WorkStepStatus::finished || w->status == WorkStepStatus::cancelled)
            return 2;
        return w->feedback_allowed ? 0 : 1;
    };
    std::stable_sort(order.begin(), order.end(), [&](const auto* a, const auto* b) {
        return group(a) != group(b) ? group(a) < group(b) : *a->planned_start < *b->planned_start;
    });
    const auto tiles = s.frame.target_ids("tile.");
    REQUIRE(tiles.size() >= 4);
    for (std::size_t i = 0; i < tiles.size(); ++i)
        CHECK(tiles[i] == "tile." + order[i]->id);

    // A tile: the operation as its title, the order number and article, the resource and time;
    // a late one says so in the error colour.
    const ViewWorkStep& first = *order[0];
    const TouchTarget& tile = require_target(s.frame, tiles[0]);
    CHECK(tile.label == *first.operation);
    const std::string text = s.frame.text_in(tile);
    CAPTURE(text);
    CHECK(text.find(*first.operation) != std::string::npos);
    CHECK(text.find(*first.order_number + kDot) != std::string::npos);
    CHECK(text.find(kDot + *first.resource_name) != std::string::npos);  // after the times
    REQUIRE(*first.planned_start < s.data.now);  // the sample's first is late
    const DrawnText* late = s.frame.find_text("Late");
    REQUIRE(late != nullptr);
    CHECK(late->color == s.frame.drawn_color(colors::error()));

    // A running step's tile: its clock from the recorded start.
    bool clock_seen = false;
    for (const std::string& id : tiles) {
        const auto since = s.data.running_since.find(step_id(id));
        if (since == s.data.running_since.end()) continue;
        const auto elapsed =
            std::chrono::duration_cast<std::chrono::seconds>(s.data.now - since->second);
        CHECK(s.frame.text_in(require_target(s.frame, id)).find(clock_text(elapsed)) !=
              std::string::npos);
        clock_seen = true;
    }
    CHECK(clock_seen);

    for (const std::string& id : {tiles.front(), tiles.back()}) {
        const auto open = single<intent::OpenWorkStep>(s.frame.tap(model, id));
        if (open) CHECK(open->work_step_id == step_id(id));
    }
    CHECK(s.frame.settle(model).empty());
}

TEST_CASE("workbench tiles: a resource filter shows that resource's steps only") {
    Screens s;
    const app::UiModel model = s.open(Screen::workbench_terminal);
    std::size_t on_r2 = 0;
    for (const ViewWorkStep& w : s.data.view.view.work_steps)
        on_r2 += w.resource_id == "R2";
    CHECK(require_target(s.frame, "workbench.filter.R2").label ==
          "Pulverkabine 2 (" + std::to_string(on_r2) + ")");
    CHECK(s.frame.tap(model, "workbench.filter.R2").empty());
    const auto tiles = s.frame.target_ids("tile.");
    REQUIRE_FALSE(tiles.empty());
    for (const std::string& id : tiles)
        CHECK_MESSAGE(step_of(s.data, step_id(id)).resource_id == "R2", id);
    CHECK(s.frame.tap(model, "workbench.filter.all").empty());
    bool other = false;
    for (const std::string& id : s.frame.target_ids("tile."))
        other = other || step_of(s.data, step_id(id)).resource_id != "R2";
    CHECK(other);
}

TEST_CASE("workbench tiles open filtered to the terminal's machines; All shows every step") {
    Screens s;
    s.data.profile.terminal_resource_ids = {"R2", "R3"};
    const auto at_terminal = [](const ViewWorkStep& w) {
        return w.resource_id == "R2" || w.resource_id == "R3";
    };
    std::size_t here = 0;
    for (const ViewWorkStep& w : s.data.view.view.work_steps)
        here += at_terminal(w);
    REQUIRE(here > 0);
    const app::UiModel model = s.open(Screen::workbench_terminal);
    CHECK(require_target(s.frame, "workbench.filter.terminal").label ==
          "At this terminal (" + std::to_string(here) + ")");
    const auto tiles = s.frame.target_ids("tile.");
    REQUIRE_FALSE(tiles.empty());
    for (const std::string& id : tiles)
        CHECK_MESSAGE(at_terminal(step_of(s.data, step_id(id))), id);
    CHECK(s.frame.tap(model, "workbench.filter.all").empty());
    CHECK(s.frame.settle(model).empty());  // the operator's choice holds across frames
    bool other = false;
    for (const std::string& id : s.frame.target_ids("tile."))
        other = other || !at_terminal(step_of(s.data, step_id(id)));
    CHECK(other);

    // Without terminal resources (an older server, or none set) there is no such filter.
    s.data.profile.terminal_resource_ids.clear();
    (void)s.open(Screen::workbench_terminal);
    CHECK(s.frame.target_ids("workbench.filter.terminal").empty());
}

TEST_CASE("workbench tiles: Mine shows the steps the operator is on, and the tiles say how many") {
    Screens s;
    const auto mine = [&](const ViewWorkStep& w) {
        return std::find(w.operators.begin(), w.operators.end(), s.data.profile.operator_name) !=
               w.operators.end();
    };
    std::size_t count = 0;
    for (const ViewWorkStep& w : s.data.view.view.work_steps)
        count += mine(w);
    REQUIRE(count > 0);
    const app::UiModel model = s.open(Screen::workbench_terminal);
    CHECK(require_target(s.frame, "workbench.filter.mine").label ==
          "Mine (" + std::to_string(count) + ")");
    CHECK(s.frame.tap(model, "workbench.filter.mine").empty());
    const auto tiles = s.frame.target_ids("tile.");
    CHECK(tiles.size() == count);
    for (const std::string& id : tiles) {
        const ViewWorkStep& w = step_of(s.data, step_id(id));
        CHECK_MESSAGE(mine(w), id);
        check_shows(s.frame, std::to_string(w.operators.size()) + " on it");
    }
}

TEST_CASE("a logged-in operator switches the language in the bar (issue 17)") {
    Screens s;
    const app::UiModel model = s.open(Screen::workbench_terminal);
    CHECK(require_target(s.frame, "bar.language").label == "DE");  // names the next one
    (void)s.frame.tap(model, "bar.language");
    CHECK(s.frame.next_language() == "de");
}

TEST_CASE("the workbench's filter bar marks the side it scrolls to (issue 17)") {
    const sample::SampleData data = sample::make_sample(40);
    const auto marks = [&](int width, int height) {
        HeadlessFrame frame{width, height, PT_TRANSLATIONS_DIR};
        app::UiModel model = sample::model_for(data, Screen::workbench_terminal, {});
        frame.new_shell();
        (void)frame.settle(model);
        return std::pair{frame.shows("\xE2\x96\xB8"), frame.shows("\xE2\x97\x82")};
    };
    // 1920 wide: All, Mine and the three resources fit; no mark.
    CHECK(marks(1920, 1080) == std::pair{false, false});
    // 1280 and 800 wide they do not: ▸ says more is on the right, nothing on the left yet.
    CHECK(marks(1280, 800) == std::pair{true, false});
    CHECK(marks(800, 480) == std::pair{true, false});
}

TEST_CASE("workbench tiles show the planned end whole at 1280x800 and 1024x600 (issue 17)") {
    for (const auto& [width, height] : {std::pair{1280, 800}, std::pair{1024, 600}}) {
        CAPTURE(width);
        sample::SampleData data = sample::make_sample(40);
        HeadlessFrame frame{width, height, PT_TRANSLATIONS_DIR};
        app::UiModel model = sample::model_for(data, Screen::workbench_terminal, {});
        frame.new_shell();
        (void)frame.settle(model);
        const auto tiles = frame.target_ids("tile.");
        REQUIRE_FALSE(tiles.empty());
        float whole = 0;  // a tile's height where it is all on screen
        for (const std::string& id : tiles)
            whole = std::max(whole, frame.target(id)->h);
        for (const std::string& id : tiles) {
            const ViewWorkStep& w = step_of(data, step_id(id));
            const TouchTarget* tile = frame.target(id);
            if (!w.planned_end || tile->h < whole) continue;  // cut by the screen's edge
            const std::string end = "\xE2\x80\x93 " + clock_hm(*w.planned_end);
            CHECK_MESSAGE(frame.text_in(*tile).find(end) != std::string::npos, id, " lacks ", end,
                          ":\n", frame.text_in(*tile));
        }
    }
}

// ---- Workbench: the table -----------------------------------------------------------------------

TEST_CASE("workbench table: rows by planned start, sorted by a header, a tap opens the step") {
    Screens s;
    const app::UiModel model = s.open(Screen::workbench_classic);
    check_frame(s.frame, "workbench_classic");
    const auto& steps = s.data.view.view.work_steps;
    check_shows(s.frame, std::to_string(steps.size()) + " of " + std::to_string(steps.size()));
    // A header per column; those scrolled out of sight are no targets.
    CHECK(s.frame.target_ids("classic.sort.").size() >= 4);

    std::vector<const ViewWorkStep*> by_start;
    for (const ViewWorkStep& w : steps)
        by_start.push_back(&w);
    std::stable_sort(by_start.begin(), by_start.end(), [](const auto* a, const auto* b) {
        return *a->planned_start < *b->planned_start;
    });
    auto rows = s.frame.target_ids("classic.row.");
    REQUIRE(rows.size() >= 4);
    for (std::size_t i = 0; i < rows.size(); ++i)
        CHECK(rows[i] == "classic.row." + by_start[i]->id);
    // A row reads as its order number (its first column after the status).
    CHECK(require_target(s.frame, rows[0]).label == *by_start[0]->order_number);
    const auto open = single<intent::OpenWorkStep>(s.frame.tap(model, rows[2]));
    if (open) CHECK(open->work_step_id == by_start[2]->id);

    // A header sorts by its column, a second tap the other way round.
    CHECK(s.frame.tap(model, "classic.sort.order_number").empty());
    CHECK(require_target(s.frame, "classic.sort.order_number").label == "Order \xE2\x96\xB2");
    std::vector<const ViewWorkStep*> by_order = by_start;
    std::stable_sort(by_order.begin(), by_order.end(), [](const auto* a, const auto* b) {
        return *a->order_number < *b->order_number;
    });
    rows = s.frame.target_ids("classic.row.");
    REQUIRE_FALSE(rows.empty());
    CHECK(step_of(s.data, step_id(rows[0])).order_number == by_order.front()->order_number);
    CHECK(s.frame.tap(model, "classic.sort.order_number").empty());
    CHECK(require_target(s.frame, "classic.sort.order_number").label == "Order \xE2\x96\xBC");
    rows = s.frame.target_ids("classic.row.");
    CHECK(step_of(s.data, step_id(rows[0])).order_number == by_order.back()->order_number);
}

TEST_CASE("workbench table: the search by on-screen keys or a keyboard narrows the rows") {
    Screens s;
    app::UiModel model = s.open(Screen::workbench_classic);
    const auto& steps = s.data.view.view.work_steps;
    const auto matching = [&](std::string_view needle) {
        std::size_t n = 0;
        for (const ViewWorkStep& w : steps) {
            bool hit = contains_folded(w.id, needle);
            for (const auto* text :
                 {&w.order_number, &w.article, &w.operation, &w.resource_name, &w.notes})
                hit = hit || (*text && contains_folded(**text, needle));
            n += hit;
        }
        return n;
    };
    const auto total = std::to_string(steps.size());
    CHECK(s.frame.tap(model, "classic.search").empty());
    require_target(s.frame, "classic.keys.q");  // the keyboard is open
    for (const char* key : {"classic.keys.f", "classic.keys.l", "classic.keys.a"})
        CHECK(s.frame.tap(model, key).empty());
    const std::size_t fla = matching("fla");
    REQUIRE(fla > 0);
    REQUIRE(fla < steps.size());
    check_shows(s.frame, std::to_string(fla) + " of " + total);
    CHECK(require_target(s.frame, "classic.search").label == "fla|");
    REQUIRE_FALSE(s.frame.target_ids("classic.row.").empty());
    for (const std::string& id : s.frame.target_ids("classic.row.")) {
        const ViewWorkStep& w = step_of(s.data, step_id(id));
        const bool hit =
            contains_folded(*w.order_number, "fla") || contains_folded(*w.article, "fla") ||
            contains_folded(*w.operation, "fla") || (w.notes && contains_folded(*w.notes, "fla"));
        CHECK_MESSAGE(hit, id);
    }

    // Typed on a keyboard: more letters, Enter closes the on-screen keys.
    CHECK(s.frame.type(model, "nsch").empty());
    check_shows(s.frame, std::to_string(matching("flansch")) + " of " + total);
    CHECK(s.frame.type(model, "", true).empty());
    s.frame.frame(model);
    CHECK(s.frame.target("classic.keys.q") == nullptr);

    CHECK(s.frame.tap(model, "classic.search.clear").empty());
    check_shows(s.frame, total + " of " + total);
}

// ---- The detail of a work step ------------------------------------------------------------------

TEST_CASE("work step detail: a running step's facts, its clock and actions; Back") {
    Screens s;
    const app::UiModel model = s.open(Screen::work_step_detail);
    check_frame(s.frame, "work_step_detail");
    const ViewWorkStep& w = step_of(s.data, model.work_step_id);
    REQUIRE(w.status == WorkStepStatus::in_progress);
    check_shows(s.frame, *w.order_number + kDot + *w.operation);
    check_shows(s.frame, w.id + kDot + "Step " + std::to_string(*w.seq));
    check_shows(s.frame, "In progress");
    for (const std::string& fact : {*w.article, *w.resource_name, std::to_string(*w.quantity),
                                    std::to_string(*w.quantity_good)})
        check_shows(s.frame, fact);
    const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(
        s.data.now - s.data.running_since.at(w.id));
    check_shows(s.frame, clock_text(elapsed));
    if (s.data.view.unconfirmed_work_steps.contains(w.id))
        check_shows(s.frame, "Not yet confirmed by the central plan");

    for (const char* id : {"detail.back", "detail.pause", "detail.quantity", "detail.finish"})
        require_target(s.frame, id);
    CHECK(s.frame.target("detail.start") == nullptr);
    CHECK(s.frame.target("detail.resume") == nullptr);
    CHECK(single<intent::Back>(s.frame.tap(model, "detail.back")).has_value());
}

TEST_CASE("work step detail: Pause asks for a reason") {
    Screens s;
    const app::UiModel model = s.open(Screen::work_step_detail);
    CHECK(s.frame.tap(model, "detail.pause").empty());
    check_frame(s.frame, "pause panel");
    check_shows(s.frame, "Why are you pausing?");
    CHECK(require_target(s.frame, "pause.material").label == "Material fehlt");
    require_target(s.frame, "pause.break");
    SUBCASE("a reason pauses the step") {
        const auto pause = single<intent::Pause>(s.frame.tap(model, "pause.machine"));
        REQUIRE(pause.has_value());
        CHECK(pause->work_step_id == model.work_step_id);
        CHECK(pause->reason == "machine");
    }
    SUBCASE("Cancel does not") {
        CHECK(s.frame.tap(model, "pause.cancel").empty());
    }
    require_target(s.frame, "detail.pause");  // back on the overview
}

TEST_CASE("work step detail: Report quantity on the numpad or a keyboard") {
    Screens s;
    app::UiModel model = s.open(Screen::work_step_detail);
    const ViewWorkStep& w = step_of(s.data, model.work_step_id);
    CHECK(s.frame.tap(model, "detail.quantity").empty());
    check_frame(s.frame, "quantity panel");
    // The title is cut to fit beside the buttons; it starts with the order number.
    check_shows(s.frame, "Report quantity: " + *w.order_number + kDot);
    require_target(s.frame, "qty.confirm", false);  // nothing entered
    SUBCASE("by touch") {
        for (const char* key : {"qty.good.1", "qty.good.2"})
            CHECK(s.frame.tap(model, key).empty());
        CHECK(require_target(s.frame, "qty.field.good").label == "Good: 12");
        const auto report = single<intent::ReportQuantity>(s.frame.tap(model, "qty.confirm"));
        REQUIRE(report.has_value());
        CHECK(report->work_step_id == w.id);
        CHECK(report->good == 12);
        CHECK(report->scrap == 0);
        CHECK(report->scrap_reason.empty());
    }
    SUBCASE("typed, Enter confirms") {
        CHECK(s.frame.type(model, "30").empty());
        const auto report = single<intent::ReportQuantity>(s.frame.type(model, "", true));
        REQUIRE(report.has_value());
        CHECK(report->good == 30);
    }
    SUBCASE("Cancel reports nothing") {
        s.frame.tap(model, "qty.good.7");
        CHECK(s.frame.tap(model, "qty.cancel").empty());
        require_target(s.frame, "detail.quantity");
    }
}

TEST_CASE("work step detail: Finish, with scrap only once a scrap reason is chosen") {
    Screens s;
    const app::UiModel model = s.open(Screen::work_step_detail);
    CHECK(s.frame.tap(model, "detail.finish").empty());
    check_shows(s.frame, "Enter what was made since the last report; 0 if nothing.");
    require_target(s.frame, "finish.confirm");  // a finish may report nothing more
    SUBCASE("with good and scrap") {
        for (const char* key : {"qty.good.5", "qty.field.scrap", "qty.scrap.2"})
            CHECK(s.frame.tap(model, key).empty());
        require_target(s.frame, "finish.confirm", false);
        const DrawnText* ask = s.frame.find_text("Scrap reason");
        REQUIRE(ask != nullptr);
        CHECK(ask->color == s.frame.drawn_color(colors::warn()));
        CHECK(require_target(s.frame, "scrap.runs").label == "Lackl\xC3\xA4ufer");
        CHECK(s.frame.tap(model, "scrap.dust").empty());
        const auto finish = single<intent::Finish>(s.frame.tap(model, "finish.confirm"));
        REQUIRE(finish.has_value());
        CHECK(finish->work_step_id == model.work_step_id);
        CHECK(finish->good == 5);
        CHECK(finish->scrap == 2);
        CHECK(finish->scrap_reason == "dust");
    }
    SUBCASE("with nothing more") {
        const auto finish = single<intent::Finish>(s.frame.tap(model, "finish.confirm"));
        REQUIRE(finish.has_value());
        CHECK(finish->good == 0);
        CHECK(finish->scrap == 0);
    }
}

TEST_CASE("work step detail: notes newest first; a note on the keys, a keyboard or a scanner") {
    Screens s;
    app::UiModel model = s.open(Screen::work_step_detail);
    check_frame(s.frame, "detail with notes");
    // Newest first, each with its author and time; the one not sent yet says so.
    // (The list scrolls with the facts: the older ones may be below the fold.)
    const DrawnText* newest = s.frame.find_text("Nachgemessen: 62");
    REQUIRE(newest != nullptr);
    for (const char* older : {"Haftgrund auf Teil 14", "Übergabe Frühschicht"}) {
        const DrawnText* shown = s.frame.find_text(older);
        CHECK((shown == nullptr || shown->y > newest->y));
    }
    check_shows(s.frame, "Anna Berger" + std::string(kDot));
    check_shows(s.frame, "not yet sent");
    check_shows(s.frame, "Notes (3)");

    const auto opened = s.frame.tap(model, "notes.add");
    REQUIRE(opened.size() == 1);
    CHECK(std::holds_alternative<intent::CaptureScans>(opened[0]));
    CHECK(std::get<intent::CaptureScans>(opened[0]).on);
    check_frame(s.frame, "note entry");
    require_target(s.frame, "note.save", false);  // nothing written yet
    for (const char* key : {"note.key.shift", "note.key.O", "note.key.f", "note.key.e",
                            "note.key.n", "note.key.space"})
        CHECK(s.frame.tap(model, key).empty());
    CHECK(s.frame.type(model, "2 kalt").empty());
    model.scanned_text = "PO-2026-0042";  // a scanner's text goes into the note
    CHECK(s.frame.frame(model).empty());
    model.scanned_text.clear();
    check_shows(s.frame, "Ofen 2 kalt PO-2026-0042");
    const auto saved = s.frame.tap(model, "note.save");
    REQUIRE(saved.size() == 2);
    const auto* note = std::get_if<intent::AddNote>(&saved[0]);
    REQUIRE(note != nullptr);
    CHECK(note->work_step_id == model.work_step_id);
    CHECK(note->text == "Ofen 2 kalt PO-2026-0042");
    CHECK_FALSE(std::get<intent::CaptureScans>(saved[1]).on);
    require_target(s.frame, "detail.pause");  // back on the overview
}

TEST_CASE("work step detail: the actions follow the step's state and rights") {
    Screens s;
    const auto actions = [&] {
        std::vector<std::string> ids;
        for (const char* id : {"detail.start", "detail.join", "detail.leave", "detail.pause",
                               "detail.resume", "detail.quantity", "detail.finish"})
            if (s.frame.target(id) != nullptr) ids.emplace_back(id);
        return ids;
    };
    using Ids = std::vector<std::string>;
    SUBCASE("open: Start") {
        const ViewWorkStep& w = first_with(s.data, WorkStepStatus::open);
        const app::UiModel model = s.open(Screen::work_step_detail, {.work_step_id = w.id});
        CHECK(actions() == Ids{"detail.start"});
        const auto start = single<intent::Start>(s.frame.tap(model, "detail.start"));
        if (start) CHECK(start->work_step_id == w.id);
    }
    SUBCASE("paused: Resume, quantity, finish") {
        const ViewWorkStep& w = first_with(s.data, WorkStepStatus::paused);
        const app::UiModel model = s.open(Screen::work_step_detail, {.work_step_id = w.id});
        check_shows(s.frame, "Paused");
        const bool mine =
            std::find(w.operators.begin(), w.operators.end(), "Anna Berger") != w.operators.end();
        CHECK(actions() == Ids{mine ? "detail.leave" : "detail.join", "detail.resume",
                               "detail.quantity", "detail.finish"});
        const auto resume = single<intent::Resume>(s.frame.tap(model, "detail.resume"));
        if (resume) CHECK(resume->work_step_id == w.id);
    }
    SUBCASE("in progress: join someone else's step, leave one's own; who is on it shown") {
        for (const bool mine : {false, true}) {
            CAPTURE(mine);
            const ViewWorkStep* chosen = nullptr;
            for (const ViewWorkStep& w : s.data.view.view.work_steps) {
                const bool on = std::find(w.operators.begin(), w.operators.end(), "Anna Berger") !=
                                w.operators.end();
                if (w.status == WorkStepStatus::in_progress && w.feedback_allowed && on == mine &&
                    !w.operators.empty())
                    chosen = &w;
            }
            REQUIRE(chosen != nullptr);
            const app::UiModel model =
                s.open(Screen::work_step_detail, {.work_step_id = chosen->id});
            check_shows(s.frame, "On it");
            std::string names;
            for (const std::string& name : chosen->operators)
                names += (names.empty() ? "" : ", ") + name;
            check_shows(s.frame, names);
            CHECK(actions() == Ids{mine ? "detail.leave" : "detail.join", "detail.pause",
                                   "detail.quantity", "detail.finish"});
            const auto tapped = s.frame.tap(model, mine ? "detail.leave" : "detail.join");
            if (mine) {
                const auto leave = single<intent::Leave>(tapped);
                if (leave) CHECK(leave->work_step_id == chosen->id);
            } else {
                const auto join = single<intent::Join>(tapped);
                if (join) CHECK(join->work_step_id == chosen->id);
            }
        }
    }
    SUBCASE("paused here: why, by whom and when; the operator's own time on it") {
        const ViewWorkStep* paused = nullptr;
        for (const ViewWorkStep& w : s.data.view.view.work_steps) {
            if (w.status == WorkStepStatus::paused && !w.operators.empty()) paused = &w;
        }
        REQUIRE(paused != nullptr);
        (void)s.open(Screen::work_step_detail, {.work_step_id = paused->id});
        const std::string& by = paused->operators.back();
        const TimePoint at = s.data.now - std::chrono::minutes(30);
        check_shows(s.frame, "Material fehlt" + std::string(kDot) + by + kDot +
                                 day_time(at, s.frame.translations("en")));
        if (std::find(paused->operators.begin(), paused->operators.end(), "Anna Berger") !=
            paused->operators.end()) {
            check_shows(s.frame, "Your time on it");
        }
    }
    SUBCASE("finished: none") {
        const ViewWorkStep& w = first_with(s.data, WorkStepStatus::finished);
        s.open(Screen::work_step_detail, {.work_step_id = w.id});
        CHECK(actions().empty());
        check_shows(s.frame, "This work step is finished.");
    }
    SUBCASE("view only (R7): none") {
        const ViewWorkStep& w = first_with(s.data, WorkStepStatus::open, false);
        s.open(Screen::work_step_detail, {.work_step_id = w.id});
        CHECK(actions().empty());
        check_shows(s.frame, "View only \xE2\x80\x93 this work step runs on another resource");
    }
    SUBCASE("gone from the view: Back only") {
        const app::UiModel model = s.open(Screen::work_step_detail, {.work_step_id = "W-gone"});
        CHECK(actions().empty());
        check_shows(s.frame, "Work step not available");
        CHECK(single<intent::Back>(s.frame.tap(model, "detail.back")).has_value());
    }
}

// ---- Processes ----------------------------------------------------------------------------------

TEST_CASE("processes: open ones with feedback buttons where allowed, information elsewhere") {
    Screens s;
    const app::UiModel model = s.open(Screen::processes);
    check_frame(s.frame, "processes");
    const auto& processes = s.data.view.view.processes;
    const auto active = std::count_if(processes.begin(), processes.end(), [](const auto& p) {
        return p.status == plan::ProcessStatus::open ||
               p.status == plan::ProcessStatus::in_progress;
    });
    CHECK(require_target(s.frame, "processes.filter.active").label ==
          "Open (" + std::to_string(active) + ")");
    CHECK(require_target(s.frame, "processes.filter.all").label ==
          "All (" + std::to_string(processes.size()) + ")");
    bool information_only = false;
    for (const plan::ViewProcess& p : processes) {
        const bool drawn = s.frame.shows(*p.name);
        const bool buttons = s.frame.target("process." + p.id + ".done") != nullptr;
        if (buttons) {
            CHECK(p.feedback_allowed);
            require_target(s.frame, "process." + p.id + ".in_progress");
        }
        if (drawn && !p.feedback_allowed && p.status == plan::ProcessStatus::open)
            information_only = true;
    }
    CHECK(information_only);
    check_shows(s.frame, "Information only");
    CHECK(s.frame.settle(model).empty());
}

TEST_CASE("processes: In progress / Done with an optional comment") {
    Screens s;
    app::UiModel model = s.open(Screen::processes);
    const plan::ViewProcess& p = s.data.view.view.processes.at(0);
    REQUIRE(p.feedback_allowed);
    SUBCASE("Done, the comment typed on the on-screen keys") {
        CHECK(s.frame.tap(model, "process." + p.id + ".done").empty());
        check_frame(s.frame, "process panel");
        check_shows(s.frame, "Done: " + *p.name);
        check_shows(s.frame, "Comment (optional)");
        // Shift shows the capitals (their keys' ids too) for one letter.
        for (const char* key : {"process.comment.shift", "process.comment.O", "process.comment.k"})
            CHECK(s.frame.tap(model, key).empty());
        check_shows(s.frame, "Ok");
        const auto feedback =
            single<intent::ProcessFeedback>(s.frame.tap(model, "process.confirm"));
        REQUIRE(feedback.has_value());
        CHECK(feedback->process_id == p.id);
        CHECK(feedback->status == plan::ProcessStatus::done);
        CHECK(feedback->comment == "Ok");
        require_target(s.frame, "processes.filter.active");  // the list again
    }
    SUBCASE("In progress, typed on a keyboard, Enter sends") {
        CHECK(s.frame.tap(model, "process." + p.id + ".in_progress").empty());
        check_shows(s.frame, "In progress: " + *p.name);
        CHECK(s.frame.type(model, "Teile fehlen").empty());
        check_shows(s.frame, "Teile fehlen");
        const auto feedback = single<intent::ProcessFeedback>(s.frame.type(model, "", true));
        REQUIRE(feedback.has_value());
        CHECK(feedback->status == plan::ProcessStatus::in_progress);
        CHECK(feedback->comment == "Teile fehlen");
    }
    SUBCASE("Cancel sends nothing") {
        s.frame.tap(model, "process." + p.id + ".done");
        CHECK(s.frame.tap(model, "process.cancel").empty());
        require_target(s.frame, "processes.filter.active");
    }
}

TEST_CASE("processes: when every one is done, All shows them") {
    Screens s;
    sample::SampleData done = s.data;
    for (plan::ViewProcess& p : done.view.view.processes)
        p.status = plan::ProcessStatus::done;
    const app::UiModel model = sample::model_for(done, Screen::processes);
    s.frame.new_shell();
    s.frame.settle(model);
    check_shows(s.frame, "Nothing open");
    CHECK(s.frame.target_ids("process.").empty());
    CHECK(s.frame.tap(model, "processes.filter.all").empty());
    check_shows(s.frame, *done.view.view.processes.front().name);
    CHECK(s.frame.target_ids("process.").empty());  // nothing to report on a done process
}

// ---- Planning -----------------------------------------------------------------------------------

TEST_CASE("planning: bars of the own resources open their step; pan and zoom by buttons") {
    Screens s;
    const app::UiModel model = s.open(Screen::planning);
    check_frame(s.frame, "planning");
    for (const plan::ViewResource& r : s.data.view.view.resources)
        check_shows(s.frame, r.name);
    // Twelve hours from a quarter before now (09:42 UTC).
    check_shows(s.frame, "Tue 10.03. 06:42 \xE2\x80\x93 Tue 10.03. 18:42");
    check_shows(s.frame, "12 h");

    const auto bars = s.frame.target_ids("planning.bar.");
    REQUIRE_FALSE(bars.empty());
    for (const std::string& id : bars)
        CHECK_MESSAGE(step_of(s.data, step_id(id)).feedback_allowed, id);  // only those open
    const auto open = single<intent::OpenWorkStep>(s.frame.tap(model, bars.front()));
    if (open) CHECK(open->work_step_id == step_id(bars.front()));

    CHECK(s.frame.tap(model, "planning.later").empty());
    check_shows(s.frame, "Tue 10.03. 12:42 \xE2\x80\x93 Wed 11.03. 00:42");
    CHECK(s.frame.tap(model, "planning.now").empty());
    check_shows(s.frame, "Tue 10.03. 06:42 \xE2\x80\x93 Tue 10.03. 18:42");

    CHECK(s.frame.tap(model, "planning.zoom_in").empty());
    check_shows(s.frame, "6 h");
    require_target(s.frame, "planning.zoom_in", false);
    for (int i = 0; i < 4; ++i)
        CHECK(s.frame.tap(model, "planning.zoom_out").empty());
    check_shows(s.frame, "7 days");
    require_target(s.frame, "planning.zoom_out", false);
    check_frame(s.frame, "planning 7 days");
}

}  // namespace pt::ui::test
