// The screen gallery (label `e2e`): draws every screen of the kiosk with realistic sample data in
// a real window (X display needed: the test scripts run it under Xvfb) at 800×480 and
// 1920×1080, in English and German, writes one PNG per screen, language and size, and checks
// what a frame can be checked for without a person looking: every touch target inside the
// window, big enough, not overlapping another, with a unique id; no intent without a tap; no
// translation key shown instead of its text (screen_test checks the same and more without a
// window, and that English and German have the same keys). A plan of 10,000 work steps must
// render on both workbench screens (its frame times are reported).
//
//   PT_SCREENSHOT_DIR  where the PNGs go (default <build>/screenshots/gallery)
//   PT_GALLERY_ONLY    only shots whose name contains this (e.g. `login`, `-de-`, `1920`)
//
// Next to each `<shot>.png` a `<shot>.targets.txt` lists the frame's touch targets.
#define GLFW_INCLUDE_NONE
#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <doctest/doctest.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "platform/window/window.h"
#include "tests/support/xvfb.h"
#include "tests/ui/sample_model.h"
#include "ui/frame_context.h"
#include "ui/i18n.h"
#include "ui/shell.h"
#include "ui/theme.h"
#include "ui/touch_targets.h"

// ---- allocation counter: how many C++ allocations one settled frame's drawing makes ----------
namespace {
// Atomic: llvmpipe's threads may allocate while the UI thread counts.
std::atomic<bool> g_count_allocations{false};
std::atomic<std::size_t> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
    if (g_count_allocations.load(std::memory_order_relaxed))
        g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
// Mesa's LLVM allocates with the nothrow form and frees with the plain delete below, so both
// forms must come from the same allocator (ASan reports the mix otherwise).
void* operator new(std::size_t size, const std::nothrow_t& /*tag*/) noexcept {
    if (g_count_allocations.load(std::memory_order_relaxed))
        g_allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(size == 0 ? 1 : size);
}
// GCC warns that free() meets memory from operator new: it cannot see that new is the malloc
// above.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t /*size*/) noexcept {
    std::free(p);
}
#pragma GCC diagnostic pop

namespace {

using namespace pt;
using ui::sample::ModelOptions;
using ui::sample::SampleData;

constexpr int kSettleFrames = 3;  // the layout of a new screen settles within a few frames

struct Size {
    int w;
    int h;
};
constexpr Size kSizes[] = {{800, 480}, {1920, 1080}};
const char* const kLanguages[] = {"en", "de"};

std::filesystem::path output_dir() {
    const char* dir = std::getenv("PT_SCREENSHOT_DIR");
    return dir != nullptr && *dir != '\0' ? std::filesystem::path(dir)
                                          : std::filesystem::path(PT_GALLERY_DEFAULT_DIR);
}

bool selected(const std::string& shot) {
    const char* only = std::getenv("PT_GALLERY_ONLY");
    return only == nullptr || *only == '\0' || shot.find(only) != std::string::npos;
}

/// Looks like a translation key (`detail.start`): lower-case words joined by dots.
bool looks_like_key(const std::string& text) {
    if (text.find('.') == std::string::npos || text.front() == '.' || text.back() == '.')
        return false;
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || c == '_' || c == '.'; });
}

std::string describe(const ui::TouchTarget& t) {
    char buffer[160];
    std::snprintf(buffer, sizeof buffer, " [x %.1f y %.1f w %.1f h %.1f%s]", double{t.x},
                  double{t.y}, double{t.w}, double{t.h}, t.enabled ? "" : " disabled");
    return "`" + t.id + "`" + buffer;
}

