#include "platform/window/window.h"

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <utility>

namespace pt::platform {
namespace {

Window* self(GLFWwindow* window) {
    return static_cast<Window*>(glfwGetWindowUserPointer(window));
}

std::string glfw_error() {
    const char* description = nullptr;
    glfwGetError(&description);
    return description != nullptr ? description : "unknown error";
}

void open_display() {
    // A second glfwInit() after expected_shape() returns at once.
    if (glfwInit() != GLFW_TRUE) throw WindowError("cannot open the display: " + glfw_error());
}

}  // namespace

ScreenShape Window::expected_shape(const WindowOptions& options) {
    open_display();
    ScreenShape shape;
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    if (monitor != nullptr) {
        float x = 1.0f;
        float y = 1.0f;
        glfwGetMonitorContentScale(monitor, &x, &y);
        shape.content_scale = std::max(x, y);
    }
    if (options.windowed) {
        // GLFW_SCALE_TO_MONITOR grows a development window by the content scale.
        shape.width = static_cast<int>(static_cast<float>(options.windowed->first) *
                                       shape.content_scale);
        shape.height = static_cast<int>(static_cast<float>(options.windowed->second) *
                                        shape.content_scale);
    } else if (const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr) {
        shape.width = mode->width;
        shape.height = mode->height;
    }
    return shape;
}

Window::Window(const WindowOptions& options) {
    open_display();
    // OpenGL 3.0 is what Mesa's llvmpipe and every panel PC's GPU offers; ImGui needs no more.
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    GLFWmonitor* monitor = nullptr;
    int width = 0;
    int height = 0;
    if (options.windowed) {
        std::tie(width, height) = *options.windowed;
        glfwWindowHint(GLFW_RESIZABLE, GLFW_FALSE);
    } else {
        // Fullscreen in the monitor's own mode: no mode switch, no scaling by the display.
        monitor = glfwGetPrimaryMonitor();
        if (monitor == nullptr) {
            glfwTerminate();
            throw WindowError("no monitor found: " + glfw_error());
        }
        const GLFWvidmode* mode = glfwGetVideoMode(monitor);
        glfwWindowHint(GLFW_RED_BITS, mode->redBits);
        glfwWindowHint(GLFW_GREEN_BITS, mode->greenBits);
        glfwWindowHint(GLFW_BLUE_BITS, mode->blueBits);
        glfwWindowHint(GLFW_REFRESH_RATE, mode->refreshRate);
        width = mode->width;
        height = mode->height;
    }
    window_ = glfwCreateWindow(width, height, options.title.c_str(), monitor, nullptr);
    if (window_ == nullptr) {
        const std::string why = glfw_error();
        glfwTerminate();
        throw WindowError("cannot create an OpenGL 3 window: " + why);
    }
    glfwSetWindowUserPointer(window_, this);
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(1);  // frames are drawn on input only; no tearing when they are

    IMGUI_CHECKVERSION();
    ImGui::CreateContext(options.font_atlas ? options.font_atlas() : nullptr);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // a kiosk keeps no window layout on disk
    io.LogFilename = nullptr;
    ImGui_ImplGlfw_InitForOpenGL(window_, false);
    ImGui_ImplOpenGL3_Init("#version 130");
    glfwSetKeyCallback(window_, &Window::on_key);
    glfwSetCharCallback(window_, &Window::on_char);
    glfwSetMouseButtonCallback(window_, &Window::on_mouse_button);
    glfwSetScrollCallback(window_, &Window::on_scroll);
    glfwSetWindowFocusCallback(window_, &Window::on_focus);
    glfwSetCursorEnterCallback(window_, &Window::on_cursor_enter);
}

Window::~Window() {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window_);
    glfwTerminate();
}

void Window::type_text(const std::string& utf8) {
    ImGuiIO& io = ImGui::GetIO();
    for (const char c : utf8) {
        if (c == '\b') {
            // Backspace typed by a person reaches ImGui as the key (held back with the rest).
            io.KeysDown[GLFW_KEY_BACKSPACE] = true;
            return;
        }
    }
    io.AddInputCharactersUTF8(utf8.c_str());
}

