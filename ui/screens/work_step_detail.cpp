// The detail of one work step (product.md §3, §4): what it is, with the columns the
// administrator chose (R9), its state, a running clock while in progress, and the actions its
// state allows — Start; Pause with a reason; Resume; Report quantity and Finish on the numpad
// with a scrap reason when there is scrap. A work step the partner may only look at (R7) shows
// no actions. The effect of a tap shows at once, marked "not yet confirmed" (the overlay).
//
// [SECTION] Facts: the texts of the step, made once per view / language / step change.
// [SECTION] Overview: header, facts, action bar.
// [SECTION] Pause panel: the pause reasons of the session.
// [SECTION] Quantity panel: good and scrap on the numpad, the scrap reason, confirm.
// The notes of the step and their entry are step_notes.h's (product.md §8).
#include <imgui.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sync/plan/time_on_step.h"
#include "ui/format.h"
#include "ui/screens/screen_common.h"
#include "ui/screens/screens.h"
#include "ui/screens/step_notes.h"
#include "ui/widgets.h"

namespace pt::ui {
namespace {

using plan::WorkStepColumn;
using plan::WorkStepStatus;

enum class Panel : std::uint8_t { none, pause, quantity, finish, note };
enum class Field : std::uint8_t { good, scrap };

/// What the step's facts depend on.
struct FactsKey {
    const plan::OptimisticView* view = nullptr;
    std::uint64_t view_version = 0;
    const Translations* tr = nullptr;
    std::string work_step_id;
    std::int64_t minute = 0;
    bool operator==(const FactsKey&) const = default;
};

class WorkStepDetailScreen final : public ScreenView {
public:
    void draw(FrameContext& ctx) override {
        refresh(ctx);
        if (step_ == nullptr) {
            draw_back(ctx);
            empty_state(ctx, ctx.tr("detail.gone_title"), ctx.tr("detail.gone_text"));
            return;
        }
        if (panel_ != Panel::none && !panel_allowed(panel_)) {
            notes_.close_entry(ctx);
            close_panel();
        }
        switch (panel_) {
            case Panel::none:
                draw_overview(ctx);
                break;
            case Panel::pause:
                draw_pause_panel(ctx);
                break;
            case Panel::quantity:
            case Panel::finish:
                draw_quantity_panel(ctx);
                break;
            case Panel::note:
                if (notes_.draw_entry(ctx, step_->id, note_title_)) close_panel();
                break;
        }
    }

    void reset() override {
        close_panel();
        key_ = {};
        step_ = nullptr;
        facts_.clear();
        notes_.reset();
    }

    [[nodiscard]] bool animating(const UiModel& model) const override {
        return step_ != nullptr && model.screen == app::Screen::work_step_detail &&
               step_->status == WorkStepStatus::in_progress;
    }

private:
    // ---- [SECTION] Facts ---------------------------------------------------------------------

