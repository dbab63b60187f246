// Readers of single values by their C++ type, for the table-driven record codecs.
#include "sync/protocol/field_codec.h"

namespace pt::protocol::detail {

void read_value(const Json& value, const Path& path, plan::FieldKind, std::string& out) {
    out = read_string(value, path);
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

void read_value(const Json& value, const Path& path, plan::FieldKind, plan::Inheritance& out) {
    out = read_inheritance(value, path);
}

void read_value(const Json& value, const Path& path, plan::FieldKind, plan::WorkStepStatus& out) {
    out = read_work_step_status(value, path);
}

void read_value(const Json& value, const Path& path, plan::FieldKind, plan::ProcessStatus& out) {
    out = read_process_status(value, path);
}

}  // namespace pt::protocol::detail
