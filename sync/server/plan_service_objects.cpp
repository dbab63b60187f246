// PlanService: every dataset object created and deleted on its own, and operators changed
// (sync-api.md "Administration"). plan::Plan validates (404, 409, 422, nothing changed); the
// database follows in one transaction with the audit entry; a failed write reloads the plan
// from the database (Impl::persist). An operator's open sessions end when its badge, partner or
// existence changes: its session token gets 401 from then on.
#include "sync/plan/feedback.h"
#include "sync/server/plan_service_impl.h"

namespace pt::server {

/// One kind of dataset object as creation and removal need it.
struct ObjectKind {
    const char* name;        ///< "work step"
    const char* collection;  ///< "work_steps", as in the path
    std::optional<plan::Handle> (plan::Plan::*handle)(std::string_view) const;
    std::size_t (plan::Plan::*count)() const;
    std::optional<plan::PlanError> (plan::Plan::*remove)(std::string_view);
    void (DatasetStore::*remove_rows)(plan::Handle, plan::Handle);
};

namespace {

constexpr ObjectKind kPartnersKind{"partner",
                                   "partners",
                                   &plan::Plan::partner_handle,
                                   &plan::Plan::partner_count,
                                   &plan::Plan::remove_partner,
                                   &DatasetStore::remove_partner};
constexpr ObjectKind kResourcesKind{"resource",
                                    "resources",
                                    &plan::Plan::resource_handle,
                                    &plan::Plan::resource_count,
                                    &plan::Plan::remove_resource,
                                    &DatasetStore::remove_resource};
constexpr ObjectKind kOrdersKind{"order",
                                 "orders",
                                 &plan::Plan::order_handle,
                                 &plan::Plan::order_count,
                                 &plan::Plan::remove_order,
                                 &DatasetStore::remove_order};
constexpr ObjectKind kWorkStepsKind{"work step",
                                    "work_steps",
                                    &plan::Plan::work_step_handle,
                                    &plan::Plan::work_step_count,
                                    &plan::Plan::remove_work_step,
                                    &DatasetStore::remove_work_step};
constexpr ObjectKind kProcessesKind{"process",
                                    "processes",
                                    &plan::Plan::process_handle,
                                    &plan::Plan::process_count,
                                    &plan::Plan::remove_process,
                                    &DatasetStore::remove_process};

template <typename Decode>
auto decode_or_refuse(std::string_view body, Decode decode)
    -> std::variant<decltype(decode(body)), Reply> {
    try {
        return decode(body);
    } catch (const protocol::ProtocolError& e) {
        return bad_request(e);
    }
}

}  // namespace

// ---- the two shapes -------------------------------------------------------------------------

template <typename Also>
Reply PlanService::Impl::remove_object(const Actor& actor, const ObjectKind& kind,
                                       std::string_view id, Also also) {
    const std::string object_id(id);
    const std::lock_guard lock(mutex);
    const auto h = (plan.*kind.handle)(object_id);
    if (!h) {
        return plan_error_reply({plan::PlanError::Kind::not_found,
                                 std::string(kind.name) + " '" + object_id + "' does not exist"});
    }
    const auto last = static_cast<plan::Handle>((plan.*kind.count)() - 1);
    auto then = also(*h);  // reads the plan before the removal, writes after it
    if (auto error = (plan.*kind.remove)(object_id)) return plan_error_reply(*error);
    persist(
        [&] {
            then();
            (dataset.*kind.remove_rows)(*h, last);
            record_change(actor, "DELETE",
                          "/admin/v1/" + std::string(kind.collection) + "/" + object_id,
                          std::string(kind.name) + " " + object_id + " deleted");
        },
        [] { return true; });
    return no_content();
}

template <typename Add, typename Save, typename Encode>
Reply PlanService::Impl::add_object(const Actor& actor, const ObjectKind& kind,
                                    const std::string& id, Add add, Save save, Encode encode) {
    const std::lock_guard lock(mutex);
    if (auto error = add()) return plan_error_reply(*error);
    const plan::Handle h = *(plan.*kind.handle)(id);
    persist(
        [&] {
            save(h);
            record_change(actor, "POST", "/admin/v1/" + std::string(kind.collection),
                          std::string(kind.name) + " " + id + " created");
        },
        [] { return true; });
    Reply reply = json_reply(201, encode(h));
    reply.headers.emplace_back("Location", "/admin/v1/" + std::string(kind.collection) + "/" + id);
    return reply;
}

// ---- partners -------------------------------------------------------------------------------

Reply PlanService::post_partner(std::string_view bearer, std::string_view body) {
    const auto caller = impl_->authorize(bearer, Role::admin);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    auto read = decode_or_refuse(body, protocol::decode_partner);
    if (Reply* refused = std::get_if<Reply>(&read)) return std::move(*refused);
    auto& partner = std::get<plan::Partner>(read);
    const std::string id = partner.id;
    Impl& x = *impl_;
    return x.add_object(
        actor_of(caller), kPartnersKind, id, [&] { return x.plan.add_partner(std::move(partner)); },
        [&](plan::Handle h) { x.dataset.save_partner(h, x.plan.partner_at(h)); },
        [&](plan::Handle h) { return protocol::encode_partner(x.plan.partner_at(h)); });
}

Reply PlanService::delete_partner(std::string_view bearer, std::string_view id) {
    const auto caller = impl_->authorize(bearer, Role::admin);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    Impl& x = *impl_;
    return x.remove_object(actor_of(caller), kPartnersKind, id, [&x](plan::Handle h) {
        // Resources and orders keep their handles; their partner lists lose this partner.
        const auto linked = x.plan.resources_linked_to(h);
        const auto naming = x.plan.orders_naming(h);
        std::vector<std::string> operators;
        for (const plan::Operator& op : x.plan.partner_at(h).operators)
            operators.push_back(op.id);
        return [&x, resources = std::vector<plan::Handle>(linked.begin(), linked.end()),
                orders = std::vector<plan::Handle>(naming.begin(), naming.end()),
                operators = std::move(operators)] {
            for (const plan::Handle r : resources)
                x.dataset.save_resource(r, x.plan.resource_at(r));
            for (const plan::Handle o : orders)
                x.dataset.save_order(o, x.plan.order_at(o));
            for (const std::string& op : operators)
                x.operator_changed(op, Impl::OperatorChangeKind::deleted_or_moved);
        };
    });
}

// ---- operators ------------------------------------------------------------------------------

Reply PlanService::post_operator(std::string_view bearer, std::string_view body) {
    const auto caller = impl_->authorize(bearer, Role::admin);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    auto read = decode_or_refuse(body, protocol::decode_new_operator);
    if (Reply* refused = std::get_if<Reply>(&read)) return std::move(*refused);
    auto& made = std::get<protocol::NewOperator>(read);
    Impl& x = *impl_;
    // Hashed before the lock: Argon2id takes tens of ms.
    made.op.badge = x.credentials.badge_hash(made.op.badge);
    if (made.op.pin) made.op.pin = x.credentials.pin_hash(*made.op.pin);
    const std::string id = made.op.id;
    const std::lock_guard lock(x.mutex);
    if (auto error = x.plan.add_operator(made.partner_id, std::move(made.op)))
        return plan_error_reply(*error);
    const plan::Handle partner = *x.plan.partner_handle(made.partner_id);
    x.persist(
        [&] {
            x.dataset.save_partner(partner, x.plan.partner_at(partner));
            x.record_change(actor_of(caller), "POST", "/admin/v1/operators",
                            "operator " + id + " created");
        },
        [] { return true; });
    Reply reply =
        json_reply(201, protocol::encode_operator(*x.plan.find_operator(id)->op, made.partner_id));
    reply.headers.emplace_back("Location", "/admin/v1/operators/" + id);
    return reply;
}

Reply PlanService::patch_operator(std::string_view bearer, std::string_view id,
                                  std::string_view body) {
    const auto caller = impl_->authorize(bearer, Role::admin);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    auto read = decode_or_refuse(body, protocol::decode_operator_change);
    if (Reply* refused = std::get_if<Reply>(&read)) return std::move(*refused);
    auto& change = std::get<plan::OperatorChange>(read);
    Impl& x = *impl_;
    // The summary names fields, never their values (no badge, no PIN in the log).
    std::string summary = "operator " + std::string(id);
    const std::pair<const char*, bool> fields[] = {{"name", change.name.has_value()},
                                                   {"badge", change.badge.has_value()},
                                                   {"pin", change.pin.has_value()},
                                                   {"partner_id", change.partner_id.has_value()},
                                                   {"role", change.role.has_value()}};
    std::size_t named = 0;
    for (const auto& [key, given] : fields) {
        if (given) summary += std::string(named++ == 0 ? ": " : ", ") + key;
    }
    if (change.badge) change.badge = x.credentials.badge_hash(*change.badge);
    if (change.pin && *change.pin) change.pin = x.credentials.pin_hash(**change.pin);

    const std::lock_guard lock(x.mutex);
    const auto before = x.plan.find_operator(id);
    if (!before) {
        return plan_error_reply({plan::PlanError::Kind::not_found,
                                 "operator '" + std::string(id) + "' does not exist"});
    }
    const std::string operator_id = before->op->id;
    const std::string old_badge = before->op->badge;
    const plan::Handle old_partner = *x.plan.partner_handle(before->partner->id);
    if (auto error = x.plan.change_operator(operator_id, change)) return plan_error_reply(*error);
    const auto after = *x.plan.find_operator(operator_id);
    const plan::Handle new_partner = *x.plan.partner_handle(after.partner->id);
    const std::vector<plan::Handle> steps_left = new_partner != old_partner
                                                     ? x.plan.take_off_work_steps(operator_id)
                                                     : std::vector<plan::Handle>{};
    x.persist(
        [&] {
            for (const plan::Handle h : steps_left)
                x.dataset.save_work_step(h, x.plan.work_step_at(h));
            x.dataset.save_partner(old_partner, x.plan.partner_at(old_partner));
            if (new_partner != old_partner)
                x.dataset.save_partner(new_partner, x.plan.partner_at(new_partner));
            if (new_partner != old_partner) {
                x.operator_changed(operator_id, Impl::OperatorChangeKind::deleted_or_moved);
            } else if (after.op->badge != old_badge) {
                x.operator_changed(operator_id, Impl::OperatorChangeKind::badge);
            }
            x.record_change(actor_of(caller), "PATCH", "/admin/v1/operators/" + operator_id,
                            summary);
        },
        [] { return true; });
    const auto stored = *x.plan.find_operator(operator_id);
    return json_reply(200, protocol::encode_operator(*stored.op, stored.partner->id));
}

Reply PlanService::delete_operator(std::string_view bearer, std::string_view id) {
    const auto caller = impl_->authorize(bearer, Role::admin);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    Impl& x = *impl_;
    const std::lock_guard lock(x.mutex);
    const auto found = x.plan.find_operator(id);
    if (!found) {
        return plan_error_reply({plan::PlanError::Kind::not_found,
                                 "operator '" + std::string(id) + "' does not exist"});
    }
    const std::string operator_id = found->op->id;
    const plan::Handle partner = *x.plan.partner_handle(found->partner->id);
    if (auto error = x.plan.remove_operator(operator_id)) return plan_error_reply(*error);
    const std::vector<plan::Handle> steps_left = x.plan.take_off_work_steps(operator_id);
    x.persist(
        [&] {
            for (const plan::Handle h : steps_left)
                x.dataset.save_work_step(h, x.plan.work_step_at(h));
            x.dataset.save_partner(partner, x.plan.partner_at(partner));
            x.operator_changed(operator_id, Impl::OperatorChangeKind::deleted_or_moved);
            x.record_change(actor_of(caller), "DELETE", "/admin/v1/operators/" + operator_id,
                            "operator " + operator_id + " deleted");
        },
        [] { return true; });
    return no_content();
}

// ---- resources, orders, work steps, processes -----------------------------------------------

Reply PlanService::post_resource(std::string_view bearer, std::string_view body) {
    const auto caller = impl_->authorize(bearer, Role::admin);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    auto read = decode_or_refuse(body, protocol::decode_resource);
    if (Reply* refused = std::get_if<Reply>(&read)) return std::move(*refused);
    auto& resource = std::get<plan::Resource>(read);
    const std::string id = resource.id;
    Impl& x = *impl_;
    return x.add_object(
        actor_of(caller), kResourcesKind, id,
        [&] { return x.plan.add_resource(std::move(resource)); },
        [&](plan::Handle h) { x.dataset.save_resource(h, x.plan.resource_at(h)); },
        [&](plan::Handle h) { return protocol::encode_resource(x.plan.resource_at(h)); });
}

Reply PlanService::delete_resource(std::string_view bearer, std::string_view id) {
    const auto caller = impl_->authorize(bearer, Role::admin);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    Impl& x = *impl_;
    return x.remove_object(actor_of(caller), kResourcesKind, id, [&x, id](plan::Handle) {
        // Terminals no longer stand at it.
        return
            [&x, resource_id = std::string(id)] { x.terminal_status.forget_resource(resource_id); };
    });
}

Reply PlanService::delete_order(std::string_view bearer, std::string_view id) {
    const auto caller = impl_->authorize(bearer, Role::planner);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    return impl_->remove_object(actor_of(caller), kOrdersKind, id,
                                [](plan::Handle) { return [] {}; });
}

Reply PlanService::post_work_step(std::string_view bearer, std::string_view body) {
    const auto caller = impl_->authorize(bearer, Role::planner);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    auto read = decode_or_refuse(body, protocol::decode_work_step);
    if (Reply* refused = std::get_if<Reply>(&read)) return std::move(*refused);
    auto& step = std::get<plan::WorkStep>(read);
    const std::string id = step.id;
    Impl& x = *impl_;
    return x.add_object(
        actor_of(caller), kWorkStepsKind, id,
        [&] {
            plan::stamp_finished_at(step, nullptr, x.now());  // the server's own (R14)
            return x.plan.add_work_step(std::move(step));
        },
        [&](plan::Handle h) { x.dataset.save_work_step(h, x.plan.work_step_at(h)); },
        [&](plan::Handle h) { return protocol::encode_work_step(x.plan.work_step_at(h)); });
}

Reply PlanService::delete_work_step(std::string_view bearer, std::string_view id) {
    const auto caller = impl_->authorize(bearer, Role::planner);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    return impl_->remove_object(actor_of(caller), kWorkStepsKind, id,
                                [](plan::Handle) { return [] {}; });
}

Reply PlanService::post_process(std::string_view bearer, std::string_view body) {
    const auto caller = impl_->authorize(bearer, Role::planner);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    auto read = decode_or_refuse(body, protocol::decode_process);
    if (Reply* refused = std::get_if<Reply>(&read)) return std::move(*refused);
    auto& process = std::get<plan::Process>(read);
    const std::string id = process.id;
    Impl& x = *impl_;
    return x.add_object(
        actor_of(caller), kProcessesKind, id,
        [&] { return x.plan.add_process(std::move(process)); },
        [&](plan::Handle h) { x.dataset.save_process(h, x.plan.process_at(h)); },
        [&](plan::Handle h) { return protocol::encode_process(x.plan.process_at(h)); });
}

Reply PlanService::delete_process(std::string_view bearer, std::string_view id) {
    const auto caller = impl_->authorize(bearer, Role::planner);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    return impl_->remove_object(actor_of(caller), kProcessesKind, id,
                                [](plan::Handle) { return [] {}; });
}

}  // namespace pt::server
