// The console's static files (issue 16): plain HTML, ES modules and CSS, read once at start from
// one folder (`--console DIR`) into memory and served from there. Only flat names of the four
// kinds below, of bounded size and count, are taken, so no request ever reaches the file system.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

namespace pt::server {

class ConsoleAssetsError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ConsoleAsset {
    std::string content;
    std::string content_type;
    std::string etag;  ///< quoted, from the content's hash
};

class ConsoleAssets {
public:
    static constexpr std::size_t kMaxFileBytes = std::size_t{1} << 20;
    static constexpr std::size_t kMaxTotalBytes = std::size_t{8} << 20;
    static constexpr std::size_t kMaxFiles = 200;

    ConsoleAssets() = default;
    /// Reads `dir`'s files named `[a-z0-9][a-z0-9.-]*.(html|js|css|svg)`; other entries are
    /// skipped. Throws ConsoleAssetsError when `dir` cannot be read, has no index.html, or breaks
    /// a bound above.
    [[nodiscard]] static ConsoleAssets load(const std::filesystem::path& dir);

    /// The file `name` (a name as above, no folders); null when there is none.
    [[nodiscard]] const ConsoleAsset* find(std::string_view name) const;
    [[nodiscard]] bool empty() const { return files_.empty(); }
    [[nodiscard]] std::size_t total_bytes() const;
    [[nodiscard]] std::size_t file_count() const { return files_.size(); }

private:
    std::map<std::string, ConsoleAsset, std::less<>> files_;
};

/// Whether `name` is a name ConsoleAssets takes.
[[nodiscard]] bool is_console_asset_name(std::string_view name);

/// Whether `path` is one of the console's pages or files (`/console`, `/console/…`), not its API.
[[nodiscard]] bool is_console_file_path(std::string_view path);

struct Reply;
/// The answer to `GET path` for a console file: 200 with its type, a strict Content-Security-
/// Policy and no caching without revalidation; 304 when `if_none_match` is its ETag; 301 from
/// `/console` to `/console/`; 404 for a name there is none of (or without a console folder).
[[nodiscard]] Reply console_file_reply(const ConsoleAssets& assets, std::string_view path,
                                       std::string_view if_none_match);

}  // namespace pt::server
