#include "firmware/kiosk/loop_support.h"

#include <pthread.h>

#include <nlohmann/json.hpp>

#include "platform/window/window.h"

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
    if (!stop_) pthread_kill(thread_.native_handle(), SIGTERM);  // ends its sigwait
    thread_.join();
}

std::string targets_json(const ui::TouchTargets& targets) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& t : targets.snapshot()) {
        list.push_back({{"id", t.id},
                        {"label", t.label},
                        {"x", static_cast<int>(t.x + 0.5f)},
                        {"y", static_cast<int>(t.y + 0.5f)},
                        {"w", static_cast<int>(t.w + 0.5f)},
                        {"h", static_cast<int>(t.h + 0.5f)},
                        {"enabled", t.enabled}});
    }
    return list.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace pt::kiosk
