// The one UI loop of partner-terminal, shared by the kiosk and the set-up screen (model: Dear
// ImGui's example_glfw_opengl3 main loop; ImHex's view base owning the window). It owns the
// window, the fonts and theme (rebuilt when the window changes size), the keyboard-wedge routing
// (scans told from typing), the systemd watchdog, the `ctl` socket with its table of commands,
// and the wait between frames: a frame is drawn only when something changed, and the loop
// sleeps otherwise (idle means idle, style.md §6). A screen supplies only what it does: how it
// takes a scan, its turn, its frame and its commands (FrameScreen).
#pragma once

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "firmware/app/ui_model.h"
#include "firmware/kiosk/control_socket.h"
#include "firmware/kiosk/loop_support.h"
#include "platform/scanner/wedge_classifier.h"
#include "platform/systemd/watchdog.h"
#include "platform/window/window.h"
#include "ui/frame_context.h"
#include "ui/theme.h"
#include "ui/touch_targets.h"

namespace pt::kiosk {

using SteadyClock = std::chrono::steady_clock;
using WallTime = std::chrono::system_clock::time_point;

/// How a screen's run ends.
struct FrameLoopEnd {
    int exit_code = 0;
    /// main() starts the next program in this process (exec): not a stop for systemd.
    bool restarting_in_place = false;
};

/// What a screen run by FrameLoop supplies.
class FrameScreen {
public:
    virtual ~FrameScreen() = default;
    /// The translations the next frame is drawn with.
    [[nodiscard]] virtual const ui::Translations& translations() const = 0;
    /// A code the keyboard wedge recognised as a scan.
    virtual void on_scan(std::string code, WallTime now) = 0;
    /// `length` keys came as fast as a scanner's but without its terminator, and were dropped
    /// (unless FrameLoopOptions::fast_keys_are_typing).
    virtual void on_interrupted_scan(std::size_t length) = 0;
    /// One turn before drawing, with whether a person touched or typed since the last; true
    /// when something changed that the screen must show.
    virtual bool update(WallTime now, bool activity) = 0;
    /// The model the next frame reads; the loop sets its typed text.
    [[nodiscard]] virtual app::UiModel& model(WallTime now) = 0;
    /// Draws the frame's content.
    virtual void draw(ui::FrameContext& ctx, float width, float height) = 0;
    /// After a frame: applies what it asked for (intents, a language); true when that changed
    /// something (more frames are due).
    virtual bool after_frame(ui::FrameContext& ctx, WallTime now) = 0;
    /// When the screen next changes by itself (a clock, a count-down, a sync).
    [[nodiscard]] virtual WallTime next_deadline(WallTime now) = 0;
    /// Until when drawing waits so that other work gets the processor first; nullopt: no wait.
    [[nodiscard]] virtual std::optional<SteadyClock::time_point> quiet_until(
        SteadyClock::time_point now) = 0;
    /// True while something on screen moves by the second (a running clock).
    [[nodiscard]] virtual bool animating(WallTime now) = 0;
    /// The first frame is on screen (start-up measured, memory of the start-up returned).
    virtual void first_frame_drawn() = 0;
    /// Set once the screen is done (the set-up screen wrote the configuration).
    [[nodiscard]] virtual std::optional<FrameLoopEnd> finished() = 0;
};

/// A `ctl` command: answered at once, or once the screen has settled (no frame due), so that
/// what it reports is what is shown.
struct FrameCommand {
    enum class When : std::uint8_t { now, settled };
    When when = When::now;
    std::function<std::string(const std::string& argument, WallTime now)> run;
};

struct FrameLoopOptions {
    std::optional<std::pair<int, int>> windowed;  ///< a development window instead of fullscreen
    scanner::WedgeRule wedge;                     ///< how scans are told from typing
    /// Where `ctl` connects; empty: no control socket.
    std::filesystem::path control_socket;
    /// Typed text goes to ImGui's text fields too (the kiosk's search); the set-up screen reads
    /// it from the model only.
    bool feed_imgui_text = true;
    /// Keys as fast as a scanner's without its terminator are typing (the set-up screen has no
    /// badges: a technician typing quickly), not an interrupted scan.
    bool fast_keys_are_typing = false;
};

class FrameLoop {
public:
    /// Opens the window (fonts rasterised meanwhile on a second thread); construct it before
    /// any other thread starts (StopSignals). Throws platform::WindowError when no window can
    /// be opened.
    explicit FrameLoop(FrameLoopOptions options);

    /// Opens the control socket at FrameLoopOptions::control_socket, once its directory exists;
    /// returns why it cannot be opened (the loop runs without it), or nullopt.
    [[nodiscard]] std::optional<std::string> open_control_socket();
    /// Adds `name` to the table of `ctl` commands (the loop has `ui` and `frames` already).
    void add_command(std::string name, FrameCommand command);
    /// Runs `screen` until SIGTERM/SIGINT, a closed development window, or the screen is done;
    /// returns the process exit code.
    [[nodiscard]] int run(FrameScreen& screen);

private:
    void take_wedge(std::vector<scanner::WedgeOutput> outputs, FrameScreen& screen);
    void answer_commands(WallTime now);
    void answer_settled(WallTime now);
    /// The screen is done: the waiting requests answered, systemd told; returns the exit code.
    [[nodiscard]] int end_run(const FrameLoopEnd& end, WallTime now);
    /// Answers the waiting requests for `command` (all when empty) with "stopping".
    void refuse_settled(std::string_view command);
    void follow_window_size();
    void draw_frame(FrameScreen& screen, WallTime now);
    [[nodiscard]] std::string draw_frames(FrameScreen& screen, const std::string& argument);
    void after_first_frame(FrameScreen& screen);
    [[nodiscard]] std::chrono::milliseconds idle_wait(
        FrameScreen& screen, WallTime now, const std::optional<SteadyClock::time_point>& quiet);
    void due(int frames) { frames_due_ = std::max(frames_due_, frames); }

    FrameLoopOptions options_;
    StopSignals signals_;  // first: every thread started after it inherits the mask
    ImFontAtlas atlas_;    // outlives the window, whose ImGui context shares it
    ui::Fonts fonts_;
    std::optional<platform::Window> window_;
    ui::Metrics metrics_;
    int width_ = 0;
    int height_ = 0;
    scanner::WedgeClassifier wedge_;
    std::vector<scanner::WedgeOutput> pending_outputs_;  // from the key sink, taken each turn
    std::string typed_;
    bool typed_enter_ = false;
    std::unique_ptr<ControlServer> control_;
    std::map<std::string, FrameCommand> commands_;
    std::vector<std::unique_ptr<ControlRequest>> settled_;  // answered once no frame is due
    platform::Watchdog watchdog_;
    ui::TouchTargets targets_;
    std::vector<app::Intent> intents_;
    int frames_due_ = 2;
    bool first_frame_ = true;
};

}  // namespace pt::kiosk
