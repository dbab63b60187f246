#include "firmware/app/login_result.h"

namespace pt::app {

std::string_view name_of(LoginOutcome outcome) {
    switch (outcome) {
        case LoginOutcome::online:
            return "online";
        case LoginOutcome::offline:
            return "offline";
        case LoginOutcome::refused:
            return "refused";
        case LoginOutcome::throttled:
            return "throttled";
        case LoginOutcome::offline_refused:
            return "offline_refused";
        case LoginOutcome::not_enrolled:
            return "not_enrolled";
        case LoginOutcome::store_failed:
            break;
    }
    return "store_failed";
}

}  // namespace pt::app
