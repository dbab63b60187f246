#include "sync/server/plan_lists.h"

#include <algorithm>
#include <span>

#include "sync/plan/access.h"
#include "sync/plan/view.h"
#include "sync/server/query_params.h"

namespace pt::server {
namespace {

using plan::Handle;

/// A candidate list this much smaller than the plan is sorted on its own; a larger one is
/// marked in a bitmap and read off the sorted list (no sort per request).
constexpr std::size_t kSmallCandidates = 8;

/// Handles `offset` … `offset + limit` of the `total` in `ascending` (ascending order; walked
/// backwards when `descending`).
template <typename At>
void take_slice(HandlePage& page, std::size_t total, At ascending_at, bool descending,
                std::size_t offset, std::size_t limit) {
    page.total = static_cast<std::int64_t>(total);
    for (std::size_t i = offset; i < total && page.handles.size() < limit; ++i)
        page.handles.push_back(ascending_at(descending ? total - 1 - i : i));
}

/// The page among the handles `matches` accepts: of `candidates` (every handle when null), in
/// the order of `sorted`. `filtered`: some filter applies besides the candidates.
template <typename Matches>
HandlePage select_sorted(const SortedHandles& sorted, const std::vector<Handle>* candidates,
                         bool filtered, Matches matches, bool descending, std::size_t offset,
                         std::size_t limit) {
    HandlePage page;
    const std::vector<Handle>& order = sorted.order;
    const std::size_t n = order.size();
    if (candidates == nullptr && !filtered) {
        take_slice(
            page, n, [&](std::size_t i) { return order[i]; }, descending, offset, limit);
        return page;
    }
    if (candidates != nullptr && candidates->size() * kSmallCandidates < n) {
        std::vector<Handle> hits;
        for (const Handle h : *candidates) {
            if (matches(h)) hits.push_back(h);
        }
        std::sort(hits.begin(), hits.end(),
                  [&](Handle a, Handle b) { return sorted.rank[a] < sorted.rank[b]; });
        take_slice(
            page, hits.size(), [&](std::size_t i) { return hits[i]; }, descending, offset, limit);
        return page;
    }
    // Read every candidate once in handle order (the plan's memory order), then the sorted list.
    std::vector<std::uint8_t> hit(n, 0);
    std::size_t total = 0;
    const auto mark = [&](Handle h) {
        if (matches(h)) {
            hit[h] = 1;
            ++total;
        }
    };
    if (candidates != nullptr) {
        std::for_each(candidates->begin(), candidates->end(), mark);
    } else {
        for (Handle h = 0; h < n; ++h)
            mark(h);
    }
    page.total = static_cast<std::int64_t>(total);
    std::size_t skipped = 0;
    for (std::size_t i = 0;
         i < n && page.handles.size() < limit && skipped + page.handles.size() < total; ++i) {
        const Handle h = order[descending ? n - 1 - i : i];
        if (hit[h] == 0) continue;
        if (skipped < offset) {
            ++skipped;
        } else {
            page.handles.push_back(h);
        }
    }
    return page;
}

/// Whether an order's number holds the search text, each order read once per request (from
/// `texts` when given, lower-cased already; else from the plan).
class OrderNumberSearch {
public:
    OrderNumberSearch(const plan::Plan& plan, const std::optional<std::string>& search,
                      const SearchTexts* texts = nullptr)
        : plan_(plan), search_(search), texts_(texts) {
        if (search_) known_.assign(plan.order_count(), kUnknown);
    }
    [[nodiscard]] bool holds(Handle order) {
        std::int8_t& known = known_[order];
        if (known == kUnknown) {
            const bool found = texts_ != nullptr
                                   ? texts_->number(order).find(*search_) != std::string_view::npos
                                   : search_folded(plan_.order_at(order).number, *search_);
            known = found ? 1 : 0;
        }
        return known == 1;
    }

private:
    static constexpr std::int8_t kUnknown = -1;
    const plan::Plan& plan_;
    const std::optional<std::string>& search_;
    const SearchTexts* texts_;
    std::vector<std::int8_t> known_;
};

/// The handles of `lists`, one after another.
std::vector<Handle> joined(const std::vector<std::span<const Handle>>& lists) {
    std::size_t size = 0;
    for (const auto& list : lists)
        size += list.size();
    std::vector<Handle> all;
    all.reserve(size);
    for (const auto& list : lists)
        all.insert(all.end(), list.begin(), list.end());
    return all;
}

}  // namespace

HandlePage select_work_steps(const plan::Plan& plan, const SortedParts& parts,
                             const WorkStepFilter& filter) {
    if (filter.nothing) return {};
    const SortedHandles& sorted = filter.sort == kWorkStepsByStart    ? *parts.work_steps_by_start
                                  : filter.sort == kWorkStepsByNumber ? *parts.work_steps_by_number
                                                                      : *parts.work_steps_by_id;
    // The smallest list the filters name is where the candidates come from.
    std::optional<std::vector<Handle>> candidates;
    const auto offer = [&](const std::vector<std::span<const Handle>>& lists) {
        std::size_t size = 0;
        for (const auto& list : lists)
            size += list.size();
        if (!candidates || size < candidates->size()) candidates = joined(lists);
    };
    if (filter.order) offer({plan.work_steps_of(*filter.order)});
    if (filter.resource) offer({plan.work_steps_on(*filter.resource)});
    if (filter.partner != nullptr) offer({plan::visible_handles(plan, *filter.partner).work_steps});
    // Packed columns, not the records: a scan reads a byte (status) or a few (the texts) per step.
    const std::span<const plan::WorkStepStatus> statuses = plan.work_step_statuses();
    const SearchTexts* texts = parts.work_step_search.get();
    OrderNumberSearch numbers(plan, filter.search, texts);
    const auto matches = [&](Handle h) {
        if (filter.status && statuses[h] != *filter.status) return false;
        if (filter.order && plan.order_of_work_step(h) != *filter.order) return false;
        if (filter.resource && plan.resource_of(h) != *filter.resource) return false;
        if (filter.partner != nullptr && !filter.partner->sees_work_step(plan, h)) return false;
        if (filter.search) {
            if (texts != nullptr) {
                if (texts->step(h).find(*filter.search) != std::string_view::npos) return true;
            } else {
                const plan::WorkStep& step = plan.work_step_at(h);
                if (search_folded(step.id, *filter.search) ||
                    search_folded(step.operation, *filter.search)) {
                    return true;
                }
            }
            return numbers.holds(plan.order_of_work_step(h));
        }
        return true;
    };
    return select_sorted(sorted, candidates ? &*candidates : nullptr,
                         filter.status.has_value() || filter.search.has_value(), matches,
                         filter.descending, filter.offset, filter.limit);
}

HandlePage select_processes(const plan::Plan& plan, const SortedParts& parts,
                            const ProcessFilter& filter) {
    if (filter.nothing) return {};
    std::optional<std::vector<Handle>> candidates;
    if (filter.order) {
        const auto list = plan.processes_of(*filter.order);
        candidates.emplace(list.begin(), list.end());
    }
    OrderNumberSearch numbers(plan, filter.search);
    const auto matches = [&](Handle h) {
        const plan::Process& process = plan.process_at(h);
        if (filter.status && process.status != *filter.status) return false;
        if (filter.search && !search_folded(process.id, *filter.search) &&
            !search_folded(process.name, *filter.search) &&
            !numbers.holds(plan.order_of_process(h))) {
            return false;
        }
        return true;
    };
    return select_sorted(*parts.processes_by_id, candidates ? &*candidates : nullptr,
                         filter.status.has_value() || filter.search.has_value(), matches, false,
                         filter.offset, filter.limit);
}

OrderPage select_orders(const plan::Plan& plan, const SortedParts& parts,
                        const OrderFilter& filter) {
    const SortedOrders& orders = *parts.orders;
    std::vector<Handle> children;
    std::span<const Handle> list;
    if (filter.parent) {
        const auto direct = plan.children_of(*filter.parent);
        children.assign(direct.begin(), direct.end());
        std::sort(children.begin(), children.end(),
                  [&](Handle a, Handle b) { return orders.by_id.rank[a] < orders.by_id.rank[b]; });
        list = children;
    } else if (filter.search) {
        list = orders.by_id.order;
    } else {
        list = orders.top_level;
    }
    auto from = list.begin();
    if (filter.after) {
        from = std::partition_point(list.begin(), list.end(),
                                    [&](Handle h) { return plan.order_at(h).id <= *filter.after; });
    }
    OrderPage page;
    for (auto it = from; it != list.end(); ++it) {
        const plan::Order& order = plan.order_at(*it);
        if (filter.search && !search_folded(order.id, *filter.search) &&
            !search_folded(order.number, *filter.search) &&
            !search_folded(order.article, *filter.search)) {
            continue;
        }
        if (page.handles.size() == filter.limit) {
            page.more = true;
            break;
        }
        page.handles.push_back(*it);
    }
    return page;
}

}  // namespace pt::server
