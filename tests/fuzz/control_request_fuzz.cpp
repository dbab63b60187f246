// What arrives on the kiosk's control socket: the request line, then the argument parsers of
// the commands that take one (`frames N`, `update-notice …`). None may fail; a frame count is
// always within 1…kMaxCtlFrames.
#include <cstdlib>

#include "firmware/app/update_notice.h"
#include "firmware/kiosk/control_socket.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const pt::kiosk::ControlLine line =
        pt::kiosk::parse_control_line(pt::fuzz::as_text(data, size));
    if (line.command.find('\n') != std::string::npos) std::abort();
    if (const auto frames = pt::kiosk::parse_frame_count(line.argument)) {
        if (*frames < 1 || *frames > pt::kiosk::kMaxCtlFrames) std::abort();
    }
    const auto notice = pt::app::parse_update_notice(
        line.argument, std::chrono::system_clock::time_point{} + std::chrono::hours(24 * 20000));
    if (!notice.ok && notice.error.empty()) std::abort();
    return 0;
}
