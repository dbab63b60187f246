// The demo plan: hand-written tables (partners, resources, routings, order trees) turned into
// a dataset around `now`. The only randomness is a fixed-seed engine for small variations
// (gaps, scrap, paused or running), so the same `now` always gives the same plan.
//
// [SECTION] Tables: partners and operators, resources, routings, order trees
// [SECTION] Time helpers: quarter hours and working hours
// [SECTION] Building: orders and work steps, schedule, statuses, processes
#include "sync/server/demo_plan.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <span>
#include <string_view>
#include <utility>

namespace pt::server {
namespace {

using namespace std::chrono_literals;
using pt::plan::Inheritance;
using pt::plan::Module;
using pt::plan::ProcessStatus;
using pt::plan::Timestamp;
using pt::plan::WorkStepStatus;
using Minutes = std::chrono::minutes;

// [SECTION] Tables ---------------------------------------------------------------------------

struct PartnerSpec {
    const char* id;
    const char* name;
    std::array<bool, pt::plan::kModuleCount> modules;  // workbench, planning, dashboard, objects
    bool allow_process_feedback;
};

// Coating has every module and process feedback; hardening only workbench + planning;
// machining workbench + dashboard + planning objects, with process feedback.
constexpr std::array<PartnerSpec, 3> kPartners{{
    {"P1", "Rheinland Coating GmbH", {true, true, true, true}, true},
    {"P2", "Härterei Nord", {true, true, false, false}, false},
    {"P3", "Kessler Präzisionsteile KG", {true, false, true, true}, true},
}};

struct OperatorSpec {
    int partner;  // index into kPartners
    const char* id;
    const char* name;
    const char* badge;
    const char* pin;  // nullptr: no PIN
};

// The one operator with a PIN is Merle Hansen (Härterei Nord), badge B-2002, PIN 4711.
constexpr std::array<OperatorSpec, 8> kOperators{{
    {0, "OP1", "Anna Becker", "B-1001", nullptr},
    {0, "OP2", "Jonas Weber", "B-1002", nullptr},
    {0, "OP3", "Fatma Yılmaz", "B-1003", nullptr},
    {1, "OP4", "Lars Petersen", "B-2001", nullptr},
    {1, "OP5", "Merle Hansen", "B-2002", "4711"},
    {2, "OP6", "Marco Rossi", "B-3001", nullptr},
    {2, "OP7", "Svenja Koch", "B-3002", nullptr},
    {2, "OP8", "Tomasz Nowak", "B-3003", nullptr},
}};

enum Res : int {
    kSaw,
    kLathe,
    kMill,
    kDeburr,
    kAssembly,
    kQa,
    kGrinder,
    kPowder,
    kKtl,
    kBlast,
    kFurnace,
    kExtMachining,
    kResourceCount,
};

struct ResourceSpec {
    const char* id;
    const char* name;
    bool external;
    std::array<int, 2> partners;  // indexes into kPartners, -1 for none
};

constexpr std::array<ResourceSpec, kResourceCount> kResources{{
    {"R01", "Band saw BS-260", false, {-1, -1}},
    {"R02", "CNC lathe CTX 510", false, {-1, -1}},
    // Internal although linked to Kessler (prepared for outsourcing): never theirs (R1).
    {"R03", "CNC machining centre DMU 65", false, {2, -1}},
    {"R04", "Deburring and washing", false, {-1, -1}},
    {"R05", "Assembly cell 1", false, {-1, -1}},
    {"R06", "Quality lab / CMM", false, {-1, -1}},
    {"R07", "Cylindrical grinder S33", false, {-1, -1}},
    {"R08", "Powder coating line 1", true, {0, -1}},
    {"R09", "KTL dip coating line 2", true, {0, -1}},
    // Blasting is done by both the coating shop and the hardening service.
    {"R10", "Shot blasting cell", true, {0, 1}},
    {"R11", "Hardening furnace HF-1", true, {1, -1}},
    {"R12", "External machining Kessler", true, {2, -1}},
}};

struct OpSpec {
    Res resource;
    const char* operation;
    int setup_minutes;
    int seconds_per_piece;
    const char* note;  // nullptr: no note
};

enum class Kind : std::uint8_t {
    assembly,
    subassembly,
    shaft,
    gear,
    sleeve,
    housing,
    plate,
    welded
};

constexpr std::array kAssemblyRouting{
    OpSpec{kAssembly, "Kitting", 30, 60, nullptr},
    OpSpec{kAssembly, "Assembly", 60, 900, nullptr},
    OpSpec{kAssembly, "Adjustment", 30, 300, nullptr},
    OpSpec{kQa, "Functional test", 30, 300, "Test protocol TP-07"},
    OpSpec{kQa, "Final inspection", 20, 120, nullptr},
    OpSpec{kAssembly, "Packing", 20, 120, "Export crate, VCI foil"},
};
constexpr std::array kSubassemblyRouting{
    OpSpec{kAssembly, "Pre-assembly", 30, 300, nullptr},
    OpSpec{kAssembly, "Press fitting", 30, 240, "Press force max. 12 kN"},
    OpSpec{kQa, "Run-out check", 15, 120, nullptr},
    OpSpec{kDeburr, "Preservation", 15, 30, nullptr},
};
constexpr std::array kShaftRouting{
    OpSpec{kSaw, "Sawing", 20, 30, "Material 16MnCr5"},
    OpSpec{kLathe, "Turning (1st side)", 45, 240, nullptr},
    OpSpec{kLathe, "Turning (2nd side)", 30, 180, nullptr},
    OpSpec{kMill, "Milling keyway", 30, 120, nullptr},
    OpSpec{kFurnace, "Case hardening", 360, 0, "CHD 0.8 mm, 58+2 HRC, keyway masked"},
    OpSpec{kDeburr, "Straightening", 15, 60, "Run-out max. 0.05 mm"},
    OpSpec{kGrinder, "Grinding bearing seats", 45, 240, nullptr},
    OpSpec{kDeburr, "Washing", 15, 20, nullptr},
    OpSpec{kQa, "Inspection", 20, 60, nullptr},
};
constexpr std::array kGearRouting{
    OpSpec{kSaw, "Sawing", 20, 30, nullptr},
    OpSpec{kLathe, "Turning", 45, 300, nullptr},
    OpSpec{kExtMachining, "Gear hobbing", 60, 420, "Module per drawing, quality 7"},
    OpSpec{kDeburr, "Deburring", 15, 60, nullptr},
    OpSpec{kFurnace, "Case hardening", 420, 0, "CHD 0.6 mm, 60+2 HRC"},
    OpSpec{kBlast, "Shot blasting", 30, 30, nullptr},
    OpSpec{kGrinder, "Bore grinding", 30, 180, nullptr},
    OpSpec{kDeburr, "Washing", 15, 20, nullptr},
    OpSpec{kQa, "Gear inspection", 30, 120, nullptr},
};
constexpr std::array kSleeveRouting{
    OpSpec{kSaw, "Sawing", 15, 20, nullptr},
    OpSpec{kExtMachining, "CNC turning", 30, 150, "Bar stock supplied, cut to length"},
    OpSpec{kDeburr, "Deburring", 15, 30, nullptr},
    OpSpec{kFurnace, "Hardening and tempering", 300, 0, "42CrMo4, 48-52 HRC"},
    OpSpec{kGrinder, "Grinding", 30, 120, nullptr},
    OpSpec{kDeburr, "Washing", 15, 15, nullptr},
    OpSpec{kQa, "Inspection", 15, 45, nullptr},
};
constexpr std::array kHousingRouting{
    OpSpec{kExtMachining, "Rough milling", 60, 600, "Casting EN-GJL-250, clamp on pads"},
    OpSpec{kMill, "Finish milling", 60, 480, nullptr},
    OpSpec{kMill, "Drilling and tapping", 30, 240, nullptr},
    OpSpec{kDeburr, "Deburring", 20, 120, nullptr},
    OpSpec{kDeburr, "Washing", 15, 30, nullptr},
    OpSpec{kQa, "Leak test", 20, 90, nullptr},
    OpSpec{kKtl, "KTL dip coating", 60, 30, "Black, 20 µm, mask bearing bores"},
    OpSpec{kQa, "Inspection", 30, 120, nullptr},
};
constexpr std::array kPlateRouting{
    OpSpec{kSaw, "Sawing", 15, 30, nullptr},
    OpSpec{kMill, "Milling (1st clamping)", 45, 180, nullptr},
    OpSpec{kMill, "Milling (2nd clamping)", 30, 150, nullptr},
    OpSpec{kMill, "Drilling and tapping", 20, 90, nullptr},
    OpSpec{kDeburr, "Deburring", 15, 45, nullptr},
    OpSpec{kDeburr, "Marking", 10, 10, nullptr},
    OpSpec{kBlast, "Shot blasting", 30, 30, "Sa 2.5"},
    OpSpec{kPowder, "Powder coating", 60, 45, "RAL 7035 light grey, 80 µm, mask threads"},
    OpSpec{kQa, "Inspection", 15, 40, nullptr},
};
constexpr std::array kWeldedRouting{
    OpSpec{kSaw, "Sawing", 30, 120, "S355 tubes and flats"},
    OpSpec{kAssembly, "Welding", 60, 2400, "Weld seams per drawing, VT 100 %"},
    OpSpec{kFurnace, "Stress relief annealing", 360, 0, "580 °C, 2 h"},
    OpSpec{kExtMachining, "5-axis milling", 90, 900, nullptr},
    OpSpec{kDeburr, "Deburring", 20, 300, nullptr},
    OpSpec{kBlast, "Shot blasting", 45, 240, "Sa 2.5"},
    OpSpec{kPowder, "Powder coating", 60, 300, "RAL 5010 gentian blue, 120 µm"},
    OpSpec{kQa, "Inspection", 30, 300, nullptr},
};

std::span<const OpSpec> routing_of(Kind kind) {
    switch (kind) {
        case Kind::assembly:
            return kAssemblyRouting;
        case Kind::subassembly:
            return kSubassemblyRouting;
        case Kind::shaft:
            return kShaftRouting;
        case Kind::gear:
            return kGearRouting;
        case Kind::sleeve:
            return kSleeveRouting;
        case Kind::housing:
            return kHousingRouting;
        case Kind::plate:
            return kPlateRouting;
        case Kind::welded:
            return kWeldedRouting;
    }
    return {};
}

// One order of a tree, depth first: depth 0 starts a new tree, depth 1 is a child of the last
// depth-0 entry, depth 2 of the last depth-1 entry.
struct OrderSpec {
    int depth;
    const char* article;
    Kind kind;
    int quantity;            // top-level: pieces; sub-order: pieces per piece of the parent
    const char* named;       // partner id granted the tree by name (R6), or nullptr
    int cancelled_seq;       // seq of a work step dropped from the plan, 0 for none
    const char* cancel_why;  // its note
};

// Forty orders in eleven trees.
constexpr std::array<OrderSpec, 40> kOrders{{
    // T1: three deep, `full`; every partner has work in it.
    {0, "Gearbox GB-200", Kind::assembly, 12, nullptr, 0, nullptr},
    {1, "Output shaft assembly GB-200", Kind::subassembly, 1, nullptr, 0, nullptr},
    {2, "Drive shaft Ø32", Kind::shaft, 1, nullptr, 0, nullptr},
    {2, "Gear wheel z=36 m2", Kind::gear, 1, nullptr, 0, nullptr},
    {2, "Bearing sleeve Ø45", Kind::sleeve, 2, nullptr, 0, nullptr},
    {1, "Gearbox housing GH-200", Kind::housing, 1, nullptr, 0, nullptr},
    {1, "Housing cover GH-200", Kind::housing, 1, nullptr, 50,
     "Not needed: washed before KTL at the coating shop"},
    // T2: Kessler (P3) has no work step here; it quotes the follow-up batch and is granted the
    // tree by name (R6).
    {0, "Conveyor drive unit CDU-3", Kind::assembly, 20, "P3", 0, nullptr},
    {1, "Drive shaft Ø40", Kind::shaft, 1, nullptr, 0, nullptr},
    {1, "Bracket 40x40", Kind::plate, 2, nullptr, 0, nullptr},
    {1, "Base plate 600x400", Kind::plate, 1, nullptr, 0, nullptr},
    // T3
    {0, "Lifting frame LF-800", Kind::assembly, 4, nullptr, 0, nullptr},
    {1, "Side frame LF-800", Kind::welded, 2, nullptr, 0, nullptr},
    {1, "Cross member LF-800", Kind::welded, 2, nullptr, 0, nullptr},
    {1, "Pin Ø25x120", Kind::sleeve, 4, nullptr, 0, nullptr},
    // T4: three deep, `full`.
    {0, "Spindle unit SU-40", Kind::assembly, 8, nullptr, 0, nullptr},
    {1, "Spindle shaft Ø40", Kind::shaft, 1, nullptr, 0, nullptr},
    {1, "Spindle housing SU-40", Kind::housing, 1, nullptr, 0, nullptr},
    {1, "Bearing cover kit SU-40", Kind::subassembly, 1, nullptr, 0, nullptr},
    {2, "Bearing cover Ø90", Kind::plate, 2, nullptr, 0, nullptr},
    {2, "Spacer ring Ø60", Kind::sleeve, 2, nullptr, 0, nullptr},
    // T5
    {0, "Pump bracket set PB-12", Kind::assembly, 40, nullptr, 0, nullptr},
    {1, "Bracket 40x40", Kind::plate, 2, nullptr, 0, nullptr},
    {1, "Mounting plate 300x200", Kind::plate, 1, nullptr, 0, nullptr},
    // T6: three deep.
    {0, "Machine base frame MBF-1200", Kind::assembly, 3, nullptr, 0, nullptr},
    {1, "Base frame MBF-1200", Kind::welded, 1, nullptr, 0, nullptr},
    {1, "Levelling pad set", Kind::subassembly, 1, nullptr, 0, nullptr},
    {2, "Levelling foot M20", Kind::sleeve, 4, nullptr, 0, nullptr},
    // T7: `full`.
    {0, "Linear axis module LA-500", Kind::assembly, 10, nullptr, 0, nullptr},
    {1, "Guide rail carrier 500", Kind::plate, 1, nullptr, 0, nullptr},
    {1, "Carriage plate 200x150", Kind::plate, 1, nullptr, 0, nullptr},
    {1, "Ball screw support BS-25", Kind::housing, 2, nullptr, 0, nullptr},
    // T8: a single spare-part order.
    {0, "Drive shaft Ø32", Kind::shaft, 30, nullptr, 0, nullptr},
    // T9: the coating shop (P1) is named on a sub-order: the whole tree is theirs to see.
    {0, "Hydraulic cylinder mount HM-50", Kind::assembly, 16, nullptr, 0, nullptr},
    {1, "Clevis bracket HM-50", Kind::plate, 2, nullptr, 0, nullptr},
    {1, "Bearing bush Ø30", Kind::sleeve, 2, "P1", 30, "Dropped with drawing rev. D"},
    // T10: a single order.
    {0, "Gear wheel z=48 m3", Kind::gear, 24, nullptr, 0, nullptr},
    // T11
    {0, "Door hinge kit DH-6", Kind::assembly, 50, nullptr, 0, nullptr},
    {1, "Hinge leaf DH-6", Kind::plate, 2, nullptr, 60, "Customer waived the part marking"},
    {1, "Hinge pin Ø12x60", Kind::sleeve, 1, nullptr, 0, nullptr},
}};

// Per tree, in the order of the depth-0 entries above: when it starts (days from today,
// hour of day) and how far the shop floor is behind its plan (sets the running steps).
struct TreeSpec {
    int start_day;
    int start_hour;
    Inheritance inheritance;
    int delay_minutes;
};

constexpr std::array<TreeSpec, 11> kTrees{{
    {-7, 6, Inheritance::full, 0},
    {-6, 8, Inheritance::limited, 60},
    {-4, 6, Inheritance::limited, 240},
    {-3, 7, Inheritance::full, 420},
    {-2, 6, Inheritance::limited, 1800},
    {-1, 10, Inheritance::limited, 600},
    {0, 6, Inheritance::full, 60},
    {-5, 14, Inheritance::limited, 0},
    {1, 6, Inheritance::limited, 0},
    {2, 8, Inheritance::limited, 0},
    {3, 6, Inheritance::limited, 0},
}};

constexpr int kWitnessTree = 9;  // T10: its customer witness inspection is cancelled

constexpr std::array<const char*, 5> kPausedNotes{"Waiting for fixture", "Tool change",
                                                  "Waiting for material", "Waiting for QC release",
                                                  "Machine fault, service called"};

// [SECTION] Time helpers ----------------------------------------------------------------------

constexpr auto kShiftStart = 6h;  // working hours 06:00–22:00 UTC, every day
constexpr auto kShiftEnd = 22h;
constexpr auto kHorizon = std::chrono::days{7};

Timestamp floor_quarter(Timestamp t) {
    using Quarters = std::chrono::duration<std::int64_t, std::ratio<900>>;
    return std::chrono::floor<Quarters>(t);
}

Timestamp day_of(Timestamp t) {
    return std::chrono::floor<std::chrono::days>(t);
}

/// The earliest start at or after `t` at which `length` fits into one working day.
Timestamp fit_in_shift(Timestamp t, Minutes length) {
    const Timestamp day = day_of(t);
    if (t < day + kShiftStart) t = day + kShiftStart;
    if (t + length > day + kShiftEnd) t = day + std::chrono::days{1} + kShiftStart;
    return t;
}

/// Moves a due date at night to the evening before (before 06:00) or the next morning.
Timestamp within_working_hours(Timestamp t) {
    const Timestamp day = day_of(t);
    if (t < day + kShiftStart) return day - std::chrono::days{1} + kShiftEnd - 1h;
    if (t > day + kShiftEnd) return day + std::chrono::days{1} + kShiftStart;
    return t;
}

Minutes duration_of(const OpSpec& op, std::int64_t quantity) {
    const std::int64_t seconds =
        std::int64_t{op.setup_minutes} * 60 + quantity * op.seconds_per_piece;
    const std::int64_t quarters = (seconds + 899) / 900;
    return Minutes{std::clamp<std::int64_t>(quarters, 2, 32) * 15};
}

std::string format_id(const char* prefix, int number, int width) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%s%0*d", prefix, width, number);
    return buffer;
}

// [SECTION] Building --------------------------------------------------------------------------

class Dice {
public:
    explicit Dice(std::uint64_t seed) : engine_(seed) {}
    /// Uniform in [0, n); the engine is fully specified, so this is portable.
    int below(int n) { return static_cast<int>(engine_() % static_cast<std::uint64_t>(n)); }
    bool chance(int percent) { return below(100) < percent; }

private:
    std::mt19937_64 engine_;
};

struct Interval {
    Timestamp start;
    Timestamp end;
};

// An order being built, with the positions of its work steps in the dataset.
struct Draft {
    const OrderSpec* spec = nullptr;
    int tree = 0;
    int parent = -1;  // index into the drafts
    std::vector<int> children;
    std::size_t first_step = 0;
    std::size_t step_count = 0;
};

class DemoBuilder {
public:
    explicit DemoBuilder(Timestamp now) : now_(floor_quarter(now)), dice_(0x5eed'de30'2026ULL) {}

