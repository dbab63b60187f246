// The technician screen (product.md §3, behind a technician badge): version, terminal id, the
// server and how its certificate is checked, connectivity and the last sync, the outbox, the
// storage, the recent log — and the actions Sync now, Re-enrol and Log out.
//
// [SECTION] Facts: label/value texts, made again only when the sync status, the technician's
//           facts, the language or the minute change (the idle frame draws cached texts).
// [SECTION] Layout: actions on top; when wide, terminal and connection on the left, outbox,
//           storage and the log on the right; when narrow, all in one scrolling column.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <vector>

#include "ui/format.h"
#include "ui/screens/screen_common.h"
#include "ui/screens/screens.h"
#include "ui/widgets.h"

namespace pt::ui {
namespace {

/// `12.3 MB`; German writes the decimal comma.
std::string bytes_text(std::int64_t bytes, bool comma) {
    const char* units[] = {"B", "kB", "MB", "GB", "TB"};
    auto value = static_cast<double>(std::max<std::int64_t>(0, bytes));
    std::size_t unit = 0;
    while (value >= 1000.0 && unit + 1 < std::size(units)) {
        value /= 1000.0;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    std::string out = text;
    if (comma) std::replace(out.begin(), out.end(), '.', ',');
    return out;
}

struct Fact {
    const char* label = "";  ///< translated, owned by the Translations
    std::string value;
    ImVec4 color{};
};

struct Section {
    const char* title = "";
    std::vector<Fact> facts;
};

class TechnicianScreen final : public ScreenView {
public:
    void draw(FrameContext& ctx) override {
        refresh(ctx);
        draw_actions(ctx);
        const ImVec2 avail = ImGui::GetContentRegionAvail();
        const bool wide = avail.x >= ctx.metrics.target * 17;
        if (wide) {
            // Left: terminal and connection; right: outbox, storage and the log below them.
            const float gap = ImGui::GetStyle().ItemSpacing.x;
            const float column_w = std::floor((avail.x - gap) * 0.5f);
            ImGui::BeginChild("##tech_left", {column_w, avail.y}, false);
            draw_facts(ctx, {0, 1});
            facts_drag_.update();
            ImGui::EndChild();
            ImGui::SameLine();
            ImGui::BeginGroup();
            draw_facts(ctx, {2, 3});
            draw_log(ctx, ImGui::GetContentRegionAvail().y);
            ImGui::EndGroup();
        } else {
            ImGui::BeginChild("##tech_column", {0, 0}, false);
            draw_facts(ctx, {0, 1, 2, 3});
            ImGui::Spacing();
            draw_log(ctx, std::max(ctx.metrics.target * 4, avail.y * 0.6f));
            facts_drag_.update();
            ImGui::EndChild();
        }
    }

    void reset() override {
        sections_.clear();
        sync_ = {};
        tr_ = nullptr;
        minute_ = -1;
        log_lines_ = static_cast<std::size_t>(-1);
        facts_drag_ = {};
        log_drag_ = {};
    }

private:
    // ---- [SECTION] Facts -----------------------------------------------------------------

    [[nodiscard]] bool unchanged(const FrameContext& ctx) const {
        const UiModel& m = ctx.model;
        const TechnicianInfo& t = m.technician;
        return &ctx.tr == tr_ && minute_of(m.now) == minute_ && m.sync == sync_ &&
               m.enrolled == enrolled_ && t.version == info_.version &&
               t.image_version == info_.image_version && t.boot_slot == info_.boot_slot &&
               t.terminal_id == info_.terminal_id && t.server_url == info_.server_url &&
               t.tls == info_.tls && t.data_dir == info_.data_dir &&
               t.database_bytes == info_.database_bytes && t.free_bytes == info_.free_bytes &&
               m.terminal_name == terminal_name_;
    }

    void refresh(const FrameContext& ctx) {
        if (unchanged(ctx)) return;
        const UiModel& m = ctx.model;
        tr_ = &ctx.tr;
        minute_ = minute_of(m.now);
        sync_ = m.sync;
        enrolled_ = m.enrolled;
        terminal_name_ = m.terminal_name;
        info_ = m.technician;
        info_.log.clear();  // drawn from the model directly
        sections_.clear();
        sections_.push_back(terminal_section(ctx.tr));
        sections_.push_back(connection_section(ctx.tr, m.now));
        sections_.push_back(outbox_section(ctx.tr));
        sections_.push_back(storage_section(ctx.tr));
    }

    [[nodiscard]] Section terminal_section(const Translations& tr) const {
        const ImVec4 normal = colors::text();
        Section terminal{tr("technician_screen.section_terminal"), {}};
        terminal.facts.push_back({tr("technician_screen.version"), info_.version, normal});
        // After an update: which system came up, from which slot.
        std::string system = info_.image_version.empty()
                                 ? std::string(tr("technician_screen.no_image"))
                                 : info_.image_version;
        if (!info_.image_version.empty() && !info_.boot_slot.empty())
            system = format_text(tr("technician_screen.image_slot"),
                                 {info_.image_version, info_.boot_slot});
        terminal.facts.push_back({tr("technician_screen.system_image"), std::move(system), normal});
        terminal.facts.push_back({tr("technician_screen.name"), terminal_name_, normal});
        if (info_.terminal_id.empty()) {
            terminal.facts.push_back({tr("technician_screen.terminal_id"),
                                      tr("technician_screen.not_enrolled"), colors::error()});
        } else if (sync_.terminal_revoked) {
            // Up here too, so a small screen shows it without scrolling.
            terminal.facts.push_back({tr("technician_screen.terminal_id"),
                                      info_.terminal_id + " \xC2\xB7 " + tr("bar.revoked"),
                                      colors::error()});
        } else {
            terminal.facts.push_back(
                {tr("technician_screen.terminal_id"), info_.terminal_id, normal});
        }
        return terminal;
    }

    [[nodiscard]] Section connection_section(const Translations& tr, TimePoint now) const {
        const ImVec4 normal = colors::text();
        const auto when = [&](const std::optional<TimePoint>& t) {
            if (!t) return std::string(tr("technician_screen.never"));
            return day_time(*t, tr) + " (" + ago(*t, now, tr) + ")";
        };
        Section network{tr("technician_screen.section_connection"), {}};
        const std::string& url = info_.server_url.empty() ? sync_.server_url : info_.server_url;
        network.facts.push_back({tr("technician_screen.server"), url, normal});
        network.facts.push_back({tr("technician_screen.tls"), info_.tls, normal});
        if (!enrolled_) {
            network.facts.push_back({tr("technician_screen.state"),
                                     tr("technician_screen.not_enrolled"), colors::error()});
        } else if (sync_.terminal_revoked) {
            // What to do about it, in a sentence: the outbox is safe, a new code is needed.
            network.facts.push_back(
                {tr("technician_screen.state"), tr("technician_screen.revoked"), colors::error()});
        } else {
            std::string state =
                tr(sync_.online ? "technician_screen.online" : "technician_screen.offline");
            if (sync_.syncing) state += std::string(" \xC2\xB7 ") + tr("technician_screen.syncing");
            network.facts.push_back({tr("technician_screen.state"), std::move(state),
                                     sync_.online ? colors::ok() : colors::warn()});
        }
        network.facts.push_back(
            {tr("technician_screen.last_sync"), when(sync_.last_success), normal});
        network.facts.push_back(
            {tr("technician_screen.last_attempt"), when(sync_.last_attempt), normal});
        if (sync_.next_attempt && *sync_.next_attempt > now) {
            network.facts.push_back(
                {tr("technician_screen.next_attempt"), clock_hms(*sync_.next_attempt), normal});
        }
        if (sync_.last_error) {
            const app::SyncInfo::Error& e = *sync_.last_error;
            std::string text = e.kind;
            if (!e.message.empty()) text += ": " + e.message;
            text += " (" + clock_hms(e.at) + ")";
            network.facts.push_back(
                {tr("technician_screen.last_error"), std::move(text), colors::error()});
        } else {
            network.facts.push_back(
                {tr("technician_screen.last_error"), tr("technician_screen.no_error"), normal});
        }
        if (sync_.consecutive_failures > 0) {
            network.facts.push_back({tr("technician_screen.failures"),
                                     std::to_string(sync_.consecutive_failures), colors::warn()});
        }
        return network;
    }

    [[nodiscard]] Section outbox_section(const Translations& tr) const {
        const ImVec4 normal = colors::text();
        Section outbox{tr("technician_screen.section_outbox"), {}};
        outbox.facts.push_back({tr("technician_screen.pending"), std::to_string(sync_.pending),
                                sync_.pending > 0 ? colors::warn() : normal});
        outbox.facts.push_back({tr("technician_screen.rejected"), std::to_string(sync_.rejected),
                                sync_.rejected > 0 ? colors::error() : normal});
        return outbox;
    }

    [[nodiscard]] Section storage_section(const Translations& tr) const {
        const ImVec4 normal = colors::text();
        const bool comma = tr.language() == "de";
        Section storage{tr("technician_screen.section_storage"), {}};
        storage.facts.push_back({tr("technician_screen.data_dir"), info_.data_dir, normal});
        storage.facts.push_back({tr("technician_screen.database_size"),
                                 bytes_text(info_.database_bytes, comma), normal});
        constexpr std::int64_t kLow = 200'000'000;  // below this, appends may soon fail
        storage.facts.push_back({tr("technician_screen.free_space"),
                                 bytes_text(info_.free_bytes, comma),
                                 info_.free_bytes < kLow ? colors::error() : colors::ok()});
        return storage;
    }

    // ---- [SECTION] Layout ----------------------------------------------------------------

    void draw_actions(FrameContext& ctx) {
        const float avail = ImGui::GetContentRegionAvail().x;
        const float gap = ImGui::GetStyle().ItemSpacing.x;
        const float w = std::min((avail - gap * 2) / 3.0f, ctx.metrics.target * 6);
        const float h = ctx.metrics.button_h;
        if (touch_button(ctx, "tech.sync", ctx.tr("technician_screen.sync_now"), {w, h}, true,
                         ButtonKind::primary)) {
            ctx.emit(app::intent::SyncNow{});
        }
        ImGui::SameLine();
        if (touch_button(ctx, "tech.reenrol", ctx.tr("technician_screen.reenrol"), {w, h})) {
            ctx.emit(app::intent::ReEnroll{});
        }
        ImGui::SameLine();
        if (touch_button(ctx, "tech.logout", ctx.tr("technician_screen.logout"), {w, h}, true,
                         ButtonKind::quiet)) {
            ctx.emit(app::intent::LogOut{});
        }
    }

    /// The sections with these indexes (terminal, connection, outbox, storage), as tables.
    void draw_facts(FrameContext& ctx, std::initializer_list<std::size_t> which) {
        float label_w = 0;
        for (const Section& section : sections_)
            for (const Fact& fact : section.facts)
                label_w = std::max(label_w, ImGui::CalcTextSize(fact.label).x);
        for (const std::size_t i : which) {
            if (i >= sections_.size()) continue;
            const Section& section = sections_[i];
            ImGui::PushFont(ctx.fonts.large);
            ImGui::TextUnformatted(section.title);
            ImGui::PopFont();
            if (!ImGui::BeginTable(section.title, 2, ImGuiTableFlags_RowBg)) continue;
            ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, label_w);
            ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
            for (const Fact& fact : section.facts) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                colored_text(colors::text_dim(), fact.label);
                ImGui::TableNextColumn();
                ImGui::PushStyleColor(ImGuiCol_Text, fact.color);
                ImGui::TextWrapped("%s", fact.value.c_str());
                ImGui::PopStyleColor();
            }
            ImGui::EndTable();
            ImGui::Spacing();
        }
    }

