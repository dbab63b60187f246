// The real plan-server binary as a child process on 127.0.0.1 with a port the kernel picks.
// RAII: the destructor SIGKILLs a server that is still running, and the child also dies
// with the test program (PR_SET_PDEATHSIG), so no test ever leaves a server behind.
// The child's stdout and stderr go to files in the log directory: nothing can block on a
// full pipe, and `log_tail()` shows what the server said when a test fails.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace pt::test {

/// How to start one plan-server.
struct PlanServerOptions {
    std::filesystem::path binary;   ///< the plan-server executable
    std::filesystem::path db;       ///< `--db FILE`
    std::filesystem::path log_dir;  ///< where server.stdout / server.stderr are appended
    std::string admin_token;        ///< `--admin-token TOKEN`
    bool demo = false;              ///< `--demo`
    /// `--tls-cert FILE` and `--tls-key FILE` when not empty (the server then speaks HTTPS).
    std::filesystem::path tls_cert;
    std::filesystem::path tls_key;
    /// Appended to the command line as given (e.g. `{"--faults", "drop_after=0.1"}`).
    std::vector<std::string> extra_args;
    /// How long to wait for `listening on http[s]://127.0.0.1:PORT` (generous: ASan is slow).
    std::chrono::milliseconds start_timeout{20000};
    /// How long `stop()` waits for the exit after SIGTERM.
    std::chrono::milliseconds stop_timeout{20000};
};

class PlanServerProcess {
public:
    explicit PlanServerProcess(PlanServerOptions options);
    ~PlanServerProcess();
    PlanServerProcess(const PlanServerProcess&) = delete;
    PlanServerProcess& operator=(const PlanServerProcess&) = delete;

    /// Starts the server and waits for its ready line. Throws std::runtime_error (with the
    /// server's log) when it exits early, prints no ready line in time, or is already running.
    void start();
    /// SIGTERM and wait. Returns the exit status (0 is success), 128+N when killed by signal
    /// N, or -1 when it did not exit within `stop_timeout` (it is then SIGKILLed).
    [[nodiscard]] int stop();
    /// SIGKILL and reap (a crash or power cut, as far as the server can tell).
    void kill();
    /// `stop()` then `start()` on the same database.
    [[nodiscard]] int restart();

    [[nodiscard]] bool running() const { return pid_ > 0; }
    /// The server's process id while it runs (-1 otherwise), e.g. to read /proc/PID/status.
    [[nodiscard]] pid_t pid() const { return pid_; }
    /// `http://127.0.0.1:PORT` (`https://` with TLS) of the current run (the port changes on
    /// every start).
    [[nodiscard]] const std::string& base_url() const { return base_url_; }
    [[nodiscard]] const PlanServerOptions& options() const { return options_; }
    /// The last `max_bytes` of the server's stdout and stderr, for failure messages.
    [[nodiscard]] std::string log_tail(std::size_t max_bytes = 4000) const;

private:
    /// Waits for the child to exit for at most `timeout`; returns the status as `stop()`.
    int reap(std::chrono::milliseconds timeout);

    PlanServerOptions options_;
    pid_t pid_ = -1;
    std::string base_url_;
};

}  // namespace pt::test
