#include "sync/store/optimistic_view.h"

#include "sync/store/db_impl.h"
#include "sync/store/outbox.h"
#include "sync/store/plan_cache.h"

namespace pt::store {

plan::OptimisticView load_optimistic_view(TerminalDb& db, std::string_view partner_id) {
    auto& impl = db.impl();
    plan::PartnerView cached;
    std::vector<OutboxEntry> events;
    detail::guarded(impl, "reading the optimistic view", [&] {
        const detail::ReadSnapshot snapshot(impl.db);
        cached = PlanCache(db).load(partner_id);
        events = Outbox(db).unreflected(partner_id);
    });
    plan::OptimisticView view{.view = std::move(cached)};
    for (const OutboxEntry& entry : events) {
        plan::overlay_one(
            view, entry.event,
            entry.state == OutboxState::pending ? plan::Answer::pending : plan::Answer::accepted);
    }
    return view;
}

}  // namespace pt::store
