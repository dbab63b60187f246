#include "tests/client/local_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace pt::client::testing {
namespace {

int bound_socket(int& port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    // The sockets API takes every address family through sockaddr*.
    auto* generic = reinterpret_cast<sockaddr*>(&address);
    socklen_t length = sizeof(address);
    if (::bind(fd, generic, sizeof(address)) != 0 || ::getsockname(fd, generic, &length) != 0) {
        ::close(fd);
        throw std::runtime_error(std::string("bind: ") + std::strerror(errno));
    }
    port = ntohs(address.sin_port);
    return fd;
}

/// Waits up to `ms` for `fd` to become readable; false on timeout.
bool readable(int fd, int ms) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, ms) > 0;
}

}  // namespace

LocalServer::LocalServer(std::string canned, Mode mode) : canned_(std::move(canned)), mode_(mode) {
    listener_ = bound_socket(port_);
    if (::listen(listener_, 16) != 0) {
        ::close(listener_);
        throw std::runtime_error(std::string("listen: ") + std::strerror(errno));
    }
    thread_ = std::thread([this] { serve(); });
}

LocalServer::~LocalServer() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
}

std::string LocalServer::url() const {
    return "http://127.0.0.1:" + std::to_string(port_);
}

std::vector<std::string> LocalServer::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

int LocalServer::unused_port() {
    int port = 0;
    ::close(bound_socket(port));
    return port;
}

void LocalServer::serve() {
    while (!stop_) {
        if (!readable(listener_, 20)) continue;
        const int connection = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (connection < 0) continue;
        handle(connection);
        ::close(connection);
    }
}

void LocalServer::handle(int connection) {
    const auto write_all = [connection](const std::string& bytes) {
        std::size_t sent = 0;
        while (sent < bytes.size()) {
            const ssize_t n =
                ::send(connection, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return;
            sent += static_cast<std::size_t>(n);
        }
    };
    if (mode_ == Mode::greet) {
        write_all(canned_);
        return;
    }
    std::string request;
    char buffer[4096];
    std::size_t wanted = std::string::npos;  // total bytes of headers + body, once known
    while (!stop_) {
        if (wanted != std::string::npos && request.size() >= wanted) break;
        if (!readable(connection, 20)) continue;
        const ssize_t n = ::recv(connection, buffer, sizeof(buffer), 0);
        if (n <= 0) break;
        request.append(buffer, static_cast<std::size_t>(n));
        const auto end = request.find("\r\n\r\n");
        if (wanted == std::string::npos && end != std::string::npos) {
            std::size_t body = 0;
            if (const auto at = request.find("Content-Length: ");
                at != std::string::npos && at < end) {
                body = std::stoul(request.substr(at + 16));
            }
            wanted = end + 4 + body;
        }
    }
    {
        std::lock_guard lock(mutex_);
        requests_.push_back(request);
    }
    if (mode_ == Mode::silent) {
        while (!stop_) {
            if (readable(connection, 20) && ::recv(connection, buffer, sizeof(buffer), 0) <= 0) {
                return;  // the client gave up
            }
        }
        return;
    }
    write_all(canned_);
}

}  // namespace pt::client::testing