    void refresh(const FrameContext& ctx) {
        const UiModel& m = ctx.model;
        FactsKey key{m.view, m.view_version, &ctx.tr, m.work_step_id, minute_of(m.now)};
        if (key == key_) return;
        if (key.work_step_id != key_.work_step_id) close_panel();
        key_ = std::move(key);
        step_ = nullptr;
        facts_.clear();
        if (m.view == nullptr) return;
        for (const auto& w : m.view->view.work_steps) {
            if (w.id == m.work_step_id) {
                step_ = &w;
                break;
            }
        }
        if (step_ == nullptr) return;
        const plan::ViewWorkStep& w = *step_;
        const plan::WorkStepColumns columns =
            m.profile != nullptr ? m.profile->work_step_columns : plan::WorkStepColumns::all();
        const auto chosen = [&](WorkStepColumn c) { return columns.contains(c); };

        title_ = w.order_number && chosen(WorkStepColumn::order_number) ? *w.order_number : w.id;
        if (w.operation && chosen(WorkStepColumn::operation)) title_ += kSeparator + *w.operation;
        subtitle_ = w.id;
        if (w.seq && chosen(WorkStepColumn::seq))
            subtitle_ += kSeparator + format_text(ctx.tr("detail.seq"), {std::to_string(*w.seq)});
        unconfirmed_ = m.view->unconfirmed_work_steps.contains(w.id);
        late_ = is_late(w, m.now);

        const auto fact = [&](const char* label_key, std::string value) {
            facts_.emplace_back(ctx.tr(label_key), std::move(value));
        };
        // Who is on it (product.md §8), first: the first thing a second operator asks.
        if (!w.operators.empty()) {
            std::string names;
            for (const std::string& name : w.operators)
                names += (names.empty() ? "" : ", ") + name;
            fact("detail.operators", std::move(names));
        }
        on_step_ = m.profile != nullptr && std::find(w.operators.begin(), w.operators.end(),
                                                     m.profile->operator_name) != w.operators.end();
        // The operator's own time on it, from the events recorded here (refreshed each minute).
        if (m.step_events != nullptr && m.profile != nullptr) {
            if (const auto events = m.step_events->find(w.id); events != m.step_events->end()) {
                if (w.status == WorkStepStatus::paused) {
                    if (auto why = pause_text(ctx, events->second)) fact("detail.paused", *why);
                }
                for (const plan::OperatorTime& t : plan::time_on_step(
                         events->second, std::chrono::floor<std::chrono::seconds>(m.now),
                         w.status)) {
                    if (t.operator_id != m.profile->operator_id) continue;
                    const auto total = std::chrono::duration_cast<std::chrono::minutes>(t.time);
                    fact("detail.my_time", format_text(ctx.tr("detail.my_time_value"),
                                                       {std::to_string(total.count() / 60),
                                                        (total.count() % 60 < 10 ? "0" : "") +
                                                            std::to_string(total.count() % 60)}));
                }
            }
        }
        if (w.article && chosen(WorkStepColumn::article)) fact("detail.article", *w.article);
        if (w.resource_name && chosen(WorkStepColumn::resource_name))
            fact("detail.resource", *w.resource_name);
        if (w.planned_start && chosen(WorkStepColumn::planned_start))
            fact("detail.planned_start", day_time(*w.planned_start, ctx.tr));
        if (w.planned_end && chosen(WorkStepColumn::planned_end))
            fact("detail.planned_end", day_time(*w.planned_end, ctx.tr));
        if (w.quantity && chosen(WorkStepColumn::quantity))
            fact("detail.quantity", std::to_string(*w.quantity));
        if (w.quantity_good && chosen(WorkStepColumn::quantity_good))
            fact("detail.good", std::to_string(*w.quantity_good));
        if (w.quantity_scrap && chosen(WorkStepColumn::quantity_scrap))
            fact("detail.scrap", std::to_string(*w.quantity_scrap));
        if (w.notes && chosen(WorkStepColumn::notes) && !w.notes->empty())
            fact("detail.notes", *w.notes);

        running_since_.reset();
        if (m.running_since != nullptr) {
            if (const auto since = m.running_since->find(w.id); since != m.running_since->end())
                running_since_ = since->second;
        }
        if (!w.feedback_allowed) {
            read_only_note_ = ctx.tr("detail.read_only");
        } else {
            read_only_note_.clear();
        }
        panel_title_ = format_text(
            ctx.tr(panel_ == Panel::finish ? "detail.finish_title" : "detail.quantity_title"),
            {title_});
        note_title_ = format_text(ctx.tr("notes.entry_title"), {title_});
        notes_.refresh(ctx, w.id);
    }

    /// Why, by whom and when the step was paused, from the last pause recorded here (issue 17);
    /// none when it was paused elsewhere (the plan does not say why).
    static std::optional<std::string> pause_text(const FrameContext& ctx,
                                                 const std::vector<plan::Event>& events) {
        // The last event here that moved the clock: a pause, or the step ran again since (here,
        // or elsewhere and then paused there: then the plan does not say why).
        const auto last = std::find_if(events.rbegin(), events.rend(), [](const plan::Event& e) {
            return e.type == plan::EventType::work_step_paused ||
                   e.type == plan::EventType::work_step_resumed ||
                   e.type == plan::EventType::work_step_started;
        });
        if (last == events.rend() || last->type != plan::EventType::work_step_paused)
            return std::nullopt;
        const UiModel& m = ctx.model;
        std::string reason = last->data.reason;
        if (m.profile != nullptr) {
            for (const plan::Reason& r : m.profile->pause_reasons) {
                if (r.code == last->data.reason) reason = r.label;
            }
        }
        std::string who = last->operator_id;
        if (m.operator_names != nullptr) {
            if (const auto name = m.operator_names->find(who); name != m.operator_names->end())
                who = name->second;
        }
        return reason + kSeparator + who + kSeparator + day_time(last->occurred_at, ctx.tr);
    }

