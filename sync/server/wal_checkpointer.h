// Moves SQLite's WAL checkpoints off the request path. Left to itself SQLite checkpoints inside
// whichever commit crosses 1,000 WAL pages, so every ~20th pull paid a checkpoint and its fsync
// (BENCHMARKS.md). The request connection runs with wal_autocheckpoint=0 instead, and this
// thread, with a connection of its own, checkpoints PASSIVE (never waiting for readers or
// writers) at a fixed interval, and TRUNCATE once more when it stops.
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

namespace pt::server {

class WalCheckpointer {
public:
    /// Starts the thread. A failed checkpoint is reported on stderr and tried again next time:
    /// the WAL then grows, nothing is lost.
    explicit WalCheckpointer(std::filesystem::path file,
                             std::chrono::milliseconds interval = std::chrono::milliseconds(500));
    /// Stops the thread after a final checkpoint.
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

private:
    void run();

    std::filesystem::path file_;
    std::chrono::milliseconds interval_;
    std::mutex mutex_;  ///< guards stopping_
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;  ///< last: starts once everything above exists
};

}  // namespace pt::server
