// terminal-sync --config FILE COMMAND — the technicians' tool for a terminal's sync state
// (issue #3): over SSH on a device, and in tests.
#include <cstdio>
#include <cstring>
#include <string_view>

#include "firmware/config/terminal_config.h"
#include "firmware/terminal_sync/commands.h"

namespace {

constexpr const char* kUsage =
    "usage: terminal-sync --config FILE COMMAND\n"
    "\n"
    "Commands:\n"
    "  enroll   enrol with the configured enrollment_code (once)\n"
    "  status   the terminal's state as JSON: enrolment, outbox counts\n"
    "  outbox   every outbox entry as JSON, oldest first\n"
    "  sync     push the outbox now and print the sync status as JSON\n"
    "\n"
    "Exit status: 0 done, 1 failed (message on stderr), 2 bad usage or configuration.\n";

}  // namespace

int main(int argc, char** argv) {
    const char* config_file = nullptr;
    const char* command = nullptr;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (arg == "--version") {
            std::printf("terminal-sync %s\n", PT_VERSION);
            return 0;
        }
        if (arg == "--config" && i + 1 < argc) {
            config_file = argv[++i];
        } else if (command == nullptr && !arg.starts_with("-")) {
            command = argv[i];
        } else {
            std::fprintf(stderr, "terminal-sync: unexpected argument '%s'\n%s", argv[i], kUsage);
            return 2;
        }
    }
    if (config_file == nullptr || command == nullptr) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    pt::config::TerminalConfig config;
    try {
        config = pt::config::load_config(config_file);
    } catch (const pt::config::ConfigError& error) {
        std::fprintf(stderr, "terminal-sync: %s\n", error.what());
        return 2;
    }
    try {
        const std::string_view name = command;
        if (name == "enroll") return pt::terminal_sync::enroll(config);
        if (name == "status") return pt::terminal_sync::status(config);
        if (name == "outbox") return pt::terminal_sync::outbox(config);
        if (name == "sync") return pt::terminal_sync::sync(config);
        std::fprintf(stderr, "terminal-sync: unknown command '%s'\n%s", command, kUsage);
        return 2;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "terminal-sync: %s\n", error.what());
        return 1;
    }
}
