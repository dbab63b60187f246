#include "platform/scanner/scan_queue.h"

#include <doctest/doctest.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace pt::scanner;
using namespace std::chrono_literals;

TEST_CASE("scan queue: FIFO order, try_pop on empty") {
    ScanQueue queue;
    CHECK_FALSE(queue.try_pop());
    queue.push({"A1", ScanSource::serial});
    queue.push({"B2", ScanSource::evdev});
    CHECK(queue.size() == 2);
    CHECK(queue.try_pop() == Scan{"A1", ScanSource::serial});
    CHECK(queue.try_pop() == Scan{"B2", ScanSource::evdev});
    CHECK_FALSE(queue.try_pop());
}

TEST_CASE("scan queue: wait_pop times out, and returns as soon as a producer pushes") {
    ScanQueue queue;
    const auto start = std::chrono::steady_clock::now();
    CHECK_FALSE(queue.wait_pop(30ms));
    CHECK(std::chrono::steady_clock::now() - start >= 30ms);

    std::thread producer([&] {
        std::this_thread::sleep_for(20ms);
        queue.push({"LATE"});
    });
    const auto waited_from = std::chrono::steady_clock::now();
    const auto scan = queue.wait_pop(5s);
    producer.join();
    REQUIRE(scan);
    CHECK(scan->code == "LATE");
    CHECK(std::chrono::steady_clock::now() - waited_from < 2s);
}

TEST_CASE("scan queue: wake callback runs on every push, outside the lock") {
    ScanQueue queue;
    int woken = 0;
    // The callback may touch the queue itself: it must not deadlock.
    queue.set_wake([&] {
        ++woken;
        CHECK(queue.size() >= 1);
    });
    queue.push({"X"});
    queue.push({"Y"});
    CHECK(woken == 2);
    queue.set_wake({});
    queue.push({"Z"});
    CHECK(woken == 2);
}

TEST_CASE("scan queue: many producers, one consumer, nothing lost or duplicated") {
    ScanQueue queue;
    constexpr int producers = 4;
    constexpr int per_producer = 500;
    std::atomic<int> wakes{0};
    queue.set_wake([&] { wakes.fetch_add(1, std::memory_order_relaxed); });
    std::vector<std::thread> threads;
    for (int p = 0; p < producers; ++p) {
        threads.emplace_back([&queue, p] {
            for (int i = 0; i < per_producer; ++i)
                queue.push({std::to_string(p) + ":" + std::to_string(i)});
        });
    }
    std::vector<int> next(producers, 0);
    int received = 0;
    while (received < producers * per_producer) {
        const auto scan = queue.wait_pop(5s);
        REQUIRE(scan);
        const auto colon = scan->code.find(':');
        const int p = std::stoi(scan->code.substr(0, colon));
        const int i = std::stoi(scan->code.substr(colon + 1));
        CHECK(i == next[static_cast<std::size_t>(p)]);  // per-producer order is kept
        next[static_cast<std::size_t>(p)] = i + 1;
        ++received;
    }
    for (auto& thread : threads)
        thread.join();
    CHECK(wakes.load() == producers * per_producer);
    CHECK_FALSE(queue.try_pop());
}
