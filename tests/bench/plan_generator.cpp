// The benchmark plan generator. Everything but P0000's share is random with the shape's
// proportions; P0000's share is then carved out deliberately, with fixed counts.
//
// How P0000's share is made constant: the random part never touches P0000 — no random work
// step lands on its own resources, no random order names it. Then, walking the trees in a
// seeded random order, it is given (1) an anchor step in `full` trees until about 20 % of the
// target is visible through them, (2) named grants on `limited` trees until about 20 % more,
// and (3) exactly the remaining number of own work steps, a few per order of other `limited`
// trees. Every count is absolute, none proportional to the plan, so P0000 sees the same
// number of work steps (and about the same orders and processes) at every scale.
#include "tests/bench/plan_generator.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <numeric>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pt::bench {
namespace {

using namespace std::chrono;
using pt::plan::Inheritance;
using pt::plan::ProcessStatus;
using pt::plan::Timestamp;
using pt::plan::WorkStepStatus;

constexpr int kOwnResources = 6;                // P0000's external resources: indexes 0..5
constexpr int kLinkedInternal = kOwnResources;  // index 6: internal, linked to P0000 (R1)
constexpr int kFullSharePercent = 20;
constexpr int kNamedSharePercent = 20;

// Short strings (at most 15 bytes, so std::string keeps them inline).
constexpr std::array<std::string_view, 12> kOperations{
    "Sawing",  "Turning", "Milling",  "Drilling",   "Grinding",       "Deburring",
    "Washing", "Welding", "Assembly", "Inspection", "Powder coating", "Case hardening"};
constexpr std::array<std::string_view, 10> kArticles{
    "Bracket 40x40", "Drive shaft 32", "Flange 120", "Gear z=36 m2",  "Sleeve 45",
    "Cover GH-200",  "Base plate 600", "Pin 12x60",  "Housing SU-40", "Lever arm 180"};
constexpr std::array<std::string_view, 6> kStepNotes{"Mask threads",      "RAL 7035", "Urgent",
                                                     "See drawing rev C", "Rework",   "CHD 0.8 mm"};
constexpr std::array<std::string_view, 4> kProcessNames{"Provide material", "Transport",
                                                        "Inspection", "Paperwork"};
constexpr std::array<std::string_view, 4> kProcessTypes{"material", "transport", "inspection",
                                                        "paperwork"};
constexpr std::array<std::string_view, 8> kFirstNames{"Anna",  "Jonas", "Fatma",  "Lars",
                                                      "Merle", "Marco", "Svenja", "Tomasz"};
constexpr std::array<std::string_view, 6> kResourceKinds{"Saw ",     "Lathe ", "Mill ",
                                                         "Grinder ", "Oven ",  "Line "};

/// "P" + zero-padded number, built without streams (a million of these).
std::string make_id(std::string_view prefix, std::uint32_t number, int width) {
    std::array<char, 24> buffer{};
    std::size_t length = prefix.copy(buffer.data(), prefix.size());
    for (int i = width - 1; i >= 0; --i) {
        buffer[length + static_cast<std::size_t>(i)] = static_cast<char>('0' + number % 10);
        number /= 10;
    }
    length += static_cast<std::size_t>(width);
    return std::string(buffer.data(), length);
}

class Random {
public:
    explicit Random(std::uint64_t seed) : engine_(seed) {}
    /// Uniform enough in [0, n) for test data.
    std::uint32_t below(std::uint64_t n) { return static_cast<std::uint32_t>(engine_() % n); }
    int between(int low, int high) {  // inclusive
        return low + static_cast<int>(below(static_cast<std::uint64_t>(high - low + 1)));
    }
    bool chance(int per_mille) { return below(1000) < static_cast<std::uint32_t>(per_mille); }
    template <typename T, std::size_t N>
    std::string pick(const std::array<T, N>& items) {
        return std::string(items[below(N)]);
    }

private:
    std::mt19937_64 engine_;
};

class Generator {
public:
    Generator(const BenchShape& shape, std::uint64_t seed) : shape_(shape), random_(seed) {}

    pt::plan::Dataset run() {
        add_settings();
        add_partners();
        add_resources();
        add_orders();
        add_work_steps();
        add_processes();
        carve_measured_share();
        return std::move(data_);
    }

private:
    // ---- settings, partners, resources ------------------------------------------------------

