// partner-terminal: the kiosk (issue #4).
//
//   partner-terminal --config FILE [--windowed WxH]   run the kiosk (fullscreen by default);
//       without FILE, the set-up screen first: it writes FILE from a scanned provisioning
//       barcode or typed values, then the kiosk starts with it
//   partner-terminal ctl --config FILE COMMAND [ARG]  talk to the running kiosk:
//       status       JSON: screen, operator, partner, connectivity, outbox, ids shown
//       ui           JSON: every touch target on screen (id, label, x, y, w, h, enabled)
//       scan CODE    as if CODE was scanned
//       sync         sync now
//       frames N     draw N frames back to back; JSON: CPU and wall time per frame (benchmarks)
//       update-notice confirm VERSION | installing VERSION | current VERSION |
//       failed REASON [ARGUMENT...] | clear
//                    the banner about a system update from a USB stick (update-from-stick)
//   partner-terminal --version | --help
#include <malloc.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "firmware/config/provisioning.h"
#include "firmware/config/terminal_config.h"
#include "firmware/kiosk/control_socket.h"
#include "firmware/kiosk/kiosk_loop.h"
#include "firmware/kiosk/provisioning_loop.h"
#include "firmware/kiosk/terminal_app.h"

namespace {

constexpr const char* kUsage =
    "usage: partner-terminal --config FILE [--windowed WxH]\n"
    "       partner-terminal ctl --config FILE status|ui|sync|scan CODE\n"
    "       partner-terminal ctl --config FILE update-notice "
    "confirm VERSION|installing VERSION|current VERSION|failed REASON [ARGUMENT...]|clear\n"
    "       partner-terminal --version | --help\n";

// Translations live in share/partner-terminal/translations next to the program: ../share from
// /usr/bin and from a build tree's bin/, then further up. PT_TRANSLATIONS_DIR overrides.
std::filesystem::path find_translations() {
    if (const char* dir = std::getenv("PT_TRANSLATIONS_DIR"); dir != nullptr && *dir != '\0')
        return dir;
    std::error_code error;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
    std::vector<std::filesystem::path> candidates;
    if (!error) {
        for (auto dir = exe.parent_path(); !dir.empty() && dir != dir.root_path();
             dir = dir.parent_path()) {
            candidates.push_back(dir / "share/partner-terminal/translations");
            candidates.push_back(dir.parent_path() / "share/partner-terminal/translations");
        }
    }
    candidates.emplace_back("/usr/share/partner-terminal/translations");
    for (const auto& candidate : candidates) {
        if (std::filesystem::is_regular_file(candidate / "en.toml", error)) return candidate;
    }
    return "/usr/share/partner-terminal/translations";
}

bool parse_size(const char* text, std::pair<int, int>& size) {
    int w = 0;
    int h = 0;
    char extra = 0;
    // NOLINTNEXTLINE(cert-err34-c): two fields and nothing after them, then the bounds.
    if (std::sscanf(text, "%dx%d%c", &w, &h, &extra) != 2 || w < 320 || h < 240 || w > 16384 ||
        h > 16384) {
        return false;
    }
    size = {w, h};
    return true;
}

/// What the kiosk makes of its configuration file: the configuration, or why it cannot be
/// used (and where the set-up screen then keeps its control socket).
struct StartConfig {
    pt::config::TerminalConfig config;
    std::string problem;             ///< empty: usable
    std::filesystem::path data_dir;  ///< the socket's directory when not usable; empty: default
};

/// Loads and checks the configuration as the kiosk will use it: the file's own rules, then the
/// transport's (a CA file that is gone). Never throws a ConfigError.
StartConfig check_config(const std::filesystem::path& file) {
    StartConfig start;
    try {
        start.config = pt::config::load_config(file);
    } catch (const pt::config::ConfigError& error) {
        start.problem = error.what();
        return start;
    }
    if (auto problem = pt::kiosk::TerminalApp::configuration_problem(start.config)) {
        start.problem = file.string() + ": " + *problem;
        start.data_dir = start.config.data_dir;
    }
    return start;
}

int run_ctl(int argc, char** argv) {
    std::filesystem::path config_file;
    std::vector<std::string> words;
    for (int i = 2; i < argc; ++i) {
        if (std::strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
            config_file = argv[++i];
        } else {
            words.emplace_back(argv[i]);
        }
    }
    if (config_file.empty() || words.empty()) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    // One request is one line on the socket: a line break in a word would start another.
    for (const auto& word : words) {
        if (word.find_first_of("\r\n") != std::string::npos) {
            std::fputs("partner-terminal ctl: line breaks are not allowed in a command\n", stderr);
            return 2;
        }
    }
    const std::string& command = words[0];
    if (command != "status" && command != "ui" && command != "sync" && command != "scan" &&
        command != "frames" && command != "update-notice") {
        std::fprintf(stderr, "partner-terminal ctl: unknown command '%s'\n%s", command.c_str(),
                     kUsage);
        return 2;
    }
    if ((command == "scan" || command == "frames") && words.size() != 2) {
        std::fprintf(stderr, "partner-terminal ctl: %s needs one argument\n", command.c_str());
        return 2;
    }
    if (command == "update-notice" && words.size() < 2) {
        std::fprintf(stderr, "partner-terminal ctl: update-notice needs a state\n");
        return 2;
    }
    try {
        // Before provisioning the set-up screen listens where the data will live; with a
        // configuration it cannot use, where main() put it (check_config).
        std::filesystem::path data_dir = pt::config::data_dir_for(config_file);
        if (pt::config::is_provisioned(config_file)) {
            const StartConfig start = check_config(config_file);
            if (start.problem.empty()) {
                data_dir = start.config.data_dir;
            } else if (!start.data_dir.empty()) {
                data_dir = start.data_dir;
            }
        }
        // The control socket takes one line: the words after the command become its argument.
        std::string line = command;
        for (std::size_t i = 1; i < words.size(); ++i) {
            line += " " + words[i];
        }
        const std::string answer = pt::kiosk::control_request(
            pt::kiosk::control_socket_path(data_dir), line, std::chrono::seconds(30));
        std::fputs(answer.c_str(), stdout);
        return answer.starts_with("{\"error\"") ? 1 : 0;
    } catch (const pt::config::ConfigError& error) {
        std::fprintf(stderr, "partner-terminal ctl: %s\n", error.what());
        return 2;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "partner-terminal ctl: %s\n", error.what());
        return 1;
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc >= 2 && std::strcmp(argv[1], "ctl") == 0) return run_ctl(argc, argv);
    // A kiosk runs a handful of threads that allocate little; glibc's default of one malloc
    // arena per thread (up to 8 per core) only spreads that memory thin and keeps it.
    mallopt(M_ARENA_MAX, 2);

