#include "sync/plan/session_binding.h"

#include <algorithm>

namespace pt::plan {

static_assert(kLoginRunGap <= kClockBehindAllowance,
              "a run is exact only while its logins' intervals overlap for grace 0");

bool extends(const LoginRun& run, Timestamp login_at) noexcept {
    return login_at >= run.first && login_at <= run.last + kLoginRunGap;
}

bool binds(const LoginRun& run, Timestamp occurred_at, std::chrono::seconds grace) noexcept {
    // The run's logins cover [first, last] without a gap wider than the clock allowance, so
    // some login lies in the window exactly when the window and [first, last] overlap.
    return run.first <= occurred_at + kClockBehindAllowance && run.last >= occurred_at - grace;
}

bool bound_to_session(const std::vector<LoginRun>& runs, Timestamp occurred_at,
                      std::chrono::seconds grace) noexcept {
    return std::any_of(runs.begin(), runs.end(),
                       [&](const LoginRun& run) { return binds(run, occurred_at, grace); });
}

}  // namespace pt::plan
