// The kiosk's window (platform/ is the only place that includes GLFW or GL): fullscreen on the
// primary monitor in its native mode, or a development window of a given size; an OpenGL 3
// context; Dear ImGui's context and its GLFW/OpenGL 3 backends; content scale honoured.
//
// Keys: Enter, Tab and text characters do NOT go straight to ImGui. They go to the KeySink
// with their time, so the keyboard-wedge classifier can tell a scan from typing before any
// character reaches a field (a badge scanned at the PIN pad never types into it); the app then
// hands typed text to ImGui with type_text(). Every other input goes to ImGui as usual.
//
// Idle means idle: wait() sleeps in glfwWaitEventsTimeout until input, a timeout, or wake()
// from another thread (the sync engine, a scanner, the control socket).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

struct GLFWwindow;
struct ImFontAtlas;

namespace pt::platform {

/// The window or its GL context cannot be created (no display, no GL 3).
class WindowError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct WindowOptions {
    /// Width × height of a development window; unset: fullscreen on the primary monitor.
    std::optional<std::pair<int, int>> windowed;
    std::string title = "Partner Terminal";
    /// Called once the GL context exists, just before ImGui's context is created: returns the
    /// font atlas that context shares (owned by the caller, outliving the Window), so fonts can
    /// be built on another thread meanwhile. Empty or null: ImGui's own atlas.
    std::function<ImFontAtlas*()> font_atlas;
};

/// The framebuffer a Window will get and the monitor's content scale.
struct ScreenShape {
    int width = 0;
    int height = 0;
    float content_scale = 1.0f;
};

/// A key the window hands to the app instead of ImGui.
struct WindowKey {
    enum class Kind { character, enter, tab, other };
    Kind kind = Kind::character;
    char32_t character = 0;
    std::chrono::steady_clock::time_point at;
};

class Window {
public:
    using KeySink = std::function<void(const WindowKey&)>;

    /// Creates the window, the GL context and ImGui's context with both backends. Throws
    /// WindowError. One Window per process.
    explicit Window(const WindowOptions& options);
    /// What a Window with `options` will most likely get, read from the primary monitor before
    /// it exists (creating the GL context takes long; fonts can be built meanwhile). Opens the
    /// display; the Window reuses it. Throws WindowError.
    [[nodiscard]] static ScreenShape expected_shape(const WindowOptions& options);
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    /// Where Enter, Tab and characters go (see the file comment).
    void set_key_sink(KeySink sink) { key_sink_ = std::move(sink); }
    /// Gives text a person typed to ImGui's focused field.
    static void type_text(const std::string& utf8);

    /// Sleeps until input, `timeout`, or wake(); nullopt: until input or wake().
    void wait(std::optional<std::chrono::milliseconds> timeout);
    /// Wakes a wait() from any thread. Thread-safe, never fails.
    static void wake();

    /// Starts an ImGui frame (backends, mouse position).
    void begin_frame();
    /// Renders the ImGui frame and swaps buffers.
    void end_frame();
    /// Waits until the GPU has drawn everything submitted (first-frame measurement only).
    void finish();
    /// Makes the renderer's font texture again after the atlas changed (new sizes).
    void rebuild_fonts_texture();

    /// The framebuffer's size in pixels.
    [[nodiscard]] int width() const;
    [[nodiscard]] int height() const;
    /// The monitor's content scale (1.0 on ordinary panels).
    [[nodiscard]] float content_scale() const;
    /// True when the window was asked to close (only in windowed mode: a kiosk never closes).
    [[nodiscard]] bool should_close() const;
    /// True once since input arrived (a tap, a key, a scroll): resets the idle timer.
    [[nodiscard]] bool take_activity();

private:
    static void on_key(GLFWwindow* window, int key, int scancode, int action, int mods);
    static void on_char(GLFWwindow* window, unsigned int codepoint);
    static void on_mouse_button(GLFWwindow* window, int button, int action, int mods);
    static void on_scroll(GLFWwindow* window, double x, double y);
    static void on_focus(GLFWwindow* window, int focused);
    static void on_cursor_enter(GLFWwindow* window, int entered);

    static void drop_font_pixels();

    GLFWwindow* window_ = nullptr;
    bool device_ready_ = false;  ///< the renderer's shaders and font texture exist
    KeySink key_sink_;
    bool activity_ = false;
};

}  // namespace pt::platform
