// Internal to plan_service*.cpp: the state behind PlanService's single mutex.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <mutex>
#include <variant>

#include "sync/plan/step_notes.h"
#include "sync/protocol/protocol.h"
#include "sync/server/api_tokens.h"
#include "sync/server/audit_log.h"
#include "sync/server/auth_store.h"
#include "sync/server/console_sessions.h"
#include "sync/server/console_users.h"
#include "sync/server/credentials.h"
#include "sync/server/dataset_store.h"
#include "sync/server/event_store.h"
#include "sync/server/live_tokens.h"
#include "sync/server/login_history.h"
#include "sync/server/login_throttle.h"
#include "sync/server/plan_service.h"
#include "sync/server/sorted_plan.h"
#include "sync/server/terminal_status.h"
#include "sync/server/wal_checkpointer.h"

namespace pt::server {

struct ObjectKind;  // plan_service_objects.cpp

struct PlanService::Impl {
    explicit Impl(ServiceOptions service_options);

    [[nodiscard]] plan::Timestamp now() const { return options.clock(); }
    /// The caller of an admin endpoint: the bootstrap admin token (`admin-token`), a named API
    /// token or a console session; nullopt for anything else. Lock-free of `mutex`.
    [[nodiscard]] std::optional<Actor> actor_of(std::string_view bearer);
    /// The user of an open console session (its token from the cookie, or as a bearer token).
    [[nodiscard]] std::optional<Actor> console_actor(std::string_view session_token);
    /// The caller when it may do what needs `role`; otherwise the 401 (no such token) or 403
    /// (a role too small) to answer.
    [[nodiscard]] std::variant<Actor, Reply> authorize(std::string_view bearer, Role role);
    /// The plan changed between two holds of the lock during a preview (preview_pass).
    struct PlanMoved {};
    [[nodiscard]] std::variant<std::vector<plan::PartnerDifference>, Reply, PlanMoved> preview_pass(
        const protocol::PreviewRequest& request, const Actor& actor);
    /// The terminal holding the token (not revoked), noted as seen now; nullopt otherwise.
    [[nodiscard]] std::optional<std::string> authenticate_terminal(const std::string& token_hash,
                                                                   plan::Timestamp now);
    enum class OperatorChangeKind : std::uint8_t { badge, deleted_or_moved };
    /// What follows an operator's change, in the change's transaction: its sessions end; when it
    /// is gone or moved to another partner, also its login history (R13) and wrong PINs.
    void operator_changed(const std::string& operator_id, OperatorChangeKind kind);
    /// operator_changed() for every operator a dataset replacement deletes, moves or gives a new
    /// badge; terminals stop standing at resources it deletes.
    void follow_dataset_change(const plan::Plan& before, const plan::Plan& after);
    /// Adds an entry to the audit log (inside the change's transaction).
    void record_change(const Actor& actor, std::string_view method, std::string path,
                       std::string summary);
    /// DELETE of one dataset object: 404, 409, or the removal with its rows and audit entry.
    /// `also(handle)`, called before the removal, returns what the transaction also writes.
    template <typename Also>
    Reply remove_object(const Actor& actor, const ObjectKind& kind, std::string_view id, Also also);
    /// POST of one dataset object: `add()` changes the plan (a refusal is answered), `save(h)`
    /// writes its rows, `encode(h)` the 201's body.
    template <typename Add, typename Save, typename Encode>
    Reply add_object(const Actor& actor, const ObjectKind& kind, const std::string& id, Add add,
                     Save save, Encode encode);
    /// Rebuilds the in-memory plan from the database: the last resort when a write failed after
    /// the plan had changed and the change cannot be undone step by step.
    void reload_plan();
    /// Runs `write` in one transaction; when it throws, calls `undo` (which must restore the
    /// in-memory plan to what the database still holds) and rethrows.
    template <typename Write, typename Undo>
    void persist(Write&& write, Undo&& undo) {
        try {
            SQLite::Transaction transaction(db);
            write();
            transaction.commit();
        } catch (...) {
            try {
                if (undo()) reload_plan();  // undo() returns a PlanError when it failed
            } catch (...) {
                reload_plan();
            }
            throw;
        }
    }

    ServiceOptions options;
    /// Guards every member below. Held for the in-memory work and SQLite I/O of one request;
    /// never while decoding a request body, encoding a large reply, or sleeping.
    std::mutex mutex;
    SQLite::Database db;
    /// The named API tokens (own connection and lock: asked before a body is read).
    ApiTokens api_tokens;
    /// The console's users and sessions (each with its own connection or lock, likewise).
    ConsoleUsers console_users;
    ConsoleSessions console_sessions;
    WalCheckpointer checkpointer;  ///< after db: stops (final checkpoint) before db closes
    DatasetStore dataset;
    /// The key of the badges' hashes (FILE.key beside the database), and the PIN checks.
    Credentials credentials;
    AuthStore auth;
    /// The valid terminal tokens' hashes, kept with `auth` (own lock: read on the io thread).
    LiveTerminalTokens live_tokens;
    LoginHistory logins;
    TerminalStatusStore terminal_status;
    EventStore events;
    AuditLog audit;
    CursorStore cursors;
    LoginThrottle throttle;
    plan::Plan plan;
    /// The plan's objects sorted for the console's lists, per layout of the plan.
    SortedPlan sorted;
    /// When refused events were last pruned (post_events).
    plan::Timestamp refused_pruned_at{};
    /// The accepted notes of the last kStepNoteDays (product.md §8), and when the older ones
    /// were last forgotten.
    plan::StepNoteLog notes;
    plan::Timestamp notes_pruned_at{};
};

// ---- replies shared by the endpoint files --------------------------------------------------
/// The admitted caller of an authorize() that did not refuse.
[[nodiscard]] inline const Actor& actor_of(const std::variant<Actor, Reply>& caller) {
    return std::get<Actor>(caller);
}
[[nodiscard]] Reply json_reply(int status, std::string body);
[[nodiscard]] Reply no_content();
[[nodiscard]] Reply unauthorized(std::string_view message);
/// PUT /admin/v1/settings by a planner changes the reasons only: the 403 for more, or nullopt.
[[nodiscard]] std::optional<Reply> refuse_settings_change(const Actor& actor,
                                                          const plan::Settings& old,
                                                          const plan::Settings& next);
/// 429 with `Retry-After`.
[[nodiscard]] Reply rate_limited(std::chrono::seconds retry_after, std::string_view message);
[[nodiscard]] Reply bad_request(const protocol::ProtocolError& error);
/// not_found → 404, rule_violation → 422.
[[nodiscard]] Reply plan_error_reply(const plan::PlanError& error);

}  // namespace pt::server
