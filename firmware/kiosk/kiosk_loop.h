// The kiosk's main loop: one window, one UI thread. Each turn it takes scans (keyboard wedge,
// evdev, serial, `ctl scan`), input, the worker's and engine's news and control requests, draws
// a frame only when something changed, and sleeps otherwise (idle means idle, style.md §6).
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
