// A fresh directory under $TMPDIR (or /tmp) that is removed with everything in it when the
// object goes away. Tests put databases and server logs there, never in the source tree.
#pragma once

#include <filesystem>

namespace pt::test {

class TempDir {
public:
    /// Creates `<tmp>/<prefix>XXXXXX`; throws std::runtime_error when that fails.
    explicit TempDir(const char* prefix = "pt-test-");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    /// The directory itself.
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    /// `path() / name`.
    [[nodiscard]] std::filesystem::path operator/(const std::filesystem::path& name) const {
        return path_ / name;
    }

private:
    std::filesystem::path path_;
};

}  // namespace pt::test
