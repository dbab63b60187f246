#include "sync/server/console_assets.h"

#include <array>
#include <fstream>
#include <iterator>
#include <system_error>

#include "sync/server/plan_service.h"
#include "sync/server/tokens.h"

namespace pt::server {
namespace {

struct Kind {
    std::string_view extension;
    std::string_view content_type;
};
constexpr std::array kKinds{
    Kind{".html", "text/html; charset=utf-8"},
    Kind{".js", "text/javascript; charset=utf-8"},
    Kind{".css", "text/css; charset=utf-8"},
    Kind{".svg", "image/svg+xml"},
};

const Kind* kind_of(std::string_view name) {
    for (const Kind& kind : kKinds) {
        if (name.size() > kind.extension.size() && name.ends_with(kind.extension)) return &kind;
    }
    return nullptr;
}

bool name_character(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

std::string read_bounded(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ConsoleAssetsError("cannot read " + file.string());
    std::string content;
    content.resize(ConsoleAssets::kMaxFileBytes + 1);
    in.read(content.data(), static_cast<std::streamsize>(content.size()));
    content.resize(static_cast<std::size_t>(in.gcount()));
    if (content.size() > ConsoleAssets::kMaxFileBytes) {
        throw ConsoleAssetsError(file.string() + " is larger than " +
                                 std::to_string(ConsoleAssets::kMaxFileBytes) + " bytes");
    }
    return content;
}

}  // namespace

bool is_console_asset_name(std::string_view name) {
    if (name.empty() || name.size() > 64 || name.front() == '.' || name.front() == '-')
        return false;
    for (const char c : name) {
        if (!name_character(c)) return false;
    }
    return name.find("..") == std::string_view::npos && kind_of(name) != nullptr;
}

ConsoleAssets ConsoleAssets::load(const std::filesystem::path& dir) {
    ConsoleAssets assets;
    std::error_code error;
    std::filesystem::directory_iterator entries(dir, error);
    if (error) throw ConsoleAssetsError("cannot read " + dir.string() + ": " + error.message());
    std::size_t total = 0;
    for (const auto& entry : entries) {
        const std::string name = entry.path().filename().string();
        if (!is_console_asset_name(name) || !entry.is_regular_file(error)) continue;
        if (assets.files_.size() == kMaxFiles) {
            throw ConsoleAssetsError(dir.string() + " holds more than " +
                                     std::to_string(kMaxFiles) + " console files");
        }
        ConsoleAsset asset;
        asset.content = read_bounded(entry.path());
        total += asset.content.size();
        if (total > kMaxTotalBytes) {
            throw ConsoleAssetsError(dir.string() + "'s console files exceed " +
                                     std::to_string(kMaxTotalBytes) + " bytes");
        }
        asset.content_type = std::string(kind_of(name)->content_type);
        asset.etag = "\"" + hash_token(asset.content).substr(0, 32) + "\"";
        assets.files_.emplace(name, std::move(asset));
    }
    if (assets.find("index.html") == nullptr)
        throw ConsoleAssetsError(dir.string() + " has no index.html: not the console's folder");
    return assets;
}

const ConsoleAsset* ConsoleAssets::find(std::string_view name) const {
    const auto it = files_.find(name);
    return it == files_.end() ? nullptr : &it->second;
}

std::size_t ConsoleAssets::total_bytes() const {
    std::size_t total = 0;
    for (const auto& [name, asset] : files_)
        total += asset.content.size();
    return total;
}

bool is_console_file_path(std::string_view path) {
    return path == "/console" ||
           (path.starts_with("/console/") && !path.starts_with("/console/api/"));
}

Reply console_file_reply(const ConsoleAssets& assets, std::string_view path,
                         std::string_view if_none_match) {
    if (path == "/console") {
        Reply reply{.status = 301, .body = {}, .headers = {{"Location", "/console/"}}};
        return reply;
    }
    std::string_view name = path.substr(std::string_view("/console/").size());
    if (name.empty()) name = "index.html";
    const ConsoleAsset* asset = is_console_asset_name(name) ? assets.find(name) : nullptr;
    if (asset == nullptr) {
        return error_reply(404, "not_found",
                           assets.empty()
                               ? "plan-server runs without the console's files (--console DIR)"
                               : "no such console file");
    }
    Reply reply{.status = 200, .body = {}, .headers = {}};
    if (if_none_match == asset->etag) {
        reply.status = 304;
    } else {
        reply.body = asset->content;
        reply.headers.emplace_back("Content-Type", asset->content_type);
    }
    reply.headers.emplace_back("ETag", asset->etag);
    reply.headers.emplace_back("Cache-Control", "no-cache");
    // Only the console's own scripts and styles; data never becomes markup (the pages set
    // textContent), and this policy stops any script that would slip in anyway.
    reply.headers.emplace_back("Content-Security-Policy",
                               "default-src 'none'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
                               "base-uri 'none'; frame-ancestors 'none'");
    reply.headers.emplace_back("X-Content-Type-Options", "nosniff");
    reply.headers.emplace_back("Referrer-Policy", "no-referrer");
    reply.headers.emplace_back("X-Frame-Options", "DENY");
    return reply;
}

}  // namespace pt::server
