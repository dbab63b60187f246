#include "firmware/config/provisioning.h"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>
#include <system_error>

#include "sync/client/http_transport.h"
#include "sync/files/private_file.h"
#include "sync/secrets/slow_hash.h"

namespace pt::config {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(std::string_view source, std::string_view key, std::string_view problem) {
    throw ConfigError(std::string(source) + ": key `" + std::string(key) +
                      "`: " + std::string(problem));
}

/// Where a write to `file` lands: the target of a symlink (which may not exist yet), else the
/// file itself.
fs::path write_target(const fs::path& file) {
    std::error_code error;
    if (!fs::is_symlink(file, error)) return fs::absolute(file);
    fs::path target = fs::read_symlink(file, error);
    if (error) throw ConfigError(file.string() + ": cannot read the link: " + error.message());
    if (target.is_relative()) target = file.parent_path() / target;
    return fs::absolute(target).lexically_normal();
}

std::string read_file(const fs::path& file, std::string_view what) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ConfigError(file.string() + ": cannot read the " + std::string(what));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Replaces `file` with `text` as one step: a crash leaves the old file or the new one.
void write_atomically(const fs::path& file, const std::string& text, mode_t mode) {
    try {
        files::write_file_atomically(file, text, mode);
    } catch (const std::system_error& error) {
        throw ConfigError(file.string() + ": cannot write: " + error.code().message());
    }
}

/// What a provisioning value may never do: turn TLS off for a remote server.
constexpr std::string_view kNoInsecureHttp =
    "is never taken from provisioning: only the configuration file may allow insecure http";

/// The same rules as the configuration file and the transport, at once: a technician learns
/// about a bad value when scanning it, not from a kiosk that will not start.
void check_values(const Provisioning& values, std::string_view source) {
    if (values.server_url.empty()) fail(source, "server_url", "is required");
    if (auto problem = client::url_problem(values.server_url, false))
        fail(source, "server_url", *problem);
    if (values.enrollment_code.empty()) fail(source, "enrollment_code", "is required");
    if (!values.pinned_key.empty()) {
        if (auto problem = client::pinned_key_problem(values.pinned_key))
            fail(source, "pinned_key", *problem);
    }
}

/// The CA file a provisioning file names: a regular file right next to it, by bare name.
fs::path ca_file_next_to(const fs::path& provisioning_file, const std::string& name,
                         std::string_view source) {
    if (name.empty() || name.find('/') != std::string::npos ||
        name.find("..") != std::string::npos || name.find('\0') != std::string::npos) {
        fail(source, "ca_file",
             "must be the bare name of a file next to the provisioning file (no '/', no '..')");
    }
    fs::path path = fs::absolute(provisioning_file).parent_path() / name;
    std::error_code error;
    const fs::file_status status = fs::symlink_status(path, error);
    if (fs::is_symlink(status)) fail(source, "ca_file", "names " + name + ", which is a link");
    if (!fs::is_regular_file(status)) {
        fail(source, "ca_file",
             "names " + name + ", which is not there (next to the provisioning file)");
    }
    return path;
}

/// `%XX` sequences decoded; anything else malformed is refused.
std::string percent_decode(std::string_view text, std::string_view key) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size()) {
            fail("the provisioning barcode", key, "has a broken %-escape");
        }
        const auto hex = [&](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            fail("the provisioning barcode", key, "has a broken %-escape");
        };
        out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
        i += 2;
    }
    return out;
}

}  // namespace

Provisioning load_provisioning(const fs::path& file) {
    const std::string source = file.string();
    toml::table table;
    try {
        table = toml::parse(read_file(file, "provisioning file"), source);
    } catch (const toml::parse_error& error) {
        std::ostringstream message;
        message << source << ": not valid TOML: " << error.description() << " (line "
                << error.source().begin.line << ")";
        throw ConfigError(message.str());
    }
    Provisioning values;
    for (const auto& [key, node] : table) {
        if (key == "allow_insecure_http") fail(source, key.str(), kNoInsecureHttp);
        const auto* text = node.as_string();
        if (text == nullptr) fail(source, key.str(), "must be a string");
        const std::string& value = text->get();
        if (key == "server_url") {
            values.server_url = value;
        } else if (key == "enrollment_code") {
            values.enrollment_code = value;
        } else if (key == "pinned_key") {
            values.pinned_key = value;
        } else if (key == "ca_file") {
            values.ca_file = ca_file_next_to(file, value, source);
        } else if (key == "language") {
            values.language = value;
        } else if (key == "terminal_name") {
            values.terminal_name = value;
        } else if (key == "technician_badge") {
            values.technician_badge = value;
        } else {
            fail(source, key.str(), "is not a known key");
        }
    }
    check_values(values, source);
    return values;
}

