#include "ui/screens/step_notes.h"

#include <imgui.h>

#include <algorithm>

#include "ui/format.h"

namespace pt::ui {

void StepNotes::refresh(const FrameContext& ctx, const std::string& work_step_id) {
    notes_.clear();
    newest_line_.clear();
    title_ = format_text(ctx.tr("notes.title"), {"0"});
    const UiModel& m = ctx.model;
    if (m.view == nullptr) return;
    std::vector<const plan::ViewStepNote*> mine;
    for (const plan::ViewStepNote& note : m.view->view.step_notes) {
        if (note.work_step_id == work_step_id) mine.push_back(&note);
    }
    // Newest first; notes of one second in the order of their ids (stable between frames).
    std::sort(mine.begin(), mine.end(),
              [](const plan::ViewStepNote* a, const plan::ViewStepNote* b) {
                  return a->at != b->at ? a->at > b->at : a->id > b->id;
              });
    for (const plan::ViewStepNote* note : mine) {
        Shown shown;
        shown.unconfirmed = m.view->unconfirmed_notes.contains(note->id);
        shown.heading = note->operator_name + kSeparator + day_time(TimePoint{note->at}, ctx.tr);
        if (shown.unconfirmed) shown.heading += kSeparator + std::string(ctx.tr("notes.unsent"));
        shown.text = note->text;
        notes_.push_back(std::move(shown));
    }
    title_ = format_text(ctx.tr("notes.title"), {std::to_string(notes_.size())});
    if (!notes_.empty()) {
        std::string text = notes_.front().text;
        std::replace(text.begin(), text.end(), '\n', ' ');
        newest_line_ = format_text(ctx.tr("notes.newest"), {text, notes_.front().heading});
    }
}

bool StepNotes::draw_strip(FrameContext& ctx, bool can_add) {
    const float target = ctx.metrics.target;
    const float avail_w = ImGui::GetContentRegionAvail().x;
    const ImVec2 at = ImGui::GetCursorScreenPos();
    float add_w = 0;
    bool add = false;
    if (can_add) {
        const char* label = ctx.tr("notes.add");
        add_w = std::max(target * 3.0f,
                         ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2);
        ImGui::SetCursorScreenPos({at.x + avail_w - add_w, at.y});
        add = touch_button(ctx, "notes.add", label, {add_w, target});
    }
    const bool none = newest_line_.empty();
    text_ellipsis(ImGui::GetWindowDrawList(),
                  {at.x, at.y + (target - ImGui::GetTextLineHeight()) * 0.5f},
                  at.x + avail_w - add_w - ctx.metrics.pad,
                  none ? std::string_view(ctx.tr("notes.none")) : std::string_view(newest_line_),
                  ImGui::GetColorU32(none ? colors::text_dim() : colors::text()));
    ImGui::SetCursorScreenPos({at.x, at.y + target + ImGui::GetStyle().ItemSpacing.y});
    return add;
}

void StepNotes::draw_list(FrameContext& ctx) {
    if (notes_.empty()) return;
    ImGui::Dummy({0, ctx.metrics.pad * 0.5f});
    ImGui::PushFont(ctx.fonts.large);
    ImGui::TextUnformatted(title_.c_str());
    ImGui::PopFont();
    for (const Shown& note : notes_) {
        colored_text(note.unconfirmed ? colors::warn() : colors::text_dim(), note.heading);
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(note.text.c_str());
        ImGui::PopTextWrapPos();
        ImGui::Dummy({0, ctx.metrics.pad * 0.25f});
    }
}

void StepNotes::open_entry(FrameContext& ctx) {
    entry_open_ = true;
    entry_.reset();
    ctx.emit(app::intent::CaptureScans{true});
}

void StepNotes::close_entry(FrameContext& ctx) {
    if (entry_open_) ctx.emit(app::intent::CaptureScans{false});
    entry_open_ = false;
    entry_.reset();
}

void StepNotes::reset() {
    notes_.clear();
    entry_open_ = false;
    entry_.reset();
}

bool StepNotes::draw_entry(FrameContext& ctx, const std::string& work_step_id,
                           const std::string& title) {
    const UiModel& m = ctx.model;
    feed_typed(entry_, m.typed_text);
    if (!m.scanned_text.empty()) {
        // A scanner's text goes in where the text stands, as typed.
        const std::string joined =
            (entry_.text.empty() || entry_.text.back() == ' ' ? "" : " ") + m.scanned_text;
        if (entry_.text.size() + joined.size() <= entry_.max_length) entry_.text += joined;
    }
    const bool has_text = entry_.text.find_first_not_of(' ') != std::string::npos;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float target = ctx.metrics.target;
    const float avail_w = ImGui::GetContentRegionAvail().x;

    // Row 1: title, Cancel, Save.
    const char* cancel = ctx.tr("common.cancel");
    const char* save = ctx.tr("notes.save");
    const float cancel_w =
        std::max(target * 2.2f, ImGui::CalcTextSize(cancel).x + style.FramePadding.x * 2);
    const float save_w =
        std::max(target * 2.5f, ImGui::CalcTextSize(save).x + style.FramePadding.x * 2);
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::PushFont(ctx.fonts.large);
    text_ellipsis(ImGui::GetWindowDrawList(),
                  {at.x, at.y + (target - ImGui::GetTextLineHeight()) * 0.5f},
                  at.x + avail_w - cancel_w - save_w - style.ItemSpacing.x - ctx.metrics.pad, title,
                  ImGui::GetColorU32(colors::text()));
    ImGui::PopFont();
    ImGui::SetCursorScreenPos({at.x + avail_w - cancel_w - save_w - style.ItemSpacing.x, at.y});
    if (touch_button(ctx, "note.cancel", cancel, {cancel_w, target})) {
        close_entry(ctx);
        return true;
    }
    ImGui::SameLine();
    if (touch_button(ctx, "note.save", save, {save_w, target}, has_text, ButtonKind::primary) ||
        (m.typed_enter && has_text)) {
        ctx.emit(app::intent::AddNote{work_step_id, entry_.text});
        close_entry(ctx);
        return true;
    }

    // Row 2: the text so far (wrapped, with a caret), then the keyboard at the bottom.
    const float rows_h = target * 5 + style.ItemSpacing.y * 5;  // the keyboard's five rows
    const float text_h =
        std::max(target, ImGui::GetContentRegionAvail().y - rows_h - ctx.metrics.pad);
    ImGui::BeginChild("##note_text", {avail_w, text_h}, true);
    if (entry_.text.empty()) {
        colored_text(colors::text_dim(), ctx.tr("notes.hint"));
    } else {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::PushFont(ctx.fonts.large);
        const std::string shown = entry_.text + "_";
        ImGui::TextUnformatted(shown.c_str());
        ImGui::PopFont();
        ImGui::PopTextWrapPos();
        ImGui::SetScrollHereY(1.0f);  // the end of the text stays in sight
    }
    ImGui::EndChild();
    keyboard(ctx, "note.key", entry_, avail_w);
    return false;
}

}  // namespace pt::ui
