// The child of the crash test: records events into the outbox as fast as it can and, after each
// append() returned, writes the event's id on its own line to a report file. The events cycle
// through a quantity report, a join, a note, a report, its correction and a leave (product.md
// §8), continuing the cycle from the outbox's last sequence after a kill, so the server accepts
// every one in order. A line
// there is a promise the terminal made ("saved"); the test kills this process at random moments and
// checks every promise was kept.
//
//   crash_outbox_writer DB REPORT OPERATOR_ID TARGET_ID PARTNER_ID
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <iterator>
#include <string>

#include "sync/store/event_id.h"
#include "sync/store/outbox.h"

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr,
                     "usage: crash_outbox_writer DB REPORT OPERATOR_ID TARGET_ID PARTNER_ID\n");
        return 2;
    }
    // O_APPEND + one write() per line: a kill never interleaves or reorders lines; a line cut
    // short by the kill has no newline and was never reported.
    const int report = ::open(argv[2], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (report < 0) {
        std::perror("open report");
        return 1;
    }
    try {
        pt::store::TerminalDb db(argv[1]);
        pt::store::Outbox outbox(db);
        using pt::plan::EventType;
        constexpr EventType kCycle[] = {
            EventType::work_step_quantity,  EventType::work_step_joined,
            EventType::work_step_note,      EventType::work_step_quantity,
            EventType::work_step_corrected, EventType::work_step_left};
        constexpr std::int64_t kCycleLength = std::size(kCycle);
        std::int64_t recorded = outbox.last_sequence();
        for (;;) {
            pt::plan::Event event;
            event.id = pt::store::new_event_id();
            event.type = kCycle[recorded % kCycleLength];
            event.operator_id = argv[3];
            event.target_id = argv[4];
            event.occurred_at = std::chrono::time_point_cast<std::chrono::seconds>(
                std::chrono::system_clock::now());
            event.data.good = event.type == EventType::work_step_quantity ? 1 : 0;
            if (event.type == EventType::work_step_note)
                event.data.text = "Übergabe, Runde " + std::to_string(recorded);
            if (event.type == EventType::work_step_corrected) {
                // The report just before it, approved by the operator itself (a lead).
                const auto last = outbox.entries_after(recorded - 1, 1);
                if (last.empty() || last.front().event.type != EventType::work_step_quantity) {
                    std::fprintf(stderr, "crash_outbox_writer: no report to correct\n");
                    return 1;
                }
                event.data.corrects = last.front().event.id;
                event.data.good = 2;
                event.data.approved_by = argv[3];
            }
            recorded = outbox.append(event, argv[5], "Crash Operator");
            const std::string line = event.id + "\n";
            if (::write(report, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
                std::perror("write report");
                return 1;
            }
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "crash_outbox_writer: %s\n", error.what());
        return 1;
    }
}