/// What a frame can be checked for (see the file comment).
void check_frame(const std::string& shot, const std::vector<ui::TouchTarget>& targets,
                 const std::vector<app::Intent>& intents, const ui::Metrics& metrics, Size size) {
    INFO("shot ", shot);
    CHECK_MESSAGE(intents.empty(), shot, ": ", intents.size(),
                  " intent(s) emitted by drawing alone, without a tap");
    constexpr float kSlack = 1.0f;  // sub-pixel rounding
    std::set<std::string> ids;
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const ui::TouchTarget& t = targets[i];
        CHECK_MESSAGE(ids.insert(t.id).second, shot, ": id ", describe(t), " is not unique");
        CHECK_MESSAGE(
            (t.x >= -kSlack && t.y >= -kSlack && t.x + t.w <= static_cast<float>(size.w) + kSlack &&
             t.y + t.h <= static_cast<float>(size.h) + kSlack),
            shot, ": ", describe(t), " lies (partly) outside the window");
        if (t.enabled) {
            CHECK_MESSAGE((t.w >= metrics.target - kSlack && t.h >= metrics.target - kSlack), shot,
                          ": ", describe(t), " is smaller than the minimum touch target ",
                          metrics.target, " px");
        }
        CHECK_MESSAGE(!looks_like_key(t.label), shot, ": ", describe(t),
                      " shows the translation key `", t.label, "` (missing text)");
        for (std::size_t j = i + 1; j < targets.size(); ++j) {
            const ui::TouchTarget& u = targets[j];
            const float ox = std::min(t.x + t.w, u.x + u.w) - std::max(t.x, u.x);
            const float oy = std::min(t.y + t.h, u.y + u.h) - std::max(t.y, u.y);
            CHECK_MESSAGE(!(ox > kSlack && oy > kSlack), shot, ": ", describe(t), " and ",
                          describe(u), " overlap by ", ox, " × ", oy, " px");
        }
    }
}

void write_targets(const std::filesystem::path& path, const std::vector<ui::TouchTarget>& targets) {
    std::ofstream out(path);
    for (const auto& t : targets) {
        char rect[96];
        std::snprintf(rect, sizeof rect, "%7.1f %7.1f %7.1f %7.1f", double{t.x}, double{t.y},
                      double{t.w}, double{t.h});
        out << rect << (t.enabled ? "   " : " x ") << t.id << "  \"" << t.label << "\"\n";
    }
}

struct FrameStats {
    double draw_ms = 0;   ///< Shell::draw alone (the screens' CPU cost)
    double frame_ms = 0;  ///< the whole frame: ImGui, GL rendering (llvmpipe: CPU too), swap
    std::size_t allocations = 0;  ///< C++ allocations inside Shell::draw
};

/// The process's one window (platform::Window: one per process — a second one after the first
/// was destroyed fails to reach the X server now and then), made at the first size asked for.
platform::Window& shared_window(Size size) {
    static std::optional<platform::Window> window;
    if (!window) {
        window.emplace(platform::WindowOptions{.windowed = {{size.w, size.h}},
                                               .title = "Partner Terminal screen gallery"});
        // No pointer: hover highlights would depend on where Xvfb's cursor happens to be.
        ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NoMouse;
    }
    return *window;
}

