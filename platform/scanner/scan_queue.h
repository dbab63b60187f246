// One thread-safe queue that every scanner source (keyboard wedge, evdev, serial, `ctl scan`)
// pushes finished scans into, and the UI loop drains once per frame. The optional wake callback
// lets the producer threads wake a sleeping UI loop (e.g. glfwPostEmptyEvent) without this
// library knowing GLFW.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace pt::scanner {

/// Where a scan came from (for logs and diagnostics; all sources are handled alike).
enum class ScanSource { wedge, evdev, serial, control };

/// A finished scan: the code without its terminator.
struct Scan {
    std::string code;
    ScanSource source = ScanSource::wedge;
    friend bool operator==(const Scan&, const Scan&) = default;
};

/// Receives problems a reader thread cannot throw: garbage bytes, a lost device. Called on that
/// reader's thread; must be thread-safe and quick.
using ProblemSink = std::function<void(std::string_view message)>;

/// Unbounded FIFO of scans, safe for any number of producer and consumer threads.
class ScanQueue {
public:
    using WakeFn = std::function<void()>;

    /// Sets (or clears, with {}) the callback run after every push, outside the lock. Never fails.
    void set_wake(WakeFn wake) {
        std::lock_guard lock(mutex_);
        wake_ = std::move(wake);
    }

    /// Appends a scan, wakes one waiter and runs the wake callback. Fails only on allocation.
    void push(Scan scan) {
        WakeFn wake;
        {
            std::lock_guard lock(mutex_);
            scans_.push_back(std::move(scan));
            wake = wake_;  // copied so the callback runs without holding the lock
        }
        ready_.notify_one();
        if (wake) wake();
    }

    /// Takes the oldest scan if there is one; never blocks, never fails.
    [[nodiscard]] std::optional<Scan> try_pop() {
        std::lock_guard lock(mutex_);
        return pop_locked();
    }

    /// Takes the oldest scan, waiting up to `timeout` for one; nullopt when none arrived.
    [[nodiscard]] std::optional<Scan> wait_pop(std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        ready_.wait_for(lock, timeout, [this] { return !scans_.empty(); });
        return pop_locked();
    }

    /// How many scans are waiting; never fails.
    [[nodiscard]] std::size_t size() const {
        std::lock_guard lock(mutex_);
        return scans_.size();
    }

private:
    std::optional<Scan> pop_locked() {
        if (scans_.empty()) return std::nullopt;
        Scan scan = std::move(scans_.front());
        scans_.pop_front();
        return scan;
    }

    mutable std::mutex mutex_;  // guards scans_ and wake_
    std::condition_variable ready_;
    std::deque<Scan> scans_;
    WakeFn wake_;
};

}  // namespace pt::scanner
