// The scanner decoders on hostile input: a serial scanner's bytes (LineSplitter), an evdev
// scanner's key events (EvdevDecoder) and keyboard-wedge keys with their timing
// (WedgeClassifier). The first byte chooses one. None may fail; codes stay within their bounds.
#include <linux/input.h>

#include <cstdlib>
#include <cstring>

#include "platform/scanner/evdev_decoder.h"
#include "platform/scanner/line_splitter.h"
#include "platform/scanner/wedge_classifier.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

constexpr std::size_t kMaxCode = 256;

void check_code(const std::string& code) {
    if (code.empty() || code.size() > kMaxCode) std::abort();
}

void serial(std::string_view bytes) {
    pt::scanner::LineSplitter splitter(3, kMaxCode);
    // In pieces, as reads deliver them: the split must not depend on where reads end.
    for (std::size_t at = 0; at < bytes.size(); at += 7) {
        for (const std::string& code : splitter.feed(bytes.substr(at, 7)).codes)
            check_code(code);
    }
}

void evdev(const std::uint8_t* data, std::size_t size) {
    pt::scanner::ScannerConfig config;
    config.terminator = size % 2 == 0 ? "enter" : "tab";
    pt::scanner::EvdevDecoder decoder(config, kMaxCode);
    for (std::size_t at = 0; at + 4 <= size; at += 4) {
        input_event event{};
        event.type = data[at] % 4 == 0 ? EV_SYN : EV_KEY;
        event.code = static_cast<std::uint16_t>(data[at + 1] | (data[at + 2] & 0x01) << 8);
        event.value = data[at + 3] % 3;  // release, press, repeat
        const auto result = decoder.feed(event);
        if (result.code) check_code(*result.code);
        if (result.code && result.problem) std::abort();
    }
}

void wedge(const std::uint8_t* data, std::size_t size) {
    pt::scanner::WedgeClassifier classifier(pt::scanner::WedgeRule{});
    auto now = pt::scanner::Clock::time_point{} + std::chrono::hours(1);
    for (std::size_t at = 0; at + 2 <= size; at += 2) {
        now += std::chrono::milliseconds(data[at] % 64);
        const std::uint8_t key = data[at + 1];
        const auto event = key == 0   ? pt::scanner::KeyEvent::enter(now)
                           : key == 1 ? pt::scanner::KeyEvent::tab(now)
                                      : pt::scanner::KeyEvent::text(key, now);
        (void)classifier.feed(event);
        if (const auto deadline = classifier.next_deadline(); deadline && *deadline < now) {
            (void)classifier.flush(now);
        }
    }
    (void)classifier.flush(now + std::chrono::seconds(1));
    if (classifier.pending()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    switch (data[0] % 3) {
        case 0:
            serial(pt::fuzz::as_text(data + 1, size - 1));
            break;
        case 1:
            evdev(data + 1, size - 1);
            break;
        default:
            wedge(data + 1, size - 1);
            break;
    }
    return 0;
}
