// plan-server: the reference central plan (sync-api.md) on SQLite, over HTTP.
//
//   plan-server --db FILE --listen 127.0.0.1:PORT --admin-token TOKEN [--demo]
//               [--offline-grace-days N]
//               [--tls-cert FILE --tls-key FILE] [--faults SPEC [--faults-seed N]]
//   plan-server token add|list|remove …   (token_command.h)
//   plan-server user add|passwd|remove|list …   (user_command.h)
//
// Signals: SIGTERM and SIGINT are blocked in every thread and taken by a watcher thread with
// sigwait(), which stops the HTTP server (http_server.h); main() then lets in-flight requests
// finish, closes the database and exits 0. Nothing runs inside a signal handler. SIGPIPE is
// ignored: a write to a connection the peer (or the fault mode) ended must fail with EPIPE, not end
// the server.
#include <pthread.h>

#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "sync/server/console_assets.h"
#include "sync/server/database.h"
#include "sync/server/demo_plan.h"
#include "sync/server/fault_injection.h"
#include "sync/server/http_api.h"
#include "sync/server/http_server.h"
#include "sync/server/plan_service.h"
#include "sync/server/token_command.h"
#include "sync/server/user_command.h"

namespace {

constexpr int kExitUsage = 2;
constexpr int kExitFailure = 1;

constexpr const char* kUsage =
    "usage: plan-server --db FILE --listen HOST:PORT --admin-token TOKEN [--demo]\n"
    "                   [--offline-grace-days N]\n"
    "                   [--tls-cert FILE --tls-key FILE | --secure-cookies]\n"
    "                   [--trusted-proxy ADDR]\n"
    "                   [--console DIR] [--faults SPEC [--faults-seed N]]\n"
    "       plan-server token add|list|remove ...  (see plan-server token --help)\n"
    "       plan-server user add|passwd|remove|list ...  (see plan-server user --help)\n"
    "\n"
    "The reference central plan of Partner Terminal (sync-api.md) on SQLite.\n"
    "\n"
    "  --db FILE            SQLite database (created when missing)\n"
    "  --listen HOST:PORT   address to listen on; port 0 picks a free port\n"
    "  --admin-token TOKEN  bearer token of the admin endpoints (or set\n"
    "                       PLAN_SERVER_ADMIN_TOKEN, which keeps it out of `ps`)\n"
    "  --demo               load the built-in demo plan when the database has none\n"
    "  --offline-grace-days N  accept a report only when its operator logged in online on\n"
    "                       that terminal at most N days before it (default 7, 0 to 3650)\n"
    "  --tls-cert FILE      serve HTTPS with this PEM certificate (chain)...\n"
    "  --tls-key FILE       ...and this PEM private key (both or neither)\n"
    "  --secure-cookies     the console's cookie is sent over HTTPS only (Secure,\n"
    "                       __Host-): for a TLS proxy in front of plan-server; implied\n"
    "                       by --tls-cert\n"
    "  --trusted-proxy ADDR the TLS proxy in front, at this IP address: for its requests\n"
    "                       the client is the last address of X-Forwarded-For (console\n"
    "                       sign-ins are throttled per client address)\n"
    "  --console DIR        the web console's files, served under /console/ (default\n"
    "                       ../share/plan-server/console beside the program, as the\n"
    "                       package installs it; without it no console)\n"
    "  --faults SPEC        fault mode for tests: on /api/v1/ only, inject at random\n"
    "                       drop_before=P, drop_after=P, delay=P:DURATION (200ms, 2s),\n"
    "                       status500=P, status503=P[:retry_after=N], truncate=P,\n"
    "                       comma-separated, probabilities summing to at most 1\n"
    "  --faults-seed N      seed of the fault mode's random choices (default: the time)\n"
    "  --header-timeout-ms N  close a connection whose request header is not complete\n"
    "                       within N ms (default 10000; shorter for tests)\n"
    "  --body-timeout-ms N  close a connection whose request body is not complete\n"
    "                       within N ms of its header (default 60000)\n"
    "  --max-waiting-logins N  logins that may queue for a PIN check; beyond, 503\n"
    "                       with Retry-After: 1 (default 500; two per terminal, beyond: 429)\n"
    "  --help               show this help\n"
    "  --version            show the version\n"
    "\n"
    "When ready it prints `listening on http://HOST:PORT` (https:// with TLS).\n"
    "SIGTERM or SIGINT: finish in-flight requests, close the database, exit 0.\n";

struct Arguments {
    std::string db;
    std::string host;
    int port = -1;
    std::string admin_token;
    bool demo = false;
    std::string tls_cert;
    std::string tls_key;
    bool secure_cookies = false;
    std::string trusted_proxy;
    std::string console_dir;  ///< empty: the default, which may be missing
    std::optional<pt::server::FaultSpec> faults;
    std::optional<std::uint64_t> faults_seed;
    std::chrono::seconds offline_grace = pt::plan::kDefaultOfflineGrace;
    pt::server::HttpLimits limits;
    std::size_t max_waiting_logins = 500;
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

/// A timeout option's value: whole milliseconds, 1 to 3,600,000.
std::chrono::milliseconds parse_milliseconds(std::string_view option, const std::string& text) {
    long long ms = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), ms);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size() || ms < 1 ||
        ms > 3'600'000) {
        usage_error(std::string(option) + " needs milliseconds from 1 to 3600000, not '" + text +
                    "'");
    }
    return std::chrono::milliseconds(ms);
}

