// Provisioning: the file on the EFI partition, the barcode, and the configuration they become.
#include "firmware/config/provisioning.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

#include <fstream>
#include <string>

#include "sync/secrets/slow_hash.h"
#include "tests/config/config_test_support.h"
#include "tests/support/file_contents.h"
#include "tests/support/temp_dir.h"

using namespace pt::config;
using namespace pt::config::test;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& file, std::string_view text) {
    std::ofstream(file, std::ios::binary) << text;
}

std::string error_of(auto&& action) {
    try {
        action();
    } catch (const ConfigError& error) {
        return error.what();
    }
    return "no error";
}

unsigned mode_of(const fs::path& file) {
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    return st.st_mode & 0777U;
}

}  // namespace

TEST_CASE("a provisioning file with a CA becomes a configuration the kiosk accepts") {
    pt::test::TempDir dir;
    fs::create_directories(dir / "esp");
    write(dir / "esp" / "ca.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    write(dir / "esp" / "provisioning.toml", R"(
server_url = "https://plan.example.com"
enrollment_code = "K7P2-9QXM"
ca_file = "ca.pem"
language = "de"
terminal_name = "coating line 2"
technician_badge = "TECH-7"
)");
    const Provisioning values = load_provisioning(dir / "esp" / "provisioning.toml");
    CHECK(values.ca_file == dir / "esp" / "ca.pem");

    // On an image the configuration path is a link into the data partition.
    fs::create_directories(dir / "data");
    fs::create_directories(dir / "etc");
    fs::create_symlink(dir / "data" / "terminal.toml", dir / "etc" / "terminal.toml");
    CHECK_FALSE(is_provisioned(dir / "etc" / "terminal.toml"));
    CHECK(data_dir_for(dir / "etc" / "terminal.toml") == dir / "data");

    const TerminalConfig written = write_provisioned_config(dir / "etc" / "terminal.toml", values);
    CHECK(is_provisioned(dir / "etc" / "terminal.toml"));
    CHECK(fs::is_symlink(dir / "etc" / "terminal.toml"));  // written through the link
    CHECK(mode_of(dir / "data" / "terminal.toml") == 0600U);
    const TerminalConfig read = load_config(dir / "etc" / "terminal.toml");
    CHECK(read.server_url == "https://plan.example.com");
    CHECK(read.data_dir == dir / "data");
    CHECK(read.enrollment_code == "K7P2-9QXM");
    CHECK(read.ca_file == dir / "data" / "ca.pem");
    CHECK(read.language == "de");
    CHECK(read.terminal_name == "coating line 2");
    // The technician badge only as its hash (issue 13 item 4), in the file and once read.
    CHECK(read.technician_badge_hash.starts_with("$argon2id$"));
    CHECK(pt::secrets::slow_hash_matches(read.technician_badge_hash, "TECH-7"));
    CHECK_FALSE(read.technician_badge_in_clear);
    const std::string text = pt::test::file_contents(dir / "data" / "terminal.toml");
    CHECK(text.find("TECH-7") == std::string::npos);
    CHECK(text.find("technician_badge_hash") != std::string::npos);
    CHECK(written.server_url == read.server_url);
    CHECK(fs::exists(dir / "data" / "ca.pem"));

    forget_enrollment_code(dir / "etc" / "terminal.toml");
    const TerminalConfig spent = load_config(dir / "etc" / "terminal.toml");
    CHECK(spent.enrollment_code.empty());
    CHECK(spent.server_url == "https://plan.example.com");
    CHECK(mode_of(dir / "data" / "terminal.toml") == 0600U);
}

TEST_CASE("a bad provisioning file is refused naming the key, and nothing is written") {
    pt::test::TempDir dir;
    const auto file = dir / "provisioning.toml";
    write(file, "server_url = \"https://plan.example.com\"\n");
    CHECK(
        mentions(error_of([&] { (void)load_provisioning(file); }), "enrollment_code", "required"));
    write(file, "server_url = \"https://p\"\nenrollment_code = \"A\"\nserver = \"x\"\n");
    CHECK(mentions(error_of([&] { (void)load_provisioning(file); }), "`server`", "not a known"));
    write(file, "server_url = \"https://p\"\nenrollment_code = 7\n");
    CHECK(mentions(error_of([&] { (void)load_provisioning(file); }), "enrollment_code", "string"));
    write(file, "server_url = \"https://p\"\nenrollment_code = \"A\"\nca_file = \"none.pem\"\n");
    CHECK(mentions(error_of([&] { (void)load_provisioning(file); }), "ca_file", "not there"));
    write(file, "server_url = [\n");
    CHECK(mentions(error_of([&] { (void)load_provisioning(file); }), "not valid TOML"));
    CHECK(
        mentions(error_of([&] { (void)load_provisioning(dir / "missing.toml"); }), "cannot read"));

    // Values the kiosk would refuse are refused before the file is written.
    Provisioning bad{.server_url = "ftp://plan", .enrollment_code = "A"};
    CHECK(mentions(error_of([&] { (void)write_provisioned_config(dir / "t.toml", bad); }),
                   "server_url", "https://"));
    bad = {.server_url = "https://plan", .enrollment_code = "A", .pinned_key = "abc"};
    CHECK(mentions(error_of([&] { (void)write_provisioned_config(dir / "t.toml", bad); }),
                   "pinned_key"));
    CHECK_FALSE(fs::exists(dir / "t.toml"));
}

TEST_CASE("a provisioning barcode carries the same values") {
    const auto values = parse_provisioning_barcode(
        "PTPROV1;server_url=https://plan.example.com:8443;enrollment_code=K7P2%3B9QXM;"
        "pinned_key=sha256//" +
        std::string(43, 'A') + "%3D;language=de;technician_badge=TECH-7");
    REQUIRE(values.has_value());
    CHECK(values->server_url == "https://plan.example.com:8443");
    CHECK(values->enrollment_code == "K7P2;9QXM");
    CHECK(values->pinned_key == "sha256//" + std::string(43, 'A') + "=");
    CHECK(values->language == "de");
    CHECK(values->technician_badge == "TECH-7");
    CHECK(values->ca_file.empty());

    // Not a provisioning barcode at all: a badge, a run card, garbage.
    CHECK_FALSE(parse_provisioning_barcode("BADGE-0001").has_value());
    CHECK_FALSE(parse_provisioning_barcode("").has_value());
    CHECK_FALSE(parse_provisioning_barcode("PTPROV2;server_url=x").has_value());
    // One, but unusable.
    CHECK(
        mentions(error_of([] { (void)parse_provisioning_barcode("PTPROV1;server_url=https://p"); }),
                 "enrollment_code", "required"));
    CHECK(mentions(error_of([] {
                       (void)parse_provisioning_barcode(
                           "PTPROV1;server_url=https://p;enrollment_code=A;colour=red");
                   }),
                   "colour", "not a known"));
    CHECK(mentions(error_of([] {
                       (void)parse_provisioning_barcode(
                           "PTPROV1;server_url=https://p;enrollment_code=A%4");
                   }),
                   "enrollment_code", "escape"));
    CHECK(mentions(error_of([] { (void)parse_provisioning_barcode("PTPROV1;server_url"); }),
                   "server_url", "no value"));
}

TEST_CASE("provisioning: a pinned key or server address the transport would refuse is refused") {
    // Issue 13, finding 6: `pinned_key=sha256//x` was written, and the kiosk crashed at every
    // start after. Finding 8: http:// to any host.
    pt::test::TempDir dir;
    const auto config = dir / "terminal.toml";
    for (const char* barcode :
         {"PTPROV1;server_url=https://p;enrollment_code=A;pinned_key=sha256//x",
          "PTPROV1;server_url=https://p;enrollment_code=A;pinned_key=sha256//AbC%3D",
          "PTPROV1;server_url=http://plan.example.com;enrollment_code=A"}) {
        const std::string message = error_of([&] {
            const auto values = parse_provisioning_barcode(barcode);
            REQUIRE(values.has_value());
            (void)write_provisioned_config(config, *values);
        });
        CHECK_MESSAGE(message != "no error", barcode);
        CHECK_FALSE(fs::exists(config));
    }
    const auto good = parse_provisioning_barcode(
        "PTPROV1;server_url=http://127.0.0.1:8080;enrollment_code=A;pinned_key=" + kPin);
    REQUIRE(good.has_value());
    CHECK(write_provisioned_config(config, *good).pinned_key == kPin);

    // The escape hatch for development is the configuration file's only: never provisioned.
    CHECK(mentions(error_of([] {
                       (void)parse_provisioning_barcode(
                           "PTPROV1;server_url=http://plan.example.com;enrollment_code=A;"
                           "allow_insecure_http=true");
                   }),
                   "allow_insecure_http"));
    const auto file = dir / "provisioning.toml";
    for (const char* line : {"allow_insecure_http = true\n", "allow_insecure_http = \"true\"\n"}) {
        write(file,
              std::string("server_url = \"http://plan.example.com\"\nenrollment_code = \"A\"\n") +
                  line);
        CHECK(mentions(error_of([&] { (void)load_provisioning(file); }), "allow_insecure_http"));
    }
}

TEST_CASE("provisioning: ca_file is a bare file name next to the provisioning file") {
    // Issue 13, finding 13: an absolute path or `..` named any file, which was copied into the
    // data directory and then deleted, as root.
    pt::test::TempDir dir;
    fs::create_directories(dir / "esp" / "sub");
    const std::string pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    write(dir / "victim.pem", pem);
    write(dir / "esp" / "sub" / "ca.pem", pem);
    fs::create_symlink(dir / "victim.pem", dir / "esp" / "link.pem");
    const auto file = dir / "esp" / "provisioning.toml";
    for (const std::string& name :
         {(dir / "victim.pem").string(), std::string("../victim.pem"), std::string("sub/ca.pem"),
          std::string("link.pem"), std::string(".."), std::string("sub/../../victim.pem")}) {
        write(file,
              "server_url = \"https://p\"\nenrollment_code = \"A\"\nca_file = \"" + name + "\"\n");
        CHECK_MESSAGE(mentions(error_of([&] { (void)load_provisioning(file); }), "ca_file"), name);
    }
    CHECK(fs::exists(dir / "victim.pem"));
}
