#include "tests/e2e/kiosk_fixture.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <map>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/support/file_contents.h"
#include "tests/support/wire_values.h"

extern char** environ;

namespace pt::e2e {
namespace {

using SteadyClock = std::chrono::steady_clock;
constexpr Millis kPoll{50};

std::string quoted(const std::string& text) {
    std::string out = "'";
    for (const char c : text) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

std::string tail_of(const std::string& text, std::size_t max_bytes) {
    return text.size() > max_bytes ? "…" + text.substr(text.size() - max_bytes) : text;
}

/// Runs `command` with /bin/sh and returns its stdout; `exit_code` gets its exit status.
std::string run_capture(const std::string& command, int& exit_code) {
    std::FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) {
        exit_code = -1;
        return {};
    }
    std::string out;
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        out.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    exit_code = status == -1 || !WIFEXITED(status) ? -1 : WEXITSTATUS(status);
    return out;
}

bool tool_installed(const char* tool) {
    return std::system(("command -v " + std::string(tool) + " >/dev/null 2>&1").c_str()) == 0;
}

std::string random_token() {
    std::ifstream random("/dev/urandom", std::ios::binary);
    std::array<unsigned char, 16> bytes{};
    random.read(reinterpret_cast<char*>(bytes.data()), bytes.size());
    std::ostringstream hex;
    for (const unsigned char b : bytes)
        hex << std::hex << std::setw(2) << std::setfill('0') << static_cast<int>(b);
    return hex.str();
}

/// Waits up to `timeout` for `pid` to exit; its status as in PlanServerProcess::stop().
int reap(pid_t pid, Millis timeout) {
    const auto deadline = SteadyClock::now() + timeout;
    for (;;) {
        int status = 0;
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) {
            if (WIFEXITED(status)) return WEXITSTATUS(status);
            if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
            return -1;
        }
        if (done < 0 && errno != EINTR) return -1;
        if (SteadyClock::now() > deadline) return -1;
        std::this_thread::sleep_for(Millis(5));
    }
}

}  // namespace

// ---- PartnerPlan ------------------------------------------------------------------------------