std::optional<Provisioning> parse_provisioning_barcode(std::string_view code) {
    if (!code.starts_with(kProvisioningBarcodePrefix)) return std::nullopt;
    constexpr std::string_view kSource = "the provisioning barcode";
    Provisioning values;
    std::string_view rest = code.substr(kProvisioningBarcodePrefix.size());
    while (!rest.empty()) {
        const std::size_t end = rest.find(';');
        const std::string_view field = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
        if (field.empty()) continue;
        const std::size_t equals = field.find('=');
        if (equals == std::string_view::npos) fail(kSource, field, "has no value");
        const std::string_view key = field.substr(0, equals);
        std::string value = percent_decode(field.substr(equals + 1), key);
        if (key == "server_url") {
            values.server_url = std::move(value);
        } else if (key == "enrollment_code") {
            values.enrollment_code = std::move(value);
        } else if (key == "pinned_key") {
            values.pinned_key = std::move(value);
        } else if (key == "language") {
            values.language = std::move(value);
        } else if (key == "terminal_name") {
            values.terminal_name = std::move(value);
        } else if (key == "technician_badge") {
            values.technician_badge = std::move(value);
        } else if (key == "allow_insecure_http") {
            fail(kSource, key, kNoInsecureHttp);
        } else {
            fail(kSource, key, "is not a known key");
        }
    }
    check_values(values, kSource);
    return values;
}

fs::path data_dir_for(const fs::path& config_file) {
    return write_target(config_file).parent_path();
}

bool is_provisioned(const fs::path& config_file) {
    std::error_code error;
    return fs::exists(config_file, error);  // follows a link: a dangling one is not provisioned
}

TerminalConfig write_provisioned_config(const fs::path& config_file, const Provisioning& values) {
    check_values(values, "the provisioning");
    const fs::path target = write_target(config_file);
    const fs::path data_dir = target.parent_path();
    toml::table table;
    table.insert("server_url", values.server_url);
    table.insert("data_dir", data_dir.string());
    table.insert("enrollment_code", values.enrollment_code);
    if (!values.pinned_key.empty()) table.insert("pinned_key", values.pinned_key);
    if (!values.language.empty()) table.insert("language", values.language);
    if (!values.terminal_name.empty()) table.insert("terminal_name", values.terminal_name);
    // The technician badge only as its hash: the file (and a copy of the SD card) never shows it.
    if (!values.technician_badge.empty()) {
        table.insert(
            "technician_badge_hash",
            secrets::slow_hash(values.technician_badge, secrets::SlowHashLimits::per_scan()));
    }
    std::string ca_text;
    if (!values.ca_file.empty()) {
        ca_text = read_file(values.ca_file, "CA file");
        table.insert("ca_file", (data_dir / "ca.pem").string());
    }
    std::ostringstream text;
    text << "# Written by the terminal's provisioning; see the README, \"Configuration\".\n"
         << table << "\n";
    // The same rules as every start: a value the kiosk would refuse is refused now.
    TerminalConfig checked = parse_config(text.str(), "the provisioning");

    std::error_code error;
    fs::create_directories(data_dir, error);
    if (error) throw ConfigError(data_dir.string() + ": cannot create: " + error.message());
    if (!ca_text.empty()) write_atomically(data_dir / "ca.pem", ca_text, 0644);
    write_atomically(target, text.str(), 0600);
    return checked;
}

void forget_enrollment_code(const fs::path& config_file) {
    const fs::path target = write_target(config_file);
    toml::table table;
    try {
        table = toml::parse(read_file(target, "configuration file"), target.string());
    } catch (const toml::parse_error& error) {
        throw ConfigError(target.string() +
                          ": not valid TOML: " + std::string(error.description()));
    }
    if (!table.contains("enrollment_code")) return;
    table.erase("enrollment_code");
    std::ostringstream text;
    text << "# Written by the terminal's provisioning; the enrolment code is spent.\n"
         << table << "\n";
    (void)parse_config(text.str(), target.string());
    write_atomically(target, text.str(), 0600);
}

}  // namespace pt::config
