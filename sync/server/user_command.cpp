#include "sync/server/user_command.h"

#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/protocol/limits.h"
#include "sync/secrets/slow_hash.h"
#include "sync/server/command_support.h"
#include "sync/server/console_users.h"
#include "sync/server/tokens.h"

namespace pt::server {
namespace {

constexpr const char* kUserUsage =
    "usage: plan-server user add NAME --role admin|planner|viewer --db FILE\n"
    "       plan-server user passwd NAME --db FILE\n"
    "       plan-server user remove NAME --db FILE\n"
    "       plan-server user list --db FILE\n"
    "\n"
    "The people who sign in to the web console (/console/), each with a role: viewer reads\n"
    "only; planner also changes orders, work steps, processes and reasons; admin everything.\n"
    "`add` and `passwd` read the password from standard input (asked twice on a terminal,\n"
    "not shown): 10 to 1,024 bytes. Only its Argon2id hash is stored. `passwd` and `remove`\n"
    "end the user's console sessions. The database is changed directly: a running\n"
    "plan-server sees it within a second.\n";

int user_usage(const std::string& message) {
    std::fprintf(stderr, "plan-server user: %s\n\n%s", message.c_str(), kUserUsage);
    return kCommandExitUsage;
}

// The terminal's settings while a password is typed unseen: a Ctrl-C restores them before the
// process dies, or the shell would be left without echo.
termios g_terminal_before_prompt{};

extern "C" void restore_echo_and_die(int signal_number) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &g_terminal_before_prompt);  // async-signal-safe
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
}

/// One line of standard input without its line end; on a terminal, asked for and not echoed.
std::optional<std::string> read_line(const char* prompt) {
    const bool terminal = ::isatty(STDIN_FILENO) == 1;
    using Handler = void (*)(int);
    Handler previous_int = SIG_DFL;
    Handler previous_term = SIG_DFL;
    if (terminal) {
        std::fputs(prompt, stderr);
        std::fflush(stderr);
        ::tcgetattr(STDIN_FILENO, &g_terminal_before_prompt);
        previous_int = std::signal(SIGINT, restore_echo_and_die);
        previous_term = std::signal(SIGTERM, restore_echo_and_die);
        termios quiet = g_terminal_before_prompt;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    const bool read = static_cast<bool>(std::getline(std::cin, line));
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSANOW, &g_terminal_before_prompt);
        std::signal(SIGINT, previous_int);
        std::signal(SIGTERM, previous_term);
        std::fputs("\n", stderr);
    }
    if (!read) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

/// The new password, or nullopt after saying what is wrong with it.
std::optional<std::string> new_password() {
    auto password = read_line("Password: ");
    if (!password) {
        std::fputs("plan-server user: no password on standard input\n", stderr);
        return std::nullopt;
    }
    if (password->size() < kMinPasswordLength || password->size() > kMaxPasswordLength) {
        std::fprintf(stderr, "plan-server user: a password has %zu to %zu bytes\n",
                     kMinPasswordLength, kMaxPasswordLength);
        return std::nullopt;
    }
    if (::isatty(STDIN_FILENO) == 1) {
        const auto again = read_line("Again: ");
        if (!again || *again != *password) {
            std::fputs("plan-server user: the two passwords differ\n", stderr);
            return std::nullopt;
        }
    }
    return password;
}

}  // namespace

int run_user_command(int argc, char** argv) {
    std::string db_file;
    std::optional<Role> role;
    std::vector<std::string_view> words;
    for (int i = 2; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--help") {
            std::fputs(kUserUsage, stdout);
            return 0;
        }
        if (arg == "--db" || arg == "--role") {
            if (i + 1 >= argc) return user_usage(std::string(arg) + " needs a value");
            const std::string value = argv[++i];
            if (arg == "--db") {
                db_file = value;
            } else if (!(role = role_from_name(value))) {
                return user_usage("--role is admin, planner or viewer, not '" + value + "'");
            }
        } else if (arg.starts_with("--")) {
            return user_usage("unknown option " + std::string(arg));
        } else {
            words.push_back(arg);
        }
    }
    if (words.empty()) return user_usage("add, passwd, remove or list?");
    const std::string action(words[0]);
    const bool named = action == "add" || action == "passwd" || action == "remove";
    if (action != "list" && !named) return user_usage("unknown action '" + action + "'");
    if (words.size() != (named ? 2U : 1U)) {
        return user_usage(named ? action + " takes one NAME" : "list takes no NAME");
    }
    const std::string name = named ? std::string(words[1]) : std::string();
    if (db_file.empty()) return user_usage("--db FILE is required");
    if (named && !protocol::is_valid_id(name)) {
        return user_usage("a NAME is 1 to 64 characters of A-Z a-z 0-9 . _ : -");
    }
    if (action == "add" && name == kBootstrapActor) {
        return user_usage("'" + std::string(kBootstrapActor) +
                          "' is the --admin-token's name in the audit log");
    }
    if (action == "add" && !role) return user_usage("add needs --role");
    if (action != "add" && role) return user_usage("--role is for add only");

    try {
        init_crypto();
        auto opened = open_for_command(db_file, "user");
        if (!opened) return kCommandExitFailure;
        SQLite::Database& db = *opened;
        if (action == "add" || action == "passwd") {
            const auto password = new_password();
            if (!password) return kCommandExitFailure;
            const std::string hash = secrets::slow_hash(*password);
            const auto now =
                std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
            if (action == "add" && !console_user_table::add(db, name, *role, hash, now)) {
                std::fprintf(stderr,
                             "plan-server user: the name '%s' is taken (by a user or a token)\n",
                             name.c_str());
                return kCommandExitFailure;
            }
            if (action == "passwd" && !console_user_table::set_password(db, name, hash)) {
                std::fprintf(stderr, "plan-server user: no user named '%s'\n", name.c_str());
                return kCommandExitFailure;
            }
            std::fprintf(stderr, "plan-server user: %s '%s'%s\n",
                         action == "add" ? "added" : "new password for", name.c_str(),
                         action == "add" ? (" with the role " + std::string(name_of(*role))).c_str()
                                         : "; its console sessions end");
        } else if (action == "remove") {
            if (!console_user_table::remove(db, name)) {
                std::fprintf(stderr, "plan-server user: no user named '%s'\n", name.c_str());
                return kCommandExitFailure;
            }
            std::fprintf(stderr, "plan-server user: removed '%s'; its console sessions end\n",
                         name.c_str());
        } else {
            for (const ConsoleUser& user : console_user_table::list(db)) {
                std::printf("%-24s %-8s %s\n", user.name.c_str(),
                            std::string(name_of(user.role)).c_str(),
                            utc_text(user.created_at).c_str());
            }
        }
        std::fflush(stdout);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "plan-server user: %s\n", e.what());
        return kCommandExitFailure;
    }
}

}  // namespace pt::server
