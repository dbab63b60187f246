// Keyboard-wedge scanners type like a keyboard. This tells a scan apart from a person typing by
// timing and terminator, with no I/O and no clock of its own: the UI feeds it key events with
// their steady_clock time and calls flush() when it wakes up.
//
// The rule (ScannerConfig): a run is a sequence of characters whose every gap is
// <= max_interkey. A run followed within max_interkey by the terminator key, with at least
// min_length characters, is a Scan. Characters are held back until the run is decided, so a
// badge scanned into a PIN field never leaks digits into it.
//
// A run that ends without its terminator is ordinary typing when it is shorter than
// min_length (a person rolling two keys). When it is min_length or longer it was typed at
// scanner speed, i.e. an interrupted or terminator-less scan: it is Rejected, not typed, so
// half a badge never lands in a PIN field. People do not type min_length keys 35 ms apart.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "platform/scanner/scan_queue.h"
#include "platform/scanner/scanner_config.h"

namespace pt::scanner {

using Clock = std::chrono::steady_clock;

/// Characters that were typed by a person, for the focused field, as UTF-8. The Enter or Tab
/// key typed by a person comes as its own Typed{"\n"} / Typed{"\t"} (e.g. a PIN field's "OK").
struct Typed {
    std::string text;
    friend bool operator==(const Typed&, const Typed&) = default;
};

/// A run at scanner speed that never got its terminator (interrupted scan): log it, drop it.
struct Rejected {
    std::string text;
    friend bool operator==(const Rejected&, const Rejected&) = default;
};

/// What the classifier decided about a stretch of key events.
using WedgeOutput = std::variant<Scan, Typed, Rejected>;

/// A key as the UI sees it: a text character, or Enter / Tab.
struct KeyEvent {
    enum class Kind { character, enter, tab };
    Kind kind = Kind::character;
    char32_t character = 0;  // the Unicode code point, for Kind::character
    Clock::time_point at;

    /// A character key at time `at`.
    [[nodiscard]] static KeyEvent text(char32_t c, Clock::time_point at_time) {
        return {Kind::character, c, at_time};
    }
    /// The Enter key at time `at`.
    [[nodiscard]] static KeyEvent enter(Clock::time_point at_time) {
        return {Kind::enter, 0, at_time};
    }
    /// The Tab key at time `at`.
    [[nodiscard]] static KeyEvent tab(Clock::time_point at_time) { return {Kind::tab, 0, at_time}; }
};

/// The wedge rule, read from the `[scanner]` table.
struct WedgeRule {
    std::chrono::milliseconds max_interkey{35};
    KeyEvent::Kind terminator = KeyEvent::Kind::enter;
    std::size_t min_length = 3;

    /// The rule of a loaded config; throws std::invalid_argument on a terminator other than
    /// "enter" / "tab" or a negative min_length / max_interkey.
    [[nodiscard]] static WedgeRule from(const scanner::ScannerConfig& scanner);
};

/// Classifies key events into scans and typing. Not thread-safe: use it on the UI thread.
class WedgeClassifier {
public:
    /// A classifier holding nothing yet; never fails.
    explicit WedgeClassifier(WedgeRule rule) : rule_(rule) {}

    /// Feeds one key; returns what it decided, oldest first (often nothing). Never fails.
    [[nodiscard]] std::vector<WedgeOutput> feed(const KeyEvent& key);

    /// Releases held characters once `now` is more than max_interkey after the last key, as
    /// Typed or Rejected; returns nothing while a run may still continue. Never fails.
    [[nodiscard]] std::vector<WedgeOutput> flush(Clock::time_point now);

    /// Releases held characters at once, as if the run had timed out (focus change, a
    /// non-text key). Never fails.
    [[nodiscard]] std::vector<WedgeOutput> drain();

    /// When flush() should be called next to release held characters; nullopt when nothing is
    /// held (the UI may sleep indefinitely). Never fails.
    [[nodiscard]] std::optional<Clock::time_point> next_deadline() const;

    /// Whether characters are being held back right now. Never fails.
    [[nodiscard]] bool pending() const { return !run_.empty(); }

private:
    bool within_gap(Clock::time_point at) const;
    void end_run(std::vector<WedgeOutput>& out);

    WedgeRule rule_;
    std::string run_;            // held characters, UTF-8
    std::size_t run_chars_ = 0;  // code points in run_
    Clock::time_point last_{};
};

}  // namespace pt::scanner
