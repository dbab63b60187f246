// Text the screens show for times, durations and states, in the UI's language. Pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "sync/plan/types.h"
#include "ui/i18n.h"

namespace pt::ui {

/// Between the parts of one line of facts: "PO-2026-0001  ·  Bracket  ·  850 pcs".
inline constexpr const char* kSeparator = "  \xC2\xB7  ";  // " · "

/// The translation keys of the weekdays, Sunday first (as `std::tm::tm_wday` counts).
inline constexpr const char* kDayKeys[7] = {"day.sun", "day.mon", "day.tue", "day.wed",
                                            "day.thu", "day.fri", "day.sat"};

/// `14:05` (local time of the terminal).
[[nodiscard]] std::string clock_hm(std::chrono::system_clock::time_point t);
/// `14:05:09`.
[[nodiscard]] std::string clock_hms(std::chrono::system_clock::time_point t);
/// `Mon 23.11. 14:05` — a planned start or end.
[[nodiscard]] std::string day_time(std::chrono::system_clock::time_point t, const Translations& tr);
/// `1:02:03` or `12:03` — a running clock.
[[nodiscard]] std::string duration_hms(std::chrono::seconds d);
/// `3 min ago`, `2 h ago`, `just now`.
[[nodiscard]] std::string ago(std::chrono::system_clock::time_point then,
                              std::chrono::system_clock::time_point now, const Translations& tr);
/// The translated name of a work step status (`status.open` …).
[[nodiscard]] const char* status_text(plan::WorkStepStatus status, const Translations& tr);
/// The translated name of a process status.
[[nodiscard]] const char* status_text(plan::ProcessStatus status, const Translations& tr);

}  // namespace pt::ui
