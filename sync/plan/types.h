// Domain types of the central plan (product.md §1, sync-api.md "Dataset document").
// Plain data: the rules over them live in access.h, view.h, feedback.h and validate.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/plan/time.h"

namespace pt::plan {

/// R4: how far an external partner sees into the tree of a top-level order.
enum class Inheritance : std::uint8_t { limited, full };

/// R8: the modules a partner can be licensed for.
enum class Module : std::uint8_t { workbench, planning, dashboard, planning_objects };
inline constexpr int kModuleCount = 4;

enum class WorkStepStatus : std::uint8_t { open, in_progress, paused, finished, cancelled };
enum class ProcessStatus : std::uint8_t { open, in_progress, done, cancelled };

/// product.md §8: a lead may approve corrections. The wire name of `operator_` is "operator".
enum class OperatorRole : std::uint8_t { operator_, lead };

/// R9: the columns an administrator may show to external partners.
enum class WorkStepColumn : std::uint8_t {
    order_number,
    article,
    operation,
    seq,
    resource_name,
    planned_start,
    planned_end,
    quantity,
    quantity_good,
    quantity_scrap,
    notes,
};
inline constexpr int kWorkStepColumnCount = 11;

enum class ProcessColumn : std::uint8_t { order_number, name, type, due, notes };
inline constexpr int kProcessColumnCount = 5;

/// A small set of enum values, stored as bits (modules, columns).
template <typename Enum, int Count>
class EnumSet {
public:
    using value_type = Enum;
    constexpr EnumSet() = default;
    static constexpr EnumSet all() {
        EnumSet set;
        set.bits_ = (std::uint32_t{1} << Count) - 1;
        return set;
    }
    constexpr bool contains(Enum value) const { return (bits_ & bit(value)) != 0; }
    constexpr void insert(Enum value) { bits_ |= bit(value); }
    constexpr void erase(Enum value) { bits_ &= ~bit(value); }
    constexpr bool empty() const { return bits_ == 0; }
    constexpr std::uint32_t bits() const { return bits_; }
    constexpr bool operator==(const EnumSet&) const = default;
    static constexpr int size() { return Count; }

private:
    static constexpr std::uint32_t bit(Enum value) {
        return std::uint32_t{1} << static_cast<unsigned>(value);
    }
    std::uint32_t bits_ = 0;
};

using ModuleSet = EnumSet<Module, kModuleCount>;
using WorkStepColumns = EnumSet<WorkStepColumn, kWorkStepColumnCount>;
using ProcessColumns = EnumSet<ProcessColumn, kProcessColumnCount>;

struct Reason {
    std::string code;
    std::string label;
    bool operator==(const Reason&) const = default;
};

/// R14 (product.md): the default of Settings::finished_retention_days, and its largest value.
inline constexpr std::int64_t kDefaultFinishedRetentionDays = 21;
inline constexpr std::int64_t kMaxFinishedRetentionDays = 3650;

struct Settings {
    /// R4: taken by a top-level order created without its own setting.
    Inheritance default_external_inheritance = Inheritance::limited;
    /// R9: what external partners see in work step and process lists.
    WorkStepColumns work_step_columns = WorkStepColumns::all();
    ProcessColumns process_columns = ProcessColumns::all();
    std::vector<Reason> pause_reasons;
    std::vector<Reason> scrap_reasons;
    /// R14: a finished work step leaves every partner's view this many days after it finished.
    std::int64_t finished_retention_days = kDefaultFinishedRetentionDays;
    bool operator==(const Settings&) const = default;
};

struct Operator {
    std::string id;
    std::string name;
    /// In a dataset document, the badge code; in plan-server's plan and database, its keyed hash
    /// (sync-api.md "Credentials": badges are write-only).
    std::string badge;
    /// Likewise the PIN, or its Argon2id string in plan-server; none: the badge alone logs in.
    std::optional<std::string> pin;
    OperatorRole role = OperatorRole::operator_;
    bool operator==(const Operator&) const = default;
};

struct Partner {
    std::string id;
    std::string name;
    ModuleSet modules;
    bool allow_process_feedback = false;
    std::vector<Operator> operators;
    bool operator==(const Partner&) const = default;
};

struct Resource {
    std::string id;
    std::string name;
    bool external = false;
    std::vector<std::string> partner_ids;
    bool operator==(const Resource&) const = default;
};

struct Order {
    std::string id;
    std::string number;
    std::string article;
    std::int64_t quantity = 0;
    Timestamp due{};
    std::optional<std::string> parent_id;
    /// Set on top-level orders only (R4); a sub-order follows its top-level order.
    std::optional<Inheritance> external_inheritance;
    /// R6: partners granted the whole tree by name.
    std::vector<std::string> named_partner_ids;
    bool operator==(const Order&) const = default;
};

struct WorkStep {
    std::string id;
    std::string order_id;
    std::int64_t seq = 0;
    std::string operation;
    std::string resource_id;
    Timestamp planned_start{};
    Timestamp planned_end{};
    std::int64_t quantity = 0;
    WorkStepStatus status = WorkStepStatus::open;
    std::int64_t quantity_good = 0;
    std::int64_t quantity_scrap = 0;
    std::string notes;
    /// When it finished (the server's own, sync-api.md "Administration"); none otherwise.
    std::optional<Timestamp> finished_at;
    /// The operators on it now, in the order they came (product.md §8): who started or joined
    /// and has not left; empty unless in progress or paused. The server's own, like finished_at.
    std::vector<std::string> operator_ids;
    bool operator==(const WorkStep&) const = default;
};

struct Process {
    std::string id;
    std::string order_id;
    std::string name;
    std::string type;
    Timestamp due{};
    ProcessStatus status = ProcessStatus::open;
    std::string notes;
    bool operator==(const Process&) const = default;
};

/// The whole central plan, as exchanged by `PUT/GET /admin/v1/dataset`.
struct Dataset {
    Settings settings;
    std::vector<Partner> partners;
    std::vector<Resource> resources;
    std::vector<Order> orders;
    std::vector<WorkStep> work_steps;
    std::vector<Process> processes;
    bool operator==(const Dataset&) const = default;
};

// ---- a partner's view (sync-api.md GET /plan; built by view.h) ------------------------------

/// An order of the view: every field, and the id of its top-level order.
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

/// A resource of the view; `own`: one of the partner's own resources.
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
    /// The names of the operators on it now, in the order they came (an identity field).
    std::vector<std::string> operators;
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

/// Identity fields always; each column only when chosen (R9).
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

/// A note on one of the partner's own work steps (product.md §8): its id is that of the
/// `work_step.note` event, `at` its occurred_at, `operator_name` who wrote it, as then named.
struct ViewStepNote {
    std::string id;
    std::string work_step_id;
    std::string operator_name;
    Timestamp at{};
    std::string text;
    bool operator==(const ViewStepNote&) const = default;
};

// Wire names of the enums (sync-api.md). `*_from_name` return nullopt for an unknown name.
[[nodiscard]] std::string_view name_of(Inheritance value);
[[nodiscard]] std::string_view name_of(Module value);
[[nodiscard]] std::string_view name_of(WorkStepStatus value);
[[nodiscard]] std::string_view name_of(ProcessStatus value);
[[nodiscard]] std::string_view name_of(OperatorRole value);
[[nodiscard]] std::string_view name_of(WorkStepColumn value);
[[nodiscard]] std::string_view name_of(ProcessColumn value);
[[nodiscard]] std::optional<Inheritance> inheritance_from_name(std::string_view name);
[[nodiscard]] std::optional<Module> module_from_name(std::string_view name);
[[nodiscard]] std::optional<WorkStepStatus> work_step_status_from_name(std::string_view name);
[[nodiscard]] std::optional<ProcessStatus> process_status_from_name(std::string_view name);
[[nodiscard]] std::optional<OperatorRole> operator_role_from_name(std::string_view name);
[[nodiscard]] std::optional<WorkStepColumn> work_step_column_from_name(std::string_view name);
[[nodiscard]] std::optional<ProcessColumn> process_column_from_name(std::string_view name);

}  // namespace pt::plan
