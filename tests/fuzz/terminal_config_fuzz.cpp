// terminal.toml as the kiosk reads it at every start: parsed, or refused with ConfigError (the
// kiosk then shows the set-up screen) — never another exception, never a crash.
#include "firmware/config/terminal_config.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        (void)pt::config::parse_config(pt::fuzz::as_text(data, size), "fuzz.toml");
    } catch (const pt::config::ConfigError&) {
    }
    return 0;
}
