// systemd's service notifications (sd_notify): READY=1 once the first frame is on screen, and
// WATCHDOG=1 from the UI loop at half the WatchdogSec interval, so a hung loop gets the kiosk
// restarted. Outside systemd (no NOTIFY_SOCKET) every call does nothing.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace pt::platform {

class Watchdog {
public:
    /// Reads WATCHDOG_USEC / NOTIFY_SOCKET from the environment.
    Watchdog();
    /// Tells systemd the service is up (Type=notify).
    void ready();
    /// Pets the watchdog if due; call from the loop that must not hang. Never fails.
    void kick(std::chrono::steady_clock::time_point now);
    /// How often the loop must call kick(); nullopt when no watchdog is configured.
    [[nodiscard]] std::optional<std::chrono::milliseconds> interval() const { return interval_; }
    /// A status line systemctl shows (`STATUS=…`).
    void status(std::string_view text);
    /// Tells systemd the service is stopping.
    void stopping();
    /// Tells systemd the service restarts in place (the same process execs itself): it stays
    /// "reloading" until the new program sends READY=1, instead of being taken for stopped.
    void restarting_in_place();

private:
    std::optional<std::chrono::milliseconds> interval_;
    std::chrono::steady_clock::time_point last_{};
};

}  // namespace pt::platform
