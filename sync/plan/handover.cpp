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

/// The ids of each step's notes in the view.
std::unordered_map<std::string_view, std::vector<std::string>> notes_by_step(
    const PartnerView& view) {
    std::unordered_map<std::string_view, std::vector<std::string>> ids;
    for (const ViewStepNote& note : view.step_notes)
        ids[note.work_step_id].push_back(note.id);
    return ids;
}

}  // namespace

std::vector<ChangedStep> changes_since(const PartnerView& view, std::span<const StepMemory> memory,
                                       std::string_view operator_name) {
    std::unordered_map<std::string_view, const StepMemory*> remembered;
    remembered.reserve(memory.size());
    for (const StepMemory& m : memory)
        remembered.emplace(m.work_step_id, &m);
    std::unordered_map<std::string_view, std::size_t> new_notes;
    for (const ViewStepNote& note : view.step_notes) {
        if (note.operator_name == operator_name) continue;
        const auto m = remembered.find(note.work_step_id);
        if (m != remembered.end()) {
            const auto& seen = m->second->seen_notes;
            if (std::find(seen.begin(), seen.end(), note.id) != seen.end()) continue;
        }
        ++new_notes[note.work_step_id];
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
        if (const auto n = new_notes.find(step.id); n != new_notes.end()) {
            c.new_notes = n->second;
            c.changes.insert(StepChange::notes);
        }
        if (!c.changes.empty()) changed.push_back(std::move(c));
    }
    return changed;
}

std::vector<StepMemory> remember(const PartnerView& view, std::span<const StepMemory> previous,
                                 const std::unordered_set<std::string>& unopened) {
    std::unordered_map<std::string_view, const StepMemory*> remembered;
    for (const StepMemory& m : previous)
        remembered.emplace(m.work_step_id, &m);
    const auto own = own_resources(view);
    auto notes = notes_by_step(view);
    std::vector<StepMemory> memory;
    for (const ViewWorkStep& step : view.work_steps) {
        if (!own.contains(step.resource_id)) continue;
        if (unopened.contains(step.id)) {
            const auto m = remembered.find(step.id);
            if (m == remembered.end()) continue;  // still new next time
            memory.push_back(*m->second);
            continue;
        }
        auto seen = notes.find(step.id);
        memory.push_back(
            {step.id, step.resource_id, step.planned_start, step.planned_end, step.quantity,
             step.status,
             seen == notes.end() ? std::vector<std::string>{} : std::move(seen->second)});
    }
    return memory;
}

}  // namespace pt::plan
