#include "sync/plan/preview.h"

#include <algorithm>
#include <array>
#include <functional>
#include <stdexcept>

#include "sync/plan/access.h"
#include "sync/plan/view.h"

namespace pt::plan {
namespace {

template <typename... Cases>
struct Overloaded : Cases... {
    using Cases::operator()...;
};
// Spelled out: clang before 17 deduces no aggregate's template arguments.
template <typename... Cases>
Overloaded(Cases...) -> Overloaded<Cases...>;

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

/// What a partner sees as handles, each list sorted: orders, work steps, processes.
using HandleSets = std::array<std::vector<Handle>, 3>;

HandleSets visible_handle_sets(const Plan& plan, std::string_view partner_id, Timestamp now) {
    const auto access = compute_access(plan, partner_id, now);
    if (!access) return {};
    VisibleHandles visible = visible_handles(plan, *access);
    HandleSets sets{std::move(visible.orders), std::move(visible.work_steps),
                    std::move(visible.processes)};
    for (auto& set : sets)
        std::sort(set.begin(), set.end());
    return sets;
}

/// A removal gives the last object of its kind the removed one's handle: while the change is
/// made, that handle means the moved object, whose handle before the change is `last`.
struct MovedHandle {
    std::size_t collection = 0;  ///< index into HandleSets
    Handle removed = 0;
    Handle last = 0;
};

std::optional<MovedHandle> moved_by(const Plan& plan, const PlanChange& change) {
    const auto* remove = std::get_if<RemoveObject>(&change);
    if (remove == nullptr) return std::nullopt;
    const auto moved = [](std::size_t collection, std::optional<Handle> h,
                          std::size_t count) -> std::optional<MovedHandle> {
        if (!h || *h + 1 == count) return std::nullopt;
        return MovedHandle{collection, *h, static_cast<Handle>(count - 1)};
    };
    switch (remove->kind) {
        case ObjectKind::order:
            return moved(0, plan.order_handle(remove->id), plan.order_count());
        case ObjectKind::work_step:
            return moved(1, plan.work_step_handle(remove->id), plan.work_step_count());
        case ObjectKind::process:
            return moved(2, plan.process_handle(remove->id), plan.process_count());
        case ObjectKind::partner:
        case ObjectKind::resource:
            break;  // no view lists them
    }
    return std::nullopt;
}

std::vector<Handle> only_in(const std::vector<Handle>& a, const std::vector<Handle>& b) {
    std::vector<Handle> out;
    std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
    return out;
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

namespace {

/// Makes the change, runs `with_change()`, and takes the change back, whatever happens; a
/// refused change is returned untouched.
template <typename WithChange>
std::optional<PlanError> while_changed(Plan& plan, const PlanChange& change,
                                       WithChange with_change) {
    const Undo undo = undo_of(plan, change);
    if (auto error = apply_change(plan, change)) return error;
    if (!undo) throw std::logic_error("the preview made a change it cannot take back");
    try {
        with_change();
    } catch (...) {
        // The first failure is the one to report; an undo that fails as well leaves the plan
        // unlike its source, which the caller rebuilds it from (preview.h).
        try {
            (void)undo(plan);
        } catch (...) {
        }
        throw;
    }
    if (auto error = undo(plan)) {
        throw std::logic_error("the preview could not take its change back: " + error->message);
    }
    return std::nullopt;
}

}  // namespace

std::variant<std::vector<std::string>, PlanError> partners_concerned(Plan& plan,
                                                                     const PlanChange& change) {
    const Subject subject = subject_of(change);
    if (const auto* settings = std::get_if<ReplaceSettings>(&change);
        settings != nullptr &&
        settings->settings.finished_retention_days == plan.settings().finished_retention_days) {
        // Columns and reasons decide no object a partner sees, and the default inheritance
        // applies to orders made later (R4): only the retention (R14) moves views. Checked all
        // the same, to refuse what the call would refuse.
        if (auto error = while_changed(plan, change, [] {})) return *error;
        return std::vector<std::string>{};
    }
    std::vector<std::string> partners = concerned_partners(plan, subject);
    if (auto error = while_changed(plan, change, [&] {
            for (std::string& id : concerned_partners(plan, subject))
                partners.push_back(std::move(id));
        })) {
        return *error;
    }
    std::sort(partners.begin(), partners.end());
    partners.erase(std::unique(partners.begin(), partners.end()), partners.end());
    return partners;
}

std::variant<std::vector<PartnerDifference>, PlanError> preview_change(
    Plan& plan, const PlanChange& change, Timestamp now, std::span<const std::string> partners) {
    const Subject subject = subject_of(change);
    const std::optional<MovedHandle> moved = moved_by(plan, change);
    const std::array<std::size_t, 3> counts{plan.order_count(), plan.work_step_count(),
                                            plan.process_count()};

    // With the change made: what each partner sees, in handles as they were before it (the one
    // a removal moved goes back to its old handle).
    std::vector<HandleSets> after;
    if (auto error = while_changed(plan, change, [&] {
            for (const std::string& id : partners) {
                HandleSets sets = visible_handle_sets(plan, id, now);
                if (moved) {
                    auto& set = sets[moved->collection];
                    std::replace(set.begin(), set.end(), moved->removed, moved->last);
                    std::sort(set.begin(), set.end());
                }
                after.push_back(std::move(sets));
            }
        })) {
        return *error;
    }

    // Back as it was: the differences, named. A handle past the old end is the added object.
    const auto names = [&](std::size_t collection, const std::vector<Handle>& handles) {
        std::vector<std::string> ids;
        ids.reserve(handles.size());
        for (Handle h : handles) {
            if (h >= counts[collection]) {
                ids.push_back(subject.id);
            } else if (collection == 0) {
                ids.push_back(plan.order_at(h).id);
            } else if (collection == 1) {
                ids.push_back(plan.work_step_at(h).id);
            } else {
                ids.push_back(plan.process_at(h).id);
            }
        }
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    std::vector<PartnerDifference> differences;
    for (std::size_t i = 0; i < partners.size(); ++i) {
        const HandleSets before = visible_handle_sets(plan, partners[i], now);
        PartnerDifference changed{partners[i], {}, {}};
        std::array<std::vector<std::string>*, 3> gains{
            &changed.gains.orders, &changed.gains.work_steps, &changed.gains.processes};
        std::array<std::vector<std::string>*, 3> loses{
            &changed.loses.orders, &changed.loses.work_steps, &changed.loses.processes};
        for (std::size_t c = 0; c < 3; ++c) {
            *gains[c] = names(c, only_in(after[i][c], before[c]));
            *loses[c] = names(c, only_in(before[c], after[i][c]));
        }
        if (!changed.gains.empty() || !changed.loses.empty())
            differences.push_back(std::move(changed));
    }
    return differences;
}

std::variant<std::vector<PartnerDifference>, PlanError> preview_change(Plan& plan,
                                                                       const PlanChange& change,
                                                                       Timestamp now) {
    auto partners = partners_concerned(plan, change);
    if (const auto* error = std::get_if<PlanError>(&partners)) return *error;
    return preview_change(plan, change, now, std::get<std::vector<std::string>>(partners));
}

}  // namespace pt::plan
