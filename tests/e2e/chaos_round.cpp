#include "tests/e2e/chaos_round.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <thread>

namespace pt::e2e::chaos {
namespace {

/// How long the screen may still offer what the outbox already rules out: it follows the
/// outbox a frame or a view load later (slower with the sanitizers).
#ifdef PT_SANITIZED
constexpr Millis kScreenLag{1000};
#else
constexpr Millis kScreenLag{300};
#endif

DemoPlan read_demo_plan(KioskFixture& kiosk) {
    const json dataset = kiosk.admin("GET", "/admin/v1/dataset");
    DemoPlan demo;
    for (const auto& partner : dataset.at("partners"))
        demo.partner_modules[partner.at("id").get<std::string>()] = partner.at("modules");
    for (const auto& resource : dataset.at("resources")) {
        if (!resource.value("external", false) || resource.at("partner_ids").empty()) continue;
        const auto id = resource.at("id").get<std::string>();
        demo.external_resources.push_back(id);
        demo.resource_links[id] = resource.at("partner_ids");
    }
    for (const auto& step : dataset.at("work_steps")) {
        const auto resource = step.at("resource_id").get<std::string>();
        if (!demo.resource_links.contains(resource)) continue;
        const auto id = step.at("id").get<std::string>();
        demo.partner_steps.push_back(id);
        for (const auto& partner : demo.resource_links.at(resource))
            demo.own_steps[partner.get<std::string>()].push_back(id);
    }
    REQUIRE_FALSE(demo.partner_steps.empty());
    return demo;
}

/// A demo operator of `partner_id` without PIN.
const Operator& operator_of_partner(const std::string& partner_id) {
    for (const auto& op : demo_operators()) {
        if (op.partner_id == partner_id && !op.pin) return op;
    }
    FAIL("no demo operator without PIN for partner " << partner_id);
    return demo_operators().front();
}

}  // namespace

const std::vector<Operator>& demo_operators() {
    static const std::vector<Operator> operators = {
        {badge::p1_anna, "OP1", "P1", std::nullopt},
        {badge::p1_jonas, "OP2", "P1", std::nullopt},
        {badge::p2_lars, "OP4", "P2", std::nullopt},
        {badge::p2_merle, "OP5", "P2", std::string(badge::p2_merle_pin)},
        {"B-3001", "OP6", "P3", std::nullopt},
    };
    return operators;
}

ChaosRound::ChaosRound(int index, std::uint64_t seed, SteadyClock::time_point actions_until)
    : index_(index),
      seed_(seed),
      rng_(seed),
      actions_until_(actions_until),
      started_(SteadyClock::now()),
      kiosk_({.name = "chaos-round" + std::to_string(index), .wedge_scans = true}),
      verbose_(std::getenv("PT_CHAOS_VERBOSE") != nullptr) {
    demo_ = read_demo_plan(kiosk_);
}

void ChaosRound::run() {
    while (SteadyClock::now() < actions_until_) {
        act();
        check_kiosk_alive();
        check_detail_screen();
    }
    settle_and_check();
}

std::string ChaosRound::context() const {
    std::ostringstream out;
    out << "chaos round " << index_ << ", seed " << seed_
        << " (run it again: PT_CHAOS_ROUND_SEED=" << seed_ << ")\n---- the last " << log_.size()
        << " lines of the action log (" << actions_ << " actions)\n";
    for (const auto& line : log_)
        out << "  " << line << "\n";
    return out.str();
}

void ChaosRound::screenshot_for_failure() {
    try {
        const auto path = kiosk_.screenshot("failure");
        std::printf("chaos: screenshot of the failure: %s\n", path.c_str());
    } catch (...) {
        std::printf("chaos: no screenshot of the failure (the kiosk does not answer)\n");
    }
    std::fflush(stdout);
}

// ---- randomness and the action log ----------------------------------------------------------

int ChaosRound::uniform(int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(rng_);
}

bool ChaosRound::chance(double p) {
    return std::bernoulli_distribution(p)(rng_);
}

const std::string& ChaosRound::pick(const std::vector<std::string>& items) {
    REQUIRE_FALSE(items.empty());
    return items[static_cast<std::size_t>(uniform(0, static_cast<int>(items.size()) - 1))];
}

void ChaosRound::note(const std::string& line) {
    const double t = std::chrono::duration<double>(SteadyClock::now() - started_).count();
    std::ostringstream stamped;
    stamped.precision(1);
    stamped << std::fixed << t << "s " << line;
    if (verbose_) {
        std::printf("chaos:   %s\n", stamped.str().c_str());
        std::fflush(stdout);
    }
    log_.push_back(stamped.str());
    if (log_.size() > 40) log_.pop_front();
}

std::string ChaosRound::server_word() const {
    switch (server_) {
        case ServerMode::clean:
            return "";
        case ServerMode::faults:
            return " [faults]";
        case ServerMode::down:
            return " [offline]";
    }
    return "";
}

// ---- checks -----------------------------------------------------------------------------------

void ChaosRound::check_kiosk_alive() {
    if (const auto exit = kiosk_.kiosk_exited()) {
        FAIL("the kiosk ended by itself (status " << *exit << "); only the test kills it\n"
                                                  << kiosk_.diagnostics());
    }
}

struct ChaosRound::Violation {
    std::string step;
    std::vector<std::string> offered;
    std::vector<std::string> invalid;
    Expectation expected;
    std::string rows;
};

std::optional<ChaosRound::Violation> ChaosRound::look_at_detail() {
    const auto status = kiosk_.try_status();
    if (!status || status->value("screen", "") != "work_step_detail") return std::nullopt;
    const std::string step = status->value("work_step_id", "");
    const std::string partner = status->value("partner_id", "");
    std::vector<std::string> offered;
    for (const auto& target : kiosk_.ui()) {
        const std::string id = target.value("id", "");
        const bool action = std::find(std::begin(kDetailActions), std::end(kDetailActions), id) !=
                            std::end(kDetailActions);
        if (action && target.value("enabled", false)) offered.push_back(id);
    }
    if (offered.empty()) return std::nullopt;  // nothing offered, nothing to rule out
    const json outbox = kiosk_.outbox();
    const auto expected = expected_state(outbox, step, partner, marks_);
    if (!expected) return std::nullopt;
    auto invalid = invalid_offers(offered, expected->state);
    if (invalid.empty()) return std::nullopt;
    return Violation{step, offered, std::move(invalid), *expected, rows_on(outbox, step)};
}

void ChaosRound::check_detail_screen() {
    const auto first = look_at_detail();
    if (!first) return;
    // The outbox was in that state when the first look ended. The screen must follow within
    // kScreenLag: look again until it does, or until a look begun kScreenLag later still sees
    // the same offers with the same outbox rows.
    const auto outbox_seen = SteadyClock::now();
    for (;;) {
        std::this_thread::sleep_for(Millis(100));
        const auto looked = SteadyClock::now();
        const auto next = look_at_detail();
        if (!next || next->step != first->step || next->rows != first->rows ||
            next->invalid != first->invalid) {
            return;
        }
        if (looked - outbox_seen >= kScreenLag) break;
    }
    std::ostringstream offered;
    for (const auto& id : first->offered)
        offered << id << " ";
    std::ostringstream invalid;
    for (const auto& id : first->invalid)
        invalid << id << " ";
    FAIL("the detail of " << first->step << " offers " << invalid.str()
                          << "although the terminal's own reports leave it "
                          << name_of(first->expected.state) << " (the last: "
                          << first->expected.type << " #" << first->expected.sequence << " "
                          << first->expected.event_id << ")\noffered: " << offered.str()
                          << "\noutbox rows on " << first->step << ":\n"
                          << first->rows << kiosk_.diagnostics());
}

void ChaosRound::settle_and_check() {
    note("settle: faults off, server back, outbox drained");
    if (server_ != ServerMode::clean) {
        if (server_ == ServerMode::faults) kiosk_.stop_server();
        kiosk_.start_server(true);
        server_ = ServerMode::clean;
    }
    const auto give_up = SteadyClock::now() + std::chrono::seconds(90);
    auto last_sync = SteadyClock::now() - std::chrono::seconds(10);
    for (;;) {
        check_kiosk_alive();
        const json status = kiosk_.status();
        if (status.value("online", false) && status.value("outbox_pending", -1) == 0) break;
        if (SteadyClock::now() > give_up) {
            FAIL("the outbox does not drain with the server back and no faults: "
                 << status.value("outbox_pending", -1) << " pending after 90 s\n"
                 << kiosk_.diagnostics());
        }
        if (SteadyClock::now() - last_sync > std::chrono::seconds(3)) {
            kiosk_.sync_now();
            last_sync = SteadyClock::now();
        }
        std::this_thread::sleep_for(Millis(100));
    }
    const json outbox = kiosk_.outbox();
    const json events = kiosk_.server_events();
    std::vector<std::string> problems = delivery_problems(outbox, events, kiosk_.terminal_id());

    // The modules the round took away come back, so that each partner with a refused report has
    // an attention screen (it belongs to the workbench module).
    for (const auto& [partner, modules] : demo_.partner_modules)
        kiosk_.admin("PATCH", "/admin/v1/partners/" + partner, json{{"modules", modules}});
    std::size_t refused = 0;
    for (const auto& partner : partners_with_refusals(outbox)) {
        const json attention = attention_of(partner);
        refused += attention.size();
        const auto found = attention_problems(outbox, partner, attention);
        problems.insert(problems.end(), found.begin(), found.end());
    }
    std::printf(
        "chaos: round %d: %d actions, %zu outbox rows, %zu accepted by the server, %zu "
        "shown refused\n",
        index_, actions_, outbox.size(), events.size(), refused);
    std::fflush(stdout);
    if (!problems.empty()) {
        std::ostringstream list;
        for (const auto& problem : problems)
            list << "  " << problem << "\n";
        FAIL("after the round, with nothing pending:\n" << list.str() << kiosk_.diagnostics());
    }
}

json ChaosRound::attention_of(const std::string& partner) {
    const Operator& op = operator_of_partner(partner);
    note("the attention screen of " + partner + " (" + op.badge + ")");
    // A fresh online login: its profile has the modules just given back.
    const std::string session = kiosk_.status().value("session", "");
    if (session == "pin_needed") kiosk_.tap("pin.cancel");
    if (session == "logged_in") kiosk_.tap("bar.logout");
    kiosk_.wait_status("the login screen",
                       [](const json& s) { return s.value("session", "") == "logged_out"; });
    kiosk_.scan_ctl(op.badge);
    kiosk_.wait_status(op.badge + " logged in online", [&](const json& s) {
        return s.value("session", "") == "logged_in" && s.value("operator_id", json()) == op.id &&
               !s.value("offline_session", true);
    });
    kiosk_.wait_target("nav.attention");
    kiosk_.tap("nav.attention");
    kiosk_.wait_status("the attention screen of " + partner,
                       [](const json& s) { return s.value("screen", "") == "attention"; });
    // Its items come with the partner's view, which may still be loading.
    json attention = json::array();
    (void)KioskFixture::eventually(
        [&] {
            attention = kiosk_.status().at("attention");
            return !attention.empty();
        },
        Millis(5000));
    kiosk_.screenshot("attention-" + partner);
    return attention;
}

}  // namespace pt::e2e::chaos
