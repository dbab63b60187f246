#include "sync/plan/step_notes.h"

#include <algorithm>

#include "sync/plan/access.h"

namespace pt::plan {
namespace {

bool older(const ViewStepNote& a, const ViewStepNote& b) {
    return a.at != b.at ? a.at < b.at : a.id < b.id;
}

}  // namespace

void StepNoteLog::add(ViewStepNote note) {
    std::vector<ViewStepNote>& notes = by_step_[note.work_step_id];
    notes.push_back(std::move(note));
    ++count_;
    if (notes.size() > kMaxNotesPerStep) {
        // Only the newest kMaxNotesPerStep of a step are ever shown: memory holds no more, however
        // many a terminal writes (the event log keeps them all).
        notes.erase(std::min_element(notes.begin(), notes.end(), older));
        --count_;
    }
}

void StepNoteLog::forget_before(Timestamp cutoff) {
    for (auto it = by_step_.begin(); it != by_step_.end();) {
        count_ -= std::erase_if(it->second, [&](const ViewStepNote& n) { return n.at < cutoff; });
        it = it->second.empty() ? by_step_.erase(it) : std::next(it);
    }
}

std::span<const ViewStepNote> StepNoteLog::on_step(std::string_view work_step_id) const {
    const auto it = by_step_.find(std::string(work_step_id));
    if (it == by_step_.end()) return {};
    return it->second;
}

std::vector<ViewStepNote> visible_step_notes(const Plan& plan, const PartnerAccess& access,
                                             std::span<const Handle> visible_steps,
                                             const StepNoteLog& log, Timestamp now) {
    const Timestamp cutoff = now - kStepNoteDays;
    std::vector<ViewStepNote> notes;
    if (log.size() == 0) return notes;
    for (Handle step : visible_steps) {
        if (!access.own_resources.contains(plan.resource_of(step))) continue;  // not its own
        // The log holds at most the newest kMaxNotesPerStep of a step (StepNoteLog::add).
        for (const ViewStepNote& note : log.on_step(plan.work_step_at(step).id)) {
            if (note.at >= cutoff) notes.push_back(note);
        }
    }
    std::size_t bytes = 0;
    for (const ViewStepNote& note : notes)
        bytes += note.text.size();
    if (bytes > kMaxStepNoteBytesPerView) {
        // Newest first, as many as the budget holds.
        std::sort(notes.begin(), notes.end(),
                  [](const ViewStepNote& a, const ViewStepNote& b) { return older(b, a); });
        std::size_t kept = 0;
        bytes = 0;
        while (kept < notes.size() && bytes + notes[kept].text.size() <= kMaxStepNoteBytesPerView)
            bytes += notes[kept++].text.size();
        notes.resize(kept);
    }
    std::sort(notes.begin(), notes.end(),
              [](const ViewStepNote& a, const ViewStepNote& b) { return a.id < b.id; });
    return notes;
}

}  // namespace pt::plan
