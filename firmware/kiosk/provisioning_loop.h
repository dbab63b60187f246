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
};

/// Shows the set-up screen until the configuration is written (returns 0) or SIGTERM/SIGINT
/// ends it (returns 0 with nothing written) or the window cannot be opened (returns 1).
[[nodiscard]] int run_provisioning(const ProvisioningOptions& options);

}  // namespace pt::kiosk
