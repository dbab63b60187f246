// PlanService: the admin endpoints (sync-api.md "Admin endpoints"). Each change is validated by
// plan::Plan (unknown id → 404, broken rule → 422, nothing changed), then written in one
// transaction; if the write fails the in-memory change is undone (Impl::persist).
#include <algorithm>

#include "sync/plan/feedback.h"
#include "sync/plan/record_fields.h"
#include "sync/plan/view.h"
#include "sync/server/plan_delta.h"
#include "sync/server/plan_service_impl.h"
#include "sync/server/tokens.h"

namespace pt::server {
namespace {

/// The JSON keys of a record's table, and `more`.
template <typename Table>
std::vector<std::string_view> keys_of(const Table& table,
                                      std::initializer_list<std::string_view> more = {}) {
    std::vector<std::string_view> keys(more);
    plan::for_each_field(table, [&](const auto& field) { keys.push_back(field.key); });
    return keys;
}

/// "order O1: number, due" — the object and those of `known` fields the change named, never
/// their values: a key the decoder ignores never reaches the log (it could be megabytes, or
/// read like another entry).
std::string change_summary(std::string_view kind, std::string_view id, std::string_view body,
                           const std::vector<std::string_view>& known) {
    std::string summary = std::string(kind) + (id.empty() ? "" : " ") + std::string(id);
    std::size_t named = 0;
    for (const std::string& name : protocol::field_names(body)) {
        if (std::find(known.begin(), known.end(), name) == known.end()) continue;
        summary += (named++ == 0 ? ": " : ", ") + name;
    }
    return summary;
}

}  // namespace

std::optional<Reply> refuse_settings_change(const Actor& actor, const plan::Settings& old,
                                            const plan::Settings& next) {
    if (actor.role >= Role::admin) return std::nullopt;
    // A planner changes the reasons only (seed 003); columns, the default inheritance and the
    // retention of finished steps decide what partners see: the administrator's.
    plan::Settings reasons_only = old;
    reasons_only.pause_reasons = next.pause_reasons;
    reasons_only.scrap_reasons = next.scrap_reasons;
    if (next == reasons_only) return std::nullopt;
    return error_reply(403, "forbidden",
                       "the role planner may change the reasons only; columns, the default "
                       "inheritance and finished_retention_days need the role admin");
}

std::optional<Reply> PlanService::refuse_admin_call(std::string_view bearer, Role role) const {
    auto caller = impl_->authorize(bearer, role);
    if (Reply* refused = std::get_if<Reply>(&caller)) return std::move(*refused);
    return std::nullopt;
}

std::optional<Reply> PlanService::refuse_non_terminal(std::string_view bearer) const {
    if (!bearer.empty() && impl_->live_tokens.contains(hash_token(bearer))) return std::nullopt;
    return unauthorized("a terminal token is required");
}

Reply PlanService::put_dataset(std::string_view bearer, std::string_view body) {
    const auto caller = impl_->authorize(bearer, Role::admin);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    protocol::DatasetUpload upload;
    try {
        upload = protocol::decode_dataset_upload(body);
    } catch (const protocol::ProtocolError& e) {
        return bad_request(e);
    }
    if (auto error = replace_dataset(std::move(upload), &actor_of(caller)))
        return plan_error_reply(*error);
    return no_content();
}

Reply PlanService::get_dataset(std::string_view bearer) {
    const auto caller = impl_->authorize(bearer, Role::viewer);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    const std::lock_guard lock(impl_->mutex);
    // Badges and PINs are write-only: each operator shows only whether it has a PIN.
    return json_reply(200, protocol::encode_dataset(impl_->plan.to_dataset(),
                                                    protocol::OperatorCredentials::withheld));
}

Reply PlanService::post_order(std::string_view bearer, std::string_view body) {
    const auto caller = impl_->authorize(bearer, Role::planner);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    plan::Order order;
    try {
        order = protocol::decode_order(body);
    } catch (const protocol::ProtocolError& e) {
        return bad_request(e);
    }
    const std::string id = order.id;
    const std::lock_guard lock(impl_->mutex);
    Impl& x = *impl_;
    if (auto error = x.plan.add_order(std::move(order))) return plan_error_reply(*error);
    const plan::Handle h = *x.plan.order_handle(id);
    // Plan cannot remove an order again: a failed write reloads the plan from the database.
    x.persist(
        [&] {
            x.dataset.save_order(h, x.plan.order_at(h));
            x.record_change(actor_of(caller), "POST", "/admin/v1/orders",
                            "order " + id + " created");
        },
        [] { return true; });
    Reply reply = json_reply(201, protocol::encode_order(x.plan.order_at(h)));
    reply.headers.emplace_back("Location", "/admin/v1/orders/" + id);
    return reply;
}

Reply PlanService::patch_order(std::string_view bearer, std::string_view id,
                               std::string_view body) {
    const auto caller = impl_->authorize(bearer, Role::planner);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    // Made before the lock: it reads the body once more.
    const std::string summary =
        change_summary("order", id, body, keys_of(plan::kOrderFields, {"named_partner_ids"}));
    const std::lock_guard lock(impl_->mutex);
    Impl& x = *impl_;
    const plan::Order* current = x.plan.find_order(id);
    if (current == nullptr) {
        return plan_error_reply(
            {plan::PlanError::Kind::not_found, "order '" + std::string(id) + "' does not exist"});
    }
    const plan::Order old = *current;
    plan::OrderChange change;
    try {
        change = protocol::decode_order_change(body);
    } catch (const protocol::ProtocolError& e) {
        return bad_request(e);
    }
    if (auto error = x.plan.change_order(id, change)) return plan_error_reply(*error);
    const plan::Handle h = *x.plan.order_handle(id);
    x.persist(
        [&] {
            x.dataset.save_order(h, x.plan.order_at(h));
            x.record_change(actor_of(caller), "PATCH", "/admin/v1/orders/" + old.id, summary);
        },
        [&] { return x.plan.change_order(old.id, plan::change_back_to(old)).has_value(); });
    return no_content();
}

Reply PlanService::patch_work_step(std::string_view bearer, std::string_view id,
                                   std::string_view body) {
    const auto caller = impl_->authorize(bearer, Role::planner);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    // Made before the lock: it reads the body once more.
    const std::string summary =
        change_summary("work step", id, body, keys_of(plan::kWorkStepFields));
    const std::lock_guard lock(impl_->mutex);
    Impl& x = *impl_;
    const auto h = x.plan.work_step_handle(id);
    if (!h)
        return plan_error_reply({plan::PlanError::Kind::not_found,
                                 "work step '" + std::string(id) + "' does not exist"});
    const plan::WorkStep old = x.plan.work_step_at(*h);
    plan::WorkStep next = old;
    try {
        protocol::apply_work_step_patch(next, body);
    } catch (const protocol::ProtocolError& e) {
        return bad_request(e);
    }
    plan::stamp_finished_at(next, &old, x.now());
    plan::keep_operators(next, &old);
    if (auto error = x.plan.update_work_step(std::move(next))) return plan_error_reply(*error);
    x.persist(
        [&] {
            x.dataset.save_work_step(*h, x.plan.work_step_at(*h));
            x.record_change(actor_of(caller), "PATCH", "/admin/v1/work_steps/" + old.id, summary);
        },
        [&] { return x.plan.update_work_step(old).has_value(); });
    return no_content();
}

Reply PlanService::patch_process(std::string_view bearer, std::string_view id,
                                 std::string_view body) {
    const auto caller = impl_->authorize(bearer, Role::planner);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    // Made before the lock: it reads the body once more.
    const std::string summary = change_summary("process", id, body, keys_of(plan::kProcessFields));
    const std::lock_guard lock(impl_->mutex);
    Impl& x = *impl_;
    const auto h = x.plan.process_handle(id);
    if (!h)
        return plan_error_reply(
            {plan::PlanError::Kind::not_found, "process '" + std::string(id) + "' does not exist"});
    const plan::Process old = x.plan.process_at(*h);
    plan::Process next = old;
    try {
        protocol::apply_process_patch(next, body);
    } catch (const protocol::ProtocolError& e) {
        return bad_request(e);
    }
    if (auto error = x.plan.update_process(std::move(next))) return plan_error_reply(*error);
    x.persist(
        [&] {
            x.dataset.save_process(*h, x.plan.process_at(*h));
            x.record_change(actor_of(caller), "PATCH", "/admin/v1/processes/" + old.id, summary);
        },
        [&] { return x.plan.update_process(old).has_value(); });
    return no_content();
}

Reply PlanService::patch_partner(std::string_view bearer, std::string_view id,
                                 std::string_view body) {
    const auto caller = impl_->authorize(bearer, Role::admin);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    // Made before the lock: it reads the body once more.
    const std::string summary = change_summary("partner", id, body, keys_of(plan::kPartnerFields));
    const std::lock_guard lock(impl_->mutex);
    Impl& x = *impl_;
    const auto h = x.plan.partner_handle(id);
    if (!h)
        return plan_error_reply(
            {plan::PlanError::Kind::not_found, "partner '" + std::string(id) + "' does not exist"});
    const plan::Partner old = x.plan.partner_at(*h);
    plan::Partner next = old;
    try {
        protocol::apply_partner_patch(next, body);
    } catch (const protocol::ProtocolError& e) {
        return bad_request(e);
    }
    if (auto error = x.plan.update_partner(next)) return plan_error_reply(*error);
    x.persist(
        [&] {
            x.dataset.save_partner(*h, x.plan.partner_at(*h));
            x.record_change(actor_of(caller), "PATCH", "/admin/v1/partners/" + old.id, summary);
        },
        [&] { return x.plan.update_partner(old).has_value(); });
    return no_content();
}

Reply PlanService::patch_resource(std::string_view bearer, std::string_view id,
                                  std::string_view body) {
    const auto caller = impl_->authorize(bearer, Role::admin);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    // Made before the lock: it reads the body once more.
    const std::string summary =
        change_summary("resource", id, body, keys_of(plan::kResourceFields, {"partner_ids"}));
    const std::lock_guard lock(impl_->mutex);
    Impl& x = *impl_;
    const plan::Resource* current = x.plan.find_resource(id);
    if (current == nullptr) {
        return plan_error_reply({plan::PlanError::Kind::not_found,
                                 "resource '" + std::string(id) + "' does not exist"});
    }
    const plan::Resource old = *current;
    plan::Resource next = old;
    try {
        protocol::apply_resource_patch(next, body);
    } catch (const protocol::ProtocolError& e) {
        return bad_request(e);
    }
    if (auto error = x.plan.update_resource(std::move(next))) return plan_error_reply(*error);
    const plan::Handle h = *x.plan.resource_handle(old.id);
    x.persist(
        [&] {
            x.dataset.save_resource(h, x.plan.resource_at(h));
            x.record_change(actor_of(caller), "PATCH", "/admin/v1/resources/" + old.id, summary);
        },
        [&] { return x.plan.update_resource(old).has_value(); });
    return no_content();
}

Reply PlanService::put_settings(std::string_view bearer, std::string_view body) {
    const auto caller = impl_->authorize(bearer, Role::planner);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    // Made before the lock: it reads the body once more.
    const std::string summary = change_summary(
        "settings", "", body,
        {"default_external_inheritance", "external_columns", "reasons", "finished_retention_days"});
    const std::lock_guard lock(impl_->mutex);
    Impl& x = *impl_;
    const plan::Settings old = x.plan.settings();
    plan::Settings next = old;
    try {
        protocol::apply_settings_update(next, body);
    } catch (const protocol::ProtocolError& e) {
        return bad_request(e);
    }
    if (auto refused = refuse_settings_change(actor_of(caller), old, next)) return *refused;
    if (auto error = x.plan.update_settings(std::move(next))) return plan_error_reply(*error);
    x.persist(
        [&] {
            x.dataset.save_settings(x.plan.settings());
            x.record_change(actor_of(caller), "PUT", "/admin/v1/settings", summary);
        },
        [&] { return x.plan.update_settings(old).has_value(); });
    return no_content();
}

Reply PlanService::post_enrollment_code(std::string_view bearer, std::string_view body) {
    const auto caller = impl_->authorize(bearer, Role::admin);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    std::optional<std::int64_t> expires_in_s;
    try {
        expires_in_s = protocol::decode_enrollment_code_request(body);
    } catch (const protocol::ProtocolError& e) {
        return bad_request(e);
    }
    const std::int64_t lifetime = expires_in_s.value_or(kDefaultEnrollmentCodeLifetime.count());
    if (lifetime < 1 || lifetime > kLongestEnrollmentCodeLifetime.count()) {
        return error_reply(
            422, "unprocessable",
            "expires_in_s must be 1 to " + std::to_string(kLongestEnrollmentCodeLifetime.count()));
    }
    const auto made = create_enrollment_code(std::chrono::seconds{lifetime}, &actor_of(caller));
    return json_reply(201, protocol::encode_enrollment_code(made.code, made.expires_at));
}

Reply PlanService::get_enrollment_codes(std::string_view bearer) {
    const auto caller = impl_->authorize(bearer, Role::admin);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    std::vector<protocol::ListedEnrollmentCode> listed;
    {
        const std::lock_guard lock(impl_->mutex);
        for (auto& code : impl_->auth.usable_enrollment_codes(impl_->now()))
            listed.push_back({std::move(code.code), code.created_at, code.expires_at});
    }
    return json_reply(200, protocol::encode_enrollment_codes(listed));
}

Reply PlanService::delete_enrollment_code(std::string_view bearer, std::string_view code) {
    const auto caller = impl_->authorize(bearer, Role::admin);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    const std::lock_guard lock(impl_->mutex);
    SQLite::Transaction transaction(impl_->db);
    if (!impl_->auth.delete_enrollment_code(hash_token(normalize_enrollment_code(code)))) {
        return error_reply(404, "not_found", "no unused enrolment code like that");
    }
    // The code itself stays out of the log.
    impl_->record_change(actor_of(caller), "DELETE", "/admin/v1/enrollment_codes/…",
                         "an enrolment code withdrawn");
    transaction.commit();
    return no_content();
}

Reply PlanService::revoke_terminal(std::string_view bearer, std::string_view id) {
    const auto caller = impl_->authorize(bearer, Role::admin);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    const std::lock_guard lock(impl_->mutex);
    SQLite::Transaction transaction(impl_->db);
    if (!impl_->auth.revoke_terminal(std::string(id), impl_->now())) {
        return error_reply(404, "not_found", "terminal '" + std::string(id) + "' does not exist");
    }
    impl_->record_change(actor_of(caller), "DELETE", "/admin/v1/terminals/" + std::string(id),
                         "terminal " + std::string(id) + " revoked");
    transaction.commit();
    impl_->live_tokens.drop(std::string(id));
    return no_content();
}

Reply PlanService::unlock_operator(std::string_view bearer, std::string_view id) {
    const auto caller = impl_->authorize(bearer, Role::admin);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    const std::lock_guard lock(impl_->mutex);
    if (!impl_->plan.find_operator(id)) {
        return plan_error_reply({plan::PlanError::Kind::not_found,
                                 "operator '" + std::string(id) + "' does not exist"});
    }
    SQLite::Transaction transaction(impl_->db);
    impl_->auth.clear_wrong_pins(std::string(id));
    impl_->record_change(actor_of(caller), "POST",
                         "/admin/v1/operators/" + std::string(id) + "/unlock",
                         "operator " + std::string(id) + " unlocked");
    transaction.commit();
    return no_content();
}

Reply PlanService::patch_terminal(std::string_view bearer, std::string_view id,
                                  std::string_view body) {
    const auto caller = impl_->authorize(bearer, Role::admin);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    // Made before the lock: it reads the body once more.
    const std::string summary = change_summary("terminal", id, body, {"name", "resource_ids"});
    protocol::TerminalChange change;
    try {
        change = protocol::decode_terminal_change(body);
    } catch (const protocol::ProtocolError& e) {
        return bad_request(e);
    }
    const std::lock_guard lock(impl_->mutex);
    Impl& x = *impl_;
    for (const std::string& resource_id :
         change.resource_ids.value_or(std::vector<std::string>{})) {
        if (x.plan.find_resource(resource_id) == nullptr) {
            return plan_error_reply({plan::PlanError::Kind::rule_violation,
                                     "resource '" + resource_id + "' does not exist"});
        }
    }
    const std::string terminal_id(id);
    SQLite::Transaction transaction(x.db);
    if (!x.terminal_status.change(terminal_id, change.name, change.resource_ids))
        return error_reply(404, "not_found", "terminal '" + terminal_id + "' does not exist");
    x.record_change(actor_of(caller), "PATCH", "/admin/v1/terminals/" + terminal_id, summary);
    transaction.commit();
    return no_content();
}

Reply PlanService::get_partner_view(std::string_view bearer, std::string_view partner_id) {
    const auto caller = impl_->authorize(bearer, Role::viewer);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    protocol::PlanResponse response;
    response.reset = true;
    {
        const std::lock_guard lock(impl_->mutex);
        // The same rules as a pull, at the same time.
        auto view = plan::compute_view(impl_->plan, partner_id, impl_->now(), &impl_->notes);
        if (!view) {
            return plan_error_reply({plan::PlanError::Kind::not_found,
                                     "partner '" + std::string(partner_id) + "' does not exist"});
        }
        sort_by_id(*view);
        response.view = std::move(*view);
    }
    return json_reply(200, protocol::encode(response));  // no cursor: no session pulls on
}

Reply PlanService::get_terminals(std::string_view bearer) {
    const auto caller = impl_->authorize(bearer, Role::viewer);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    std::vector<TerminalStatus> stored;
    {
        const std::lock_guard lock(impl_->mutex);
        stored = impl_->terminal_status.list(impl_->now());
    }
    std::vector<protocol::ListedTerminal> listed;
    listed.reserve(stored.size());
    for (TerminalStatus& status : stored) {
        protocol::ListedTerminal terminal;
        terminal.id = std::move(status.id);
        terminal.name = std::move(status.name);
        terminal.enrolled_at = status.enrolled_at;
        terminal.last_seen_at = status.last_seen_at;
        terminal.revoked = status.revoked;
        terminal.resource_ids = std::move(status.resource_ids);
        terminal.failed_logins_24h = status.failed_logins_24h;
        if (status.health_report) {
            terminal.health = protocol::ReceivedHealth{
                protocol::decode_health_report(*status.health_report), status.health_received_at};
        }
        listed.push_back(std::move(terminal));
    }
    return json_reply(200, protocol::encode_terminals(listed));
}

}  // namespace pt::server
