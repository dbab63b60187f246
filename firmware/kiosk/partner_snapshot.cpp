#include "firmware/kiosk/partner_snapshot.h"

#include "sync/store/handover_memory.h"
#include "sync/store/optimistic_view.h"
#include "sync/store/outbox.h"

namespace pt::kiosk {
namespace {

void fill_running(PartnerSnapshot& snapshot,
                  const std::unordered_map<std::string, app::TimePoint>& recorded) {
    // A clock runs only for a step the (optimistic) view shows in progress.
    snapshot.running_since.clear();
    for (const auto& step : snapshot.optimistic.view.work_steps) {
        if (step.status != plan::WorkStepStatus::in_progress) continue;
        if (const auto found = recorded.find(step.id); found != recorded.end())
            snapshot.running_since.emplace(step.id, found->second);
    }
}

}  // namespace

std::shared_ptr<PartnerSnapshot> load_snapshot(store::TerminalDb& db, const std::string& partner_id,
                                               std::uint64_t generation) {
    auto snapshot = std::make_shared<PartnerSnapshot>();
    snapshot->partner_id = partner_id;
    snapshot->session_generation = generation;
    const store::Outbox outbox(db);
    auto stored = store::load_stored_view(db, partner_id);
    snapshot->optimistic = std::move(stored.optimistic);
    snapshot->outbox_through = stored.outbox_through;
    fill_running(*snapshot, outbox.running_since(partner_id));
    // One read of the outbox for both: who did what on each step, and under which name.
    for (store::OutboxEntry& entry : outbox.step_history(partner_id)) {
        if (!entry.operator_name.empty())
            snapshot->operator_names.insert_or_assign(entry.event.operator_id,
                                                      std::move(entry.operator_name));
        const std::string target = entry.event.target_id;
        snapshot->step_events[target].push_back(std::move(entry.event));
    }
    for (const auto& entry : outbox.rejected(partner_id)) {
        snapshot->attention.push_back({entry.event.id, std::string(plan::name_of(entry.event.type)),
                                       entry.event.target_id, entry.reason, entry.created_at});
    }
    const auto& view = snapshot->optimistic.view;
    snapshot->run_card_codes.reserve(view.work_steps.size() + view.orders.size());
    for (const auto& step : view.work_steps)
        snapshot->run_card_codes.insert(step.id);
    for (const auto& order : view.orders)
        snapshot->run_card_codes.insert(order.number);
    return snapshot;
}

void load_handover(store::TerminalDb& db, PartnerSnapshot& snapshot, const std::string& operator_id,
                   const std::string& operator_name) {
    auto memory = store::HandoverMemory(db).load(operator_id, snapshot.partner_id);
    compare_handover(snapshot,
                     memory
                         ? std::make_shared<const std::vector<plan::StepMemory>>(std::move(*memory))
                         : nullptr,
                     operator_name);
}

void compare_handover(PartnerSnapshot& snapshot,
                      std::shared_ptr<const std::vector<plan::StepMemory>> memory,
                      std::string_view operator_name) {
    snapshot.handover_loaded = true;
    snapshot.handover_memory = std::move(memory);
    snapshot.handover_changes.clear();
    if (snapshot.handover_memory) {
        snapshot.handover_changes =
            plan::changes_since(snapshot.optimistic.view, *snapshot.handover_memory, operator_name);
    }
}

void lay_on(PartnerSnapshot& snapshot, const plan::Event& event, std::string_view operator_name) {
    plan::overlay_one(snapshot.optimistic, event, plan::Answer::pending, operator_name);
    if (event.type != plan::EventType::process_feedback &&
        event.type != plan::EventType::work_step_quantity) {
        snapshot.step_events[event.target_id].push_back(event);
        if (!operator_name.empty())
            snapshot.operator_names.insert_or_assign(event.operator_id, std::string(operator_name));
    }
    std::unordered_map<std::string, app::TimePoint> recorded = snapshot.running_since;
    const app::TimePoint at{event.occurred_at};
    if (event.type == plan::EventType::work_step_started ||
        event.type == plan::EventType::work_step_resumed) {
        recorded.insert_or_assign(event.target_id, at);
    }
    fill_running(snapshot, recorded);
}

std::shared_ptr<const PartnerSnapshot> with_event(const PartnerSnapshot& base,
                                                  const plan::Event& event,
                                                  std::string_view operator_name) {
    auto next = std::make_shared<PartnerSnapshot>(base);
    lay_on(*next, event, operator_name);
    return next;
}

}  // namespace pt::kiosk
