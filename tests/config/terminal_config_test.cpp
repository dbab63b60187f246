// The terminal's configuration file: every key, and one clear message for every bad file.
#include "firmware/config/terminal_config.h"

#include <doctest/doctest.h>

#include <fstream>

using namespace pt::config;

namespace {

constexpr std::string_view kMinimal = R"(
server_url = "https://plan.example.com/"
data_dir = "/var/lib/partner-terminal"
)";

std::string error_of(std::string_view text) {
    try {
        (void)parse_config(text, "/etc/partner-terminal/terminal.toml");
    } catch (const ConfigError& error) {
        return error.what();
    }
    return "no error";
}

bool mentions(const std::string& message, std::string_view a, std::string_view b = {}) {
    return message.find(a) != std::string::npos && message.find(b) != std::string::npos;
}

}  // namespace

TEST_CASE("a minimal file takes the documented defaults") {
    const TerminalConfig c = parse_config(kMinimal, "t.toml");
    CHECK(c.server_url == "https://plan.example.com");  // trailing slash dropped
    CHECK(c.data_dir == "/var/lib/partner-terminal");
    CHECK(c.enrollment_code.empty());
    CHECK(c.language == "en");
    CHECK(c.idle_timeout == std::chrono::seconds(120));
    CHECK(c.offline_grace == std::chrono::hours(24 * 7));
    CHECK(c.scanner.terminator == "enter");
}

TEST_CASE("every key is read") {
    const TerminalConfig c = parse_config(R"(
server_url = "http://127.0.0.1:8080"
data_dir = "/data"
enrollment_code = "ABCD-EFGH-IJKL-MNOP"
terminal_name = "coating hall 2"
ca_file = "/etc/partner-terminal/ca.pem"
pinned_key = "sha256//AAAA"
language = "de"
idle_timeout_s = 90
offline_grace_days = 3
sync_interval_s = 5
[scanner]
max_interkey_ms = 20
terminator = "tab"
min_length = 4
evdev_device = "/dev/input/by-id/usb-scanner-event-kbd"
serial_device = "/dev/ttyACM0"
serial_baud = 115200
)",
                                          "t.toml");
    CHECK(c.enrollment_code == "ABCD-EFGH-IJKL-MNOP");
    CHECK(c.terminal_name == "coating hall 2");
    CHECK(c.ca_file == "/etc/partner-terminal/ca.pem");
    CHECK(c.pinned_key == "sha256//AAAA");
    CHECK(c.language == "de");
    CHECK(c.idle_timeout == std::chrono::seconds(90));
    CHECK(c.offline_grace == std::chrono::hours(72));
    CHECK(c.sync_interval == std::chrono::seconds(5));
    CHECK(c.scanner.max_interkey == std::chrono::milliseconds(20));
    CHECK(c.scanner.terminator == "tab");
    CHECK(c.scanner.min_length == 4);
    CHECK(c.scanner.evdev_device == "/dev/input/by-id/usb-scanner-event-kbd");
    CHECK(c.scanner.serial_device == "/dev/ttyACM0");
    CHECK(c.scanner.serial_baud == 115200);
}

TEST_CASE("bad files get one message naming the file and the key") {
    const std::string file = "/etc/partner-terminal/terminal.toml";
    CHECK(mentions(error_of("data_dir = \"/d\""), file, "`server_url`: is required"));
    CHECK(mentions(error_of("server_url = \"ftp://x\"\ndata_dir = \"/d\""), "`server_url`"));
    CHECK(
        mentions(error_of("server_url = 5\ndata_dir = \"/d\""), "`server_url`: must be a string"));
    CHECK(mentions(error_of("server_url = \"https://x\"\ndata_dir = \"data\""), "`data_dir`",
                   "absolute"));
    CHECK(mentions(error_of(std::string(kMinimal) + "idle_timeout_s = \"2m\""), "`idle_timeout_s`",
                   "integer"));
    CHECK(mentions(error_of(std::string(kMinimal) + "idle_timeout_s = 0"), "`idle_timeout_s`",
                   "between"));
    CHECK(mentions(error_of(std::string(kMinimal) + "pinned_key = \"abc\""), "`pinned_key`"));
    CHECK(mentions(error_of(std::string(kMinimal) + "sever_url = \"typo\""), "`sever_url`",
                   "not a known key"));
    CHECK(mentions(error_of(std::string(kMinimal) + "[scanner]\nterminator = \"space\""),
                   "`scanner.terminator`"));
    CHECK(mentions(error_of(std::string(kMinimal) + "[scanner]\nbaud = 9600"), "`scanner.baud`"));
    CHECK(mentions(error_of(std::string(kMinimal) + "scanner = 3"), "`scanner`", "table"));
}

TEST_CASE("a file that is not TOML says where") {
    const std::string message = error_of("server_url = \"https://x\"\ndata_dir = [\n");
    CHECK(mentions(message, "/etc/partner-terminal/terminal.toml", "not valid TOML"));
    CHECK(mentions(message, "line"));
    CHECK(mentions(error_of("\xff\xfe garbage = = ="), "not valid TOML"));
}

TEST_CASE("load_config reads a file and names a missing one") {
    const auto path = std::filesystem::temp_directory_path() / "pt-config-test.toml";
    {
        std::ofstream out(path);
        out << kMinimal;
    }
    CHECK(load_config(path).server_url == "https://plan.example.com");
    std::filesystem::remove(path);
    try {
        (void)load_config(path);
        FAIL("a missing file must be refused");
    } catch (const ConfigError& error) {
        CHECK(mentions(error.what(), path.string(), "cannot read"));
    }
}
