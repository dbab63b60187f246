// What the screen tests share: the sample data drawn headless at the panel size the tests use,
// and doctest checks over a HeadlessFrame (frame problems, the one intent a tap returns,
// targets present and enabled). PT_TRANSLATIONS_DIR is the build tree's translations folder
// (tests/ui/CMakeLists.txt defines it).
#pragma once

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "tests/ui/headless_frame.h"
#include "tests/ui/sample_model.h"

namespace pt::ui::test {

/// A 1280×800 panel (10″, scale 1.3) with the sample data of 40 work steps.
struct Screens {
    sample::SampleData data = sample::make_sample(40);
    HeadlessFrame frame{1280, 800, PT_TRANSLATIONS_DIR};

    /// The model of `screen` (sample::model_for), drawn until it settles on a fresh shell;
    /// checks that drawing it emitted nothing.
    app::UiModel open(app::Screen screen, const sample::ModelOptions& options = {}) {
        app::UiModel model = sample::model_for(data, screen, options);
        frame.new_shell();
        const auto intents = frame.settle(model);
        CHECK_MESSAGE(intents.empty(), app::name_of(screen), ": drawing alone emitted ",
                      describe(intents));
        return model;
    }
};

/// Fails the test once per problem of frame_problems().
inline void check_frame(const HeadlessFrame& frame, std::string_view shot) {
    for (const std::string& problem : frame_problems(frame))
        FAIL_CHECK(std::string(shot), ": ", problem);
}

/// The one intent in `intents` when it is a T; nothing (and a failed check) otherwise.
template <typename T>
std::optional<T> single(const std::vector<app::Intent>& intents) {
    const T* intent = intents.size() == 1 ? std::get_if<T>(&intents.front()) : nullptr;
    CHECK_MESSAGE(intent != nullptr, "intents: ", describe(intents));
    return intent != nullptr ? std::optional<T>(*intent) : std::nullopt;
}

/// The last frame's target `id`; fails the test case when there is none or it is not `enabled`.
inline const TouchTarget& require_target(const HeadlessFrame& frame, std::string_view id,
                                         bool enabled = true) {
    const TouchTarget* t = frame.target(id);
    REQUIRE_MESSAGE(t != nullptr, "no target `", std::string(id), "`");
    CHECK_MESSAGE(t->enabled == enabled, "`", std::string(id), "` is ",
                  t->enabled ? "enabled" : "disabled");
    return *t;
}

/// Checks that the last frame shows `text` (a line, or a wrapped paragraph).
inline void check_shows(const HeadlessFrame& frame, std::string_view text) {
    CHECK_MESSAGE(frame.shows(text), "\"", std::string(text), "\" is not shown; shown:\n",
                  frame.all_text());
}

}  // namespace pt::ui::test
