// Crash test (issue #3): a child records events as fast as it can and reports each id it was
// told is durable; it is SIGKILLed at random moments, hundreds of times. Every reported event
// must be in the outbox exactly once, in recording order; drained to the real plan-server, every
// event must arrive there exactly once and in recording order.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "sync/client/enrollment.h"
#include "sync/client/sync_engine.h"
#include "sync/store/credentials.h"
#include "sync/store/outbox.h"
#include "tests/client/client_fixture.h"
#include "tests/support/file_contents.h"
#include "tests/support/temp_dir.h"

namespace {

// The sanitizers' runtimes take milliseconds (ASan) to tens of milliseconds (TSan) to start the
// writer: there, fewer and longer lives, so each still records events (the release tree does the
// 200 short ones; the drain through the sync engine's threads is what the TSan tree is for).
#if defined(PT_TSAN)
constexpr int kKills = 50;
constexpr int kShortestLifeUs = 30'000;
constexpr int kLongestLifeUs = 300'000;
#elif defined(PT_SANITIZED)
constexpr int kKills = 100;
constexpr int kShortestLifeUs = 10'000;
constexpr int kLongestLifeUs = 150'000;
#else
constexpr int kKills = 200;
constexpr int kShortestLifeUs = 2'000;
constexpr int kLongestLifeUs = 60'000;
#endif

pid_t spawn_writer(const std::filesystem::path& db, const std::filesystem::path& report) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::execl(CRASH_OUTBOX_WRITER, CRASH_OUTBOX_WRITER, db.c_str(), report.c_str(), "OP1", "W1",
                "P1", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    return pid;
}

/// The ids the writer reported, in order; a last line cut short by the kill is ignored.
std::vector<std::string> reported_ids(const std::filesystem::path& report) {
    const std::string all = pt::test::file_contents(report);
    std::vector<std::string> ids;
    std::size_t start = 0;
    for (std::size_t end; (end = all.find('\n', start)) != std::string::npos; start = end + 1) {
        ids.push_back(all.substr(start, end - start));
    }
    return ids;
}

}  // namespace

