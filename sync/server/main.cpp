// plan-server: the reference central plan (sync-api.md) on SQLite, over HTTP.
//
//   plan-server --db FILE --listen 127.0.0.1:PORT --admin-token TOKEN [--demo]
//
// Signals: SIGTERM and SIGINT are blocked in every thread and taken by a watcher thread with
// sigwait(), which stops the HTTP server; main() then lets in-flight requests finish, closes the
// database and exits 0. Nothing runs inside a signal handler.
#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>

#include "sync/server/database.h"
#include "sync/server/demo_plan.h"
#include "sync/server/http_api.h"
#include "sync/server/plan_service.h"

namespace {

constexpr int kExitUsage = 2;
constexpr int kExitFailure = 1;
constexpr std::size_t kWorkerThreads = 16;

constexpr const char* kUsage =
    "usage: plan-server --db FILE --listen HOST:PORT --admin-token TOKEN [--demo]\n"
    "\n"
    "The reference central plan of Partner Terminal (sync-api.md) on SQLite.\n"
    "\n"
    "  --db FILE            SQLite database (created when missing)\n"
    "  --listen HOST:PORT   address to listen on; port 0 picks a free port\n"
    "  --admin-token TOKEN  bearer token of the admin endpoints (or set\n"
    "                       PLAN_SERVER_ADMIN_TOKEN, which keeps it out of `ps`)\n"
    "  --demo               load the built-in demo plan when the database has none\n"
    "  --help               show this help\n"
    "  --version            show the version\n"
    "\n"
    "When ready it prints `listening on http://HOST:PORT`. SIGTERM or SIGINT: finish\n"
    "in-flight requests, close the database, exit 0.\n";

struct Arguments {
    std::string db;
    std::string host;
    int port = -1;
    std::string admin_token;
    bool demo = false;
};

[[noreturn]] void usage_error(const std::string& message) {
    std::fprintf(stderr, "plan-server: %s\n(see plan-server --help)\n", message.c_str());
    std::exit(kExitUsage);
}

std::pair<std::string, int> parse_listen(std::string_view text) {
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
        usage_error("--listen needs HOST:PORT, not '" + std::string(text) + "'");
    }
    const std::string_view port_text = text.substr(colon + 1);
    int port = -1;
    const auto [end, error] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (error != std::errc{} || end != port_text.data() + port_text.size() || port < 0 ||
        port > 65535) {
        usage_error("--listen has an invalid port '" + std::string(port_text) + "'");
    }
    return {std::string(text.substr(0, colon)), port};
}

Arguments parse_arguments(int argc, char** argv) {
    Arguments args;
    bool have_listen = false;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        std::optional<std::string_view> inline_value;
        if (const auto eq = arg.find('=');
            arg.rfind("--", 0) == 0 && eq != std::string_view::npos) {
            inline_value = arg.substr(eq + 1);
            arg = arg.substr(0, eq);
        }
        const auto value = [&]() -> std::string {
            if (inline_value) return std::string(*inline_value);
            if (i + 1 >= argc) usage_error(std::string(arg) + " needs a value");
            return argv[++i];
        };
        if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            std::exit(0);
        } else if (arg == "--version") {
            std::printf("plan-server %s\n", PT_VERSION);
            std::exit(0);
        } else if (arg == "--db") {
            args.db = value();
        } else if (arg == "--listen") {
            std::tie(args.host, args.port) = parse_listen(value());
            have_listen = true;
        } else if (arg == "--admin-token") {
            args.admin_token = value();
        } else if (arg == "--demo" && !inline_value) {
            args.demo = true;
        } else {
            usage_error("unknown argument '" + std::string(argv[i]) + "'");
        }
    }
    if (args.admin_token.empty()) {
        if (const char* env = std::getenv("PLAN_SERVER_ADMIN_TOKEN")) args.admin_token = env;
    }
    if (args.db.empty()) usage_error("--db FILE is required");
    if (!have_listen) usage_error("--listen HOST:PORT is required");
    if (args.admin_token.empty()) {
        usage_error("--admin-token TOKEN (or PLAN_SERVER_ADMIN_TOKEN) is required");
    }
    return args;
}

/// Lists the demo badges that the plan being served knows (a database may hold another plan).
void print_demo_badges(pt::server::PlanService& service) {
    std::set<std::string> badges;
    for (const auto& partner : service.dataset().partners) {
        for (const auto& op : partner.operators)
            badges.insert(op.badge);
    }
    std::printf("demo badges:\n");
    for (const auto& demo : pt::server::demo_badges()) {
        if (!badges.contains(demo.badge)) continue;
        std::printf("  %-8s %-16s %s%s\n", demo.badge.c_str(), demo.operator_name.c_str(),
                    demo.partner_name.c_str(),
                    demo.pin ? (" (PIN " + *demo.pin + ")").c_str() : "");
    }
}

}  // namespace

int main(int argc, char** argv) {
    const Arguments args = parse_arguments(argc, argv);

    // Block the stop signals before any thread starts, so every thread inherits the mask and
    // only the watcher's sigwait() ever takes them. SIGUSR1 only wakes the watcher at the end.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    std::optional<pt::server::PlanService> service;
    try {
        service.emplace(pt::server::ServiceOptions{.db = args.db, .admin_token = args.admin_token});
        if (args.demo && !service->has_dataset()) {
            const auto now =
                std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
            if (auto error = service->replace_dataset(pt::server::make_demo_dataset(now))) {
                std::fprintf(stderr, "plan-server: the demo plan is refused: %s\n",
                             error->message.c_str());
                return kExitFailure;
            }
            std::fprintf(stderr, "plan-server: loaded the demo plan\n");
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "plan-server: %s\n", e.what());
        return kExitFailure;
    }

    httplib::Server server;
    server.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
    server.set_keep_alive_timeout(2);  // idle connections must not delay a shutdown for long
    pt::server::install_http_api(server, *service, stderr);

    int port = args.port;
    if (port == 0) {
        port = server.bind_to_any_port(args.host);
    } else if (!server.bind_to_port(args.host, port)) {
        port = -1;
    }
    if (port <= 0) {
        std::fprintf(stderr, "plan-server: cannot listen on %s:%d (address in use or invalid)\n",
                     args.host.c_str(), args.port);
        return kExitFailure;
    }
    std::printf("listening on http://%s:%d\n", args.host.c_str(), port);
    if (args.demo) print_demo_badges(*service);
    std::fflush(stdout);

    std::atomic<bool> listen_done{false};
    std::thread watcher([&] {
        int signal_number = 0;
        sigwait(&signals, &signal_number);
        if (signal_number == SIGUSR1) return;  // main() is finishing on its own
        std::fprintf(stderr, "plan-server: %s received, stopping\n",
                     signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
        // stop() only acts once listening has begun; wait for that if the signal came early.
        bool stopped = false;
        while (!listen_done) {
            if (!stopped && server.is_running()) {
                server.stop();
                stopped = true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds{5});
        }
    });

    const bool clean = server.listen_after_bind();  // returns once stopped and drained
    listen_done = true;
    pthread_kill(watcher.native_handle(), SIGUSR1);
    watcher.join();
    service.reset();  // closes the database after the last request finished
    if (!clean) {
        std::fprintf(stderr, "plan-server: the HTTP server failed\n");
        return kExitFailure;
    }
    std::fprintf(stderr, "plan-server: stopped\n");
    return 0;
}
