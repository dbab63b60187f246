// The notes of one work step on its detail screen (product.md §8): the list, newest first with
// author and time, and the entry of a new one on the on-screen keyboard, a physical keyboard or
// a scanner (its text goes into the note while the entry is open).
#pragma once

#include <string>
#include <vector>

#include "ui/frame_context.h"
#include "ui/screens/screen_common.h"
#include "ui/widgets.h"

namespace pt::ui {

class StepNotes {
public:
    /// Collects the step's notes from the model's view (call when the view changed).
    void refresh(const FrameContext& ctx, const std::string& work_step_id);
    /// One row under the step's header: the newest note, and "Add note" when `can_add`; true
    /// when that was tapped.
    bool draw_strip(FrameContext& ctx, bool can_add);
    /// Every note, newest first with author and time, under the step's facts.
    void draw_list(FrameContext& ctx);
    /// The entry of a new note for `work_step_id`, titled `title`; true when it closed (saved or
    /// cancelled).
    bool draw_entry(FrameContext& ctx, const std::string& work_step_id, const std::string& title);
    /// Opens the entry: scans become its text from now on.
    void open_entry(FrameContext& ctx);
    /// Closes the entry (if open) and drops its text.
    void close_entry(FrameContext& ctx);
    [[nodiscard]] bool entry_open() const { return entry_open_; }
    [[nodiscard]] bool empty() const { return notes_.empty(); }
    /// Forgets everything (a new session).
    void reset();

private:
    struct Shown {
        std::string heading;  ///< author · day and time (· not yet sent)
        std::string text;
        bool unconfirmed = false;
    };
    std::vector<Shown> notes_;
    bool entry_open_ = false;
    TextEntry entry_{.max_length = 2000};
    std::string title_;        ///< "Notes (3)"
    std::string newest_line_;  ///< "Note: Übergabe … (Jonas Weber · Sun 06.12. 17:43)"
};

}  // namespace pt::ui