    pt::plan::Dataset build() {
        add_settings();
        add_partners();
        add_resources();
        add_orders_and_steps();
        schedule();
        set_statuses();
        set_dues();
        add_processes();
        return std::move(data_);
    }

private:
    void add_settings() {
        using pt::plan::ProcessColumn;
        using pt::plan::WorkStepColumn;
        auto& settings = data_.settings;
        settings.default_external_inheritance = Inheritance::limited;
        settings.work_step_columns = pt::plan::WorkStepColumns::all();
        settings.work_step_columns.erase(WorkStepColumn::notes);
        settings.process_columns = {};
        for (const auto column : {ProcessColumn::order_number, ProcessColumn::name,
                                  ProcessColumn::type, ProcessColumn::due}) {
            settings.process_columns.insert(column);
        }
        settings.pause_reasons = {{"MAT", "Waiting for material"},
                                  {"TOOL", "Tool change"},
                                  {"BRK", "Break"},
                                  {"MAINT", "Maintenance"},
                                  {"QC", "Waiting for quality check"}};
        settings.scrap_reasons = {{"SURF", "Surface defect"},
                                  {"DIM", "Dimension out of tolerance"},
                                  {"HARD", "Hardness out of spec"},
                                  {"DMG", "Handling damage"}};
    }

