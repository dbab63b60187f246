// PlanService: construction, shared replies, and the terminal endpoints (enrol, login, pull,
// health). Events are in plan_service_events.cpp, the admin endpoints in plan_service_admin.cpp.
#include <algorithm>
#include <thread>
#include <unordered_map>

#include "sync/plan/feedback.h"
#include "sync/plan/view.h"
#include "sync/protocol/limits.h"
#include "sync/server/database.h"
#include "sync/server/plan_delta.h"
#include "sync/server/plan_service_impl.h"
#include "sync/server/tokens.h"

namespace pt::server {
namespace {

/// The one body for an unknown badge, a missing PIN, a wrong PIN and a locked badge
/// (sync-api.md).
constexpr std::string_view kLoginRefused = "badge or PIN not accepted";

/// What a session response tells of its operator, partner and the settings (no token yet).
protocol::LoginResponse session_profile(const plan::Operator& op, const plan::Partner& partner,
                                        const plan::Settings& settings) {
    protocol::LoginResponse response;
    response.operator_id = op.id;
    response.operator_name = op.name;
    response.operator_role = op.role;
    response.partner_id = partner.id;
    response.partner_name = partner.name;
    response.modules = partner.modules;
    response.allow_process_feedback = partner.allow_process_feedback;
    response.work_step_columns = settings.work_step_columns;
    response.process_columns = settings.process_columns;
    response.pause_reasons = settings.pause_reasons;
    response.scrap_reasons = settings.scrap_reasons;
    return response;
}

/// Those of `resource_ids` the partner owns (is linked to), in their order.
std::vector<std::string> owned_by(const plan::Plan& plan, const std::string& partner_id,
                                  std::vector<std::string> resource_ids) {
    std::erase_if(resource_ids, [&](const std::string& id) {
        const plan::Resource* resource = plan.find_resource(id);
        return resource == nullptr ||
               std::find(resource->partner_ids.begin(), resource->partner_ids.end(), partner_id) ==
                   resource->partner_ids.end();
    });
    return resource_ids;
}

ServiceOptions with_defaults(ServiceOptions options) {
    if (!options.clock) {
        options.clock = [] {
            return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        };
    }
    return options;
}

}  // namespace

// ---- replies ------------------------------------------------------------------------------

Reply error_reply(int status, std::string_view code, std::string_view message) {
    Reply reply{status, protocol::encode_error({std::string(code), std::string(message)}), {}};
    if (status == 401) reply.headers.emplace_back("WWW-Authenticate", "Bearer");
    return reply;
}

Reply json_reply(int status, std::string body) {
    return Reply{status, std::move(body), {}};
}
Reply no_content() {
    return Reply{204, {}, {}};
}
Reply unauthorized(std::string_view message) {
    return error_reply(401, "unauthorized", message);
}
Reply rate_limited(std::chrono::seconds retry_after, std::string_view message) {
    Reply reply = error_reply(429, "rate_limited", message);
    reply.headers.emplace_back("Retry-After", std::to_string(retry_after.count()));
    return reply;
}
Reply bad_request(const protocol::ProtocolError& error) {
    // sync-api.md "Limits": an admin object breaking one → 422; anything malformed → 400.
    if (error.over_limit()) return error_reply(422, "unprocessable", error.what());
    return error_reply(400, "bad_request", error.what());
}
Reply plan_error_reply(const plan::PlanError& error) {
    switch (error.kind) {
        case plan::PlanError::Kind::not_found:
            return error_reply(404, "not_found", error.message);
        case plan::PlanError::Kind::conflict:
            return error_reply(409, "conflict", error.message);
        case plan::PlanError::Kind::rule_violation:
            break;
    }
    return error_reply(422, "unprocessable", error.message);
}

// ---- state --------------------------------------------------------------------------------

namespace {

/// The request connection never checkpoints itself; WalCheckpointer does, off the request path.
SQLite::Database open_database_for_service(const std::filesystem::path& file) {
    SQLite::Database db = open_database(file);
    db.exec("PRAGMA wal_autocheckpoint = 0");
    return db;
}

}  // namespace

PlanService::Impl::Impl(ServiceOptions service_options)
    : options(with_defaults(std::move(service_options))),
      db(open_database_for_service(options.db)),
      api_tokens(options.db),
      console_users(options.db),
      checkpointer(options.db),
      dataset(db),
      // A new key only for a database without sealed badges: one made for a database that has
      // them would turn every badge away.
      credentials(Credentials::key_file_of(options.db), !dataset.has_sealed_credentials()),
      auth(db),
      logins(db),
      terminal_status(db),
      events(db),
      audit(db),
      cursors(db, options.cursor_limits) {
    init_crypto();
    {
        // Badges and PINs stored in clear by plan-server before schema 5 are sealed now.
        SQLite::Transaction transaction(db);
        dataset.seal_credentials(credentials);
        // Steps finished before finished_at was kept: R14 counts from this start.
        dataset.stamp_finished_without_time(now());
        transaction.commit();
    }
    if (dataset.has_dataset()) reload_plan();
    live_tokens.replace_all(auth.live_terminal_tokens());
    notes_pruned_at = now();
    for (plan::ViewStepNote& note : events.notes_since(notes_pruned_at - plan::kStepNoteDays))
        notes.add(std::move(note));
}

void PlanService::Impl::operator_changed(const std::string& operator_id, OperatorChangeKind kind) {
    auth.end_sessions_of(operator_id);
    if (kind == OperatorChangeKind::badge) return;  // the same person, the same partner
    // Gone, or moved to another partner: its old partner's terminals must not report for it any
    // more (R13 binds by operator id), and a new operator with this id starts with no wrong PINs.
    logins.forget_operator(operator_id);
    auth.clear_wrong_pins(operator_id);
}

void PlanService::Impl::follow_dataset_change(const plan::Plan& before, const plan::Plan& after) {
    for (plan::Handle p = 0; p < before.partner_count(); ++p) {
        const plan::Partner& partner = before.partner_at(p);
        for (const plan::Operator& op : partner.operators) {
            const auto now = after.find_operator(op.id);
            if (!now || now->partner->id != partner.id) {
                operator_changed(op.id, OperatorChangeKind::deleted_or_moved);
            } else if (now->op->badge != op.badge) {
                operator_changed(op.id, OperatorChangeKind::badge);
            }
        }
    }
    for (plan::Handle r = 0; r < before.resource_count(); ++r) {
        const std::string& id = before.resource_at(r).id;
        if (after.find_resource(id) == nullptr) terminal_status.forget_resource(id);
    }
}

void PlanService::Impl::record_change(const Actor& actor, std::string_view method, std::string path,
                                      std::string summary) {
    audit.record({.at = now(),
                  .actor = actor.name,
                  .method = std::string(method),
                  .path = std::move(path),
                  .summary = std::move(summary)});
}

std::optional<Actor> PlanService::Impl::actor_of(std::string_view bearer) {
    if (bearer.empty()) return std::nullopt;
    // HttpApi passes a session token only from the cookie (kConsoleSessionPrefix).
    if (bearer.starts_with(kConsoleSessionPrefix)) return console_actor(bearer);
    if (!options.admin_token.empty() && secrets_equal(bearer, options.admin_token))
        return Actor{std::string(kBootstrapActor), Role::admin};
    return api_tokens.find(hash_token(bearer));
}

std::optional<Actor> PlanService::Impl::console_actor(std::string_view session_token) {
    const auto session = console_sessions.use(session_token, now());
    if (!session) return std::nullopt;
    const auto user = console_users.find(session->user);
    // A new password or a removed user ends the sessions made before.
    if (!user || user->credential_id != session->credential_id) {
        console_sessions.close(session_token);
        return std::nullopt;
    }
    return Actor{user->name, user->role};
}

std::variant<Actor, Reply> PlanService::Impl::authorize(std::string_view bearer, Role role) {
    std::optional<Actor> actor = actor_of(bearer);
    if (!actor) return unauthorized("an admin or API token is required");
    if (actor->role < role) {
        return error_reply(403, "forbidden",
                           "this call needs the role " + std::string(name_of(role)) +
                               "; the token '" + actor->name + "' has the role " +
                               std::string(name_of(actor->role)));
    }
    return std::move(*actor);
}

std::optional<std::string> PlanService::Impl::authenticate_terminal(const std::string& token_hash,
                                                                    plan::Timestamp now) {
    auto terminal = auth.terminal_by_token(token_hash);
    if (terminal) terminal_status.seen(*terminal, now);
    return terminal;
}

void PlanService::Impl::reload_plan() {
    plan::Plan loaded;
    if (auto error = loaded.replace_all(dataset.load())) {
        throw StoreError("the stored dataset is refused: " + error->message);
    }
    plan = std::move(loaded);
}

PlanService::PlanService(ServiceOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

PlanService::~PlanService() = default;

// ---- enrolment and login ------------------------------------------------------------------

Reply PlanService::enroll(std::string_view body) {
    protocol::EnrollRequest request;
    try {
        request = protocol::decode_enroll_request(body);
    } catch (const protocol::ProtocolError& e) {
        return bad_request(e);
    }
    const std::string code_hash = hash_token(normalize_enrollment_code(request.code));
    // Hashed before the lock, as every token; the clear previous token is not kept or logged.
    const std::optional<std::string> previous_hash =
        request.previous_token ? std::optional(hash_token(*request.previous_token)) : std::nullopt;
    protocol::EnrollResponse response{"T-" + random_hex(8), random_token()};
    const std::string token_hash = hash_token(response.token);
    {
        const std::lock_guard lock(impl_->mutex);
        const plan::Timestamp now = impl_->now();
        SQLite::Transaction transaction(impl_->db);
        // A previous token that matches no terminal enrols a new one, as if it were absent:
        // the answer tells nobody whether a token was ever valid.
        const std::optional<std::string> same_terminal =
            previous_hash ? impl_->auth.terminal_by_any_token(*previous_hash) : std::nullopt;
        if (same_terminal) response.terminal_id = *same_terminal;
        const bool enrolled = same_terminal ? impl_->auth.re_enroll(code_hash, response.terminal_id,
                                                                    request.name, token_hash, now)
                                            : impl_->auth.enroll(code_hash, response.terminal_id,
                                                                 request.name, token_hash, now);
        if (!enrolled) return unauthorized("unknown or already used enrolment code");
        transaction.commit();
        impl_->live_tokens.set(response.terminal_id, token_hash);
    }
    return json_reply(201, protocol::encode(response));
}

Reply PlanService::login(std::string_view bearer, std::string_view body) {
    // Decoded before the lock; refused only once the terminal token has been checked.
    protocol::LoginRequest request;
    std::optional<protocol::ProtocolError> malformed;
    try {
        request = protocol::decode_login_request(body);
    } catch (const protocol::ProtocolError& e) {
        malformed = e;
    }

    // 1. Under the lock: the terminal, its throttling, and the stored credentials of the badge.
    std::string terminal;
    LoginThrottle::Admission admission;
    std::optional<std::string> operator_id;  // the badge's operator
    std::optional<std::string> pin_hash;     // its PIN's Argon2id string, if it has one
    bool locked = false;
    const std::string badge_hash = impl_->credentials.badge_hash(request.badge);
    {
        const std::lock_guard lock(impl_->mutex);
        const plan::Timestamp now = impl_->now();
        auto known = impl_->authenticate_terminal(hash_token(bearer), now);
        if (!known) return unauthorized("a terminal token is required");
        if (malformed) return bad_request(*malformed);
        terminal = std::move(*known);
        // Judged whole under the lock: a parallel request sees this one as a failure already.
        admission = impl_->throttle.admit(terminal, now);
        if (!admission.admitted) {
            return rate_limited(admission.retry_after,
                                "too many failed logins from this terminal; try again later");
        }
        if (const auto found = impl_->plan.find_operator_by_badge(badge_hash)) {
            operator_id = found->op->id;
            pin_hash = found->op->pin;
            locked = impl_->auth.wrong_pins(found->op->id) >= kWrongPinsBeforeLock;
        }
    }

    // 2. Without the lock: the PIN's slow hash (tens of ms) holds up no other request. An unknown
    // or locked badge costs the same work, so timing does not tell which badges exist.
    const std::string_view given_pin = request.pin ? std::string_view(*request.pin) : "";
    bool accepted = false;
    if (!operator_id || locked) {
        impl_->credentials.check_no_pin(given_pin);
    } else if (pin_hash) {
        accepted = request.pin && impl_->credentials.pin_matches(*pin_hash, *request.pin);
    } else {
        accepted = true;
    }

    if (impl_->options.after_pin_check) impl_->options.after_pin_check();

    // 3. Under the lock again: the outcome. The plan may have changed in between: the badge is
    // looked up anew, and counts only while it still belongs to the same operator with the same
    // PIN (a badge replaced, an operator deleted or made again, a PIN changed meanwhile: 401).
    protocol::LoginResponse response;
    {
        const std::lock_guard lock(impl_->mutex);
        const plan::Timestamp now = impl_->now();
        const auto holder =
            operator_id ? impl_->plan.find_operator_by_badge(badge_hash) : std::nullopt;
        const plan::OperatorRef* found = nullptr;
        if (holder && holder->op->id == *operator_id && holder->op->pin == pin_hash) {
            found = &*holder;
        }
        if (accepted && found == nullptr) accepted = false;
        if (!accepted) {
            // A wrong PIN counts against its badge (a locked one already reached the limit).
            if (found && pin_hash && !locked) impl_->auth.add_wrong_pin(*operator_id);
            impl_->terminal_status.add_failed_login(terminal, now);
            return unauthorized(kLoginRefused);
        }
        impl_->throttle.succeeded(terminal, admission);

        const plan::Operator& op = *found->op;
        response = session_profile(op, *found->partner, impl_->plan.settings());
        response.token = random_token();
        response.expires_at = now + impl_->options.session_ttl;
        response.offline_grace_s = impl_->options.offline_grace.count();
        response.terminal = protocol::SessionTerminal{
            terminal, impl_->terminal_status.name_of(terminal).value_or(""),
            owned_by(impl_->plan, found->partner->id,
                     impl_->terminal_status.resources_of(terminal))};

        SQLite::Transaction transaction(impl_->db);
        impl_->auth.clear_wrong_pins(op.id);  // its own badge only (a no-op when it has none)
        impl_->auth.delete_expired_sessions(now);
        impl_->auth.add_session(hash_token(response.token),
                                SessionRecord{op.id, terminal, response.expires_at}, now);
        // R13: the events of this operator on this terminal are bound to its online logins.
        impl_->logins.forget_before(now - impl_->options.offline_grace -
                                    LoginHistory::kDeliveryMargin);
        impl_->logins.record(terminal, op.id, now);
        transaction.commit();
    }
    return json_reply(201, protocol::encode(response));
}

// ---- plan pull ----------------------------------------------------------------------------

Reply PlanService::pull(std::string_view bearer, std::string_view cursor) {
    const std::string session_hash = hash_token(bearer);
    protocol::PlanResponse response;
    {
        const std::lock_guard lock(impl_->mutex);
        const plan::Timestamp now = impl_->now();
        const auto session = impl_->auth.session_by_token(session_hash);
        if (!session || session->expires_at <= now) {
            return unauthorized("a valid session token is required");
        }
        impl_->terminal_status.seen(session->terminal_id, now);
        const auto op = impl_->plan.find_operator(session->operator_id);
        if (!op) return unauthorized("the session's operator no longer exists");
        const std::string partner_id = op->partner->id;

        // R14 reads the time, and the notes' 30 days count to it.
        auto view = plan::compute_view(impl_->plan, partner_id, now, &impl_->notes);
        if (!view) return unauthorized("the session's partner no longer exists");
        sort_by_id(*view);
        auto after = std::make_shared<const ViewSnapshot>(snapshot_of(*view));

        const auto before =
            cursor.empty() ? nullptr : impl_->cursors.find(std::string(cursor), partner_id, now);
        if (before) {
            PlanDelta delta = diff_views(*before, *after, std::move(*view));
            response.reset = false;
            if (delta.empty()) {
                response.cursor = std::string(cursor);  // nothing changed: same snapshot
            } else {
                response.view = std::move(delta.upserts);
                response.removed = std::move(delta.removed);
                response.cursor = impl_->cursors.save(partner_id, session_hash, after, now);
            }
        } else {
            response.reset = true;
            response.view = std::move(*view);
            response.cursor = impl_->cursors.save(partner_id, session_hash, after, now);
        }
    }
    return json_reply(200, protocol::encode(response));
}

// ---- terminal health ----------------------------------------------------------------------

Reply PlanService::post_health(std::string_view bearer, std::string_view body) {
    const std::string token_hash = hash_token(bearer);
    std::optional<std::string> terminal;
    {
        const std::lock_guard lock(impl_->mutex);
        terminal = impl_->authenticate_terminal(token_hash, impl_->now());
    }
    if (!terminal) return unauthorized("a terminal token is required");
    protocol::HealthReport report;
    try {
        report = protocol::decode_health_report(body);
    } catch (const protocol::ProtocolError& e) {
        return bad_request(e);
    }
    if (auto problem = protocol::health_report_out_of_bounds(report)) {
        return error_reply(422, "unprocessable", *problem);
    }
    // Stored re-encoded from what was checked: no unknown field of the body is kept.
    const std::string stored = protocol::encode(report);
    const std::lock_guard lock(impl_->mutex);
    impl_->terminal_status.save_health(*terminal, stored, impl_->now());
    return no_content();
}

// ---- typed access -------------------------------------------------------------------------

bool PlanService::has_dataset() {
    const std::lock_guard lock(impl_->mutex);
    return impl_->dataset.has_dataset();
}

std::optional<plan::PlanError> PlanService::replace_dataset(plan::Dataset dataset) {
    return replace_dataset(protocol::DatasetUpload{std::move(dataset), {}, {}});
}

std::optional<plan::PlanError> PlanService::replace_dataset(protocol::DatasetUpload upload) {
    return replace_dataset(std::move(upload), nullptr);
}

std::optional<plan::PlanError> PlanService::replace_dataset(protocol::DatasetUpload upload,
                                                            const Actor* actor) {
    const auto refused = [](const plan::Operator& op, std::string_view why) {
        return plan::PlanError{plan::PlanError::Kind::rule_violation,
                               "operator '" + op.id + "' " + std::string(why)};
    };
    // The stored credentials of operators that keep theirs, copied under the lock; the slow
    // hashes of new PINs are made outside it (tens of ms each).
    std::unordered_map<std::string, plan::Operator> stored;
    if (!upload.keeps_badge.empty() || !upload.keeps_pin.empty()) {
        const std::lock_guard lock(impl_->mutex);
        for (const auto* keeps : {&upload.keeps_badge, &upload.keeps_pin}) {
            for (const std::string& id : *keeps) {
                if (const auto found = impl_->plan.find_operator(id)) stored[id] = *found->op;
            }
        }
    }
    for (plan::Partner& partner : upload.dataset.partners) {
        for (plan::Operator& op : partner.operators) {
            const auto kept = stored.find(op.id);
            if (upload.keeps_badge.contains(op.id)) {
                if (kept == stored.end()) return refused(op, "is new: its badge is required");
                op.badge = kept->second.badge;
            } else if (op.badge.empty()) {
                return refused(op, "has an empty badge");
            } else {
                op.badge = impl_->credentials.badge_hash(op.badge);
            }
            if (upload.keeps_pin.contains(op.id)) {
                op.pin = kept != stored.end() ? kept->second.pin : std::nullopt;
            } else if (op.pin && op.pin->empty()) {
                return refused(op, "has an empty PIN (null means none)");
            } else if (op.pin) {
                op.pin = impl_->credentials.pin_hash(*op.pin);
            }
        }
    }
    {
        // finished_at and the operators on a step are the server's own (ignored on input); an
        // operator the new dataset deletes or gives another partner comes off its steps.
        std::unordered_map<std::string_view, std::string_view> partner_of;
        for (const plan::Partner& partner : upload.dataset.partners) {
            for (const plan::Operator& op : partner.operators)
                partner_of.emplace(op.id, partner.id);
        }
        const std::lock_guard lock(impl_->mutex);
        const plan::Timestamp now = impl_->now();
        for (plan::WorkStep& step : upload.dataset.work_steps) {
            const auto known = impl_->plan.work_step_handle(step.id);
            const plan::WorkStep* before = known ? &impl_->plan.work_step_at(*known) : nullptr;
            plan::stamp_finished_at(step, before, now);
            plan::keep_operators(step, before);
            std::erase_if(step.operator_ids, [&](const std::string& id) {
                const auto was = impl_->plan.find_operator(id);
                const auto stays = partner_of.find(id);
                return !was || stays == partner_of.end() || stays->second != was->partner->id;
            });
        }
    }
    plan::Plan next;
    if (auto error = next.replace_all(std::move(upload.dataset))) return error;
    plan::Plan previous;  // destroyed after the lock is released
    {
        const std::lock_guard lock(impl_->mutex);
        SQLite::Transaction transaction(impl_->db);
        impl_->dataset.replace_all(next);
        impl_->follow_dataset_change(impl_->plan, next);
        if (actor != nullptr) {
            impl_->record_change(*actor, "PUT", "/admin/v1/dataset",
                                 "dataset replaced: " + std::to_string(next.partner_count()) +
                                     " partners, " + std::to_string(next.work_step_count()) +
                                     " work steps");
        }
        transaction.commit();
        previous = std::exchange(impl_->plan, std::move(next));
    }
    return std::nullopt;
}

protocol::ListedEnrollmentCode PlanService::create_enrollment_code(std::chrono::seconds lifetime) {
    return create_enrollment_code(lifetime, nullptr);
}

protocol::ListedEnrollmentCode PlanService::create_enrollment_code(std::chrono::seconds lifetime,
                                                                   const Actor* actor) {
    protocol::ListedEnrollmentCode made;
    made.code = random_enrollment_code();
    const std::lock_guard lock(impl_->mutex);
    made.created_at = impl_->now();
    made.expires_at = made.created_at + lifetime;
    SQLite::Transaction transaction(impl_->db);
    impl_->auth.add_enrollment_code(hash_token(normalize_enrollment_code(made.code)), made.code,
                                    made.created_at, made.expires_at);
    if (actor != nullptr) {
        impl_->record_change(
            *actor, "POST", "/admin/v1/enrollment_codes",
            "enrolment code created, valid for " + std::to_string(lifetime.count()) + " s");
    }
    transaction.commit();
    return made;
}

bool PlanService::knows_badge(std::string_view badge) {
    const std::string hash = impl_->credentials.badge_hash(badge);
    const std::lock_guard lock(impl_->mutex);
    return impl_->plan.find_operator_by_badge(hash).has_value();
}

plan::Dataset PlanService::dataset() {
    const std::lock_guard lock(impl_->mutex);
    return impl_->plan.to_dataset();
}

}  // namespace pt::server
