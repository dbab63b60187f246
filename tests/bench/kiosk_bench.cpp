// The kiosk's figures (issue #4 item 6), measured on the real partner-terminal in a real window
// under Xvfb (Mesa llvmpipe), against plan-server holding a plan in which the measured partner
// sees 10,000 work steps:
//   start to first frame        process start → first frame swapped and finished (ctl status)
//   scan to work list drawn     badge scan → first frame showing the partner's work steps
//   CPU per frame, classic      `ctl frames 300` on the classic table with 10,000 work steps
//   idle CPU on the login screen  utime+stime over 10 s, % of one core
//   PSS after login             /proc/PID/smaps_rollup with the 10,000 work steps loaded
// Issue 17's shop floor is on the plan: 500 of the partner's steps have 3 operators on them and
// a note each (reported by a second terminal), so the work list carries names and notes.
// Medians over 5 runs. The references (a bare ImGui window with one 10,000-row table, and a
// headless Chromium kiosk) come from ui_bench_references.sh, run next to this by
// `kiosk_bench.sh`, which prints the ratios.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "sync/protocol/protocol.h"
#include "tests/bench/plan_generator.h"
#include "tests/support/http_client.h"
#include "tests/support/plan_server_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/wire_values.h"
#include "tests/support/xvfb.h"

#ifndef PLAN_SERVER_BIN
#error "PLAN_SERVER_BIN must name the plan-server executable"
#endif
#ifndef PARTNER_TERMINAL_BIN
#error "PARTNER_TERMINAL_BIN must name the partner-terminal executable"
#endif

namespace {

using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
constexpr const char* kAdminToken = "kiosk-bench-admin-token-0123456789";
constexpr int kRuns = 5;

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values.empty() ? 0.0 : values[values.size() / 2];
}

std::string run_capture(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
    char buffer[4096];
    while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe))
        out.append(buffer, n);
    ::pclose(pipe);
    return out;
}

// One partner-terminal process on the bench's display.
class Kiosk {
public:
    Kiosk(const std::string& display, const std::filesystem::path& config,
          const std::filesystem::path& log)
        : config_(config) {
        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            ::setenv("DISPLAY", display.c_str(), 1);
            FILE* err = std::freopen(log.c_str(), "a", stderr);
            (void)err;
            ::execl(PARTNER_TERMINAL_BIN, PARTNER_TERMINAL_BIN, "--config", config.c_str(),
                    "--windowed", "1280x800", static_cast<char*>(nullptr));
            ::_exit(127);
        }
        const auto deadline = Clock::now() + 60s;
        while (Clock::now() < deadline) {
            if (!ctl("status").empty()) return;
            std::this_thread::sleep_for(20ms);
        }
        throw std::runtime_error("partner-terminal did not answer; see " + log.string());
    }
    ~Kiosk() {
        ::kill(pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
    }
    Kiosk(const Kiosk&) = delete;
    Kiosk& operator=(const Kiosk&) = delete;

    [[nodiscard]] pid_t pid() const { return pid_; }
    [[nodiscard]] std::string ctl(const std::string& command) const {
        return run_capture(std::string(PARTNER_TERMINAL_BIN) + " ctl --config " + config_.string() +
                           " " + command + " 2>/dev/null");
    }
    [[nodiscard]] Json status() const {
        const std::string text = ctl("status");
        return text.empty() ? Json() : Json::parse(text);
    }
    bool wait(const std::function<bool(const Json&)>& condition,
              std::chrono::milliseconds timeout = 120s) const {
        const auto deadline = Clock::now() + timeout;
        while (Clock::now() < deadline) {
            const Json s = status();
            if (!s.is_null() && condition(s)) return true;
            std::this_thread::sleep_for(10ms);
        }
        return false;
    }
    // Taps a touch target by id, through the X server like a finger would.
    void tap(const std::string& display, const std::string& id) const {
        for (const auto& target : Json::parse(ctl("ui"))) {
            if (target["id"] != id) continue;
            const int x = target["x"].get<int>() + target["w"].get<int>() / 2;
            const int y = target["y"].get<int>() + target["h"].get<int>() / 2;
            if (pt::test::run_on_display(display, "xdotool mousemove --sync " + std::to_string(x) +
                                                      " " + std::to_string(y) + " click 1") != 0)
                throw std::runtime_error("xdotool failed to tap " + id);
            return;
        }
        throw std::runtime_error("no touch target " + id);
    }

private:
    std::filesystem::path config_;
    pid_t pid_ = -1;
};

double cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::ostringstream read;
    read << in.rdbuf();
    const std::string text = read.str();
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string field;
    unsigned long long utime = 0;
    unsigned long long stime = 0;
    for (int i = 3; i <= 15; ++i) {
        fields >> field;
        if (i == 14) utime = std::stoull(field);
        if (i == 15) stime = std::stoull(field);
    }
    return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

double pss_mb(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/smaps_rollup");
    std::string key;
    while (in >> key) {
        if (key == "Pss:") {
            double kb = 0;
            in >> kb;
            return kb / 1024.0;
        }
        std::string rest;
        std::getline(in, rest);
    }
    return 0;
}

/// Where the PSS is: the largest mappings (by name; anonymous ones as "[anon]"), for reading
/// the figure rather than only reporting it.
void print_pss_breakdown(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/smaps");
    std::map<std::string, double> by_name;
    std::string line;
    std::string current = "[anon]";
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        if (std::isxdigit(static_cast<unsigned char>(line[0])) != 0 &&
            line.find('-') < line.find(' ')) {
            // "start-end perms offset dev inode   name"
            std::istringstream fields(line);
            std::string skip;
            for (int i = 0; i < 5; ++i)
                fields >> skip;
            std::string name;
            std::getline(fields >> std::ws, name);
            current = name.empty() ? "[anon]" : name;
        } else if (line.starts_with("Pss:")) {
            by_name[current] += std::stod(line.substr(4)) / 1024.0;
        }
    }
    std::vector<std::pair<double, std::string>> sorted;
    for (const auto& [name, mb] : by_name)
        sorted.emplace_back(mb, name);
    std::sort(sorted.rbegin(), sorted.rend());
    std::fprintf(stderr, "PSS by mapping (MB):\n");
    for (std::size_t i = 0; i < sorted.size() && i < 12; ++i)
        std::fprintf(stderr, "  %7.1f  %s\n", sorted[i].first, sorted[i].second.c_str());
}

/// The people of issue 17 on the plan: `steps` open own steps of the measured partner get its
/// three operators (a start and two joins) and a note, reported by a terminal of their own.
void put_people_on_steps(pt::test::HttpClient& http, const std::string& base,
                         const std::vector<std::string>& badges,
                         const std::vector<std::string>& operator_ids, std::size_t steps) {
    const auto code =
        Json::parse(http.post(base + "/admin/v1/enrollment_codes", "", kAdminToken).body);
    const auto enrolled = http.post(base + "/api/v1/terminals/enroll",
                                    Json{{"code", code["code"]}, {"name", "people"}}.dump());
    if (enrolled.status != 201) throw std::runtime_error("the people terminal did not enrol");
    const std::string terminal = Json::parse(enrolled.body)["token"];
    std::string session;
    for (const std::string& badge : badges) {  // R13: each reports after an online login here
        const auto login =
            http.post(base + "/api/v1/sessions", Json{{"badge", badge}}.dump(), terminal);
        if (login.status != 201) throw std::runtime_error("a people login was refused");
        if (session.empty()) session = Json::parse(login.body)["token"];
    }
    const Json plan = Json::parse(http.get(base + "/api/v1/plan", session).body);
    std::vector<Json> events;
    std::size_t taken = 0;
    for (const Json& step : plan["work_steps"]) {
        if (taken == steps) break;
        if (step["status"] != "open" || !step["feedback_allowed"].get<bool>()) continue;
        ++taken;
        const std::string id = step["id"];
        const auto event = [&](const char* type, const std::string& op, Json data) {
            events.push_back(Json{{"id", pt::test::new_uuid()},
                                  {"type", type},
                                  {"operator_id", op},
                                  {"target_id", id},
                                  {"occurred_at", pt::test::now_rfc3339()},
                                  {"data", std::move(data)}});
        };
        event("work_step.started", operator_ids[0], Json::object());
        event("work_step.joined", operator_ids[1], Json::object());
        event("work_step.joined", operator_ids[2], Json::object());
        event("work_step.note", operator_ids[0],
              Json{{"text",
                    "Übergabe: Charge " + id + " läuft, Ofen auf 180 °C, bitte nachmessen."}});
    }
    if (taken < steps) throw std::runtime_error("too few open steps for the people");
    for (std::size_t from = 0; from < events.size(); from += 1000) {
        Json batch = Json::array();
        for (std::size_t i = from; i < std::min(events.size(), from + 1000); ++i)
            batch.push_back(events[i]);
        const auto answer =
            http.post(base + "/api/v1/events", Json{{"events", batch}}.dump(), terminal);
        if (answer.status != 200) throw std::runtime_error("the people's events were refused");
        for (const Json& result : Json::parse(answer.body)["results"])
            if (result["status"] != "accepted")
                throw std::runtime_error("a people event was refused: " + result.dump());
    }
}

}  // namespace