    void add_partners() {
        for (std::size_t p = 0; p < kPartners.size(); ++p) {
            const auto& spec = kPartners[p];
            pt::plan::Partner partner{.id = spec.id,
                                      .name = spec.name,
                                      .modules = {},
                                      .allow_process_feedback = spec.allow_process_feedback,
                                      .operators = {}};
            for (int m = 0; m < pt::plan::kModuleCount; ++m) {
                if (spec.modules[static_cast<std::size_t>(m)]) {
                    partner.modules.insert(static_cast<Module>(m));
                }
            }
            for (const auto& op : kOperators) {
                if (static_cast<std::size_t>(op.partner) != p) continue;
                partner.operators.push_back(
                    {.id = op.id,
                     .name = op.name,
                     .badge = op.badge,
                     .pin = op.pin ? std::optional<std::string>(op.pin) : std::nullopt});
            }
            data_.partners.push_back(std::move(partner));
        }
    }

    void add_resources() {
        for (const auto& spec : kResources) {
            pt::plan::Resource resource{
                .id = spec.id, .name = spec.name, .external = spec.external, .partner_ids = {}};
            for (const int p : spec.partners) {
                if (p >= 0)
                    resource.partner_ids.emplace_back(kPartners[static_cast<std::size_t>(p)].id);
            }
            data_.resources.push_back(std::move(resource));
        }
    }

