// Issue #3, disk errors: with fsync/fdatasync failing or the disk full (libfiu's fiu-run makes
// the C library calls fail), the terminal reports the error and never claims an event saved.
// Every event the probe was told is saved must be in the outbox afterwards.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <sstream>
#include <unordered_set>

#include "sync/store/outbox.h"
#include "tests/support/temp_dir.h"

namespace {

struct ProbeRun {
    int exit_code = -1;
    std::vector<std::string> saved;
    std::vector<std::string> errors;     ///< the error kinds reported
    std::vector<std::string> error_ids;  ///< the events whose append threw
};

ProbeRun run_probe(const std::string& prefix, const std::string& args) {
    const std::string line = prefix + " " + CRASH_APPEND_PROBE + " " + args + " 2>&1";
    ProbeRun run;
    FILE* pipe = ::popen(line.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 512> buffer{};
    while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr) {
        std::istringstream words(buffer.data());
        std::string verb, id, kind;
        words >> verb >> id >> kind;
        if (verb == "saved") run.saved.push_back(id);
        if (verb == "error") {
            run.errors.push_back(kind);
            run.error_ids.push_back(id);
        }
    }
    const int status = ::pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

std::unordered_set<std::string> outbox_ids(const std::filesystem::path& db) {
    pt::store::TerminalDb terminal(db);
    std::unordered_set<std::string> ids;
    for (const auto& entry : pt::store::Outbox(terminal).entries_after(0, 100000)) {
        ids.insert(entry.event.id);
    }
    return ids;
}

bool fiu_available() {
    return std::system("command -v fiu-run >/dev/null 2>&1") == 0;
}

}  // namespace

TEST_CASE("fsync failing: the error is reported and no event is claimed saved") {
    REQUIRE_MESSAGE(fiu_available(), "fiu-run is missing: scripts/install-deps installs fiu-utils");
    pt::test::TempDir dir("pt-disk-");
    const std::string db = (dir / "terminal.db").string();
    REQUIRE(run_probe("", "init " + db).exit_code == 0);

    const ProbeRun run = run_probe(
        "fiu-run -x -c 'enable name=posix/io/sync/fdatasync' -c 'enable name=posix/io/sync/fsync'",
        "append " + db + " 5");
    CHECK(run.exit_code == 0);
    CHECK(run.saved.empty());
    REQUIRE(run.errors.size() == 5);
    for (const auto& kind : run.errors)
        CHECK(kind == "io");
    CHECK(outbox_ids(dir / "terminal.db").empty());  // reopened without faults: nothing there
}

TEST_CASE("disk full: the error is reported as disk_full and no event is claimed saved") {
    REQUIRE(fiu_available());
    pt::test::TempDir dir("pt-disk-");
    const std::string db = (dir / "terminal.db").string();
    REQUIRE(run_probe("", "init " + db).exit_code == 0);

    // Every write fails with ENOSPC once the database is open (the probe switches it on).
    const ProbeRun run = run_probe("fiu-run -x", "append-full " + db + " 5");
    CHECK(run.exit_code == 0);
    CHECK(run.saved.empty());
    REQUIRE(run.errors.size() == 5);
    for (const auto& kind : run.errors)
        CHECK(kind == "disk_full");
    CHECK(outbox_ids(dir / "terminal.db").empty());
}

TEST_CASE("fsync failing now and then: every event claimed saved is in the outbox") {
    REQUIRE(fiu_available());
    pt::test::TempDir dir("pt-disk-");
    const std::string db = (dir / "terminal.db").string();
    REQUIRE(run_probe("", "init " + db).exit_code == 0);

    const ProbeRun run = run_probe(
        "fiu-run -x -c 'enable_random name=posix/io/sync/fdatasync,probability=0.3' "
        "-c 'enable_random name=posix/io/sync/fsync,probability=0.3'",
        "append " + db + " 200");
    MESSAGE(run.saved.size() << " saved, " << run.errors.size() << " refused");
    CHECK(run.saved.size() + run.errors.size() == 200);
    CHECK_FALSE(run.saved.empty());
    CHECK_FALSE(run.errors.empty());
    const auto stored = outbox_ids(dir / "terminal.db");
    for (const auto& id : run.saved)
        CHECK(stored.contains(id));
    for (const auto& id : run.error_ids)  // Outbox::append: "then nothing was recorded"
        CHECK_FALSE(stored.contains(id));
}
