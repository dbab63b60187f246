#include "tests/support/raw_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace pt::test {
namespace {

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left < 0 ? 0 : static_cast<int>(left);
}

/// Waits until `fd` is ready for `events`; false on timeout.
bool wait_for(int fd, short events, Clock::time_point deadline) {
    pollfd p{fd, events, 0};
    for (;;) {
        const int n = ::poll(&p, 1, remaining_ms(deadline));
        if (n > 0) return true;
        if (n == 0) return false;
        if (errno != EINTR) return false;
    }
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

std::optional<std::size_t> content_length(const std::string& head) {
    const std::string lowered = lower(head);
    const auto at = lowered.find("\r\ncontent-length:");
    if (at == std::string::npos) return std::nullopt;
    std::size_t pos = at + 17;
    while (pos < head.size() && head[pos] == ' ')
        ++pos;
    std::size_t value = 0;
    const auto [end, error] = std::from_chars(head.data() + pos, head.data() + head.size(), value);
    if (error != std::errc{}) return std::nullopt;
    return value;
}

}  // namespace

RawConnection::RawConnection(int port, std::chrono::milliseconds timeout) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    const int rc = ::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    if (rc != 0 && errno != EINPROGRESS) {
        const std::string why = std::strerror(errno);
        ::close(fd_);
        throw std::runtime_error("connect: " + why);
    }
    int error = 0;
    socklen_t length = sizeof error;
    if (!wait_for(fd_, POLLOUT, Clock::now() + timeout) ||
        ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) {
        ::close(fd_);
        throw std::runtime_error("connect to 127.0.0.1:" + std::to_string(port) +
                                 " failed: " + std::strerror(error != 0 ? error : ETIMEDOUT));
    }
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

RawConnection::~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
}

RawConnection::RawConnection(RawConnection&& other) noexcept
    : fd_(other.fd_), pending_(std::move(other.pending_)) {
    other.fd_ = -1;
}

bool RawConnection::send(std::string_view data, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!data.empty()) {
        const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
        if (n > 0) {
            data.remove_prefix(static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        static_assert(EAGAIN == EWOULDBLOCK, "Linux: one errno for a full send buffer");
        if (n < 0 && errno == EAGAIN) {
            if (!wait_for(fd_, POLLOUT, deadline)) return false;
            continue;
        }
        return false;  // EPIPE, ECONNRESET: the server closed
    }
    return true;
}

RawResponse RawConnection::read_response(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    RawResponse response;
    std::string data = std::move(pending_);
    pending_.clear();
    std::optional<std::size_t> head_end;
    std::optional<std::size_t> body_length;
    char buffer[65536];
    for (;;) {
        if (!head_end) {
            const auto end = data.find("\r\n\r\n");
            if (end != std::string::npos) {
                head_end = end + 4;
                response.head = data.substr(0, end);
                if (response.head.size() >= 12 && response.head.starts_with("HTTP/1.")) {
                    std::from_chars(response.head.data() + 9, response.head.data() + 12,
                                    response.status);
                }
                body_length = response.status == 100 ? std::optional<std::size_t>(0)
                                                     : content_length(response.head);
            }
        }
        if (head_end && body_length && data.size() >= *head_end + *body_length) {
            response.body = data.substr(*head_end, *body_length);
            pending_ = data.substr(*head_end + *body_length);
            return response;
        }
        if (!wait_for(fd_, POLLIN, deadline)) break;
        const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n > 0) {
            data.append(buffer, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        response.closed = true;  // EOF or reset
        break;
    }
    if (head_end) response.body = data.substr(*head_end);
    return response;
}

bool RawConnection::closed_within(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    char buffer[65536];
    for (;;) {
        if (!wait_for(fd_, POLLIN, deadline)) return false;
        const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n == 0) return true;
        if (n < 0 && errno != EINTR && errno != EAGAIN) return true;  // reset
    }
}

int port_of(std::string_view base_url) {
    const auto colon = base_url.rfind(':');
    int port = 0;
    if (colon != std::string_view::npos) {
        std::from_chars(base_url.data() + colon + 1, base_url.data() + base_url.size(), port);
    }
    return port;
}

std::size_t peak_rss_bytes(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
    }
    return 0;
}

void raise_open_file_limit_for_test() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace pt::test
