// What the people at the terminal are told about a system update from a USB stick (product.md
// §6.4). The image's update-from-stick reports through `partner-terminal ctl update-notice …`:
// a bundle waits for a technician to confirm it, the install has begun (keep the power on, it
// restarts by itself), the stick holds the build already running, or the stick was refused.
// Pure: parses the control line, says how long the notice stays, and confirms a waiting one.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pt::app {

enum class UpdateState : std::uint8_t {
    confirm,     ///< a bundle waits: installed only once the technician badge is scanned
    confirmed,   ///< the technician badge was scanned; update-from-stick goes on
    installing,  ///< writing the idle slot; a reboot follows
    current,     ///< the stick holds the build this terminal runs: nothing to do
    failed,      ///< refused or failed; the running system is unchanged
};

/// `confirm`, `confirmed`, `installing`, `current`, `failed`.
[[nodiscard]] std::string_view name_of(UpdateState state);

struct UpdateNotice {
    UpdateState state = UpdateState::installing;
    std::string detail;  ///< the version (installing, current) or the reason (failed)
    std::chrono::system_clock::time_point until{};
};

/// How long each notice stays unless replaced: a confirmation waits a minute (walking away
/// cancels the install), an install is over within minutes (a reboot ends it; the unit's own
/// time limit is 30 min), the others only need reading.
[[nodiscard]] std::chrono::seconds notice_lifetime(UpdateState state);

/// The whole seconds left of a notice (rounded up; 0 once over): the count-down of `confirm`.
[[nodiscard]] std::int64_t seconds_left(const UpdateNotice& notice,
                                        std::chrono::system_clock::time_point now);

/// The technician badge was scanned: a `confirm` notice still running becomes `confirmed`
/// (true); any other notice, or none, stays as it is (false).
[[nodiscard]] bool confirm_update(std::optional<UpdateNotice>& notice,
                                  std::chrono::system_clock::time_point now);

/// The longest detail kept (a reason is one line of a log, not a document).
inline constexpr std::size_t kMaxUpdateDetail = 200;

struct UpdateNoticeCommand {
    /// Set: show this notice; unset with `ok`: clear the one shown.
    std::optional<UpdateNotice> notice;
    bool ok = false;
    std::string error;  ///< why the line was refused, when !ok
};

/// Parses the argument of `update-notice`: `confirm VERSION`, `installing VERSION`,
/// `current VERSION`, `failed REASON…` or `clear`. `confirmed` is not accepted: only the
/// technician badge confirms (confirm_update). Control characters are refused; a longer detail
/// is cut.
[[nodiscard]] UpdateNoticeCommand parse_update_notice(std::string_view argument,
                                                      std::chrono::system_clock::time_point now);

}  // namespace pt::app
