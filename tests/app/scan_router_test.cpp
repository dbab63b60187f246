#include "firmware/app/scan_router.h"

#include <doctest/doctest.h>

#include "tests/app/app_fixture.h"

namespace pt::app {
namespace {

using test::at;

struct Fixture {
    Session session{SessionOptions{
        .technician_badge = [](std::string_view code) { return code == "TECH-42"; }}};
    plan::OptimisticView view = test::demo_view();

    ScanRoute scan(std::string_view code, const ScanPatterns& patterns = {}) {
        return route_scan(code, session, view.view, patterns);
    }
    void log_in() { test::log_in(session, test::profile("OP1", "P1"), at(0)); }
};

TEST_CASE("garbage is rejected with a reason, in every state") {
    Fixture f;
    for (int logged_in = 0; logged_in < 2; ++logged_in) {
        if (logged_in == 1) {
            f.log_in();
        }
        for (const std::string_view garbage :
             {std::string_view{""}, std::string_view{"  \r\n"},
              std::string_view{"B-10\x01"
                               "01"},
              std::string_view{"AB\x7f"}, std::string_view{"\x1b[A"}}) {
            const auto route = f.scan(garbage);
            CHECK(route.kind == ScanKind::rejected);
            CHECK_FALSE(route.message.empty());
        }
        const auto long_route = f.scan(std::string(kMaxScanLength + 1, 'A'));
        CHECK(long_route.kind == ScanKind::rejected);
        CHECK(long_route.message == "Scan too long to be a badge or run card.");
        CHECK(f.scan(std::string(kMaxScanLength, 'A')).kind != ScanKind::rejected);
    }
    CHECK(f.session.state() == SessionState::logged_in);
}

TEST_CASE("trimming and garbage reasons") {
    CHECK(trim_scan("  B-1001\r\n") == "B-1001");
    CHECK(trim_scan("\t\n").empty());
    CHECK(scan_garbage_reason("B-1001").empty());
    CHECK(scan_garbage_reason("") == "Empty scan.");
    CHECK(scan_garbage_reason("A\tB") == "Scan contains control characters.");
}

TEST_CASE("at the login screen: a badge logs in, a run card logs nobody in") {
    Fixture f;
    const auto badge = f.scan("B-1001\r");
    CHECK(badge.kind == ScanKind::login);
    CHECK(badge.code == "B-1001");

    for (const auto* run_card : {"PO-2026-0001", "W0002", "W1", "PO-1"}) {
        const auto route = f.scan(run_card);
        CHECK(route.kind == ScanKind::run_card_hint);
        CHECK(route.message == "This is a run card. Scan your badge first.");
    }
    CHECK(f.session.state() == SessionState::logged_out);

    // Not run-card shaped: badges.
    for (const auto* code : {"B-1001", "W", "WX12", "PO-", "PO-X1", "W12-3"}) {
        CHECK(f.scan(code).kind == ScanKind::login);
    }
}

TEST_CASE("run cards known on the terminal and custom prefixes") {
    Fixture f;
    ScanPatterns patterns;
    patterns.order_prefixes = {"AUF"};
    patterns.work_step_prefixes = {"AG"};
    patterns.known_codes = {"12345"};
    CHECK(f.scan("AUF2026-7", patterns).kind == ScanKind::run_card_hint);
    CHECK(f.scan("AG77", patterns).kind == ScanKind::run_card_hint);
    CHECK(f.scan("12345", patterns).kind == ScanKind::run_card_hint);
    CHECK(f.scan("PO-2026-0001", patterns).kind == ScanKind::login);
}

TEST_CASE("the PIN pad: a badge restarts the login, a run card does not") {
    Fixture f;
    (void)f.session.scan_badge("B-2002", at(0), true);
    CHECK(f.scan("B-2001").kind == ScanKind::login);
    CHECK(f.scan("W0001").kind == ScanKind::run_card_hint);
}

TEST_CASE("while logging in, scans are ignored") {
    Fixture f;
    (void)f.session.scan_badge("B-1001", at(0));
    const auto route = f.scan("B-1002");
    CHECK(route.kind == ScanKind::ignored);
    CHECK_FALSE(route.message.empty());
}

TEST_CASE("the technician badge opens the technician screen everywhere") {
    Fixture f;
    CHECK(f.scan("TECH-42").kind == ScanKind::technician);
    f.log_in();
    CHECK(f.scan(" TECH-42\n").kind == ScanKind::technician);
    (void)f.session.scan_badge("TECH-42", at(1));
    CHECK(f.scan("TECH-42").kind == ScanKind::technician);
    CHECK(f.scan("B-1001").kind == ScanKind::login);
    CHECK(f.scan("W0002").kind == ScanKind::run_card_hint);
}

TEST_CASE("logged in: a work step id opens that work step") {
    Fixture f;
    f.log_in();
    const auto route = f.scan("W0003");
    CHECK(route.kind == ScanKind::open_work_step);
    CHECK(route.work_step_ids == std::vector<std::string>{"W0003"});
    CHECK(route.message.empty());
    CHECK(f.scan("W0001").work_step_ids == std::vector<std::string>{"W0001"});  // even finished
}

TEST_CASE("logged in: an order number opens its work step or offers a choice") {
    Fixture f;
    f.log_in();
    SUBCASE("several unfinished: chooser, in progress first") {
        const auto route = f.scan("PO-2026-0001");
        CHECK(route.kind == ScanKind::choose_work_step);
        CHECK(route.order_number == "PO-2026-0001");
        CHECK(route.work_step_ids == std::vector<std::string>{"W0002", "W0003"});
    }
    SUBCASE("paused before open") {
        const auto route = f.scan("PO-2026-0003");
        CHECK(route.kind == ScanKind::choose_work_step);
        CHECK(route.work_step_ids == std::vector<std::string>{"W0006", "W0007"});
    }
    SUBCASE("exactly one unfinished: opened directly") {
        f.view.view.work_steps[2].status = plan::WorkStepStatus::finished;  // W0003
        const auto route = f.scan("PO-2026-0001");
        CHECK(route.kind == ScanKind::open_work_step);
        CHECK(route.work_step_ids == std::vector<std::string>{"W0002"});
    }
    SUBCASE("all finished: the first is opened") {
        for (auto& s : f.view.view.work_steps) {
            s.status = plan::WorkStepStatus::finished;
        }
        const auto route = f.scan("PO-2026-0003");
        CHECK(route.kind == ScanKind::open_work_step);
        CHECK(route.work_step_ids == std::vector<std::string>{"W0005"});
    }
    SUBCASE("the order id works as well") {
        CHECK(f.scan("O002").kind == ScanKind::choose_work_step);
    }
    SUBCASE("an order without a work step of this partner") {
        const auto route = f.scan("PO-2026-0004");
        CHECK(route.kind == ScanKind::not_found);
        CHECK_FALSE(route.message.empty());
    }
}

TEST_CASE("logged in: a run card of somebody else, or another badge") {
    Fixture f;
    f.log_in();
    const auto foreign = f.scan("W0100");
    CHECK(foreign.kind == ScanKind::not_found);
    CHECK(foreign.message == "This run card is not one of your work steps.");
    CHECK(f.scan("PO-2025-0009").kind == ScanKind::not_found);
    CHECK(f.scan("B-2001").kind == ScanKind::login);  // another operator: a new login (R11)
}

TEST_CASE("routes become screen intents") {
    Fixture f;
    f.log_in();
    const auto open = intent_of(f.scan("W0003"));
    REQUIRE(open.has_value());
    CHECK(std::get<intent::OpenWorkStep>(*open).work_step_id == "W0003");
    const auto choose = intent_of(f.scan("PO-2026-0001"));
    REQUIRE(choose.has_value());
    const auto& chooser = std::get<intent::ChooseWorkStep>(*choose);
    CHECK(chooser.order_number == "PO-2026-0001");
    CHECK(chooser.work_step_ids == std::vector<std::string>{"W0002", "W0003"});
    CHECK_FALSE(intent_of(f.scan("B-2001")).has_value());
    CHECK_FALSE(intent_of(f.scan("")).has_value());
}

TEST_CASE("a provisioning barcode on a set-up terminal is no badge, in every state") {
    // Issue 13, finding 14: it went to the server as a badge (enrolment code included) and
    // logged the operator out.
    Fixture f;
    const std::string barcode =
        "PTPROV1;server_url=https://plan.example.com;enrollment_code=K7P2-9QXM-SECRET";
    const std::string long_barcode = barcode + ";terminal_name=" + std::string(kMaxScanLength, 'x');
    for (int logged_in = 0; logged_in < 2; ++logged_in) {
        if (logged_in == 1) f.log_in();
        for (const std::string& code : {barcode, long_barcode, "  " + barcode + "\r\n"}) {
            const auto route = f.scan(code, ScanPatterns{.provisioning_prefix = "PTPROV1;"});
            CHECK(route.kind != ScanKind::login);
            CHECK(route.kind != ScanKind::technician);
            CHECK_FALSE(intent_of(route).has_value());
            // Nothing of its content travels on (ctl reply, log, screen).
            CHECK(route.code.find("SECRET") == std::string::npos);
            CHECK(route.message.find("SECRET") == std::string::npos);
        }
    }
    CHECK(f.session.state() == SessionState::logged_in);
}

TEST_CASE("scan kind names") {
    CHECK(name_of(ScanKind::run_card_hint) == "run_card_hint");
    CHECK(name_of(ScanKind::choose_work_step) == "choose_work_step");
}

}  // namespace
}  // namespace pt::app

namespace pt::app {

TEST_CASE("a note's entry takes run cards and texts, never what may be a badge") {
    Fixture f;
    const auto capture = [&](std::string_view code) {
        return route_scan(code, f.session, f.view.view, {.provisioning_prefix = "PTPROV1;"}, true);
    };
    CHECK(capture("W0003").kind == ScanKind::run_card_hint);  // logged out: no note, no capture
    f.log_in();
    const auto run_card = capture(" W0003\n");
    CHECK(run_card.kind == ScanKind::captured);
    CHECK(run_card.code == "W0003");
    CHECK(capture("PO-2025-0009").kind == ScanKind::captured);  // even another partner's
    CHECK(capture("Lot 4711 ok").kind == ScanKind::captured);
    CHECK(capture("B-2001").kind == ScanKind::rejected);
    CHECK(capture("TECH-42").kind == ScanKind::technician);
    const auto provisioning = capture("PTPROV1;server_url=https://x;enrollment_code=SECRET");
    CHECK(provisioning.kind == ScanKind::provisioning);
    CHECK(provisioning.code.empty());
    CHECK(capture(std::string("W\x01", 2)).kind == ScanKind::rejected);
}

}  // namespace pt::app