    pt::kiosk::LoopOptions options;
    options.version = PT_VERSION;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--version") {
            std::printf("partner-terminal %s\n", PT_VERSION);
            return 0;
        }
        if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (arg == "--config" && i + 1 < argc) {
            options.config_file = argv[++i];
        } else if (arg == "--windowed" && i + 1 < argc) {
            std::pair<int, int> size;
            if (!parse_size(argv[++i], size)) {
                std::fprintf(stderr, "partner-terminal: --windowed wants WxH, e.g. 1280x800\n");
                return 2;
            }
            options.windowed = size;
        } else {
            std::fprintf(stderr, "partner-terminal: unknown argument '%s'\n%s", arg.c_str(),
                         kUsage);
            return 2;
        }
    }
    if (options.config_file.empty()) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    // A freshly flashed terminal, or one whose configuration cannot be used: the technician
    // sets it up on the screen. Never an exit that systemd would only restart into the same
    // problem (a crash loop, then a reboot loop, and no screen to repair it).
    StartConfig start;
    const bool provisioned = pt::config::is_provisioned(options.config_file);
    if (provisioned) start = check_config(options.config_file);
    if (!provisioned || !start.problem.empty()) {
        if (!start.problem.empty())
            std::fprintf(stderr, "partner-terminal: %s\n", start.problem.c_str());
        const int code = pt::kiosk::run_provisioning({.config_file = options.config_file,
                                                      .windowed = options.windowed,
                                                      .translations_dir = find_translations(),
                                                      .data_dir = start.data_dir,
                                                      .problem = start.problem});
        if (code != 0 || !pt::config::is_provisioned(options.config_file) ||
            !check_config(options.config_file).problem.empty()) {
            return code;  // stopped before a usable configuration was written
        }
        // Start afresh as the configured kiosk (same process id: systemd keeps watching it).
        ::execv("/proc/self/exe", argv);
        std::fprintf(stderr, "partner-terminal: cannot restart: %s\n", std::strerror(errno));
        return 1;
    }
    options.config = std::move(start.config);
    options.translations_dir = find_translations();
    return pt::kiosk::run_kiosk(options);
}
