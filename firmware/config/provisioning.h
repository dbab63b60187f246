// Provisioning (product.md §6): what a technician gives a freshly flashed terminal — server URL,
// enrolment code, optionally a CA or a pinned key — and how it becomes the terminal's
// configuration file. Three ways in, one format of values: a file on the EFI partition written by
// images/flash (read by `terminal-sync provision` at the first boot), a provisioning barcode
// scanned at the kiosk's set-up screen, or the same values typed there.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "firmware/config/terminal_config.h"

namespace pt::config {

struct Provisioning {
    std::string server_url;
    std::string enrollment_code;
    std::string pinned_key;         ///< empty: no pin
    std::filesystem::path ca_file;  ///< a file in the provisioning file's directory; empty: system
    std::string language;           ///< empty: the default
    std::string terminal_name;      ///< empty: the host name
    std::string technician_badge;   ///< empty: no technician screen
};

/// Reads a provisioning file (TOML: server_url, enrollment_code, and optionally pinned_key,
/// ca_file, language, terminal_name, technician_badge). ca_file is the bare name of a regular
/// file next to the provisioning file (no `/`, no `..`, no link): provisioning copies it and
/// then deletes it, so it must never name anything else. server_url and pinned_key are checked
/// by the transport's rules; allow_insecure_http is refused (the configuration file's only).
/// Throws ConfigError naming the file and the key.
[[nodiscard]] Provisioning load_provisioning(const std::filesystem::path& file);

/// The prefix every provisioning barcode starts with.
inline constexpr std::string_view kProvisioningBarcodePrefix = "PTPROV1;";

/// A scanned provisioning barcode: `PTPROV1;server_url=…;enrollment_code=…[;pinned_key=…]
/// [;language=…][;terminal_name=…][;technician_badge=…]`, values percent-encoded where they
/// hold `;`, `=` or `%`.
/// nullopt when `code` is not a provisioning barcode; throws ConfigError (naming the key) when it
/// is one but unusable (as load_provisioning). A barcode cannot carry a CA file, nor
/// allow_insecure_http.
[[nodiscard]] std::optional<Provisioning> parse_provisioning_barcode(std::string_view code);

/// The directory a configuration file at `config_file` keeps its data in: where the file really
/// lives (on an image /etc/partner-terminal/terminal.toml links into the data partition).
[[nodiscard]] std::filesystem::path data_dir_for(const std::filesystem::path& config_file);

/// True when `config_file` (or what it links to) exists: the terminal has been provisioned.
[[nodiscard]] bool is_provisioned(const std::filesystem::path& config_file);

/// Writes the configuration for `values` to `config_file` (following a symlink to its target):
/// data_dir from data_dir_for(), the CA copied next to it as ca.pem. Checked with the same rules
/// as load_config() before anything is written; written atomically, mode 0600 (it holds the
/// enrolment code). Returns the configuration as load_config() reads it back. Throws ConfigError.
TerminalConfig write_provisioned_config(const std::filesystem::path& config_file,
                                        const Provisioning& values);

/// Removes enrollment_code from the configuration file once the terminal is enrolled (the code
/// is spent; it should not stay on the disk). Throws ConfigError.
void forget_enrollment_code(const std::filesystem::path& config_file);

}  // namespace pt::config