std::size_t parse_count(std::string_view option, const std::string& text) {
    std::size_t count = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size() || count < 1 ||
        count > 100'000) {
        usage_error(std::string(option) + " needs a whole number from 1 to 100000, not '" + text +
                    "'");
    }
    return count;
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
        } else if (arg == "--trusted-proxy") {
            args.trusted_proxy = value();
        } else if (arg == "--console") {
            args.console_dir = value();
            if (args.console_dir.empty()) usage_error("--console needs a folder");
        } else if (arg == "--secure-cookies" && !inline_value) {
            args.secure_cookies = true;
        } else if (arg == "--tls-cert") {
            args.tls_cert = value();
        } else if (arg == "--tls-key") {
            args.tls_key = value();
        } else if (arg == "--faults") {
            try {
                args.faults = pt::server::parse_fault_spec(value());
            } catch (const pt::server::FaultSpecError& e) {
                usage_error(std::string("--faults: ") + e.what());
            }
        } else if (arg == "--offline-grace-days") {
            constexpr int kLongestGraceDays = 3650;
            const std::string text = value();
            int days = -1;
            const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), days);
            if (text.empty() || error != std::errc{} || end != text.data() + text.size() ||
                days < 0 || days > kLongestGraceDays) {
                usage_error("--offline-grace-days needs a whole number 0 to 3650, not '" + text +
                            "'");
            }
            args.offline_grace = std::chrono::days{days};
        } else if (arg == "--faults-seed") {
            const std::string text = value();
            std::uint64_t seed = 0;
            const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seed);
            if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
                usage_error("--faults-seed needs a whole number, not '" + text + "'");
            }
            args.faults_seed = seed;
        } else if (arg == "--header-timeout-ms") {
            args.limits.header_timeout = parse_milliseconds(arg, value());
        } else if (arg == "--body-timeout-ms") {
            args.limits.body_timeout = parse_milliseconds(arg, value());
        } else if (arg == "--max-waiting-logins") {
            args.max_waiting_logins = parse_count(arg, value());
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
    if (args.admin_token.starts_with(pt::server::kConsoleSessionPrefix)) {
        usage_error("the admin token may not begin with '" +
                    std::string(pt::server::kConsoleSessionPrefix) +
                    "' (the console's session tokens do)");
    }
    if (args.tls_cert.empty() != args.tls_key.empty()) {
        usage_error("--tls-cert FILE and --tls-key FILE go together");
    }
    if (args.faults_seed && !args.faults) usage_error("--faults-seed needs --faults SPEC");
    return args;
}

/// Exits with a message when `file` (the value of `option`) cannot be opened for reading.
void require_readable(const char* option, const std::string& file) {
    std::ifstream in(file);
    if (!in) {
        std::fprintf(stderr, "plan-server: cannot read %s %s: %s\n", option, file.c_str(),
                     std::strerror(errno));
        std::exit(kExitFailure);
    }
}

/// Where the package installs the console: share/plan-server/console beside bin/plan-server.
std::filesystem::path installed_console_dir() {
    std::error_code error;
    const auto program = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error) return {};
    return program.parent_path().parent_path() / "share/plan-server/console";
}

/// The console's files from --console DIR (exits when they cannot be read), or from the
/// installed folder when it is there; none otherwise (the console's pages answer 404).
pt::server::ConsoleAssets load_console(const Arguments& args) {
    const bool chosen = !args.console_dir.empty();
    const std::filesystem::path dir =
        chosen ? std::filesystem::path(args.console_dir) : installed_console_dir();
    if (!chosen && !std::filesystem::exists(dir)) {
        std::fprintf(stderr, "plan-server: no console (%s is missing)\n", dir.c_str());
        return {};
    }
    try {
        auto assets = pt::server::ConsoleAssets::load(dir);
        std::fprintf(stderr, "plan-server: console from %s (%zu files, %zu bytes)\n", dir.c_str(),
                     assets.file_count(), assets.total_bytes());
        return assets;
    } catch (const pt::server::ConsoleAssetsError& e) {
        std::fprintf(stderr, "plan-server: the console: %s\n", e.what());
        std::exit(kExitFailure);
    }
}

