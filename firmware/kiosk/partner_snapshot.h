// The logged-in partner's data as the screens see it: the cached view (R11: that partner's
// only), the events still pending on top of it (the optimistic view), the running clocks and
// the refused events. Built off the UI thread from the database, then handed over whole and
// read-only; a tap's new event is laid on top in memory (with_event) so the screen shows it at
// once without a query.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "firmware/app/ui_model.h"
#include "sync/plan/handover.h"
#include "sync/plan/overlay.h"
#include "sync/store/terminal_db.h"

namespace pt::kiosk {

struct PartnerSnapshot {
    std::string partner_id;
    std::uint64_t session_generation = 0;  ///< the session it was loaded for
    /// The cached view (as the central plan last sent it) with the terminal's events it does
    /// not reflect yet laid on top, in order (store/optimistic_view.h). Only this one copy of
    /// the 10,000 work steps is held.
    plan::OptimisticView optimistic;
    /// The outbox's last sequence number when `optimistic` was read: a tap recorded after it
    /// is not in it (TerminalApp lays such events on top when it adopts the snapshot).
    std::int64_t outbox_through = 0;
    std::unordered_map<std::string, app::TimePoint> running_since;
    /// Each work step's events recorded here that move people or the clock, in order: each
    /// operator's own time on a step comes from them (product.md §8).
    std::unordered_map<std::string, std::vector<plan::Event>> step_events;
    /// Who recorded them, by operator id (for "paused by …").
    std::unordered_map<std::string, std::string> operator_names;
    std::vector<app::AttentionItem> attention;
    /// The partner's order numbers and work step ids: a run card scanned now opens its step.
    std::unordered_set<std::string> run_card_codes;
    /// Handover (product.md §8), made off the UI thread: what the operator left at their last
    /// logout here (null: they never logged out here; read with the session's first load), and
    /// what changed since on this snapshot's view.
    bool handover_loaded = false;
    std::shared_ptr<const std::vector<plan::StepMemory>> handover_memory;
    std::vector<plan::ChangedStep> handover_changes;
};

/// Loads partner `partner_id`'s snapshot from `db`. Throws StoreError.
[[nodiscard]] std::shared_ptr<PartnerSnapshot> load_snapshot(store::TerminalDb& db,
                                                             const std::string& partner_id,
                                                             std::uint64_t generation);

/// Reads what `operator_id` left at their last logout of the snapshot's partner into it, and
/// the changes since (compare_handover). Throws StoreError.
void load_handover(store::TerminalDb& db, PartnerSnapshot& snapshot, const std::string& operator_id,
                   const std::string& operator_name);
/// Sets the snapshot's handover to `memory` and the changes of its view since.
void compare_handover(PartnerSnapshot& snapshot,
                      std::shared_ptr<const std::vector<plan::StepMemory>> memory,
                      std::string_view operator_name);

/// Lays one more pending event on top of `snapshot` (an event a tap recorded).
void lay_on(PartnerSnapshot& snapshot, const plan::Event& event, std::string_view operator_name);

/// `base` with one more pending event laid on top (the event a tap just recorded).
[[nodiscard]] std::shared_ptr<const PartnerSnapshot> with_event(const PartnerSnapshot& base,
                                                                const plan::Event& event,
                                                                std::string_view operator_name);

}  // namespace pt::kiosk
