#include "sync/server/wal_checkpointer.h"

#include <SQLiteCpp/Database.h>

#include <cstdio>

namespace pt::server {

WalCheckpointer::WalCheckpointer(std::filesystem::path file, std::chrono::milliseconds interval)
    : file_(std::move(file)), interval_(interval), thread_([this] { run(); }) {}

WalCheckpointer::~WalCheckpointer() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void WalCheckpointer::run() {
    try {
        // The thread's own connection: no SQLite connection crosses threads.
        SQLite::Database db(file_.string(), SQLite::OPEN_READWRITE);
        db.setBusyTimeout(1000);
        std::unique_lock lock(mutex_);
        while (!stopping_) {
            wake_.wait_for(lock, interval_, [this] { return stopping_; });
            const bool last = stopping_;
            lock.unlock();
            try {
                db.exec(last ? "PRAGMA wal_checkpoint(TRUNCATE)"
                             : "PRAGMA wal_checkpoint(PASSIVE)");
            } catch (const SQLite::Exception& e) {
                std::fprintf(stderr, "plan-server: WAL checkpoint failed (will retry): %s\n",
                             e.what());
            }
            lock.lock();
        }
    } catch (const SQLite::Exception& e) {
        std::fprintf(stderr, "plan-server: WAL checkpoints stopped: %s\n", e.what());
    }
}

}  // namespace pt::server