    void add_orders_and_steps() {
        const int year = static_cast<int>(
            std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(now_)}.year());
        std::array<int, 3> last_at_depth{-1, -1, -1};
        int tree = -1;
        for (std::size_t i = 0; i < kOrders.size(); ++i) {
            const OrderSpec& spec = kOrders[i];
            Draft draft;
            draft.spec = &spec;
            if (spec.depth == 0) ++tree;
            draft.tree = tree;
            draft.parent =
                spec.depth == 0 ? -1 : last_at_depth[static_cast<std::size_t>(spec.depth - 1)];
            last_at_depth[static_cast<std::size_t>(spec.depth)] = static_cast<int>(i);

            pt::plan::Order order;
            order.id = format_id("O", static_cast<int>(i) + 1, 3);
            char number[32];
            std::snprintf(number, sizeof number, "PO-%04d-%04d", year, static_cast<int>(i) + 1);
            order.number = number;
            order.article = spec.article;
            if (draft.parent < 0) {
                order.quantity = spec.quantity;
                order.external_inheritance = kTrees[static_cast<std::size_t>(tree)].inheritance;
            } else {
                const auto parent = static_cast<std::size_t>(draft.parent);
                order.quantity = data_.orders[parent].quantity * spec.quantity;
                order.parent_id = data_.orders[parent].id;
                drafts_[parent].children.push_back(static_cast<int>(i));
            }
            if (spec.named != nullptr) order.named_partner_ids.emplace_back(spec.named);

            draft.first_step = data_.work_steps.size();
            std::int64_t seq = 10;
            for (const OpSpec& op : routing_of(spec.kind)) {
                pt::plan::WorkStep step;
                step.id = format_id("W", static_cast<int>(data_.work_steps.size()) + 1, 4);
                step.order_id = order.id;
                step.seq = seq;
                step.operation = op.operation;
                step.resource_id = kResources[static_cast<std::size_t>(op.resource)].id;
                step.quantity = order.quantity;
                if (op.note != nullptr) step.notes = op.note;
                if (seq == spec.cancelled_seq) {
                    step.status = WorkStepStatus::cancelled;
                    step.notes = spec.cancel_why;
                }
                data_.work_steps.push_back(std::move(step));
                ops_.push_back(&op);
                seq += 10;
            }
            draft.step_count = data_.work_steps.size() - draft.first_step;
            data_.orders.push_back(std::move(order));
            drafts_.push_back(std::move(draft));
        }
    }

