// terminal-sync --config FILE COMMAND — the technicians' tool for a terminal's sync state
// (issue #3): over SSH on a device, and in tests.
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "firmware/config/terminal_config.h"
#include "firmware/terminal_sync/commands.h"

namespace {

constexpr const char* kUsage =
    "usage: terminal-sync --config FILE COMMAND\n"
    "       terminal-sync --config FILE enroll --new-code < CODE\n"
    "       terminal-sync --config FILE provision --from PROVISIONING_FILE\n"
    "       terminal-sync --version | --help\n"
    "\n"
    "Commands:\n"
    "  provision  first boot: write FILE from the provisioning file (server_url,\n"
    "             enrollment_code, [pinned_key, ca_file, language, terminal_name]), enrol,\n"
    "             delete the provisioning file. Exit 3: configured, not enrolled yet (the\n"
    "             kiosk enrols later); 4: FILE exists already, nothing changed\n"
    "  enroll   enrol with the configured enrollment_code (once)\n"
    "  enroll --new-code\n"
    "           enrol again with a new code read from standard input (a revoked\n"
    "           terminal): it keeps its id, and its pending events go out at the next sync\n"
    "  status   the terminal's state as JSON: enrolment, outbox counts\n"
    "  outbox   every outbox entry as JSON, oldest first\n"
    "  sync     push the outbox now and print the sync status as JSON\n"
    "\n"
    "Exit status: 0 done, 1 failed (message on stderr), 2 bad usage or configuration.\n";

/// One line of standard input, trimmed: an enrolment code; nullopt when empty, too long or
/// not printable ASCII.
std::optional<std::string> read_code(std::FILE* in) {
    std::string line;
    for (int c = std::fgetc(in); c != EOF && c != '\n'; c = std::fgetc(in)) {
        if (line.size() > 256) return std::nullopt;
        line.push_back(static_cast<char>(c));
    }
    while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
        line.pop_back();
    while (!line.empty() && line.front() == ' ')
        line.erase(line.begin());
    if (line.empty() || line.size() > 256) return std::nullopt;
    for (const char c : line) {
        if (c < 0x21 || c > 0x7e) return std::nullopt;
    }
    return line;
}

}  // namespace

int main(int argc, char** argv) {
    const char* config_file = nullptr;
    const char* command = nullptr;
    const char* from = nullptr;
    bool new_code = false;
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
        } else if (arg == "--new-code") {
            new_code = true;
        } else if (arg == "--from" && i + 1 < argc) {
            from = argv[++i];
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
    if (std::string_view(command) == "provision" || from != nullptr) {
        if (std::string_view(command) != "provision" || from == nullptr) {
            std::fprintf(stderr, "terminal-sync: provision needs --from FILE (and only it)\n%s",
                         kUsage);
            return 2;
        }
        try {
            return pt::terminal_sync::provision(from, config_file);
        } catch (const std::exception& error) {
            std::fprintf(stderr, "terminal-sync: %s\n", error.what());
            return 1;
        }
    }
    pt::config::TerminalConfig config;
    try {
        config = pt::config::load_config(config_file);
    } catch (const pt::config::ConfigError& error) {
        std::fprintf(stderr, "terminal-sync: %s\n", error.what());
        return 2;
    }
    if (new_code && std::string_view(command) != "enroll") {
        std::fprintf(stderr, "terminal-sync: --new-code goes with enroll only\n%s", kUsage);
        return 2;
    }
    try {
        const std::string_view name = command;
        if (name == "enroll" && new_code) {
            // From standard input, not the command line: other users can read a command line.
            const std::optional<std::string> code = read_code(stdin);
            if (!code) {
                std::fprintf(stderr,
                             "terminal-sync: --new-code reads one line of 1 to 256 printable "
                             "characters from standard input\n");
                return 2;
            }
            return pt::terminal_sync::enroll_again(config, *code);
        }
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
