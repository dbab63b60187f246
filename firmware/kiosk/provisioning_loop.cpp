#include "firmware/kiosk/provisioning_loop.h"

#include <imgui.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "firmware/config/provisioning.h"
#include "firmware/kiosk/frame_loop.h"
#include "ui/screens/provisioning.h"

namespace pt::kiosk {
namespace {

/// A ConfigError for the screen: from the key on ("key `server_url`: must start with …"); the
/// file it came from means nothing to the technician.
std::string for_screen(const config::ConfigError& error) {
    const std::string text = error.what();
    const auto key = text.find("key `");
    return key == std::string::npos ? text : text.substr(key);
}

/// Applies a scan: a provisioning barcode fills the form and connects; anything else is
/// refused with a message (a badge means nothing before the terminal is set up). `scanned` keeps
/// the barcode's values the form has no field for (language, name, technician badge).
void apply_scan(const std::string& code, ui::ProvisioningForm& form, config::Provisioning& scanned,
                const ui::Translations& tr) {
    try {
        auto values = config::parse_provisioning_barcode(code);
        if (!values) {
            form.error = tr("provisioning.not_a_provisioning_code");
            return;
        }
        form.server_url.text = values->server_url;
        form.enrollment_code.text = values->enrollment_code;
        form.pinned_key.text = values->pinned_key;
        form.error.clear();
        form.submitted = true;
        scanned = std::move(*values);
    } catch (const config::ConfigError& error) {
        form.error = for_screen(error);
    }
}

// The set-up screen as FrameLoop runs it: the form, filled by a scanned provisioning barcode
// or typed values; done once the configuration is written.
class SetupScreen final : public FrameScreen {
public:
    SetupScreen(ui::Translations tr, const ProvisioningOptions& options)
        : tr_(std::move(tr)), options_(options) {
        model_.language = "en";
        if (!options.problem.empty()) {
            // From the key on (a ConfigError), as for a bad scan: the path means nothing here.
            const auto key = options.problem.find("key `");
            form_.error =
                "The configuration cannot be used: " +
                (key == std::string::npos ? options.problem : options.problem.substr(key));
        }
    }

    const ui::Translations& translations() const override { return tr_; }
    void on_scan(std::string code, WallTime) override {
        apply_scan(code, form_, scanned_, tr_);
        submit();
    }
    void on_interrupted_scan(std::size_t) override {}  // fast keys are typing here
    bool update(WallTime, bool) override { return false; }
    app::UiModel& model(WallTime) override { return model_; }
    void draw(ui::FrameContext& ctx, float width, float height) override {
        ui::draw_provisioning(ctx, form_, width, height);
    }
    bool after_frame(ui::FrameContext&, WallTime) override { return submit(); }
    WallTime next_deadline(WallTime now) override { return now + std::chrono::seconds(1); }
    std::optional<SteadyClock::time_point> quiet_until(SteadyClock::time_point) override {
        return std::nullopt;
    }
    bool animating(WallTime) override { return false; }
    void first_frame_drawn() override {}  // the loop tells systemd: this terminal is healthy
    std::optional<FrameLoopEnd> finished() override {
        // main() execs the configured kiosk in this process: not a stop for systemd (STOPPING=1
        // made it restart the whole session once more).
        if (written_) return FrameLoopEnd{.exit_code = 0, .restarting_in_place = true};
        return std::nullopt;
    }

    /// `ctl status` here: the form, the code's length only (a secret until spent).
    std::string status_json() const {
        if (written_) return "{\"screen\": \"provisioning\", \"provisioned\": true}\n";
        return nlohmann::json{{"screen", "provisioning"},
                              {"provisioned", false},
                              {"error", form_.error},
                              {"server_url", form_.server_url.text},
                              {"enrollment_code_length", form_.enrollment_code.text.size()},
                              {"pinned_key", form_.pinned_key.text}}
                   .dump(2) +
               "\n";
    }

private:
    /// Writes the configuration once the form was submitted (a scan, or Connect); true when it
    /// was (written, or refused with a word why on the form).
    bool submit() {
        if (!form_.submitted) return false;
        form_.submitted = false;
        try {
            // What the form shows (typed over a scan or not), with the last scan's other values.
            config::Provisioning values = scanned_;
            values.server_url = form_.server_url.text;
            values.enrollment_code = form_.enrollment_code.text;
            values.pinned_key = form_.pinned_key.text;
            (void)config::write_provisioned_config(options_.config_file, values);
            std::fprintf(stderr, "partner-terminal: configuration written to %s\n",
                         options_.config_file.c_str());
            written_ = true;
        } catch (const config::ConfigError& error) {
            form_.error = for_screen(error);
        }
        return true;
    }

    ui::Translations tr_;
    const ProvisioningOptions& options_;
    ui::ProvisioningForm form_;
    config::Provisioning scanned_;
    app::UiModel model_;
    bool written_ = false;
};

}  // namespace

int run_provisioning(const ProvisioningOptions& options) {
    ui::Translations tr;
    try {
        tr = ui::Translations::load(options.translations_dir, "en");
    } catch (const ui::TranslationError& error) {
        std::fprintf(stderr, "partner-terminal: %s\n", error.what());
        return 2;
    }
    // The socket goes where the data will live, so `ctl --config FILE` finds it already.
    std::filesystem::path socket;
    try {
        const auto data_dir =
            options.data_dir.empty() ? config::data_dir_for(options.config_file) : options.data_dir;
        std::filesystem::create_directories(data_dir);
        socket = control_socket_path(data_dir);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "partner-terminal: control socket not available: %s\n", error.what());
    }
    std::optional<FrameLoop> loop;
    try {
        loop.emplace(FrameLoopOptions{
            .windowed = options.windowed,
            .wedge = scanner::WedgeRule::from(scanner::ScannerConfig{}),
            .control_socket = socket,
            .feed_imgui_text = false,
            .fast_keys_are_typing = true,
        });
    } catch (const platform::WindowError& error) {
        std::fprintf(stderr, "partner-terminal: %s\n", error.what());
        return 1;
    }
    if (const auto problem = loop->open_control_socket())
        std::fprintf(stderr, "partner-terminal: %s\n", problem->c_str());
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
    SetupScreen screen(std::move(tr), options);
    using When = FrameCommand::When;
    loop->add_command("status", {When::settled, [&screen](const std::string&, WallTime) {
                                     return screen.status_json();
                                 }});
    loop->add_command("scan", {When::now, [&screen](const std::string& code, WallTime now) {
                                   screen.on_scan(code, now);
                                   return screen.status_json();
                               }});
    return loop->run(screen);
}

}  // namespace pt::kiosk
