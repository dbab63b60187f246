#include "firmware/kiosk/kiosk_loop.h"

#include <imgui.h>
#include <malloc.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <future>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "firmware/kiosk/control_socket.h"
#include "firmware/kiosk/loop_support.h"
#include "firmware/kiosk/terminal_app.h"
#include "platform/scanner/evdev_scanner.h"
#include "platform/scanner/serial_scanner.h"
#include "platform/scanner/wedge_classifier.h"
#include "platform/systemd/watchdog.h"
#include "platform/window/window.h"
#include "sync/store/store_error.h"
#include "ui/shell.h"

namespace pt::kiosk {
namespace {

using Json = nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

// Problems reported by scanner threads, handed to the UI thread's log.
class ProblemLog {
public:
    void add(std::string_view message) {
        std::lock_guard lock(mutex_);
        lines_.emplace_back(message);
    }
    std::vector<std::string> take() {
        std::lock_guard lock(mutex_);
        return std::exchange(lines_, {});
    }

private:
    std::mutex mutex_;
    std::vector<std::string> lines_;
};

std::string route_json(const app::ScanRoute& route) {
    return Json{{"kind", app::name_of(route.kind)},
                {"code", route.code},
                {"message", route.message},
                {"work_step_ids", route.work_step_ids}}
               .dump(2, ' ', false, Json::error_handler_t::replace) +
           "\n";
}

// Milliseconds since this process was started by the kernel (/proc/self/stat `starttime`, in
// clock ticks since boot, against CLOCK_BOOTTIME): what "start to first frame" is measured from.
double ms_since_process_start() {
    std::FILE* stat = std::fopen("/proc/self/stat", "r");
    if (stat == nullptr) return -1;
    char buffer[1024];
    const std::size_t n = std::fread(buffer, 1, sizeof buffer - 1, stat);
    std::fclose(stat);
    buffer[n] = '\0';
    const char* after_name = std::strrchr(buffer, ')');  // the name may contain spaces
    if (after_name == nullptr) return -1;
    unsigned long long start_ticks = 0;
    // Fields 3..22 follow the name; starttime is field 22.
    if (std::sscanf(after_name + 2,
                    "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d "
                    "%llu",
                    &start_ticks) != 1) {
        return -1;
    }
    timespec boot{};
    ::clock_gettime(CLOCK_BOOTTIME, &boot);
    const double now_ms =
        static_cast<double>(boot.tv_sec) * 1e3 + static_cast<double>(boot.tv_nsec) / 1e6;
    return now_ms -
           static_cast<double>(start_ticks) * 1e3 / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

double process_cpu_ms() {
    timespec t{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

}  // namespace

int run_kiosk(const LoopOptions& options) {
    const config::TerminalConfig& config = options.config;
    // The language must have its translation file; say so before opening anything.
    ui::Translations tr;
    try {
        tr = ui::Translations::load(options.translations_dir, config.language);
    } catch (const ui::TranslationError& error) {
        std::fprintf(stderr, "partner-terminal: %s: key 'language': %s\n",
                     options.config_file.c_str(), error.what());
        return 2;
    }
    StopSignals signals;  // before any thread starts, so all of them inherit the mask

    // Creating the GL context takes most of the start-up (~60 ms on llvmpipe): the fonts are
    // rasterised on a second thread meanwhile, at the sizes the expected screen needs.
    ImFontAtlas atlas;  // outlives the window, whose ImGui context shares it
    std::optional<ui::Metrics> built_for;
    ui::Fonts fonts;
    std::optional<platform::Window> window;
    try {
        platform::WindowOptions window_options{.windowed = options.windowed};
        const platform::ScreenShape shape = platform::Window::expected_shape(window_options);
        built_for = ui::metrics_for(shape.width, shape.height, shape.content_scale);
        auto building =
            std::async(std::launch::async, [&] { return ui::build_fonts(atlas, *built_for); });
        window_options.font_atlas = [&]() -> ImFontAtlas* {
            try {
                fonts = building.get();
            } catch (const std::exception&) {
                built_for.reset();  // built again below, where the error is reported
            }
            return &atlas;
        };
        window.emplace(window_options);
    } catch (const platform::WindowError& error) {
        std::fprintf(stderr, "partner-terminal: %s\n", error.what());
        return 1;
    }
    signals.start();
    ui::Metrics metrics =
        ui::metrics_for(window->width(), window->height(), window->content_scale());
    if (built_for == metrics) {
        ui::use_fonts(fonts);
    } else {
        fonts = ui::load_fonts(metrics);  // the window came out differently than expected
    }
    ui::apply_theme(metrics);
    window->rebuild_fonts_texture();

    std::unique_ptr<TerminalApp> app;
    try {
        app = std::make_unique<TerminalApp>(
            KioskOptions{.config = config,
                         .config_file = options.config_file,
                         .version = options.version,
                         .languages = ui::Translations::available(options.translations_dir),
                         .wake = &platform::Window::wake,
                         .system_image = read_system_image()});
    } catch (const store::StoreError& error) {
        std::fprintf(stderr, "partner-terminal: cannot open the terminal database: %s\n",
                     error.what());
        return 1;
    } catch (const std::exception& error) {
        // main() checked the configuration (TerminalApp::configuration_problem); whatever is
        // left is reported, not an abort.
        std::fprintf(stderr, "partner-terminal: cannot start: %s\n", error.what());
        return 1;
    }

    scanner::ScanQueue scans;
    scans.set_wake(&platform::Window::wake);
    ProblemLog problems;
    const auto problem_sink = [&problems](std::string_view message) { problems.add(message); };
    std::unique_ptr<scanner::SerialScanner> serial;
    std::unique_ptr<scanner::EvdevScanner> evdev;
    try {
        if (!config.scanner.serial_device.empty())
            serial = std::make_unique<scanner::SerialScanner>(config.scanner, scans, problem_sink);
        if (!config.scanner.evdev_device.empty())
            evdev = std::make_unique<scanner::EvdevScanner>(config.scanner, scans, problem_sink);
    } catch (const std::exception& error) {
        // A missing scanner must not keep the kiosk down: the wedge and `ctl scan` still work.
        app->log(std::string("scanner not available: ") + error.what());
    }

    scanner::WedgeClassifier wedge(scanner::WedgeRule::from(config.scanner));
    std::string typed;
    bool typed_enter = false;
    const auto take_wedge = [&](std::vector<scanner::WedgeOutput> outputs) {
        for (auto& output : outputs) {
            if (auto* scan = std::get_if<scanner::Scan>(&output)) {
                scans.push(std::move(*scan));
            } else if (auto* text = std::get_if<scanner::Typed>(&output)) {
                if (text->text == "\n") {
                    typed_enter = true;
                } else if (text->text != "\t") {
                    typed += text->text;
                }
            } else if (auto* rejected = std::get_if<scanner::Rejected>(&output)) {
                app->log("interrupted scan ignored (" + std::to_string(rejected->text.size()) +
                         " characters)");
            }
        }
    };
    window->set_key_sink(
        [&](const platform::WindowKey& key) { route_key(wedge, key, take_wedge, typed); });

    std::unique_ptr<ControlServer> control;
    try {
        control = std::make_unique<ControlServer>(control_socket_path(config.data_dir),
                                                  &platform::Window::wake);
    } catch (const std::exception& error) {
        app->log(std::string("control socket not available: ") + error.what());
    }

    platform::Watchdog watchdog;
    ui::Shell shell;
    ui::TouchTargets targets;
    std::vector<app::Intent> intents;
    std::vector<std::unique_ptr<ControlRequest>> held;  // answered once the screen settled
    int frames_due = 2;
    bool first_frame = true;
    int last_w = window->width();
    int last_h = window->height();

    std::string next_language;
    // One frame of the current model: typed text in, shell drawn, intents and language out.
    const auto draw_frame = [&](std::chrono::system_clock::time_point now) {
        ui::UiModel& model = app->model(now);
        model.typed_text = typed;
        model.typed_enter = typed_enter;
        if (!typed.empty()) platform::Window::type_text(typed);
        typed.clear();
        typed_enter = false;
        window->begin_frame();
        targets.begin_frame();
        intents.clear();
        ui::FrameContext ctx{model, tr, fonts, metrics, targets, intents, {}};
        shell.draw(ctx, static_cast<float>(last_w), static_cast<float>(last_h));
        window->end_frame();
        model.typed_text.clear();
        model.typed_enter = false;
        next_language = std::move(ctx.next_language);
        app->frame_drawn(SteadyClock::now());
    };
    // `ctl frames N`: N frames back to back, for the benchmark's CPU time per frame.
    // The count was checked when the request came in (parse_frame_count: 1 to 1000).
    const auto draw_frames = [&](const std::string& argument) {
        const int count = parse_frame_count(argument).value_or(1);
        const double cpu_before = process_cpu_ms();
        const auto wall_before = SteadyClock::now();
        for (int i = 0; i < count; ++i) {
            draw_frame(std::chrono::system_clock::now());
            watchdog.kick(SteadyClock::now());  // drawing is progress, not a hang
        }
        const double cpu = process_cpu_ms() - cpu_before;
        const double wall =
            std::chrono::duration<double, std::milli>(SteadyClock::now() - wall_before).count();
        return Json{{"frames", count},
                    {"cpu_ms_per_frame", cpu / count},
                    {"wall_ms_per_frame", wall / count}}
                   .dump() +
               "\n";
    };

    while (!signals.stop_requested() && !window->should_close()) {
        const auto now = std::chrono::system_clock::now();
        take_wedge(wedge.flush(SteadyClock::now()));
        for (auto& line : problems.take())
            app->log("scanner: " + line);
        while (auto scan = scans.try_pop()) {
            (void)app->on_scan(scan->code, now);
            frames_due = std::max(frames_due, 1);  // no pointer involved: one frame shows it
        }
        if (window->take_activity()) {
            app->on_activity(now);
            frames_due = std::max(frames_due, 3);
        }
        if (control) {
            for (auto& request : control->take()) {
                if (request->command == "scan") {
                    request->reply.set_value(route_json(app->on_scan(request->argument, now)));
                    frames_due = std::max(frames_due, 1);
                } else if (request->command == "update-notice") {
                    request->reply.set_value(app->on_update_notice(request->argument, now));
                    frames_due = std::max(frames_due, 1);
                } else if (request->command == "frames" && !parse_frame_count(request->argument)) {
                    request->reply.set_value(
                        Json{{"error", "frames: N must be a whole number from 1 to " +
                                           std::to_string(kMaxCtlFrames)}}
                            .dump() +
                        "\n");
                } else if (request->command == "sync") {
                    app->apply(app::intent::SyncNow{}, now);
                    request->reply.set_value("{\"ok\": true}\n");
                } else if (request->command == "status" || request->command == "ui" ||
                           request->command == "frames") {
                    held.push_back(std::move(request));
                } else {
                    request->reply.set_value(
                        "{\"error\": \"unknown command; try status, ui, "
                        "scan CODE, sync, update-notice STATE DETAIL\"}\n");
                }
            }
        }
        if (app->update(now)) frames_due = std::max(frames_due, 2);
        if (window->width() != last_w || window->height() != last_h) {
            last_w = window->width();
            last_h = window->height();
            metrics = ui::metrics_for(last_w, last_h, window->content_scale());
            fonts = ui::load_fonts(metrics);
            ui::apply_theme(metrics);
            window->rebuild_fonts_texture();
            frames_due = std::max(frames_due, 2);
        }
        if (now >= app->next_deadline(now) - std::chrono::milliseconds(1) || !typed.empty() ||
            typed_enter) {
            frames_due = std::max(frames_due, 1);
        }

        // While a scanner may be typing, its keys come first: a frame between two of them
        // (tens of ms at 1920x1080 on llvmpipe) would make the gap look like a person typing.
        // Right after a badge scan the login gets the CPU first (TerminalApp::quiet_until).
        const auto quiet = app->quiet_until(SteadyClock::now());
        const bool hold_frames = wedge.pending() || quiet.has_value();
        if (frames_due > 0 && !hold_frames) {
            draw_frame(now);
            --frames_due;
            for (const auto& intent : intents)
                app->apply(intent, now);
            if (!intents.empty()) frames_due = std::max(frames_due, 2);
            if (!next_language.empty() && next_language != tr.language()) {
                try {
                    tr = ui::Translations::load(options.translations_dir, next_language);
                    app->set_language(next_language);
                } catch (const ui::TranslationError& error) {
                    app->log(error.what());
                }
                frames_due = std::max(frames_due, 2);
            }
            if (first_frame) {
                first_frame = false;
                window->finish();
                const double ms = ms_since_process_start();
                app->set_first_frame_ms(ms);
                watchdog.ready();
                ::malloc_trim(0);  // start-up's temporaries (font atlas copies …) back to the OS
                app->log("first frame drawn " + std::to_string(static_cast<int>(ms)) +
                         " ms after start; font atlas " +
                         std::to_string(ImGui::GetIO().Fonts->TexWidth) + "x" +
                         std::to_string(ImGui::GetIO().Fonts->TexHeight));
            }
        }
        if (frames_due == 0 && !hold_frames) {
            // The screen has settled: what `ctl ui` and `ctl status` report is what is shown.
            for (auto& request : held) {
                if (request->command == "frames") {
                    request->reply.set_value(draw_frames(request->argument));
                    continue;
                }
                request->reply.set_value(request->command == "ui" ? targets_json(targets)
                                                                  : app->status_json(now));
            }
            held.clear();
        }
        watchdog.kick(SteadyClock::now());

        if (frames_due > 0 && !hold_frames) continue;  // more frames to draw: no sleep
        // Sleep until input, a wake-up, or the next thing that changes by itself.
        auto wait =
            std::chrono::duration_cast<std::chrono::milliseconds>(app->next_deadline(now) - now);
        if (shell.animating(app->model(now))) {
            const auto to_second = std::chrono::ceil<std::chrono::seconds>(now) - now;
            wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(to_second) +
                                      std::chrono::milliseconds(2));
        }
        if (const auto deadline = wedge.next_deadline()) {
            wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(
                                      *deadline - SteadyClock::now()) +
                                      std::chrono::milliseconds(1));
        }
        if (quiet) {
            wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(
                                      *quiet - SteadyClock::now()) +
                                      std::chrono::milliseconds(1));
        }
        if (const auto pet = watchdog.interval()) wait = std::min(wait, *pet);
        window->wait(std::max(wait, std::chrono::milliseconds(1)));
    }
    watchdog.stopping();
    app->log("stopping");
    return 0;
}

}  // namespace pt::kiosk
