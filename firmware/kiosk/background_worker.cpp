#include "firmware/kiosk/background_worker.h"

#include <chrono>

#include "firmware/config/provisioning.h"
#include "sync/client/enrollment.h"
#include "sync/client/sync_api_client.h"
#include "sync/store/credentials.h"
#include "sync/store/store_error.h"

namespace pt::kiosk {

BackgroundWorker::BackgroundWorker(WorkerOptions options) : options_(std::move(options)) {
    options_.transport.cancel = &cancel_;
    thread_ = std::thread([this] { run(); });
}

BackgroundWorker::~BackgroundWorker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        jobs_.clear();
    }
    cancel_ = true;
    wake_worker_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void BackgroundWorker::push(Job job) {
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    wake_worker_.notify_one();
}

void BackgroundWorker::login(app::LoginAttempt attempt) {
    push(std::move(attempt));
}

void BackgroundWorker::relogin(client::OperatorSession session, std::uint64_t generation) {
    push(ReloginJob{std::move(session), generation});
}

void BackgroundWorker::enroll(std::string code, bool replace) {
    push(EnrollJob{std::move(code), replace});
}

void BackgroundWorker::load_view(std::string partner_id, std::uint64_t generation) {
    {
        std::lock_guard lock(mutex_);
        // One queued load is enough: the newest request replaces an older one still waiting.
        for (auto& job : jobs_) {
            if (auto* load = std::get_if<LoadJob>(&job)) {
                *load = {std::move(partner_id), generation};
                return;
            }
        }
        jobs_.push_back(LoadJob{std::move(partner_id), generation});
    }
    wake_worker_.notify_one();
}

std::vector<WorkerResult> BackgroundWorker::take_results() {
    std::lock_guard lock(mutex_);
    return std::exchange(results_, {});
}

bool BackgroundWorker::busy() const {
    std::lock_guard lock(mutex_);
    return running_job_ || !jobs_.empty();
}

void BackgroundWorker::finish(WorkerResult result) {
    {
        std::lock_guard lock(mutex_);
        results_.push_back(std::move(result));
    }
    if (options_.wake) options_.wake();
}

void BackgroundWorker::run() {
    // This thread's own connection and transport; opened lazily so a broken database shows as
    // a failed job (and a clear message) instead of a dead thread.
    std::unique_ptr<store::TerminalDb> db;
    std::unique_ptr<client::HttpTransport> transport;
    std::unique_ptr<client::SyncApiClient> api;
    std::unique_ptr<client::LoginService> logins;
    const auto open = [&] {
        if (!db) db = std::make_unique<store::TerminalDb>(options_.database);
        if (!transport) {
            transport = std::make_unique<client::HttpTransport>(options_.transport);
            api = std::make_unique<client::SyncApiClient>(*transport, options_.server_url);
            logins = std::make_unique<client::LoginService>(*db, *api, options_.login);
        }
    };

    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            wake_worker_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (stopping_) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
            running_job_ = true;
        }
        WorkerResult result;
        try {
            open();
            if (auto* attempt = std::get_if<app::LoginAttempt>(&job)) {
                const auto started = std::chrono::steady_clock::now();
                client::LoginResult login = logins->login(attempt->badge, attempt->pin);
                const auto answered = std::chrono::steady_clock::now();
                std::optional<protocol::LoginResponse> remember;
                if (login.outcome == client::LoginOutcome::online && login.session)
                    remember = login.session->profile;
                std::shared_ptr<PartnerSnapshot> snapshot;
                if (login.session) {
                    try {
                        snapshot = load_snapshot(*db, login.session->profile.partner_id, 0);
                    } catch (const std::exception&) {
                        // The UI asks again with its own load job, which reports the failure.
                    }
                }
                const auto loaded = std::chrono::steady_clock::now();
                const auto ms = [](auto d) {
                    return std::to_string(
                        std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
                };
                login.message += (login.message.empty() ? "" : "; ") + std::string("login ") +
                                 ms(answered - started) + " ms, plan loaded " +
                                 ms(loaded - answered) + " ms";
                result = result::Login{attempt->id, std::move(login), std::move(snapshot)};
                if (remember) {
                    // The operator gets the work list first; the slow badge hash comes after.
                    finish(std::move(result));
                    std::string warning =
                        logins->remember_online_login(attempt->badge, attempt->pin, *remember);
                    result = result::Log{warning.empty() ? "badge remembered for offline login"
                                                         : std::move(warning)};
                }
            } else if (auto* again = std::get_if<ReloginJob>(&job)) {
                client::LoginResult outcome = logins->relogin(again->session);
                result = result::Relogin{again->generation, std::move(outcome)};
            } else if (auto* enrol = std::get_if<EnrollJob>(&job)) {
                const auto existing = store::Credentials(*db).load();
                if (existing && !enrol->replace) {
                    result = result::Enrolled{true, "already enrolled as " + existing->terminal_id};
                } else {
                    const auto enrolled =
                        client::enroll_terminal(*db, *api, enrol->code, options_.terminal_name);
                    if (!enrolled.ok()) {
                        result = result::Enrolled{false,
                                                  "enrolment failed: " + enrolled.error().message};
                    } else if (existing && existing->terminal_id == enrolled.value().terminal_id) {
                        // The server knew the old token: the same terminal, a new token.
                        result =
                            result::Enrolled{true, "enrolled again as " + existing->terminal_id};
                    } else {
                        const std::string was =
                            existing ? " (was " + existing->terminal_id + ")" : std::string();
                        result = result::Enrolled{
                            true, "enrolled as " + enrolled.value().terminal_id + was};
                    }
                    if (enrolled.ok() && !options_.config_file.empty()) {
                        // The code is spent: it should not stay on the disk.
                        try {
                            config::forget_enrollment_code(options_.config_file);
                        } catch (const config::ConfigError& error) {
                            std::get<result::Enrolled>(result).message +=
                                std::string("; the spent code stays in the configuration: ") +
                                error.what();
                        }
                    }
                }
            } else if (auto* load = std::get_if<LoadJob>(&job)) {
                result = result::ViewLoaded{load_snapshot(*db, load->partner_id, load->generation)};
            }
        } catch (const std::exception& error) {
            if (auto* load = std::get_if<LoadJob>(&job)) {
                result = result::ViewFailed{load->generation, error.what()};
            } else if (auto* attempt = std::get_if<app::LoginAttempt>(&job)) {
                client::LoginResult failed;
                failed.outcome = client::LoginOutcome::store_failed;
                failed.message = error.what();
                result = result::Login{attempt->id, std::move(failed)};
            } else if (std::holds_alternative<EnrollJob>(job)) {
                result = result::Enrolled{false, std::string("enrolment failed: ") + error.what()};
            } else {
                client::LoginResult failed;
                failed.outcome = client::LoginOutcome::store_failed;
                failed.message = error.what();
                result = result::Relogin{std::get<ReloginJob>(job).generation, std::move(failed)};
            }
            db.reset();  // reopen next time: the file may be back (disk freed, remounted)
            logins.reset();
            api.reset();
            transport.reset();
        }
        if (db) {
            try {
                db->release_memory();  // jobs come seconds apart; the snapshot holds the rows
            } catch (const std::exception&) {
                // Only memory: the next job reports real trouble with the file.
            }
        }
        {
            std::lock_guard lock(mutex_);
            running_job_ = false;
        }
        finish(std::move(result));
    }
}

}  // namespace pt::kiosk
