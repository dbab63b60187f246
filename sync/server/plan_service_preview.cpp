// PlanService: the change preview (sync-api.md `POST /admin/v1/preview`). The change named by
// method and path is read by the same decoders as the call itself, made to the plan under the
// lock, and taken back by plan::preview_change; the database is never touched.
#include <algorithm>
#include <span>
#include <stdexcept>

#include "sync/plan/feedback.h"
#include "sync/plan/preview.h"
#include "sync/server/percent_decoding.h"
#include "sync/server/plan_service_impl.h"

namespace pt::server {
namespace {

/// `/admin/v1/{collection}` or `/admin/v1/{collection}/{id}`, the id percent-decoded as the
/// call's own route decodes it.
struct AdminPath {
    std::string_view collection;
    std::optional<std::string> id;
};

std::optional<AdminPath> split_admin_path(std::string_view path) {
    constexpr std::string_view kPrefix = "/admin/v1/";
    if (!path.starts_with(kPrefix)) return std::nullopt;
    path.remove_prefix(kPrefix.size());
    const auto slash = path.find('/');
    if (slash == std::string_view::npos) return AdminPath{path, std::nullopt};
    const std::string_view id = path.substr(slash + 1);
    if (id.empty() || id.find('/') != std::string_view::npos) return std::nullopt;
    auto decoded = decode_path_segment(id);
    if (!decoded) return std::nullopt;
    return AdminPath{path.substr(0, slash), std::move(decoded)};
}

Reply cannot_preview(const protocol::PreviewRequest& request, std::string_view why) {
    return error_reply(
        422, "unprocessable",
        "cannot preview " + request.method + " " + request.path + ": " + std::string(why));
}

Reply not_found_reply(std::string_view kind, std::string_view id) {
    return plan_error_reply({plan::PlanError::Kind::not_found,
                             std::string(kind) + " '" + std::string(id) + "' does not exist"});
}

/// What a removal's path names.
std::optional<plan::ObjectKind> kind_of_collection(std::string_view collection) {
    if (collection == "partners") return plan::ObjectKind::partner;
    if (collection == "resources") return plan::ObjectKind::resource;
    if (collection == "orders") return plan::ObjectKind::order;
    if (collection == "work_steps") return plan::ObjectKind::work_step;
    if (collection == "processes") return plan::ObjectKind::process;
    return std::nullopt;
}

/// The preview's answer when the change can alter no partner's view: an operator's change.
Reply no_view_changes() {
    return json_reply(200, protocol::encode_preview({}));
}

/// A PATCH of `kind`: the object as it stands with the patch applied (PATCH's own code path).
template <typename Object, typename Apply>
std::variant<plan::PlanChange, Reply> patched(const Object* current, std::string_view kind,
                                              std::string_view id, std::string_view body,
                                              Apply apply) {
    if (current == nullptr) return not_found_reply(kind, id);
    Object next = *current;
    apply(next, body);
    return plan::ReplaceObject{std::move(next)};
}

/// The plan change a request describes, read under the lock (a PATCH starts from the object as
/// it stands); or the reply the call itself would give before changing anything. An operator's
/// change alters no view: it is checked as its call checks it, and answered with no partners.
std::variant<plan::PlanChange, Reply> change_of(const protocol::PreviewRequest& request,
                                                const Actor& actor, const plan::Plan& plan,
                                                const Credentials& credentials,
                                                plan::Timestamp now) {
    const auto path = split_admin_path(request.path);
    if (!path) return cannot_preview(request, "not a path of the admin API");
    const std::string_view method = request.method;
    const std::string_view body = request.body;
    const std::string_view collection = path->collection;
    if (method == "PUT" && collection == "settings" && !path->id) {
        plan::Settings next = plan.settings();
        protocol::apply_settings_update(next, body);
        if (auto refused = refuse_settings_change(actor, plan.settings(), next)) return *refused;
        return plan::ReplaceSettings{std::move(next)};
    }
    // The same refusals as plan::Plan's own for an operator (rule_violation: 422).
    const auto refused_operator = [](const std::string& message) {
        return plan_error_reply({plan::PlanError::Kind::rule_violation, message});
    };
    const auto badge_taken = [&](const std::string& badge, std::string_view by) {
        const auto holder = plan.find_operator_by_badge(credentials.badge_hash(badge));
        return holder && holder->op->id != by;
    };
    if (method == "POST" && !path->id) {
        if (collection == "partners") return plan::AddObject{protocol::decode_partner(body)};
        if (collection == "resources") return plan::AddObject{protocol::decode_resource(body)};
        if (collection == "orders") return plan::AddObject{protocol::decode_order(body)};
        if (collection == "processes") return plan::AddObject{protocol::decode_process(body)};
        if (collection == "work_steps") {
            plan::WorkStep step = protocol::decode_work_step(body);
            plan::stamp_finished_at(step, nullptr, now);  // as POST does
            return plan::AddObject{std::move(step)};
        }
        if (collection == "operators") {
            const auto made = protocol::decode_new_operator(body);
            if (plan.find_partner(made.partner_id) == nullptr) {
                return refused_operator("operator '" + made.op.id + "' names unknown partner '" +
                                        made.partner_id + "'");
            }
            if (plan.find_operator(made.op.id))
                return refused_operator("operator id '" + made.op.id + "' appears twice");
            if (badge_taken(made.op.badge, ""))
                return refused_operator("operator '" + made.op.id + "' has a badge already in use");
            return no_view_changes();
        }
    }
    if (method == "PATCH" && path->id) {
        const std::string_view id = *path->id;
        if (collection == "partners") {
            return patched(plan.find_partner(id), "partner", id, body,
                           protocol::apply_partner_patch);
        }
        if (collection == "resources") {
            return patched(plan.find_resource(id), "resource", id, body,
                           protocol::apply_resource_patch);
        }
        if (collection == "processes") {
            return patched(plan.find_process(id), "process", id, body,
                           protocol::apply_process_patch);
        }
        if (collection == "work_steps") {
            const plan::WorkStep* old = plan.find_work_step(id);
            return patched(old, "work step", id, body,
                           [&](plan::WorkStep& next, std::string_view text) {
                               protocol::apply_work_step_patch(next, text);
                               plan::stamp_finished_at(next, old, now);  // as PATCH does
                               plan::keep_operators(next, old);
                           });
        }
        if (collection == "orders") {
            if (plan.find_order(id) == nullptr) return not_found_reply("order", id);
            return plan::ChangeOrder{std::string(id), protocol::decode_order_change(body)};
        }
        if (collection == "operators") {
            const auto change = protocol::decode_operator_change(body);
            if (!plan.find_operator(id)) return not_found_reply("operator", id);
            if (change.partner_id && plan.find_partner(*change.partner_id) == nullptr) {
                return refused_operator("operator '" + std::string(id) +
                                        "' names unknown partner '" + *change.partner_id + "'");
            }
            if (change.badge && badge_taken(*change.badge, id)) {
                return refused_operator("operator '" + std::string(id) +
                                        "' has a badge already in use");
            }
            return no_view_changes();
        }
    }
    if (method == "DELETE" && path->id) {
        if (const auto kind = kind_of_collection(collection))
            return plan::RemoveObject{*kind, std::string(*path->id)};
        if (collection == "operators") {
            if (!plan.find_operator(*path->id)) return not_found_reply("operator", *path->id);
            return no_view_changes();
        }
    }
    return cannot_preview(request,
                          "only a change of a partner, operator, resource, order, work step, "
                          "process or the settings can be previewed (a whole dataset cannot: "
                          "preview its changes one by one)");
}

}  // namespace

/// How many partners' views a preview reads per hold of the service's lock (each two views).
constexpr std::size_t kPreviewPartnersPerLock = 8;

/// One pass of a preview: the change and the partners it concerns under a first hold of the
/// lock, then a few partners per hold. The plan must be the same at the start of each hold as
/// at the end of the one before (Plan::revision()): a change in between restarts the pass.
std::variant<std::vector<plan::PartnerDifference>, Reply, PlanService::Impl::PlanMoved>
PlanService::Impl::preview_pass(const protocol::PreviewRequest& request, const Actor& actor) {
    // With the lock held: a change the preview could not take back (a bug, or no memory while
    // taking it back) leaves the plan unlike the database, which still holds it as it was.
    const auto could_not_take_back = [this] {
        reload_plan();
        return error_reply(500, "internal", "the preview failed; the plan was reloaded");
    };
    std::optional<plan::PlanChange> change;
    std::vector<std::string> partners;
    std::uint64_t revision = 0;
    {
        const std::lock_guard lock(mutex);
        std::variant<plan::PlanChange, Reply> read;
        try {
            read = change_of(request, actor, plan, credentials, now());
        } catch (const protocol::ProtocolError& e) {
            return bad_request(e);
        }
        if (Reply* reply = std::get_if<Reply>(&read)) return std::move(*reply);
        change = std::move(std::get<plan::PlanChange>(read));
        try {
            auto concerned = plan::partners_concerned(plan, *change);
            if (const auto* error = std::get_if<plan::PlanError>(&concerned))
                return plan_error_reply(*error);
            partners = std::move(std::get<std::vector<std::string>>(concerned));
        } catch (const std::exception&) {
            return could_not_take_back();
        }
        revision = plan.revision();
    }
    // A few partners per hold of the lock: a change that concerns every partner (the
    // retention of finished steps) must not stall the terminals' requests meanwhile.
    std::vector<plan::PartnerDifference> differences;
    const std::span<const std::string> all(partners);
    for (std::size_t from = 0; from < all.size(); from += kPreviewPartnersPerLock) {
        const auto some = all.subspan(from, std::min(kPreviewPartnersPerLock, all.size() - from));
        const std::lock_guard lock(mutex);
        if (plan.revision() != revision) return PlanMoved{};
        try {
            auto result = plan::preview_change(plan, *change, now(), some);
            if (const auto* error = std::get_if<plan::PlanError>(&result))
                return plan_error_reply(*error);
            for (auto& difference : std::get<std::vector<plan::PartnerDifference>>(result))
                differences.push_back(std::move(difference));
        } catch (const std::exception&) {
            return could_not_take_back();
        }
        revision = plan.revision();
    }
    return differences;
}

Reply PlanService::preview(std::string_view bearer, std::string_view body,
                           const RoleOfCall& role_of_call) {
    const auto caller = impl_->authorize(bearer, Role::planner);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    protocol::PreviewRequest request;
    try {
        request = protocol::decode_preview_request(body);
    } catch (const protocol::ProtocolError& e) {
        return bad_request(e);
    }
    // Previewing a change needs the role the change itself needs.
    const Actor& actor = actor_of(caller);
    const std::optional<Role> needed = role_of_call(request.method, request.path);
    if (!needed) {
        return cannot_preview(request, "not a call of the admin API");
    }
    if (actor.role < *needed) {
        return error_reply(403, "forbidden",
                           "previewing " + request.method + " " + request.path +
                               " needs the role " + std::string(name_of(*needed)) +
                               ", as the "
                               "call itself; '" +
                               actor.name + "' has the role " + std::string(name_of(actor.role)));
    }
    // The plan rarely changes during a preview; when it does, the preview starts again.
    constexpr int kPasses = 3;
    for (int pass = 0; pass < kPasses; ++pass) {
        auto result = impl_->preview_pass(request, actor);
        if (Reply* reply = std::get_if<Reply>(&result)) return std::move(*reply);
        if (auto* done = std::get_if<std::vector<plan::PartnerDifference>>(&result))
            return json_reply(200, protocol::encode_preview(*done));
    }
    Reply busy =
        error_reply(503, "unavailable", "the plan kept changing during the preview; try again");
    busy.headers.emplace_back("Retry-After", "1");
    return busy;
}

}  // namespace pt::server