    /// Whether `panel` (or, for none, any action) fits the step's state and rights (§4).
    [[nodiscard]] bool panel_allowed(Panel panel) const {
        if (step_ == nullptr || !step_->feedback_allowed) return false;
        const WorkStepStatus s = step_->status;
        switch (panel) {
            case Panel::none:
                return true;
            case Panel::pause:
                return s == WorkStepStatus::in_progress;
            case Panel::quantity:
            case Panel::finish:
                return s == WorkStepStatus::in_progress || s == WorkStepStatus::paused;
            case Panel::note:
                return plan::transition_allowed(plan::EventType::work_step_note, s);
        }
        return false;
    }

    void close_panel() {
        panel_ = Panel::none;
        good_.reset();
        scrap_.reset();
        scrap_reason_.clear();
        field_ = Field::good;
    }

    void open_panel(const FrameContext& ctx, Panel panel) {
        close_panel();
        panel_ = panel;
        panel_title_ = format_text(
            ctx.tr(panel == Panel::finish ? "detail.finish_title" : "detail.quantity_title"),
            {title_});
    }

    // ---- [SECTION] Overview ------------------------------------------------------------------

    /// The back button, top left; returns its height.
    float draw_back(FrameContext& ctx) {
        const float w =
            std::max(ctx.metrics.target * 2.5f, ImGui::CalcTextSize(ctx.tr("common.back")).x +
                                                    ImGui::GetStyle().FramePadding.x * 2);
        if (touch_button(ctx, "detail.back", ctx.tr("common.back"), {w, ctx.metrics.target}))
            ctx.emit(app::intent::Back{});
        return ctx.metrics.target;
    }

    void draw_overview(FrameContext& ctx) {
        const ImGuiStyle& style = ImGui::GetStyle();
        const float pad = ctx.metrics.pad;
        ImDrawList* draw = ImGui::GetWindowDrawList();

        // Header: Back, title and id, the status chip on the right.
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        const float avail_w = ImGui::GetContentRegionAvail().x;
        draw_back(ctx);
        const float back_w = ImGui::GetItemRectSize().x;
        const char* status = status_text(step_->status, ctx.tr);
        ImGui::PushFont(ctx.fonts.large);
        const ImVec2 status_size = ImGui::CalcTextSize(status);
        const float chip_w = status_size.x + pad * 2;
        const float chip_x = origin.x + avail_w - chip_w;
        const float title_x = origin.x + back_w + pad * 1.5f;
        const float title_h = ImGui::GetTextLineHeight();
        text_ellipsis(draw, {title_x, origin.y}, chip_x - pad, title_,
                      ImGui::GetColorU32(colors::text()));
        const float chip_y = origin.y + (ctx.metrics.target - status_size.y) * 0.5f - 4;
        draw->AddRectFilled({chip_x, chip_y}, {chip_x + chip_w, chip_y + status_size.y + 8},
                            ImGui::GetColorU32(status_color(step_->status)), style.FrameRounding);
        draw->AddText({chip_x + pad, chip_y + 4}, ImGui::GetColorU32(colors::text()), status);
        ImGui::PopFont();
        text_ellipsis(draw, {title_x, origin.y + title_h + 2}, chip_x - pad, subtitle_,
                      ImGui::GetColorU32(colors::text_dim()));

        // Notes under the header: late, not yet confirmed, read-only.
        float x = origin.x;
        const float notes_y = origin.y + ctx.metrics.target + pad * 0.75f;
        const auto note = [&](std::string_view text, const ImVec4& color) {
            if (text.empty()) return;
            text_ellipsis(draw, {x, notes_y}, origin.x + avail_w, text, ImGui::GetColorU32(color));
            x += ImGui::CalcTextSize(text.data(), text.data() + text.size()).x + pad * 2;
        };
        if (late_) note(ctx.tr("detail.late"), colors::error());
        if (unconfirmed_) note(ctx.tr("detail.unconfirmed"), colors::warn());
        note(read_only_note_, colors::text_dim());
        const float line_h = ImGui::GetTextLineHeight();
        const bool has_notes = x > origin.x;
        ImGui::SetCursorScreenPos({origin.x, notes_y + (has_notes ? line_h + pad * 0.5f : 0.0f)});
        // The newest note where it is seen at once, and Add note (product.md §8: handover); every
        // note below the facts.
        const bool can_note = panel_allowed(Panel::note);
        if (can_note || !notes_.empty()) {
            if (notes_.draw_strip(ctx, can_note)) {
                panel_ = Panel::note;
                notes_.open_entry(ctx);
            }
        }

        // The action bar takes the bottom; the facts (and the clock) what is left.
        const float bar_h = ctx.metrics.target * 1.35f;
        const float facts_h =
            std::max(line_h, ImGui::GetContentRegionAvail().y - bar_h - style.ItemSpacing.y);
        ImGui::BeginChild("##detail_facts", {avail_w, facts_h}, false);
        draw_clock(ctx);
        draw_facts(ctx);
        notes_.draw_list(ctx);
        drag_.update();
        ImGui::EndChild();
        draw_actions(ctx, avail_w, bar_h);
    }

