// Small POSIX helpers shared by the reader threads (not part of the public API).
#pragma once

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace pt::scanner::detail {

/// Throws std::system_error for the current errno, naming `what`.
[[noreturn]] inline void throw_errno(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

/// Closes fd if open and marks it closed; never fails.
inline void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

/// Waits until `fd` is readable or the stop pipe is; returns false when stopping (or poll
/// failed for good), true when fd has data or an error condition to read.
[[nodiscard]] inline bool wait_readable(int fd, int stop_fd) {
    for (;;) {
        pollfd fds[2] = {{fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
        const int ready = ::poll(fds, 2, -1);
        if (ready < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (fds[1].revents != 0) return false;
        if (fds[0].revents != 0) return true;
    }
}

}  // namespace pt::scanner::detail
