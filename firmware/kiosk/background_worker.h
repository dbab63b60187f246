// The kiosk's worker thread: everything the UI thread must never wait for — badge logins
// (network and Argon2id hashing), re-login when the network returns, enrolment, and loading the
// logged-in partner's snapshot from the database. It owns its own TerminalDb connection and
// HTTP transport (one of each per thread, architecture.md). Jobs run one at a time in order;
// results queue up for the UI thread, which is woken to take them.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "firmware/app/session.h"
#include "firmware/kiosk/partner_snapshot.h"
#include "sync/client/http_transport.h"
#include "sync/client/login_service.h"

namespace pt::kiosk {

struct WorkerOptions {
    std::filesystem::path database;
    std::string server_url;
    client::TransportOptions transport;
    client::LoginOptions login;
    std::string terminal_name;
    /// The configuration file: once enrolled, the spent code is removed from it. Empty: the
    /// file is left alone (tests without one).
    std::filesystem::path config_file;
    /// Called on the worker thread after each result (wakes the UI loop); must be quick.
    std::function<void()> wake;
};

namespace result {
struct Login {
    std::uint64_t attempt_id = 0;
    client::LoginResult result;
    /// For a successful login: the partner's snapshot, loaded at once so the work list does
    /// not wait for another job (its session_generation is for the UI thread to set).
    std::shared_ptr<PartnerSnapshot> snapshot;
};
struct Relogin {
    std::uint64_t generation = 0;  ///< the session it was for
    client::LoginResult result;
};
struct Enrolled {
    bool ok = false;
    std::string message;  ///< for the technician; never contains the code or a token
};
struct ViewLoaded {
    std::shared_ptr<PartnerSnapshot> snapshot;
};
/// A line for the technician's log.
struct Log {
    std::string message;
};
struct ViewFailed {
    std::uint64_t generation = 0;
    std::string message;
};
}  // namespace result

using WorkerResult = std::variant<result::Login, result::Relogin, result::Enrolled,
                                  result::ViewLoaded, result::ViewFailed, result::Log>;

/// What a load does about the handover (product.md §8): read the operator's memory (the
/// session's first load), or compare the view with a memory read before (later ones).
struct HandoverRequest {
    std::string operator_id;    ///< empty: no handover
    std::string operator_name;  ///< own notes are no news
    bool read = false;          ///< read the memory (else compare with `memory`)
    std::shared_ptr<const std::vector<plan::StepMemory>> memory;
};

class BackgroundWorker {
public:
    /// Starts the thread. Throws std::system_error when it cannot.
    explicit BackgroundWorker(WorkerOptions options);
    /// Abandons queued jobs, cancels a request in flight and joins.
    ~BackgroundWorker();
    BackgroundWorker(const BackgroundWorker&) = delete;
    BackgroundWorker& operator=(const BackgroundWorker&) = delete;

    /// Runs LoginService::login for the attempt.
    void login(app::LoginAttempt attempt);
    /// Runs LoginService::relogin for an offline session of `generation`.
    void relogin(client::OperatorSession session, std::uint64_t generation);
    /// Enrols with `code` under the configured name. Nothing when already enrolled, unless
    /// `replace`: then a new identity replaces the old one (a revoked terminal enrolled again
    /// by the technician); the outbox stays and is delivered with the new token.
    void enroll(std::string code, bool replace = false);
    /// The server ended the operator's session (its badge, partner or existence changed, or the
    /// terminal was revoked): the badge no longer logs in offline here until an online login.
    void forget_operator(std::string operator_id);
    /// Loads the partner's snapshot; a load still queued for an older request is replaced.
    void load_view(std::string partner_id, std::uint64_t generation, HandoverRequest handover);
    /// Remembers what `operator_id` leaves at this logout (plan::remember over the snapshot's
    /// view, keeping `previous` for the steps in `unopened`).
    void remember_handover(std::string operator_id, std::shared_ptr<const PartnerSnapshot> snapshot,
                           std::shared_ptr<const std::vector<plan::StepMemory>> previous,
                           std::unordered_set<std::string> unopened);
    /// The results so far, oldest first; never blocks for long.
    [[nodiscard]] std::vector<WorkerResult> take_results();
    /// True while a job runs or waits.
    [[nodiscard]] bool busy() const;

private:
    struct LoadJob {
        std::string partner_id;
        std::uint64_t generation = 0;
        HandoverRequest handover;
    };
    struct RememberJob {
        std::string operator_id;
        std::shared_ptr<const PartnerSnapshot> snapshot;
        std::shared_ptr<const std::vector<plan::StepMemory>> previous;  ///< null: none
        std::unordered_set<std::string> unopened;
    };
    struct ReloginJob {
        client::OperatorSession session;
        std::uint64_t generation = 0;
    };
    struct EnrollJob {
        std::string code;
        bool replace = false;  ///< enrol even when credentials exist (a revoked terminal)
    };
    struct ForgetJob {
        std::string operator_id;
    };
    using Job =
        std::variant<app::LoginAttempt, ReloginJob, EnrollJob, LoadJob, ForgetJob, RememberJob>;

    struct Connections;

    void run();
    void push(Job job);
    void finish(WorkerResult result);
    /// Runs one job on the worker thread; a job that throws becomes its failure result.
    WorkerResult run_job(Job& job);
    WorkerResult perform(const app::LoginAttempt& attempt);
    WorkerResult perform(ReloginJob& job);
    WorkerResult perform(const EnrollJob& job);
    WorkerResult perform(const LoadJob& job);
    WorkerResult perform(const ForgetJob& job);
    WorkerResult perform(const RememberJob& job);
    static WorkerResult failure(const app::LoginAttempt& attempt, const char* message);
    static WorkerResult failure(const ReloginJob& job, const char* message);
    static WorkerResult failure(const EnrollJob& job, const char* message);
    static WorkerResult failure(const LoadJob& job, const char* message);
    static WorkerResult failure(const ForgetJob& job, const char* message);
    static WorkerResult failure(const RememberJob& job, const char* message);
    void release_memory() noexcept;

    WorkerOptions options_;
    mutable std::mutex mutex_;  // guards jobs_, results_, stopping_, running_job_
    std::condition_variable wake_worker_;
    std::deque<Job> jobs_;
    std::vector<WorkerResult> results_;
    bool stopping_ = false;
    bool running_job_ = false;
    std::atomic<bool> cancel_{false};
    std::unique_ptr<Connections> connections_;  // the worker thread's only
    std::thread thread_;
};

}  // namespace pt::kiosk