    void draw_log(FrameContext& ctx, float height) {
        const auto& log = ctx.model.technician.log;
        ImGui::PushFont(ctx.fonts.large);
        ImGui::TextUnformatted(ctx.tr("technician_screen.section_log"));
        ImGui::PopFont();
        const float h =
            std::max(height - ImGui::GetFrameHeightWithSpacing(), ctx.metrics.target * 2);
        ImGui::PushStyleColor(ImGuiCol_ChildBg, colors::panel());
        ImGui::BeginChild("##tech_log", {0, h}, false, ImGuiWindowFlags_AlwaysUseWindowPadding);
        ImGui::PushFont(ctx.fonts.mono);
        if (log.empty()) {
            colored_text(colors::text_dim(), ctx.tr("technician_screen.log_empty"));
        } else {
            // Wrapped, so a finger never has to scroll sideways; the app keeps a few hundred
            // lines at most, and only the last kMaxLog are drawn in any case.
            constexpr std::size_t kMaxLog = 500;
            const std::size_t first = log.size() > kMaxLog ? log.size() - kMaxLog : 0;
            ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing,
                                {ctx.metrics.pad, ctx.metrics.pad * 0.35f});
            for (std::size_t i = first; i < log.size(); ++i)
                ImGui::TextWrapped("%s", log[i].c_str());
            ImGui::PopStyleVar();
        }
        // Newest last: follow the end whenever lines arrive.
        if (log.size() != log_lines_) {
            log_lines_ = log.size();
            ImGui::SetScrollHereY(1.0f);
        }
        ImGui::PopFont();
        log_drag_.update();
        ImGui::EndChild();
        ImGui::PopStyleColor();
    }

    std::vector<Section> sections_;
    // What the facts were made from.
    app::SyncInfo sync_;
    TechnicianInfo info_;  ///< without the log (drawn from the model directly)
    std::string terminal_name_;
    bool enrolled_ = false;
    const Translations* tr_ = nullptr;
    std::int64_t minute_ = -1;
    std::size_t log_lines_ = static_cast<std::size_t>(-1);
    DragScroll facts_drag_;
    DragScroll log_drag_;
};

}  // namespace

template <>
std::unique_ptr<ScreenView> make_screen<app::Screen::technician>() {
    return std::make_unique<TechnicianScreen>();
}

}  // namespace pt::ui
