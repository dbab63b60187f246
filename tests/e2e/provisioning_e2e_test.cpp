// A freshly flashed terminal without provisioning (product.md §6, issue #5 item 4): the real
// kiosk shows its set-up screen; the technician types the values with a keyboard, or scans a
// provisioning barcode; the kiosk writes its configuration, restarts itself and enrols.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/e2e/kiosk_fixture.h"

namespace pt::e2e {
namespace {

std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

json wait_enrolled(KioskFixture& kiosk) {
    // While the app restarts itself as the kiosk its control socket is briefly gone.
    json status;
    kiosk.wait_until("the kiosk enrolled at the login screen", [&] {
        const auto s = kiosk.try_status();
        if (!s || s->value("screen", "") != "login" || !s->value("enrolled", false)) return false;
        status = *s;
        return true;
    });
    return status;
}

}  // namespace

TEST_CASE("an unprovisioned terminal is set up on its screen with typed values") {
    KioskFixture kiosk({.name = "provisioning_typed", .provisioned = false});
    kiosk.screenshot("set-up");
    CHECK(KioskFixture::find_target(kiosk.ui(), "provisioning.connect").has_value());
    CHECK_FALSE(
        KioskFixture::find_target(kiosk.ui(), "provisioning.connect")->value("enabled", true));

    // A badge means nothing here; nobody is logged in and nothing is written.
    kiosk.scan_wedge(badge::p1_anna);
    kiosk.wait_status("the not-a-provisioning-barcode message", [](const json& s) {
        return s.value("screen", "") == "provisioning" &&
               s.value("error", "").find("not a provisioning barcode") != std::string::npos;
    });
    CHECK_FALSE(std::filesystem::exists(kiosk.config_file()));

    // The URL field starts with "https://": clear it, then type like a person.
    for (int i = 0; i < 8; ++i)
        kiosk.tap("provisioning.keys.back");
    const std::string url = kiosk.server_url("");
    kiosk.type_slowly(url, Millis(150));
    kiosk.wait_status("the typed server address",
                      [&](const json& s) { return s.value("server_url", "") == url; });
    kiosk.tap("provisioning.field.enrollment_code");
    const std::string code = kiosk.new_enrollment_code();
    kiosk.wait_target("provisioning.field.enrollment_code");
    kiosk.type_slowly(code, Millis(150));  // Return connects
    const json status = wait_enrolled(kiosk);
    kiosk.screenshot("enrolled");
    CHECK(status.value("session", "") == "logged_out");
    // Spent once enrolled: the code goes from the disk (the worker rewrites the file).
    kiosk.wait_until("the spent code removed from the configuration", [&] {
        return read_text(kiosk.config_file()).find(code) == std::string::npos;
    });
    const std::string config = read_text(kiosk.config_file());
    CHECK(config.find(url) != std::string::npos);
    CHECK((std::filesystem::status(kiosk.config_file()).permissions() &
           std::filesystem::perms::group_all) == std::filesystem::perms::none);

    // The terminal works: a demo badge logs in.
    (void)kiosk.log_in(badge::p1_anna);
}

TEST_CASE("an unprovisioned terminal is set up by scanning a provisioning barcode") {
    KioskFixture kiosk({.name = "provisioning_scanned", .provisioned = false});
    const std::string code = kiosk.new_enrollment_code();
    // An unusable barcode says which value is wrong.
    kiosk.scan_wedge("PTPROV1;server_url=ftp://x;enrollment_code=" + code);
    kiosk.wait_status("the server_url message", [](const json& s) {
        return s.value("error", "").find("server_url") != std::string::npos;
    });
    kiosk.screenshot("bad-barcode");
    CHECK_FALSE(std::filesystem::exists(kiosk.config_file()));

    // The barcode's values the form has no field for reach the configuration as well.
    kiosk.scan_wedge("PTPROV1;server_url=" + kiosk.server_url("") + ";enrollment_code=" + code +
                     ";terminal_name=Coating%20line%20kiosk;language=de");
    (void)wait_enrolled(kiosk);
    const std::string written = read_text(kiosk.config_file());
    CHECK(written.find("terminal_name = 'Coating line kiosk'") != std::string::npos);
    CHECK(written.find("language = 'de'") != std::string::npos);
    (void)kiosk.log_in(badge::p2_lars);
}

TEST_CASE("a configuration the transport refuses shows the set-up screen, and a scan repairs it") {
    // Issue 13, finding 6: `pinned_key = "sha256//x"` passed the configuration check and the
    // transport threw at every start (exit 134): a crash loop, then a reboot loop, and no screen
    // to repair it. A CA file that is gone did the same.
    struct Case {
        const char* name;
        const char* extra;
        const char* error;
    };
    for (const Case& broken :
         {Case{"provisioning_bad_pin", "pinned_key = \"sha256//x\"", "pinned_key"},
          Case{"provisioning_missing_ca", "ca_file = \"/nonexistent/partner-terminal/ca.pem\"",
               "CA file"}}) {
        CAPTURE(broken.name);
        KioskFixture kiosk({.name = broken.name,
                            .wedge_scans = false,
                            .config_extra = broken.extra,
                            .broken_config = true});
        const json status =
            kiosk.wait_status("the problem on the set-up screen", [&](const json& s) {
                return s.value("screen", "") == "provisioning" &&
                       s.value("error", "").find(broken.error) != std::string::npos;
            });
        CHECK(status.value("provisioned", true) == false);
        kiosk.screenshot("set-up-with-problem");
        if (std::string_view(broken.name) != "provisioning_bad_pin") continue;
        // The technician repairs it at the screen: no re-flash.
        kiosk.scan_ctl("PTPROV1;server_url=" + kiosk.server_url("") +
                       ";enrollment_code=" + kiosk.new_enrollment_code());
        (void)wait_enrolled(kiosk);
        CHECK(read_text(kiosk.config_file()).find("sha256//x") == std::string::npos);
    }
}

}  // namespace pt::e2e
