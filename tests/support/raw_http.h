// Raw TCP for tests and benchmarks that must misbehave as an HTTP client: send a header byte by
// byte, stop half-way through a body, declare a body and never send it, hold a connection open.
// Loopback IPv4 only; every call is bounded by a timeout, nothing blocks for ever.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pt::test {

/// What came back on a raw connection.
struct RawResponse {
    int status = 0;       ///< 0: no status line arrived
    std::string head;     ///< status line and header fields
    std::string body;     ///< as far as Content-Length says (or what arrived)
    bool closed = false;  ///< the server ended the connection after it
};

/// One connection to 127.0.0.1:PORT.
class RawConnection {
public:
    /// Connects (blocking, at most `timeout`). Throws std::runtime_error when it cannot.
    explicit RawConnection(int port, std::chrono::milliseconds timeout = std::chrono::seconds{5});
    ~RawConnection();
    RawConnection(RawConnection&& other) noexcept;
    RawConnection& operator=(RawConnection&&) = delete;
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    /// Sends all of `data` within `timeout`; false when the peer closed or the time ran out.
    bool send(std::string_view data, std::chrono::milliseconds timeout = std::chrono::seconds{5});
    /// Reads one response: the head, then the body by Content-Length; waits at most `timeout`.
    /// A `100 Continue` interim answer is returned as such (status 100).
    [[nodiscard]] RawResponse read_response(
        std::chrono::milliseconds timeout = std::chrono::seconds{5});
    /// True when the server has closed the connection (EOF or reset) within `timeout`; what
    /// it still sends is read and dropped.
    [[nodiscard]] bool closed_within(std::chrono::milliseconds timeout);
    [[nodiscard]] int fd() const { return fd_; }

private:
    int fd_ = -1;
    std::string pending_;  // read past the last response
};

/// The port of a base URL `http://127.0.0.1:PORT`.
[[nodiscard]] int port_of(std::string_view base_url);
/// A process's peak resident set (VmHWM of /proc/PID/status) in bytes; 0 when unreadable.
[[nodiscard]] std::size_t peak_rss_bytes(pid_t pid);
/// Raises this process's open-file soft limit to its hard limit (holding 1,000 connections).
void raise_open_file_limit_for_test();

}  // namespace pt::test