    void draw_clock(FrameContext& ctx) {
        if (step_->status != WorkStepStatus::in_progress || !running_since_) return;
        const auto elapsed =
            std::chrono::duration_cast<std::chrono::seconds>(ctx.model.now - *running_since_);
        clock_.format("%s", duration_hms(std::max(elapsed, std::chrono::seconds{0})).c_str());
        ImGui::PushFont(ctx.fonts.huge);
        colored_text(colors::running(), clock_.view());
        ImGui::PopFont();
        // "running" sits on the clock's baseline, not its top.
        const float clock_bottom = ImGui::GetItemRectMax().y;
        ImGui::SameLine();
        ImGui::SetCursorScreenPos(
            {ImGui::GetCursorScreenPos().x, clock_bottom - ImGui::GetTextLineHeight() - 4});
        colored_text(colors::text_dim(), ctx.tr("detail.running"));
    }

    void draw_facts(FrameContext& ctx) {
        if (facts_.empty()) return;
        const float avail_w = ImGui::GetContentRegionAvail().x;
        // Two pairs per line when there is room, one otherwise.
        const int pairs = avail_w >= ctx.metrics.target * 16 ? 2 : 1;
        if (!ImGui::BeginTable("##facts", pairs * 2, ImGuiTableFlags_SizingStretchProp)) return;
        // Labels as wide as the widest one; values take the rest.
        float label_w = 0;
        for (const auto& fact : facts_)
            label_w = std::max(label_w, ImGui::CalcTextSize(fact.first.c_str()).x);
        for (int p = 0; p < pairs; ++p) {
            ImGui::TableSetupColumn(nullptr, ImGuiTableColumnFlags_WidthFixed,
                                    label_w + ctx.metrics.pad);
            ImGui::TableSetupColumn(nullptr, ImGuiTableColumnFlags_WidthStretch, 1.0f);
        }
        for (std::size_t i = 0; i < facts_.size(); ++i) {
            if (i % static_cast<std::size_t>(pairs) == 0) ImGui::TableNextRow();
            ImGui::TableNextColumn();
            colored_text(colors::text_dim(), facts_[i].first);
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(facts_[i].second.c_str());
            ImGui::PopTextWrapPos();
        }
        ImGui::EndTable();
    }

