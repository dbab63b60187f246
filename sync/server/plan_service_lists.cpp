// PlanService: the lists the web console reads instead of the whole dataset (issue 16):
// partners, resources, settings, and pages of orders, work steps and processes. The parameters
// are checked first (400), the page is chosen and its objects copied under the lock
// (plan_lists.h), and the answer is encoded without it.
#include <algorithm>

#include "sync/plan/access.h"
#include "sync/server/plan_lists.h"
#include "sync/server/plan_service_impl.h"
#include "sync/server/query_params.h"

namespace pt::server {
namespace {

constexpr std::int64_t kDefaultOrderPage = 200;
constexpr std::int64_t kLargestOrderPage = 1'000;
constexpr std::int64_t kDefaultListPage = 50;
constexpr std::int64_t kLargestListPage = 500;
/// Any offset is fine (nothing is allocated for it); this keeps it a plain number.
constexpr std::int64_t kLargestOffset = 1'000'000'000;

/// Runs `read(parts)` under the service's lock once the sorted lists `needs` names are current.
/// A missing list is sorted outside the lock from keys copied under it (sorted_plan.h); should
/// the plan's layout move during three sorts running, the fourth sorts under the lock.
template <typename State, typename Read>
auto read_sorted(State& x, unsigned needs, Read read) {
    std::unique_lock lock(x.mutex);
    for (int attempt = 0;; ++attempt) {
        if (const SortedParts* parts = x.sorted.current(x.plan, needs)) return read(*parts);
        if (attempt == 3) return read(x.sorted.build(x.plan, needs));
        auto keys = x.sorted.copy_keys(x.plan, needs);
        lock.unlock();
        SortedParts parts = sort_keys(std::move(keys));
        lock.lock();
        (void)x.sorted.install(x.plan, std::move(parts));
    }
}

/// `sort` of the work step list: `id`, `planned_start`, `order_number`, each may start with `-`
/// (descending: the exact reverse).
std::pair<SortNeed, bool> work_step_sort(const QueryParams& query) {
    const std::string* text = query.find("sort");
    if (text == nullptr) return {kWorkStepsById, false};
    std::string_view name = *text;
    const bool descending = name.starts_with('-');
    if (descending) name.remove_prefix(1);
    if (name == "id") return {kWorkStepsById, descending};
    if (name == "planned_start") return {kWorkStepsByStart, descending};
    if (name == "order_number") return {kWorkStepsByNumber, descending};
    throw BadQuery(
        "sort: one of id, -id, planned_start, -planned_start, order_number, "
        "-order_number is expected");
}

template <typename Id, typename Find>
std::optional<plan::Handle> handle_or_nothing(const std::optional<Id>& id, Find find,
                                              bool& nothing) {
    if (!id) return std::nullopt;
    auto handle = find(*id);
    if (!handle) nothing = true;
    return handle;
}

/// Where a page of a list starts and how long it is: `offset` and `limit` (BadQuery → 400).
template <typename Filter>
void read_page_window(const QueryParams& query, Filter& filter) {
    filter.offset = static_cast<std::size_t>(count_param(query, "offset", 0, 0, kLargestOffset));
    filter.limit = static_cast<std::size_t>(
        count_param(query, "limit", kDefaultListPage, 1, kLargestListPage));
}

/// The order a list is filtered by; an id that names nothing filters everything out.
std::optional<plan::Handle> order_filter(const plan::Plan& plan,
                                         const std::optional<std::string>& order_id,
                                         bool& nothing) {
    return handle_or_nothing(
        order_id, [&](const std::string& id) { return plan.order_handle(id); }, nothing);
}

}  // namespace

Reply PlanService::get_partners(std::string_view bearer) {
    const auto caller = impl_->authorize(bearer, Role::viewer);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    std::vector<protocol::ListedPartner> listed;
    {
        const std::lock_guard lock(impl_->mutex);
        const plan::Plan& plan = impl_->plan;
        const auto wrong_pins = impl_->auth.wrong_pins_by_operator();
        listed.reserve(plan.partner_count());
        for (plan::Handle h = 0; h < plan.partner_count(); ++h) {
            protocol::ListedPartner partner{plan.partner_at(h), {}};
            for (const plan::Operator& op : partner.partner.operators) {
                const auto found = wrong_pins.find(op.id);
                const std::int64_t count = found == wrong_pins.end() ? 0 : found->second;
                partner.locks.push_back({count, count >= kWrongPinsBeforeLock});
            }
            listed.push_back(std::move(partner));
        }
    }
    std::sort(listed.begin(), listed.end(),
              [](const auto& a, const auto& b) { return a.partner.id < b.partner.id; });
    return json_reply(200, protocol::encode_partner_list(listed));
}

Reply PlanService::get_resources(std::string_view bearer) {
    const auto caller = impl_->authorize(bearer, Role::viewer);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    std::vector<plan::Resource> resources;
    {
        const std::lock_guard lock(impl_->mutex);
        const plan::Plan& plan = impl_->plan;
        resources.reserve(plan.resource_count());
        for (plan::Handle h = 0; h < plan.resource_count(); ++h)
            resources.push_back(plan.resource_at(h));
    }
    std::sort(resources.begin(), resources.end(),
              [](const auto& a, const auto& b) { return a.id < b.id; });
    return json_reply(200, protocol::encode_resource_list(resources));
}

Reply PlanService::get_settings(std::string_view bearer) {
    const auto caller = impl_->authorize(bearer, Role::viewer);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    plan::Settings settings;
    {
        const std::lock_guard lock(impl_->mutex);
        settings = impl_->plan.settings();
    }
    return json_reply(200, protocol::encode_settings(settings));
}

Reply PlanService::get_orders(std::string_view bearer, const QueryParams& query) {
    const auto caller = impl_->authorize(bearer, Role::viewer);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    OrderFilter filter;
    std::optional<std::string> parent_id;
    try {
        parent_id = id_param(query, "parent_id");
        filter.after = id_param(query, "after");
        filter.search = search_param(query, "q");
        filter.limit = static_cast<std::size_t>(
            count_param(query, "limit", kDefaultOrderPage, 1, kLargestOrderPage));
    } catch (const BadQuery& error) {
        return bad_query_reply(error);
    }
    std::vector<protocol::ListedOrder> listed;
    bool more = false;
    const bool found = read_sorted(*impl_, kOrdersById, [&](const SortedParts& parts) {
        const plan::Plan& plan = impl_->plan;
        if (parent_id) {
            filter.parent = plan.order_handle(*parent_id);
            if (!filter.parent) return false;
        }
        const OrderPage page = select_orders(plan, parts, filter);
        more = page.more;
        listed.reserve(page.handles.size());
        for (const plan::Handle h : page.handles) {
            listed.push_back({plan.order_at(h),
                              static_cast<std::int64_t>(plan.children_of(h).size()),
                              static_cast<std::int64_t>(plan.work_steps_of(h).size()),
                              static_cast<std::int64_t>(plan.processes_of(h).size())});
        }
        return true;
    });
    if (!found) {
        return plan_error_reply(
            {plan::PlanError::Kind::not_found, "order '" + *parent_id + "' does not exist"});
    }
    std::optional<std::string> next;
    if (more) next = listed.back().order.id;
    return json_reply(200, protocol::encode_order_page(listed, next));
}

Reply PlanService::get_work_steps(std::string_view bearer, const QueryParams& query) {
    const auto caller = impl_->authorize(bearer, Role::viewer);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    WorkStepFilter filter;
    std::optional<std::string> order_id;
    std::optional<std::string> resource_id;
    std::optional<std::string> partner_id;
    try {
        order_id = id_param(query, "order_id");
        resource_id = id_param(query, "resource_id");
        partner_id = id_param(query, "partner_id");
        filter.status = enum_param(query, "status", plan::work_step_status_from_name,
                                   "open, in_progress, paused, finished, cancelled");
        filter.search = search_param(query, "q");
        std::tie(filter.sort, filter.descending) = work_step_sort(query);
        read_page_window(query, filter);
    } catch (const BadQuery& error) {
        return bad_query_reply(error);
    }
    std::vector<protocol::ListedWorkStep> listed;
    const unsigned needs = filter.sort | (filter.search ? kWorkStepSearch : 0U);
    const std::int64_t total = read_sorted(*impl_, needs, [&](const SortedParts& parts) {
        const plan::Plan& plan = impl_->plan;
        // An id that names nothing filters everything out (a filter, not a lookup).
        filter.order = order_filter(plan, order_id, filter.nothing);
        filter.resource = handle_or_nothing(
            resource_id, [&](const std::string& id) { return plan.resource_handle(id); },
            filter.nothing);
        // What the partner's terminal would pull now.
        std::optional<plan::PartnerAccess> access;
        if (partner_id) {
            access = plan::compute_access(plan, *partner_id, impl_->now());
            if (access)
                filter.partner = &*access;
            else
                filter.nothing = true;
        }
        const HandlePage page = select_work_steps(plan, parts, filter);
        listed.reserve(page.handles.size());
        for (const plan::Handle h : page.handles) {
            listed.push_back({plan.work_step_at(h),
                              plan.order_at(plan.order_of_work_step(h)).number,
                              plan.resource_at(plan.resource_of(h)).name});
        }
        return page.total;
    });
    return json_reply(200, protocol::encode_work_step_page(
                               listed, total, static_cast<std::int64_t>(filter.offset)));
}

Reply PlanService::get_processes(std::string_view bearer, const QueryParams& query) {
    const auto caller = impl_->authorize(bearer, Role::viewer);
    if (const Reply* refused = std::get_if<Reply>(&caller)) return *refused;
    ProcessFilter filter;
    std::optional<std::string> order_id;
    try {
        order_id = id_param(query, "order_id");
        filter.status = enum_param(query, "status", plan::process_status_from_name,
                                   "open, in_progress, done, cancelled");
        filter.search = search_param(query, "q");
        read_page_window(query, filter);
    } catch (const BadQuery& error) {
        return bad_query_reply(error);
    }
    std::vector<protocol::ListedProcess> listed;
    const std::int64_t total = read_sorted(*impl_, kProcessesById, [&](const SortedParts& parts) {
        const plan::Plan& plan = impl_->plan;
        filter.order = order_filter(plan, order_id, filter.nothing);
        const HandlePage page = select_processes(plan, parts, filter);
        listed.reserve(page.handles.size());
        for (const plan::Handle h : page.handles)
            listed.push_back({plan.process_at(h), plan.order_at(plan.order_of_process(h)).number});
        return page.total;
    });
    return json_reply(200, protocol::encode_process_page(listed, total,
                                                         static_cast<std::int64_t>(filter.offset)));
}

}  // namespace pt::server
