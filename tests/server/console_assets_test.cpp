// The console's files (issue 16): what plan-server takes from the folder, the bounds, and how a
// file is answered (type, ETag and 304, the security headers, 404 and the redirect).
#include "sync/server/console_assets.h"

#include <doctest/doctest.h>

#include <fstream>

#include "sync/server/plan_service.h"
#include "tests/support/temp_dir.h"

namespace pt::server {
namespace {

void write_asset(const std::filesystem::path& file, const std::string& content) {
    std::ofstream(file, std::ios::binary) << content;
}

std::string header_of(const Reply& reply, std::string_view name) {
    for (const auto& [key, value] : reply.headers) {
        if (key == name) return value;
    }
    return {};
}

}  // namespace

TEST_CASE("console files: only flat names of the four kinds, bounded, with an index.html") {
    const test::TempDir dir("pt-console-");
    write_asset(dir / "index.html", "<!doctype html>");
    write_asset(dir / "app.js", "export {}");
    write_asset(dir / "console.css", "body{}");
    write_asset(dir / "icon.svg", "<svg/>");
    for (const char* skipped : {".hidden.js", "Upper.js", "notes.txt", "x.php", "-x.js"})
        write_asset(dir / skipped, "nope");
    std::filesystem::create_directories(dir / "sub.js");  // a folder, not a file
    const ConsoleAssets assets = ConsoleAssets::load(dir.path());
    CHECK(assets.file_count() == 4);
    CHECK(assets.find("Upper.js") == nullptr);
    CHECK(assets.find("../index.html") == nullptr);
    REQUIRE(assets.find("app.js") != nullptr);
    CHECK(assets.find("app.js")->content_type == "text/javascript; charset=utf-8");
    CHECK(assets.total_bytes() == 15 + 9 + 6 + 6);

    CHECK_FALSE(is_console_asset_name(""));
    CHECK_FALSE(is_console_asset_name("a/b.js"));
    CHECK_FALSE(is_console_asset_name("a..js"));
    CHECK_FALSE(is_console_asset_name(std::string(62, 'a') + ".js"));
    CHECK(is_console_asset_name("page-orders.js"));

    const test::TempDir empty("pt-console-");
    CHECK_THROWS_AS((void)ConsoleAssets::load(empty.path()), ConsoleAssetsError);  // no index
    CHECK_THROWS_AS((void)ConsoleAssets::load(empty / "missing"), ConsoleAssetsError);
    write_asset(empty / "index.html", "x");
    write_asset(empty / "big.js", std::string(ConsoleAssets::kMaxFileBytes + 1, 'x'));
    CHECK_THROWS_AS((void)ConsoleAssets::load(empty.path()), ConsoleAssetsError);
}

TEST_CASE("console files are answered with their type, an ETag and a strict policy") {
    const test::TempDir dir("pt-console-");
    write_asset(dir / "index.html", "<!doctype html><title>x</title>");
    const ConsoleAssets assets = ConsoleAssets::load(dir.path());

    const Reply index = console_file_reply(assets, "/console/", "");
    CHECK(index.status == 200);
    CHECK(index.body == "<!doctype html><title>x</title>");
    CHECK(header_of(index, "Content-Type") == "text/html; charset=utf-8");
    CHECK(header_of(index, "Content-Security-Policy").find("script-src 'self'") !=
          std::string::npos);
    CHECK(header_of(index, "X-Content-Type-Options") == "nosniff");
    CHECK(header_of(index, "Referrer-Policy") == "no-referrer");
    const std::string etag = header_of(index, "ETag");
    CHECK(etag.size() > 2);

    const Reply again = console_file_reply(assets, "/console/index.html", etag);
    CHECK(again.status == 304);
    CHECK(again.body.empty());
    CHECK(console_file_reply(assets, "/console", "").status == 301);
    CHECK(console_file_reply(assets, "/console/missing.js", "").status == 404);
    CHECK(console_file_reply(assets, "/console/%2e%2e/etc/passwd", "").status == 404);
    CHECK(console_file_reply(ConsoleAssets{}, "/console/", "").status == 404);

    CHECK(is_console_file_path("/console/app.js"));
    CHECK_FALSE(is_console_file_path("/console/api/me"));
    CHECK_FALSE(is_console_file_path("/consoles"));
}

}  // namespace pt::server
