// Which objects a page of the console's lists shows (issue 16): filters, search and paging over
// the plan's handles in the orders of sorted_plan.h. Pure reading of the plan (the caller holds
// the service's lock); the endpoints copy the page's objects out and encode them without it.
//
// Cost at a million work steps: a page without filters is a slice of the sorted list; a filter
// by order, resource or partner reads only the objects linked to it (a partner's: what it sees);
// status and search read every candidate once, in handle order (memory order), and then walk the
// sorted list for the page (a bitmap lookup per entry), so a deep offset costs what page 1 costs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sync/plan/plan.h"
#include "sync/server/sorted_plan.h"

namespace pt::plan {
struct PartnerAccess;
}

namespace pt::server {

/// The handles on one page, and how many match in all.
struct HandlePage {
    std::vector<plan::Handle> handles;
    std::int64_t total = 0;
};

struct WorkStepFilter {
    /// A filter named an object that does not exist: nothing matches.
    bool nothing = false;
    std::optional<plan::Handle> order;
    std::optional<plan::Handle> resource;
    /// The work steps this partner sees (R1–R14, as its terminal's pull); the caller keeps it.
    const plan::PartnerAccess* partner = nullptr;
    std::optional<plan::WorkStepStatus> status;
    /// Lower case (search_folded): in the id, the operation or the order's number.
    std::optional<std::string> search;
    /// kWorkStepsById, kWorkStepsByStart or kWorkStepsByNumber.
    SortNeed sort = kWorkStepsById;
    bool descending = false;
    std::size_t offset = 0;
    std::size_t limit = 50;
};
/// `parts` must hold `filter.sort`; with a search, kWorkStepSearch too (else the records are read).
[[nodiscard]] HandlePage select_work_steps(const plan::Plan& plan, const SortedParts& parts,
                                           const WorkStepFilter& filter);

struct ProcessFilter {
    bool nothing = false;
    std::optional<plan::Handle> order;
    std::optional<plan::ProcessStatus> status;
    /// Lower case: in the id, the name or the order's number.
    std::optional<std::string> search;
    std::size_t offset = 0;
    std::size_t limit = 50;
};
/// By id; `parts` must hold kProcessesById.
[[nodiscard]] HandlePage select_processes(const plan::Plan& plan, const SortedParts& parts,
                                          const ProcessFilter& filter);

struct OrderFilter {
    /// The sub-orders of this order; none: the top-level orders, or every order with `search`.
    std::optional<plan::Handle> parent;
    /// Lower case: in the id, the number or the article.
    std::optional<std::string> search;
    /// Only ids after this one (byte order).
    std::optional<std::string> after;
    std::size_t limit = 200;
};
struct OrderPage {
    std::vector<plan::Handle> handles;
    bool more = false;  ///< further orders match after the last one
};
/// By id; `parts` must hold kOrdersById.
[[nodiscard]] OrderPage select_orders(const plan::Plan& plan, const SortedParts& parts,
                                      const OrderFilter& filter);

}  // namespace pt::server
