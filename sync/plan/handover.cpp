#include "sync/plan/handover.h"

#include <algorithm>
#include <unordered_map>

namespace pt::plan {
namespace {

std::unordered_set<std::string> own_resources(const PartnerView& view) {
    std::unordered_set<std::string> own;
    for (const ViewResource& resource : view.resources)
        if (resource.own) own.insert(resource.id);
    return own;
}

StepMemory memory_of(const ViewWorkStep& step, Timestamp notes_seen_through) {
    return {step.id,       step.resource_id, step.planned_start, step.planned_end,
            step.quantity, step.status,      notes_seen_through};
}

}  // namespace

std::vector<ChangedStep> changes_since(const PartnerView& view, std::span<const StepMemory> memory,
                                       std::string_view operator_name) {
    std::unordered_map<std::string_view, const StepMemory*> remembered;
    remembered.reserve(memory.size());
    for (const StepMemory& m : memory)
        remembered.emplace(m.work_step_id, &m);
    std::unordered_map<std::string_view, std::size_t> notes_by_step;
    for (const ViewStepNote& note : view.step_notes) {
        if (note.operator_name == operator_name) continue;
        const auto m = remembered.find(note.work_step_id);
        // A note of the logout's own second counts as new: better once too often than missed.
        if (m != remembered.end() && note.at < m->second->notes_seen_through) continue;
        ++notes_by_step[note.work_step_id];
    }
    const auto own = own_resources(view);
    std::vector<ChangedStep> changed;
    for (const ViewWorkStep& step : view.work_steps) {  // sorted by id
        if (!own.contains(step.resource_id)) continue;
        ChangedStep c{step.id, {}, 0};
        const auto m = remembered.find(step.id);
        if (m == remembered.end()) {
            c.changes.insert(StepChange::added);
        } else {
            const StepMemory& before = *m->second;
            if (before.resource_id != step.resource_id) c.changes.insert(StepChange::moved);
            if (before.planned_start != step.planned_start ||
                before.planned_end != step.planned_end)
                c.changes.insert(StepChange::re_timed);
            if (before.quantity != step.quantity) c.changes.insert(StepChange::quantity);
            if (before.status != step.status) {
                c.changes.insert(step.status == WorkStepStatus::finished ? StepChange::finished
                                                                         : StepChange::status);
            }
        }
        if (const auto n = notes_by_step.find(step.id); n != notes_by_step.end()) {
            c.new_notes = n->second;
            c.changes.insert(StepChange::notes);
        }
        if (!c.changes.empty()) changed.push_back(std::move(c));
    }
    return changed;
}

std::vector<StepMemory> remember(const PartnerView& view, std::span<const StepMemory> previous,
                                 const std::unordered_set<std::string>& unopened, Timestamp now) {
    std::unordered_map<std::string_view, const StepMemory*> remembered;
    for (const StepMemory& m : previous)
        remembered.emplace(m.work_step_id, &m);
    const auto own = own_resources(view);
    std::vector<StepMemory> memory;
    for (const ViewWorkStep& step : view.work_steps) {
        if (!own.contains(step.resource_id)) continue;
        if (unopened.contains(step.id)) {
            const auto m = remembered.find(step.id);
            if (m == remembered.end()) continue;  // still new next time
            memory.push_back(*m->second);
            continue;
        }
        memory.push_back(memory_of(step, now));
    }
    return memory;
}

}  // namespace pt::plan
