// A terminal without a configuration file shows the set-up screen (ui/screens/provisioning.h)
// instead of exiting: the technician scans a provisioning barcode or types the values, the
// configuration is written (firmware/config/provisioning.h), and the caller starts the kiosk
// with it. `ctl status|ui|scan` work here too, on the socket in the future data directory.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>

namespace pt::kiosk {

struct ProvisioningOptions {
    std::filesystem::path config_file;  ///< written when the technician is done
    std::optional<std::pair<int, int>> windowed;
    std::filesystem::path translations_dir;
    /// Where the control socket listens; empty: config::data_dir_for(config_file).
    std::filesystem::path data_dir;
    /// Why the configuration at config_file cannot be used, shown until a new one is written;
    /// empty when there is none yet.
    std::string problem;
};

/// Shows the set-up screen until the configuration is written (returns 0) or SIGTERM/SIGINT
/// ends it (returns 0 with nothing written) or the window cannot be opened (returns 1). Also
/// where a terminal whose configuration cannot be used goes (`problem`): a technician repairs
/// it by scanning a provisioning barcode, instead of re-flashing a kiosk in a crash loop.
[[nodiscard]] int run_provisioning(const ProvisioningOptions& options);

}  // namespace pt::kiosk
