// The terminal's configuration file (TOML), read by the kiosk app and by `terminal-sync`.
// Every key is documented in the README ("Configuration"). A bad file is refused with one
// message naming the file and the key; unknown keys are refused too (a typo must not silently
// fall back to a default).
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "platform/scanner/scanner_config.h"

namespace pt::config {

/// A configuration that cannot be used; `what()` names the file and the key.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct TerminalConfig {
    /// The central plan, `https://…` (or `http://` to this machine; to any host only with
    /// allow_insecure_http).
    std::string server_url;
    /// Development only: http:// to hosts other than this machine. Read from the configuration
    /// file only, never from provisioning (a barcode must not turn TLS off).
    bool allow_insecure_http = false;
    /// Where the terminal's database, credentials and control socket live.
    std::filesystem::path data_dir;
    /// Spent at the first start (enrolment); may be empty once enrolled.
    std::string enrollment_code;
    /// The name this terminal enrols under; the host name when empty.
    std::string terminal_name;
    /// CA certificate(s) to verify the server with, instead of the system's; empty: system.
    std::filesystem::path ca_file;
    /// The server's public key pin, `sha256//` + base64 of 32 bytes (several joined by `;`);
    /// empty: no pinning.
    std::string pinned_key;
    /// The Argon2id hash (sync/secrets) of the badge code that opens the technician screen;
    /// empty: no technician badge. The file holds `technician_badge_hash`; an older file's
    /// `technician_badge` in clear is hashed when read, and technician_badge_in_clear says so.
    std::string technician_badge_hash;
    bool technician_badge_in_clear = false;
    /// UI language, a translation file's name ("en", "de").
    std::string language = "en";
    /// Idle sessions log out after this long.
    std::chrono::seconds idle_timeout{120};
    /// How long after its last online login an operator may still log in offline.
    std::chrono::hours offline_grace{24 * 7};
    /// How often the sync engine pulls when nothing else wakes it.
    std::chrono::seconds sync_interval{15};
    scanner::ScannerConfig scanner;
};

/// The terminal's database inside `data_dir` (outbox, plan cache, credentials, badge hashes).
[[nodiscard]] inline std::filesystem::path database_path(const TerminalConfig& config) {
    return config.data_dir / "terminal.db";
}

/// Reads and checks the file. Throws ConfigError naming the file (and key) on any problem:
/// unreadable, not TOML (with line and column), missing required key, wrong type, bad value —
/// server_url and pinned_key by the transport's own rules (client::url_problem,
/// client::pinned_key_problem), so a file that loads never makes the transport refuse.
[[nodiscard]] TerminalConfig load_config(const std::filesystem::path& file);
/// The same for text already in memory; `source` names it in messages.
[[nodiscard]] TerminalConfig parse_config(std::string_view text, std::string_view source);

}  // namespace pt::config
