// The outbox (product.md §4, §5): every feedback event recorded at this terminal, in recording
// order, until the central plan has answered it. An event is durable when append() returns: the
// row was committed with synchronous=FULL, so it survives a crash, a kill and a power cut.
// Refused events stay with their reason for the attention screen and are never sent again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sync/plan/feedback.h"
#include "sync/protocol/protocol.h"
#include "sync/store/terminal_db.h"

namespace pt::store {

enum class OutboxState : std::uint8_t { pending, accepted, duplicate, rejected };

/// `pending`, `accepted`, `duplicate` or `rejected`.
[[nodiscard]] std::string_view name_of(OutboxState state);

struct OutboxEntry {
    std::int64_t sequence = 0;  ///< per terminal, strictly increasing in recording order
    plan::Event event;
    std::string partner_id;  ///< the partner of the operator who recorded it (R11)
    OutboxState state = OutboxState::pending;
    std::string reason;         ///< for rejected: `not_visible`, `invalid`, … (sync-api.md)
    std::string operator_name;  ///< as the terminal knew it when recording; may be empty
    TimePoint created_at{};
    std::optional<TimePoint> answered_at;
    bool operator==(const OutboxEntry&) const = default;
};

struct OutboxCounts {
    std::int64_t pending = 0;
    std::int64_t rejected = 0;
    bool operator==(const OutboxCounts&) const = default;
};

class Outbox {
public:
    explicit Outbox(TerminalDb& db) : db_(db) {}

    /// Records the event as pending and returns its sequence number; the event is on the disk
    /// when this returns. Throws StoreError (disk_full, io, busy …, or other for an empty or
    /// already recorded id) and then nothing was recorded: never tell the operator "saved".
    /// (After a failed sync the WAL is emptied, so the failed commit cannot come back at the
    /// next open; outbox.cpp says what is left when even that fails.)
    /// `operator_name` is kept for the optimistic view (who joined, who wrote a note).
    [[nodiscard]] std::int64_t append(const plan::Event& event, std::string_view partner_id,
                                      std::string_view operator_name = {});

    /// The highest sequence number ever given (0 before the first event). Throws StoreError.
    [[nodiscard]] std::int64_t last_sequence() const;

    /// Up to `limit` pending events, oldest first — the next batch to push. Throws StoreError.
    [[nodiscard]] std::vector<OutboxEntry> pending(std::size_t limit) const;

    /// Stores the server's answers in one transaction. Only pending events change (a later
    /// answer to an already answered event is ignored, as are unknown ids); returns how many
    /// changed. A `duplicate` is recorded by the first answer it carries (accepted, or rejected
    /// with its reason: a refusal whose answer was lost still reaches the attention screen);
    /// only one without it (an older server) stays `duplicate`. Throws StoreError, and then
    /// none changed.
    std::size_t record_results(const std::vector<protocol::EventResult>& results);
    /// The highest sequence already answered; 0 when none is. Events are answered in recording
    /// order, so a pull sent now reflects every accepted event up to it. Throws StoreError.
    [[nodiscard]] std::int64_t answered_through() const;
    /// The events the partner's cached plan does not reflect yet, oldest first: pending ones,
    /// and accepted ones answered after the pull that made the cache was sent
    /// (PlanCache::apply). Refused ones never count. Besides the partner's own, those of other
    /// partners on a work step or process in this partner's cache (a resource linked to both,
    /// R1): their effect is on what this partner sees anyway. Throws StoreError.
    [[nodiscard]] std::vector<OutboxEntry> unreflected(std::string_view partner_id) const;

    /// The refused events of one partner, oldest first (the attention screen). Throws StoreError.
    [[nodiscard]] std::vector<OutboxEntry> rejected(std::string_view partner_id) const;
    /// For each work step of the partner whose last start/resume event recorded here is not
    /// followed by a pause or finish: when it was started or resumed (the running clocks of
    /// product.md §3, computed from recorded times so they survive restarts). Refused events
    /// do not count. Throws StoreError.
    [[nodiscard]] std::unordered_map<std::string, TimePoint> running_since(
        std::string_view partner_id) const;
    /// The partner's work step events that move people or the clock (started, joined, left,
    /// paused, resumed, finished), in recording order, each with the name it was recorded
    /// under; refused ones left out. Each operator's time on a step and who paused it come from
    /// them (product.md §8). Throws StoreError.
    [[nodiscard]] std::vector<OutboxEntry> step_history(std::string_view partner_id) const;
    /// How many events are pending and how many were refused, over all partners.
    [[nodiscard]] OutboxCounts counts() const;
    /// When the oldest pending event was recorded; nullopt when none is pending.
    [[nodiscard]] std::optional<TimePoint> oldest_pending_time() const;

    /// The entry with this event id, whatever its state; nullopt when unknown.
    [[nodiscard]] std::optional<OutboxEntry> find(std::string_view event_id) const;
    /// Every entry after `after_sequence`, up to `limit`, in order — for the technician and
    /// `terminal-sync outbox`, never for a partner's session (it spans partners).
    [[nodiscard]] std::vector<OutboxEntry> entries_after(std::int64_t after_sequence,
                                                         std::size_t limit) const;
    /// Deletes accepted and duplicate entries answered before `cutoff` (rejected and pending ones
    /// stay); returns how many. Sequence numbers are never reused. Throws StoreError.
    std::size_t prune_delivered(TimePoint cutoff);

private:
    std::int64_t insert_pending(const plan::Event& event, std::string_view partner_id,
                                std::string_view operator_name);
    void discard_failed_commit() noexcept;

    TerminalDb& db_;
};

}  // namespace pt::store
