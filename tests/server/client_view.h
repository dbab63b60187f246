// What a terminal holds after applying plan answers as sync-api.md says (a reset clears; every
// listed object is upserted whole; every removed id goes), for the service tests that compare it
// with a full pull.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sync/plan/view.h"
#include "sync/protocol/protocol.h"

namespace pt::server::testing {

/// What a terminal holds: objects by id, updated exactly as the contract says.
struct ClientView {
    std::map<std::string, plan::ViewOrder> orders;
    std::map<std::string, plan::ViewResource> resources;
    std::map<std::string, plan::ViewWorkStep> work_steps;
    std::map<std::string, plan::ViewProcess> processes;
    std::map<std::string, plan::ViewStepNote> step_notes;

    void apply(const protocol::PlanResponse& response) {
        if (response.reset) *this = ClientView{};
        upsert(orders, response.view.orders);
        upsert(resources, response.view.resources);
        upsert(work_steps, response.view.work_steps);
        upsert(processes, response.view.processes);
        upsert(step_notes, response.view.step_notes);
        for (const auto& id : response.removed.step_notes)
            step_notes.erase(id);
        for (const auto& id : response.removed.orders)
            orders.erase(id);
        for (const auto& id : response.removed.resources)
            resources.erase(id);
        for (const auto& id : response.removed.work_steps)
            work_steps.erase(id);
        for (const auto& id : response.removed.processes)
            processes.erase(id);
    }
    [[nodiscard]] plan::PartnerView as_view() const {
        return {values(orders), values(resources), values(work_steps), values(processes),
                values(step_notes)};
    }

private:
    template <typename T>
    static void upsert(std::map<std::string, T>& map, const std::vector<T>& list) {
        for (const T& item : list)
            map[item.id] = item;
    }
    template <typename T>
    static std::vector<T> values(const std::map<std::string, T>& map) {
        std::vector<T> list;
        for (const auto& [id, item] : map)
            list.push_back(item);
        return list;
    }
};

}  // namespace pt::server::testing
