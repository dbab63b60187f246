// The plan's orders, work steps and processes in the orders the console's lists show them, as
// handle permutations: orders by id (and the top-level ones apart), work steps by id, by planned
// start and by order number, processes by id; and the texts the work step list searches, packed
// and lower-cased. Each is built on first use and kept while Plan::layout_revision() stays: a
// report (status, quantities) moves no key and no text, so they outlive the shop floor's traffic
// and a page costs its filter, not a sort of the plan.
//
// Threads: a SortedPlan lives under PlanService's mutex. Building copies the keys under that lock
// (copy_keys, a few milliseconds for a million work steps) and sorts them without it (sort_keys,
// ~100 ms), so terminals never wait for a sort; install() keeps the result only when the plan's
// layout did not move meanwhile.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sync/plan/plan.h"

namespace pt::server {

/// Handles of one kind in sort order, and each handle's position in that order.
struct SortedHandles {
    std::vector<plan::Handle> order;
    std::vector<std::uint32_t> rank;  ///< rank[handle] = position of the handle in `order`
};

/// Orders by id, and the top-level ones among them (by id).
struct SortedOrders {
    SortedHandles by_id;
    std::vector<plan::Handle> top_level;
};

/// What the work step list searches (`q`), lower-cased (ASCII only, as search_folded): each
/// work step's id and operation, each order's number.
struct SearchTexts {
    std::string steps;  ///< per handle: id, U+001F, operation
    std::vector<std::uint32_t> step_end;
    std::string numbers;  ///< per order handle: its number
    std::vector<std::uint32_t> number_end;

    [[nodiscard]] std::string_view step(plan::Handle h) const {
        const std::uint32_t begin = h == 0 ? 0 : step_end[h - 1];
        return std::string_view(steps).substr(begin, step_end[h] - begin);
    }
    [[nodiscard]] std::string_view number(plan::Handle order) const {
        const std::uint32_t begin = order == 0 ? 0 : number_end[order - 1];
        return std::string_view(numbers).substr(begin, number_end[order] - begin);
    }
};

/// What a list needs sorted (bits; combine with |).
enum SortNeed : unsigned {
    kOrdersById = 1U << 0U,
    kWorkStepsById = 1U << 1U,
    kWorkStepsByStart = 1U << 2U,   ///< planned start, ties by id
    kWorkStepsByNumber = 1U << 3U,  ///< order number, ties by order id, then by id
    kProcessesById = 1U << 4U,
    kWorkStepSearch = 1U << 5U,  ///< SearchTexts
};

/// The sorted lists of one layout of the plan; a part is null until built.
struct SortedParts {
    std::uint64_t layout = 0;
    std::shared_ptr<const SortedOrders> orders;
    std::shared_ptr<const SortedHandles> work_steps_by_id;
    std::shared_ptr<const SortedHandles> work_steps_by_start;
    std::shared_ptr<const SortedHandles> work_steps_by_number;
    std::shared_ptr<const SortedHandles> processes_by_id;
    std::shared_ptr<const SearchTexts> work_step_search;

    /// True when every part `needs` names is built.
    [[nodiscard]] bool has(unsigned needs) const;
};

/// The keys a build sorts, copied from the plan (and the parts already built for its layout).
struct SortKeys;
struct SortKeysDeleter {
    void operator()(SortKeys* keys) const;
};
using SortKeysPtr = std::unique_ptr<SortKeys, SortKeysDeleter>;

class SortedPlan {
public:
    SortedPlan();
    ~SortedPlan();
    SortedPlan(const SortedPlan&) = delete;
    SortedPlan& operator=(const SortedPlan&) = delete;

    /// The parts for the plan's current layout when all of `needs` are built; null otherwise.
    [[nodiscard]] const SortedParts* current(const plan::Plan& plan, unsigned needs) const;
    /// Copies what sorting the missing parts of `needs` takes (under the lock).
    [[nodiscard]] SortKeysPtr copy_keys(const plan::Plan& plan, unsigned needs) const;
    /// Keeps `parts` when the plan's layout is still theirs (under the lock); false otherwise.
    bool install(const plan::Plan& plan, SortedParts parts);
    /// copy_keys, sort_keys and install in one, for a caller that keeps the lock throughout.
    const SortedParts& build(const plan::Plan& plan, unsigned needs);

private:
    SortedParts parts_;
};

/// Sorts what `keys` holds (no lock needed): the parts of its layout, old and new.
[[nodiscard]] SortedParts sort_keys(SortKeysPtr keys);

}  // namespace pt::server