    void add_settings() {
        auto& settings = data_.settings;
        settings.default_external_inheritance = Inheritance::limited;
        settings.work_step_columns.erase(pt::plan::WorkStepColumn::notes);
        settings.process_columns.erase(pt::plan::ProcessColumn::notes);
        settings.pause_reasons = {{"MAT", "Waiting for material"}, {"TOOL", "Tool change"}};
        settings.scrap_reasons = {{"SURF", "Surface defect"}, {"DIM", "Dimension"}};
    }

    void add_partners() {
        data_.partners.reserve(static_cast<std::size_t>(shape_.partners));
        std::uint32_t operator_number = 0;
        for (int p = 0; p < shape_.partners; ++p) {
            pt::plan::Partner partner;
            partner.id = make_id("P", static_cast<std::uint32_t>(p), 4);
            partner.name = "Partner " + partner.id;
            partner.modules.insert(pt::plan::Module::workbench);
            for (const auto module : {pt::plan::Module::planning, pt::plan::Module::dashboard,
                                      pt::plan::Module::planning_objects}) {
                if (p == 0 || random_.chance(600)) partner.modules.insert(module);
            }
            partner.allow_process_feedback = p == 0 || random_.chance(500);
            const int operators = random_.between(1, 3);
            for (int o = 0; o < operators; ++o) {
                ++operator_number;
                pt::plan::Operator op;
                op.id = make_id("OP", operator_number, 6);
                op.name = random_.pick(kFirstNames);
                op.badge = make_id("B-", operator_number, 6);
                if (random_.chance(100)) op.pin = make_id("", random_.below(10000), 4);
                partner.operators.push_back(std::move(op));
            }
            data_.partners.push_back(std::move(partner));
        }
    }

    /// A partner other than P0000, so the random part never widens its share.
    const std::string& other_partner() {
        return data_.partners[1 + random_.below(static_cast<std::uint64_t>(shape_.partners - 1))]
            .id;
    }

    void add_resources() {
        data_.resources.reserve(static_cast<std::size_t>(shape_.resources));
        for (int r = 0; r < shape_.resources; ++r) {
            pt::plan::Resource resource;
            resource.id = make_id("R", static_cast<std::uint32_t>(r), 7);
            resource.name = random_.pick(kResourceKinds) + std::to_string(r);
            if (r < kOwnResources) {
                resource.external = true;
                resource.partner_ids.push_back(data_.partners[0].id);
                if (r == kOwnResources - 1) resource.partner_ids.push_back(data_.partners[1].id);
            } else if (r == kLinkedInternal) {
                resource.partner_ids.push_back(data_.partners[0].id);  // never P0000's (R1)
            } else if (random_.chance(300)) {
                resource.external = true;
                resource.partner_ids.push_back(other_partner());
                if (random_.chance(300)) {
                    const std::string& second = other_partner();
                    if (second != resource.partner_ids.front()) {
                        resource.partner_ids.push_back(second);
                    }
                }
            } else if (random_.chance(20)) {
                resource.partner_ids.push_back(other_partner());  // linked, not external
            }
            data_.resources.push_back(std::move(resource));
        }
    }

    // ---- orders: trees up to three deep, stored depth first, one tree after another ---------

    void add_orders() {
        const auto count = static_cast<std::size_t>(shape_.orders);
        data_.orders.reserve(count);
        while (data_.orders.size() < count) {
            tree_first_order_.push_back(data_.orders.size());
            const std::size_t top = add_order(nullptr);
            const int children = random_.chance(450) ? 0 : random_.between(1, 4);
            for (int c = 0; c < children && data_.orders.size() < count; ++c) {
                const std::size_t child = add_order(&data_.orders[top]);
                const int grandchildren = random_.chance(700) ? 0 : random_.between(1, 3);
                for (int g = 0; g < grandchildren && data_.orders.size() < count; ++g) {
                    add_order(&data_.orders[child]);
                }
            }
        }
        tree_first_order_.push_back(data_.orders.size());
    }

