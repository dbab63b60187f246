// A real Chromium, headless, driven through chromedriver's W3C WebDriver protocol (JSON over
// HTTP on loopback) — the console's browser tests and its page-timing benchmark. The protocol is
// small enough to speak with the tests' own HTTP client, which keeps the browser tests in the
// same C++ harness as the kiosk they also drive (tests/e2e). chromedriver dies with the test
// program (PR_SET_PDEATHSIG), and with it its browser.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/http_client.h"

namespace pt::test {

class WebDriverError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// An element of the page, as WebDriver names it.
struct Element {
    std::string id;
};

class Browser {
public:
    /// Starts chromedriver and a headless Chromium with a `width`×`height` window. Throws
    /// WebDriverError when either is missing or does not come up.
    Browser(int width, int height, const std::filesystem::path& log_dir);
    ~Browser();
    Browser(const Browser&) = delete;
    Browser& operator=(const Browser&) = delete;

    void go(const std::string& url);
    /// Resizes the window (the page's viewport follows).
    void resize(int width, int height);
    [[nodiscard]] std::string url();
    /// The first element matching `css`, waiting up to `timeout` for one; throws otherwise.
    Element find(const std::string& css,
                 std::chrono::milliseconds timeout = std::chrono::seconds(10));
    /// Every element matching `css` now (maybe none).
    std::vector<Element> find_all(const std::string& css);
    /// Whether an element matching `css` appears within `timeout`.
    bool appears(const std::string& css,
                 std::chrono::milliseconds timeout = std::chrono::seconds(10));
    /// The first element matching `css` whose text contains `text`, waiting like find().
    Element find_with_text(const std::string& css, const std::string& text,
                           std::chrono::milliseconds timeout = std::chrono::seconds(10));
    void click(const Element& element);
    /// Types `text` into the element (as keystrokes; "\uE007" is Enter).
    void type(const Element& element, const std::string& text);
    void clear(const Element& element);
    [[nodiscard]] std::string text(const Element& element);
    /// A DOM property (`value`, `checked`, `tagName`) as JSON.
    [[nodiscard]] nlohmann::json property(const Element& element, const std::string& name);
    /// Runs `script` (a function body; `arguments` holds `args`) and returns its result; an
    /// async script's last argument is the callback to call with the result.
    nlohmann::json run(const std::string& script,
                       const nlohmann::json& args = nlohmann::json::array());
    nlohmann::json run_async(const std::string& script,
                             const nlohmann::json& args = nlohmann::json::array());
    /// Saves the page as a PNG; returns the path.
    std::filesystem::path screenshot(const std::filesystem::path& file);
    /// Waits until `condition` (a function body returning a truthy value) holds; throws with
    /// `what` after `timeout`.
    void wait_for(const std::string& what, const std::string& condition,
                  std::chrono::milliseconds timeout = std::chrono::seconds(10));

private:
    nlohmann::json call(const std::string& method, const std::string& path,
                        const std::optional<nlohmann::json>& body = std::nullopt);
    [[nodiscard]] std::string session_path(const std::string& rest) const;

    HttpClient http_;
    pid_t driver_pid_ = -1;
    std::string driver_url_;
    std::string session_;
    std::filesystem::path log_file_;
};

}  // namespace pt::test
