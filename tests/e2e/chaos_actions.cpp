// The chaos test's actions (chaos_round.h): what an operator does at the kiosk, what crashes,
// and what the central plan changes while the kiosk cannot reach it. Every action tolerates a
// screen that changes under it (a sync, a fault, an outage): it logs what it did and moves on;
// only the checks in chaos_round.cpp fail the test.
#include <doctest/doctest.h>

#include <algorithm>
#include <thread>

#include "tests/e2e/chaos_round.h"

namespace pt::e2e::chaos {
namespace {

void sleep_for(Millis ms) {
    std::this_thread::sleep_for(ms);
}

/// How likely a random tap hits a target; 0 leaves it alone.
int tap_weight(const std::string& id) {
    // The language switch only relabels; typing a search is slow and changes nothing.
    if (id.starts_with("lang.") || id.starts_with("classic.keys.")) return 0;
    if (id.starts_with("detail.")) return 8;
    if (id.starts_with("pause.") || id.starts_with("scrap.")) return 5;
    if (id == "qty.confirm" || id == "finish.confirm") return 6;
    if (id.starts_with("qty.") || id.starts_with("process.")) return 3;
    if (id.starts_with("tile.") || id.starts_with("classic.row.")) return 4;
    return 1;  // menus, filters, sorting, back, logout, idle.stay …
}

}  // namespace

// ---- choosing an action -------------------------------------------------------------------------

void ChaosRound::act() {
    ++actions_;
    // An outage ends by itself after a while, so that the work gets delivered within the round.
    if (server_ == ServerMode::down && SteadyClock::now() >= back_at_) {
        server_back();
        return;
    }
    const json status = kiosk_.status();
    const std::string session = status.value("session", "");
    if (session == "pin_needed") {
        enter_pin_or_cancel(std::nullopt);
        return;
    }
    const bool in = session == "logged_in";
    const bool detail = status.value("screen", "") == "work_step_detail";
    if (detail) last_detail_ = status.value("work_step_id", "");
    // Outages and faults only after a few online logins: an offline login needs an earlier
    // online one at this terminal (product.md §5).
    const bool warm = SteadyClock::now() - started_ > std::chrono::seconds(6);
    const bool up = server_ != ServerMode::down;
    const bool may_disturb = up && warm;
    struct Choice {
        int weight;
        void (ChaosRound::*action)();
    };
    const Choice choices[] = {
        {in ? 5 : 40, &ChaosRound::log_in},
        {in ? 12 : 3, &ChaosRound::tap_something},
        {in ? (detail ? 50 : 30) : 0, &ChaosRound::report},
        {in ? 2 : 0, &ChaosRound::log_out},
        {2, &ChaosRound::sync_now},
        {detail ? 4 : 0, &ChaosRound::watch},
        {warm ? 2 : 0, &ChaosRound::kill_kiosk},
        {may_disturb ? 2 : 0, &ChaosRound::crash_server},
        {may_disturb ? 3 : 0, &ChaosRound::fault_phase},
        {may_disturb ? 3 : 0, &ChaosRound::offline_admin_changes},
        {up ? 0 : 3, &ChaosRound::server_back},
    };
    int total = 0;
    for (const auto& choice : choices)
        total += choice.weight;
    int roll = uniform(1, total);
    for (const auto& choice : choices) {
        roll -= choice.weight;
        if (roll <= 0) {
            (this->*choice.action)();
            return;
        }
    }
}

// ---- the operator -------------------------------------------------------------------------------

void ChaosRound::log_in() {
    // Offline mostly badges that can log in offline: those logged in online here before.
    std::vector<std::string> badges;
    for (const auto& op : demo_operators())
        badges.push_back(op.badge);
    const bool offline = server_ == ServerMode::down;
    const std::vector<std::string> known(online_badges_.begin(), online_badges_.end());
    const std::string badge = offline && !known.empty() && chance(0.8) ? pick(known) : pick(badges);
    const Operator& op = *std::find_if(demo_operators().begin(), demo_operators().end(),
                                       [&](const Operator& o) { return o.badge == badge; });
    const bool wedge = chance(0.6);
    note("log in " + op.badge + (wedge ? " (wedge)" : " (ctl scan)") + server_word());
    if (wedge) {
        kiosk_.scan_wedge(op.badge);
    } else {
        kiosk_.scan_ctl(op.badge);
    }
    const auto scanned = SteadyClock::now();
    json s;
    const bool settled = KioskFixture::eventually(
        [&] {
            s = kiosk_.status();
            const auto session = s.value("session", "");
            if (session == "pin_needed") return true;
            if (session == "logged_in" && s.value("operator_id", json()) == op.id) return true;
            // Refused (offline without an earlier online login here, a fault …): the previous
            // state stays; give the kiosk a moment to try.
            return session != "logging_in" && SteadyClock::now() - scanned > Millis(2500);
        },
        Millis(15'000));
    if (!settled) {
        note("  the login did not end within 15 s");
    } else if (s.value("session", "") == "pin_needed") {
        enter_pin_or_cancel(op.pin);
    } else if (s.value("operator_id", json()) == op.id) {
        const bool offline_session = s.value("offline_session", false);
        if (!offline_session) online_badges_.insert(op.badge);
        note(std::string("  logged in") + (offline_session ? " offline" : " online"));
    } else {
        note("  not logged in: " + s.value("notice", std::string()));
    }
}

void ChaosRound::enter_pin_or_cancel(const std::optional<std::string>& pin) {
    if (!KioskFixture::eventually([&] { return kiosk_.has_target("pin.cancel"); }, Millis(3000)))
        return;
    if (!pin) {
        // A badge without PIN asked for one (the wedge's keys came apart on a busy machine), or
        // the pad is left from an earlier login.
        note("  the PIN pad, without a PIN to enter: cancel");
        (void)kiosk_.try_tap("pin.cancel");
        return;
    }
    for (const char digit : *pin) {
        if (!kiosk_.try_tap(std::string("pin.") + digit)) return;
    }
    if (KioskFixture::eventually([&] { return kiosk_.has_target("pin.ok"); }, Millis(3000)))
        (void)kiosk_.try_tap("pin.ok");
    const bool done = KioskFixture::eventually(
        [&] { return kiosk_.status().value("session", "") != "pin_needed"; }, Millis(10'000));
    note(std::string("  PIN entered") + (done ? "" : ", still at the pad"));
}

void ChaosRound::log_out() {
    note("log out");
    if (!kiosk_.try_tap("bar.logout")) return;
    (void)KioskFixture::eventually(
        [&] { return kiosk_.status().value("session", "") == "logged_out"; }, Millis(5000));
}

void ChaosRound::tap_something() {
    std::vector<std::pair<std::string, int>> candidates;
    int total = 0;
    for (const auto& target : kiosk_.ui()) {
        const std::string id = target.value("id", "");
        const int weight = target.value("enabled", false) ? tap_weight(id) : 0;
        if (weight == 0) continue;
        candidates.emplace_back(id, weight);
        total += weight;
    }
    if (candidates.empty()) {
        note("tap: nothing to tap");
        return;
    }
    int roll = uniform(1, total);
    for (const auto& [id, weight] : candidates) {
        roll -= weight;
        if (roll > 0) continue;
        note("tap " + id + server_word());
        if (!kiosk_.try_tap(id)) note("  gone before the tap");
        sleep_for(Millis(uniform(0, 150)));
        return;
    }
}

std::vector<std::string> ChaosRound::wait_targets(const std::string& prefix, Millis timeout) {
    std::vector<std::string> ids;
    (void)KioskFixture::eventually(
        [&] {
            ids.clear();
            for (const auto& target : kiosk_.ui()) {
                const std::string id = target.value("id", "");
                if (id.starts_with(prefix) && target.value("enabled", false)) ids.push_back(id);
            }
            return !ids.empty();
        },
        timeout);
    return ids;
}

void ChaosRound::report() {
    const json status = kiosk_.status();
    if (status.value("screen", "") != "work_step_detail") {
        open_a_step(status);
        return;
    }
    const std::string step = status.value("work_step_id", "");
    std::vector<std::string> offered;
    for (const auto& target : kiosk_.ui()) {
        const std::string id = target.value("id", "");
        if (id.starts_with("detail.") && id != "detail.back" && target.value("enabled", false))
            offered.push_back(id);
    }
    if (offered.empty()) {
        // A picker or numpad left open, or a step without feedback: cancel, or back.
        note("report: nothing offered on " + step + ", cancel or back");
        if (!kiosk_.try_tap("pause.cancel") && !kiosk_.try_tap("qty.cancel"))
            (void)kiosk_.try_tap("detail.back");
        return;
    }
    const std::string action = pick(offered);
    note("report " + action + " on " + step + server_word());
    if (!kiosk_.try_tap(action)) return;
    if (action == "detail.pause") {
        auto reasons = wait_targets("pause.", Millis(3000));
        std::erase(reasons, "pause.cancel");
        if (reasons.empty() || chance(0.1)) {
            note("  cancelled");
            (void)kiosk_.try_tap("pause.cancel");
            return;
        }
        const std::string reason = pick(reasons);
        note("  " + reason);
        (void)kiosk_.try_tap(reason);
    } else if (action == "detail.quantity" || action == "detail.finish") {
        enter_quantities(action == "detail.finish");
    }
    sleep_for(Millis(uniform(0, 200)));
}

void ChaosRound::open_a_step(const json& status) {
    std::vector<std::string> tiles;
    for (const auto& target : kiosk_.ui()) {
        const std::string id = target.value("id", "");
        if (id.starts_with("tile.") || id.starts_with("classic.row.") ||
            id.starts_with("planning.bar.")) {
            tiles.push_back(id);
        }
    }
    // Run cards: mostly of the partner's own steps on screen (those take reports), now and then
    // of any step it sees, or of one it may not see.
    std::vector<std::string> shown;
    std::vector<std::string> own_shown;
    const auto own = demo_.own_steps.find(status.value("partner_id", ""));
    for (const auto& item : status.at("work_step_ids")) {
        const auto id = item.get<std::string>();
        shown.push_back(id);
        if (own != demo_.own_steps.end() &&
            std::find(own->second.begin(), own->second.end(), id) != own->second.end()) {
            own_shown.push_back(id);
        }
    }
    if (!tiles.empty() && chance(0.6)) {
        const std::string tile = pick(tiles);
        note("open " + tile);
        (void)kiosk_.try_tap(tile);
    } else if (!shown.empty()) {
        const double roll = std::uniform_real_distribution<double>(0, 1)(rng_);
        const std::string step = roll < 0.7 && !own_shown.empty() ? pick(own_shown)
                                 : roll < 0.95                    ? pick(shown)
                                                                  : pick(demo_.partner_steps);
        const bool wedge = chance(0.5);
        note("scan the run card " + step + (wedge ? " (wedge)" : " (ctl scan)"));
        if (wedge) {
            kiosk_.scan_wedge(step);
        } else {
            kiosk_.scan_ctl(step);
        }
    } else {
        note("open: no work step on screen");
        return;
    }
    (void)KioskFixture::eventually(
        [&] { return kiosk_.status().value("screen", "") == "work_step_detail"; }, Millis(2000));
}

void ChaosRound::tap_number(const std::string& pad, int value) {
    for (const char digit : std::to_string(value)) {
        if (!kiosk_.try_tap(pad + "." + digit)) return;
    }
}

void ChaosRound::enter_quantities(bool finish) {
    const std::string confirm = finish ? "finish.confirm" : "qty.confirm";
    if (wait_targets("qty.good.", Millis(3000)).empty()) return;
    const int good = finish ? uniform(0, 40) : uniform(chance(0.1) ? 0 : 1, 25);
    const int scrap = chance(0.3) ? uniform(1, 3) : 0;
    if (good > 0) {
        (void)kiosk_.try_tap("qty.field.good");
        tap_number("qty.good", good);
    }
    if (scrap > 0) {
        (void)kiosk_.try_tap("qty.field.scrap");
        if (!wait_targets("qty.scrap.", Millis(2000)).empty()) tap_number("qty.scrap", scrap);
        const auto reasons = wait_targets("scrap.", Millis(2000));
        if (!reasons.empty() && chance(0.9)) (void)kiosk_.try_tap(pick(reasons));
    }
    note("  good " + std::to_string(good) + ", scrap " + std::to_string(scrap));
    const bool confirmed =
        chance(0.9) &&
        KioskFixture::eventually([&] { return kiosk_.has_target(confirm); }, Millis(1500)) &&
        kiosk_.try_tap(confirm);
    if (!confirmed) {
        note("  cancelled");
        (void)kiosk_.try_tap("qty.cancel");
    }
}

void ChaosRound::sync_now() {
    note("ctl sync" + server_word());
    kiosk_.sync_now();
}

void ChaosRound::watch() {
    const Millis span(uniform(800, 2500));
    note("watch " + std::to_string(span.count()) + " ms");
    const auto until = SteadyClock::now() + span;
    while (SteadyClock::now() < until) {
        check_detail_screen();
        sleep_for(Millis(100));
    }
}

// ---- crashes and faults -------------------------------------------------------------------------

void ChaosRound::kill_kiosk() {
    note("SIGKILL the kiosk, start it again");
    kiosk_.kill_kiosk();
    sleep_for(Millis(uniform(0, 300)));
    kiosk_.restart_kiosk();
}

void ChaosRound::take_server_down() {
    if (chance(0.5)) {
        kiosk_.kill_server();
        note("  plan-server SIGKILLed");
    } else {
        kiosk_.stop_server();
        note("  plan-server SIGTERMed");
    }
    server_ = ServerMode::down;
    back_at_ = SteadyClock::now() + Millis(uniform(2000, 9000));
}

void ChaosRound::crash_server() {
    note("plan-server down" + server_word());
    take_server_down();
}

std::string ChaosRound::fault_spec() {
    static const std::vector<std::string> specs = {
        "drop_after=0.3",
        "drop_after=0.5",
        "truncate=0.3",
        "truncate=0.5",
        "drop_before=0.3",
        "status503=0.3:retry_after=1",
        "status500=0.25",
        "delay=0.4:300ms",
        "drop_after=0.2,truncate=0.15",
        "drop_after=0.1,truncate=0.1,status503=0.1:retry_after=1,delay=0.1:200ms,drop_before=0.1",
    };
    return pick(specs);
}

void ChaosRound::start_server_on_kiosk_port(bool with_faults) {
    if (with_faults) {
        const std::string spec = fault_spec();
        const std::string seed = std::to_string(uniform(1, 1'000'000));
        note("  plan-server up with --faults " + spec + " --faults-seed " + seed);
        kiosk_.start_server(true, {"--faults", spec, "--faults-seed", seed});
        server_ = ServerMode::faults;
    } else {
        note("  plan-server up without faults");
        kiosk_.start_server(true);
        server_ = ServerMode::clean;
    }
}

void ChaosRound::server_back() {
    note("plan-server back");
    start_server_on_kiosk_port(chance(0.6));
    // What the kiosk shows while it delivers what it saved offline: watch it closely.
    watch();
}

void ChaosRound::fault_phase() {
    const bool faults_next = server_ != ServerMode::faults;
    note(faults_next ? "a fault phase begins" : "the fault phase ends");
    take_server_down();
    start_server_on_kiosk_port(faults_next);
}

// ---- plan changes while the kiosk is offline ----------------------------------------------------

void ChaosRound::offline_admin_changes() {
    note("offline: the plan changes on a server the kiosk cannot reach");
    take_server_down();
    kiosk_.start_server(false);
    // Every report recorded up to now precedes the changes (AdminMarks).
    const json outbox = kiosk_.outbox();
    std::vector<std::string> reported;
    for (const auto& row : outbox) {
        const auto target = row.at("event").value("target_id", "");
        if (std::find(demo_.partner_steps.begin(), demo_.partner_steps.end(), target) !=
            demo_.partner_steps.end()) {
            reported.push_back(target);
        }
    }
    for (int n = uniform(1, 3); n > 0; --n)
        admin_change(reported, last_sequence(outbox));
    if (chance(0.5)) {
        kiosk_.kill_server();
    } else {
        kiosk_.stop_server();
    }
}

void ChaosRound::admin_change(const std::vector<std::string>& reported, std::int64_t mark) {
    // Mostly the step on screen and steps this terminal reported on: their reports may now be
    // refused.
    const double roll = std::uniform_real_distribution<double>(0, 1)(rng_);
    const std::string step = roll < 0.5 && !last_detail_.empty() ? last_detail_
                             : roll < 0.8 && !reported.empty()   ? pick(reported)
                                                                 : pick(demo_.partner_steps);
    switch (uniform(0, 5)) {
        case 0:
        case 1: {
            static const std::vector<std::string> statuses = {
                "open", "in_progress", "paused", "finished", "open", "cancelled"};
            const std::string status = pick(statuses);
            note("  admin: " + step + " status " + status);
            kiosk_.admin("PATCH", "/admin/v1/work_steps/" + step, json{{"status", status}});
            marks_[step] = mark;
            break;
        }
        case 2:
        case 3: {
            const std::string resource = pick(demo_.external_resources);
            note("  admin: " + step + " moved to " + resource);
            kiosk_.admin("PATCH", "/admin/v1/work_steps/" + step, json{{"resource_id", resource}});
            break;
        }
        case 4: {
            // A resource unlinked from its partners (or from one of two), or linked again.
            const std::string resource = pick(demo_.external_resources);
            const json& links = demo_.resource_links.at(resource);
            json now = json::array();
            if (chance(0.4)) {
                now = links;
            } else if (links.size() > 1) {
                now.push_back(links.at(0));
            }
            note("  admin: resource " + resource + " linked to " + now.dump());
            kiosk_.admin("PATCH", "/admin/v1/resources/" + resource, json{{"partner_ids", now}});
            break;
        }
        default: {
            // Without workbench no feedback counts (R8); or one module less; or all back.
            static const std::vector<std::string> partners = {"P1", "P2", "P3"};
            const std::string partner = pick(partners);
            json modules = json::array();
            const std::string drop = chance(0.3) ? "" : chance(0.6) ? "workbench" : "planning";
            for (const auto& module : demo_.partner_modules.at(partner)) {
                if (module != drop) modules.push_back(module);
            }
            note("  admin: partner " + partner + " modules " + modules.dump());
            kiosk_.admin("PATCH", "/admin/v1/partners/" + partner, json{{"modules", modules}});
            break;
        }
    }
}

}  // namespace pt::e2e::chaos