    std::size_t add_order(const pt::plan::Order* parent) {
        const auto number = static_cast<std::uint32_t>(data_.orders.size());
        pt::plan::Order order;
        order.id = make_id("O", number, 7);
        order.number = make_id("PO-2026-", number, 6);
        order.article = random_.pick(kArticles);
        order.quantity = random_.between(1, 500);
        order.due = kBase + days{random_.between(0, 180)};
        if (parent == nullptr) {
            order.external_inheritance =
                random_.chance(250) ? Inheritance::full : Inheritance::limited;
        } else {
            order.parent_id = parent->id;
        }
        if (random_.chance(5)) order.named_partner_ids.push_back(other_partner());
        data_.orders.push_back(std::move(order));
        return data_.orders.size() - 1;
    }

    // ---- work steps: on average work_steps / orders per order, exactly work_steps in all ----

    void add_work_steps() {
        const std::size_t orders = data_.orders.size();
        const auto total = static_cast<std::int64_t>(shape_.work_steps);
        const int mean = std::max(1, static_cast<int>(total / static_cast<std::int64_t>(orders)));
        std::vector<int> per_order(orders);
        std::int64_t sum = 0;
        for (auto& n : per_order)
            sum += n = random_.between(1, 2 * mean - 1);
        while (sum != total) {
            auto& n = per_order[random_.below(orders)];
            if (sum < total) {
                ++n;
                ++sum;
            } else if (n > 1) {
                --n;
                --sum;
            }
        }

        data_.work_steps.reserve(static_cast<std::size_t>(total));
        order_first_step_.reserve(orders + 1);
        const auto random_resources = static_cast<std::uint64_t>(shape_.resources - kOwnResources);
        for (std::size_t o = 0; o < orders; ++o) {
            order_first_step_.push_back(data_.work_steps.size());
            const auto& order = data_.orders[o];
            Timestamp t = kBase + hours{random_.below(24 * 120)};
            for (int s = 0; s < per_order[o]; ++s) {
                pt::plan::WorkStep step;
                step.id = make_id("W", static_cast<std::uint32_t>(data_.work_steps.size()), 7);
                step.order_id = order.id;
                step.seq = 10 * (s + 1);
                step.operation = random_.pick(kOperations);
                step.resource_id =
                    data_.resources[kOwnResources + random_.below(random_resources)].id;
                step.planned_start = t;
                step.planned_end = t + minutes{15 * random_.between(2, 24)};
                t = step.planned_end + minutes{15 * random_.between(0, 8)};
                step.quantity = order.quantity;
                set_status(step);
                if (random_.chance(100)) step.notes = random_.pick(kStepNotes);
                data_.work_steps.push_back(std::move(step));
            }
        }
        order_first_step_.push_back(data_.work_steps.size());
    }

    void set_status(pt::plan::WorkStep& step) {
        if (random_.chance(10)) {
            step.status = WorkStepStatus::cancelled;
        } else if (step.planned_end <= kNow) {
            step.status = WorkStepStatus::finished;
            step.quantity_scrap = random_.chance(100) ? 1 : 0;
            step.quantity_good = step.quantity - step.quantity_scrap;
        } else if (step.planned_start <= kNow) {
            step.status =
                random_.chance(300) ? WorkStepStatus::paused : WorkStepStatus::in_progress;
            step.quantity_good = step.quantity / 2;
        }
    }

    void add_processes() {
        const std::uint64_t orders = data_.orders.size();
        data_.processes.reserve(static_cast<std::size_t>(shape_.processes));
        for (int p = 0; p < shape_.processes; ++p) {
            const auto kind = random_.below(kProcessTypes.size());
            pt::plan::Process process;
            process.id = make_id("PR", static_cast<std::uint32_t>(p), 7);
            process.order_id = data_.orders[random_.below(orders)].id;
            process.name = std::string(kProcessNames[kind]);
            process.type = std::string(kProcessTypes[kind]);
            process.due = kBase + hours{random_.below(24 * 120)};
            if (random_.chance(10)) {
                process.status = ProcessStatus::cancelled;
            } else if (process.due <= kNow) {
                process.status = ProcessStatus::done;
            } else if (random_.chance(200)) {
                process.status = ProcessStatus::in_progress;
            }
            data_.processes.push_back(std::move(process));
        }
    }

    // ---- the measured partner's share -------------------------------------------------------

