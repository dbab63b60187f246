// The set-up screen of a terminal that has no configuration yet (product.md §6): the technician
// scans a provisioning barcode or types the server URL and enrolment code (and, where the site
// pins the server's key, the pin). Drawn on its own, before the rest of the app exists: no
// menu, no session. What to do with the values is the caller's (firmware/kiosk).
#pragma once

#include <string>

#include "ui/frame_context.h"
#include "ui/widgets.h"

namespace pt::ui {

struct ProvisioningForm {
    enum class Field { server_url, enrollment_code, pinned_key };
    TextEntry server_url{.text = "https://"};
    TextEntry enrollment_code;
    TextEntry pinned_key;
    Field field = Field::server_url;
    /// Why the last scan or Connect did not work; empty: nothing to say.
    std::string error;
    /// Set by the screen when Connect was tapped with both required values present.
    bool submitted = false;
};

/// Draws the set-up screen over the whole `width` × `height` window. Targets:
/// `provisioning.field.server_url|enrollment_code|pinned_key`, `provisioning.keys.<key>`,
/// `provisioning.insert.<text>` (":", "/", "https://"), `provisioning.connect`.
void draw_provisioning(FrameContext& ctx, ProvisioningForm& form, float width, float height);

}  // namespace pt::ui