TEST_CASE("SIGKILL at random moments loses no reported event and duplicates none") {
    pt::test::TempDir dir("pt-crash-");
    const auto db = dir / "terminal.db";
    const auto report = dir / "reported.txt";
    std::mt19937_64 random(20261122);
    std::uniform_int_distribution<int> lifetime_us(kShortestLifeUs, kLongestLifeUs);

    int kills_during_work = 0;
    for (int round = 0; round < kKills; ++round) {
        const pid_t pid = spawn_writer(db, report);
        REQUIRE(pid > 0);
        std::this_thread::sleep_for(std::chrono::microseconds(lifetime_us(random)));
        REQUIRE(::kill(pid, SIGKILL) == 0);
        int status = 0;
        REQUIRE(::waitpid(pid, &status, 0) == pid);
        // Killed by us, not exited on its own (an exit would mean the writer failed).
        REQUIRE(WIFSIGNALED(status));
        if (WTERMSIG(status) == SIGKILL) ++kills_during_work;
    }
    CHECK(kills_during_work == kKills);

    const std::vector<std::string> reported = reported_ids(report);
    MESSAGE(reported.size() << " events reported durable over " << kKills << " kills");
    REQUIRE(reported.size() > static_cast<std::size_t>(kKills));

    pt::store::TerminalDb terminal(db);
    pt::store::Outbox outbox(terminal);
    std::vector<pt::store::OutboxEntry> stored;
    for (std::int64_t after = 0;;) {
        auto page = outbox.entries_after(after, 5000);
        if (page.empty()) break;
        after = page.back().sequence;
        stored.insert(stored.end(), page.begin(), page.end());
    }

    // Each reported id exactly once; the outbox may hold at most one unreported event per kill
    // (committed, then killed before the report line was written).
    std::unordered_set<std::string> seen;
    for (const auto& entry : stored)
        CHECK(seen.insert(entry.event.id).second);
    for (const auto& id : reported)
        CHECK(seen.contains(id));
    CHECK(stored.size() >= reported.size());
    CHECK(stored.size() <= reported.size() + kKills);

    // Recording order: the reported ids appear in the outbox in the order they were reported.
    std::size_t next = 0;
    for (const auto& entry : stored) {
        if (next < reported.size() && entry.event.id == reported[next]) ++next;
    }
    CHECK(next == reported.size());
    for (std::size_t i = 1; i < stored.size(); ++i) {
        CHECK(stored[i - 1].sequence < stored[i].sequence);
    }

    // Drained to the real plan-server, every event arrives exactly once, in recording order.
    pt::plan::Dataset dataset = pt::client::itest::client_dataset();
    for (auto& step : dataset.work_steps) {
        if (step.id == "W1") step.status = pt::plan::WorkStepStatus::in_progress;
    }
    // OP1 approves its own corrections: a lead.
    for (auto& partner : dataset.partners) {
        for (auto& op : partner.operators)
            if (op.id == "OP1") op.role = pt::plan::OperatorRole::lead;
    }
    pt::client::itest::ServerFixture server(dataset);
    {
        pt::client::HttpTransport transport;
        pt::client::SyncApiClient api(transport, server.url());
        REQUIRE(
            pt::client::enroll_terminal(terminal, api, server.new_enrollment_code(), "crash").ok());
        // R13: the server takes OP1's reports only after OP1 logged in online on this terminal
        // (within an hour of them).
        const auto credentials = pt::store::Credentials(terminal).load();
        REQUIRE(credentials.has_value());
        REQUIRE(api.login(credentials->token, {.badge = "B-1001"}).ok());
    }
    pt::client::SyncEngineOptions options;
    options.database = db;
    options.server_url = server.url();
    options.backoff.base = std::chrono::milliseconds(10);
    options.backoff.cap = std::chrono::milliseconds(200);
    pt::client::SyncEngine engine(std::move(options));
    engine.start();
    // The first snapshot (before any cycle) says pending 0 too: wait for a finished cycle.
    REQUIRE(pt::client::itest::wait_until(
        [&] {
            const auto status = engine.status();
            return status->cycles > 0 && !status->syncing && status->pending == 0;
        },
        std::chrono::seconds(120)));
    engine.stop();
    CHECK_FALSE(engine.status()->last_error);

    const auto received = server.events();
    REQUIRE(received.size() == stored.size());
    for (std::size_t i = 0; i < stored.size(); ++i) {
        CHECK(received[i].event.id == stored[i].event.id);
    }
    // Read as sent: the dataset decoder ignores operator_ids (the server's own, not input).
    const nlohmann::json after =
        nlohmann::json::parse(server.admin("GET", "/admin/v1/dataset").body);
    // Every event was accepted (a correction of a report that did not arrive would be refused).
    for (const auto& event : received)
        CHECK_MESSAGE(event.reason.empty(), event.event.id, " ", event.reason);
    // Quantities add up (a corrected report counts 2), the last join or leave decides who is on
    // the step, and every note is one of the step's notes.
    std::int64_t reports = 0;
    std::int64_t corrections = 0;
    std::int64_t notes = 0;
    std::vector<std::string> on_step;
    for (const auto& entry : stored) {
        if (entry.event.type == pt::plan::EventType::work_step_quantity) ++reports;
        if (entry.event.type == pt::plan::EventType::work_step_corrected) ++corrections;
        if (entry.event.type == pt::plan::EventType::work_step_note) ++notes;
        if (entry.event.type == pt::plan::EventType::work_step_joined) on_step = {"OP1"};
        if (entry.event.type == pt::plan::EventType::work_step_left) on_step.clear();
    }
    CHECK(corrections > 0);
    CHECK(notes > 0);
    CHECK(reports < static_cast<std::int64_t>(stored.size()));  // joins and leaves among them
    reports += corrections;  // each corrected report counts 2 instead of 1
    const nlohmann::json view =
        nlohmann::json::parse(server.admin("GET", "/admin/v1/partners/P1/view").body);
    std::int64_t notes_in_view = 0;
    for (const auto& note : view.at("step_notes"))
        notes_in_view += note.at("work_step_id") == "W1" ? 1 : 0;
    CHECK(notes_in_view == std::min<std::int64_t>(notes, 100));  // the newest 100 per step
    int w1_rows = 0;
    for (const auto& step : after.at("work_steps")) {
        if (step.at("id") != "W1") continue;
        ++w1_rows;
        CHECK(step.at("quantity_good").get<std::int64_t>() == reports);
        CHECK(step.at("operator_ids").get<std::vector<std::string>>() == on_step);
    }
    CHECK(w1_rows == 1);
}