int main() try {
    // A plan in which the measured partner sees 10,000 work steps.
    pt::bench::BenchShape shape{.partners = 20,
                                .resources = 400,
                                .orders = 10000,
                                .work_steps = 50000,
                                .processes = 2000,
                                .target_partner_visible_work_steps = 10000};
    pt::plan::Dataset dataset = pt::bench::make_bench_dataset(shape, 7);
    std::string badge;
    std::vector<std::string> badges;
    std::vector<std::string> operator_ids;
    for (auto& partner : dataset.partners) {
        if (partner.id != pt::bench::kMeasuredPartner || partner.operators.empty()) continue;
        // Three operators without a PIN, for three on a step (issue 17).
        for (int extra = 0; std::count_if(partner.operators.begin(), partner.operators.end(),
                                          [](const auto& op) { return !op.pin; }) < 3;
             ++extra) {
            partner.operators.push_back({"BENCH-OP" + std::to_string(extra),
                                         "Bench Operator " + std::to_string(extra),
                                         "BENCH-BADGE-" + std::to_string(extra), std::nullopt});
        }
        badge = partner.operators.front().badge;
        for (const auto& op : partner.operators) {
            if (op.pin) continue;  // the people terminal logs in by badge alone
            badges.push_back(op.badge);
            operator_ids.push_back(op.id);
        }
    }
    if (badge.empty()) throw std::runtime_error("the measured partner has no operator");
    if (operator_ids.size() < 3) throw std::runtime_error("the measured partner needs 3 operators");

    pt::test::TempDir dir("pt-kiosk-bench-");
    pt::test::PlanServerOptions server_options;
    server_options.binary = PLAN_SERVER_BIN;
    server_options.db = dir / "plan.db";
    server_options.log_dir = dir.path();
    server_options.admin_token = kAdminToken;
    pt::test::PlanServerProcess server(server_options);
    server.start();
    pt::test::HttpClient http;
    if (http.put(server.base_url() + "/admin/v1/dataset", pt::protocol::encode_dataset(dataset),
                 kAdminToken)
            .status != 204) {
        throw std::runtime_error("the dataset was refused");
    }
    put_people_on_steps(http, server.base_url(), badges, operator_ids, 500);
    std::printf("500 work steps with 3 operators and a note each\n");
    const auto code_answer =
        http.post(server.base_url() + "/admin/v1/enrollment_codes", "", kAdminToken);
    const std::string code = Json::parse(code_answer.body)["code"];

    const auto config = dir / "terminal.toml";
    std::ofstream(config) << "server_url = \"" << server.base_url() << "\"\n"
                          << "data_dir = \"" << (dir / "terminal").string() << "\"\n"
                          << "enrollment_code = \"" << code << "\"\n"
                          << "terminal_name = \"bench kiosk\"\n"
                          << "idle_timeout_s = 3600\n";
    pt::test::Xvfb display(1280, 800);
    const auto log = dir / "terminal.log";

    // First start: enrol, log in once, pull the 10,000 work steps into the cache.
    {
        Kiosk kiosk(display.display(), config, log);
        if (!kiosk.wait([](const Json& s) { return s["enrolled"] == true; }))
            throw std::runtime_error("the terminal did not enrol");
        (void)kiosk.ctl("scan " + badge);
        if (!kiosk.wait([](const Json& s) { return s["work_step_ids"].size() >= 10000; }))
            throw std::runtime_error("the 10,000 work steps did not arrive");
    }
    std::printf("measured partner sees 10,000 work steps; plan has %d\n", shape.work_steps);

    std::vector<double> first_frame;
    for (int run = 0; run < kRuns; ++run) {
        Kiosk kiosk(display.display(), config, log);
        kiosk.wait(
            [](const Json& s) { return !s["timings"]["start_to_first_frame_ms"].is_null(); });
        first_frame.push_back(kiosk.status()["timings"]["start_to_first_frame_ms"].get<double>());
    }

    Kiosk kiosk(display.display(), config, log);
    std::this_thread::sleep_for(3s);  // settle: first sync done, nothing pending
    // Idle on the login screen.
    const double idle_before = cpu_seconds(kiosk.pid());
    std::this_thread::sleep_for(10s);
    const double idle_percent = (cpu_seconds(kiosk.pid()) - idle_before) / 10.0 * 100.0;

    std::vector<double> scan_to_list;
    for (int run = 0; run < kRuns; ++run) {
        if (run > 0) kiosk.tap(display.display(), "bar.logout");
        kiosk.wait([](const Json& s) { return s["session"] == "logged_out"; });
        (void)kiosk.ctl("scan " + badge);
        if (!kiosk.wait([&](const Json& s) {
                return s["session"] == "logged_in" && !s["timings"]["scan_to_list_ms"].is_null() &&
                       (scan_to_list.empty() ||
                        s["timings"]["scan_to_list_ms"].get<double>() != scan_to_list.back());
            })) {
            throw std::runtime_error("no work list after the scan");
        }
        scan_to_list.push_back(kiosk.status()["timings"]["scan_to_list_ms"].get<double>());
    }
    std::this_thread::sleep_for(1s);
    const double pss = pss_mb(kiosk.pid());
    print_pss_breakdown(kiosk.pid());
    std::fprintf(stderr, "allocator: %s\n", kiosk.status()["memory"].dump().c_str());

    kiosk.tap(display.display(), "nav.workbench_classic");
    kiosk.wait([](const Json& s) { return s["screen"] == "workbench_classic"; });
    std::vector<double> classic_cpu;
    for (int run = 0; run < kRuns; ++run)
        classic_cpu.push_back(Json::parse(kiosk.ctl("frames 300"))["cpu_ms_per_frame"]);
    kiosk.tap(display.display(), "nav.workbench_terminal");
    kiosk.wait([](const Json& s) { return s["screen"] == "workbench_terminal"; });
    std::vector<double> tiles_cpu;
    for (int run = 0; run < kRuns; ++run)
        tiles_cpu.push_back(Json::parse(kiosk.ctl("frames 300"))["cpu_ms_per_frame"]);
    display.screenshot(dir / "classic.png");

    const Json result{{"start_to_first_frame_ms", median(first_frame)},
                      {"scan_to_list_ms", median(scan_to_list)},
                      {"cpu_ms_per_frame_classic_10k", median(classic_cpu)},
                      {"cpu_ms_per_frame_tiles_10k", median(tiles_cpu)},
                      {"idle_cpu_percent_login", idle_percent},
                      {"pss_mb_after_login_10k", pss}};
    // The terminal's own account of each login (network, plan load), for the record.
    std::ifstream terminal_log(log);
    for (std::string line; std::getline(terminal_log, line);) {
        if (line.find("plan loaded") != std::string::npos)
            std::fprintf(stderr, "%s\n", line.c_str());
    }
    std::printf("%s\n", result.dump().c_str());
    return 0;
} catch (const std::exception& error) {
    std::fprintf(stderr, "kiosk_bench: %s\n", error.what());
    return 1;
}
