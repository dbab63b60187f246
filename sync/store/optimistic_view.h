// The optimistic view of one partner as the store holds it (product.md §4, issue #12): the
// cached plan with this terminal's own events that the cache does not reflect yet laid on top —
// pending ones ("not yet confirmed") and accepted ones whose new state no pull has brought yet.
// Read in one snapshot of the database, so a pull applied meanwhile is seen whole or not at all
// (never its new cache without its events, which would show the old state again).
#pragma once

#include <string_view>

#include "sync/plan/overlay.h"
#include "sync/store/terminal_db.h"

namespace pt::store {

/// The partner's optimistic view (PlanCache::load + Outbox::unreflected, overlaid). Throws
/// StoreError.
[[nodiscard]] plan::OptimisticView load_optimistic_view(TerminalDb& db,
                                                        std::string_view partner_id);

}  // namespace pt::store
