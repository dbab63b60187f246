// Synthetic central plans for the benchmarks: any size, deterministic for a seed, with one
// measured partner (P0000) whose share of the plan is the same at every size. The benchmarks
// show that a partner's view costs in proportion to its share, not to the plan.
#pragma once

#include <cstdint>
#include <string_view>

#include "sync/plan/types.h"

namespace pt::bench {

/// How many objects of each kind a generated plan holds.
struct BenchShape {
    int partners = 0;
    int resources = 0;
    int orders = 0;
    int work_steps = 0;
    int processes = 0;
    /// Work steps the measured partner sees (own and read-only); kept at every scale.
    int target_partner_visible_work_steps = 0;
};

/// The partner whose share is fixed: measure its view.
inline constexpr std::string_view kMeasuredPartner = "P0000";

/// 1,000 partners, 20,000 resources, 200,000 orders, 1,000,000 work steps, 200,000 processes.
[[nodiscard]] BenchShape full_scale();
/// Ten times smaller in every count, except the measured partner's share (2,000 work steps).
[[nodiscard]] BenchShape tenth_scale();

/// A valid plan of that shape (unique ids, valid references, trees up to three deep); the same
/// seed gives the same plan. The measured partner sees exactly
/// `target_partner_visible_work_steps` work steps, provided the shape has room for them
/// (partners >= 2, resources >= 16, orders and work steps well above the target).
[[nodiscard]] pt::plan::Dataset make_bench_dataset(const BenchShape& shape, std::uint64_t seed);

}  // namespace pt::bench
