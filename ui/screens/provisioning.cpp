#include "ui/screens/provisioning.h"

#include <imgui.h>

#include <algorithm>
#include <array>

#include "ui/screens/screen_common.h"

namespace pt::ui {
namespace {

using Field = ProvisioningForm::Field;

TextEntry& entry_of(ProvisioningForm& form) {
    switch (form.field) {
        case Field::server_url:
            return form.server_url;
        case Field::enrollment_code:
            return form.enrollment_code;
        case Field::pinned_key:
            return form.pinned_key;
    }
    return form.server_url;
}

/// One field: its label above a full-width button showing the value; a tap makes it the one
/// the keyboard types into.
void field_button(FrameContext& ctx, ProvisioningForm& form, Field field, const char* id,
                  const char* label, const TextEntry& entry, float width) {
    ImGui::TextUnformatted(label);
    const bool focused = form.field == field;
    std::string shown = entry.text;
    if (focused) shown += "_";  // where the next key lands
    if (touch_button(ctx, id, shown.empty() ? " " : shown, {width, ctx.metrics.target}, true,
                     focused ? ButtonKind::selected : ButtonKind::normal)) {
        form.field = field;
    }
}

}  // namespace

void draw_provisioning(FrameContext& ctx, ProvisioningForm& form, float width, float height) {
    constexpr ImGuiWindowFlags kFixed =
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings;
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize({width, height});
    ImGui::Begin("##provisioning", nullptr, kFixed);
    const float pad = ctx.metrics.pad;

    ImGui::PushFont(ctx.fonts.large);
    ImGui::TextUnformatted(ctx.tr("provisioning.title"));
    ImGui::PopFont();
    // What went wrong takes the hint's place: the full width, where the eye already is.
    ImGui::PushStyleColor(ImGuiCol_Text, form.error.empty() ? colors::text_dim() : colors::error());
    ImGui::TextWrapped("%s", form.error.empty() ? ctx.tr("provisioning.hint") : form.error.c_str());
    ImGui::PopStyleColor();
    ImGui::Spacing();

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // The keyboard needs ten keys of a full target each; the fields get what is left, up to 40 %.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float keyboard_w =
        10 * ctx.metrics.target + 9 * style.ItemSpacing.x + 2 * style.WindowPadding.x;
    const float fields_w =
        std::clamp(avail.x - keyboard_w - pad * 2, ctx.metrics.target * 3.5f, avail.x * 0.4f);
    const float keys_w = avail.x - fields_w - pad * 2;

    ImGui::BeginChild("##fields", {fields_w, avail.y}, false, ImGuiWindowFlags_NoScrollbar);
    field_button(ctx, form, Field::server_url, "provisioning.field.server_url",
                 ctx.tr("provisioning.server_url"), form.server_url, fields_w);
    field_button(ctx, form, Field::enrollment_code, "provisioning.field.enrollment_code",
                 ctx.tr("provisioning.enrollment_code"), form.enrollment_code, fields_w);
    field_button(ctx, form, Field::pinned_key, "provisioning.field.pinned_key",
                 ctx.tr("provisioning.pinned_key"), form.pinned_key, fields_w);
    ImGui::Spacing();
    const bool complete = form.server_url.text.size() > std::string_view("https://").size() &&
                          !form.enrollment_code.text.empty();
    if (touch_button(ctx, "provisioning.connect", ctx.tr("provisioning.connect"),
                     {fields_w, ctx.metrics.button_h}, complete, ButtonKind::primary)) {
        form.submitted = true;
    }
    ImGui::EndChild();

    ImGui::SameLine(0, pad * 2);
    ImGui::BeginChild("##keys", {keys_w, avail.y}, false, ImGuiWindowFlags_NoScrollbar);
    const float inner_w = ImGui::GetContentRegionAvail().x;  // inside the child's padding
    TextEntry& entry = entry_of(form);
    feed_typed(entry, ctx.model.typed_text);  // a USB keyboard works as well
    if (ctx.model.typed_enter && complete) form.submitted = true;
    (void)keyboard(ctx, "provisioning.keys", entry, inner_w);
    // What a URL needs and the keyboard lacks.
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    constexpr std::array<const char*, 4> kInserts{":", "/", "https://", "sha256//"};
    const float insert_w = (inner_w - 3 * gap) / 4.0f;
    bool first = true;
    for (const char* text : kInserts) {
        if (!first) ImGui::SameLine();
        first = false;
        if (touch_button(ctx, std::string("provisioning.insert.") + text, text,
                         {insert_w, ctx.metrics.target}) &&
            entry.text.size() + std::string_view(text).size() <= entry.max_length) {
            entry.text += text;
        }
    }
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace pt::ui
