#include "firmware/app/navigation.h"

#include <doctest/doctest.h>

#include "tests/app/app_fixture.h"

namespace pt::app {
namespace {

using plan::Module;
using test::at;

plan::ModuleSet modules(std::initializer_list<Module> list) {
    plan::ModuleSet set;
    for (const auto m : list) {
        set.insert(m);
    }
    return set;
}

std::vector<Screen> screens_for(plan::ModuleSet set, bool process_feedback) {
    Session session;
    test::log_in(session, test::profile("OP1", "P1", set, process_feedback), at(0));
    return available_screens(session);
}

TEST_CASE("screen names round-trip") {
    for (int i = 0; i < kScreenCount; ++i) {
        const auto screen = static_cast<Screen>(i);
        CHECK(screen_from_name(name_of(screen)) == screen);
    }
    CHECK_FALSE(screen_from_name("nope").has_value());
}

TEST_CASE("R8: the screens follow the partner's modules") {
    using enum Screen;
    CHECK(screens_for(modules({Module::workbench}), false) ==
          std::vector{workbench_terminal, workbench_classic, attention, work_step_detail, changes});
    CHECK(screens_for(modules({Module::workbench}), true) ==
          std::vector{workbench_terminal, workbench_classic, processes, attention, work_step_detail,
                      changes});
    CHECK(screens_for(modules({Module::planning}), false) == std::vector{planning});
    // Process feedback allowed but no workbench licence: the processes, for information.
    CHECK(screens_for(modules({Module::planning}), true) == std::vector{processes, planning});
    CHECK(screens_for(modules({Module::dashboard}), false) == std::vector{dashboard});
    CHECK(screens_for(modules({Module::planning_objects}), false) == std::vector{planning_objects});
    CHECK(screens_for(plan::ModuleSet::all(), true) ==
          std::vector{workbench_terminal, workbench_classic, processes, planning, dashboard,
                      planning_objects, attention, work_step_detail, changes});
    CHECK(screens_for(plan::ModuleSet{}, false).empty());
    CHECK(screens_for(plan::ModuleSet{}, true) == std::vector{processes});
}

TEST_CASE("logged out only the login screen; technician only the technician screen") {
    Session session(
        SessionOptions{.technician_badge = [](std::string_view code) { return code == "TECH"; }});
    CHECK(available_screens(session) == std::vector{Screen::login});
    CHECK(home_screen(session) == Screen::login);
    (void)session.scan_badge("B-1001", at(0));
    CHECK(available_screens(session) == std::vector{Screen::login});
    (void)session.scan_badge("TECH", at(0));
    CHECK(available_screens(session) == std::vector{Screen::technician});
    CHECK(home_screen(session) == Screen::technician);
}

TEST_CASE("home screen per module set") {
    const auto home = [](plan::ModuleSet set) {
        Session session;
        test::log_in(session, test::profile("OP1", "P1", set, false), at(0));
        return home_screen(session);
    };
    CHECK(home(plan::ModuleSet::all()) == Screen::workbench_terminal);
    CHECK(home(modules({Module::dashboard, Module::planning})) == Screen::planning);
    CHECK(home(modules({Module::planning_objects, Module::dashboard})) == Screen::dashboard);
    CHECK(home(modules({Module::planning_objects})) == Screen::planning_objects);
    CHECK(home(plan::ModuleSet{}) == Screen::login);
    Session processes_only;
    test::log_in(processes_only, test::profile("OP1", "P1", plan::ModuleSet{}, true), at(0));
    CHECK(home_screen(processes_only) == Screen::processes);
}

TEST_CASE("navigation to a screen the partner lacks is refused") {
    Session session;
    test::log_in(session, test::profile("OP1", "P1", modules({Module::planning}), false), at(0));
    Navigation nav;
    nav.follow(session);
    CHECK(nav.current() == Screen::planning);
    for (const auto screen : {Screen::workbench_terminal, Screen::processes, Screen::dashboard,
                              Screen::attention, Screen::technician, Screen::login}) {
        const auto result = nav.navigate(session, screen);
        CHECK_FALSE(result.ok);
        CHECK(result.refusal == NavRefusal::not_available);
        CHECK_FALSE(result.message.empty());
        CHECK(nav.current() == Screen::planning);
    }
    const auto view = test::demo_view();
    CHECK(nav.open_work_step(session, view.view, "W0002").refusal == NavRefusal::not_available);
}

TEST_CASE("opening a work step and going back") {
    Session session;
    test::log_in(session, test::profile("OP1", "P1"), at(0));
    Navigation nav;
    nav.follow(session);
    CHECK(nav.navigate(session, Screen::workbench_classic).ok);
    CHECK_FALSE(nav.navigate(session, Screen::work_step_detail).ok);  // needs a work step
    const auto view = test::demo_view();
    const auto unknown = nav.open_work_step(session, view.view, "W9999");
    CHECK_FALSE(unknown.ok);
    CHECK(unknown.refusal == NavRefusal::unknown_work_step);
    CHECK(nav.open_work_step(session, view.view, "W0002").ok);
    CHECK(nav.current() == Screen::work_step_detail);
    CHECK(nav.work_step_id() == "W0002");
    CHECK(nav.open_work_step(session, view.view, "W0003").ok);
    nav.back(session);
    CHECK(nav.current() == Screen::workbench_classic);
    CHECK(nav.work_step_id().empty());
    nav.back(session);
    CHECK(nav.current() == Screen::workbench_terminal);
}

TEST_CASE("R11: navigation forgets the previous partner on logout and on a switch") {
    Session session;
    test::log_in(session, test::profile("OP1", "P1"), at(0));
    Navigation nav;
    nav.follow(session);
    const auto view = test::demo_view();
    REQUIRE(nav.open_work_step(session, view.view, "W0002").ok);

    SUBCASE("logout") {
        session.log_out();
        nav.follow(session);
        CHECK(nav.current() == Screen::login);
        CHECK(nav.work_step_id().empty());
    }
    SUBCASE("idle logout") {
        CHECK(session.tick(at(120)));
        nav.follow(session);
        CHECK(nav.current() == Screen::login);
    }
    SUBCASE("another partner, even one with the same modules") {
        test::log_in(session, test::profile("OP4", "P2"), at(5), "B-2001");
        nav.follow(session);
        CHECK(nav.current() == Screen::workbench_terminal);
        CHECK(nav.work_step_id().empty());
        nav.back(session);
        CHECK(nav.current() == Screen::workbench_terminal);
    }
    SUBCASE("a session that lost the screen leaves it") {
        Navigation other;
        other.follow(session);
        REQUIRE(other.navigate(session, Screen::dashboard).ok);
        test::log_in(session, test::profile("OP4", "P2", modules({Module::planning})), at(5),
                     "B-2001");
        other.follow(session);
        CHECK(other.current() == Screen::planning);
    }
}

}  // namespace
}  // namespace pt::app
