#include "firmware/kiosk/provisioning_loop.h"

#include <imgui.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "firmware/config/provisioning.h"
#include "firmware/kiosk/control_socket.h"
#include "firmware/kiosk/loop_support.h"
#include "platform/scanner/wedge_classifier.h"
#include "platform/systemd/watchdog.h"
#include "platform/window/window.h"
#include "ui/screens/provisioning.h"

namespace pt::kiosk {
namespace {

using SteadyClock = std::chrono::steady_clock;

/// A ConfigError for the screen: from the key on ("key `server_url`: must start with …"); the
/// file it came from means nothing to the technician.
std::string for_screen(const config::ConfigError& error) {
    const std::string text = error.what();
    const auto key = text.find("key `");
    return key == std::string::npos ? text : text.substr(key);
}

/// Applies a scan: a provisioning barcode fills the form and connects; anything else is
/// refused with a message (a badge means nothing before the terminal is set up).
void on_scan(const std::string& code, ui::ProvisioningForm& form, const ui::Translations& tr) {
    try {
        const auto values = config::parse_provisioning_barcode(code);
        if (!values) {
            form.error = tr("provisioning.not_a_provisioning_code");
            return;
        }
        form.server_url.text = values->server_url;
        form.enrollment_code.text = values->enrollment_code;
        form.pinned_key.text = values->pinned_key;
        form.error.clear();
        form.submitted = true;
    } catch (const config::ConfigError& error) {
        form.error = for_screen(error);
    }
}

}  // namespace

int run_provisioning(const ProvisioningOptions& options) {
    ui::Translations tr;
    try {
        tr = ui::Translations::load(options.translations_dir, "en");
    } catch (const ui::TranslationError& error) {
        std::fprintf(stderr, "partner-terminal: %s\n", error.what());
        return 2;
    }
    StopSignals signals;
    std::optional<platform::Window> window;
    try {
        window.emplace(platform::WindowOptions{.windowed = options.windowed});
    } catch (const platform::WindowError& error) {
        std::fprintf(stderr, "partner-terminal: %s\n", error.what());
        return 1;
    }
    signals.start();
    if (options.problem.empty()) {
        std::fprintf(stderr,
                     "partner-terminal: %s does not exist: showing the set-up screen (scan a "
                     "provisioning barcode or type the values)\n",
                     options.config_file.c_str());
    } else {
        std::fprintf(stderr,
                     "partner-terminal: %s cannot be used: showing the set-up screen until a "
                     "provisioning barcode or typed values replace it\n",
                     options.config_file.c_str());
    }
    int last_w = 0;
    int last_h = 0;
    ui::Metrics metrics;
    ui::Fonts fonts;

    // The socket goes where the data will live, so `ctl --config FILE` finds it already.
    std::unique_ptr<ControlServer> control;
    try {
        const auto data_dir =
            options.data_dir.empty() ? config::data_dir_for(options.config_file) : options.data_dir;
        std::filesystem::create_directories(data_dir);
        control =
            std::make_unique<ControlServer>(control_socket_path(data_dir), &platform::Window::wake);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "partner-terminal: control socket not available: %s\n", error.what());
    }

    scanner::WedgeClassifier wedge(scanner::WedgeRule::from(config::ScannerConfig{}));
    std::vector<std::string> scans;
    std::string typed;
    bool typed_enter = false;
    const auto take_wedge = [&](std::vector<scanner::WedgeOutput> outputs) {
        for (auto& output : outputs) {
            if (auto* scan = std::get_if<scanner::Scan>(&output)) {
                scans.push_back(std::move(scan->code));
            } else if (auto* text = std::get_if<scanner::Typed>(&output)) {
                if (text->text == "\n") {
                    typed_enter = true;
                } else if (text->text != "\t") {
                    typed += text->text;
                }
            } else if (auto* fast = std::get_if<scanner::Rejected>(&output)) {
                // Keys that came fast but without a terminator: on this screen that is a
                // technician typing quickly (or keys queued behind a frame), not a badge.
                typed += fast->text;
            }
        }
    };
    window->set_key_sink(
        [&](const platform::WindowKey& key) { route_key(wedge, key, take_wedge, typed); });

