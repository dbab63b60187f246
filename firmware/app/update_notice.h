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
#include <vector>

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
    /// The version (confirm, confirmed, installing, current), or for `failed` a reason key and
    /// its arguments separated by spaces ("older 0.1.0 0.2.0"): the kiosk words it in its own
    /// language (texts `update.reason.KEY`).
    std::string detail;
    std::chrono::system_clock::time_point until{};
};

/// Why update-from-stick refused a stick or failed: a key of the `update.reason.*` texts with
/// the arguments its text takes.
struct UpdateFailure {
    std::string reason;
    std::vector<std::string> arguments;
};

/// The reason a `failed` notice carries; nullopt for the other states.
[[nodiscard]] std::optional<UpdateFailure> failure_of(const UpdateNotice& notice);

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

/// The longest detail taken (a version, or a reason key and its arguments).
inline constexpr std::size_t kMaxUpdateDetail = 200;

struct UpdateNoticeCommand {
    /// Set: show this notice; unset with `ok`: clear the one shown.
    std::optional<UpdateNotice> notice;
    bool ok = false;
    std::string error;  ///< why the line was refused, when !ok
};

/// Parses the argument of `update-notice`: `confirm VERSION`, `installing VERSION`,
/// `current VERSION`, `failed REASON [ARGUMENT…]` or `clear`. REASON is one of `not_fat`,
/// `bundle_count N`, `not_signed`, `failed_before`, `version_unknown`, `no_version`,
/// `older VERSION RUNNING`, `cannot_ask`, `not_confirmed`, `write_failed VERSION`, with exactly
/// its arguments. `confirmed` is not accepted: only the technician badge confirms
/// (confirm_update). A version is one word of Debian's version alphabet; anything else, or
/// more than kMaxUpdateDetail bytes, is refused.
[[nodiscard]] UpdateNoticeCommand parse_update_notice(std::string_view argument,
                                                      std::chrono::system_clock::time_point now);

}  // namespace pt::app
