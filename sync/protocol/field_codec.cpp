// Readers of single values by their C++ type, for the table-driven record codecs.
#include "sync/protocol/field_codec.h"

#include "sync/plan/feedback.h"
#include "sync/protocol/limits.h"

namespace pt::protocol::detail {

// The server refuses a join beyond the names a plan response may carry per step.
static_assert(kMaxNamesInList == plan::kMaxOperatorsOnStep);

void read_value(const Json& value, const Path& path, plan::FieldKind kind, std::string& out) {
    // sync-api.md "Limits": what comes over the wire is bounded before it is kept (an id also
    // ends up in paths and headers, e.g. Location).
    out = read_string(value, path);
    switch (kind) {
        case plan::FieldKind::id:
            if (!is_valid_id(out)) {
                fail_limit(path, "expected an id of 1 to " + std::to_string(kMaxIdLength) +
                                     " characters A-Z a-z 0-9 . _ : -");
            }
            break;
        case plan::FieldKind::name:
            if (character_count(out) > kMaxNameLength)
                fail_limit(path, "at most " + std::to_string(kMaxNameLength) + " characters");
            break;
        default:
            if (character_count(out) > kMaxTextLength)
                fail_limit(path, "at most " + std::to_string(kMaxTextLength) + " characters");
            break;
    }
}

void read_value(const Json& value, const Path& path, plan::FieldKind kind, std::int64_t& out) {
    out = kind == plan::FieldKind::count ? read_count(value, path) : read_int(value, path);
}

void read_value(const Json& value, const Path& path, plan::FieldKind, bool& out) {
    out = read_bool(value, path);
}

void read_value(const Json& value, const Path& path, plan::FieldKind, plan::Timestamp& out) {
    out = read_time(value, path);
}

void read_value(const Json& value, const Path& path, plan::FieldKind, plan::ModuleSet& out) {
    out = read_module_set(value, path);
}

void read_value(const Json& value, const Path& path, plan::FieldKind,
                std::vector<std::string>& out) {
    expect_array(value, path);
    if (value.size() > kMaxNamesInList)
        fail_limit(path, "at most " + std::to_string(kMaxNamesInList) + " names");
    out = read_list(value, path, [](const Json& element, const Path& element_path) {
        std::string name;
        read_value(element, element_path, plan::FieldKind::name, name);
        return name;
    });
}

void read_value(const Json& value, const Path& path, plan::FieldKind, plan::Inheritance& out) {
    out = read_inheritance(value, path);
}

void read_value(const Json& value, const Path& path, plan::FieldKind, plan::WorkStepStatus& out) {
    out = read_work_step_status(value, path);
}

void read_value(const Json& value, const Path& path, plan::FieldKind, plan::ProcessStatus& out) {
    out = read_process_status(value, path);
}

void read_value(const Json& value, const Path& path, plan::FieldKind, plan::OperatorRole& out) {
    out = read_enum(value, path, plan::operator_role_from_name, "operator role");
}

}  // namespace pt::protocol::detail
