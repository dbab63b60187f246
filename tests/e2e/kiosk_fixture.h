// The end-to-end fixture (issue #4 item 5): the real `partner-terminal` in a real window on a
// private Xvfb, synced with a real `plan-server --demo`, driven from the outside the way an
// operator and a scanner drive it — taps with xdotool on the targets `ctl ui` reports, badge
// scans typed at keyboard-wedge speed — and observed through `ctl status`, `ctl ui`, the
// server's admin API and screenshots. Nothing of the app's code is linked in.
//
// Every child (Xvfb, plan-server, partner-terminal) dies with the test program
// (PR_SET_PDEATHSIG) and lives in a fresh temp dir. Helpers that must succeed FAIL the test
// with the kiosk's stderr tail, its last status and the server's log.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tests/support/http_client.h"
#include "tests/support/plan_server_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/xvfb.h"

namespace pt::e2e {

using nlohmann::json;
using Millis = std::chrono::milliseconds;

/// How long a wait for something the app should do by itself may take (ASan builds are slow).
inline constexpr Millis kWait{30'000};

/// One kiosk under test.
struct KioskOptions {
    /// Names the screenshots' folder (`<screenshot dir>/<name>/`), e.g. the test's topic.
    std::string name = "kiosk";
    int width = 800;  ///< the window and the Xvfb screen
    int height = 480;
    int idle_timeout_s = 600;  ///< long by default: only the idle test wants a logout
    std::string language = "en";
    std::string technician_badge = "TECH-0042";
    /// How log_in() and open_detail() scan: typed by xdotool at scanner speed (the real path),
    /// or `ctl scan` (for tests about screens rather than scanners).
    bool wedge_scans = true;
    /// False: no configuration file; the kiosk starts at its set-up screen (the fixture waits
    /// for that instead of the enrolled login screen).
    bool provisioned = true;
    /// Lines appended to the configuration file (when provisioned).
    std::string config_extra;
    /// The configuration (with config_extra) is one the kiosk cannot use: the fixture waits for
    /// the set-up screen showing the problem instead of the enrolled login screen.
    bool broken_config = false;
    /// Appended to plan-server's command line at every start (e.g. `--console DIR`).
    std::vector<std::string> server_args;
};

/// The demo badges (plan-server --demo).
namespace badge {
inline constexpr const char* p1_anna = "B-1001";   ///< OP1, P1 Rheinland Coating GmbH
inline constexpr const char* p1_jonas = "B-1002";  ///< OP2, P1
inline constexpr const char* p2_lars = "B-2001";   ///< OP4, P2 Härterei Nord
inline constexpr const char* p2_merle = "B-2002";  ///< OP5, P2, PIN 4711
inline constexpr const char* p2_merle_pin = "4711";
}  // namespace badge

/// What a partner sees according to the server itself (a second terminal, enrolled through the
/// API, logged in with the same badge): the reference the kiosk's screen is compared with.
struct PartnerPlan {
    json login;  ///< the 201 answer of POST /api/v1/sessions
    json plan;   ///< GET /api/v1/plan without cursor
    /// Sorted ids of `plan.work_steps` / `plan.processes`.
    [[nodiscard]] std::vector<std::string> work_step_ids() const;
    [[nodiscard]] std::vector<std::string> process_ids() const;
    /// The work step object, or null when not visible.
    [[nodiscard]] const json* work_step(const std::string& id) const;
    /// Open work steps on the partner's own resources with feedback allowed, by planned start.
    [[nodiscard]] std::vector<std::string> open_own_work_steps() const;
};

class KioskFixture {
public:
    /// Starts Xvfb, plan-server --demo and the kiosk (which enrols itself); returns once the
    /// kiosk answers `ctl status` as enrolled at the login screen. FAILs otherwise.
    explicit KioskFixture(KioskOptions options = {});
    /// SIGTERMs the kiosk and CHECKs it exits 0, then stops the server (CHECK exit 0).
    ~KioskFixture();
    KioskFixture(const KioskFixture&) = delete;
    KioskFixture& operator=(const KioskFixture&) = delete;

    [[nodiscard]] const KioskOptions& options() const { return options_; }

    // ---- the kiosk, from the outside ---------------------------------------------------------
    /// `ctl status` parsed; FAILs when the app does not answer.
    [[nodiscard]] json status();
    /// `ctl status` parsed, or nullopt when the app does not answer (yet).
    [[nodiscard]] std::optional<json> try_status();
    /// `ctl ui` parsed: the touch targets on screen.
    [[nodiscard]] json ui();
    /// The target `id` of a `ui()` answer, or nullopt.
    [[nodiscard]] static std::optional<json> find_target(const json& targets,
                                                         const std::string& id);
    /// True when `ctl ui` lists target `id` now.
    [[nodiscard]] bool has_target(const std::string& id);
    /// Ids of the targets on screen.
    [[nodiscard]] std::vector<std::string> target_ids();
    /// Taps the centre of target `id` with the X pointer. FAILs (listing what is on screen)
    /// when the target is not there or disabled. Does not wait for the effect.
    void tap(const std::string& id);
    /// Taps target `id` when it is on screen and enabled; false (nothing tapped) otherwise —
    /// for tests whose screen may change under them.
    [[nodiscard]] bool try_tap(const std::string& id);
    /// Types `code` at scanner speed (5 ms per key) followed by Return: a keyboard-wedge scan.
    void scan_wedge(const std::string& code);
    /// `ctl scan CODE`: the scan without the keyboard (for tests about screens, not scanners).
    void scan_ctl(const std::string& code);
    /// scan_wedge() or scan_ctl(), as KioskOptions::wedge_scans says.
    void scan(const std::string& code);
    /// Types `code` and Return at `delay` per key: a person typing, not a scan.
    void type_slowly(const std::string& code, Millis delay);
    /// `ctl sync`.
    void sync_now();
    /// `partner-terminal ctl WORDS` (words already quoted for the shell); returns the exit
    /// code, the reply (and stderr) in `reply`.
    int ctl_command(const std::string& words, std::string* reply = nullptr);

    /// Polls `ctl status` until `ok(status)`; returns that status. FAILs after `timeout` with
    /// `what`, the last status, what is on screen and the logs.
    json wait_status(const std::string& what, const std::function<bool(const json&)>& ok,
                     Millis timeout = kWait);
    /// Polls `ok()` until true; FAILs like wait_status after `timeout`.
    void wait_until(const std::string& what, const std::function<bool()>& ok,
                    Millis timeout = kWait);
    /// Polls `ok()` until true; false after `timeout` (for CHECKs that must not end the test).
    [[nodiscard]] static bool eventually(const std::function<bool()>& ok, Millis timeout = kWait);
    /// Waits until target `id` is on screen (and enabled).
    void wait_target(const std::string& id, Millis timeout = kWait);
    /// Waits until target `id` is gone from the screen.
    void wait_no_target(const std::string& id, Millis timeout = kWait);

    /// Scans demo badge `badge` (and taps `pin` on the PIN pad when given) and waits until its
    /// operator is logged in with the partner's plan loaded; returns that status.
    json log_in(const std::string& badge, const std::optional<std::string>& pin = std::nullopt);
    /// The same for an operator made by the test: `badge` logs in `operator_id`.
    json log_in_as(const std::string& badge, const std::string& operator_id);
    /// Taps `bar.logout` and waits for the login screen.
    void log_out();
    /// Opens the detail of `work_step_id`: taps its tile when the tile is on screen, else
    /// scans it as a run card. Waits for the detail screen of that work step.
    void open_detail(const std::string& work_step_id);

    /// Saves the screen as `<dir>/<name>/<W>x<H>/<NN>-<step>.png` (NN counts up) once the app
    /// has settled; returns the path.
    std::filesystem::path screenshot(const std::string& step);

    /// The last lines of the kiosk's stderr.
    [[nodiscard]] std::string kiosk_log_tail(std::size_t max_bytes = 3000) const;
    /// Everything a failure message needs: last status, targets, kiosk and server logs.
    [[nodiscard]] std::string diagnostics();

    /// The configuration file the kiosk was started with (absent while not provisioned).
    [[nodiscard]] const std::filesystem::path& config_file() const { return config_file_; }

    // ---- crashes and the outbox (the chaos test, issue 12) -----------------------------------
    /// SIGKILLs the kiosk (a crash or a power cut, as far as it can tell) and reaps it.
    void kill_kiosk();
    /// Starts the kiosk again on the same data directory and waits until it answers at its
    /// login screen, enrolled. FAILs like the constructor.
    void restart_kiosk();
    /// Does not wait: the exit status (128+N for signal N) when the kiosk ended by itself since
    /// it was last started, else nullopt (running, or ended by kill_kiosk()).
    [[nodiscard]] std::optional<int> kiosk_exited();
    /// `terminal-sync outbox` on the kiosk's configuration: every outbox entry, oldest first
    /// (`sequence`, `event`, `partner_id`, `state`, `reason` …). Reads the kiosk's database
    /// while it runs (WAL). FAILs when the tool fails.
    [[nodiscard]] json outbox();
    /// The kiosk's terminal id (`terminal-sync status`). FAILs when not enrolled.
    [[nodiscard]] std::string terminal_id();

    // ---- plan-server --------------------------------------------------------------------------
    /// A fresh enrolment code from the admin API.
    [[nodiscard]] std::string new_enrollment_code();
    /// SIGTERM the server (CHECKs exit 0); the kiosk is then offline.
    void stop_server();
    /// Starts the server again on the same database: on the kiosk's port when `reachable`,
    /// else on another one (the admin API works, the kiosk stays offline). `extra_args` are
    /// appended to its command line (e.g. `--faults SPEC --faults-seed N`).
    void start_server(bool reachable = true, const std::vector<std::string>& extra_args = {});
    /// SIGKILLs the server (a crash: no in-flight request is finished).
    void kill_server();
    [[nodiscard]] bool server_running() const;
    /// plan-server's database file (for `plan-server user add … --db`).
    [[nodiscard]] std::filesystem::path server_database() const { return dir_ / "plan.db"; }
    /// The running server's base URL + `path`.
    [[nodiscard]] std::string server_url(const std::string& path) const;
    /// Admin call that must answer 2xx; returns the parsed body (null when empty).
    json admin(const std::string& method, const std::string& path,
               const std::optional<json>& body = std::nullopt);
    /// `partner-terminal ctl update-notice WORDS…` as the image's update-from-stick sends it
    /// (each word passed on its own); returns the exit code, the reply in `reply`.
    int update_notice(const std::vector<std::string>& words, std::string* reply = nullptr);
    /// `GET /admin/v1/events` → its `events` array.
    [[nodiscard]] json server_events();
    /// The server's view of the partner of `badge` (see PartnerPlan).
    [[nodiscard]] PartnerPlan partner_plan(const std::string& badge,
                                           const std::optional<std::string>& pin = std::nullopt);
    /// Reports one event from the second terminal partner_plan() uses, as `operator_id` (whose
    /// badge partner_plan() must have logged in there first, R13); returns its result object.
    json report_from_second_terminal(const std::string& type, const std::string& operator_id,
                                     const std::string& target_id, json data = json::object());

private:
    json log_in_with(const std::string& badge, const std::optional<std::string>& pin,
                     const std::string& operator_id);
    void write_config(const std::string& enrollment_code);
    void start_kiosk();
    /// Waits until the kiosk just started answers at its login (or set-up) screen.
    void wait_kiosk_ready();
    /// Runs `terminal-sync --config <config> COMMAND` and parses its JSON; FAILs otherwise.
    [[nodiscard]] json terminal_sync(const std::string& command);
    int stop_kiosk();
    [[nodiscard]] std::string ctl(const std::string& command, int* exit_code = nullptr);
    [[nodiscard]] int xdotool(const std::string& arguments);
    /// Taps the centre of `target` (an entry of ui()) with the X pointer.
    void tap_at(const json& target, const std::string& id);
    [[nodiscard]] test::HttpResponse send(const std::string& method, const std::string& url,
                                          const std::optional<std::string>& body,
                                          const std::string& bearer);
    [[nodiscard]] std::string api_terminal_token();

    KioskOptions options_;
    test::TempDir dir_;
    std::string admin_token_;
    std::unique_ptr<test::Xvfb> xvfb_;
    std::unique_ptr<test::PlanServerProcess> server_;
    int server_port_ = 0;
    test::HttpClient http_;
    std::filesystem::path config_file_;
    std::filesystem::path data_dir_;
    pid_t kiosk_pid_ = -1;
    std::string last_status_;
    std::string api_token_;  // the reference terminal's token (enrolled on first use)
    int shot_number_ = 0;
    std::pair<int, int> pointer_;  // where the X pointer is
};

/// Sorted copy of a JSON array of strings.
[[nodiscard]] std::vector<std::string> sorted_strings(const json& array);

}  // namespace pt::e2e
