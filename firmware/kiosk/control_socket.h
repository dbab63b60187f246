// `partner-terminal ctl`: a UNIX socket in the data directory (mode 0600, so only the kiosk's
// user and root can use it) through which someone with shell access — a technician, the e2e
// tests — asks the running app what it shows and tells it to scan or sync.
//
// Protocol: the client sends one line `COMMAND [ARGUMENT]\n`; the server answers with one JSON
// document and closes. Requests are answered on the UI thread (take() from the loop, then
// answer()), because only the UI thread knows what is on screen.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace pt::kiosk {

/// The socket's path for a data directory.
[[nodiscard]] std::filesystem::path control_socket_path(const std::filesystem::path& data_dir);

struct ControlRequest {
    std::string command;   ///< `status`, `ui`, `scan`, `sync`
    std::string argument;  ///< the code for `scan`
    std::promise<std::string> reply;
};

class ControlServer {
public:
    /// Binds the socket (replacing a stale one) and starts accepting. Throws std::system_error.
    ControlServer(std::filesystem::path path, std::function<void()> wake);
    /// Stops accepting, answers the requests still waiting with "stopping" at once (a client
    /// must not hold the exit up: the set-up screen's exit was held 30 s, past the watchdog),
    /// removes the socket file.
    ~ControlServer();
    ControlServer(const ControlServer&) = delete;
    ControlServer& operator=(const ControlServer&) = delete;

    /// The requests waiting for an answer; the caller sets each one's reply.
    [[nodiscard]] std::vector<std::unique_ptr<ControlRequest>> take();

private:
    void run();
    void serve(int client);

    std::filesystem::path path_;
    std::function<void()> wake_;
    int listen_fd_ = -1;
    int stop_pipe_[2] = {-1, -1};
    std::mutex mutex_;  // guards waiting_ and stopping_
    std::vector<std::unique_ptr<ControlRequest>> waiting_;
    bool stopping_ = false;  // set by the destructor: new requests are answered at once
    std::thread thread_;
};

/// One request line as the server reads it: the command and its argument.
struct ControlLine {
    std::string command;
    std::string argument;
};

/// Splits what a client sent (at most the first line counts) into `COMMAND [ARGUMENT]`.
/// Never fails: garbage becomes a command nobody knows, answered as such.
[[nodiscard]] ControlLine parse_control_line(std::string_view received);

/// The most frames one `ctl frames N` draws: the UI thread does nothing else meanwhile, and
/// 1000 frames stay well inside the 30 s watchdog even at 1920x1080 on a software renderer.
inline constexpr int kMaxCtlFrames = 1000;

/// N of `ctl frames N`: a whole number from 1 to kMaxCtlFrames, else nullopt. Never fails.
[[nodiscard]] std::optional<int> parse_frame_count(std::string_view argument);

/// The client side: sends `command argument` to the socket and returns the answer. Throws
/// std::runtime_error when the app is not running or does not answer within `timeout`.
[[nodiscard]] std::string control_request(const std::filesystem::path& socket,
                                          const std::string& line,
                                          std::chrono::milliseconds timeout);

}  // namespace pt::kiosk
