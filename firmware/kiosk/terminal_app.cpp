#include "firmware/kiosk/terminal_app.h"

#include <malloc.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "firmware/app/event_builder.h"
#include "firmware/config/provisioning.h"
#include "firmware/kiosk/client_adapters.h"
#include "sync/plan/time.h"
#include "sync/secrets/slow_hash.h"
#include "sync/store/credentials.h"
#include "sync/store/event_id.h"
#include "sync/store/operator_languages.h"
#include "sync/store/outbox.h"
#include "sync/store/store_error.h"

namespace pt::kiosk {
namespace {

using Json = nlohmann::json;
constexpr std::size_t kLogLines = 200;
constexpr auto kToastTime = std::chrono::seconds(4);

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

client::TransportOptions transport_options(const config::TerminalConfig& config) {
    client::TransportOptions options;
    options.ca_file = config.ca_file;
    options.pinned_public_key = config.pinned_key;
    options.allow_insecure_http = config.allow_insecure_http;
    // A login must answer quickly or fall back to the offline check: an operator is waiting.
    options.connect_timeout = std::chrono::milliseconds(3000);
    return options;
}

std::string rfc3339(TimePoint t) {
    return plan::format_rfc3339(std::chrono::time_point_cast<std::chrono::seconds>(t));
}

// The translation key of a refusal the terminal decides before recording (event_builder.h).
std::string refusal_key(app::EventRefusal refusal) {
    return "refusal." + std::string(app::name_of(refusal));
}

bool partner_screen(app::Screen screen) {
    return screen != app::Screen::login && screen != app::Screen::technician;
}

}  // namespace

std::optional<std::string> TerminalApp::configuration_problem(
    const config::TerminalConfig& config) {
    return client::validate(transport_options(config));
}

TerminalApp::TerminalApp(KioskOptions options)
    : options_(std::move(options)),
      session_({.idle_timeout = options_.config.idle_timeout,
                .countdown = std::chrono::seconds(10),
                .technician_badge =
                    [hash = options_.config.technician_badge_hash](std::string_view code) {
                        // ~15 ms a scan (SlowHashLimits::per_scan): the badge itself is never
                        // kept on the terminal, only its hash.
                        return !hash.empty() && secrets::slow_hash_matches(hash, code);
                    }}),
      language_(options_.config.language) {
    scan_patterns_.provisioning_prefix = config::kProvisioningBarcodePrefix;
    const auto database = config::database_path(options_.config);
    std::filesystem::create_directories(options_.config.data_dir);
    // The UI thread's connection never runs checkpoints, so a tap's append costs one fsync.
    db_ = std::make_unique<store::TerminalDb>(
        database, store::TerminalDbOptions{.checkpoint_on_commit = false});
    if (const auto credentials = store::Credentials(*db_).load())
        terminal_id_ = credentials->terminal_id;

    client::SyncEngineOptions engine;
    engine.database = database;
    engine.server_url = options_.config.server_url;
    engine.transport = transport_options(options_.config);
    engine.pull_interval = options_.config.sync_interval;
    engine.on_state_changed = options_.wake;
    engine.health = {.software_version = options_.version,
                     .image_version = options_.system_image.version,
                     .boot_slot = options_.system_image.slot};
    engine_ = std::make_unique<client::SyncEngine>(std::move(engine));

    WorkerOptions worker;
    worker.database = database;
    worker.server_url = options_.config.server_url;
    worker.transport = transport_options(options_.config);
    worker.login = {.offline_grace = options_.config.offline_grace,
                    .pwhash = options_.pwhash,
                    .defer_remember = true};
    worker.terminal_name = options_.config.terminal_name;
    worker.config_file = options_.config_file;
    worker.wake = options_.wake;
    worker_ = std::make_unique<BackgroundWorker>(std::move(worker));

    engine_->start();
    status_ = engine_->status();
    if (options_.config.technician_badge_in_clear) {
        log("the configuration holds technician_badge in clear: provision the terminal again, "
            "or write technician_badge_hash instead (README, Configuration)");
    }
    if (terminal_id_.empty() && !options_.config.enrollment_code.empty()) {
        log("not enrolled: enrolling with the configured code");
        worker_->enroll(options_.config.enrollment_code);
    } else if (terminal_id_.empty()) {
        log("not enrolled and no enrollment_code configured");
    }
}

TerminalApp::~TerminalApp() {
    worker_.reset();
    engine_->stop();
}

void TerminalApp::log(std::string line) {
    std::fprintf(stderr, "partner-terminal: %s\n", line.c_str());
    log_.push_back(std::move(line));
    while (log_.size() > kLogLines)
        log_.pop_front();
    dirty_ = true;
}

std::string TerminalApp::on_update_notice(std::string_view argument, TimePoint now) {
    app::UpdateNoticeCommand command = app::parse_update_notice(argument, now);
    if (!command.ok) return Json{{"error", "update-notice: " + command.error}}.dump() + "\n";
    log(command.notice ? "update " + std::string(app::name_of(command.notice->state)) + ": " +
                             command.notice->detail
                       : std::string("update notice cleared"));
    update_notice_ = std::move(command.notice);
    dirty_ = true;
    return "{\"ok\": true}\n";
}

void TerminalApp::toast(std::string text, bool error, TimePoint now) {
    toast_ = app::Toast{std::move(text), error, now + kToastTime};
    dirty_ = true;
}

const plan::PartnerView& TerminalApp::current_view() const {
    return snapshot_ ? snapshot_->optimistic.view : empty_view_;
}

app::ScanRoute TerminalApp::on_scan(std::string_view code, TimePoint now) {
    session_.touch(now);
    follow_scan_capture();
    app::ScanRoute route =
        app::route_scan(code, session_, current_view(), scan_patterns_, scan_capture_.has_value());
    if (route.kind == app::ScanKind::captured) {
        if (!model_.scanned_text.empty()) model_.scanned_text += ' ';
        model_.scanned_text += route.code;
        dirty_ = true;
        return route;
    }
    if (scan_capture_ && route.kind == app::ScanKind::rejected) {
        // Said without the scan: it may be a badge.
        dirty_ = true;
        toast("notice.scan_not_for_note", true, now);
        return route;
    }
    dirty_ = true;
    switch (route.kind) {
        case app::ScanKind::technician:
            // A bundle on a USB stick waits for exactly this scan (walking away cancels it);
            // the badge confirms the install and opens nothing else.
            if (app::confirm_update(update_notice_, now)) {
                log("update " + update_notice_->detail + " confirmed with the technician badge");
                break;
            }
            [[fallthrough]];
        case app::ScanKind::login:
            if (auto attempt = session_.scan_badge(route.code, now)) {
                login_scan_at_ = std::chrono::steady_clock::now();
                // The session the scan ended hands over first: the worker saves what its
                // operator leaves before the new login reads it (the same operator, again).
                after_session_change();
                worker_->login(*attempt);
            }
            after_session_change();
            break;
        case app::ScanKind::open_work_step:
        case app::ScanKind::choose_work_step:
            if (auto intent = app::intent_of(route)) apply(*intent, now);
            break;
        case app::ScanKind::run_card_hint:
            toast("notice.run_card_at_login", true, now);
            break;
        case app::ScanKind::not_found:
            toast("notice.run_card_not_found", true, now);
            break;
        case app::ScanKind::rejected:
            log("scan refused: " + route.message);
            toast("notice.unreadable_scan", true, now);
            break;
        case app::ScanKind::provisioning:
            // Its content (an enrolment code) goes nowhere but to the enrolment: not to the
            // server as a badge, not to the log.
            if (session_.state() == app::SessionState::technician) {
                re_enroll_from_barcode(code, now);
                break;
            }
            log("provisioning barcode ignored: this terminal is already set up");
            toast("notice.provisioning_ignored", true, now);
            break;
        case app::ScanKind::captured:  // handled above
        case app::ScanKind::ignored:
            break;
    }
    return route;
}

void TerminalApp::re_enroll_from_barcode(std::string_view code, TimePoint now) {
    // Behind the technician badge only: a revoked terminal (or one whose identity the
    // administrator wants renewed) is enrolled again with the new code; the outbox stays and
    // goes out with the new token. The server must stay the same — moving a terminal to another
    // server is the set-up screen's job (a new configuration), not this.
    std::optional<config::Provisioning> values;
    try {
        values = config::parse_provisioning_barcode(app::trim_scan(code));
    } catch (const config::ConfigError&) {
        // Its message may quote the barcode (an enrolment code): only say that it failed.
    }
    if (!values || values->enrollment_code.empty()) {
        log("provisioning barcode unusable: not re-enrolling");
        toast("notice.provisioning_unusable", true, now);
        return;
    }
    if (values->server_url != options_.config.server_url) {
        log("provisioning barcode names another server: not re-enrolling");
        toast("notice.reenrol_other_server", true, now);
        return;
    }
    log("re-enrolment requested with a provisioning barcode");
    toast("notice.reenrolling", false, now);
    worker_->enroll(std::move(values->enrollment_code), /*replace=*/true);
}

void TerminalApp::on_activity(TimePoint now) {
    session_.touch(now);
}

void TerminalApp::apply(const app::Intent& intent, TimePoint now) {
    session_.touch(now);
    dirty_ = true;
    if (handover_) handover_->acted = true;
    if (const auto feedback = app::as_feedback(intent)) {
        record_feedback(*feedback, now);
        return;
    }
    std::visit(Overloaded{
                   [&](const app::intent::Navigate& go) {
                       choice_.reset();
                       const auto result = navigation_.navigate(session_, go.screen);
                       if (!result.ok) toast("notice.not_available", true, now);
                   },
                   [&](const app::intent::OpenWorkStep& open) {
                       choice_.reset();
                       const auto result =
                           navigation_.open_work_step(session_, current_view(), open.work_step_id);
                       if (!result.ok) toast("notice.run_card_not_found", true, now);
                   },
                   [&](const app::intent::ChooseWorkStep& choose) { choice_ = choose; },
                   [&](const app::intent::CaptureScans& capture) {
                       scan_capture_.reset();
                       if (capture.on) {
                           scan_capture_ =
                               ScanCapture{navigation_.current(), navigation_.work_step_id(),
                                           session_.generation()};
                       }
                   },
                   [&](const app::intent::Back&) {
                       if (choice_) {
                           choice_.reset();
                       } else {
                           navigation_.back(session_);
                       }
                   },
                   [&](const app::intent::LogOut&) {
                       session_.log_out();
                       after_session_change();
                   },
                   [&](const app::intent::EnterPin& pin) {
                       if (auto attempt = session_.enter_pin(pin.pin, now))
                           worker_->login(*attempt);
                   },
                   [&](const app::intent::CancelPin&) { session_.cancel_pin(now); },
                   [&](const app::intent::SyncNow&) {
                       log("sync requested");
                       engine_->sync_now();
                   },
                   [&](const app::intent::ReEnroll&) {
                       if (options_.config.enrollment_code.empty()) {
                           toast("notice.no_enrollment_code", true, now);
                           return;
                       }
                       log("re-enrolment requested");
                       // A revoked terminal's identity is replaced; a working one stays.
                       worker_->enroll(options_.config.enrollment_code, status_->terminal_revoked);
                   },
                   [&](const auto&) {},  // feedback intents were handled above
               },
               intent);
    after_session_change();
    note_opened();
    follow_scan_capture();
}

void TerminalApp::follow_scan_capture() {
    // A capture ends with its screen, work step or session, whichever way they went.
    if (scan_capture_ && (scan_capture_->screen != navigation_.current() ||
                          scan_capture_->work_step_id != navigation_.work_step_id() ||
                          scan_capture_->session_generation != session_.generation() ||
                          session_.state() != app::SessionState::logged_in)) {
        scan_capture_.reset();
    }
}

void TerminalApp::record_feedback(const app::FeedbackIntent& intent, TimePoint now) {
    const plan::OptimisticView& view = snapshot_ ? snapshot_->optimistic : empty_optimistic_;
    const app::BuildResult built =
        app::build_event(intent, session_, view, now, store::new_event_id());
    if (!built.ok()) {
        toast(refusal_key(built.refusal), true, now);
        return;
    }
    const auto* profile = session_.profile();
    try {
        // Durable before the screen says "saved" (product.md §5).
        const std::int64_t sequence =
            store::Outbox(*db_).append(*built.event, profile->partner_id, profile->operator_name);
        recorded_taps_.push_back({sequence, *built.event, profile->operator_name});
        if (handover_) handover_->touched.insert(built.event->target_id);
    } catch (const store::StoreError& error) {
        log(std::string("event NOT saved: ") + error.what());
        toast("notice.not_saved." + std::string(store::name_of(error.kind())), true, now);
        return;
    }
    if (snapshot_) {
        snapshot_ = with_event(*snapshot_, *built.event, profile->operator_name);
        ++view_version_;
    }
    engine_->notify_new_event();
    const bool offline = session_.offline() || !status_->online;
    toast(offline ? "notice.saved_offline" : "notice.saved", false, now);
}

void TerminalApp::after_session_change() {
    navigation_.follow(session_);
    if (session_.generation() == seen_generation_) return;
    seen_generation_ = session_.generation();
    remember_handover();
    // R11: nothing of the previous partner's session stays in memory or on screen.
    snapshot_.reset();
    recorded_taps_.clear();
    ++view_version_;
    choice_.reset();
    relogin_running_ = false;
    login_.reset();  // the previous operator's token and held badge
    if (!session_partner_.empty()) {
        engine_->clear_session(session_partner_);
        session_partner_.clear();
    }
    if (session_.operator_session() != nullptr) start_view_load();
    follow_operator_language();
    dirty_ = true;
}

void TerminalApp::keep_login(std::optional<client::OperatorSession> login) {
    login_ = std::move(login);
    if (login_ && !login_->offline) {
        session_partner_ = login_->profile.partner_id;
        engine_->set_session(login_->profile.partner_id, login_->profile.token);
    }
}

void TerminalApp::start_view_load() {
    if (const auto* profile = session_.profile()) {
        // The handover is read with the session's first load and compared on the worker after.
        worker_->load_view(profile->partner_id, session_.generation(),
                           {.operator_id = profile->operator_id,
                            .operator_name = profile->operator_name,
                            .read = !handover_,
                            .memory = handover_ ? handover_->memory : nullptr});
    }
}

void TerminalApp::remember_handover() {
    // What the operator leaves goes to the worker with the last snapshot of their session.
    if (handover_ && snapshot_ && snapshot_->partner_id == handover_->partner_id) {
        worker_->remember_handover(handover_->operator_id, snapshot_, handover_->memory,
                                   std::move(handover_->marked));
    }
    handover_.reset();
}

void TerminalApp::take_handover(const PartnerSnapshot& snapshot) {
    const auto* profile = session_.profile();
    if (profile == nullptr || snapshot.partner_id != profile->partner_id) return;
    if (!handover_) {
        if (!snapshot.handover_loaded) return;
        Handover h;
        h.operator_id = profile->operator_id;
        h.partner_id = profile->partner_id;
        h.operator_name = profile->operator_name;
        h.memory = snapshot.handover_memory;
        handover_ = std::move(h);
    }
    Handover& h = *handover_;
    if (!h.memory) return;
    // Compared on the worker when it knew the memory; else (a load asked for before) here.
    h.changes = snapshot.handover_loaded && snapshot.handover_memory == h.memory
                    ? snapshot.handover_changes
                    : plan::changes_since(snapshot.optimistic.view, *h.memory, h.operator_name);
    // A status the operator moved this session is their own doing, not news.
    std::erase_if(h.changes, [&](plan::ChangedStep& c) {
        if (h.touched.contains(c.work_step_id)) {
            c.changes.erase(plan::StepChange::status);
            c.changes.erase(plan::StepChange::finished);
        }
        return c.changes.empty();
    });
    h.marked.clear();
    for (const plan::ChangedStep& c : h.changes)
        if (!h.opened.contains(c.work_step_id)) h.marked.insert(c.work_step_id);
    // What changed while the operator was away is the first thing they see (product.md §8).
    if (!h.shown && !h.acted && !h.changes.empty() &&
        navigation_.current() == app::home_screen(session_)) {
        h.shown = navigation_.navigate(session_, app::Screen::changes).ok;
    }
}

void TerminalApp::note_opened() {
    if (!handover_ || navigation_.current() != app::Screen::work_step_detail) return;
    handover_->opened.insert(navigation_.work_step_id());
    handover_->marked.erase(navigation_.work_step_id());
}

void TerminalApp::apply_worker_results(TimePoint now) {
    for (auto& item : worker_->take_results()) {
        dirty_ = true;
        std::visit(Overloaded{
                       [&](result::Login& login) {
                           const auto outcome = login.result.outcome;
                           if (!login.result.message.empty()) log(login.result.message);
                           const auto applied = session_.apply_login_result(
                               login.attempt_id, app_login_result(login.result), now);
                           if (applied == app::LoginApplied::logged_in) {
                               log(std::string("operator logged in (") +
                                   std::string(client::name_of(outcome)) + ")");
                               after_session_change();  // drops the previous snapshot
                               keep_login(std::move(login.result.session));
                               const auto* profile = session_.profile();
                               if (login.snapshot && profile != nullptr &&
                                   login.snapshot->partner_id == profile->partner_id) {
                                   login.snapshot->session_generation = session_.generation();
                                   adopt(std::move(login.snapshot), now);
                               }
                           } else if (applied != app::LoginApplied::stale) {
                               log(std::string("login not completed: ") +
                                   std::string(client::name_of(outcome)));
                           }
                       },
                       [&](result::Relogin& again) {
                           relogin_running_ = false;
                           if (again.generation != session_.generation()) return;
                           const bool online = again.result.outcome == client::LoginOutcome::online;
                           session_.apply_relogin_result(app_login_result(again.result));
                           const auto* op = session_.operator_session();
                           if (online && session_.generation() == again.generation &&
                               op != nullptr && !op->offline) {
                               keep_login(std::move(again.result.session));
                               log("back online: session renewed");
                           }
                       },
                       [&](result::Enrolled& enrolled) {
                           log(enrolled.message);
                           if (enrolled.ok) {
                               if (const auto credentials = store::Credentials(*db_).load())
                                   terminal_id_ = credentials->terminal_id;
                               engine_->sync_now();
                           }
                       },
                       [&](result::ViewLoaded& loaded) {
                           if (loaded.snapshot->session_generation != session_.generation()) return;
                           adopt(std::move(loaded.snapshot), now);
                       },
                       [&](result::Log& line) {
                           if (!line.message.empty()) log(std::move(line.message));
                       },
                       [&](result::ViewFailed& failed) {
                           log("cannot load the plan: " + failed.message);
                           toast("notice.store_failed", true, now);
                       },
                   },
                   item);
    }
    after_session_change();
}

void TerminalApp::adopt(std::shared_ptr<PartnerSnapshot> snapshot, TimePoint now) {
    // The codes stay after a logout, so this partner's run cards scanned at the login screen
    // are recognised as run cards and never taken for a badge.
    scan_patterns_.known_codes = std::move(snapshot->run_card_codes);
    // Loaded off this thread: a tap recorded meanwhile is not in it yet, and without it the step
    // would look as before the tap (a Pause just after Start refused as not running).
    std::erase_if(recorded_taps_,
                  [&](const auto& tap) { return tap.sequence <= snapshot->outbox_through; });
    for (const auto& tap : recorded_taps_)
        lay_on(*snapshot, tap.event, tap.operator_name);
    snapshot_ = std::move(snapshot);
    take_handover(*snapshot_);
    ++view_version_;
    dirty_ = true;
    trim_due_ = true;
    // R10: a work step the central plan took away closes its detail, with a word why.
    if (navigation_.current() == app::Screen::work_step_detail) {
        const auto& steps = snapshot_->optimistic.view.work_steps;
        const std::string& id = navigation_.work_step_id();
        const bool still_there = std::any_of(steps.begin(), steps.end(),
                                             [&](const auto& step) { return step.id == id; });
        if (!still_there) {
            navigation_.back(session_);
            toast("notice.work_step_gone", true, now);
        }
    }
}

void TerminalApp::follow_engine(TimePoint now) {
    auto status = engine_->status();
    if (status == status_) return;
    const bool changed = status->cycles != status_->cycles || status->pending != status_->pending ||
                         status->rejected != status_->rejected;
    if (status->health_not_supported && !status_->health_not_supported && !health_404_logged_) {
        health_404_logged_ = true;  // once per run: an older server stays older
        log("the server does not take health reports (404); trying again in an hour");
    }
    if (status->terminal_revoked != status_->terminal_revoked) {
        log(status->terminal_revoked
                ? "the server refuses this terminal's token (revoked): reports stay in the outbox "
                  "until it is enrolled again"
                : "the server accepts this terminal's token again");
    }
    status_ = std::move(status);
    dirty_ = true;
    if (changed && session_.profile() != nullptr) start_view_load();

    const auto* op = session_.operator_session();
    if (op == nullptr) return;
    // The server ended this partner's session (401 to a pull): log in again, online — the
    // operator may have been deleted or given a new badge, so the vault forgets the old one.
    for (const auto& expired : status_->expired_sessions) {
        if (!op->offline && expired == op->profile.partner_id) {
            worker_->forget_operator(op->profile.operator_id);
            session_.log_out(app::LogoutReason::session_refused);
            toast("notice.session_ended", true, now);
            after_session_change();
            return;
        }
    }
    // An offline session gets a token once the server answers again.
    if (op->offline && status_->online && !relogin_running_ && login_) {
        relogin_running_ = true;
        worker_->relogin(*login_, session_.generation());
    }
}

bool TerminalApp::update(TimePoint now) {
    apply_worker_results(now);
    follow_engine(now);
    if (session_.tick(now)) {
        log(session_.last_logout() == app::LogoutReason::offline_grace_over
                ? "offline session ended: its grace period is over (the server would refuse "
                  "its reports)"
                : "idle logout");
        after_session_change();
        dirty_ = true;
    }
    if (toast_ && now >= toast_->until) {
        toast_.reset();
        dirty_ = true;
    }
    if (update_notice_ && now >= update_notice_->until) {
        update_notice_.reset();
        dirty_ = true;
    }
    const bool changed = dirty_;
    return changed;
}

TimePoint TerminalApp::next_deadline(TimePoint now) const {
    // The clocks show minutes: wake at the next one.
    const TimePoint next_minute =
        std::chrono::floor<std::chrono::minutes>(now) + std::chrono::minutes(1);
    TimePoint next = next_minute;
    if (const auto left = session_.seconds_until_logout(now)) {
        const auto countdown = session_.options().countdown.count();
        // Before the count-down: wake when it starts; during it: often enough for each second.
        const TimePoint wake = *left > countdown ? now + std::chrono::seconds(*left - countdown)
                                                 : now + std::chrono::milliseconds(200);
        next = std::min(next, wake);
    }
    if (toast_) next = std::min(next, toast_->until);
    if (update_notice_) next = std::min(next, update_notice_->until);
    // A confirmation counts down on the banner: wake when the seconds shown change.
    if (update_notice_ && update_notice_->state == app::UpdateState::confirm) {
        const std::int64_t shown = app::seconds_left(*update_notice_, now);
        next = std::min(next, update_notice_->until - std::chrono::seconds(shown - 1));
    }
    return std::max(next, now);
}

void TerminalApp::set_language(std::string language) {
    show_language(std::move(language));
    const auto* profile = session_.profile();
    if (session_.state() != app::SessionState::logged_in || profile == nullptr) return;
    try {
        store::OperatorLanguages(*db_).remember(profile->operator_id, language_);
    } catch (const store::StoreError& error) {
        log(std::string("language not remembered: ") + error.what());
    }
}

void TerminalApp::show_language(std::string language) {
    language_ = std::move(language);
    dirty_ = true;
}

void TerminalApp::follow_operator_language() {
    const auto* profile = session_.profile();
    if (profile == nullptr) {
        language_ = options_.config.language;  // the terminal's own for the next one
        return;
    }
    try {
        const auto chosen = store::OperatorLanguages(*db_).of(profile->operator_id);
        if (chosen && std::find(options_.languages.begin(), options_.languages.end(), *chosen) !=
                          options_.languages.end()) {
            language_ = *chosen;
        }
    } catch (const store::StoreError& error) {
        log(std::string("language not read: ") + error.what());
    }
}

std::optional<std::chrono::steady_clock::time_point> TerminalApp::quiet_until(
    std::chrono::steady_clock::time_point now) const {
    // Below ~100 ms a screen still feels instant; past it the operator sees "checking".
    constexpr auto kQuiet = std::chrono::milliseconds(80);
    if (!login_scan_at_ || session_.state() != app::SessionState::logging_in) return std::nullopt;
    const auto until = *login_scan_at_ + kQuiet;
    if (now >= until) return std::nullopt;
    return until;
}

void TerminalApp::frame_drawn(std::chrono::steady_clock::time_point at) {
    if (trim_due_ && model_.view != nullptr) {
        // A previous snapshot (thousands of work steps) was freed: give the memory back to the
        // OS rather than keep it for allocations that may never come. After the frame, so the
        // operator does not wait for it.
        trim_due_ = false;
        ::malloc_trim(0);
    }
    // The work list is on screen once a frame shows the partner's work steps.
    if (!login_scan_at_ || model_.view == nullptr || model_.view->view.work_steps.empty()) return;
    scan_to_list_ms_ = std::chrono::duration<double, std::milli>(at - *login_scan_at_).count();
    login_scan_at_.reset();
}

app::TechnicianInfo TerminalApp::technician_info() const {
    app::TechnicianInfo info;
    info.version = options_.version;
    info.image_version = options_.system_image.version;
    info.boot_slot = options_.system_image.slot;
    info.terminal_id = terminal_id_;
    info.server_url = options_.config.server_url;
    if (!options_.config.pinned_key.empty()) {
        info.tls = "pinned key " + options_.config.pinned_key;
    } else if (!options_.config.ca_file.empty()) {
        info.tls = "CA file " + options_.config.ca_file.string();
    } else {
        info.tls = "system CA store";
    }
    info.data_dir = options_.config.data_dir.string();
    std::error_code error;
    const auto size = std::filesystem::file_size(config::database_path(options_.config), error);
    info.database_bytes = error ? 0 : static_cast<std::int64_t>(size);
    struct statvfs fs {};
    if (::statvfs(options_.config.data_dir.c_str(), &fs) == 0)
        info.free_bytes =
            static_cast<std::int64_t>(fs.f_bavail) * static_cast<std::int64_t>(fs.f_frsize);
    info.log.assign(log_.begin(), log_.end());
    return info;
}

void TerminalApp::rebuild_model(TimePoint now) {
    app::UiModel& m = model_;
    m.now = now;
    m.screen = navigation_.current();
    m.work_step_id = navigation_.work_step_id();
    m.session_state = session_.state();
    m.session_generation = session_.generation();
    m.profile = session_.profile();
    m.offline = session_.offline();
    m.offline_since = session_.offline_since();
    m.notice = session_.notice();
    m.notice_detail = session_.notice_detail();
    m.menu = app::available_screens(session_);
    const bool shows_partner = snapshot_ && session_.profile() != nullptr &&
                               snapshot_->partner_id == session_.profile()->partner_id;
    m.view = shows_partner ? &snapshot_->optimistic : nullptr;
    m.running_since = shows_partner ? &snapshot_->running_since : nullptr;
    m.step_events = shows_partner ? &snapshot_->step_events : nullptr;
    m.operator_names = shows_partner ? &snapshot_->operator_names : nullptr;
    m.changes = shows_partner && handover_ ? &handover_->changes : nullptr;
    m.marked_steps = shows_partner && handover_ ? &handover_->marked : nullptr;
    m.view_version = view_version_;
    if (shows_partner) {
        m.attention = snapshot_->attention;
    } else {
        m.attention.clear();
    }
    m.choice = choice_;
    m.sync = sync_info(*status_);
    m.terminal_name =
        options_.config.terminal_name.empty() ? "Partner Terminal" : options_.config.terminal_name;
    m.enrolled = !terminal_id_.empty() || status_->enrolled;
    m.language = language_;
    m.languages = options_.languages;
    if (session_.state() == app::SessionState::technician) m.technician = technician_info();
    m.toast = toast_;
    m.update_notice = update_notice_;
}

app::UiModel& TerminalApp::model(TimePoint now) {
    if (dirty_) {
        rebuild_model(now);
        dirty_ = false;
    }
    model_.now = now;
    model_.countdown_s.reset();
    if (session_.show_countdown(now)) model_.countdown_s = session_.seconds_until_logout(now);
    return model_;
}

std::string TerminalApp::status_json(TimePoint now) const {
    const auto* profile = session_.profile();
    const client::SyncStatus& sync = *status_;
    Json json{{"screen", app::name_of(navigation_.current())},
              {"session", app::name_of(session_.state())},
              {"operator_id", profile ? Json(profile->operator_id) : Json(nullptr)},
              {"partner_id", profile ? Json(profile->partner_id) : Json(nullptr)},
              {"online", sync.online},
              {"offline_session", session_.offline()},
              {"enrolled", !terminal_id_.empty() || sync.enrolled},
              {"terminal_revoked", sync.terminal_revoked},
              {"terminal_id", terminal_id_},
              {"outbox_pending", sync.pending},
              {"outbox_rejected", sync.rejected},
              {"last_sync", sync.last_success ? Json(rfc3339(*sync.last_success)) : Json(nullptr)},
              {"language", language_},
              {"notice", session_.notice()},
              {"toast", toast_ ? Json(toast_->text) : Json(nullptr)},
              {"update_notice", Json(nullptr)},
              {"update_confirmed", Json(nullptr)},
              {"system_image", Json{{"version", options_.system_image.version},
                                    {"slot", options_.system_image.slot}}},
              {"idle_logout_in_s", Json(nullptr)},
              {"work_step_id", navigation_.work_step_id()},
              {"work_step_ids", Json::array()},
              {"process_ids", Json::array()},
              {"attention", Json::array()}};
    if (const auto left = session_.seconds_until_logout(now)) json["idle_logout_in_s"] = *left;
    if (update_notice_) {
        json["update_notice"] = Json{{"state", app::name_of(update_notice_->state)},
                                     {"detail", update_notice_->detail}};
        // What update-from-stick waits for (the version the technician confirmed): one line
        // of this pretty-printed answer, so a shell script finds it without a JSON parser.
        if (update_notice_->state == app::UpdateState::confirmed) {
            json["update_confirmed"] = update_notice_->detail;
        }
    }
    json["timings"] =
        Json{{"start_to_first_frame_ms", first_frame_ms_ ? Json(*first_frame_ms_) : Json(nullptr)},
             {"scan_to_list_ms", scan_to_list_ms_ ? Json(*scan_to_list_ms_) : Json(nullptr)}};
    // The allocator's view of the heap: live bytes versus freed ones it still holds (a
    // technician's first look when the terminal's memory grows).
    const struct mallinfo2 heap = ::mallinfo2();
    constexpr double kMiB = 1024.0 * 1024.0;
    json["memory"] = Json{{"heap_in_use_mb", static_cast<double>(heap.uordblks) / kMiB},
                          {"heap_free_mb", static_cast<double>(heap.fordblks) / kMiB},
                          {"mmapped_mb", static_cast<double>(heap.hblkhd) / kMiB}};
    const app::Screen screen = navigation_.current();
    if (snapshot_ && profile != nullptr && partner_screen(screen)) {
        // What the screen shows: the one work step of the detail screen, else the partner's view.
        if (screen == app::Screen::work_step_detail) {
            json["work_step_ids"].push_back(navigation_.work_step_id());
            // Who is on it, as the detail shows (product.md §8).
            for (const auto& step : snapshot_->optimistic.view.work_steps) {
                if (step.id == navigation_.work_step_id())
                    json["work_step_operators"] = step.operators;
            }
            // Its notes (product.md §8), in the view's order (by id).
            json["work_step_notes"] = Json::array();
            for (const auto& note : snapshot_->optimistic.view.step_notes) {
                if (note.work_step_id != navigation_.work_step_id()) continue;
                json["work_step_notes"].push_back(
                    Json{{"author", note.operator_name},
                         {"text", note.text},
                         {"unsent", snapshot_->optimistic.unconfirmed_notes.contains(note.id)}});
            }
        } else {
            for (const auto& step : snapshot_->optimistic.view.work_steps)
                json["work_step_ids"].push_back(step.id);
            for (const auto& process : snapshot_->optimistic.view.processes)
                json["process_ids"].push_back(process.id);
        }
        // What changed since the operator's last logout, and what is still marked (handover).
        if (handover_ && handover_->memory) {
            json["changed_steps"] = Json::array();
            for (const auto& c : handover_->changes)
                json["changed_steps"].push_back(c.work_step_id);
            json["marked_steps"] = Json::array();
            for (const auto& c : handover_->changes)
                if (handover_->marked.contains(c.work_step_id))
                    json["marked_steps"].push_back(c.work_step_id);
        }
        // The refused reports the attention screen lists (the same items rebuild_model gives
        // it): tests check that a refused report reaches the operator with its reason.
        if (screen == app::Screen::attention && snapshot_->partner_id == profile->partner_id) {
            for (const auto& item : snapshot_->attention) {
                json["attention"].push_back(Json{{"event_id", item.event_id},
                                                 {"type", item.type},
                                                 {"target_id", item.target_id},
                                                 {"reason", item.reason}});
            }
        }
    }
    return json.dump(2, ' ', false, Json::error_handler_t::replace);
}

}  // namespace pt::kiosk