    platform::Watchdog watchdog;
    ui::ProvisioningForm form;
    if (!options.problem.empty()) {
        // From the key on (a ConfigError), as for a bad scan: the path means nothing here.
        const auto key = options.problem.find("key `");
        form.error = "The configuration cannot be used: " +
                     (key == std::string::npos ? options.problem : options.problem.substr(key));
    }
    ui::TouchTargets targets;
    ui::UiModel model;
    model.language = "en";
    std::vector<app::Intent> intents;
    bool first_frame = true;
    int frames_due = 2;
    while (!signals.stop_requested() && !window->should_close()) {
        take_wedge(wedge.flush(SteadyClock::now()));
        if (window->take_activity()) frames_due = std::max(frames_due, 3);
        std::vector<std::unique_ptr<ControlRequest>> requests;
        if (control) requests = control->take();
        for (auto& request : requests) {
            if (request->command == "scan") scans.push_back(request->argument);
        }
        for (const auto& code : scans)
            on_scan(code, form, tr);
        if (!scans.empty() || !typed.empty() || typed_enter) frames_due = std::max(frames_due, 2);
        scans.clear();

        if (window->width() != last_w || window->height() != last_h) {
            last_w = window->width();
            last_h = window->height();
            metrics = ui::metrics_for(last_w, last_h, window->content_scale());
            fonts = ui::load_fonts(metrics);
            ui::apply_theme(metrics);
            window->rebuild_fonts_texture();
        }
        if (frames_due > 0 && !wedge.pending()) {
            model.typed_text = std::exchange(typed, {});
            model.typed_enter = std::exchange(typed_enter, false);
            window->begin_frame();
            targets.begin_frame();
            ui::FrameContext ctx{model, tr, fonts, metrics, targets, intents, {}};
            ui::draw_provisioning(ctx, form, static_cast<float>(last_w),
                                  static_cast<float>(last_h));
            window->end_frame();
            --frames_due;
            if (first_frame) {
                first_frame = false;
                watchdog.ready();  // the set-up screen is up: this terminal is healthy
            }
        }
        if (form.submitted) {
            form.submitted = false;
            frames_due = std::max(frames_due, 2);
            try {
                config::Provisioning values{.server_url = form.server_url.text,
                                            .enrollment_code = form.enrollment_code.text,
                                            .pinned_key = form.pinned_key.text};
                (void)config::write_provisioned_config(options.config_file, values);
                std::fprintf(stderr, "partner-terminal: configuration written to %s\n",
                             options.config_file.c_str());
                for (auto& request : requests)
                    request->reply.set_value(R"({"screen": "provisioning", "provisioned": true})"
                                             "\n");
                // main() execs the configured kiosk in this process: not a stop for systemd
                // (STOPPING=1 made it restart the whole session once more).
                watchdog.restarting_in_place();
                return 0;
            } catch (const config::ConfigError& error) {
                form.error = for_screen(error);
            }
        }
        for (auto& request : requests) {
            if (request->command == "ui") {
                request->reply.set_value(targets_json(targets));
            } else {
                // The code is a secret until spent: its length only.
                request->reply.set_value(
                    nlohmann::json{{"screen", "provisioning"},
                                   {"provisioned", false},
                                   {"error", form.error},
                                   {"server_url", form.server_url.text},
                                   {"enrollment_code_length", form.enrollment_code.text.size()},
                                   {"pinned_key", form.pinned_key.text}}
                        .dump(2) +
                    "\n");
            }
        }
        watchdog.kick(SteadyClock::now());
        // While a scanner may be typing, its keys come first: wait for them, draw nothing.
        if (frames_due > 0 && !wedge.pending()) continue;
        auto wait = std::chrono::milliseconds(1000);
        if (const auto deadline = wedge.next_deadline()) {
            wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(
                                      *deadline - SteadyClock::now()) +
                                      std::chrono::milliseconds(1));
        }
        if (const auto pet = watchdog.interval()) wait = std::min(wait, *pet);
        window->wait(std::max(wait, std::chrono::milliseconds(1)));
    }
    watchdog.stopping();
    return 0;
}

}  // namespace pt::kiosk
