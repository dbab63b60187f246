// Shared helpers of store_test: a database in a fresh temporary directory, a clock the test
// moves by hand, events of every type, and raw file access for the "never on disk" checks.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "sync/plan/feedback.h"
#include "sync/store/terminal_db.h"
#include "tests/support/temp_dir.h"

namespace pt::store::testing {

/// A clock that stands still until the test moves it.
struct FakeClock {
    TimePoint now = TimePoint(std::chrono::seconds(1'795'000'000));  // a day in 2026
    [[nodiscard]] Clock clock() {
        return [this] { return now; };
    }
};

/// A temporary directory with `terminal.db` in it and a fake clock.
struct StoreFixture {
    test::TempDir dir{"pt-store-"};
    FakeClock clock;
    std::filesystem::path file = dir / "terminal.db";

    /// A new connection on `file` (as another thread would open one).
    [[nodiscard]] std::unique_ptr<TerminalDb> open(TerminalDbOptions options = {});
};

/// An event of `type` on `target` by `operator_id`, with data that fits the type.
[[nodiscard]] plan::Event make_event(plan::EventType type, std::string target,
                                     std::string operator_id = "OP1");

/// The whole content of a file ("" when it does not exist).
[[nodiscard]] std::string read_file(const std::filesystem::path& file);
/// Overwrites (or creates) a file with `bytes`.
void write_file(const std::filesystem::path& file, std::string_view bytes);
/// The database file and its -wal and -shm companions, concatenated.
[[nodiscard]] std::string read_database_files(const std::filesystem::path& file);

}  // namespace pt::store::testing
