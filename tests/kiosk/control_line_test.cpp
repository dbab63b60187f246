// What the control socket makes of a request line, and of `ctl frames N` (issue 13, finding 14:
// `ctl frames 10000` blocked the UI thread past the watchdog).
#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <memory>
#include <thread>

#include "firmware/kiosk/control_socket.h"
#include "tests/support/temp_dir.h"

namespace pt::kiosk {

TEST_CASE("a request line is COMMAND, one space, the rest as the argument") {
    const ControlLine scan = parse_control_line("scan B-1001 with spaces\nignored");
    CHECK(scan.command == "scan");
    CHECK(scan.argument == "B-1001 with spaces");
    CHECK(parse_control_line("status").argument.empty());
    CHECK(parse_control_line("").command.empty());
    CHECK(parse_control_line("\nstatus").command.empty());
    CHECK(parse_control_line(std::string_view("a\0b c", 5)).command == std::string("a\0b", 3));
}

TEST_CASE("ctl frames takes 1 to 1000") {
    CHECK(parse_frame_count("1") == 1);
    CHECK(parse_frame_count("1000") == kMaxCtlFrames);
    CHECK_FALSE(parse_frame_count("1001"));
    CHECK_FALSE(parse_frame_count("10000"));
    CHECK_FALSE(parse_frame_count("0"));
    CHECK_FALSE(parse_frame_count("-5"));
    CHECK_FALSE(parse_frame_count("12x"));
    CHECK_FALSE(parse_frame_count(""));
    CHECK_FALSE(parse_frame_count("99999999999999999999"));
}

TEST_CASE("a request still waiting when the control socket closes is answered at once") {
    // The set-up screen's exit waited for it (30 s, the answer timeout): past systemd's
    // watchdog, which restarted the kiosk in an image test.
    using namespace std::chrono_literals;
    test::TempDir dir{"pt-control-"};
    const auto socket = dir.path() / "control.sock";
    auto server = std::make_unique<ControlServer>(socket, nullptr);
    auto reply = std::async(std::launch::async,
                            [&] { return control_request(socket, "status", 60s); });
    std::this_thread::sleep_for(300ms);  // the request waits for the UI thread, which never takes it
    const auto closing = std::chrono::steady_clock::now();
    server.reset();
    CHECK(std::chrono::steady_clock::now() - closing < 5s);
    CHECK(reply.get().find("stopping") != std::string::npos);
}

}  // namespace pt::kiosk
