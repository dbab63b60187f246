// The cached plan, per partner (R11): what the central plan last sent each partner, with the
// cursor to ask for the next delta. Every call names one partner and touches only that
// partner's rows; there is deliberately no call that lists or reads several partners.
// Objects are stored field for field as received: a column the administrator did not choose
// (R9) is absent when stored and absent when loaded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sync/plan/view.h"
#include "sync/protocol/protocol.h"
#include "sync/store/terminal_db.h"

namespace pt::store {

struct SyncState {
    std::string cursor;   ///< the `cursor` of the last plan response applied
    TimePoint synced_at;  ///< when it was applied (the TerminalDb clock)
    bool operator==(const SyncState&) const = default;
};

class PlanCache {
public:
    explicit PlanCache(TerminalDb& db) : db_(db) {}

    /// Makes `view` the partner's whole cached plan, with `cursor`, in one transaction (a reset
    /// response). Throws StoreError; then the previous cache and cursor are unchanged.
    /// `reflects_outbox_through`: as for apply().
    void replace(std::string_view partner_id, const plan::PartnerView& view,
                 std::string_view cursor, std::int64_t reflects_outbox_through);
    /// Applies one plan response in one transaction: a reset replaces; a delta upserts each
    /// listed object whole, deletes each removed id and stores the new cursor. Throws
    /// StoreError; then nothing of the response was applied.
    /// `reflects_outbox_through` is Outbox::answered_through() from before the pull was sent:
    /// the accepted events up to it are in the response, later ones not yet (Outbox::unreflected).
    void apply(std::string_view partner_id, const protocol::PlanResponse& response,
               std::int64_t reflects_outbox_through);

    /// The partner's cached plan, every list sorted by id, read as one consistent snapshot
    /// (never half of a concurrent apply). Empty for an unknown partner. Throws StoreError.
    [[nodiscard]] plan::PartnerView load(std::string_view partner_id) const;
    /// The cursor for the next pull; nullopt when nothing is cached. Throws StoreError.
    [[nodiscard]] std::optional<std::string> cursor(std::string_view partner_id) const;
    /// The cursor and when it was stored; nullopt when nothing is cached. Throws StoreError.
    [[nodiscard]] std::optional<SyncState> sync_state(std::string_view partner_id) const;

    /// Deletes the partner's cached plan and cursor (the next pull is a reset). Throws StoreError.
    void forget(std::string_view partner_id);

private:
    TerminalDb& db_;
};

}  // namespace pt::store
