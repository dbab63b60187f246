#include "firmware/kiosk/background_worker.h"

#include <chrono>

#include "firmware/config/provisioning.h"
#include "sync/client/enrollment.h"
#include "sync/client/sync_api_client.h"
#include "sync/store/badge_vault.h"
#include "sync/store/credentials.h"
#include "sync/store/handover_memory.h"
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

void BackgroundWorker::forget_operator(std::string operator_id) {
    push(ForgetJob{std::move(operator_id)});
}

void BackgroundWorker::load_view(std::string partner_id, std::uint64_t generation,
                                 HandoverRequest handover) {
    {
        std::lock_guard lock(mutex_);
        // One queued load is enough: the newest request replaces an older one still waiting.
        for (auto& job : jobs_) {
            if (auto* load = std::get_if<LoadJob>(&job)) {
                // A memory read asked for by the replaced load is still wanted for the session.
                if (load->generation == generation && load->handover.read && !handover.read)
                    handover = std::move(load->handover);
                *load = {std::move(partner_id), generation, std::move(handover)};
                return;
            }
        }
        jobs_.emplace_back(LoadJob{std::move(partner_id), generation, std::move(handover)});
    }
    wake_worker_.notify_one();
}

void BackgroundWorker::remember_handover(
    std::string operator_id, std::shared_ptr<const PartnerSnapshot> snapshot,
    std::shared_ptr<const std::vector<plan::StepMemory>> previous,
    std::unordered_set<std::string> unopened) {
    push(RememberJob{std::move(operator_id), std::move(snapshot), std::move(previous),
                     std::move(unopened)});
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

// The worker thread's own connection and transport (one of each per thread, architecture.md).
// Opened at the first job, and again after a job failed: a broken database shows as a failed job
// with a clear message instead of a dead thread, and a file that comes back is used again.
struct BackgroundWorker::Connections {
    store::TerminalDb db;
    client::HttpTransport transport;
    client::SyncApiClient api;
    client::LoginService logins;

    explicit Connections(const WorkerOptions& options)
        : db(options.database),
          transport(options.transport),
          api(transport, options.server_url),
          logins(db, api, options.login) {}
};

void BackgroundWorker::run() {
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
        WorkerResult result = run_job(job);
        release_memory();
        {
            std::lock_guard lock(mutex_);
            running_job_ = false;
        }
        finish(std::move(result));
    }
}

WorkerResult BackgroundWorker::run_job(Job& job) {
    try {
        if (!connections_) connections_ = std::make_unique<Connections>(options_);
        return std::visit([this](auto& each) { return perform(each); }, job);
    } catch (const std::exception& error) {
        connections_.reset();  // reopen next time: the file may be back (disk freed, remounted)
        return std::visit([&error](const auto& each) { return failure(each, error.what()); }, job);
    }
}

void BackgroundWorker::release_memory() noexcept {
    if (!connections_) return;
    try {
        connections_->db.release_memory();  // jobs come seconds apart; the snapshot holds the rows
    } catch (const std::exception&) {
        // Only memory: the next job reports real trouble with the file.
    }
}

namespace {

std::string milliseconds(std::chrono::steady_clock::duration duration) {
    return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(duration).count());
}

client::LoginResult store_failed(const char* message) {
    client::LoginResult failed;
    failed.outcome = client::LoginOutcome::store_failed;
    failed.message = message;
    return failed;
}

}  // namespace

WorkerResult BackgroundWorker::perform(const app::LoginAttempt& attempt) {
    const auto started = std::chrono::steady_clock::now();
    client::LoginResult login = connections_->logins.login(attempt.badge, attempt.pin);
    const auto answered = std::chrono::steady_clock::now();
    std::optional<protocol::LoginResponse> remember;
    if (login.outcome == client::LoginOutcome::online && login.session)
        remember = login.session->profile;
    std::shared_ptr<PartnerSnapshot> snapshot;
    if (login.session) {
        try {
            snapshot = load_snapshot(connections_->db, login.session->profile.partner_id, 0);
            load_handover(connections_->db, *snapshot, login.session->profile.operator_id,
                          login.session->profile.operator_name);
        } catch (const std::exception&) {
            // The UI asks again with its own load job, which reports the failure.
        }
    }
    const auto loaded = std::chrono::steady_clock::now();
    login.message += (login.message.empty() ? "" : "; ") + std::string("login ") +
                     milliseconds(answered - started) + " ms, plan loaded " +
                     milliseconds(loaded - answered) + " ms";
    result::Login result{attempt.id, std::move(login), std::move(snapshot)};
    if (!remember) return result;
    // The operator gets the work list first; the slow badge hash comes after.
    finish(std::move(result));
    std::string warning =
        connections_->logins.remember_online_login(attempt.badge, attempt.pin, *remember);
    return result::Log{warning.empty() ? "badge remembered for offline login" : std::move(warning)};
}

