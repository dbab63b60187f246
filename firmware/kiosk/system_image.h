// Which system the kiosk runs on, for the technician screen and `ctl status`: the image's
// version and the root slot it booted from (A/B updates, images/README.md). Read once at start;
// neither changes before the next boot.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace pt::kiosk {

struct SystemImage {
    std::string version;  ///< the image's version; empty when not running from an image
    std::string slot;     ///< `A` or `B` (the boot entry's `rauc.slot=`); empty when unknown
};

/// The value of `rauc.slot=` among the kernel command line's words, or "".
[[nodiscard]] std::string boot_slot_of(std::string_view kernel_command_line);

/// Reads ROOT/usr/lib/partner-terminal-image/version and ROOT/proc/cmdline; what is missing or
/// unreadable stays empty (a development machine, a test).
[[nodiscard]] SystemImage read_system_image(const std::filesystem::path& root = "/");

}  // namespace pt::kiosk
