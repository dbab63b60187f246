#include "platform/scanner/evdev_scanner.h"

#include <fcntl.h>
#include <libevdev/libevdev.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

#include "platform/scanner/fd_util.h"

namespace pt::scanner {

EvdevScanner::EvdevScanner(const scanner::ScannerConfig& config, ScanQueue& queue,
                           ProblemSink problems)
    : queue_(queue),
      problems_(std::move(problems)),
      device_(config.evdev_device),
      decoder_(config) {
    // Opened in the body, where the failure paths below close it; a throw in the initialiser
    // list would leak it.
    // NOLINTNEXTLINE(cppcoreguidelines-prefer-member-initializer)
    fd_ = ::open(device_.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0) detail::throw_errno("cannot open evdev scanner " + device_.string());
    try {
        if (const int rc = libevdev_new_from_fd(fd_, &dev_); rc < 0) {
            dev_ = nullptr;
            throw std::system_error(-rc, std::generic_category(),
                                    "not an evdev device: " + device_.string());
        }
        // Exclusive: while grabbed, the scanner's keys reach no one else (no X, no console).
        if (const int rc = libevdev_grab(dev_, LIBEVDEV_GRAB); rc < 0) {
            throw std::system_error(-rc, std::generic_category(),
                                    "cannot grab evdev scanner " + device_.string());
        }
        if (::pipe2(stop_pipe_, O_CLOEXEC | O_NONBLOCK) != 0)
            detail::throw_errno("cannot create stop pipe");
        reader_ = std::thread([this] { run(); });
    } catch (...) {
        close_all();
        throw;
    }
}

EvdevScanner::~EvdevScanner() {
    stop();
}

void EvdevScanner::stop() {
    if (reader_.joinable()) {
        const char byte = 1;
        // The pipe is empty (only ever written here), so this write cannot block or fail short.
        [[maybe_unused]] const auto written = ::write(stop_pipe_[1], &byte, 1);
        reader_.join();
    }
    close_all();
}

void EvdevScanner::close_all() {
    if (dev_ != nullptr) {
        libevdev_grab(dev_, LIBEVDEV_UNGRAB);
        libevdev_free(dev_);
        dev_ = nullptr;
    }
    detail::close_fd(fd_);
    detail::close_fd(stop_pipe_[0]);
    detail::close_fd(stop_pipe_[1]);
}

void EvdevScanner::run() {
    const auto report = [this](const std::string& message) {
        if (problems_) problems_(message);
    };
    const auto handle = [&](const input_event& event) {
        DecodeResult result = decoder_.feed(event);
        if (result.problem) report(*result.problem);
        if (result.code) queue_.push(Scan{std::move(*result.code), ScanSource::evdev});
    };
    while (detail::wait_readable(fd_, stop_pipe_[0])) {
        for (;;) {
            input_event event{};
            int rc = libevdev_next_event(dev_, LIBEVDEV_READ_FLAG_NORMAL, &event);
            if (rc == LIBEVDEV_READ_STATUS_SYNC) {
                // The kernel dropped events: the code in progress is incomplete. Drain the
                // resync events so state stays right, then start over.
                report("evdev scanner " + device_.string() + ": events dropped, code discarded");
                while (rc == LIBEVDEV_READ_STATUS_SYNC)
                    rc = libevdev_next_event(dev_, LIBEVDEV_READ_FLAG_SYNC, &event);
                decoder_.reset();
                continue;
            }
            if (rc == LIBEVDEV_READ_STATUS_SUCCESS) {
                handle(event);
                continue;
            }
            if (rc == -EAGAIN) break;  // drained; wait for more
            report("evdev scanner " + device_.string() +
                   " lost: " + std::system_category().message(-rc));
            return;
        }
    }
}

}  // namespace pt::scanner