void Window::wait(std::optional<std::chrono::milliseconds> timeout) {
    if (!timeout) {
        glfwWaitEvents();
    } else if (timeout->count() <= 0) {
        glfwPollEvents();
    } else {
        glfwWaitEventsTimeout(static_cast<double>(timeout->count()) / 1000.0);
    }
}

void Window::wake() {
    glfwPostEmptyEvent();
}

void Window::begin_frame() {
    ImGui_ImplOpenGL3_NewFrame();  // the first call creates shaders and the font texture
    if (!device_ready_) {
        device_ready_ = true;
        drop_font_pixels();
    }
    ImGui_ImplGlfw_NewFrame();
    // The backend reads the pointer only while the window has focus; a kiosk without a window
    // manager may never be told it has, and a touch must work regardless.
    double x = 0;
    double y = 0;
    glfwGetCursorPos(window_, &x, &y);
    ImGui::GetIO().MousePos = {static_cast<float>(x), static_cast<float>(y)};
    ImGui::NewFrame();
}

void Window::end_frame() {
    ImGui::Render();
    int width = 0;
    int height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    glViewport(0, 0, width, height);
    glClearColor(0.07f, 0.08f, 0.09f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(window_);
    // A Backspace handed over by type_text() is one press: release it after the frame.
    ImGui::GetIO().KeysDown[GLFW_KEY_BACKSPACE] = false;
}

void Window::finish() {
    glFinish();
}

void Window::rebuild_fonts_texture() {
    // Before the first frame the backend has no texture yet: it uploads the atlas then. Making
    // one here would be replaced (and leaked, 4 MB) by that upload, which would also rasterise
    // the fonts a second time because their pixels were dropped.
    if (!device_ready_) return;
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    drop_font_pixels();
}

void Window::drop_font_pixels() {
    // The GPU has the atlas now; the CPU copies (alpha and RGBA, several MB) are not needed.
    ImGui::GetIO().Fonts->ClearTexData();
}

int Window::width() const {
    int width = 0;
    int height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    return width;
}

int Window::height() const {
    int width = 0;
    int height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    return height;
}

float Window::content_scale() const {
    float x = 1.0f;
    float y = 1.0f;
    glfwGetWindowContentScale(window_, &x, &y);
    return std::max(x, y);
}

bool Window::should_close() const {
    return glfwWindowShouldClose(window_) != 0;
}

bool Window::take_activity() {
    return std::exchange(activity_, false);
}

void Window::on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
    Window* w = self(window);
    w->activity_ = true;
    if (action != GLFW_RELEASE && w->key_sink_) {
        const auto now = std::chrono::steady_clock::now();
        if (key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER) {
            w->key_sink_({WindowKey::Kind::enter, 0, now});
            return;
        }
        if (key == GLFW_KEY_TAB) {
            w->key_sink_({WindowKey::Kind::tab, 0, now});
            return;
        }
        if (key == GLFW_KEY_BACKSPACE) {
            w->key_sink_({WindowKey::Kind::character, U'\b', now});
            return;
        }
    }
    if (key == GLFW_KEY_ENTER || key == GLFW_KEY_KP_ENTER || key == GLFW_KEY_TAB ||
        key == GLFW_KEY_BACKSPACE) {
        return;  // their releases too: ImGui never sees these keys directly
    }
    ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}

void Window::on_char(GLFWwindow* window, unsigned int codepoint) {
    Window* w = self(window);
    w->activity_ = true;
    if (w->key_sink_) {
        w->key_sink_({WindowKey::Kind::character, static_cast<char32_t>(codepoint),
                      std::chrono::steady_clock::now()});
    }
}

void Window::on_mouse_button(GLFWwindow* window, int button, int action, int mods) {
    self(window)->activity_ = true;
    ImGui_ImplGlfw_MouseButtonCallback(window, button, action, mods);
}

void Window::on_scroll(GLFWwindow* window, double x, double y) {
    self(window)->activity_ = true;
    ImGui_ImplGlfw_ScrollCallback(window, x, y);
}

void Window::on_focus(GLFWwindow* window, int focused) {
    ImGui_ImplGlfw_WindowFocusCallback(window, focused);
}

void Window::on_cursor_enter(GLFWwindow* window, int entered) {
    ImGui_ImplGlfw_CursorEnterCallback(window, entered);
}

}  // namespace pt::platform
