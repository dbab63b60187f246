#include "platform/systemd/watchdog.h"

#include <systemd/sd-daemon.h>

#include <string>

namespace pt::platform {

Watchdog::Watchdog() {
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
        // Pet at half the interval: one slow frame must not cost the kiosk a restart.
        interval_ = std::chrono::milliseconds(usec / 2000);
    }
}

void Watchdog::ready() {
    sd_notify(0, "READY=1");
}

void Watchdog::kick(std::chrono::steady_clock::time_point now) {
    if (!interval_ || now - last_ < *interval_) return;
    last_ = now;
    sd_notify(0, "WATCHDOG=1");
}

void Watchdog::status(std::string_view text) {
    const std::string line = "STATUS=" + std::string(text);
    sd_notify(0, line.c_str());
}

void Watchdog::stopping() {
    sd_notify(0, "STOPPING=1");
}

void Watchdog::restarting_in_place() {
    sd_notify(0, "RELOADING=1\nSTATUS=starting with the new configuration");
}

}  // namespace pt::platform