/// Binds the plain or the TLS server; exits with a message when the certificate or key is
/// refused or the address cannot be bound.
std::unique_ptr<pt::server::HttpServer> make_server(const Arguments& args) {
    if (!args.tls_cert.empty()) {
        require_readable("--tls-cert", args.tls_cert);
        require_readable("--tls-key", args.tls_key);
    }
    try {
        return std::make_unique<pt::server::HttpServer>(pt::server::HttpServerOptions{
            .host = args.host,
            .port = args.port,
            .tls_cert = args.tls_cert,
            .tls_key = args.tls_key,
            .limits = args.limits,
            .workers = 4,
            .max_waiting_credential_requests = args.max_waiting_logins,
            .trusted_proxy = args.trusted_proxy,
            .log = stderr,
        });
    } catch (const pt::server::HttpServerError& e) {
        std::fprintf(stderr, "plan-server: %s\n", e.what());
        std::exit(kExitFailure);
    }
}

/// Lists the demo badges that the plan being served knows (a database may hold another plan).
void print_demo_badges(pt::server::PlanService& service) {
    std::printf("demo badges:\n");
    for (const auto& demo : pt::server::demo_badges()) {
        if (!service.knows_badge(demo.badge)) continue;
        std::printf("  %-8s %-16s %s%s\n", demo.badge.c_str(), demo.operator_name.c_str(),
                    demo.partner_name.c_str(),
                    demo.pin ? (" (PIN " + *demo.pin + ")").c_str() : "");
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc >= 2 && std::string_view(argv[1]) == "token")
        return pt::server::run_token_command(argc, argv);
    if (argc >= 2 && std::string_view(argv[1]) == "user")
        return pt::server::run_user_command(argc, argv);
    const Arguments args = parse_arguments(argc, argv);
    std::signal(SIGPIPE, SIG_IGN);
    std::optional<pt::server::FaultInjector> faults;
    if (args.faults) {
        const std::uint64_t seed = args.faults_seed.value_or(static_cast<std::uint64_t>(
            std::chrono::system_clock::now().time_since_epoch().count()));
        faults.emplace(*args.faults, seed);
        std::fprintf(stderr, "plan-server: fault mode on /api/v1/: %s (--faults-seed %llu)\n",
                     args.faults->to_string().c_str(), static_cast<unsigned long long>(seed));
    }

    // Block the stop signals before any thread starts, so every thread inherits the mask and
    // only the watcher's sigwait() ever takes them. SIGUSR1 only wakes the watcher at the end.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    // Each connection is a descriptor: take all the kernel grants this process.
    pt::server::raise_open_file_limit();

    // Before the database opens: a bad certificate, a taken port or a broken console folder is
    // found at once.
    const pt::server::ConsoleAssets console = load_console(args);
    const std::unique_ptr<pt::server::HttpServer> server = make_server(args);

    std::optional<pt::server::PlanService> service;
    try {
        service.emplace(pt::server::ServiceOptions{
            .db = args.db,
            .admin_token = args.admin_token,
            .offline_grace = args.offline_grace,
            .secure_cookies = args.secure_cookies || !args.tls_cert.empty()});
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

    pt::server::HttpApi api(*service, stderr, faults ? &*faults : nullptr, &console);
    std::printf("listening on %s://%s:%d\n", args.tls_cert.empty() ? "http" : "https",
                args.host.c_str(), server->port());
    if (args.demo) print_demo_badges(*service);
    std::fflush(stdout);

    std::thread watcher([&] {
        int signal_number = 0;
        sigwait(&signals, &signal_number);
        if (signal_number == SIGUSR1) return;  // main() is finishing on its own
        std::fprintf(stderr, "plan-server: %s received, stopping\n",
                     signal_number == SIGTERM ? "SIGTERM" : "SIGINT");
        server->stop();  // thread-safe; also when the signal came before run()
    });

    server->run(api);  // returns once stopped and the answers in flight are sent
    pthread_kill(watcher.native_handle(), SIGUSR1);
    watcher.join();
    service.reset();  // closes the database after the last request finished
    std::fprintf(stderr, "plan-server: stopped\n");
    return 0;
}
