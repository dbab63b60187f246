// What the screens read (style.md §3): one read-only model per frame, built by the application
// from its state and the latest immutable snapshots. Screens never reach past it into the
// database, the network or the session; they answer with intents.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "firmware/app/intents.h"
#include "firmware/app/login_result.h"
#include "firmware/app/session.h"
#include "firmware/app/update_notice.h"
#include "sync/plan/handover.h"
#include "sync/plan/overlay.h"

namespace pt::app {

/// An event the central plan refused (the attention screen).
struct AttentionItem {
    std::string event_id;
    std::string type;       ///< `work_step.finished` …
    std::string target_id;  ///< the work step or process
    std::string reason;     ///< the server's reason code (`not_visible`, `invalid` …)
    TimePoint recorded_at{};
};

/// What the technician screen shows.
struct TechnicianInfo {
    std::string version;
    std::string image_version;  ///< the system image's; empty when not running from one
    std::string boot_slot;      ///< `A` or `B`; empty when unknown
    std::string terminal_id;    ///< empty when not enrolled
    std::string server_url;
    std::string tls;  ///< how the server is verified: system CAs, a CA file, a pinned key
    std::string data_dir;
    std::int64_t database_bytes = 0;
    std::int64_t free_bytes = 0;   ///< on the data directory's file system
    std::vector<std::string> log;  ///< recent lines, newest last
};

/// What the screens show of the sync engine's status (the kiosk copies it from the sync
/// client's own).
struct SyncInfo {
    /// Why the last cycle failed.
    struct Error {
        std::string kind;     ///< `unreachable`, `server_busy`, … (the sync client's names)
        std::string message;  ///< never a token or a badge
        TimePoint at{};
        bool operator==(const Error&) const = default;
    };
    bool enrolled = false;  ///< the terminal has credentials
    bool online = false;    ///< the last exchange reached the server and it answered normally
    bool syncing = false;   ///< a cycle is under way
    bool terminal_revoked = false;  ///< the server refuses this terminal's token: enrol again
    std::int64_t pending = 0;       ///< events waiting for the server's answer
    std::int64_t rejected = 0;      ///< events the server refused (attention screen)
    std::optional<TimePoint> last_success;
    std::optional<TimePoint> last_attempt;
    std::optional<TimePoint> next_attempt;
    std::optional<Error> last_error;  ///< since the last successful cycle
    unsigned consecutive_failures = 0;
    std::uint64_t cycles = 0;  ///< cycles run so far: a new one may have brought a new plan
    std::string server_url;
    bool operator==(const SyncInfo&) const = default;
};

/// A message shown for a few seconds (a refused tap, "saved", a scan that matched nothing).
struct Toast {
    std::string text;  ///< a translation key (`notice.saved` …)
    bool error = false;
    TimePoint until{};
};

struct UiModel {
    TimePoint now{};
    Screen screen = Screen::login;
    std::string work_step_id;  ///< the detail screen's work step

    SessionState session_state = SessionState::logged_out;
    std::uint64_t session_generation = 0;      ///< screens drop their UI state when it changes
    const OperatorProfile* profile = nullptr;  ///< null when nobody is logged in
    bool offline = false;                      ///< the session was opened without the server
    std::optional<TimePoint> offline_since;
    std::string notice;         ///< the login screen's message: a translation key, or a text
    std::string notice_detail;  ///< what a `{}` in the notice's text stands for
    std::optional<std::int64_t> countdown_s;  ///< set during the last seconds before idle logout
    std::vector<Screen> menu;                 ///< the screens this session may show (R8)

    /// The partner's optimistic view; null when nobody is logged in (R11).
    const plan::OptimisticView* view = nullptr;
    /// Changes whenever `view` changes (a new snapshot, a tap's event): screens rebuild what
    /// they cache from the view only then.
    std::uint64_t view_version = 0;
    /// When each running work step was started or resumed, from the events recorded here.
    const std::unordered_map<std::string, TimePoint>* running_since = nullptr;
    /// Each work step's events recorded here that move people or the clock (for each
    /// operator's own time on it, plan/time_on_step.h).
    const std::unordered_map<std::string, std::vector<plan::Event>>* step_events = nullptr;
    /// The names those events were recorded under, by operator id.
    const std::unordered_map<std::string, std::string>* operator_names = nullptr;
    /// What changed on the partner's own steps since the operator's last logout here (product.md
    /// §8), and those of them not opened since (the tiles mark them); null without a session.
    const std::vector<plan::ChangedStep>* changes = nullptr;
    const std::unordered_set<std::string>* marked_steps = nullptr;
    /// Several work steps match a scanned order: the operator picks one.
    std::optional<intent::ChooseWorkStep> choice;

    SyncInfo sync;  ///< connectivity, pending and refused counts, last sync
    std::string terminal_name;
    bool enrolled = false;
    std::string language;                ///< the language shown ("en", "de")
    std::vector<std::string> languages;  ///< the languages to switch to
    std::vector<AttentionItem> attention;
    TechnicianInfo technician;
    std::optional<Toast> toast;
    /// A system update from a USB stick: installing, already current, refused.
    std::optional<UpdateNotice> update_notice;

    /// Text typed on a physical keyboard this frame (scans are never in it), and whether a
    /// person pressed Enter: for the PIN pad, the numpads and the search field.
    std::string typed_text;
    bool typed_enter = false;
    /// Scans taken as text (a screen asked with intent::CaptureScans), until a frame drew them.
    std::string scanned_text;
};

}  // namespace pt::app
