// What the scanners need to know (the `[scanner]` table of the terminal's configuration, read by
// firmware/config): the scanner library takes it without depending on the configuration file.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

namespace pt::scanner {

/// `[scanner]`: how scans are told apart from typing, and where scanners are attached.
struct ScannerConfig {
    /// Keyboard-wedge scanners: keys closer together than this are a scan, not typing.
    std::chrono::milliseconds max_interkey{35};
    /// The key a wedge scanner sends after a code: "enter" or "tab".
    std::string terminator = "enter";
    /// Shorter codes are ignored as noise.
    int min_length = 3;
    /// An evdev scanner grabbed exclusively (e.g. /dev/input/by-id/usb-…-event-kbd); empty: none.
    std::filesystem::path evdev_device;
    /// A serial scanner (e.g. /dev/ttyACM0) and its speed; empty: none.
    std::filesystem::path serial_device;
    int serial_baud = 9600;
};

}  // namespace pt::scanner
