#include "firmware/kiosk/control_socket.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace pt::kiosk {

std::optional<int> parse_frame_count(std::string_view argument) {
    if (argument.empty() || argument.size() > 4) return std::nullopt;
    int count = 0;
    for (const char c : argument) {
        if (c < '0' || c > '9') return std::nullopt;
        count = count * 10 + (c - '0');
    }
    if (count < 1 || count > kMaxCtlFrames) return std::nullopt;
    return count;
}
namespace {

constexpr std::size_t kMaxRequest = 4096;
constexpr auto kAnswerTimeout = std::chrono::seconds(30);

sockaddr_un address_of(const std::filesystem::path& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::string text = path.string();
    if (text.size() >= sizeof address.sun_path)
        throw std::runtime_error("control socket path too long: " + text);
    std::memcpy(address.sun_path, text.c_str(), text.size() + 1);
    return address;
}

void write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::send(fd, text.data() + done, text.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // the client went away: nothing to tell it
        done += static_cast<std::size_t>(n);
    }
}

std::string json_error(const std::string& message) {
    std::string escaped;
    for (const char c : message) {
        if (c == '"' || c == '\\') escaped += '\\';
        if (static_cast<unsigned char>(c) >= 0x20) escaped += c;
    }
    return "{\"error\": \"" + escaped + "\"}\n";
}

}  // namespace

std::filesystem::path control_socket_path(const std::filesystem::path& data_dir) {
    return data_dir / "control.sock";
}

ControlServer::ControlServer(std::filesystem::path path, std::function<void()> wake)
    : path_(std::move(path)), wake_(std::move(wake)) {
    const sockaddr_un address = address_of(path_);
    // Opened in the body, where the failure paths below close it; a throw in the initialiser
    // list would leak it.
    // NOLINTNEXTLINE(cppcoreguidelines-prefer-member-initializer)
    listen_fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) throw std::system_error(errno, std::generic_category(), "socket");
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);  // a socket left by a killed predecessor
    // Created 0600 from the start: no window in which another user could connect.
    const mode_t old_mask = ::umask(0077);
    const int bound =
        ::bind(listen_fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    ::umask(old_mask);
    if (bound != 0 || ::listen(listen_fd_, 4) != 0 || ::pipe2(stop_pipe_, O_CLOEXEC) != 0) {
        const int error = errno;
        ::close(listen_fd_);
        throw std::system_error(error, std::generic_category(), "control socket " + path_.string());
    }
    thread_ = std::thread([this] { run(); });
}

ControlServer::~ControlServer() {
    const char stop = 1;
    (void)!::write(stop_pipe_[1], &stop, 1);
    {
        // Answered before the join: serve() may be waiting on one of them.
        std::lock_guard lock(mutex_);
        stopping_ = true;
        for (auto& request : waiting_)
            request->reply.set_value(json_error("the terminal is stopping"));
        waiting_.clear();
    }
    if (thread_.joinable()) thread_.join();
    ::close(listen_fd_);
    ::close(stop_pipe_[0]);
    ::close(stop_pipe_[1]);
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
}

std::vector<std::unique_ptr<ControlRequest>> ControlServer::take() {
    std::lock_guard lock(mutex_);
    return std::exchange(waiting_, {});
}

void ControlServer::run() {
    for (;;) {
        pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (fds[1].revents != 0) return;
        if ((fds[0].revents & POLLIN) == 0) continue;
        const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) continue;
        serve(client);
        ::close(client);
    }
}

ControlLine parse_control_line(std::string_view received) {
    if (const auto end = received.find('\n'); end != std::string_view::npos) {
        received = received.substr(0, end);
    }
    const auto space = received.find(' ');
    ControlLine line{std::string(received.substr(0, space)), {}};
    if (space != std::string_view::npos) line.argument = std::string(received.substr(space + 1));
    return line;
}

void ControlServer::serve(int client) {
    // Read one line (bounded in size and time: a stuck client must not block the socket).
    std::string line;
    char buffer[512];
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (line.find('\n') == std::string::npos && line.size() < kMaxRequest) {
        pollfd fd{client, POLLIN, 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || ::poll(&fd, 1, static_cast<int>(left.count())) <= 0) break;
        const ssize_t n = ::read(client, buffer, sizeof buffer);
        if (n <= 0) break;
        line.append(buffer, static_cast<std::size_t>(n));
    }
    auto request = std::make_unique<ControlRequest>();
    ControlLine parsed = parse_control_line(line);
    request->command = std::move(parsed.command);
    request->argument = std::move(parsed.argument);
    auto answer = request->reply.get_future();
    {
        std::lock_guard lock(mutex_);
        if (stopping_) {
            write_all(client, json_error("the terminal is stopping"));
            return;
        }
        waiting_.push_back(std::move(request));
    }
    if (wake_) wake_();
    if (answer.wait_for(kAnswerTimeout) != std::future_status::ready) {
        write_all(client, json_error("the terminal did not answer in time"));
        return;
    }
    write_all(client, answer.get());
}

std::string control_request(const std::filesystem::path& socket, const std::string& line,
                            std::chrono::milliseconds timeout) {
    const sockaddr_un address = address_of(socket);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        const int error = errno;
        ::close(fd);
        throw std::runtime_error("cannot reach the running terminal at " + socket.string() + ": " +
                                 std::strerror(error));
    }
    write_all(fd, line + "\n");
    std::string answer;
    char buffer[4096];
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        pollfd pfd{fd, POLLIN, 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || ::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) {
            ::close(fd);
            throw std::runtime_error("the terminal did not answer within " +
                                     std::to_string(timeout.count()) + " ms");
        }
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        answer.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return answer;
}

}  // namespace pt::kiosk
