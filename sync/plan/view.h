// What a partner's terminal receives (sync-api.md GET /plan): R1–R10, with R9 applied by
// construction — a column the administrator did not choose is never filled in.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sync/plan/plan.h"

namespace pt::plan {

struct ViewOrder {
    std::string id;
    std::string number;
    std::string article;
    std::int64_t quantity = 0;
    Timestamp due{};
    std::optional<std::string> parent_id;
    std::string top_id;
    bool operator==(const ViewOrder&) const = default;
};

struct ViewResource {
    std::string id;
    std::string name;
    bool own = false;
    bool operator==(const ViewResource&) const = default;
};

/// Identity fields always; each column only when chosen (R9).
struct ViewWorkStep {
    std::string id;
    std::string order_id;
    std::string resource_id;
    WorkStepStatus status = WorkStepStatus::open;
    bool feedback_allowed = false;
    std::optional<std::string> order_number;
    std::optional<std::string> article;
    std::optional<std::string> operation;
    std::optional<std::int64_t> seq;
    std::optional<std::string> resource_name;
    std::optional<Timestamp> planned_start;
    std::optional<Timestamp> planned_end;
    std::optional<std::int64_t> quantity;
    std::optional<std::int64_t> quantity_good;
    std::optional<std::int64_t> quantity_scrap;
    std::optional<std::string> notes;
    bool operator==(const ViewWorkStep&) const = default;
};

struct ViewProcess {
    std::string id;
    std::string order_id;
    ProcessStatus status = ProcessStatus::open;
    bool feedback_allowed = false;
    std::optional<std::string> order_number;
    std::optional<std::string> name;
    std::optional<std::string> type;
    std::optional<Timestamp> due;
    std::optional<std::string> notes;
    bool operator==(const ViewProcess&) const = default;
};

/// One partner's share of the plan; every list sorted by id.
struct PartnerView {
    std::vector<ViewOrder> orders;
    std::vector<ViewResource> resources;
    std::vector<ViewWorkStep> work_steps;
    std::vector<ViewProcess> processes;
    bool operator==(const PartnerView&) const = default;
};

/// The partner's view; nullopt for an unknown partner.
[[nodiscard]] std::optional<PartnerView> compute_view(const Plan& plan,
                                                      std::string_view partner_id);

}  // namespace pt::plan
