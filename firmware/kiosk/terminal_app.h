// The kiosk's application state (architecture.md "firmware/"): the operator session, where the
// kiosk is, the logged-in partner's snapshot, the sync engine and the worker — everything but
// drawing. The UI loop (kiosk_loop.h) feeds it scans, taps (intents) and time; it answers with
// the UiModel the screens draw, and with JSON for `partner-terminal ctl`.
//
// Threads: every member function runs on the UI thread. The sync engine and the worker run
// on their own threads and reach the UI only through their result queues and the wake callback.
// The only database work here is one outbox append per tap (durable before the screen says
// "saved", product.md §5), on this thread's own connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "firmware/app/navigation.h"
#include "firmware/app/scan_router.h"
#include "firmware/app/session.h"
#include "firmware/app/ui_model.h"
#include "firmware/app/update_notice.h"
#include "firmware/config/terminal_config.h"
#include "firmware/kiosk/background_worker.h"
#include "firmware/kiosk/partner_snapshot.h"
#include "firmware/kiosk/system_image.h"
#include "platform/scanner/scan_queue.h"
#include "sync/client/sync_engine.h"
#include "sync/store/terminal_db.h"

namespace pt::kiosk {

using TimePoint = std::chrono::system_clock::time_point;

struct KioskOptions {
    config::TerminalConfig config;
    /// Where `config` was read from (the spent enrolment code is removed from it); may be empty.
    std::filesystem::path config_file;
    std::string version;
    /// The languages there are translation files for (the login screen's switch).
    std::vector<std::string> languages;
    /// Wakes the UI loop from another thread (the engine, the worker).
    std::function<void()> wake;
    /// The image and slot this runs from (technician screen, `ctl status`): the kiosk loop
    /// reads it (read_system_image); empty where nobody does, as in tests.
    SystemImage system_image;
    /// Badge hash cost; tests may lower it.
    store::PwhashLimits pwhash = store::PwhashLimits::interactive();
};

class TerminalApp {
public:
    /// Why the app cannot run with `config` although it loaded, or nullopt: what the transport
    /// would refuse at start (a CA file that is gone or unreadable). Reads the file system only.
    [[nodiscard]] static std::optional<std::string> configuration_problem(
        const config::TerminalConfig& config);

    /// Opens the database (throws StoreError when it cannot), starts the sync engine and the
    /// worker, and enrols when the terminal has no credentials yet and a code is configured.
    /// Throws std::invalid_argument when configuration_problem() would have said why.
    explicit TerminalApp(KioskOptions options);
    /// Stops the engine and the worker; pending events stay in the outbox.
    ~TerminalApp();
    TerminalApp(const TerminalApp&) = delete;
    TerminalApp& operator=(const TerminalApp&) = delete;

    /// A finished scan from any source; returns how it was routed (for `ctl scan`).
    app::ScanRoute on_scan(std::string_view code, TimePoint now);
    /// A tap, key or scroll: resets the idle timer.
    void on_activity(TimePoint now);
    /// Applies an intent a screen returned.
    void apply(const app::Intent& intent, TimePoint now);
    /// Takes the worker's results and the engine's status, advances the idle timer; returns true
    /// when what the screen shows changed.
    bool update(TimePoint now);
    /// The model to draw now; the loop adds this frame's typed text to it.
    [[nodiscard]] app::UiModel& model(TimePoint now);
    /// When update() must run again although nothing else happens (idle count-down, toast
    /// expiry, the next minute of the clock).
    [[nodiscard]] TimePoint next_deadline(TimePoint now) const;

