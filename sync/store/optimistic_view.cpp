#include "sync/store/optimistic_view.h"

#include "sync/store/db_impl.h"
#include "sync/store/outbox.h"
#include "sync/store/plan_cache.h"

namespace pt::store {

StoredView load_stored_view(TerminalDb& db, std::string_view partner_id) {
    auto& impl = db.impl();
    plan::PartnerView cached;
    std::vector<OutboxEntry> events;
    std::int64_t through = 0;
    detail::guarded(impl, "reading the optimistic view", [&] {
        const detail::ReadSnapshot snapshot(impl.db);
        cached = PlanCache(db).load(partner_id);
        events = Outbox(db).unreflected(partner_id);
        through = Outbox(db).last_sequence();
    });
    StoredView stored{.optimistic = {.view = std::move(cached)}, .outbox_through = through};
    for (const OutboxEntry& entry : events) {
        plan::overlay_one(
            stored.optimistic, entry.event,
            entry.state == OutboxState::pending ? plan::Answer::pending : plan::Answer::accepted,
            entry.operator_name);
    }
    return stored;
}

plan::OptimisticView load_optimistic_view(TerminalDb& db, std::string_view partner_id) {
    return load_stored_view(db, partner_id).optimistic;
}

}  // namespace pt::store
