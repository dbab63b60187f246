#include "sync/plan/preview.h"

#include <algorithm>
#include <functional>
#include <map>
#include <stdexcept>

#include "sync/plan/access.h"
#include "sync/plan/view.h"

namespace pt::plan {
namespace {

template <typename... Cases>
struct Overloaded : Cases... {
    using Cases::operator()...;
};

constexpr ObjectKind kind_of(const Partner& /*unused*/) {
    return ObjectKind::partner;
}
constexpr ObjectKind kind_of(const Resource& /*unused*/) {
    return ObjectKind::resource;
}
constexpr ObjectKind kind_of(const Order& /*unused*/) {
    return ObjectKind::order;
}
constexpr ObjectKind kind_of(const WorkStep& /*unused*/) {
    return ObjectKind::work_step;
}
constexpr ObjectKind kind_of(const Process& /*unused*/) {
    return ObjectKind::process;
}

/// The object a change is about; no kind for the settings, which concern every partner.
struct Subject {
    std::optional<ObjectKind> kind;
    std::string id;
};

Subject subject_of(const PlanChange& change) {
    const auto of_object = [](const auto& object) { return Subject{kind_of(object), object.id}; };
    return std::visit(
        Overloaded{
            [&](const AddObject& add) { return std::visit(of_object, add.object); },
            [&](const ReplaceObject& replace) { return std::visit(of_object, replace.object); },
            [](const ChangeOrder& order) {
                return Subject{ObjectKind::order, order.id};
            },
            [](const RemoveObject& remove) {
                return Subject{remove.kind, remove.id};
            },
            [](const ReplaceSettings& /*unused*/) { return Subject{}; },
        },
        change);
}

/// The ids of the partners whose view a change of `subject` can alter, read from the plan as it
/// is now (the preview asks before and after the change).
std::vector<std::string> concerned_partners(const Plan& plan, const Subject& subject) {
    std::vector<Handle> partners;
    if (!subject.kind) {
        for (Handle h = 0; h < plan.partner_count(); ++h)
            partners.push_back(h);
    } else {
        const std::string_view id = subject.id;
        const auto depending = [&](std::vector<Handle> resources, std::vector<Handle> orders) {
            return partners_depending_on(plan, resources, orders);
        };
        switch (*subject.kind) {
            case ObjectKind::partner:
                if (const auto h = plan.partner_handle(id)) partners = {*h};
                break;
            case ObjectKind::resource:
                if (const auto h = plan.resource_handle(id)) partners = depending({*h}, {});
                break;
            case ObjectKind::order:
                if (const auto h = plan.order_handle(id)) partners = depending({}, {*h});
                break;
            case ObjectKind::work_step:
                if (const auto h = plan.work_step_handle(id)) {
                    partners = depending({plan.resource_of(*h)}, {plan.order_of_work_step(*h)});
                }
                break;
            case ObjectKind::process:
                if (const auto h = plan.process_handle(id))
                    partners = depending({}, {plan.order_of_process(*h)});
                break;
        }
    }
    std::vector<std::string> ids;
    ids.reserve(partners.size());
    for (Handle h : partners)
        ids.push_back(plan.partner_at(h).id);
    return ids;
}

using Undo = std::function<std::optional<PlanError>(Plan&)>;

/// Takes a removal back, object and handle as they are before it.
Undo undo_removal(const Plan& plan, const RemoveObject& remove) {
    const std::string_view id = remove.id;
    switch (remove.kind) {
        case ObjectKind::partner:
            if (const auto h = plan.partner_handle(id)) {
                return [h = *h, partner = plan.partner_at(*h), mentions = plan.mentions_of(*h)](
                           Plan& p) { return p.restore_partner(partner, h, mentions); };
            }
            break;
        case ObjectKind::resource:
            if (const auto h = plan.resource_handle(id)) {
                return [h = *h, resource = plan.resource_at(*h)](Plan& p) {
                    return p.restore_resource(resource, h);
                };
            }
            break;
        case ObjectKind::order:
            if (const auto h = plan.order_handle(id)) {
                return [h = *h, order = plan.order_at(*h)](Plan& p) {
                    return p.restore_order(order, h);
                };
            }
            break;
        case ObjectKind::work_step:
            if (const auto h = plan.work_step_handle(id)) {
                return [h = *h, step = plan.work_step_at(*h)](Plan& p) {
                    return p.restore_work_step(step, h);
                };
            }
            break;
        case ObjectKind::process:
            if (const auto h = plan.process_handle(id)) {
                return [h = *h, process = plan.process_at(*h)](Plan& p) {
                    return p.restore_process(process, h);
                };
            }
            break;
    }
    return {};
}

/// What takes `change` back, read from the plan before it is made; empty when the change's
/// object does not exist (the change is then refused and there is nothing to undo).
Undo undo_of(const Plan& plan, const PlanChange& change) {
    const auto inverse = [](PlanChange back) -> Undo {
        return [back = std::move(back)](Plan& p) { return apply_change(p, back); };
    };
    return std::visit(
        Overloaded{
            [&](const AddObject& /*unused*/) {
                const Subject subject = subject_of(change);
                return inverse(RemoveObject{*subject.kind, subject.id});
            },
            [&](const ReplaceObject& replace) {
                return std::visit(Overloaded{
                                      [&](const Partner& p) -> Undo {
                                          const Partner* old = plan.find_partner(p.id);
                                          return old ? inverse(ReplaceObject{*old}) : Undo{};
                                      },
                                      [&](const Resource& r) -> Undo {
                                          const Resource* old = plan.find_resource(r.id);
                                          return old ? inverse(ReplaceObject{*old}) : Undo{};
                                      },
                                      [&](const WorkStep& w) -> Undo {
                                          const WorkStep* old = plan.find_work_step(w.id);
                                          return old ? inverse(ReplaceObject{*old}) : Undo{};
                                      },
                                      [&](const Process& q) -> Undo {
                                          const Process* old = plan.find_process(q.id);
                                          return old ? inverse(ReplaceObject{*old}) : Undo{};
                                      },
                                  },
                                  replace.object);
            },
            [&](const ChangeOrder& order) -> Undo {
                const Order* old = plan.find_order(order.id);
                return old ? inverse(ChangeOrder{old->id, change_back_to(*old)}) : Undo{};
            },
            [&](const RemoveObject& remove) { return undo_removal(plan, remove); },
            [&](const ReplaceSettings& /*unused*/) {
                return inverse(ReplaceSettings{plan.settings()});
            },
        },
        change);
}

std::vector<std::string> only_in(const std::vector<std::string>& a,
                                 const std::vector<std::string>& b) {
    std::vector<std::string> out;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
}

VisibleIds difference(const VisibleIds& a, const VisibleIds& b) {
    return VisibleIds{only_in(a.orders, b.orders), only_in(a.work_steps, b.work_steps),
                      only_in(a.processes, b.processes)};
}

}  // namespace

std::optional<PlanError> apply_change(Plan& plan, const PlanChange& change) {
    return std::visit(
        Overloaded{
            [&](const AddObject& add) {
                return std::visit(Overloaded{
                                      [&](const Partner& p) { return plan.add_partner(p); },
                                      [&](const Resource& r) { return plan.add_resource(r); },
                                      [&](const Order& o) { return plan.add_order(o); },
                                      [&](const WorkStep& w) { return plan.add_work_step(w); },
                                      [&](const Process& q) { return plan.add_process(q); },
                                  },
                                  add.object);
            },
            [&](const ReplaceObject& replace) {
                return std::visit(Overloaded{
                                      [&](const Partner& p) { return plan.update_partner(p); },
                                      [&](const Resource& r) { return plan.update_resource(r); },
                                      [&](const WorkStep& w) { return plan.update_work_step(w); },
                                      [&](const Process& q) { return plan.update_process(q); },
                                  },
                                  replace.object);
            },
            [&](const ChangeOrder& order) { return plan.change_order(order.id, order.change); },
            [&](const RemoveObject& remove) {
                switch (remove.kind) {
                    case ObjectKind::partner:
                        return plan.remove_partner(remove.id);
                    case ObjectKind::resource:
                        return plan.remove_resource(remove.id);
                    case ObjectKind::order:
                        return plan.remove_order(remove.id);
                    case ObjectKind::work_step:
                        return plan.remove_work_step(remove.id);
                    case ObjectKind::process:
                        return plan.remove_process(remove.id);
                }
                return std::optional<PlanError>{};
            },
            [&](const ReplaceSettings& settings) {
                return plan.update_settings(settings.settings);
            },
        },
        change);
}

VisibleIds visible_ids(const Plan& plan, std::string_view partner_id, Timestamp now) {
    const auto access = compute_access(plan, partner_id, now);
    if (!access) return {};
    const VisibleHandles visible = visible_handles(plan, *access);
    VisibleIds ids;
    const auto collect = [](const std::vector<Handle>& handles, std::vector<std::string>& into,
                            const auto& id_of) {
        into.reserve(handles.size());
        for (Handle h : handles)
            into.push_back(id_of(h));
        std::sort(into.begin(), into.end());
    };
    collect(visible.orders, ids.orders, [&](Handle h) { return plan.order_at(h).id; });
    collect(visible.work_steps, ids.work_steps, [&](Handle h) { return plan.work_step_at(h).id; });
    collect(visible.processes, ids.processes, [&](Handle h) { return plan.process_at(h).id; });
    return ids;
}

std::variant<std::vector<PartnerDifference>, PlanError> preview_change(Plan& plan,
                                                                       const PlanChange& change,
                                                                       Timestamp now) {
    const Subject subject = subject_of(change);
    const Undo undo = undo_of(plan, change);
    std::vector<std::string> partners = concerned_partners(plan, subject);
    if (auto error = apply_change(plan, change)) return *error;
    if (!undo) throw std::logic_error("the preview made a change it cannot take back");

    std::map<std::string, VisibleIds, std::less<>> after;
    try {
        for (std::string& id : concerned_partners(plan, subject))
            partners.push_back(std::move(id));
        std::sort(partners.begin(), partners.end());
        partners.erase(std::unique(partners.begin(), partners.end()), partners.end());
        for (const std::string& id : partners)
            after.emplace(id, visible_ids(plan, id, now));
    } catch (...) {
        (void)undo(plan);
        throw;
    }
    if (auto error = undo(plan)) {
        throw std::logic_error("the preview could not take its change back: " + error->message);
    }

    std::vector<PartnerDifference> differences;
    for (const std::string& id : partners) {
        const VisibleIds before = visible_ids(plan, id, now);
        PartnerDifference changed{id, difference(after[id], before), difference(before, after[id])};
        if (!changed.gains.empty() || !changed.loses.empty())
            differences.push_back(std::move(changed));
    }
    return differences;
}

}  // namespace pt::plan