    /// Shows another language (the login screen's switch, or the bar's for a logged-in
    /// operator, whose choice is remembered for their next login here).
    void set_language(std::string language);
    /// Shows `language` without remembering it (a translation that would not load).
    void show_language(std::string language);
    /// The language to show; changes at a login with a remembered choice and at a logout.
    [[nodiscard]] const std::string& language() const { return language_; }
    /// `ctl status`: screen, session, partner, connectivity, outbox, what the screen shows.
    [[nodiscard]] std::string status_json(TimePoint now) const;
    /// `ctl update-notice …` (the image's update-from-stick): shows, replaces or clears the
    /// update banner; returns the reply for the control socket.
    [[nodiscard]] std::string on_update_notice(std::string_view argument, TimePoint now);
    /// A line for the technician screen's log (and stderr, i.e. the journal).
    void log(std::string line);
    /// Until when the loop should draw nothing after a badge scan: a login usually answers
    /// within a few tens of milliseconds, and a "checking" frame drawn meanwhile would only
    /// take the CPU from it (the renderer is software). nullopt when frames may be drawn.
    [[nodiscard]] std::optional<std::chrono::steady_clock::time_point> quiet_until(
        std::chrono::steady_clock::time_point now) const;
    /// The loop drew a frame of the current model: completes the scan-to-list measurement.
    void frame_drawn(std::chrono::steady_clock::time_point at);
    /// Diagnostics for `ctl status` (and the benchmarks): start to first frame, scan to list.
    void set_first_frame_ms(double ms) { first_frame_ms_ = ms; }

private:
    /// A provisioning barcode scanned on the technician screen: enrol again with its code.
    void re_enroll_from_barcode(std::string_view code, TimePoint now);
    void after_session_change();
    /// At a login, the operator's remembered language; at a logout, the terminal's own.
    void follow_operator_language();
    void start_view_load();
    /// At a logout: hands what the operator leaves to the worker (handover_), then forgets it.
    void remember_handover();
    /// The session's first snapshot brings the handover; each snapshot the changes since the
    /// last logout (shown first while the operator has not tapped anything yet).
    void take_handover(const PartnerSnapshot& snapshot);
    /// The detail of a marked step was opened: it is marked no more.
    void note_opened();
    /// Ends a scan capture whose screen, work step or session is gone.
    void follow_scan_capture();
    void adopt(std::shared_ptr<PartnerSnapshot> snapshot, TimePoint now);
    void record_feedback(const app::FeedbackIntent& intent, TimePoint now);
    void toast(std::string text, bool error, TimePoint now);
    void apply_worker_results(TimePoint now);
    /// Keeps the client's session of the operator just logged in (or back online) and gives
    /// its token to the sync engine.
    void keep_login(std::optional<client::OperatorSession> login);
    void follow_engine(TimePoint now);
    void rebuild_model(TimePoint now);
    [[nodiscard]] const plan::PartnerView& current_view() const;
    [[nodiscard]] app::TechnicianInfo technician_info() const;

    KioskOptions options_;
    std::unique_ptr<store::TerminalDb> db_;  // the UI thread's connection: outbox appends only
    std::unique_ptr<client::SyncEngine> engine_;
    std::unique_ptr<BackgroundWorker> worker_;
    app::Session session_;
    app::Navigation navigation_;
    app::ScanPatterns scan_patterns_;
    std::shared_ptr<const PartnerSnapshot> snapshot_;
    /// An event a tap recorded, with its outbox sequence and who recorded it.
    struct RecordedTap {
        std::int64_t sequence = 0;
        plan::Event event;
        std::string operator_name;
    };
    /// Events this session's taps recorded that a snapshot being loaded may predate: laid on top
    /// of it when it is adopted, dropped once one includes them.
    std::vector<RecordedTap> recorded_taps_;
    /// The operator's session as the sync client made it: its token (for the sync engine) and,
    /// offline, the held badge (for the relogin). The app's session has neither; this goes
    /// with it (R11).
    std::optional<client::OperatorSession> login_;
    std::optional<app::intent::ChooseWorkStep> choice_;
    /// Where scans are taken as text (intent::CaptureScans): that screen and work step only.
    struct ScanCapture {
        app::Screen screen = app::Screen::login;
        std::string work_step_id;
        std::uint64_t session_generation = 0;
    };
    std::optional<ScanCapture> scan_capture_;
    /// product.md §8: what the operator left at their last logout here, what changed since, and
    /// the changed steps not opened yet (marked on the tiles). Set with the session's first
    /// snapshot; handed to the worker to remember at the logout.
    struct Handover {
        std::string operator_id;
        std::string partner_id;
        std::string operator_name;
        /// What they left at their last logout here; null: never logged out here.
        std::shared_ptr<const std::vector<plan::StepMemory>> memory;
        /// Recomputed with each snapshot: the first pulls after a login bring the news.
        std::vector<plan::ChangedStep> changes;
        std::unordered_set<std::string> marked;   ///< changed and not opened
        std::unordered_set<std::string> opened;   ///< opened this session
        std::unordered_set<std::string> touched;  ///< reported on this session (own changes)
        bool acted = false;  ///< the operator tapped something: no more jumping to the changes
        bool shown = false;  ///< the changes screen was shown this session
    };
    std::optional<Handover> handover_;
    std::optional<app::Toast> toast_;
    std::optional<app::UpdateNotice> update_notice_;
    std::string language_;
    std::shared_ptr<const client::SyncStatus> status_;
    std::uint64_t seen_cycles_ = 0;
    std::uint64_t seen_generation_ = 0;
    std::string session_partner_;  // the partner the engine pulls for this session
    bool relogin_running_ = false;
    bool health_404_logged_ = false;
    std::string terminal_id_;
    std::deque<std::string> log_;
    app::UiModel model_;
    bool dirty_ = true;
    bool trim_due_ = false;           // memory to return to the OS after the next frame
    std::uint64_t view_version_ = 0;  // bumped whenever snapshot_ changes
    std::optional<std::chrono::steady_clock::time_point> login_scan_at_;  // awaiting the list
    std::optional<double> scan_to_list_ms_;
    std::optional<double> first_frame_ms_;
    plan::PartnerView empty_view_;
    plan::OptimisticView empty_optimistic_;
};

}  // namespace pt::kiosk
