// One round of the chaos test (chaos_e2e_test.cpp, issue 12 item 3): a fresh kiosk and
// plan-server --demo (KioskFixture), random actions until a deadline, checking the detail screen
// after each one (chaos_checks.h), then the round's final check. Everything random comes from
// the round's seed. The actions are in chaos_actions.cpp, the rest in chaos_round.cpp.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "tests/e2e/chaos_checks.h"
#include "tests/e2e/kiosk_fixture.h"

namespace pt::e2e::chaos {

using SteadyClock = std::chrono::steady_clock;

/// A demo operator the test logs in.
struct Operator {
    std::string badge;
    std::string id;
    std::string partner_id;
    std::optional<std::string> pin;
};

/// The demo operators of P1, P2 (one with PIN) and P3.
[[nodiscard]] const std::vector<Operator>& demo_operators();

/// What the demo plan holds when a round starts (its admin changes start from it).
struct DemoPlan {
    std::map<std::string, json> partner_modules;  ///< partner id → modules
    std::map<std::string, json> resource_links;   ///< external resource id → partner_ids
    std::vector<std::string> external_resources;
    std::vector<std::string> partner_steps;  ///< work steps on external, linked resources
    std::map<std::string, std::vector<std::string>> own_steps;  ///< partner → its steps (R2)
};

/// The kiosk's server: on its port without faults, on its port with faults, or not reachable.
enum class ServerMode { clean, faults, down };

class ChaosRound {
public:
    /// Starts the fixture (FAILs like KioskFixture). Actions run until `actions_until`.
    ChaosRound(int index, std::uint64_t seed, SteadyClock::time_point actions_until);

    /// The random actions with their checks, then the final check. FAILs on a violation.
    void run();
    /// The seed and the last actions: printed with every failure of this round.
    [[nodiscard]] std::string context() const;
    /// Saves a screenshot for a failure and prints its path; never fails itself.
    void screenshot_for_failure();

private:
    // chaos_round.cpp: randomness, the log, the checks.
    int uniform(int low, int high);
    bool chance(double p);
    const std::string& pick(const std::vector<std::string>& items);
    void note(const std::string& line);
    [[nodiscard]] std::string server_word() const;
    void check_kiosk_alive();
    struct Violation;
    std::optional<Violation> look_at_detail();
    void check_detail_screen();
    void settle_and_check();
    json attention_of(const std::string& partner);

    // chaos_actions.cpp: what an operator, a crash or the central plan does.
    void act();
    void log_in();
    void enter_pin_or_cancel(const std::optional<std::string>& pin);
    void log_out();
    void tap_something();
    std::vector<std::string> wait_targets(const std::string& prefix, Millis timeout);
    void report();
    void open_a_step(const json& status);
    void tap_number(const std::string& pad, int value);
    void enter_quantities(bool finish);
    void sync_now();
    void watch();
    void kill_kiosk();
    void take_server_down();
    void crash_server();
    std::string fault_spec();
    void start_server_on_kiosk_port(bool with_faults);
    void server_back();
    void fault_phase();
    void offline_admin_changes();
    void admin_change(const std::vector<std::string>& reported, std::int64_t mark);

    int index_;
    std::uint64_t seed_;
    std::mt19937_64 rng_;
    SteadyClock::time_point actions_until_;
    SteadyClock::time_point started_;
    KioskFixture kiosk_;
    DemoPlan demo_;
    ServerMode server_ = ServerMode::clean;
    SteadyClock::time_point back_at_{};  ///< when an outage ends by itself
    AdminMarks marks_;
    std::set<std::string> online_badges_;  ///< badges logged in online (they may log in offline)
    std::string last_detail_;              ///< the work step whose detail was seen last
    std::deque<std::string> log_;          ///< the last actions
    bool verbose_ = false;                 ///< PT_CHAOS_VERBOSE: print every action as it happens
    int actions_ = 0;
};

}  // namespace pt::e2e::chaos