    void draw_actions(FrameContext& ctx, float width, float bar_h) {
        if (!step_->feedback_allowed) return;
        const WorkStepStatus s = step_->status;
        if (s == WorkStepStatus::finished || s == WorkStepStatus::cancelled) {
            ImGui::AlignTextToFramePadding();
            colored_text(colors::text_dim(),
                         ctx.tr(s == WorkStepStatus::finished ? "detail.is_finished"
                                                              : "detail.is_cancelled"));
            return;
        }
        struct Action {
            const char* id;
            const char* label_key;
            ButtonKind kind;
        };
        Action actions[4];
        int n = 0;
        if (s == WorkStepStatus::open) {
            actions[n++] = {"detail.start", "detail.start", ButtonKind::primary};
        } else {
            // Someone else's step: join it; one's own: leave it (product.md §8).
            if (on_step_)
                actions[n++] = {"detail.leave", "detail.leave", ButtonKind::normal};
            else
                actions[n++] = {"detail.join", "detail.join", ButtonKind::normal};
            if (s == WorkStepStatus::in_progress)
                actions[n++] = {"detail.pause", "detail.pause", ButtonKind::normal};
            else
                actions[n++] = {"detail.resume", "detail.resume", ButtonKind::primary};
            actions[n++] = {"detail.quantity", "detail.report_quantity", ButtonKind::normal};
            actions[n++] = {"detail.finish", "detail.finish", ButtonKind::primary};
        }
        const float gap = ImGui::GetStyle().ItemSpacing.x;
        const float w = (width - gap * static_cast<float>(n - 1)) / static_cast<float>(n);
        // Large labels where all four fit (Join or Leave came with product.md §8); else normal.
        ImGui::PushFont(ctx.fonts.large);
        bool fits = true;
        for (int i = 0; i < n; ++i) {
            fits = fits && ImGui::CalcTextSize(ctx.tr(actions[i].label_key)).x +
                                   ImGui::GetStyle().FramePadding.x * 2 <=
                               w;
        }
        if (!fits) {
            ImGui::PopFont();
            ImGui::PushFont(ctx.fonts.body);
        }
        for (int i = 0; i < n; ++i) {
            if (i > 0) ImGui::SameLine();
            const Action& a = actions[i];
            if (!touch_button(ctx, a.id, ctx.tr(a.label_key), {w, bar_h}, true, a.kind)) continue;
            const std::string_view id = a.id;
            if (id == "detail.start") {
                ctx.emit(app::intent::Start{step_->id});
            } else if (id == "detail.resume") {
                ctx.emit(app::intent::Resume{step_->id});
            } else if (id == "detail.join") {
                ctx.emit(app::intent::Join{step_->id});
            } else if (id == "detail.leave") {
                ctx.emit(app::intent::Leave{step_->id});
            } else if (id == "detail.pause") {
                open_panel(ctx, Panel::pause);
            } else if (id == "detail.quantity") {
                open_panel(ctx, Panel::quantity);
            } else if (id == "detail.finish") {
                open_panel(ctx, Panel::finish);
            }
        }
        ImGui::PopFont();
    }

    // ---- [SECTION] Pause panel ---------------------------------------------------------------

    /// Title on the left, Cancel (id `cancel_id`) on the right; one target high.
    bool panel_header(FrameContext& ctx, std::string_view title, const char* cancel_id,
                      float right_reserved = 0) {
        const ImGuiStyle& style = ImGui::GetStyle();
        const float target = ctx.metrics.target;
        const float avail_w = ImGui::GetContentRegionAvail().x;
        const float cancel_w =
            std::max(target * 2.2f,
                     ImGui::CalcTextSize(ctx.tr("common.cancel")).x + style.FramePadding.x * 2);
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::PushFont(ctx.fonts.large);
        text_ellipsis(ImGui::GetWindowDrawList(),
                      {at.x, at.y + (target - ImGui::GetTextLineHeight()) * 0.5f},
                      at.x + avail_w - cancel_w - right_reserved - ctx.metrics.pad, title,
                      ImGui::GetColorU32(colors::text()));
        ImGui::PopFont();
        ImGui::SetCursorScreenPos({at.x + avail_w - cancel_w - right_reserved, at.y});
        return touch_button(ctx, cancel_id, ctx.tr("common.cancel"), {cancel_w, target});
    }

