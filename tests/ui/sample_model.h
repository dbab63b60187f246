// Realistic sample data for the kiosk's screens (the screen gallery, screen tests): one logged-in
// partner's profile, its optimistic view, the sync status, refused events and the technician's
// facts. Deterministic: a fixed seed, and `now` is passed in. SampleData owns everything;
// model_for() builds a UiModel that points into it, so the SampleData must outlive the model.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "firmware/app/intents.h"
#include "firmware/app/session.h"
#include "firmware/app/ui_model.h"
#include "sync/plan/overlay.h"
#include "ui/frame_context.h"  // the app's model under ui's names

namespace pt::ui::sample {

using TimePoint = std::chrono::system_clock::time_point;

struct SampleData {
    TimePoint now{};
    app::OperatorProfile profile;  ///< Coating GmbH / Anna Berger, every module and column
    plan::OptimisticView view;     ///< orders, 3 own resources, work steps, processes
    std::unordered_map<std::string, TimePoint> running_since;  ///< in-progress work steps
    /// Events recorded here on the steps with people on them: a start by whoever is first on
    /// it, a join by the second, and for paused ones a pause (reason "material") by the last.
    std::unordered_map<std::string, std::vector<plan::Event>> step_events;
    std::unordered_map<std::string, std::string> operator_names;
    /// Since Anna Berger's last logout (product.md §8): a new step, a moved one, a re-timed one
    /// with notes, one finished by someone else; the last of them already opened.
    std::vector<plan::ChangedStep> changes;
    std::unordered_set<std::string> marked_steps;
    app::SyncInfo sync;                    ///< online, 2 pending, 2 refused, last success 3 min ago
    std::vector<AttentionItem> attention;  ///< 2 refused events
    TechnicianInfo technician;
    std::string terminal_name = "Halle 2 \xE2\x80\x93 Lackierei";  // "Halle 2 – Lackierei"
    std::vector<std::string> languages{"en", "de"};
};

/// A fixed "now" (Tue 2026-03-10 09:42:17 UTC) for reproducible pictures.
[[nodiscard]] TimePoint default_now();

/// Sample data with `work_steps` work steps (ids `W1` … `W<n>`, sorted by id like the view) over
/// the partner's 3 own resources, planned around `now`: finished ones in the past, one running
/// per resource, some paused, some late (planned start passed, still open), the rest ahead.
[[nodiscard]] SampleData make_sample(std::size_t work_steps = 40, TimePoint now = default_now());

/// How model_for() dresses the model beyond the screen.
struct ModelOptions {
    std::string language = "en";
    /// For the login screen: logged_out (scan your badge), logging_in or pin_needed.
    app::SessionState login_state = app::SessionState::logged_out;
    /// For the detail screen; empty: the first work step in progress.
    std::string work_step_id;
    bool offline = false;  ///< logged in without the server (the top bar says offline)
    bool enrolled = true;  ///< false: the terminal has no credentials yet
    bool revoked = false;  ///< the server refuses the terminal's token (issue 13)
    std::string notice;    ///< the login screen's message ("badge not accepted" …)
    std::optional<std::int64_t> countdown_s;  ///< the idle logout's last seconds
    std::optional<Toast> toast;               ///< `until` is filled in (now + 3 s)
    /// A USB update's banner: `until` is filled in (now + the state's lifetime).
    std::optional<app::UpdateNotice> update_notice;
    /// The picker for a scanned order with several work steps: that many of one order's steps.
    std::size_t choice = 0;
};

/// The UiModel for `screen` as the app would build it: logged out for the login screen, the
/// technician state for the technician screen, otherwise Anna Berger logged in with the menu of
/// her partner's screens (R8). Points into `data`.
[[nodiscard]] UiModel model_for(const SampleData& data, app::Screen screen,
                                const ModelOptions& options = {});

/// The id of the first work step in progress (the detail screen's default); empty if none.
[[nodiscard]] std::string first_running_work_step(const SampleData& data);

}  // namespace pt::ui::sample