    // ---- schedule: trees one after another, first fit on each resource ----------------------

    void schedule() {
        booked_.assign(kResourceCount, {});
        int tree = -1;
        for (std::size_t i = 0; i < drafts_.size(); ++i) {
            if (drafts_[i].parent >= 0) continue;
            ++tree;
            schedule_tree(static_cast<int>(i), kTrees[static_cast<std::size_t>(tree)]);
        }
    }

    void schedule_tree(int top, const TreeSpec& tree) {
        // now_ is floored to the quarter hour: start a quarter later to stay within now - 7 days.
        const Timestamp window_start = now_ - kHorizon + Minutes{15};
        const Timestamp window_end = now_ + kHorizon;
        Timestamp start =
            day_of(now_) + std::chrono::days{tree.start_day} + std::chrono::hours{tree.start_hour};
        // A tree that would end after the horizon starts a day earlier; at the window's
        // start the resources may overlap, so that every step stays inside the window.
        for (bool capacity = true;;) {
            const auto saved = booked_;
            const Timestamp earliest = std::max(start, window_start);
            const Timestamp end = schedule_order(top, earliest, capacity);
            if (end <= window_end) return;
            booked_ = saved;
            if (start > window_start) {
                start -= std::chrono::days{1};
            } else if (capacity) {
                capacity = false;
            } else {
                return;  // cannot happen with these tables: a tree is far shorter than a week
            }
        }
    }

