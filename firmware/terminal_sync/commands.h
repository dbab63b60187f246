// The commands of `terminal-sync`, the technicians' tool (issue #3): each reads the terminal's
// configuration and database, does one job, prints JSON or one line on stdout and returns the
// process exit code (0 done, 1 failed; the message is on stderr).
#pragma once

#include "firmware/config/terminal_config.h"

namespace pt::terminal_sync {

/// Enrols with the configured code and stores the credentials; a terminal already enrolled
/// says so and changes nothing.
[[nodiscard]] int enroll(const config::TerminalConfig& config);
/// Prints the terminal's state as JSON: enrolment, server, outbox counts, oldest pending event.
[[nodiscard]] int status(const config::TerminalConfig& config);
/// Prints every outbox entry (all partners: this is the technician's view) as JSON.
[[nodiscard]] int outbox(const config::TerminalConfig& config);
/// Runs one sync cycle now (push the outbox), prints the resulting status as JSON; 1 when the
/// cycle failed or events are still pending.
[[nodiscard]] int sync(const config::TerminalConfig& config);

}  // namespace pt::terminal_sync
