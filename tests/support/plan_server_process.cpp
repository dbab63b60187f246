#include "tests/support/plan_server_process.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "tests/support/file_contents.h"

namespace pt::test {
namespace {

std::filesystem::path stdout_path(const PlanServerOptions& options) {
    return options.log_dir / "server.stdout";
}
std::filesystem::path stderr_path(const PlanServerOptions& options) {
    return options.log_dir / "server.stderr";
}

std::uintmax_t file_size_or_zero(const std::filesystem::path& path) {
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    return error ? 0 : size;
}

int decode_wait_status(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

}  // namespace

PlanServerProcess::PlanServerProcess(PlanServerOptions options) : options_(std::move(options)) {}

PlanServerProcess::~PlanServerProcess() {
    kill();
}

void PlanServerProcess::start() {
    if (running()) throw std::runtime_error("plan-server is already running");
    base_url_.clear();

    // Everything the child needs is prepared before fork(): after it only async-signal-safe
    // calls are allowed (the test program may have threads).
    const std::string binary = options_.binary.string();
    std::vector<std::string> args = {
        binary,        "--db",          options_.db.string(), "--listen",
        "127.0.0.1:0", "--admin-token", options_.admin_token};
    if (options_.demo) args.emplace_back("--demo");
    if (!options_.tls_cert.empty())
        args.insert(args.end(), {"--tls-cert", options_.tls_cert.string()});
    if (!options_.tls_key.empty())
        args.insert(args.end(), {"--tls-key", options_.tls_key.string()});
    args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    const std::string out_file = stdout_path(options_).string();
    const std::string err_file = stderr_path(options_).string();
    const std::uintmax_t stdout_offset = file_size_or_zero(stdout_path(options_));
    const pid_t parent = ::getpid();

    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(126);
        const int null_in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        const int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        const int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (null_in < 0 || out < 0 || err < 0) ::_exit(126);
        if (::dup2(null_in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) ::_exit(126);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    pid_ = pid;

    // The ready line may be followed by more output; only the first match counts.
    static const std::regex ready(R"(listening on (https?://127\.0\.0\.1:([0-9]+))\r?\n)");
    const auto deadline = std::chrono::steady_clock::now() + options_.start_timeout;
    for (;;) {
        const std::string output = file_contents(stdout_path(options_), stdout_offset);
        std::smatch match;
        if (std::regex_search(output, match, ready)) {
            const int port = std::stoi(match[2].str());
            if (port <= 0 || port > 65535) {
                kill();
                throw std::runtime_error("plan-server printed an impossible port: " + output);
            }
            base_url_ = match[1].str();
            return;
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("plan-server exited with status " +
                                     std::to_string(decode_wait_status(status)) +
                                     " before it was ready\n" + log_tail());
        }
        if (std::chrono::steady_clock::now() > deadline) {
            kill();
            throw std::runtime_error("plan-server printed no ready line within the timeout\n" +
                                     log_tail());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

int PlanServerProcess::stop() {
    if (!running()) return -1;
    ::kill(pid_, SIGTERM);
    const int status = reap(options_.stop_timeout);
    if (status == -1) kill();
    return status;
}

void PlanServerProcess::kill() {
    if (!running()) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
}

int PlanServerProcess::restart() {
    const int status = stop();
    start();
    return status;
}

int PlanServerProcess::reap(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        int status = 0;
        const pid_t done = ::waitpid(pid_, &status, WNOHANG);
        if (done == pid_) {
            pid_ = -1;
            return decode_wait_status(status);
        }
        if (done < 0 && errno != EINTR) {
            pid_ = -1;
            return -1;
        }
        if (std::chrono::steady_clock::now() > deadline) return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

std::string PlanServerProcess::log_tail(std::size_t max_bytes) const {
    auto tail = [max_bytes](const std::filesystem::path& path) {
        const std::string text = file_contents(path);
        return text.size() > max_bytes ? "…" + text.substr(text.size() - max_bytes) : text;
    };
    std::ostringstream out;
    out << "---- plan-server stdout (" << stdout_path(options_).string() << ")\n"
        << tail(stdout_path(options_)) << "\n---- plan-server stderr\n"
        << tail(stderr_path(options_)) << "\n----";
    return out.str();
}

}  // namespace pt::test
