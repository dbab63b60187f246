// The kiosk: TerminalApp's state drawn by the shell in FrameLoop (frame_loop.h), which draws a
// frame only when something changed and sleeps otherwise. Scans come from the keyboard wedge,
// the evdev and serial scanners and `ctl scan`; `ctl status|sync|update-notice` are its own
// commands besides the loop's `ui` and `frames N`.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include "firmware/config/terminal_config.h"

namespace pt::kiosk {

struct LoopOptions {
    config::TerminalConfig config;
    std::filesystem::path config_file;  ///< for messages
    std::optional<std::pair<int, int>> windowed;
    std::filesystem::path translations_dir;
    std::string version;
};

/// Runs the kiosk until SIGTERM/SIGINT (or the development window is closed); returns the
/// process exit code. Problems that stop it are printed on stderr.
[[nodiscard]] int run_kiosk(const LoopOptions& options);

}  // namespace pt::kiosk
