#include "platform/scanner/serial_scanner.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <mutex>
#include <string>
#include <system_error>
#include <vector>

#include "platform/scanner/line_splitter.h"

using namespace pt::scanner;
using namespace std::chrono_literals;

TEST_CASE("line splitter: CR, LF and CR LF end codes; chunks may split a line") {
    LineSplitter splitter(3);
    auto result = splitter.feed("ABC\r\nDEF\nGH");
    CHECK(result.codes == std::vector<std::string>{"ABC", "DEF"});
    CHECK(result.problems.empty());
    result = splitter.feed("I\rJKL\r");
    CHECK(result.codes == std::vector<std::string>{"GHI", "JKL"});
    CHECK(splitter.feed("\n\n\r\r").codes.empty());  // blank lines are nothing
}

TEST_CASE("line splitter: garbage bytes are dropped and reported, the code survives") {
    LineSplitter splitter(3);
    const auto result =
        splitter.feed(std::string("\x02"
                                  "AB\x00"
                                  "C\x7f\xff\x1b\n",
                                  9));
    CHECK(result.codes == std::vector<std::string>{"ABC"});
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].find("dropped 5 non-printable") != std::string::npos);
}

TEST_CASE("line splitter: too short and too long codes are reported, not emitted") {
    LineSplitter splitter(3, 8);
    auto result = splitter.feed("AB\n");
    CHECK(result.codes.empty());
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].find("shorter than 3") != std::string::npos);
    result = splitter.feed("123456789012\nOK1\n");
    CHECK(result.codes == std::vector<std::string>{"OK1"});
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].find("longer than 8") != std::string::npos);
}

namespace {

// A pseudo-terminal standing in for the scanner: we write to the master, the scanner reads the
// slave by its path.
struct Pty {
    int master = -1;
    int slave = -1;
    std::string path;
    Pty() {
        char name[256] = {};
        REQUIRE(::openpty(&master, &slave, name, nullptr, nullptr) == 0);
        path = name;
    }
    ~Pty() {
        if (master >= 0) ::close(master);
        if (slave >= 0) ::close(slave);
    }
    Pty(const Pty&) = delete;
    Pty& operator=(const Pty&) = delete;
    void write(std::string_view bytes) const {
        REQUIRE(::write(master, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
    }
};

struct Problems {
    std::mutex mutex;
    std::vector<std::string> seen;
    ProblemSink sink() {
        return [this](std::string_view message) {
            std::lock_guard lock(mutex);
            seen.emplace_back(message);
        };
    }
    std::vector<std::string> snapshot() {
        std::lock_guard lock(mutex);
        return seen;
    }
};

pt::scanner::ScannerConfig serial_config(const std::string& path) {
    pt::scanner::ScannerConfig config;
    config.serial_device = path;
    config.serial_baud = 115200;
    config.min_length = 3;
    return config;
}

}  // namespace

TEST_CASE("serial scanner: codes written to a pty arrive in the queue") {
    Pty pty;
    ScanQueue queue;
    Problems problems;
    SerialScanner scanner(serial_config(pty.path), queue, problems.sink());

    // The port is raw: the slave's own termios must show it (no echo, no line editing).
    termios tio{};
    REQUIRE(::tcgetattr(pty.slave, &tio) == 0);
    CHECK((tio.c_lflag & ICANON) == 0);
    CHECK((tio.c_lflag & ECHO) == 0);
    CHECK(::cfgetispeed(&tio) == B115200);

    pty.write("ORD-1001\r\n");
    auto scan = queue.wait_pop(5s);
    REQUIRE(scan);
    CHECK(*scan == Scan{"ORD-1001", ScanSource::serial});

    // A code arriving in pieces, then garbage inside a code, then a code with a bare CR.
    pty.write("WS-");
    std::this_thread::sleep_for(20ms);
    pty.write(
        "77\n\x01"
        "BAD\x02GE\n"
        "CR-ONLY\r");
    scan = queue.wait_pop(5s);
    REQUIRE(scan);
    CHECK(scan->code == "WS-77");
    scan = queue.wait_pop(5s);
    REQUIRE(scan);
    CHECK(scan->code == "BADGE");
    scan = queue.wait_pop(5s);
    REQUIRE(scan);
    CHECK(scan->code == "CR-ONLY");
    CHECK_FALSE(queue.try_pop());

    const auto seen = problems.snapshot();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].find("dropped 2 non-printable") != std::string::npos);
}

TEST_CASE("serial scanner: stop() joins promptly while the reader is blocked waiting") {
    Pty pty;
    ScanQueue queue;
    SerialScanner scanner(serial_config(pty.path), queue, {});
    std::this_thread::sleep_for(20ms);  // the reader is now inside poll()
    const auto start = std::chrono::steady_clock::now();
    scanner.stop();
    CHECK(std::chrono::steady_clock::now() - start < 500ms);
    scanner.stop();  // idempotent
}

TEST_CASE("serial scanner: a lost device is reported, and stop() still works") {
    auto pty = std::make_unique<Pty>();
    ScanQueue queue;
    Problems problems;
    SerialScanner scanner(serial_config(pty->path), queue, problems.sink());
    ::close(pty->master);  // the slave now reads EIO: the "cable pulled"
    pty->master = -1;
    for (int i = 0; i < 200 && problems.snapshot().empty(); ++i)
        std::this_thread::sleep_for(5ms);
    const auto seen = problems.snapshot();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].find("lost") != std::string::npos);
    scanner.stop();
}

TEST_CASE("serial scanner: bad device or speed throws at construction") {
    ScanQueue queue;
    auto config = serial_config("/nonexistent/ttyACM9");
    CHECK_THROWS_AS(SerialScanner(config, queue, {}), std::system_error);
    config.serial_device = "/dev/null";  // opens, but is not a tty
    CHECK_THROWS_AS(SerialScanner(config, queue, {}), std::system_error);
    Pty pty;
    config = serial_config(pty.path);
    config.serial_baud = 12345;
    CHECK_THROWS_AS(SerialScanner(config, queue, {}), std::invalid_argument);
}

TEST_CASE("line splitter: problems say lengths and kinds, never the characters of a code") {
    // Issue 13, finding 14: a garbled or short badge scan must not put (part of) the badge into
    // the journal or onto the technician screen.
    LineSplitter splitter(3, 12);
    auto result =
        splitter.feed(std::string("B-10\x01"
                                  "01\n",
                                  8));
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].find("B-10") == std::string::npos);
    CHECK(result.problems[0].find("1 non-printable") != std::string::npos);
    CHECK(result.problems[0].find("6 characters") != std::string::npos);

    LineSplitter strict(8);
    result = strict.feed("4711\n");
    REQUIRE(result.problems.size() == 1);
    CHECK(result.problems[0].find("4711") == std::string::npos);
    CHECK(result.problems[0].find("4 characters") != std::string::npos);
    CHECK(result.problems[0].find("shorter than 8") != std::string::npos);
}