    void draw_pause_panel(FrameContext& ctx) {
        if (panel_header(ctx, ctx.tr("detail.pause_title"), "pause.cancel")) {
            close_panel();
            return;
        }
        const auto& reasons =
            ctx.model.profile != nullptr ? ctx.model.profile->pause_reasons : empty_reasons_;
        if (reasons.empty()) {
            colored_text(colors::error(), ctx.tr("detail.no_pause_reasons"));
            return;
        }
        const float avail_w = ImGui::GetContentRegionAvail().x;
        const float gap = ImGui::GetStyle().ItemSpacing.x;
        const int columns = avail_w >= ctx.metrics.target * 14 ? 2 : 1;
        const float w =
            (avail_w - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
        const float h = ctx.metrics.target * 1.25f;
        ImGui::BeginChild("##pause_reasons", {0, 0}, false);
        ImGui::PushFont(ctx.fonts.large);
        for (std::size_t i = 0; i < reasons.size(); ++i) {
            if (i % static_cast<std::size_t>(columns) != 0) ImGui::SameLine();
            if (list_button(ctx, id_.format("pause.%s", reasons[i].code.c_str()), reasons[i].label,
                            {w, h})) {
                ctx.emit(app::intent::Pause{step_->id, reasons[i].code});
                close_panel();
            }
        }
        ImGui::PopFont();
        drag_.update();
        ImGui::EndChild();
    }

    // ---- [SECTION] Quantity panel ------------------------------------------------------------

    [[nodiscard]] bool quantity_ready() const {
        if (scrap_.value() > 0 && scrap_reason_.empty()) return false;
        // A finish may carry nothing more; a quantity report must carry something.
        return panel_ == Panel::finish || good_.value() + scrap_.value() > 0;
    }

    void confirm_quantity(FrameContext& ctx) {
        if (!quantity_ready()) return;
        const std::string reason = scrap_.value() > 0 ? scrap_reason_ : std::string();
        if (panel_ == Panel::finish)
            ctx.emit(app::intent::Finish{step_->id, good_.value(), scrap_.value(), reason});
        else
            ctx.emit(app::intent::ReportQuantity{step_->id, good_.value(), scrap_.value(), reason});
        close_panel();
    }

    void draw_quantity_panel(FrameContext& ctx) {
        const UiModel& m = ctx.model;
        NumberEntry& entry = field_ == Field::good ? good_ : scrap_;
        feed_typed(entry, m.typed_text);
        if (m.typed_enter) {
            confirm_quantity(ctx);
            if (panel_ == Panel::none) return;
        }
        const ImGuiStyle& style = ImGui::GetStyle();
        const float target = ctx.metrics.target;
        const float pad = ctx.metrics.pad;

        // Row 1: title, Cancel, Confirm.
        const bool finish = panel_ == Panel::finish;
        const char* confirm_label =
            ctx.tr(finish ? "detail.finish_confirm" : "detail.quantity_confirm");
        const float confirm_w = std::max(
            target * 2.5f, ImGui::CalcTextSize(confirm_label).x + style.FramePadding.x * 2);
        const float row_y = ImGui::GetCursorPosY();
        if (panel_header(ctx, panel_title_, "qty.cancel", confirm_w + style.ItemSpacing.x)) {
            close_panel();
            return;
        }
        ImGui::SameLine();
        if (touch_button(ctx, finish ? "finish.confirm" : "qty.confirm", confirm_label,
                         {confirm_w, target}, quantity_ready(), ButtonKind::primary)) {
            confirm_quantity(ctx);
            return;
        }
        ImGui::SetCursorPosY(row_y + target + style.ItemSpacing.y + pad * 0.5f);

        // Row 2: fields | numpad | scrap reasons.
        const float avail_w = ImGui::GetContentRegionAvail().x;
        const float avail_h = ImGui::GetContentRegionAvail().y;
        const float gap = pad * 1.5f;
        const float fields_w = avail_w * 0.27f;
        const float pad_w = std::min(avail_w * 0.36f, target * 6.5f);
        const float reasons_w = avail_w - fields_w - pad_w - gap * 2;
        const float key_h =
            std::clamp((avail_h - style.ItemSpacing.y * 3) / 4.0f, target, target * 1.6f);

        ImGui::BeginGroup();
        draw_field(ctx, Field::good, "qty.field.good", "detail.good_now", good_, fields_w);
        draw_field(ctx, Field::scrap, "qty.field.scrap", "detail.scrap_now", scrap_, fields_w);
        if (finish) {
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + fields_w);
            colored_text(colors::text_dim(), ctx.tr("detail.finish_hint"));
            ImGui::PopTextWrapPos();
        }
        ImGui::EndGroup();

        ImGui::SameLine(0, gap);
        ImGui::BeginGroup();
        numpad(ctx, field_ == Field::good ? "qty.good" : "qty.scrap", entry, pad_w, key_h);
        ImGui::EndGroup();

        ImGui::SameLine(0, gap);
        ImGui::BeginGroup();
        draw_scrap_reasons(ctx, reasons_w, avail_h);
        ImGui::EndGroup();
    }

