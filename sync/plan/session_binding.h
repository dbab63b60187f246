// R13 (product.md; sync-api.md, "Events are bound to sessions"): an event counts only when its
// operator logged in online on the sending terminal at a time T with
// occurred_at − offline_grace ≤ T ≤ occurred_at + 1 h.
//
// The logins of one operator on one terminal are kept as runs: logins at most
// kLoginRunGap apart share a run [first, last]. Every login T of a run accepts occurred_at in
// [T − 1 h, T + grace]; as neighbouring logins are at most 1 h apart these intervals overlap for
// any grace ≥ 0, so the run accepts exactly [first − 1 h, last + grace] — the same answer as the
// full list of its logins, under whatever grace the server is started with later.
#pragma once

#include <chrono>
#include <vector>

#include "sync/plan/time.h"

namespace pt::plan {

/// The default offline grace period (plan-server --offline-grace-days).
inline constexpr std::chrono::seconds kDefaultOfflineGrace = std::chrono::days{7};
/// How far a terminal's clock may run behind: a login up to this long after occurred_at counts.
inline constexpr std::chrono::seconds kClockBehindAllowance = std::chrono::hours{1};
/// Logins at most this far apart are one run (must not exceed kClockBehindAllowance, see above).
inline constexpr std::chrono::seconds kLoginRunGap = kClockBehindAllowance;

/// Online logins of one operator on one terminal, from `first` to `last`, none more than
/// kLoginRunGap after the one before.
struct LoginRun {
    Timestamp first{};
    Timestamp last{};
    bool operator==(const LoginRun&) const = default;
};

/// True when a login at `login_at` belongs to `run` (it extends run.last, or lies inside it).
[[nodiscard]] bool extends(const LoginRun& run, Timestamp login_at) noexcept;

/// True when some login of `run` lies in [occurred_at − grace, occurred_at + 1 h].
[[nodiscard]] bool binds(const LoginRun& run, Timestamp occurred_at,
                         std::chrono::seconds grace) noexcept;

/// True when one of `runs` binds the event (R13); false for none.
[[nodiscard]] bool bound_to_session(const std::vector<LoginRun>& runs, Timestamp occurred_at,
                                    std::chrono::seconds grace) noexcept;

}  // namespace pt::plan
