// Delta pulls (sync-api.md GET /plan?cursor=C). A cursor names a snapshot of what the
// partner's terminal holds: for every object of the view its id and a 64-bit hash of every
// field the terminal received (absent columns included). A delta upserts each object whose hash
// differs from the snapshot (or that is new) and removes each snapshot id no longer in the
// view. Convergence holds by construction: whatever changed in the plan — settings, modules,
// links, cancellations, trees — the terminal's copy after the delta equals the view, because
// the delta is computed from the two views, never from the kind of change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/plan/view.h"
#include "sync/protocol/protocol.h"

namespace pt::server {

/// One object of a view as the snapshot remembers it.
struct ObjectHash {
    std::string id;
    std::uint64_t hash = 0;
    bool operator==(const ObjectHash&) const = default;
};

/// What a terminal holds after a pull; every list sorted by id.
struct ViewSnapshot {
    std::vector<ObjectHash> orders;
    std::vector<ObjectHash> resources;
    std::vector<ObjectHash> work_steps;
    std::vector<ObjectHash> processes;
    std::vector<ObjectHash> step_notes;
    bool operator==(const ViewSnapshot&) const = default;
    [[nodiscard]] std::size_t object_count() const {
        return orders.size() + resources.size() + work_steps.size() + processes.size() +
               step_notes.size();
    }
};

// Content hashes over every field the wire carries, with presence flags for the columns.
[[nodiscard]] std::uint64_t content_hash(const plan::ViewOrder& order);
[[nodiscard]] std::uint64_t content_hash(const plan::ViewResource& resource);
[[nodiscard]] std::uint64_t content_hash(const plan::ViewWorkStep& step);
[[nodiscard]] std::uint64_t content_hash(const plan::ViewProcess& process);
[[nodiscard]] std::uint64_t content_hash(const plan::ViewStepNote& note);

/// Sorts every list of the view by id (compute_view already does; this makes it a guarantee).
void sort_by_id(plan::PartnerView& view);
/// The snapshot of a view sorted by id.
[[nodiscard]] ViewSnapshot snapshot_of(const plan::PartnerView& view);

/// Compact binary form for the database. decode_snapshot returns nullopt for a damaged blob
/// (the cursor is then treated as unknown: a full pull, never a wrong delta).
[[nodiscard]] std::string encode_snapshot(const ViewSnapshot& snapshot);
[[nodiscard]] std::optional<ViewSnapshot> decode_snapshot(std::string_view blob);

/// The changes from a terminal holding `before` to `view`.
struct PlanDelta {
    plan::PartnerView upserts;
    protocol::RemovedIds removed;
    [[nodiscard]] bool empty() const;
};

/// `view` sorted by id and `after == snapshot_of(view)`; objects are moved out of `view`.
[[nodiscard]] PlanDelta diff_views(const ViewSnapshot& before, const ViewSnapshot& after,
                                   plan::PartnerView view);

}  // namespace pt::server
