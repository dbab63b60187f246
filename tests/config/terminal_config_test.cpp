// The terminal's configuration file: every key, and one clear message for every bad file.
#include "firmware/config/terminal_config.h"

#include <doctest/doctest.h>

#include <fstream>

#include "sync/client/http_transport.h"
#include "sync/secrets/slow_hash.h"
#include "tests/config/config_test_support.h"

using namespace pt::config;
using namespace pt::config::test;

namespace {

constexpr std::string_view kMinimal = R"(
server_url = "https://plan.example.com/"
data_dir = "/var/lib/partner-terminal"
)";

std::string parse_error_of(std::string_view text) {
    try {
        (void)parse_config(text, "/etc/partner-terminal/terminal.toml");
    } catch (const ConfigError& error) {
        return error.what();
    }
    return "no error";
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
pinned_key = "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
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
    CHECK(c.pinned_key == "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
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
    CHECK(mentions(parse_error_of("data_dir = \"/d\""), file, "`server_url`: is required"));
    CHECK(mentions(parse_error_of("server_url = \"ftp://x\"\ndata_dir = \"/d\""), "`server_url`"));
    CHECK(mentions(parse_error_of("server_url = 5\ndata_dir = \"/d\""),
                   "`server_url`: must be a string"));
    CHECK(mentions(parse_error_of("server_url = \"https://x\"\ndata_dir = \"data\""), "`data_dir`",
                   "absolute"));
    CHECK(mentions(parse_error_of(std::string(kMinimal) + "idle_timeout_s = \"2m\""),
                   "`idle_timeout_s`", "integer"));
    CHECK(mentions(parse_error_of(std::string(kMinimal) + "idle_timeout_s = 0"), "`idle_timeout_s`",
                   "between"));
    CHECK(mentions(parse_error_of(std::string(kMinimal) + "pinned_key = \"abc\""), "`pinned_key`"));
    CHECK(mentions(parse_error_of(std::string(kMinimal) + "sever_url = \"typo\""), "`sever_url`",
                   "not a known key"));
    CHECK(mentions(parse_error_of(std::string(kMinimal) + "[scanner]\nterminator = \"space\""),
                   "`scanner.terminator`"));
    CHECK(mentions(parse_error_of(std::string(kMinimal) + "[scanner]\nbaud = 9600"),
                   "`scanner.baud`"));
    CHECK(mentions(parse_error_of(std::string(kMinimal) + "scanner = 3"), "`scanner`", "table"));
}

TEST_CASE("a file that is not TOML says where") {
    const std::string message = parse_error_of("server_url = \"https://x\"\ndata_dir = [\n");
    CHECK(mentions(message, "/etc/partner-terminal/terminal.toml", "not valid TOML"));
    CHECK(mentions(message, "line"));
    CHECK(mentions(parse_error_of("\xff\xfe garbage = = ="), "not valid TOML"));
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

namespace {

const std::string kOtherPin = "sha256//" + std::string(42, 'b') + "Q=";

std::string with(std::string_view line) {
    return std::string(kMinimal) + std::string(line) + "\n";
}

}  // namespace

TEST_CASE("pinned_key: the transport's rule, checked when the file is read") {
    // Issue 13, finding 6: `sha256//x` passed here and made the transport throw at every start.
    CHECK(mentions(parse_error_of(with("pinned_key = \"sha256//x\"")), "`pinned_key`", "sha256//"));
    CHECK(mentions(parse_error_of(with("pinned_key = \"sha256//AAAA\"")), "`pinned_key`"));
    CHECK(mentions(parse_error_of(with("pinned_key = \"" + kPin + ";\"")), "`pinned_key`"));
    CHECK(
        mentions(parse_error_of(with("pinned_key = \"" + kPin + ";sha256//x\"")), "`pinned_key`"));
    CHECK(parse_config(with("pinned_key = \"" + kPin + "\""), "t").pinned_key == kPin);
    CHECK(parse_config(with("pinned_key = \"" + kPin + ";" + kOtherPin + "\""), "t").pinned_key ==
          kPin + ";" + kOtherPin);

    // One rule: whatever the file accepts the transport accepts, and the other way round.
    for (const std::string& pin :
         {kPin, kOtherPin, kPin + ";" + kOtherPin, std::string("sha256//x"),
          std::string("sha256//"), "sha256//" + std::string(44, 'A'),
          "sha256//" + std::string(42, 'A') + "==", "sha1//" + std::string(43, 'A') + "=",
          "SHA256//" + std::string(43, 'A') + "=", kPin + ";", ";" + kPin, kPin + " ",
          "sha256//" + std::string(42, 'A') + "-="}) {
        pt::client::TransportOptions options;
        options.pinned_public_key = pin;
        const bool transport_accepts = !pt::client::validate(options).has_value();
        const bool config_accepts =
            parse_error_of(with("pinned_key = \"" + pin + "\"")) == "no error";
        CHECK_MESSAGE(transport_accepts == config_accepts, pin);
    }
}

TEST_CASE("server_url: http:// only to this machine unless allow_insecure_http = true") {
    // Issue 13, finding 8: http:// was accepted for any host.
    for (const char* url :
         {"http://plan.example.com", "http://10.0.0.5:8080", "http://127.0.0.1@plan.example.com",
          "http://localhost.example.com", "http://127.0.0.1.nip.io:8080", "http://[::2]:8080",
          "HTTP://plan.example.com"}) {
        CHECK_MESSAGE(
            mentions(parse_error_of("server_url = \"" + std::string(url) + "\"\ndata_dir = \"/d\""),
                     "`server_url`", "allow_insecure_http"),
            url);
    }
    for (const char* url :
         {"http://127.0.0.1:8080", "http://127.9.8.7", "http://localhost:8080/", "http://LOCALHOST",
          "http://[::1]:8080", "https://plan.example.com", "https://10.0.0.5:8443"}) {
        CHECK_MESSAGE(parse_error_of("server_url = \"" + std::string(url) +
                                     "\"\ndata_dir = \"/d\"") == "no error",
                      url);
    }
    CHECK(parse_error_of("server_url = \"http://plan.example.com\"\ndata_dir = \"/d\"\n"
                         "allow_insecure_http = true") == "no error");
    CHECK(mentions(parse_error_of("server_url = \"http://plan.example.com\"\ndata_dir = \"/d\"\n"
                                  "allow_insecure_http = false"),
                   "`server_url`"));
    CHECK(mentions(parse_error_of(with("allow_insecure_http = \"yes\"")), "`allow_insecure_http`",
                   "true or false"));
}

TEST_CASE("the technician badge is kept as an Argon2id hash; one in clear is hashed when read") {
    const std::string hash =
        pt::secrets::slow_hash("TECH-9", pt::secrets::SlowHashLimits::minimal());
    const TerminalConfig hashed =
        parse_config(with("technician_badge_hash = \"" + hash + "\""), "t");
    CHECK(hashed.technician_badge_hash == hash);
    CHECK_FALSE(hashed.technician_badge_in_clear);

    // An older file: still a working technician badge, hashed in memory, and flagged.
    const TerminalConfig clear = parse_config(with("technician_badge = \"TECH-9\""), "t");
    CHECK(pt::secrets::slow_hash_matches(clear.technician_badge_hash, "TECH-9"));
    CHECK_FALSE(pt::secrets::slow_hash_matches(clear.technician_badge_hash, "TECH-8"));
    CHECK(clear.technician_badge_in_clear);
    CHECK(parse_config(kMinimal, "t").technician_badge_hash.empty());

    CHECK(mentions(parse_error_of(with("technician_badge_hash = \"TECH-9\"")),
                   "`technician_badge_hash`", "Argon2id"));
    CHECK(mentions(parse_error_of(with("technician_badge_hash = \"" + hash +
                                       "\"\ntechnician_badge = \"TECH-9\"")),
                   "`technician_badge`", "not both"));
}