    /// Schedules the order's children from `earliest`, then its own steps after them; returns
    /// when its last step ends.
    Timestamp schedule_order(int index, Timestamp earliest, bool capacity) {
        const Draft& draft = drafts_[static_cast<std::size_t>(index)];
        Timestamp ready = earliest;
        int stagger = 0;
        for (const int child : draft.children) {
            const Timestamp child_start = earliest + Minutes{15 * stagger++};
            ready = std::max(ready, schedule_order(child, child_start, capacity) + 1h);
        }
        Timestamp t = ready;
        const OpSpec* previous = nullptr;
        for (std::size_t s = draft.first_step; s < draft.first_step + draft.step_count; ++s) {
            const OpSpec& op = *ops_[s];
            auto& step = data_.work_steps[s];
            const Minutes length = duration_of(op, step.quantity);
            // Queueing on the shop floor; an external step also needs transport both ways.
            const bool external = kResources[static_cast<std::size_t>(op.resource)].external;
            const bool was_external =
                previous != nullptr &&
                kResources[static_cast<std::size_t>(previous->resource)].external;
            Minutes gap{15 * dice_.below(4)};
            if (external != was_external && previous != nullptr) gap += 2h;
            const Timestamp slot = find_slot(op.resource, t + gap, length, capacity);
            step.planned_start = slot;
            step.planned_end = slot + length;
            booked_[static_cast<std::size_t>(op.resource)].push_back({slot, slot + length});
            t = step.planned_end;
            previous = &op;
        }
        return t;
    }

    Timestamp find_slot(Res resource, Timestamp earliest, Minutes length, bool capacity) const {
        Timestamp t = fit_in_shift(earliest, length);
        if (!capacity) return t;
        for (bool moved = true; moved;) {
            moved = false;
            for (const Interval& busy : booked_[static_cast<std::size_t>(resource)]) {
                if (busy.start < t + length && t < busy.end) {
                    t = fit_in_shift(busy.end, length);
                    moved = true;
                }
            }
        }
        return t;
    }

    // ---- statuses: what the shop floor has done by now --------------------------------------

    /// Each tree runs `delay` behind plan: the steps planned to end by `now - delay` are
    /// finished; the next one is running (or paused) when it was planned to start by now, else
    /// open; the rest is open. So a tree that is behind has a step running even at night, and
    /// the steps that should have ended before now but have not are the late ones.
    void set_statuses() {
        for (const Draft& draft : drafts_) {
            const auto& tree = kTrees[static_cast<std::size_t>(draft.tree)];
            const Timestamp progress = now_ - Minutes{tree.delay_minutes};
            bool frontier_passed = false;
            for (std::size_t s = draft.first_step; s < draft.first_step + draft.step_count; ++s) {
                auto& step = data_.work_steps[s];
                if (step.status == WorkStepStatus::cancelled) continue;
                if (frontier_passed) continue;  // open, nothing reported
                if (step.planned_end <= progress) {
                    finish(step, *ops_[s]);
                    continue;
                }
                if (step.planned_start <= now_) run(step, progress);
                frontier_passed = true;
            }
        }
        for (std::size_t p = 0; p < kPartners.size(); ++p)
            keep_busy(static_cast<int>(p));
    }

