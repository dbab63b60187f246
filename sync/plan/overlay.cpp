#include "sync/plan/overlay.h"

#include <algorithm>

namespace pt::plan {
namespace {

// The view's lists are sorted by id (view.h), so targets are found by binary search.
template <typename T>
T* find_by_id(std::vector<T>& list, const std::string& id) {
    const auto it =
        std::lower_bound(list.begin(), list.end(), id,
                         [](const T& item, const std::string& key) { return item.id < key; });
    return it != list.end() && it->id == id ? &*it : nullptr;
}

// A pending event applies only where the cached state allows it; an accepted one is a fact the
// server decided on its own state, which a pull has not brought yet, so it always applies.
/// The operators on the step after `event` (product.md §8), by name as the view shows them.
void move_operators(std::vector<std::string>& operators, EventType type, const std::string& name) {
    switch (type) {
        case EventType::work_step_started:
            operators = {name};
            break;
        case EventType::work_step_joined:
            // A pending join of one already on the step was not laid on (apply_to_view_step); an
            // accepted one is a namesake's.
            operators.push_back(name);
            break;
        case EventType::work_step_left:
            // The first of that name only: two operators may share one.
            if (const auto it = std::find(operators.begin(), operators.end(), name);
                it != operators.end())
                operators.erase(it);
            break;
        case EventType::work_step_finished:
            operators.clear();
            break;
        default:
            break;
    }
}

bool apply_to_view_step(ViewWorkStep& step, const Event& event, Answer answer,
                        const std::string& operator_name) {
    if (answer == Answer::pending) {
        if (!transition_allowed(event.type, step.status)) return false;
        const bool on_step = std::find(step.operators.begin(), step.operators.end(),
                                       operator_name) != step.operators.end();
        if (refused_membership(event.type, on_step)) return false;
    }
    step.status = status_after(event.type, step.status);
    move_operators(step.operators, event.type, operator_name);
    if (books_quantities(event.type)) {
        if (step.quantity_good) *step.quantity_good += event.data.good;
        if (step.quantity_scrap) *step.quantity_scrap += event.data.scrap;
    }
    return true;
}

/// A note shows on its step at once, under the event's id, which the server's note keeps: the
/// pull that brings it replaces this one.
void add_note(PartnerView& view, const Event& event, const std::string& operator_name) {
    auto& notes = view.step_notes;
    const auto it = std::lower_bound(
        notes.begin(), notes.end(), event.id,
        [](const ViewStepNote& note, const std::string& key) { return note.id < key; });
    if (it != notes.end() && it->id == event.id) return;  // the cache has it already
    notes.insert(it, ViewStepNote{event.id, event.target_id, operator_name, event.occurred_at,
                                  event.data.text});
}

bool apply_to_view_process(ViewProcess& process, const Event& event, Answer answer) {
    if (!event.data.process_status) return false;
    if (answer == Answer::pending &&
        !transition_allowed(process.status, *event.data.process_status)) {
        return false;
    }
    process.status = *event.data.process_status;
    return true;
}

}  // namespace

void overlay_one(OptimisticView& result, const Event& event, Answer answer,
                 std::string_view operator_name) {
    const bool pending = answer == Answer::pending;
    const std::string name(operator_name.empty() ? event.operator_id : operator_name);
    bool applied = false;
    if (event.type == EventType::process_feedback) {
        if (ViewProcess* process = find_by_id(result.view.processes, event.target_id)) {
            applied = apply_to_view_process(*process, event, answer);
            if (applied && pending) result.unconfirmed_processes.insert(event.target_id);
        }
    } else if (ViewWorkStep* step = find_by_id(result.view.work_steps, event.target_id)) {
        applied = apply_to_view_step(*step, event, answer, name);
        const bool note = event.type == EventType::work_step_note;
        if (applied && note) add_note(result.view, event, name);
        if (applied && pending) {
            if (note) {
                result.unconfirmed_notes.insert(event.id);
            } else {
                result.unconfirmed_work_steps.insert(event.target_id);
            }
        }
    }
    // A pending event the cached state does not allow is the server's to decide.
    if (!applied && pending) result.inapplicable_event_ids.push_back(event.id);
}

OptimisticView overlay_pending(PartnerView cached, std::span<const Event> pending) {
    OptimisticView result;
    result.view = std::move(cached);
    for (const Event& event : pending)
        overlay_one(result, event);
    return result;
}

}  // namespace pt::plan
