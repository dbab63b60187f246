// Figures the kiosk measures about itself (`ctl status`, `ctl frames`, the technician screen's
// log): the start-up time to the first frame and the process's CPU time.
#pragma once

namespace pt::kiosk {

/// Milliseconds since the kernel started this process (/proc/self/stat `starttime` against
/// CLOCK_BOOTTIME): what "start to first frame" is measured from. -1 when unknown.
[[nodiscard]] double ms_since_process_start();

/// The CPU time this process has used, in milliseconds.
[[nodiscard]] double process_cpu_ms();

}  // namespace pt::kiosk
