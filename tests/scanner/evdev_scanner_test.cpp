#include "platform/scanner/evdev_scanner.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <libevdev/libevdev-uinput.h>
#include <libevdev/libevdev.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "platform/scanner/evdev_decoder.h"

using namespace pt::scanner;
using namespace std::chrono_literals;

namespace {

input_event key(unsigned code, int value) {
    input_event event{};
    event.type = EV_KEY;
    event.code = static_cast<decltype(event.code)>(code);
    event.value = value;
    return event;
}

input_event syn() {
    input_event event{};
    event.type = EV_SYN;
    event.code = SYN_REPORT;
    return event;
}

// Press and release of `code`, each followed by SYN_REPORT, as a real keyboard sends them.
std::vector<input_event> tap(unsigned code) {
    return {key(code, 1), syn(), key(code, 0), syn()};
}

std::vector<input_event> shifted(unsigned code) {
    return {key(KEY_LEFTSHIFT, 1), syn(), key(code, 1),          syn(),
            key(code, 0),          syn(), key(KEY_LEFTSHIFT, 0), syn()};
}

std::vector<input_event> operator+(std::vector<input_event> a, const std::vector<input_event>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

struct Decoded {
    std::vector<std::string> codes;
    std::vector<std::string> problems;
};

Decoded decode(EvdevDecoder& decoder, const std::vector<input_event>& events) {
    Decoded decoded;
    for (const auto& event : events) {
        auto result = decoder.feed(event);
        if (result.code) decoded.codes.push_back(*result.code);
        if (result.problem) decoded.problems.push_back(*result.problem);
    }
    return decoded;
}

pt::scanner::ScannerConfig config_with(const std::string& terminator, int min_length = 3) {
    pt::scanner::ScannerConfig config;
    config.terminator = terminator;
    config.min_length = min_length;
    return config;
}

}  // namespace

TEST_CASE("evdev: US layout characters, plain and shifted") {
    CHECK(us_key_char(KEY_A, false) == 'a');
    CHECK(us_key_char(KEY_A, true) == 'A');
    CHECK(us_key_char(KEY_Z, false) == 'z');  // KEY_Z comes before KEY_A in evdev numbering
    CHECK(us_key_char(KEY_1, false) == '1');
    CHECK(us_key_char(KEY_1, true) == '!');
    CHECK(us_key_char(KEY_MINUS, false) == '-');
    CHECK(us_key_char(KEY_MINUS, true) == '_');
    CHECK(us_key_char(KEY_SLASH, true) == '?');
    CHECK(us_key_char(KEY_KP7, true) == '7');
    CHECK(us_key_char(KEY_F1, false) == 0);
    CHECK(us_key_char(KEY_ENTER, false) == 0);
}

TEST_CASE("evdev decoder: a code with shift, ended by Enter") {
    EvdevDecoder decoder(config_with("enter"));
    const auto events = shifted(KEY_O) + shifted(KEY_R) + shifted(KEY_D) + tap(KEY_MINUS) +
                        tap(KEY_4) + tap(KEY_2) + shifted(KEY_A) + tap(KEY_B) + tap(KEY_ENTER);
    const auto decoded = decode(decoder, events);
    CHECK(decoded.codes == std::vector<std::string>{"ORD-42Ab"});
    CHECK(decoded.problems.empty());
}

TEST_CASE("evdev decoder: keypad Enter ends a code; Tab terminator when configured") {
    EvdevDecoder enter(config_with("enter"));
    CHECK(decode(enter, tap(KEY_1) + tap(KEY_2) + tap(KEY_3) + tap(KEY_KPENTER)).codes ==
          std::vector<std::string>{"123"});

    EvdevDecoder tab(config_with("tab"));
    const auto decoded = decode(tab, tap(KEY_X) + tap(KEY_Y) + tap(KEY_Z) + tap(KEY_TAB));
    CHECK(decoded.codes == std::vector<std::string>{"xyz"});
    // With Tab as terminator, Enter makes no character: the code is garbled and reported.
    const auto garbled =
        decode(tab, tap(KEY_X) + tap(KEY_ENTER) + tap(KEY_Y) + tap(KEY_Z) + tap(KEY_TAB));
    CHECK(garbled.codes.empty());
    REQUIRE(garbled.problems.size() == 1);
    CHECK(garbled.problems[0].find("without a character") != std::string::npos);
}

TEST_CASE("evdev decoder: Caps Lock, right shift, auto-repeat and other event types") {
    EvdevDecoder decoder(config_with("enter"));
    std::vector<input_event> events = tap(KEY_CAPSLOCK) + tap(KEY_A) + shifted(KEY_B);
    events = events + std::vector<input_event>{key(KEY_RIGHTSHIFT, 1), key(KEY_1, 1), key(KEY_1, 2),
                                               key(KEY_1, 0), key(KEY_RIGHTSHIFT, 0)};
    input_event misc{};
    misc.type = EV_MSC;
    misc.code = MSC_SCAN;
    misc.value = 0x70004;
    events.push_back(misc);
    events = events + tap(KEY_LEFTCTRL) + tap(KEY_NUMLOCK) + tap(KEY_ENTER);
    // Caps Lock upper-cases letters, Shift inverts it; repeat (value 2) adds nothing.
    CHECK(decode(decoder, events).codes == std::vector<std::string>{"Ab!"});
    // Caps Lock stays on for the next code.
    CHECK(decode(decoder, tap(KEY_Q) + tap(KEY_W) + tap(KEY_E) + tap(KEY_ENTER)).codes ==
          std::vector<std::string>{"QWE"});
}

TEST_CASE("evdev decoder: short codes, lone terminators, overlong codes, reset") {
    EvdevDecoder decoder(config_with("enter"), 5);
    auto decoded = decode(decoder, tap(KEY_A) + tap(KEY_B) + tap(KEY_ENTER));
    CHECK(decoded.codes.empty());
    REQUIRE(decoded.problems.size() == 1);
    CHECK(decoded.problems[0].find("shorter than 3") != std::string::npos);

    decoded = decode(decoder, tap(KEY_ENTER) + tap(KEY_ENTER));
    CHECK(decoded.codes.empty());
    CHECK(decoded.problems.empty());

    std::vector<input_event> long_code;
    for (int i = 0; i < 7; ++i)
        long_code = long_code + tap(KEY_9);
    decoded = decode(decoder, long_code + tap(KEY_ENTER) + tap(KEY_1) + tap(KEY_2) + tap(KEY_3) +
                                  tap(KEY_ENTER));
    CHECK(decoded.codes == std::vector<std::string>{"123"});
    REQUIRE(decoded.problems.size() == 1);
    CHECK(decoded.problems[0].find("longer than 5") != std::string::npos);

    // After reset (SYN_DROPPED), a half code and a held Shift are forgotten.
    (void)decode(decoder, std::vector<input_event>{key(KEY_LEFTSHIFT, 1)} + tap(KEY_X));
    decoder.reset();
    CHECK(decode(decoder, tap(KEY_A) + tap(KEY_B) + tap(KEY_C) + tap(KEY_ENTER)).codes ==
          std::vector<std::string>{"abc"});

    CHECK_THROWS_AS(EvdevDecoder(config_with("space")), std::invalid_argument);
}

TEST_CASE("evdev scanner: a path that is not an evdev device throws") {
    ScanQueue queue;
    auto config = config_with("enter");
    config.evdev_device = "/nonexistent/event-kbd";
    CHECK_THROWS_AS(EvdevScanner(config, queue, {}), std::system_error);
    config.evdev_device = "/dev/null";
    CHECK_THROWS_AS(EvdevScanner(config, queue, {}), std::system_error);
}

TEST_CASE("evdev scanner: a uinput virtual scanner, grabbed, delivers codes") {
    const int probe = ::open("/dev/uinput", O_RDWR | O_CLOEXEC);
    if (probe < 0) {
        const std::string why = std::strerror(errno);
        MESSAGE("skipped: /dev/uinput is not usable here (" << why
                                                            << "); the decoder tests still ran");
        return;
    }
    ::close(probe);

    libevdev* templ = libevdev_new();
    libevdev_set_name(templ, "pt test scanner");
    libevdev_enable_event_type(templ, EV_KEY);
    for (unsigned code = KEY_ESC; code <= KEY_KPDOT; ++code)
        libevdev_enable_event_code(templ, EV_KEY, code, nullptr);
    libevdev_uinput* uinput = nullptr;
    const int rc = libevdev_uinput_create_from_device(templ, LIBEVDEV_UINPUT_OPEN_MANAGED, &uinput);
    libevdev_free(templ);
    if (rc < 0) {
        const std::string why = std::strerror(-rc);
        MESSAGE("skipped: cannot create a uinput device (" << why << ")");
        return;
    }
    const char* node = libevdev_uinput_get_devnode(uinput);
    REQUIRE(node != nullptr);
    std::this_thread::sleep_for(100ms);  // udev creates the node's permissions

    ScanQueue queue;
    auto config = config_with("enter");
    config.evdev_device = node;
    {
        EvdevScanner scanner(config, queue, {});
        // A second grab must fail: the scanner holds the device exclusively.
        CHECK_THROWS_AS(EvdevScanner(config, queue, {}), std::system_error);

        const auto send = [uinput](const std::vector<input_event>& events) {
            for (const auto& event : events)
                libevdev_uinput_write_event(uinput, event.type, event.code, event.value);
        };
        send(shifted(KEY_W) + shifted(KEY_S) + tap(KEY_MINUS) + tap(KEY_7) + tap(KEY_ENTER));
        const auto scan = queue.wait_pop(5s);
        REQUIRE(scan);
        CHECK(*scan == Scan{"WS-7", ScanSource::evdev});
        const auto start = std::chrono::steady_clock::now();
        scanner.stop();
        CHECK(std::chrono::steady_clock::now() - start < 500ms);
    }
    libevdev_uinput_destroy(uinput);
}

TEST_CASE("evdev decoder: problems say lengths and kinds, never the characters of a code") {
    // Issue 13, finding 14: a garbled or short badge scan must not put (part of) the badge into
    // the journal or onto the technician screen.
    EvdevDecoder decoder(config_with("enter", 4));
    auto decoded = decode(decoder, tap(KEY_Q) + tap(KEY_Z) + tap(KEY_ENTER));
    REQUIRE(decoded.problems.size() == 1);
    CHECK(decoded.problems[0].find("qz") == std::string::npos);
    CHECK(decoded.problems[0].find("2 characters") != std::string::npos);
    CHECK(decoded.problems[0].find("shorter than 4") != std::string::npos);

    decoded = decode(decoder, tap(KEY_Q) + tap(KEY_Z) + tap(KEY_F1) + tap(KEY_X) + tap(KEY_ENTER));
    REQUIRE(decoded.problems.size() == 1);
    CHECK(decoded.problems[0].find("qzx") == std::string::npos);
    CHECK(decoded.problems[0].find("without a character") != std::string::npos);
    CHECK(decoded.problems[0].find("3 characters") != std::string::npos);
}
