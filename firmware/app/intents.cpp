#include "firmware/app/intents.h"

namespace pt::app {

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
