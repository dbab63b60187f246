// Small helpers every SQLite store of plan-server shares: times as whole seconds in INTEGER
// columns, and reused statements left ready for their next call.
#pragma once

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>

#include "sync/plan/time.h"

namespace pt::server {

[[nodiscard]] inline std::int64_t seconds_of(plan::Timestamp t) {
    return t.time_since_epoch().count();
}
[[nodiscard]] inline plan::Timestamp timestamp_of(std::int64_t seconds) {
    return plan::Timestamp{std::chrono::seconds{seconds}};
}
[[nodiscard]] inline plan::Timestamp timestamp_of(const SQLite::Column& column) {
    return timestamp_of(column.getInt64());
}

/// Leaves a reused query ready for the next call however the last one ended.
struct ResetOnExit {
    SQLite::Statement& statement;
    ~ResetOnExit() { statement.tryReset(); }
};

}  // namespace pt::server
