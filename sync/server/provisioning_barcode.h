// The provisioning barcode a technician prints for a terminal's set-up screen (images/README.md,
// section 3): `PTPROV1;server_url=…;enrollment_code=…[;technician_badge=…]`, written exactly as
// the terminal reads it (firmware/config/provisioning.h: parse_provisioning_barcode). The
// terminal's reader is not linked here (it sits above this layer); a test holds the two together.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pt::server {

/// What plan-server puts into a provisioning barcode.
struct ProvisioningValues {
    std::string server_url;
    std::string enrollment_code;
    std::string technician_badge;  ///< empty: none
};

/// The longest server_url and technician badge a barcode takes (bytes).
inline constexpr std::size_t kLongestBarcodeUrl = 256;
inline constexpr std::size_t kLongestBarcodeBadge = 128;

/// Why `url` cannot go into a barcode, or nullopt: it must be `http://` or `https://` with a
/// host, printable ASCII without spaces or `;` (a scanner types it key by key), at most
/// kLongestBarcodeUrl bytes. (The terminal itself accepts `http://` only to its own machine.)
[[nodiscard]] std::optional<std::string> barcode_url_problem(std::string_view url);
/// Why `badge` cannot be a technician badge in a barcode, or nullopt: 1 to kLongestBarcodeBadge
/// bytes of printable ASCII without spaces.
[[nodiscard]] std::optional<std::string> barcode_badge_problem(std::string_view badge);

/// The barcode's text; `;`, `=` and `%` inside a value are written `%3B`, `%3D`, `%25`. The
/// values should have passed the checks above.
[[nodiscard]] std::string provisioning_barcode_text(const ProvisioningValues& values);

}  // namespace pt::server