    void carve_measured_share() {
        const std::int64_t target = shape_.target_partner_visible_work_steps;
        const std::size_t trees = tree_first_order_.size() - 1;
        if (trees == 0 || target <= 0) return;
        // A seeded walk over all trees: start anywhere, step by a stride coprime to the count.
        std::size_t stride = 7919 % trees;
        while (std::gcd(stride, trees) != 1)
            ++stride;
        std::size_t tree = random_.below(trees);
        std::vector<bool> used(trees, false);
        const auto next_tree = [&] {
            tree = (tree + stride) % trees;
            return tree;
        };

        std::int64_t visible = 0;
        // (1) read-only through `full` trees: one own step anchors the whole tree.
        for (std::size_t i = 0; i < trees && visible < target * kFullSharePercent / 100; ++i) {
            const std::size_t t = next_tree();
            if (inheritance_of(t) != Inheritance::full) continue;
            const auto step = any_live_step(t);
            if (!step) continue;
            move_to_own_resource(*step);
            visible += live_steps(t);
            used[t] = true;
        }
        // (2) read-only through named grants on `limited` trees (R6).
        const std::int64_t named_goal = visible + target * kNamedSharePercent / 100;
        for (std::size_t i = 0; i < trees && visible < named_goal; ++i) {
            const std::size_t t = next_tree();
            if (used[t] || inheritance_of(t) != Inheritance::limited || live_steps(t) == 0)
                continue;
            const std::size_t first = tree_first_order_[t];
            const std::size_t order = first + random_.below(tree_first_order_[t + 1] - first);
            data_.orders[order].named_partner_ids.push_back(data_.partners[0].id);
            visible += live_steps(t);
            used[t] = true;
        }
        // (3) own work steps in `limited` trees, up to the target exactly: a few per order.
        for (std::size_t i = 0; i < trees && visible < target; ++i) {
            const std::size_t t = next_tree();
            if (used[t] || inheritance_of(t) != Inheritance::limited) continue;
            used[t] = true;
            for (std::size_t o = tree_first_order_[t]; o < tree_first_order_[t + 1]; ++o) {
                int taken = 0;
                for (std::size_t s = order_first_step_[o];
                     s < order_first_step_[o + 1] && taken < 3 && visible < target; ++s) {
                    if (data_.work_steps[s].status == WorkStepStatus::cancelled) continue;
                    move_to_own_resource(s);
                    ++taken;
                    ++visible;
                }
            }
        }
    }

    [[nodiscard]] Inheritance inheritance_of(std::size_t tree) const {
        return *data_.orders[tree_first_order_[tree]].external_inheritance;
    }

    [[nodiscard]] std::int64_t live_steps(std::size_t tree) const {
        std::int64_t live = 0;
        const std::size_t end = order_first_step_[tree_first_order_[tree + 1]];
        for (std::size_t s = order_first_step_[tree_first_order_[tree]]; s < end; ++s) {
            live += data_.work_steps[s].status != WorkStepStatus::cancelled ? 1 : 0;
        }
        return live;
    }

    [[nodiscard]] std::optional<std::size_t> any_live_step(std::size_t tree) const {
        const std::size_t end = order_first_step_[tree_first_order_[tree + 1]];
        for (std::size_t s = order_first_step_[tree_first_order_[tree]]; s < end; ++s) {
            if (data_.work_steps[s].status != WorkStepStatus::cancelled) return s;
        }
        return std::nullopt;
    }

    void move_to_own_resource(std::size_t step) {
        data_.work_steps[step].resource_id = data_.resources[random_.below(kOwnResources)].id;
    }

    static constexpr Timestamp kBase{sys_days{2026y / March / 2} + 6h};
    static constexpr Timestamp kNow{kBase + days{60}};

    BenchShape shape_;
    Random random_;
    pt::plan::Dataset data_;
    std::vector<std::size_t> tree_first_order_;  // per tree, then the order count
    std::vector<std::size_t> order_first_step_;  // per order, then the work step count
};

}  // namespace

BenchShape full_scale() {
    return {.partners = 1'000,
            .resources = 20'000,
            .orders = 200'000,
            .work_steps = 1'000'000,
            .processes = 200'000,
            .target_partner_visible_work_steps = 2'000};
}

BenchShape tenth_scale() {
    return {.partners = 100,
            .resources = 2'000,
            .orders = 20'000,
            .work_steps = 100'000,
            .processes = 20'000,
            .target_partner_visible_work_steps = 2'000};
}

pt::plan::Dataset make_bench_dataset(const BenchShape& shape, std::uint64_t seed) {
    return Generator(shape, seed).run();
}

}  // namespace pt::bench