/// Resizes the window (no window manager under Xvfb: at once) and waits until the framebuffer
/// has the size. False if it does not get there.
bool resize(platform::Window& window, Size size) {
    if (window.width() == size.w && window.height() == size.h) return true;
    GLFWwindow* handle = glfwGetCurrentContext();
    if (handle == nullptr) return false;
    glfwSetWindowSize(handle, size.w, size.h);
    for (int i = 0; i < 200; ++i) {
        glfwPollEvents();
        if (window.width() == size.w && window.height() == size.h) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

/// The window at one size with the theme, the fonts and both languages loaded.
class Gallery {
public:
    explicit Gallery(Size size) : size_(size), window_(shared_window(size)) {
        if (!resize(window_, size)) {
            throw std::runtime_error(
                "the window does not become " + std::to_string(size.w) + "x" +
                std::to_string(size.h) + " (it is " + std::to_string(window_.width()) + "x" +
                std::to_string(window_.height()) + "; is the X screen large enough?)");
        }
        metrics_ = ui::metrics_for(window_.width(), window_.height(), window_.content_scale());
        fonts_ = ui::load_fonts(metrics_);
        ui::apply_theme(metrics_);
        window_.rebuild_fonts_texture();
        for (const char* language : kLanguages)
            translations_.push_back(ui::Translations::load(PT_TRANSLATIONS_DIR, language));
    }

    [[nodiscard]] const platform::Window& window() const { return window_; }
    [[nodiscard]] const ui::Metrics& metrics() const { return metrics_; }

    /// Draws `frames` frames of `model` with `shell`; returns the last frame's stats.
    FrameStats draw(ui::Shell& shell, const app::UiModel& model, int frames) {
        const ui::Translations& tr = translation(model.language);
        FrameStats stats;
        for (int f = 0; f < frames; ++f) {
            const auto frame_start = std::chrono::steady_clock::now();
            window_.begin_frame();
            targets_.begin_frame();
            intents_.clear();
            ui::FrameContext ctx{model, tr, fonts_, metrics_, targets_, intents_, {}};
            g_allocations = 0;
            g_count_allocations = true;
            const auto draw_start = std::chrono::steady_clock::now();
            shell.draw(ctx, static_cast<float>(size_.w), static_cast<float>(size_.h));
            const auto draw_end = std::chrono::steady_clock::now();
            g_count_allocations = false;
            window_.end_frame();
            const auto frame_end = std::chrono::steady_clock::now();
            stats.draw_ms =
                std::chrono::duration<double, std::milli>(draw_end - draw_start).count();
            stats.frame_ms =
                std::chrono::duration<double, std::milli>(frame_end - frame_start).count();
            stats.allocations = g_allocations;
        }
        return stats;
    }

    [[nodiscard]] std::vector<ui::TouchTarget> targets() const { return targets_.snapshot(); }
    [[nodiscard]] const std::vector<app::Intent>& intents() const { return intents_; }

    /// Draws one more frame of `model` with `shell` like Window::end_frame() does, but reads
    /// the back buffer instead of swapping (the front buffer reads back black under Xvfb) and
    /// writes it as a PNG. False if that failed or the picture is one flat colour.
    bool capture(ui::Shell& shell, const app::UiModel& model, const std::filesystem::path& path) {
        window_.begin_frame();
        targets_.begin_frame();
        intents_.clear();
        ui::FrameContext ctx{
            model, translation(model.language), fonts_, metrics_, targets_, intents_, {}};
        shell.draw(ctx, static_cast<float>(size_.w), static_cast<float>(size_.h));
        ImGui::Render();
        glViewport(0, 0, size_.w, size_.h);
        glClearColor(0.07f, 0.08f, 0.09f, 1.0f);  // as Window::end_frame()
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        glFinish();

        std::vector<unsigned char> pixels(static_cast<std::size_t>(size_.w) *
                                          static_cast<std::size_t>(size_.h) * 3);
        glReadBuffer(GL_BACK);
        glPixelStorei(GL_PACK_ALIGNMENT, 1);
        glReadPixels(0, 0, size_.w, size_.h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
        if (glGetError() != GL_NO_ERROR) return false;
        bool flat = true;
        for (std::size_t i = 3; i < pixels.size() && flat; ++i)
            flat = pixels[i] == pixels[i % 3];
        stbi_flip_vertically_on_write(1);
        const int ok =
            stbi_write_png(path.string().c_str(), size_.w, size_.h, 3, pixels.data(), size_.w * 3);
        return ok != 0 && !flat;
    }

private:
    const ui::Translations& translation(const std::string& language) const {
        for (const auto& tr : translations_)
            if (tr.language() == language) return tr;
        return translations_.front();
    }

    Size size_;
    platform::Window& window_;
    ui::Metrics metrics_;
    ui::Fonts fonts_;
    std::vector<ui::Translations> translations_;
    ui::TouchTargets targets_;
    std::vector<app::Intent> intents_;
};

struct Shot {
    std::string name;  ///< `<screen>` or `<screen>_<variant>`
    app::Screen screen;
    ModelOptions options;
};

std::vector<Shot> shots_for(const SampleData& data) {
    std::vector<Shot> shots;
    for (int i = 0; i < app::kScreenCount; ++i) {
        const auto screen = static_cast<app::Screen>(i);
        shots.push_back({std::string(app::name_of(screen)), screen, {}});
    }
    shots.push_back(
        {"login_pin", app::Screen::login, {.login_state = app::SessionState::pin_needed}});
    shots.push_back(
        {"login_checking", app::Screen::login, {.login_state = app::SessionState::logging_in}});
    // The detail of a paused, a finished and an open step too (different actions).
    for (const auto status : {plan::WorkStepStatus::paused, plan::WorkStepStatus::finished,
                              plan::WorkStepStatus::open}) {
        for (const auto& w : data.view.view.work_steps) {
            if (w.status != status) continue;
            const char* variant = status == plan::WorkStepStatus::paused     ? "paused"
                                  : status == plan::WorkStepStatus::finished ? "finished"
                                                                             : "open";
            shots.push_back({std::string("work_step_detail_") + variant,
                             app::Screen::work_step_detail,
                             {.work_step_id = w.id}});
            break;
        }
    }
    shots.push_back({"login_notice",
                     app::Screen::login,
                     {.notice = "Badge not accepted. Please ask your supervisor."}});
    shots.push_back({"login_not_enrolled", app::Screen::login, {.enrolled = false}});
    shots.push_back({"login_revoked", app::Screen::login, {.revoked = true}});
    shots.push_back({"technician_revoked", app::Screen::technician, {.revoked = true}});
    shots.push_back({"shell_revoked", app::Screen::workbench_terminal, {.revoked = true}});
    // The shell's own states and overlays, over the workbench.
    shots.push_back({"shell_offline", app::Screen::workbench_terminal, {.offline = true}});
    shots.push_back({"shell_countdown", app::Screen::workbench_terminal, {.countdown_s = 7}});
    shots.push_back({"shell_toast",
                     app::Screen::workbench_terminal,
                     {.toast = app::Toast{"Saved: 120 good, 2 scrap", false, {}}}});
    shots.push_back({"shell_toast_error",
                     app::Screen::workbench_terminal,
                     {.toast = app::Toast{"No work step matches the scanned code "
                                          "\"PO-2026-9999\"",
                                          true,
                                          {}}}});
    shots.push_back({"shell_choice", app::Screen::workbench_terminal, {.choice = 3}});
    // A bundle on a USB stick waiting for the technician badge (issue 13), counting down.
    shots.push_back({"shell_update_confirm",
                     app::Screen::workbench_terminal,
                     {.update_notice = app::UpdateNotice{app::UpdateState::confirm, "0.2.0", {}}}});
    // A refused stick: the reason is a key, worded in the kiosk's language.
    shots.push_back(
        {"shell_update_refused",
         app::Screen::workbench_terminal,
         {.update_notice = app::UpdateNotice{app::UpdateState::failed, "older 0.1.0 0.2.0", {}}}});
    return shots;
}

/// The app hands notices and toasts over already translated: the German ones for `de`.
void localize_sample_texts(ModelOptions& options) {
    if (options.language != "de") return;
    if (!options.notice.empty())
        options.notice = "Ausweis nicht akzeptiert. Bitte wenden Sie sich an Ihre Vorgesetzte.";
    if (options.toast) {
        options.toast->text = options.toast->error
                                  ? "Kein Arbeitsgang passt zum gescannten Code \"PO-2026-9999\""
                                  : "Gespeichert: 120 gut, 2 Ausschuss";
    }
}

std::string shot_file(const std::string& name, const std::string& language, Size size) {
    return name + "-" + language + "-" + std::to_string(size.w) + "x" + std::to_string(size.h);
}

// The gallery draws on its own private Xvfb (started once, killed with the program), never on
// the developer's display.
void require_display() {
    static std::optional<pt::test::Xvfb> display;
    if (!display) {
        display.emplace(1920, 1080);
        ::setenv("DISPLAY", display->display().c_str(), 1);
    }
}

}  // namespace

TEST_CASE("every screen renders at 800x480 and 1920x1080 in English and German") {
    require_display();
    const SampleData data = ui::sample::make_sample(40);
    const auto shots = shots_for(data);
    const auto dir = output_dir();
    std::filesystem::create_directories(dir);
    MESSAGE("screenshots: ", dir.string());

    for (const Size size : kSizes) {
        std::optional<Gallery> gallery;
        try {
            gallery.emplace(size);
        } catch (const std::exception& e) {
            FAIL("cannot open a ", size.w, "x", size.h, " window: ", std::string(e.what()));
        }
        REQUIRE_MESSAGE(
            (gallery->window().width() == size.w && gallery->window().height() == size.h),
            "the window is ", gallery->window().width(), "x", gallery->window().height(), ", not ",
            size.w, "x", size.h, " (is the X screen large enough?)");
        std::string allocating;  // shots whose settled frame allocates, and how often
        for (const char* language : kLanguages) {
            for (const Shot& shot : shots) {
                const std::string name = shot_file(shot.name, language, size);
                if (!selected(name)) continue;
                ModelOptions options = shot.options;
                options.language = language;
                localize_sample_texts(options);
                const app::UiModel model = ui::sample::model_for(data, shot.screen, options);
                ui::Shell shell;  // fresh screens for every shot
                const FrameStats stats = gallery->draw(shell, model, kSettleFrames);
                CHECK_MESSAGE(gallery->capture(shell, model, dir / (name + ".png")), name,
                              ": no picture (GL read failed or the frame is blank)");
                const auto targets = gallery->targets();
                check_frame(name, targets, gallery->intents(), gallery->metrics(), size);
                write_targets(dir / (name + ".targets.txt"), targets);
                if (stats.allocations > 0)
                    allocating += "\n  " + name + ": " + std::to_string(stats.allocations);
            }
        }
        if (!allocating.empty()) {
            MESSAGE(
                "C++ allocations in Shell::draw of a settled frame (style.md: an idle frame "
                "must not allocate):",
                allocating);
        }
    }
}

TEST_CASE("10,000 work steps render on both workbench screens") {
    require_display();
    const SampleData big = ui::sample::make_sample(10'000);
    REQUIRE(big.view.view.work_steps.size() == 10'000);
    const auto dir = output_dir();
    std::filesystem::create_directories(dir);
    constexpr int kTimedFrames = 20;

    for (const Size size : kSizes) {
        std::optional<Gallery> gallery;
        try {
            gallery.emplace(size);
        } catch (const std::exception& e) {
            FAIL("cannot open a ", size.w, "x", size.h, " window: ", std::string(e.what()));
        }
        for (const auto screen :
             {app::Screen::workbench_terminal, app::Screen::workbench_classic}) {
            const std::string name =
                shot_file(std::string(app::name_of(screen)) + "_10k", "en", size);
            if (!selected(name)) continue;
            const app::UiModel model = ui::sample::model_for(big, screen);
            ui::Shell shell;
            gallery->draw(shell, model, kSettleFrames);
            double draw_ms = 0;
            double frame_ms = 0;
            double worst_draw_ms = 0;
            std::size_t allocations = 0;
            for (int i = 0; i < kTimedFrames; ++i) {
                const FrameStats s = gallery->draw(shell, model, 1);
                draw_ms += s.draw_ms;
                frame_ms += s.frame_ms;
                worst_draw_ms = std::max(worst_draw_ms, s.draw_ms);
                allocations = std::max(allocations, s.allocations);
            }
            CHECK_MESSAGE(gallery->capture(shell, model, dir / (name + ".png")), name,
                          ": no picture (GL read failed or the frame is blank)");
            const auto targets = gallery->targets();
            check_frame(name, targets, gallery->intents(), gallery->metrics(), size);
            write_targets(dir / (name + ".targets.txt"), targets);
            char line[200];
            std::snprintf(line, sizeof line,
                          "%s: Shell::draw %.2f ms/frame (worst %.2f), whole frame %.2f ms, "
                          "%zu targets, up to %zu C++ allocations per draw",
                          name.c_str(), draw_ms / kTimedFrames, worst_draw_ms,
                          frame_ms / kTimedFrames, targets.size(), allocations);
            MESSAGE(line);
        }
    }
}