    /// At night nothing may be running on a partner's lines; for the demo, the partner's
    /// next step that may start (its order's earlier steps and sub-orders done) starts early.
    void keep_busy(int partner) {
        std::size_t next = data_.work_steps.size();
        for (const Draft& draft : drafts_) {
            if (!children_done(draft)) continue;
            for (std::size_t s = draft.first_step; s < draft.first_step + draft.step_count; ++s) {
                const auto& step = data_.work_steps[s];
                if (step.status == WorkStepStatus::finished ||
                    step.status == WorkStepStatus::cancelled) {
                    continue;
                }
                if (step.status != WorkStepStatus::open) {
                    if (owned_by(ops_[s]->resource, partner)) return;  // already busy
                } else if (owned_by(ops_[s]->resource, partner) &&
                           (next == data_.work_steps.size() ||
                            step.planned_start < data_.work_steps[next].planned_start)) {
                    next = s;
                }
                break;
            }
        }
        if (next < data_.work_steps.size()) run(data_.work_steps[next], now_);
    }

    [[nodiscard]] bool children_done(const Draft& draft) const {
        for (const int child : draft.children) {
            const Draft& sub = drafts_[static_cast<std::size_t>(child)];
            for (std::size_t s = sub.first_step; s < sub.first_step + sub.step_count; ++s) {
                const auto status = data_.work_steps[s].status;
                if (status != WorkStepStatus::finished && status != WorkStepStatus::cancelled) {
                    return false;
                }
            }
        }
        return true;
    }

    static bool owned_by(Res resource, int partner) {
        const auto& spec = kResources[static_cast<std::size_t>(resource)];
        return spec.external && std::find(spec.partners.begin(), spec.partners.end(), partner) !=
                                    spec.partners.end();
    }

    void finish(pt::plan::WorkStep& step, const OpSpec& op) {
        step.status = WorkStepStatus::finished;
        if (dice_.chance(15)) {
            const auto most = std::max<std::int64_t>(1, step.quantity / 20);
            step.quantity_scrap =
                std::min<std::int64_t>(step.quantity, 1 + dice_.below(static_cast<int>(most)));
            if (step.notes.empty()) {
                step.notes = "Scrap " + std::to_string(step.quantity_scrap) +
                             " pcs: " + scrap_label(op.resource);
            }
        }
        step.quantity_good = step.quantity - step.quantity_scrap;
    }

    /// Running, with the quantity reported so far.
    void run(pt::plan::WorkStep& step, Timestamp progress) {
        const auto total = (step.planned_end - step.planned_start).count();
        const auto elapsed = (progress - step.planned_start).count();
        const std::int64_t done =
            elapsed <= 0 ? 0
                         : std::clamp<std::int64_t>(
                               step.quantity * elapsed / std::max<decltype(total)>(total, 1),
                               step.quantity / 10, step.quantity - 1);
        step.quantity_scrap = done > 1 && dice_.chance(15) ? 1 : 0;
        step.quantity_good = done - step.quantity_scrap;
        if (dice_.chance(30)) {
            step.status = WorkStepStatus::paused;
            if (step.notes.empty()) {
                step.notes =
                    kPausedNotes[static_cast<std::size_t>(dice_.below(kPausedNotes.size()))];
            }
        } else {
            step.status = WorkStepStatus::in_progress;
        }
    }

    /// The scrap reason that fits the kind of work (labels of the settings' scrap reasons).
    static const char* scrap_label(Res resource) {
        switch (resource) {
            case kFurnace:
                return "hardness out of spec";
            case kPowder:
            case kKtl:
            case kBlast:
                return "surface defect";
            case kAssembly:
            case kQa:
            case kDeburr:
                return "handling damage";
            default:
                return "dimension out of tolerance";
        }
    }

    // ---- dues and processes -----------------------------------------------------------------

    [[nodiscard]] Interval span_of(const Draft& draft) const {
        const auto& first = data_.work_steps[draft.first_step];
        const auto& last = data_.work_steps[draft.first_step + draft.step_count - 1];
        return {first.planned_start, last.planned_end};
    }

    /// A top-level order is due a day after its last step; a sub-order when its parent starts.
    void set_dues() {
        for (std::size_t i = 0; i < drafts_.size(); ++i) {
            const Draft& draft = drafts_[i];
            if (draft.parent < 0) {
                data_.orders[i].due = floor_quarter(span_of(draft).end + 24h);
            } else {
                data_.orders[i].due =
                    span_of(drafts_[static_cast<std::size_t>(draft.parent)]).start;
            }
        }
    }