WorkerResult BackgroundWorker::perform(ReloginJob& job) {
    return result::Relogin{job.generation, connections_->logins.relogin(job.session)};
}

WorkerResult BackgroundWorker::perform(const EnrollJob& job) {
    const auto existing = store::Credentials(connections_->db).load();
    if (existing && !job.replace)
        return result::Enrolled{true, "already enrolled as " + existing->terminal_id};
    const auto enrolled = client::enroll_terminal(connections_->db, connections_->api, job.code,
                                                  options_.terminal_name);
    if (!enrolled.ok())
        return result::Enrolled{false, "enrolment failed: " + enrolled.error().message};

    result::Enrolled result{true, "enrolled as " + enrolled.value().terminal_id};
    if (existing && existing->terminal_id == enrolled.value().terminal_id)
        result.message =
            "enrolled again as " + existing->terminal_id;  // the server knew the old token
    else if (existing)
        result.message += " (was " + existing->terminal_id + ")";
    if (!options_.config_file.empty()) {
        // The code is spent: it should not stay on the disk.
        try {
            config::forget_enrollment_code(options_.config_file);
        } catch (const config::ConfigError& error) {
            result.message +=
                std::string("; the spent code stays in the configuration: ") + error.what();
        }
    }
    return result;
}

WorkerResult BackgroundWorker::perform(const LoadJob& job) {
    auto snapshot = load_snapshot(connections_->db, job.partner_id, job.generation);
    const HandoverRequest& handover = job.handover;
    if (handover.read) {
        load_handover(connections_->db, *snapshot, handover.operator_id, handover.operator_name);
    } else if (!handover.operator_id.empty()) {
        compare_handover(*snapshot, handover.memory, handover.operator_name);
    }
    return result::ViewLoaded{std::move(snapshot)};
}

WorkerResult BackgroundWorker::perform(const RememberJob& job) {
    store::HandoverMemory(connections_->db)
        .save(job.operator_id, job.snapshot->partner_id,
              plan::remember(job.snapshot->optimistic.view,
                             job.previous ? std::span<const plan::StepMemory>(*job.previous)
                                          : std::span<const plan::StepMemory>(),
                             job.unopened));
    return result::Log{""};
}

WorkerResult BackgroundWorker::perform(const ForgetJob& job) {
    store::BadgeVault(connections_->db).forget_operator(job.operator_id);
    store::HandoverMemory(connections_->db).forget(job.operator_id);
    return result::Log{"operator " + job.operator_id +
                       " must log in online again: the server ended the session"};
}

WorkerResult BackgroundWorker::failure(const app::LoginAttempt& attempt, const char* message) {
    return result::Login{attempt.id, store_failed(message)};
}

WorkerResult BackgroundWorker::failure(const ReloginJob& job, const char* message) {
    return result::Relogin{job.generation, store_failed(message)};
}

WorkerResult BackgroundWorker::failure(const EnrollJob& /*job*/, const char* message) {
    return result::Enrolled{false, std::string("enrolment failed: ") + message};
}

WorkerResult BackgroundWorker::failure(const LoadJob& job, const char* message) {
    return result::ViewFailed{job.generation, message};
}

WorkerResult BackgroundWorker::failure(const RememberJob& job, const char* message) {
    return result::Log{"could not remember the handover of operator " + job.operator_id + ": " +
                       message};
}

WorkerResult BackgroundWorker::failure(const ForgetJob& job, const char* message) {
    return result::Log{"could not forget the offline login of operator " + job.operator_id + ": " +
                       message};
}

}  // namespace pt::kiosk