std::vector<std::string> sorted_strings(const json& array) {
    std::vector<std::string> out;
    for (const auto& item : array)
        out.push_back(item.get<std::string>());
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> PartnerPlan::work_step_ids() const {
    std::vector<std::string> ids;
    for (const auto& step : plan.at("work_steps"))
        ids.push_back(step.at("id").get<std::string>());
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::vector<std::string> PartnerPlan::process_ids() const {
    std::vector<std::string> ids;
    for (const auto& process : plan.at("processes"))
        ids.push_back(process.at("id").get<std::string>());
    std::sort(ids.begin(), ids.end());
    return ids;
}

const json* PartnerPlan::work_step(const std::string& id) const {
    for (const auto& step : plan.at("work_steps")) {
        if (step.at("id") == id) return &step;
    }
    return nullptr;
}

std::vector<std::string> PartnerPlan::open_own_work_steps() const {
    std::vector<std::string> own;
    for (const auto& resource : plan.at("resources")) {
        if (resource.value("own", false)) own.push_back(resource.at("id").get<std::string>());
    }
    std::vector<const json*> steps;
    for (const auto& step : plan.at("work_steps")) {
        if (step.at("status") == "open" && step.value("feedback_allowed", false) &&
            std::find(own.begin(), own.end(), step.at("resource_id").get<std::string>()) !=
                own.end()) {
            steps.push_back(&step);
        }
    }
    std::sort(steps.begin(), steps.end(), [](const json* a, const json* b) {
        return std::tuple(a->value("planned_start", ""), a->at("id").get<std::string>()) <
               std::tuple(b->value("planned_start", ""), b->at("id").get<std::string>());
    });
    std::vector<std::string> ids;
    for (const json* step : steps)
        ids.push_back(step->at("id").get<std::string>());
    return ids;
}

// ---- start and stop ---------------------------------------------------------------------------

KioskFixture::KioskFixture(KioskOptions options)
    : options_(std::move(options)), dir_("pt-e2e-"), admin_token_(random_token()) {
    for (const char* tool : {"xdotool", "import", "Xvfb"}) {
        if (!tool_installed(tool))
            FAIL(tool << " is not installed (scripts/install-deps installs it)");
    }
    xvfb_ = std::make_unique<test::Xvfb>(options_.width, options_.height);
    pointer_ = {options_.width / 2, options_.height / 2};  // where X puts it at the start

    test::PlanServerOptions server;
    server.binary = PLAN_SERVER_BIN;
    server.db = dir_ / "plan.db";
    server.log_dir = dir_.path();
    server.admin_token = admin_token_;
    server.demo = true;
    server.extra_args = options_.server_args;
    server_ = std::make_unique<test::PlanServerProcess>(server);
    server_->start();
    const auto& url = server_->base_url();
    server_port_ = std::stoi(url.substr(url.rfind(':') + 1));

    data_dir_ = dir_ / "kiosk";
    if (options_.provisioned) {
        config_file_ = dir_ / "terminal.toml";
        write_config(new_enrollment_code());
    } else {
        // As on a freshly flashed image: the configuration will live in the data directory.
        std::filesystem::create_directories(data_dir_);
        config_file_ = data_dir_ / "terminal.toml";
    }
    start_kiosk();
    wait_kiosk_ready();
}

void KioskFixture::wait_kiosk_ready() {
    // Until its control socket exists `ctl` cannot reach it; a kiosk that exits fails at once.
    bool exited = false;
    int exit_status = 0;
    const bool ready = eventually(
        [&] {
            if (::waitpid(kiosk_pid_, &exit_status, WNOHANG) == kiosk_pid_) {
                exited = true;
                kiosk_pid_ = -1;
                return true;
            }
            const auto s = try_status();
            if (!options_.provisioned || options_.broken_config)
                return s && s->value("screen", "") == "provisioning";
            return s && s->value("enrolled", false) && s->value("screen", "") == "login";
        },
        kWait);
    if (exited || !ready) {
        const std::string why = exited ? "exited (wait status " + std::to_string(exit_status) + ")"
                                : options_.provisioned && !options_.broken_config
                                    ? "did not come up enrolled at the login screen"
                                    : "did not show its set-up screen";
        FAIL("partner-terminal " << why << "\n" << diagnostics());
    }
}

std::string KioskFixture::new_enrollment_code() {
    return admin("POST", "/admin/v1/enrollment_codes", json::object())
        .at("code")
        .get<std::string>();
}

KioskFixture::~KioskFixture() {
    const int kiosk_exit = stop_kiosk();
    CHECK_MESSAGE(kiosk_exit == 0, "partner-terminal did not exit 0 on SIGTERM (", kiosk_exit,
                  ")\n", kiosk_log_tail());
    if (server_ && server_->running()) {
        const int server_exit = server_->stop();
        CHECK_MESSAGE(server_exit == 0, "plan-server did not exit 0 on SIGTERM\n",
                      server_->log_tail());
    }
}

void KioskFixture::write_config(const std::string& enrollment_code) {
    std::ofstream out(config_file_);
    out << "server_url = \"http://127.0.0.1:" << server_port_ << "\"\n"
        << "data_dir = \"" << data_dir_.string() << "\"\n"
        << "enrollment_code = \"" << enrollment_code << "\"\n"
        << "terminal_name = \"E2E " << options_.name << "\"\n"
        << "technician_badge = \"" << options_.technician_badge << "\"\n"
        << "language = \"" << options_.language << "\"\n"
        << "idle_timeout_s = " << options_.idle_timeout_s << "\n"
        << "sync_interval_s = 2\n"
        << options_.config_extra << "\n"
        << "\n[scanner]\nmax_interkey_ms = 35\n";
    REQUIRE(out.good());
}

void KioskFixture::start_kiosk() {
    // Everything the child needs is prepared before fork(): the test program has threads.
    const std::string binary = PARTNER_TERMINAL_BIN;
    const std::string size = std::to_string(options_.width) + "x" + std::to_string(options_.height);
    std::vector<std::string> args = {binary, "--config", config_file_.string(), "--windowed", size};
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string_view entry(*e);
        if (entry.starts_with("DISPLAY=") || entry.starts_with("PT_TRANSLATIONS_DIR=")) continue;
        env.emplace_back(entry);
    }
    env.push_back("DISPLAY=" + xvfb_->display());
    env.push_back(std::string("PT_TRANSLATIONS_DIR=") + PT_TRANSLATIONS_DIR);
    std::vector<char*> argv;
    for (auto& arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& entry : env)
        envp.push_back(entry.data());
    envp.push_back(nullptr);
    const std::string out_file = (dir_ / "kiosk.stdout").string();
    const std::string err_file = (dir_ / "kiosk.stderr").string();
    const pid_t parent = ::getpid();

    const pid_t pid = ::fork();
    if (pid < 0) FAIL("fork failed for partner-terminal");
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(126);
        const int null_in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        const int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        const int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (null_in < 0 || out < 0 || err < 0) ::_exit(126);
        if (::dup2(null_in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) ::_exit(126);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    kiosk_pid_ = pid;
}

void KioskFixture::kill_kiosk() {
    REQUIRE_MESSAGE(kiosk_pid_ > 0, "the kiosk is not running");
    ::kill(kiosk_pid_, SIGKILL);
    (void)reap(kiosk_pid_, Millis(10'000));
    kiosk_pid_ = -1;
}

void KioskFixture::restart_kiosk() {
    REQUIRE_MESSAGE(kiosk_pid_ <= 0, "the kiosk is still running");
    start_kiosk();
    wait_kiosk_ready();
}

std::optional<int> KioskFixture::kiosk_exited() {
    if (kiosk_pid_ <= 0) return std::nullopt;
    int status = 0;
    if (::waitpid(kiosk_pid_, &status, WNOHANG) != kiosk_pid_) return std::nullopt;
    kiosk_pid_ = -1;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

json KioskFixture::terminal_sync(const std::string& command) {
    const std::string line = quoted(TERMINAL_SYNC_BIN) + " --config " +
                             quoted(config_file_.string()) + " " + command + " 2>&1";
    int code = 0;
    const std::string out = run_capture(line, code);
    json parsed = json::parse(out, nullptr, false);
    if (code != 0 || parsed.is_discarded() || !parsed.is_object()) {
        FAIL("`terminal-sync " << command << "` failed (exit " << code << "): " << out);
    }
    return parsed;
}

json KioskFixture::outbox() {
    return terminal_sync("outbox").at("entries");
}

std::string KioskFixture::terminal_id() {
    const json status = terminal_sync("status");
    REQUIRE_MESSAGE(status.at("terminal_id").is_string(), "the kiosk is not enrolled: ", status);
    return status.at("terminal_id").get<std::string>();
}

int KioskFixture::stop_kiosk() {
    if (kiosk_pid_ <= 0) return 0;
    ::kill(kiosk_pid_, SIGTERM);
    int status = reap(kiosk_pid_, Millis(20'000));
    if (status == -1) {
        ::kill(kiosk_pid_, SIGKILL);
        (void)reap(kiosk_pid_, Millis(5'000));
    }
    kiosk_pid_ = -1;
    return status;
}

// ---- the kiosk, from the outside --------------------------------------------------------------

std::string KioskFixture::ctl(const std::string& command, int* exit_code) {
    const std::string line = quoted(PARTNER_TERMINAL_BIN) + " ctl --config " +
                             quoted(config_file_.string()) + " " + command + " 2>&1";
    int code = 0;
    std::string out = run_capture(line, code);
    if (exit_code != nullptr) *exit_code = code;
    return out;
}

int KioskFixture::ctl_command(const std::string& words, std::string* reply) {
    int code = 0;
    std::string out = ctl(words, &code);
    if (reply != nullptr) *reply = std::move(out);
    return code;
}

int KioskFixture::update_notice(const std::vector<std::string>& words, std::string* reply) {
    std::string command = "update-notice";
    for (const auto& word : words)
        command += " " + quoted(word);
    int code = 0;
    std::string out = ctl(command, &code);
    if (reply != nullptr) *reply = std::move(out);
    return code;
}

std::optional<json> KioskFixture::try_status() {
    int code = 0;
    const std::string out = ctl("status", &code);
    json parsed = json::parse(out, nullptr, false);
    if (code != 0 || parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
    last_status_ = out;
    return parsed;
}

json KioskFixture::status() {
    int code = 0;
    const std::string out = ctl("status", &code);
    const json parsed = json::parse(out, nullptr, false);
    if (code != 0 || parsed.is_discarded() || !parsed.is_object()) {
        FAIL("`ctl status` failed (exit " << code << "): " << out << "\n---- kiosk stderr\n"
                                          << kiosk_log_tail());
    }
    last_status_ = out;
    return parsed;
}

json KioskFixture::ui() {
    int code = 0;
    const std::string out = ctl("ui", &code);
    const json parsed = json::parse(out, nullptr, false);
    if (code != 0 || parsed.is_discarded() || !parsed.is_array()) {
        FAIL("`ctl ui` failed (exit " << code << "): " << out << "\n---- kiosk stderr\n"
                                      << kiosk_log_tail());
    }
    return parsed;
}

std::optional<json> KioskFixture::find_target(const json& targets, const std::string& id) {
    for (const auto& target : targets) {
        if (target.value("id", "") == id) return target;
    }
    return std::nullopt;
}

bool KioskFixture::has_target(const std::string& id) {
    const auto target = find_target(ui(), id);
    return target && target->value("enabled", false);
}

std::vector<std::string> KioskFixture::target_ids() {
    std::vector<std::string> ids;
    for (const auto& target : ui())
        ids.push_back(target.value("id", ""));
    return ids;
}

int KioskFixture::xdotool(const std::string& arguments) {
    return test::run_on_display(xvfb_->display(), "xdotool " + arguments + " >/dev/null 2>&1");
}

void KioskFixture::tap(const std::string& id) {
    const json targets = ui();
    const auto target = find_target(targets, id);
    if (!target || !target->value("enabled", false)) {
        const std::string why = target ? "it is disabled" : "it is not on screen";
        FAIL("cannot tap `" << id << "`: " << why << "\n---- targets on screen\n"
                            << targets.dump() << "\n---- status\n"
                            << last_status_);
    }
    tap_at(*target, id);
}

bool KioskFixture::try_tap(const std::string& id) {
    const auto target = find_target(ui(), id);
    if (!target || !target->value("enabled", false)) return false;
    tap_at(*target, id);
    return true;
}

void KioskFixture::tap_at(const json& target, const std::string& id) {
    const int x = target.at("x").get<int>() + target.at("w").get<int>() / 2;
    const int y = target.at("y").get<int>() + target.at("h").get<int>() / 2;
    // `mousemove --sync` waits for a motion event, which never comes when the pointer is
    // already there (a digit tapped twice): then it only clicks.
    const std::string move = pointer_ == std::pair{x, y} ? std::string()
                                                         : "mousemove --sync " + std::to_string(x) +
                                                               " " + std::to_string(y) + " ";
    REQUIRE_MESSAGE(xdotool(move + "click 1") == 0, "xdotool could not tap ", id);
    pointer_ = {x, y};
}

void KioskFixture::scan_wedge(const std::string& code) {
    // One xdotool process for the code and its Return: a second process could start later
    // than max_interkey_ms after the last character, and the scan would be typing.
    const auto script = dir_ / "scan.xdo";
    {
        std::ofstream out(script);
        out << "type --delay 5 " << code << "\nkey Return\n";
    }
    REQUIRE_MESSAGE(xdotool("- < " + quoted(script.string())) == 0, "xdotool could not type ",
                    code);
}

void KioskFixture::scan_ctl(const std::string& code) {
    int exit_code = 0;
    const std::string out = ctl("scan " + quoted(code), &exit_code);
    REQUIRE_MESSAGE(exit_code == 0, "`ctl scan ", code, "` failed: ", out);
}

void KioskFixture::scan(const std::string& code) {
    if (options_.wedge_scans) {
        scan_wedge(code);
    } else {
        scan_ctl(code);
    }
}

void KioskFixture::type_slowly(const std::string& code, Millis delay) {
    const std::string ms = std::to_string(delay.count());
    REQUIRE(xdotool("type --delay " + ms + " " + quoted(code)) == 0);
    std::this_thread::sleep_for(delay);  // the same pause before Return as between the keys
    REQUIRE(xdotool("key Return") == 0);
}

void KioskFixture::sync_now() {
    int code = 0;
    const std::string out = ctl("sync", &code);
    REQUIRE_MESSAGE(code == 0, "`ctl sync` failed: ", out);
}

bool KioskFixture::eventually(const std::function<bool()>& ok, Millis timeout) {
    const auto deadline = SteadyClock::now() + timeout;
    for (;;) {
        if (ok()) return true;
        if (SteadyClock::now() > deadline) return false;
        std::this_thread::sleep_for(kPoll);
    }
}

json KioskFixture::wait_status(const std::string& what, const std::function<bool(const json&)>& ok,
                               Millis timeout) {
    json last;
    if (eventually(
            [&] {
                last = status();
                return ok(last);
            },
            timeout)) {
        return last;
    }
    FAIL("timed out after " << timeout.count() << " ms waiting for: " << what << "\n"
                            << diagnostics());
    return last;
}

void KioskFixture::wait_until(const std::string& what, const std::function<bool()>& ok,
                              Millis timeout) {
    if (eventually(ok, timeout)) return;
    FAIL("timed out after " << timeout.count() << " ms waiting for: " << what << "\n"
                            << diagnostics());
}

void KioskFixture::wait_target(const std::string& id, Millis timeout) {
    wait_until(
        "target `" + id + "` on screen", [&] { return has_target(id); }, timeout);
}

void KioskFixture::wait_no_target(const std::string& id, Millis timeout) {
    wait_until(
        "target `" + id + "` gone from the screen",
        [&] { return !find_target(ui(), id).has_value(); }, timeout);
}

json KioskFixture::log_in(const std::string& badge, const std::optional<std::string>& pin) {
    // The operator the demo plan gives this badge: a status of the previous session must not
    // count as this login.
    static const std::map<std::string, std::string> operators = {{badge::p1_anna, "OP1"},
                                                                 {badge::p1_jonas, "OP2"},
                                                                 {"B-1003", "OP3"},
                                                                 {badge::p2_lars, "OP4"},
                                                                 {badge::p2_merle, "OP5"}};
    const auto known = operators.find(badge);
    REQUIRE_MESSAGE(known != operators.end(), "not a demo badge: ", badge);
    return log_in_with(badge, pin, known->second);
}

json KioskFixture::log_in_as(const std::string& badge, const std::string& operator_id) {
    return log_in_with(badge, std::nullopt, operator_id);
}

json KioskFixture::log_in_with(const std::string& badge, const std::optional<std::string>& pin,
                               const std::string& operator_id) {
    scan(badge);
    if (pin) {
        wait_status("the PIN pad for " + badge,
                    [](const json& s) { return s.value("session", "") == "pin_needed"; });
        wait_target("pin.1", kWait);
        for (const char digit : *pin)
            tap(std::string("pin.") + digit);
        wait_target("pin.ok");  // enabled once the digits arrived
        tap("pin.ok");
    }
    return wait_status(badge + " logged in with the partner's plan on screen", [&](const json& s) {
        if (!pin && s.value("session", "") == "pin_needed") {
            // A demo badge without PIN refused: the server got something else than the badge.
            FAIL("the kiosk asked for a PIN after the wedge scan of "
                 << badge << ": it did not take the keys as one scan of the badge (the kiosk "
                 << "log says `interrupted scan ignored` when key gaps exceeded max_interkey_ms)\n"
                 << diagnostics());
        }
        return s.value("session", "") == "logged_in" &&
               s.value("operator_id", json()) == operator_id && !s.at("work_step_ids").empty();
    });
}

void KioskFixture::log_out() {
    tap("bar.logout");
    wait_status("the login screen after logging out", [](const json& s) {
        return s.value("session", "") == "logged_out" && s.value("screen", "") == "login";
    });
}

void KioskFixture::open_detail(const std::string& work_step_id) {
    if (has_target("tile." + work_step_id)) {
        tap("tile." + work_step_id);
    } else {
        scan(work_step_id);  // the run card: opens the work step directly
    }
    wait_status("the detail of " + work_step_id, [&](const json& s) {
        return s.value("screen", "") == "work_step_detail" &&
               s.value("work_step_id", "") == work_step_id;
    });
}

std::filesystem::path KioskFixture::screenshot(const std::string& step) {
    (void)status();  // answered once the screen has settled: what is shown is drawn
    std::ostringstream name;
    name << std::setw(2) << std::setfill('0') << ++shot_number_ << "-" << step << ".png";
    const auto size = std::to_string(options_.width) + "x" + std::to_string(options_.height);
    const auto path =
        test::screenshot_dir(PT_E2E_SCREENSHOT_DIR) / options_.name / size / name.str();
    xvfb_->screenshot(path);
    return path;
}

std::string KioskFixture::kiosk_log_tail(std::size_t max_bytes) const {
    return tail_of(test::file_contents(dir_ / "kiosk.stderr"), max_bytes);
}

std::string KioskFixture::diagnostics() {
    std::ostringstream out;
    out << "---- last `ctl status`\n" << last_status_ << "\n---- targets on screen\n";
    int code = 0;
    out << tail_of(ctl("ui", &code), 3000) << "\n---- partner-terminal stderr\n"
        << kiosk_log_tail() << "\n";
    if (server_) out << server_->log_tail(2000);
    return out.str();
}

// ---- plan-server ------------------------------------------------------------------------------

void KioskFixture::stop_server() {
    REQUIRE(server_->running());
    const int exit = server_->stop();
    CHECK_MESSAGE(exit == 0, "plan-server did not exit 0 on SIGTERM\n", server_->log_tail());
}

void KioskFixture::kill_server() {
    REQUIRE(server_->running());
    server_->kill();
}

void KioskFixture::start_server(bool reachable, const std::vector<std::string>& extra_args) {
    REQUIRE_FALSE(server_->running());
    // The kiosk's port: its configured URL finds the server again. Otherwise port 0.
    test::PlanServerOptions options = server_->options();
    options.extra_args.clear();
    if (reachable) options.extra_args = {"--listen", "127.0.0.1:" + std::to_string(server_port_)};
    options.extra_args.insert(options.extra_args.end(), options_.server_args.begin(),
                              options_.server_args.end());
    options.extra_args.insert(options.extra_args.end(), extra_args.begin(), extra_args.end());
    server_ = std::make_unique<test::PlanServerProcess>(options);
    std::string last_error;
    const bool started = eventually(
        [&] {
            try {
                server_->start();
                return true;
            } catch (const std::runtime_error& error) {
                last_error = error.what();  // e.g. the port is not free again yet
                return false;
            }
        },
        Millis(10'000));
    REQUIRE_MESSAGE(started, "plan-server did not start again on port ", server_port_, ": ",
                    last_error);
}

bool KioskFixture::server_running() const {
    return server_ && server_->running();
}

std::string KioskFixture::server_url(const std::string& path) const {
    return server_->base_url() + path;
}

test::HttpResponse KioskFixture::send(const std::string& method, const std::string& url,
                                      const std::optional<std::string>& body,
                                      const std::string& bearer) {
    test::HttpRequest request;
    request.method = method;
    request.url = url;
    request.body = body;
    request.bearer = bearer;
    return http_.send(request);
}

json KioskFixture::admin(const std::string& method, const std::string& path,
                         const std::optional<json>& body) {
    const auto response = send(method, server_url(path),
                               body ? std::optional(body->dump()) : std::nullopt, admin_token_);
    if (response.status < 200 || response.status >= 300) {
        FAIL(method << " " << path << " answered " << response.status << ": " << response.body);
    }
    if (response.body.empty()) return nullptr;
    return json::parse(response.body);
}

json KioskFixture::server_events() {
    return admin("GET", "/admin/v1/events").at("events");
}

std::string KioskFixture::api_terminal_token() {
    if (!api_token_.empty()) return api_token_;
    const json code = admin("POST", "/admin/v1/enrollment_codes", json::object());
    const auto response =
        send("POST", server_url("/api/v1/terminals/enroll"),
             json{{"code", code.at("code")}, {"name", "e2e reference"}}.dump(), {});
    REQUIRE_MESSAGE(response.status == 201, "enrolling the reference terminal: ", response.body);
    api_token_ = json::parse(response.body).at("token").get<std::string>();
    return api_token_;
}

json KioskFixture::report_from_second_terminal(const std::string& type,
                                               const std::string& operator_id,
                                               const std::string& target_id, json data) {
    const json event{{"id", test::new_uuid()},
                     {"type", type},
                     {"operator_id", operator_id},
                     {"target_id", target_id},
                     {"occurred_at", test::now_rfc3339()},
                     {"data", std::move(data)}};
    const auto response = send("POST", server_url("/api/v1/events"),
                               json{{"events", json::array({event})}}.dump(), api_terminal_token());
    REQUIRE_MESSAGE(response.status == 200, "reporting from the second terminal: ", response.body);
    return json::parse(response.body).at("results").at(0);
}

PartnerPlan KioskFixture::partner_plan(const std::string& badge,
                                       const std::optional<std::string>& pin) {
    json body{{"badge", badge}};
    if (pin) body["pin"] = *pin;
    const auto login =
        send("POST", server_url("/api/v1/sessions"), body.dump(), api_terminal_token());
    REQUIRE_MESSAGE(login.status == 201, "reference login with ", badge, ": ", login.body);
    PartnerPlan out;
    out.login = json::parse(login.body);
    const auto plan = send("GET", server_url("/api/v1/plan"), std::nullopt,
                           out.login.at("token").get<std::string>());
    REQUIRE_MESSAGE(plan.status == 200, "reference plan for ", badge, ": ", plan.body);
    out.plan = json::parse(plan.body);
    return out;
}

}  // namespace pt::e2e
