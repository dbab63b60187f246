// bench_generator_check: generates the benchmark plan at tenth and full scale, loads it into
// a Plan and computes the measured partner's view, printing counts and times. Confirms that
// P0000's share is the same at both scales, and cross-checks the view's counts against the
// rules applied naively to the whole dataset. Not a ctest test: run it by hand.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "sync/plan/plan.h"
#include "sync/plan/view.h"
#include "tests/bench/plan_generator.h"

namespace {

using Clock = std::chrono::steady_clock;
using pt::plan::WorkStepStatus;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct ShareCounts {
    std::size_t orders = 0;
    std::size_t work_steps = 0;
    std::size_t own_work_steps = 0;
    std::size_t processes = 0;
};

/// R1–R7 for one partner by brute force over the whole dataset: the reference.
ShareCounts naive_share(const pt::plan::Dataset& data, std::string_view partner_id) {
    const auto partner = std::find_if(data.partners.begin(), data.partners.end(),
                                      [&](const auto& p) { return p.id == partner_id; });
    std::unordered_set<std::string_view> own;
    for (const auto& r : data.resources) {
        const auto& links = r.partner_ids;
        if (r.external && std::find(links.begin(), links.end(), partner_id) != links.end()) {
            own.insert(r.id);
        }
    }
    std::unordered_map<std::string_view, std::size_t> index;
    for (std::size_t i = 0; i < data.orders.size(); ++i)
        index.emplace(data.orders[i].id, i);
    std::vector<std::size_t> top(data.orders.size());
    for (std::size_t i = 0; i < data.orders.size(); ++i) {
        std::size_t t = i;
        while (data.orders[t].parent_id)
            t = index.at(*data.orders[t].parent_id);
        top[i] = t;
    }
    std::unordered_set<std::size_t> anchors, open_tops;  // open: every order and step visible
    for (const auto& s : data.work_steps) {
        if (s.status == WorkStepStatus::cancelled || !own.contains(s.resource_id)) continue;
        const std::size_t o = index.at(s.order_id);
        anchors.insert(o);
        if (data.orders[top[o]].external_inheritance == pt::plan::Inheritance::full) {
            open_tops.insert(top[o]);
        }
    }
    for (std::size_t i = 0; i < data.orders.size(); ++i) {
        const auto& named = data.orders[i].named_partner_ids;
        if (std::find(named.begin(), named.end(), partner_id) != named.end()) {
            open_tops.insert(top[i]);
        }
    }
    ShareCounts counts;
    std::unordered_set<std::size_t> related;
    for (std::size_t i = 0; i < data.orders.size(); ++i) {
        if (anchors.contains(i) || open_tops.contains(top[i])) related.insert(i);
    }
    counts.orders = related.size();
    for (const auto& s : data.work_steps) {
        if (s.status == WorkStepStatus::cancelled) continue;
        const bool mine = own.contains(s.resource_id);
        if (mine || open_tops.contains(top[index.at(s.order_id)])) ++counts.work_steps;
        if (mine) ++counts.own_work_steps;
    }
    if (partner != data.partners.end() && partner->allow_process_feedback) {
        for (const auto& p : data.processes) {
            if (p.status != pt::plan::ProcessStatus::cancelled &&
                related.contains(index.at(p.order_id))) {
                ++counts.processes;
            }
        }
    }
    return counts;
}

bool check(const char* label, const pt::bench::BenchShape& shape) {
    const auto generate_start = Clock::now();
    pt::plan::Dataset data = pt::bench::make_bench_dataset(shape, 20261123);
    const double generate_ms = ms_since(generate_start);
    std::printf("%s: %zu partners, %zu resources, %zu orders, %zu work steps, %zu processes\n",
                label, data.partners.size(), data.resources.size(), data.orders.size(),
                data.work_steps.size(), data.processes.size());
    const ShareCounts expected = naive_share(data, pt::bench::kMeasuredPartner);

    pt::plan::Plan plan;
    const auto index_start = Clock::now();
    if (const auto error = plan.replace_all(std::move(data))) {
        std::printf("  replace_all refused the plan: %s\n", error->message.c_str());
        return false;
    }
    const double index_ms = ms_since(index_start);

    double view_ms = 1e9;
    std::optional<pt::plan::PartnerView> view;
    for (int round = 0; round < 5; ++round) {
        const auto view_start = Clock::now();
        view = pt::plan::compute_view(
            plan, pt::bench::kMeasuredPartner,
            std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()));
        view_ms = std::min(view_ms, ms_since(view_start));
    }
    if (!view) {
        std::printf("  no view for %s\n", std::string(pt::bench::kMeasuredPartner).c_str());
        return false;
    }
    const auto own_steps =
        static_cast<std::size_t>(std::count_if(view->work_steps.begin(), view->work_steps.end(),
                                               [](const auto& s) { return s.feedback_allowed; }));
    std::printf(
        "  generate %.0f ms, replace_all %.0f ms, compute_view(P0000) %.2f ms (best of 5)\n",
        generate_ms, index_ms, view_ms);
    std::printf(
        "  P0000 view: %zu work steps (%zu own, %zu read-only), %zu orders, %zu resources, "
        "%zu processes\n",
        view->work_steps.size(), own_steps, view->work_steps.size() - own_steps,
        view->orders.size(), view->resources.size(), view->processes.size());
    const bool same =
        view->work_steps.size() == expected.work_steps && own_steps == expected.own_work_steps &&
        view->orders.size() == expected.orders && view->processes.size() == expected.processes;
    std::printf("  naive reference: %zu work steps (%zu own), %zu orders, %zu processes: %s\n",
                expected.work_steps, expected.own_work_steps, expected.orders, expected.processes,
                same ? "match" : "MISMATCH");
    return same;
}

}  // namespace

int main() {
    bool ok = check("tenth scale", pt::bench::tenth_scale());
    ok = check("full scale", pt::bench::full_scale()) && ok;
    return ok ? 0 : 1;
}
