// Decodes a scanner's evdev key events into codes (US layout), with no device involved: the
// pure half of EvdevScanner, tested with synthetic input_event sequences.
#pragma once

#include <linux/input.h>

#include <cstddef>
#include <optional>
#include <string>

#include "platform/scanner/scanner_config.h"

namespace pt::scanner {

/// The character a key makes on a US layout, or 0 when it makes none. Never fails.
[[nodiscard]] char us_key_char(unsigned code, bool shifted);

/// What one event meant: a finished code, or a problem worth logging (never both).
struct DecodeResult {
    std::optional<std::string> code;
    std::optional<std::string> problem;
};

/// Turns key presses into characters and ends a code at the terminator (KEY_ENTER /
/// KEY_KPENTER or KEY_TAB). Tracks Shift and Caps Lock. Not thread-safe.
class EvdevDecoder {
public:
    /// Takes terminator and min_length from the config; throws std::invalid_argument on a
    /// terminator other than "enter" / "tab".
    explicit EvdevDecoder(const scanner::ScannerConfig& config, std::size_t max_length = 256);

    /// Consumes one event; only EV_KEY presses and releases matter. Never fails.
    [[nodiscard]] DecodeResult feed(const input_event& event);

    /// Forgets the partial code and modifier state (after SYN_DROPPED or a lost device).
    void reset();

private:
    bool tab_terminates_ = false;
    std::size_t min_length_;
    std::size_t max_length_;
    std::string code_;
    bool left_shift_ = false;
    bool right_shift_ = false;
    bool caps_lock_ = false;
    bool overlong_ = false;
    std::size_t unknown_keys_ = 0;
};

}  // namespace pt::scanner