    void add_processes() {
        for (std::size_t i = 0; i < drafts_.size(); ++i) {
            const Draft& draft = drafts_[i];
            const auto& order = data_.orders[i];
            const Interval span = span_of(draft);
            if (draft.children.empty()) {
                const bool casting = draft.spec->kind == Kind::housing;
                add_process(order.id, casting ? "Provide castings" : "Provide raw material",
                            "material", span.start - 2h,
                            casting ? "Foundry lot per delivery note" : "");
            }
            if (draft.parent >= 0 && draft.spec->depth == 1 &&
                kTrees[static_cast<std::size_t>(draft.tree)].inheritance == Inheritance::full) {
                const auto& second = data_.work_steps[draft.first_step + 1];
                add_process(order.id, "First article inspection", "inspection",
                            second.planned_end + 1h, "");
            }
            add_transports(draft, order.id);
            if (draft.parent < 0) {
                add_process(order.id, "Final inspection report", "inspection", span.end + 2h, "");
                add_process(order.id, "Delivery note and certificate of conformity", "paperwork",
                            order.due, "EN 10204 3.1 where required");
            }
            if (draft.parent < 0 && draft.tree == kWitnessTree) {
                // Dropped by the customer, so the cancelled state shows up in the data.
                auto& witness = add_process(order.id, "Customer witness inspection", "inspection",
                                            span.end, "Customer waived the witness inspection");
                witness.status = ProcessStatus::cancelled;
            }
        }
    }

    /// Transport to each external partner when the work moves there, plus the hardness test
    /// certificate after case hardening.
    void add_transports(const Draft& draft, const std::string& order_id) {
        const OpSpec* previous = nullptr;
        for (std::size_t s = draft.first_step; s < draft.first_step + draft.step_count; ++s) {
            const OpSpec& op = *ops_[s];
            const auto& step = data_.work_steps[s];
            const auto& resource = kResources[static_cast<std::size_t>(op.resource)];
            if (resource.external && !shares_partner(previous, op)) {
                const auto& partner = kPartners[static_cast<std::size_t>(resource.partners[0])];
                add_process(order_id, std::string("Transport to ") + partner.name, "transport",
                            step.planned_start - 1h,
                            dice_.chance(40) ? "Forwarder Spedition Hansen, pick-up 07:00" : "");
            }
            if (std::string_view(op.operation) == "Case hardening") {
                add_process(order_id, "Hardness test certificate", "paperwork",
                            step.planned_end + 4h, "");
            }
            previous = &op;
        }
    }

    static bool shares_partner(const OpSpec* previous, const OpSpec& op) {
        if (previous == nullptr) return false;
        const auto& a = kResources[static_cast<std::size_t>(previous->resource)];
        const auto& b = kResources[static_cast<std::size_t>(op.resource)];
        if (!a.external) return false;
        for (const int p : a.partners) {
            if (p >= 0 && std::find(b.partners.begin(), b.partners.end(), p) != b.partners.end()) {
                return true;
            }
        }
        return false;
    }

    pt::plan::Process& add_process(const std::string& order_id, std::string name, const char* type,
                                   Timestamp due, std::string notes) {
        pt::plan::Process process;
        process.id = format_id("PR", static_cast<int>(data_.processes.size()) + 1, 3);
        process.order_id = order_id;
        process.name = std::move(name);
        process.type = type;
        process.due = within_working_hours(floor_quarter(due));
        process.notes = std::move(notes);
        if (process.due <= now_ - 12h) {
            process.status = ProcessStatus::done;
        } else if (process.due <= now_) {
            process.status = dice_.chance(50) ? ProcessStatus::done : ProcessStatus::in_progress;
        } else if (process.due <= now_ + 24h) {
            process.status = dice_.chance(30) ? ProcessStatus::in_progress : ProcessStatus::open;
        }
        return data_.processes.emplace_back(std::move(process));
    }

    Timestamp now_;
    Dice dice_;
    pt::plan::Dataset data_;
    std::vector<Draft> drafts_;
    std::vector<const OpSpec*> ops_;  // the routing entry of each work step
    std::vector<std::vector<Interval>> booked_;
};

}  // namespace

pt::plan::Dataset make_demo_dataset(Timestamp now) {
    return DemoBuilder(now).build();
}

std::vector<DemoBadge> demo_badges() {
    std::vector<DemoBadge> badges;
    badges.reserve(kOperators.size());
    for (const auto& op : kOperators) {
        badges.push_back({.badge = op.badge,
                          .operator_name = op.name,
                          .partner_name = kPartners[static_cast<std::size_t>(op.partner)].name,
                          .pin = op.pin ? std::optional<std::string>(op.pin) : std::nullopt});
    }
    return badges;
}

}  // namespace pt::server
