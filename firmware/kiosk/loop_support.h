// What both UI loops share (the kiosk's and the set-up screen's): stopping on SIGTERM/SIGINT
// without async-signal-unsafe handlers, and the `ctl ui` answer.
#pragma once

#include <atomic>
#include <csignal>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "platform/scanner/wedge_classifier.h"
#include "platform/window/window.h"
#include "ui/touch_targets.h"

namespace pt::kiosk {

// SIGTERM and SIGINT are taken by one thread with sigwait (blocked everywhere else), which
// sets the flag and wakes the loop: nothing async-signal-unsafe runs in a handler. Construct it
// before any other thread starts, so all of them inherit the mask.
class StopSignals {
public:
    StopSignals();
    ~StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    void start();
    [[nodiscard]] bool stop_requested() const { return stop_; }

private:
    sigset_t set_{};
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

/// Every touch target now on screen as JSON (`ctl ui`): id, label, x, y, w, h, enabled.
[[nodiscard]] std::string targets_json(const ui::TouchTargets& targets);

/// One key from the window through the keyboard-wedge classifier: `take` gets its decisions
/// (scans, typing, rejected runs). Backspace is no text: what was held is released as typing and
/// the Backspace itself appended to `typed`.
void route_key(scanner::WedgeClassifier& wedge, const platform::WindowKey& key,
               const std::function<void(std::vector<scanner::WedgeOutput>)>& take,
               std::string& typed);

}  // namespace pt::kiosk
