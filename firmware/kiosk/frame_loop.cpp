#include "firmware/kiosk/frame_loop.h"

#include <imgui.h>
#include <malloc.h>

#include <algorithm>
#include <future>
#include <nlohmann/json.hpp>

#include "firmware/kiosk/diagnostics.h"

namespace pt::kiosk {
namespace {

using Json = nlohmann::json;
using std::chrono::milliseconds;

milliseconds until(SteadyClock::time_point deadline) {
    return std::chrono::duration_cast<milliseconds>(deadline - SteadyClock::now()) +
           milliseconds(1);
}

}  // namespace

FrameLoop::FrameLoop(FrameLoopOptions options)
    : options_(std::move(options)), wedge_(options_.wedge) {
    // Creating the GL context takes most of the start-up (~60 ms on llvmpipe): the fonts are
    // rasterised on a second thread meanwhile, at the sizes the expected screen needs.
    platform::WindowOptions window_options{.windowed = options_.windowed};
    std::optional<ui::Metrics> built_for = [&] {
        const platform::ScreenShape shape = platform::Window::expected_shape(window_options);
        return ui::metrics_for(shape.width, shape.height, shape.content_scale);
    }();
    auto building =
        std::async(std::launch::async, [&] { return ui::build_fonts(atlas_, *built_for); });
    window_options.font_atlas = [&]() -> ImFontAtlas* {
        try {
            fonts_ = building.get();
        } catch (const std::exception&) {
            built_for.reset();  // built again below, where the error is reported
        }
        return &atlas_;
    };
    window_.emplace(window_options);
    if (building.valid()) building.wait();  // the window failed before asking for the atlas
    signals_.start();
    width_ = window_->width();
    height_ = window_->height();
    metrics_ = ui::metrics_for(width_, height_, window_->content_scale());
    if (built_for == metrics_) {
        ui::use_fonts(fonts_);
    } else {
        fonts_ = ui::load_fonts(metrics_);  // the window came out differently than expected
    }
    ui::apply_theme(metrics_);
    window_->rebuild_fonts_texture();

    window_->set_key_sink([this](const platform::WindowKey& key) {
        // Everything a key yields is queued in order, a Backspace too: the characters the
        // wedge still held when it came were typed before it.
        std::string backspace;
        route_key(
            wedge_, key,
            [this](std::vector<scanner::WedgeOutput> outputs) {
                pending_outputs_.insert(pending_outputs_.end(),
                                        std::make_move_iterator(outputs.begin()),
                                        std::make_move_iterator(outputs.end()));
            },
            backspace);
        if (!backspace.empty()) pending_outputs_.emplace_back(scanner::Typed{std::move(backspace)});
    });
    add_command("ui", {FrameCommand::When::settled,
                       [this](const std::string&, WallTime) { return targets_json(targets_); }});
}

std::optional<std::string> FrameLoop::open_control_socket() {
    if (options_.control_socket.empty()) return std::nullopt;
    try {
        control_ =
            std::make_unique<ControlServer>(options_.control_socket, &platform::Window::wake);
    } catch (const std::exception& error) {
        return std::string("control socket not available: ") + error.what();
    }
    return std::nullopt;
}

void FrameLoop::add_command(std::string name, FrameCommand command) {
    commands_.insert_or_assign(std::move(name), std::move(command));
}

void FrameLoop::take_wedge(std::vector<scanner::WedgeOutput> outputs, FrameScreen& screen) {
    const auto now = std::chrono::system_clock::now();
    for (auto& output : outputs) {
        if (auto* scan = std::get_if<scanner::Scan>(&output)) {
            screen.on_scan(std::move(scan->code), now);
            due(1);  // no pointer involved: one frame shows it
        } else if (auto* text = std::get_if<scanner::Typed>(&output)) {
            if (text->text == "\n") {
                typed_enter_ = true;
            } else if (text->text != "\t") {
                typed_ += text->text;
            }
        } else if (auto* fast = std::get_if<scanner::Rejected>(&output)) {
            if (options_.fast_keys_are_typing) {
                typed_ += fast->text;
            } else {
                screen.on_interrupted_scan(fast->text.size());
            }
        }
    }
}

void FrameLoop::answer_commands(WallTime now) {
    if (!control_) return;
    for (auto& request : control_->take()) {
        if (request->command == "frames" && !parse_frame_count(request->argument)) {
            request->reply.set_value(Json{{"error", "frames: N must be a whole number from 1 to " +
                                                        std::to_string(kMaxCtlFrames)}}
                                         .dump() +
                                     "\n");
            continue;
        }
        if (request->command == "frames") {  // drawn once the screen has settled
            settled_.push_back(std::move(request));
            continue;
        }
        const auto found = commands_.find(request->command);
        if (found == commands_.end()) {
            std::string names;
            for (const auto& [name, command] : commands_)
                names += (names.empty() ? "" : ", ") + name;
            request->reply.set_value(
                Json{{"error", "unknown command; try " + names + ", frames N"}}.dump() + "\n");
        } else if (found->second.when == FrameCommand::When::settled) {
            settled_.push_back(std::move(request));
        } else {
            request->reply.set_value(found->second.run(request->argument, now));
            due(1);
        }
    }
}

void FrameLoop::answer_settled(WallTime now) {
    for (auto& request : settled_) {
        const auto found = commands_.find(request->command);
        request->reply.set_value(found != commands_.end()
                                     ? found->second.run(request->argument, now)
                                     : std::string("{}\n"));
    }
    settled_.clear();
}

void FrameLoop::follow_window_size() {
    if (window_->width() == width_ && window_->height() == height_) return;
    width_ = window_->width();
    height_ = window_->height();
    metrics_ = ui::metrics_for(width_, height_, window_->content_scale());
    fonts_ = ui::load_fonts(metrics_);
    ui::apply_theme(metrics_);
    window_->rebuild_fonts_texture();
    due(2);
}

void FrameLoop::draw_frame(FrameScreen& screen, WallTime now) {
    app::UiModel& model = screen.model(now);
    model.typed_text = std::exchange(typed_, {});
    model.typed_enter = std::exchange(typed_enter_, false);
    if (options_.feed_imgui_text && !model.typed_text.empty())
        platform::Window::type_text(model.typed_text);
    window_->begin_frame();
    targets_.begin_frame();
    intents_.clear();
    ui::FrameContext ctx{model, screen.translations(), fonts_, metrics_, targets_, intents_, {}};
    screen.draw(ctx, static_cast<float>(width_), static_cast<float>(height_));
    window_->end_frame();
    model.typed_text.clear();
    model.scanned_text.clear();
    model.typed_enter = false;
    if (screen.after_frame(ctx, now)) due(2);
}

std::string FrameLoop::draw_frames(FrameScreen& screen, const std::string& argument) {
    // `ctl frames N`: N frames back to back, for the benchmark's CPU time per frame. The count
    // was checked when the request came in (1 to kMaxCtlFrames).
    const int count = parse_frame_count(argument).value_or(1);
    const double cpu_before = process_cpu_ms();
    const auto wall_before = SteadyClock::now();
    for (int i = 0; i < count; ++i) {
        draw_frame(screen, std::chrono::system_clock::now());
        watchdog_.kick(SteadyClock::now());  // drawing is progress, not a hang
    }
    const double cpu = process_cpu_ms() - cpu_before;
    const double wall =
        std::chrono::duration<double, std::milli>(SteadyClock::now() - wall_before).count();
    return Json{{"frames", count},
                {"cpu_ms_per_frame", cpu / count},
                {"wall_ms_per_frame", wall / count}}
               .dump() +
           "\n";
}

void FrameLoop::after_first_frame(FrameScreen& screen) {
    first_frame_ = false;
    window_->finish();
    watchdog_.ready();
    screen.first_frame_drawn();
    ::malloc_trim(0);  // start-up's temporaries (font atlas copies …) back to the OS
}

milliseconds FrameLoop::idle_wait(FrameScreen& screen, WallTime now,
                                  const std::optional<SteadyClock::time_point>& quiet) {
    auto wait = std::chrono::duration_cast<milliseconds>(screen.next_deadline(now) - now);
    if (screen.animating(now)) {
        const auto to_second = std::chrono::ceil<std::chrono::seconds>(now) - now;
        wait =
            std::min(wait, std::chrono::duration_cast<milliseconds>(to_second) + milliseconds(2));
    }
    if (const auto deadline = wedge_.next_deadline()) wait = std::min(wait, until(*deadline));
    if (quiet) wait = std::min(wait, until(*quiet));
    if (const auto pet = watchdog_.interval()) wait = std::min(wait, *pet);
    return std::max(wait, milliseconds(1));
}

int FrameLoop::run(FrameScreen& screen) {
    while (!signals_.stop_requested() && !window_->should_close()) {
        const auto now = std::chrono::system_clock::now();
        take_wedge(std::exchange(pending_outputs_, {}), screen);
        take_wedge(wedge_.flush(SteadyClock::now()), screen);
        const bool activity = window_->take_activity();
        if (activity) due(3);
        answer_commands(now);
        if (screen.update(now, activity)) due(2);
        // Done (the set-up screen wrote its configuration through `ctl scan`): no frame more,
        // main() starts the kiosk at once.
        if (const auto end = screen.finished()) return end_run(*end, now);
        follow_window_size();
        if (now >= screen.next_deadline(now) - milliseconds(1) || !typed_.empty() || typed_enter_)
            due(1);

        // While a scanner may be typing, its keys come first: a frame between two of them
        // (tens of ms at 1920x1080 on llvmpipe) would make the gap look like a person typing.
        const auto quiet = screen.quiet_until(SteadyClock::now());
        const bool hold_frames = wedge_.pending() || quiet.has_value();
        if (frames_due_ > 0 && !hold_frames) {
            draw_frame(screen, now);
            --frames_due_;
            if (first_frame_) after_first_frame(screen);
        }
        if (const auto end = screen.finished()) return end_run(*end, now);
        if (frames_due_ == 0 && !hold_frames) {
            // The screen has settled: what `ctl ui` and `ctl status` report is what is shown.
            for (auto& request : settled_) {
                if (request->command == "frames") {
                    request->reply.set_value(draw_frames(screen, request->argument));
                    request.reset();
                }
            }
            std::erase(settled_, nullptr);
            answer_settled(now);
        }
        watchdog_.kick(SteadyClock::now());
        if (frames_due_ > 0 && !hold_frames) continue;  // more frames to draw: no sleep
        window_->wait(idle_wait(screen, now, quiet));   // until input, a wake-up or a deadline
    }
    refuse_settled("");  // a promise left unanswered would end the control thread with an error
    watchdog_.stopping();
    return 0;
}

int FrameLoop::end_run(const FrameLoopEnd& end, WallTime now) {
    refuse_settled("frames");  // nothing more is drawn
    answer_settled(now);
    if (end.restarting_in_place) {
        watchdog_.restarting_in_place();
    } else {
        watchdog_.stopping();
    }
    return end.exit_code;
}

void FrameLoop::refuse_settled(std::string_view command) {
    for (auto& request : settled_) {
        if (command.empty() || request->command == command) {
            request->reply.set_value(R"({"error": "the terminal is stopping"})"
                                     "\n");
            request.reset();
        }
    }
    std::erase(settled_, nullptr);
}

}  // namespace pt::kiosk
