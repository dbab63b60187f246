#include "platform/scanner/serial_scanner.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <stdexcept>
#include <string>
#include <system_error>

#include "platform/scanner/fd_util.h"

namespace pt::scanner {
namespace {

speed_t speed_of(int baud) {
    switch (baud) {
        case 1200:
            return B1200;
        case 2400:
            return B2400;
        case 4800:
            return B4800;
        case 9600:
            return B9600;
        case 19200:
            return B19200;
        case 38400:
            return B38400;
        case 57600:
            return B57600;
        case 115200:
            return B115200;
        case 230400:
            return B230400;
        default:
            throw std::invalid_argument("scanner.serial_baud " + std::to_string(baud) +
                                        " is not a supported speed");
    }
}

}  // namespace

SerialScanner::SerialScanner(const scanner::ScannerConfig& config, ScanQueue& queue,
                             ProblemSink problems)
    : queue_(queue),
      problems_(std::move(problems)),
      device_(config.serial_device),
      splitter_(config.min_length < 0 ? 0 : static_cast<std::size_t>(config.min_length)) {
    const speed_t speed = speed_of(config.serial_baud);
    // Opened in the body, where the failure paths below close it; a throw in the initialiser
    // list would leak it.
    // NOLINTNEXTLINE(cppcoreguidelines-prefer-member-initializer)
    fd_ = ::open(device_.c_str(), O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0) detail::throw_errno("cannot open serial scanner " + device_.string());
    try {
        termios tio{};
        if (::tcgetattr(fd_, &tio) != 0)
            detail::throw_errno("not a serial port: " + device_.string());
        ::cfmakeraw(&tio);
        tio.c_cflag |= CLOCAL | CREAD;
        tio.c_cc[VMIN] = 1;
        tio.c_cc[VTIME] = 0;
        if (::cfsetispeed(&tio, speed) != 0 || ::cfsetospeed(&tio, speed) != 0 ||
            ::tcsetattr(fd_, TCSANOW, &tio) != 0) {
            detail::throw_errno("cannot configure serial scanner " + device_.string());
        }
        ::tcflush(fd_, TCIFLUSH);  // bytes from before we listened are half codes
        if (::pipe2(stop_pipe_, O_CLOEXEC | O_NONBLOCK) != 0)
            detail::throw_errno("cannot create stop pipe");
        reader_ = std::thread([this] { run(); });
    } catch (...) {
        detail::close_fd(fd_);
        detail::close_fd(stop_pipe_[0]);
        detail::close_fd(stop_pipe_[1]);
        throw;
    }
}

SerialScanner::~SerialScanner() {
    stop();
}

void SerialScanner::stop() {
    if (reader_.joinable()) {
        const char byte = 1;
        // The pipe is empty (only ever written here), so this write cannot block or fail short.
        [[maybe_unused]] const auto written = ::write(stop_pipe_[1], &byte, 1);
        reader_.join();
    }
    detail::close_fd(fd_);
    detail::close_fd(stop_pipe_[0]);
    detail::close_fd(stop_pipe_[1]);
}

void SerialScanner::run() {
    std::array<char, 512> buffer{};
    const auto report = [this](const std::string& message) {
        if (problems_) problems_(message);
    };
    while (detail::wait_readable(fd_, stop_pipe_[0])) {
        const ssize_t got = ::read(fd_, buffer.data(), buffer.size());
        if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (got <= 0) {
            // EOF or EIO: the device went away (unplugged USB adapter, closed pty).
            report("serial scanner " + device_.string() + " lost: " +
                   (got == 0 ? std::string("end of file") : std::system_category().message(errno)));
            return;
        }
        SplitResult result = splitter_.feed({buffer.data(), static_cast<std::size_t>(got)});
        for (auto& problem : result.problems)
            report(problem);
        for (auto& code : result.codes)
            queue_.push(Scan{std::move(code), ScanSource::serial});
    }
}

}  // namespace pt::scanner
