#include "firmware/config/terminal_config.h"

#include <toml++/toml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "sync/client/http_transport.h"
#include "sync/secrets/slow_hash.h"

namespace pt::config {
namespace {

using scanner::ScannerConfig;

class Reader {
public:
    Reader(const toml::table& table, std::string source, std::string prefix)
        : table_(table), source_(std::move(source)), prefix_(std::move(prefix)) {}

    [[noreturn]] void fail(std::string_view key, const std::string& problem) const {
        throw ConfigError(source_ + ": key `" + prefix_ + std::string(key) + "`: " + problem);
    }

    std::optional<std::string> text(std::string_view key) {
        seen_.insert(std::string(key));
        const toml::node* node = table_.get(key);
        if (node == nullptr) return std::nullopt;
        if (const auto* value = node->as_string()) return value->get();
        fail(key, "must be a string");
    }
    std::string required_text(std::string_view key) {
        auto value = text(key);
        if (!value || value->empty()) fail(key, "is required");
        return *value;
    }
    std::optional<bool> boolean(std::string_view key) {
        seen_.insert(std::string(key));
        const toml::node* node = table_.get(key);
        if (node == nullptr) return std::nullopt;
        if (const auto* value = node->as_boolean()) return value->get();
        fail(key, "must be true or false");
    }
    std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max) {
        seen_.insert(std::string(key));
        const toml::node* node = table_.get(key);
        if (node == nullptr) return std::nullopt;
        const auto* value = node->as_integer();
        if (value == nullptr) fail(key, "must be an integer");
        if (value->get() < min || value->get() > max) {
            fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
        }
        return value->get();
    }
    const toml::table* table(std::string_view key) {
        seen_.insert(std::string(key));
        const toml::node* node = table_.get(key);
        if (node == nullptr) return nullptr;
        if (const auto* value = node->as_table()) return value;
        fail(key, "must be a table ([" + prefix_ + std::string(key) + "])");
    }
    /// Refuses keys nobody asked for: a typo must not fall back to a default silently.
    void refuse_unknown_keys() const {
        for (const auto& [key, node] : table_) {
            if (!seen_.contains(std::string(key.str()))) fail(key.str(), "is not a known key");
        }
    }
    const std::string& source() const { return source_; }

private:
    const toml::table& table_;
    std::string source_;
    std::string prefix_;
    std::set<std::string> seen_;
};

ScannerConfig read_scanner(const toml::table& table, const std::string& source) {
    Reader in(table, source, "scanner.");
    ScannerConfig scanner;
    if (auto v = in.integer("max_interkey_ms", 1, 1000))
        scanner.max_interkey = std::chrono::milliseconds(*v);
    if (auto v = in.text("terminator")) {
        if (*v != "enter" && *v != "tab") in.fail("terminator", "must be \"enter\" or \"tab\"");
        scanner.terminator = *v;
    }
    if (auto v = in.integer("min_length", 1, 256)) scanner.min_length = static_cast<int>(*v);
    if (auto v = in.text("evdev_device")) scanner.evdev_device = *v;
    if (auto v = in.text("serial_device")) scanner.serial_device = *v;
    if (auto v = in.integer("serial_baud", 1200, 921600))
        scanner.serial_baud = static_cast<int>(*v);
    in.refuse_unknown_keys();
    return scanner;
}

TerminalConfig read_config(const toml::table& table, const std::string& source) {
    Reader in(table, source, "");
    TerminalConfig config;
    config.allow_insecure_http = in.boolean("allow_insecure_http").value_or(false);
    config.server_url = in.required_text("server_url");
    if (auto problem = client::url_problem(config.server_url, config.allow_insecure_http)) {
        in.fail("server_url", *problem);
    }
    while (config.server_url.ends_with('/'))
        config.server_url.pop_back();
    config.data_dir = in.required_text("data_dir");
    if (config.data_dir.is_relative()) in.fail("data_dir", "must be an absolute path");
    config.enrollment_code = in.text("enrollment_code").value_or("");
    config.terminal_name = in.text("terminal_name").value_or("");
    config.ca_file = in.text("ca_file").value_or("");
    config.pinned_key = in.text("pinned_key").value_or("");
    if (!config.pinned_key.empty()) {
        if (auto problem = client::pinned_key_problem(config.pinned_key))
            in.fail("pinned_key", *problem);
    }
    config.technician_badge_hash = in.text("technician_badge_hash").value_or("");
    if (!config.technician_badge_hash.empty() &&
        !secrets::is_slow_hash(config.technician_badge_hash)) {
        in.fail("technician_badge_hash",
                "must be an Argon2id hash ($argon2id$...), as provisioning writes it");
    }
    if (const auto clear = in.text("technician_badge"); clear && !clear->empty()) {
        if (!config.technician_badge_hash.empty()) {
            in.fail("technician_badge", "give technician_badge_hash or technician_badge, not both");
        }
        config.technician_badge_hash =
            secrets::slow_hash(*clear, secrets::SlowHashLimits::per_scan());
        config.technician_badge_in_clear = true;
    }
    config.language = in.text("language").value_or("en");
    if (config.language.empty() || config.language.find('/') != std::string::npos) {
        in.fail("language", "must name a translation, such as \"en\" or \"de\"");
    }
    if (auto v = in.integer("idle_timeout_s", 10, 86400))
        config.idle_timeout = std::chrono::seconds(*v);
    if (auto v = in.integer("offline_grace_days", 0, 365))
        config.offline_grace = std::chrono::hours(24 * *v);
    if (auto v = in.integer("sync_interval_s", 1, 3600))
        config.sync_interval = std::chrono::seconds(*v);
    if (const toml::table* scanner = in.table("scanner"))
        config.scanner = read_scanner(*scanner, source);
    in.refuse_unknown_keys();
    return config;
}

}  // namespace

TerminalConfig parse_config(std::string_view text, std::string_view source) {
    toml::table table;
    try {
        table = toml::parse(text, source);
    } catch (const toml::parse_error& error) {
        std::ostringstream message;
        message << source << ": not valid TOML: " << error.description() << " (line "
                << error.source().begin.line << ", column " << error.source().begin.column << ")";
        throw ConfigError(message.str());
    }
    return read_config(table, std::string(source));
}

TerminalConfig load_config(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw ConfigError(file.string() + ": cannot read the configuration file");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw ConfigError(file.string() + ": cannot read the configuration file");
    return parse_config(text.str(), file.string());
}

}  // namespace pt::config
