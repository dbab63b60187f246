// The built-in demo plan of `plan-server --demo`: three partners (coating, hardening,
// machining), a dozen resources, forty orders in trees up to three deep and about three
// hundred work steps spread over the two weeks around `now`. Pure data, no I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sync/plan/types.h"

namespace pt::server {

/// A realistic plan for demos, screenshots and manual testing; the same `now` always gives the
/// same plan. Times are relative to `now` (floored to the quarter hour), within working hours
/// (06:00–22:00 UTC), and every work step lies within `now` ± 7 days. Never fails.
[[nodiscard]] pt::plan::Dataset make_demo_dataset(pt::plan::Timestamp now);

/// One operator badge of the demo plan, for the login screen of a demo terminal.
struct DemoBadge {
    std::string badge;
    std::string operator_name;
    std::string partner_name;
    std::optional<std::string> pin;
};

/// Every badge of the demo plan, in partner order (same source as make_demo_dataset).
/// Exactly one operator has a PIN: Merle Hansen of Härterei Nord, badge B-2002, PIN 4711.
[[nodiscard]] std::vector<DemoBadge> demo_badges();

}  // namespace pt::server
