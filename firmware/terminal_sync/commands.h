// The commands of `terminal-sync`, the technicians' tool (issue #3): each reads the terminal's
// configuration and database, does one job, prints JSON or one line on stdout and returns the
// process exit code (0 done, 1 failed; the message is on stderr).
#pragma once

#include <filesystem>
#include <string_view>

#include "firmware/config/terminal_config.h"

namespace pt::terminal_sync {

/// Enrols with the configured code and stores the credentials; a terminal already enrolled
/// says so and changes nothing.
[[nodiscard]] int enroll(const config::TerminalConfig& config);
/// Enrols again with `new_code` although the terminal has credentials (it was revoked, or its
/// token lost): the server keeps its id, so its pending events go out unchanged at the next
/// sync. The old credentials stay when the server refuses the code.
[[nodiscard]] int enroll_again(const config::TerminalConfig& config, std::string_view new_code);
/// Prints the terminal's state as JSON: enrolment, server, outbox counts, oldest pending event.
[[nodiscard]] int status(const config::TerminalConfig& config);
/// Prints every outbox entry (all partners: this is the technician's view) as JSON.
[[nodiscard]] int outbox(const config::TerminalConfig& config);
/// Runs one sync cycle now (push the outbox), prints the resulting status as JSON; 1 when the
/// cycle failed or events are still pending.
[[nodiscard]] int sync(const config::TerminalConfig& config);

/// Exit codes of provision() beyond 0, 1 and 2.
inline constexpr int kProvisionedNotEnrolled = 3;
inline constexpr int kAlreadyProvisioned = 4;
/// First boot (product.md §6): turns the provisioning file `from` (on the EFI partition) into
/// the configuration `config_file` and enrols. 0: enrolled, the code removed from the
/// configuration and `from` (and its CA file) deleted; kProvisionedNotEnrolled: configured, but
/// the server could not enrol it now (the code stays only in the 0600 configuration, the kiosk
/// enrols when it gets through), `from` deleted too; kAlreadyProvisioned: a configuration exists,
/// nothing changed; 2: `from` is unusable (message names the key), nothing changed.
[[nodiscard]] int provision(const std::filesystem::path& from,
                            const std::filesystem::path& config_file);

}  // namespace pt::terminal_sync
