#include "firmware/kiosk/kiosk_loop.h"

#include <imgui.h>

#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

#include "firmware/kiosk/diagnostics.h"
#include "firmware/kiosk/frame_loop.h"
#include "firmware/kiosk/terminal_app.h"
#include "platform/scanner/evdev_scanner.h"
#include "platform/scanner/serial_scanner.h"
#include "sync/store/store_error.h"
#include "ui/shell.h"

namespace pt::kiosk {
namespace {

using Json = nlohmann::json;

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

// The kiosk as FrameLoop runs it: TerminalApp's state drawn by the shell, scans from the
// wedge and from the serial and evdev scanners' queue.
class KioskScreen final : public FrameScreen {
public:
    KioskScreen(TerminalApp& app, ui::Translations tr, std::filesystem::path translations_dir,
                scanner::ScanQueue& scans, ProblemLog& problems)
        : app_(app),
          tr_(std::move(tr)),
          translations_dir_(std::move(translations_dir)),
          scans_(scans),
          problems_(problems) {}

    const ui::Translations& translations() const override { return tr_; }
    void on_scan(std::string code, WallTime now) override { (void)app_.on_scan(code, now); }
    void on_interrupted_scan(std::size_t length) override {
        app_.log("interrupted scan ignored (" + std::to_string(length) + " characters)");
    }
    bool update(WallTime now, bool activity) override {
        for (auto& line : problems_.take())
            app_.log("scanner: " + line);
        bool scanned = false;
        while (auto scan = scans_.try_pop()) {
            (void)app_.on_scan(scan->code, now);
            scanned = true;
        }
        if (activity) app_.on_activity(now);
        return app_.update(now) || scanned;
    }
    app::UiModel& model(WallTime now) override { return app_.model(now); }
    void draw(ui::FrameContext& ctx, float width, float height) override {
        shell_.draw(ctx, width, height);
    }
    bool after_frame(ui::FrameContext& ctx, WallTime now) override {
        app_.frame_drawn(SteadyClock::now());
        for (const auto& intent : ctx.intents)
            app_.apply(intent, now);
        bool changed = !ctx.intents.empty();
        if (!ctx.next_language.empty() && ctx.next_language != app_.language())
            app_.set_language(ctx.next_language);
        // A switch, or a login with the operator's remembered language, or a logout.
        if (app_.language() != tr_.language()) {
            try {
                tr_ = ui::Translations::load(translations_dir_, app_.language());
            } catch (const ui::TranslationError& error) {
                app_.log(error.what());
                app_.show_language(tr_.language());  // keep showing the one that works
            }
            changed = true;
        }
        return changed;
    }
    WallTime next_deadline(WallTime now) override { return app_.next_deadline(now); }
    std::optional<SteadyClock::time_point> quiet_until(SteadyClock::time_point now) override {
        // Right after a badge scan the login gets the processor first.
        return app_.quiet_until(now);
    }
    bool animating(WallTime now) override { return shell_.animating(app_.model(now)); }
    void first_frame_drawn() override {
        const double ms = ms_since_process_start();
        app_.set_first_frame_ms(ms);
        app_.log("first frame drawn " + std::to_string(static_cast<int>(ms)) +
                 " ms after start; font atlas " + std::to_string(ImGui::GetIO().Fonts->TexWidth) +
                 "x" + std::to_string(ImGui::GetIO().Fonts->TexHeight));
    }
    std::optional<FrameLoopEnd> finished() override { return std::nullopt; }

private:
    TerminalApp& app_;
    ui::Translations tr_;
    std::filesystem::path translations_dir_;
    scanner::ScanQueue& scans_;
    ProblemLog& problems_;
    ui::Shell shell_;
};

/// The kiosk's `ctl` commands besides the loop's own (`ui`, `frames N`).
void add_kiosk_commands(FrameLoop& loop, TerminalApp& app) {
    using When = FrameCommand::When;
    loop.add_command("status", {When::settled, [&app](const std::string&, WallTime now) {
                                    return app.status_json(now);
                                }});
    loop.add_command("scan", {When::now, [&app](const std::string& code, WallTime now) {
                                  return route_json(app.on_scan(code, now));
                              }});
    loop.add_command("sync", {When::now, [&app](const std::string&, WallTime now) {
                                  app.apply(app::intent::SyncNow{}, now);
                                  return std::string("{\"ok\": true}\n");
                              }});
    loop.add_command("update-notice",
                     {When::now, [&app](const std::string& argument, WallTime now) {
                          return app.on_update_notice(argument, now);
                      }});
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
    std::optional<FrameLoop> loop;
    try {
        loop.emplace(FrameLoopOptions{.windowed = options.windowed,
                                      .wedge = scanner::WedgeRule::from(config.scanner),
                                      .control_socket = control_socket_path(config.data_dir)});
    } catch (const platform::WindowError& error) {
        std::fprintf(stderr, "partner-terminal: %s\n", error.what());
        return 1;
    }

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
    if (const auto problem = loop->open_control_socket()) app->log(*problem);

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

    KioskScreen screen(*app, std::move(tr), options.translations_dir, scans, problems);
    add_kiosk_commands(*loop, *app);
    const int code = loop->run(screen);
    app->log("stopping");
    return code;
}

}  // namespace pt::kiosk
