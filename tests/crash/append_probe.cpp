// The child of the disk-error test: appends COUNT events to the outbox and says, for each,
// `saved ID` only after append() returned, or `error ID KIND` when it threw. Run under
// libfiu's fiu-run, its fsync/fdatasync/pwrite fail on purpose.
//
//   crash_append_probe init DB               create the database (run without faults)
//   crash_append_probe append DB COUNT       append COUNT events, one line each
//   crash_append_probe append-full DB COUNT  the same, with every write failing ENOSPC once the
//                                            database is open (libfiu's control API)
//   crash_append_probe append-exit DB COUNT  the same as append, then _Exit without closing the
//                                            database: a kill or power cut right after
#include <fiu-control.h>
#include <fiu.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sync/store/event_id.h"
#include "sync/store/outbox.h"
#include "sync/store/store_error.h"

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: crash_append_probe init DB | append DB COUNT\n");
        return 2;
    }
    const std::string mode = argv[1];
    try {
        pt::store::TerminalDb db(argv[2]);
        if (mode == "init") return 0;
        if (mode == "append-full") {
            // Opening already wrote (WAL shared memory); from here on the disk is full.
            fiu_init(0);
            fiu_enable("posix/io/rw/pwrite", 1, reinterpret_cast<void*>(ENOSPC), 0);
            fiu_enable("posix/io/rw/write", 1, reinterpret_cast<void*>(ENOSPC), 0);
        }
        pt::store::Outbox outbox(db);
        const int count = argc > 3 ? std::atoi(argv[3]) : 1;
        for (int i = 0; i < count; ++i) {
            pt::plan::Event event;
            event.id = pt::store::new_event_id();
            event.type = pt::plan::EventType::work_step_started;
            event.operator_id = "OP1";
            event.target_id = "W1";
            try {
                (void)outbox.append(event, "P1");
                std::printf("saved %s\n", event.id.c_str());
            } catch (const pt::store::StoreError& error) {
                std::printf("error %s %s\n", event.id.c_str(),
                            std::string(pt::store::name_of(error.kind())).c_str());
            }
            std::fflush(stdout);
        }
        if (mode == "append-exit") std::_Exit(0);  // no close, no checkpoint: like a kill
        return 0;
    } catch (const pt::store::StoreError& error) {
        std::printf("error - %s\n", std::string(pt::store::name_of(error.kind())).c_str());
        return 1;
    }
}
