#include "sync/server/token_command.h"

#include <SQLiteCpp/Statement.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/protocol/limits.h"
#include "sync/server/api_tokens.h"
#include "sync/server/command_support.h"
#include "sync/server/tokens.h"

namespace pt::server {
namespace {

constexpr const char* kTokenUsage =
    "usage: plan-server token add NAME --role admin|planner|viewer --db FILE\n"
    "       plan-server token list --db FILE\n"
    "       plan-server token remove NAME --db FILE\n"
    "\n"
    "Named API tokens for integrations and people, each with a role: viewer reads only;\n"
    "planner also changes orders, work steps, processes and reasons; admin everything.\n"
    "`add` prints the new token once on standard output; only its hash is stored. The\n"
    "database is changed directly: a running plan-server sees it within a second.\n";

int token_usage(const std::string& message) {
    std::fprintf(stderr, "plan-server token: %s\n\n%s", message.c_str(), kTokenUsage);
    return kCommandExitUsage;
}

struct TokenArguments {
    std::string action;
    std::string name;
    std::optional<Role> role;
    std::string db;
};

}  // namespace

int run_token_command(int argc, char** argv) {
    TokenArguments args;
    std::vector<std::string_view> words;
    for (int i = 2; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--help") {
            std::fputs(kTokenUsage, stdout);
            return 0;
        }
        if (arg == "--db" || arg == "--role") {
            if (i + 1 >= argc) return token_usage(std::string(arg) + " needs a value");
            const std::string value = argv[++i];
            if (arg == "--db") {
                args.db = value;
            } else if (!(args.role = role_from_name(value))) {
                return token_usage("--role is admin, planner or viewer, not '" + value + "'");
            }
        } else if (arg.starts_with("--")) {
            return token_usage("unknown option " + std::string(arg));
        } else {
            words.push_back(arg);
        }
    }
    if (words.empty()) return token_usage("add, list or remove?");
    args.action = std::string(words[0]);
    const bool named = args.action == "add" || args.action == "remove";
    if (args.action != "list" && !named) return token_usage("unknown action '" + args.action + "'");
    if (words.size() != (named ? 2U : 1U)) {
        return token_usage(named ? args.action + " takes one NAME" : "list takes no NAME");
    }
    if (named) args.name = std::string(words[1]);
    if (args.db.empty()) return token_usage("--db FILE is required");
    if (named && !protocol::is_valid_id(args.name)) {
        return token_usage("a NAME is 1 to 64 characters of A-Z a-z 0-9 . _ : -");
    }
    if (args.action == "add" && args.name == kBootstrapActor) {
        return token_usage("'" + std::string(kBootstrapActor) +
                           "' is the --admin-token's name in the audit log");
    }
    if (args.action == "add" && !args.role) return token_usage("add needs --role");
    if (args.action != "add" && args.role) return token_usage("--role is for add only");

    try {
        auto opened = open_for_command(args.db, "token");
        if (!opened) return kCommandExitFailure;
        SQLite::Database& db = *opened;
        if (args.action == "add") {
            const std::string token = random_token();
            const auto now =
                std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
            if (!api_token_table::add(db, args.name, *args.role, hash_token(token), now)) {
                std::fprintf(
                    stderr,
                    "plan-server token: the name '%s' is taken (by a token or a console user)\n",
                    args.name.c_str());
                return kCommandExitFailure;
            }
            std::printf("%s\n", token.c_str());
            std::fprintf(stderr,
                         "plan-server token: added '%s' with the role %s; the token above is "
                         "shown only now\n",
                         args.name.c_str(), std::string(name_of(*args.role)).c_str());
        } else if (args.action == "remove") {
            if (!api_token_table::remove(db, args.name)) {
                std::fprintf(stderr, "plan-server token: no token named '%s'\n", args.name.c_str());
                return kCommandExitFailure;
            }
            std::fprintf(stderr, "plan-server token: removed '%s'\n", args.name.c_str());
        } else {
            for (const ListedApiToken& token : api_token_table::list(db)) {
                std::printf("%-24s %-8s %s\n", token.name.c_str(),
                            std::string(name_of(token.role)).c_str(),
                            utc_text(token.created_at).c_str());
            }
        }
        std::fflush(stdout);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "plan-server token: %s\n", e.what());
        return kCommandExitFailure;
    }
}

}  // namespace pt::server
