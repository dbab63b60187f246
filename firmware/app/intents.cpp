#include "firmware/app/intents.h"

#include <array>

namespace pt::app {

namespace {

constexpr std::array<std::string_view, kScreenCount> kScreenNames = {
    "login",     "workbench_terminal", "workbench_classic", "processes",  "planning",
    "dashboard", "planning_objects",   "attention",         "technician", "work_step_detail",
};

}  // namespace

std::string_view name_of(Screen screen) {
    return kScreenNames.at(static_cast<std::size_t>(screen));
}

std::optional<Screen> screen_from_name(std::string_view name) {
    for (std::size_t i = 0; i < kScreenNames.size(); ++i) {
        if (kScreenNames[i] == name) {
            return static_cast<Screen>(i);
        }
    }
    return std::nullopt;
}

std::optional<FeedbackIntent> as_feedback(const Intent& intent) {
    return std::visit(
        [](const auto& value) -> std::optional<FeedbackIntent> {
            using T = std::decay_t<decltype(value)>;
            if constexpr (std::is_constructible_v<FeedbackIntent, T>) {
                return FeedbackIntent{value};
            } else {
                return std::nullopt;
            }
        },
        intent);
}

}  // namespace pt::app
