// The optimistic view of one partner as the store holds it (product.md §4, issue #12): the
// cached plan with this terminal's own events that the cache does not reflect yet laid on top —
// pending ones ("not yet confirmed") and accepted ones whose new state no pull has brought yet.
// Read in one snapshot of the database, so a pull applied meanwhile is seen whole or not at all
// (never its new cache without its events, which would show the old state again).
#pragma once

#include <cstdint>
#include <string_view>

#include "sync/plan/overlay.h"
#include "sync/store/terminal_db.h"

namespace pt::store {

/// The partner's optimistic view (PlanCache::load + Outbox::unreflected, overlaid). Throws
/// StoreError.
[[nodiscard]] plan::OptimisticView load_optimistic_view(TerminalDb& db,
                                                        std::string_view partner_id);

/// An optimistic view and the outbox's last sequence number read in the same snapshot: every
/// event up to `outbox_through` is in `optimistic`, none recorded after it.
struct StoredView {
    plan::OptimisticView optimistic;
    std::int64_t outbox_through = 0;
};

/// As load_optimistic_view, with the mark. A reader that records events while this one is read
/// (the kiosk's taps) lays those above the mark on top itself. Throws StoreError.
[[nodiscard]] StoredView load_stored_view(TerminalDb& db, std::string_view partner_id);

}  // namespace pt::store
