// The provisioning barcode plan-server draws (issue 16): its text is read back by the terminal's
// own parser (firmware/config: parse_provisioning_barcode) into the same values, escapes
// included; the symbols are real QR codes and Code 128 (their fixed patterns checked module by
// module); the SVG is plain and crisp.
#include "sync/server/provisioning_barcode.h"

#include <doctest/doctest.h>

#include <string>

#include "firmware/config/provisioning.h"
#include "sync/server/barcode_svg.h"

namespace {

using namespace pt;
using server::BarcodeKind;
using server::ProvisioningValues;

/// The modules of row `y` from `x` as "1" (dark) and "0".
std::string module_row(const server::ModuleMatrix& matrix, int x, int y, int count) {
    std::string text;
    for (int i = 0; i < count; ++i)
        text += matrix.at(x + i, y) ? '1' : '0';
    return text;
}

}  // namespace

TEST_CASE("the terminal reads the provisioning text plan-server writes into the same values") {
    const ProvisioningValues cases[] = {
        {"https://plan.example.com", "K7P2-9QXM-ABCD-1234", "TECH-0042"},
        {"https://plan.example.com:8443/base", "7KQ2-M9XD-3HRT-ZP4V", ""},
        // `=`, `%` in the URL and `;`, `=`, `%` in the badge travel escaped.
        {"https://plan.example.com/a=b%20c?x=1", "AAAA-BBBB-CCCC-DDDD", "T;E=C%H"},
        // The terminal takes plain http:// to its own machine.
        {"http://127.0.0.1:8080", "AAAA-BBBB-CCCC-DDDD", "TECH-1"},
    };
    for (const ProvisioningValues& values : cases) {
        CAPTURE(values.server_url);
        REQUIRE_FALSE(server::barcode_url_problem(values.server_url).has_value());
        if (!values.technician_badge.empty())
            REQUIRE_FALSE(server::barcode_badge_problem(values.technician_badge).has_value());
        const std::string text = server::provisioning_barcode_text(values);
        CHECK(text.starts_with(config::kProvisioningBarcodePrefix));
        const auto read = config::parse_provisioning_barcode(text);
        REQUIRE(read.has_value());
        CHECK(read->server_url == values.server_url);
        CHECK(read->enrollment_code == values.enrollment_code);
        CHECK(read->technician_badge == values.technician_badge);
        CHECK(read->pinned_key.empty());
        CHECK(read->ca_file.empty());
    }
    CHECK(server::provisioning_barcode_text({"https://p.example", "C", "B"}) ==
          "PTPROV1;server_url=https://p.example;enrollment_code=C;technician_badge=B");
    CHECK(server::provisioning_barcode_text({"https://p.example/%", "C", ""}) ==
          "PTPROV1;server_url=https://p.example/%25;enrollment_code=C");
}

TEST_CASE("a barcode's server URL and technician badge are checked before anything is drawn") {
    for (const char* bad :
         {"", "ftp://plan", "plan.example.com", "https://", "https:///path",
          "https://plan example.com", "https://a;b", "https://a\nb", "https://plän.example"}) {
        CAPTURE(bad);
        CHECK(server::barcode_url_problem(bad).has_value());
    }
    CHECK(server::barcode_url_problem("https://" + std::string(250, 'a')).has_value());
    CHECK_FALSE(server::barcode_url_problem("HTTPS://Plan.Example.com").has_value());
    for (const std::string& bad :
         {std::string(), std::string(129, 'B'), std::string("TECH 1"), std::string("T\x01")}) {
        CHECK(server::barcode_badge_problem(bad).has_value());
    }
    CHECK_FALSE(server::barcode_badge_problem(std::string(128, 'B')).has_value());
}

TEST_CASE("the QR code has its finder patterns; the longest text does not fit") {
    const std::string text = server::provisioning_barcode_text(
        {"https://plan.example.com", "K7P2-9QXM-ABCD-1234", "TECH-0042"});
    const auto qr = server::encode_barcode(BarcodeKind::qr, text);
    REQUIRE(qr.has_value());
    CHECK(qr->width == qr->height);
    CHECK((qr->width - 21) % 4 == 0);  // versions grow by four modules
    CHECK(qr->width > 21);
    // The three finder patterns: 7 dark, then 1 dark 5 light 1 dark, then 1-1-3-1-1.
    for (const auto& [x, y] :
         {std::pair{0, 0}, std::pair{qr->width - 7, 0}, std::pair{0, qr->width - 7}}) {
        CHECK(module_row(*qr, x, y, 7) == "1111111");
        CHECK(module_row(*qr, x, y + 1, 7) == "1000001");
        CHECK(module_row(*qr, x, y + 3, 7) == "1011101");
        CHECK(module_row(*qr, x, y + 6, 7) == "1111111");
    }
    CHECK_FALSE(server::encode_barcode(BarcodeKind::qr, std::string(8000, 'x')).has_value());
    CHECK_FALSE(server::encode_barcode(BarcodeKind::qr, "").has_value());
}

TEST_CASE("Code 128 starts and stops as the symbology says") {
    if (!server::barcode_kind_available(BarcodeKind::code128)) return;  // a build without libzint
    const auto bars = server::encode_barcode(BarcodeKind::code128, "PTPROV1;server_url=x");
    REQUIRE(bars.has_value());
    CHECK(bars->height == 1);
    // A start character (2-1-1-…), eleven modules per character, then the stop pattern
    // 2-3-3-1-1-1-2.
    CHECK(module_row(*bars, 0, 0, 4) == "1101");
    CHECK((bars->width - 13) % 11 == 0);
    CHECK(module_row(*bars, bars->width - 13, 0, 13) == "1100011101011");
}

TEST_CASE("the SVG is one path of dark modules with a quiet zone, crisp edges, nothing else") {
    server::ModuleMatrix matrix;
    matrix.width = 3;
    matrix.height = 2;
    matrix.dark = {1, 1, 0, 0, 0, 1};
    const std::string svg = server::barcode_svg(matrix, BarcodeKind::qr);
    CHECK(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
    CHECK(svg.find("viewBox=\"0 0 11 10\"") != std::string::npos);  // 4 modules of quiet zone
    CHECK(svg.find("width=\"44\" height=\"40\"") != std::string::npos);
    CHECK(svg.find("shape-rendering=\"crispEdges\"") != std::string::npos);
    CHECK(svg.find("d=\"M4,4h2v1h-2zM6,5h1v1h-1z\"") != std::string::npos);
    CHECK(svg.find("<script") == std::string::npos);
    CHECK(svg.find("href") == std::string::npos);

    server::ModuleMatrix bars;
    bars.width = 4;
    bars.height = 1;
    bars.dark = {1, 0, 1, 1};
    const std::string linear = server::barcode_svg(bars, BarcodeKind::code128);
    CHECK(linear.find("viewBox=\"0 0 24 60\"") != std::string::npos);  // 10 each side, 40 high
    CHECK(linear.find("d=\"M10,10h1v40h-1zM12,10h2v40h-2z\"") != std::string::npos);
}
