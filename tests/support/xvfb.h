// A private X display for UI tests: Xvfb on the first free display number from :90 on, started
// by the test itself and killed with it (PR_SET_PDEATHSIG), so `ctest -L e2e` needs nothing set
// up beforehand and never touches the developer's own display.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

namespace pt::test {

class Xvfb {
public:
    /// Starts Xvfb with one screen of `width` × `height` × 24 and waits until it accepts
    /// clients. Throws std::runtime_error when Xvfb is missing or does not come up.
    Xvfb(int width, int height);
    ~Xvfb();
    Xvfb(const Xvfb&) = delete;
    Xvfb& operator=(const Xvfb&) = delete;

    /// `:N`, for the DISPLAY variable.
    [[nodiscard]] const std::string& display() const { return display_; }
    /// Saves the whole screen as a PNG (ImageMagick's `import`). Throws std::runtime_error.
    void screenshot(const std::filesystem::path& png) const;

private:
    pid_t pid_ = -1;
    std::string display_;
};

/// Runs a shell command with DISPLAY set; returns its exit status (-1 if it could not run).
[[nodiscard]] int run_on_display(const std::string& display, const std::string& command);

/// Where the UI tests write their screenshots: $PT_SCREENSHOT_DIR, else `default_dir`.
[[nodiscard]] std::filesystem::path screenshot_dir(const std::filesystem::path& default_dir);

}  // namespace pt::test
