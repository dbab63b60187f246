#include "firmware/kiosk/loop_support.h"

#include <pthread.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace pt::kiosk {

StopSignals::StopSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGTERM);
    sigaddset(&set_, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
}

void StopSignals::start() {
    thread_ = std::thread([this] {
        int signal = 0;
        sigwait(&set_, &signal);
        stop_ = true;
        platform::Window::wake();
    });
}

StopSignals::~StopSignals() {
    if (!thread_.joinable()) return;
    // The thread waits for SIGTERM in sigwait (blocked everywhere else): this ends the wait,
    // not the process.
    // NOLINTNEXTLINE(bugprone-bad-signal-to-kill-thread)
    if (!stop_) pthread_kill(thread_.native_handle(), SIGTERM);
    thread_.join();
}

std::string targets_json(const ui::TouchTargets& targets) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& t : targets.snapshot()) {
        list.push_back({{"id", t.id},
                        {"label", t.label},
                        {"x", static_cast<int>(std::lround(t.x))},
                        {"y", static_cast<int>(std::lround(t.y))},
                        {"w", static_cast<int>(std::lround(t.w))},
                        {"h", static_cast<int>(std::lround(t.h))},
                        {"enabled", t.enabled}});
    }
    return list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void route_key(scanner::WedgeClassifier& wedge, const platform::WindowKey& key,
               const std::function<void(std::vector<scanner::WedgeOutput>)>& take,
               std::string& typed) {
    using Kind = platform::WindowKey::Kind;
    if (key.kind == Kind::character && key.character == U'\b') {
        take(wedge.drain());
        typed += '\b';
        return;
    }
    const scanner::KeyEvent event = key.kind == Kind::enter ? scanner::KeyEvent::enter(key.at)
                                    : key.kind == Kind::tab
                                        ? scanner::KeyEvent::tab(key.at)
                                        : scanner::KeyEvent::text(key.character, key.at);
    take(wedge.feed(event));
}

}  // namespace pt::kiosk
