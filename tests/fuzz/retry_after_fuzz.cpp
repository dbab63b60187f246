// Retry-After as a server (or anything between) sends it: delay-seconds or an HTTP-date. A
// parsed delay is never negative and never beyond the saturation.
#include <cstdlib>

#include "sync/client/retry_after.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = pt::fuzz::as_text(data, size);
    const auto now = std::chrono::system_clock::time_point{} + std::chrono::hours(24 * 20000);
    if (const auto delay = pt::client::parse_retry_after(text, now)) {
        if (delay->count() < 0 || *delay > pt::client::kRetryAfterSaturation) std::abort();
    }
    (void)pt::client::parse_http_date(text);
    return 0;
}