    void draw_field(FrameContext& ctx, Field field, const char* id, const char* label_key,
                    const NumberEntry& entry, float width) {
        field_label_.format("%s: %s", ctx.tr(label_key),
                            entry.digits.empty() ? "0" : entry.digits.c_str());
        ImGui::PushFont(ctx.fonts.large);
        if (touch_button(ctx, id, field_label_.view(), {width, ctx.metrics.target * 1.4f}, true,
                         field_ == field ? ButtonKind::selected : ButtonKind::normal)) {
            field_ = field;
        }
        ImGui::PopFont();
    }

    void draw_scrap_reasons(FrameContext& ctx, float width, float height) {
        if (scrap_.value() <= 0) {
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
            colored_text(colors::text_dim(), ctx.tr("detail.scrap_reason_later"));
            ImGui::PopTextWrapPos();
            return;
        }
        colored_text(scrap_reason_.empty() ? colors::warn() : colors::text_dim(),
                     ctx.tr("detail.scrap_reason"));
        const auto& reasons =
            ctx.model.profile != nullptr ? ctx.model.profile->scrap_reasons : empty_reasons_;
        ImGui::BeginChild(
            "##scrap_reasons",
            {width, std::max(ctx.metrics.target, height - ImGui::GetTextLineHeightWithSpacing())},
            false);
        // Long reasons are cut at the end, so they read from the start.
        ImGui::PushStyleVar(ImGuiStyleVar_ButtonTextAlign, {0.0f, 0.5f});
        for (const plan::Reason& reason : reasons) {
            const bool chosen = reason.code == scrap_reason_;
            if (list_button(ctx, id_.format("scrap.%s", reason.code.c_str()), reason.label,
                            {width, ctx.metrics.target}, true,
                            chosen ? ButtonKind::selected : ButtonKind::normal)) {
                scrap_reason_ = reason.code;
            }
        }
        ImGui::PopStyleVar();
        drag_reasons_.update();
        ImGui::EndChild();
    }

    FactsKey key_;
    const plan::ViewWorkStep* step_ = nullptr;
    std::string title_;
    std::string subtitle_;
    std::string read_only_note_;
    std::string panel_title_;
    std::string note_title_;
    StepNotes notes_;
    bool unconfirmed_ = false;
    bool late_ = false;
    /// Whether the logged-in operator is on the step (Leave rather than Join).
    bool on_step_ = false;
    std::optional<TimePoint> running_since_;
    std::vector<std::pair<std::string, std::string>> facts_;

    Panel panel_ = Panel::none;
    Field field_ = Field::good;
    NumberEntry good_;
    NumberEntry scrap_;
    std::string scrap_reason_;

    TextBuffer<32> clock_;
    TextBuffer<96> field_label_;
    TextBuffer<160> id_;
    DragScroll drag_;
    DragScroll drag_reasons_;
    const std::vector<plan::Reason> empty_reasons_;
};

}  // namespace

template <>
std::unique_ptr<ScreenView> make_screen<app::Screen::work_step_detail>() {
    return std::make_unique<WorkStepDetailScreen>();
}

}  // namespace pt::ui
