// What the people at the terminal are told about a system update from a USB stick (product.md
// §6.4). The image's update-from-stick reports through `partner-terminal ctl update-notice …`:
// the install has begun (keep the power on, it restarts by itself), the stick holds the build
// already running, or the stick was refused. Pure: parses the control line and says how long
// the notice stays.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pt::app {

enum class UpdateState : std::uint8_t {
    installing,  ///< writing the idle slot; a reboot follows
    current,     ///< the stick holds the build this terminal runs: nothing to do
    failed,      ///< refused or failed; the running system is unchanged
};

/// `installing`, `current`, `failed`.
[[nodiscard]] std::string_view name_of(UpdateState state);

struct UpdateNotice {
    UpdateState state = UpdateState::installing;
    std::string detail;  ///< the version (installing, current) or the reason (failed)
    std::chrono::system_clock::time_point until{};
};

/// How long each notice stays unless replaced: an install is over within minutes (a reboot ends
/// it; the unit's own time limit is 30 min), the others only need reading.
[[nodiscard]] std::chrono::seconds notice_lifetime(UpdateState state);

/// The longest detail kept (a reason is one line of a log, not a document).
inline constexpr std::size_t kMaxUpdateDetail = 200;

struct UpdateNoticeCommand {
    /// Set: show this notice; unset with `ok`: clear the one shown.
    std::optional<UpdateNotice> notice;
    bool ok = false;
    std::string error;  ///< why the line was refused, when !ok
};

/// Parses the argument of `update-notice`: `installing VERSION`, `current VERSION`,
/// `failed REASON…` or `clear`. Control characters are refused; a longer detail is cut.
[[nodiscard]] UpdateNoticeCommand parse_update_notice(std::string_view argument,
                                                      std::chrono::system_clock::time_point now);

}  // namespace pt::app
