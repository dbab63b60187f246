// Compact construction of hand-made plans for the rule tests.
#pragma once

#include <string>
#include <utility>

#include "sync/plan/plan.h"
#include "sync/plan/view.h"

namespace pt::plan::testing {

inline Timestamp at_hour(int hour) {
    return Timestamp{std::chrono::hours{24 * 20780 + hour}};  // 2026-11-23T00:00Z + hour
}

/// When the tests' views are computed: their plans have no finished_at (R14 retires nothing
/// there) unless a test sets one.
inline const Timestamp kTestNow = at_hour(0);

/// Builds a Dataset step by step; every call returns *this for chaining.
class PlanBuilder {
public:
    PlanBuilder() {
        data_.settings.pause_reasons = {{"MAT", "Waiting for material"}};
        data_.settings.scrap_reasons = {{"SURF", "Surface defect"}};
    }
    PlanBuilder& partner(std::string id, ModuleSet modules = ModuleSet::all(),
                         bool process_feedback = false) {
        Partner p{id, "Partner " + id, modules, process_feedback, {}};
        p.operators.push_back({"OP-" + id, "Operator of " + id, "BADGE-" + id, std::nullopt});
        data_.partners.push_back(std::move(p));
        return *this;
    }
    PlanBuilder& resource(std::string id, bool external, std::vector<std::string> partners) {
        data_.resources.push_back({id, "Resource " + id, external, std::move(partners)});
        return *this;
    }
    PlanBuilder& order(std::string id, std::optional<std::string> parent = std::nullopt,
                       std::optional<Inheritance> inheritance = std::nullopt,
                       std::vector<std::string> named = {}) {
        data_.orders.push_back({id, "PO-" + id, "Article " + id, 10, at_hour(100),
                                std::move(parent), inheritance, std::move(named)});
        return *this;
    }
    PlanBuilder& step(std::string id, std::string order, std::string resource,
                      WorkStepStatus status = WorkStepStatus::open) {
        WorkStep w;
        w.id = std::move(id);
        w.order_id = std::move(order);
        w.resource_id = std::move(resource);
        w.seq = 10;
        w.operation = "Operation";
        w.planned_start = at_hour(8);
        w.planned_end = at_hour(10);
        w.quantity = 10;
        w.status = status;
        w.notes = "secret note";
        data_.work_steps.push_back(std::move(w));
        return *this;
    }
    PlanBuilder& process(std::string id, std::string order,
                         ProcessStatus status = ProcessStatus::open) {
        data_.processes.push_back({id, std::move(order), "Provide material", "material",
                                   at_hour(50), status, "process note"});
        return *this;
    }
    PlanBuilder& default_inheritance(Inheritance value) {
        data_.settings.default_external_inheritance = value;
        return *this;
    }
    Dataset& dataset() { return data_; }
    Plan build() const {
        Plan plan;
        const auto error = plan.replace_all(data_);
        if (error) throw std::runtime_error("test plan refused: " + error->message);
        return plan;
    }

private:
    Dataset data_;
};

template <typename T>
std::vector<std::string> ids_of(const std::vector<T>& list) {
    std::vector<std::string> ids;
    for (const auto& item : list)
        ids.push_back(item.id);
    return ids;
}

inline PartnerView view_of(const Plan& plan, std::string_view partner) {
    auto view = compute_view(plan, partner, kTestNow);
    if (!view) throw std::runtime_error("unknown partner");
    return *view;
}

using Ids = std::vector<std::string>;

}  // namespace pt::plan::testing
