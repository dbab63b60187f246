#include "firmware/terminal_sync/commands.h"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <thread>

#include "firmware/config/provisioning.h"
#include "sync/client/enrollment.h"
#include "sync/client/http_transport.h"
#include "sync/client/sync_api_client.h"
#include "sync/client/sync_engine.h"
#include "sync/plan/time.h"
#include "sync/store/credentials.h"
#include "sync/store/outbox.h"
#include "sync/store/store_error.h"

namespace pt::terminal_sync {
namespace {

using Json = nlohmann::json;

std::string rfc3339(std::chrono::system_clock::time_point t) {
    return plan::format_rfc3339(std::chrono::time_point_cast<std::chrono::seconds>(t));
}

Json optional_time(const std::optional<std::chrono::system_clock::time_point>& t) {
    return t ? Json(rfc3339(*t)) : Json(nullptr);
}

void print(const Json& document) {
    std::printf("%s\n", document.dump(2, ' ', false, Json::error_handler_t::replace).c_str());
}

client::TransportOptions transport_options(const config::TerminalConfig& config) {
    client::TransportOptions options;
    options.ca_file = config.ca_file;
    options.pinned_public_key = config.pinned_key;
    options.allow_insecure_http = config.allow_insecure_http;
    return options;
}

std::string terminal_name(const config::TerminalConfig& config) {
    if (!config.terminal_name.empty()) return config.terminal_name;
    std::array<char, 256> host{};
    if (::gethostname(host.data(), host.size() - 1) == 0 && host[0] != '\0') return host.data();
    return "partner-terminal";
}

Json status_json(const client::SyncStatus& s) {
    Json json{{"online", s.online},
              {"enrolled", s.enrolled},
              {"pending", s.pending},
              {"rejected", s.rejected},
              {"last_success", optional_time(s.last_success)},
              {"last_attempt", optional_time(s.last_attempt)},
              {"terminal_revoked", s.terminal_revoked},
              {"server_url", s.server_url},
              {"last_error", nullptr}};
    if (s.last_error) {
        json["last_error"] = Json{{"kind", client::name_of(s.last_error->kind)},
                                  {"message", s.last_error->message},
                                  {"at", rfc3339(s.last_error->at)}};
    }
    return json;
}

/// Trades `code` for credentials and saves them; prints "DONE ID" on success.
int enroll_with(const config::TerminalConfig& config, store::TerminalDb& db, std::string_view code,
                const char* done) {
    client::HttpTransport transport(transport_options(config));
    client::SyncApiClient api(transport, config.server_url);
    const auto result = client::enroll_terminal(db, api, code, terminal_name(config));
    if (!result.ok()) {
        std::fprintf(stderr, "terminal-sync: enrolment failed: %s\n",
                     client::describe(result.error()).c_str());
        return 1;
    }
    std::printf("%s %s\n", done, result.value().terminal_id.c_str());
    return 0;
}

}  // namespace

int enroll(const config::TerminalConfig& config) {
    std::filesystem::create_directories(config.data_dir);
    store::TerminalDb db(config::database_path(config));
    if (const auto existing = store::Credentials(db).load()) {
        std::printf("already enrolled as %s\n", existing->terminal_id.c_str());
        return 0;
    }
    if (config.enrollment_code.empty()) {
        std::fprintf(stderr, "terminal-sync: not enrolled and no enrollment_code configured\n");
        return 1;
    }
    return enroll_with(config, db, config.enrollment_code, "enrolled as");
}

int enroll_again(const config::TerminalConfig& config, std::string_view new_code) {
    std::filesystem::create_directories(config.data_dir);
    store::TerminalDb db(config::database_path(config));
    const auto before = store::Credentials(db).load();
    return enroll_with(config, db, new_code, before ? "enrolled again as" : "enrolled as");
}

/// Status and outbox only read: a terminal that was never set up has no database to open.
void require_database(const config::TerminalConfig& config) {
    if (!std::filesystem::exists(config::database_path(config))) {
        throw std::runtime_error("no terminal database at " +
                                 config::database_path(config).string() +
                                 " (not enrolled yet: run `terminal-sync enroll`)");
    }
}

int status(const config::TerminalConfig& config) {
    require_database(config);
    store::TerminalDb db(config::database_path(config));
    const auto credentials = store::Credentials(db).load();
    const store::Outbox box(db);
    const auto counts = box.counts();
    print(Json{{"enrolled", credentials.has_value()},
               {"terminal_id", credentials ? Json(credentials->terminal_id) : Json(nullptr)},
               {"server_url", config.server_url},
               {"data_dir", config.data_dir.string()},
               {"schema_version", db.schema_version()},
               {"outbox", Json{{"pending", counts.pending},
                               {"rejected", counts.rejected},
                               {"oldest_pending", optional_time(box.oldest_pending_time())}}}});
    return 0;
}

int outbox(const config::TerminalConfig& config) {
    require_database(config);
    store::TerminalDb db(config::database_path(config));
    const store::Outbox box(db);
    Json entries = Json::array();
    for (std::int64_t after = 0;;) {
        const auto page = box.entries_after(after, 1000);
        if (page.empty()) break;
        after = page.back().sequence;
        for (const auto& entry : page) {
            entries.push_back(Json{{"sequence", entry.sequence},
                                   {"event", Json::parse(protocol::encode_event(entry.event))},
                                   {"partner_id", entry.partner_id},
                                   {"state", store::name_of(entry.state)},
                                   {"reason", entry.reason},
                                   {"created_at", rfc3339(entry.created_at)},
                                   {"answered_at", optional_time(entry.answered_at)}});
        }
    }
    print(Json{{"entries", entries}});
    return 0;
}

int sync(const config::TerminalConfig& config) {
    require_database(config);
    client::SyncEngineOptions options;
    options.database = config::database_path(config);
    options.server_url = config.server_url;
    options.transport = transport_options(config);
    client::SyncEngine engine(std::move(options));
    engine.start();  // the first cycle runs at once
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(10);
    std::shared_ptr<const client::SyncStatus> now = engine.status();
    while ((now->cycles == 0 || now->syncing) && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        now = engine.status();
    }
    engine.stop();
    print(status_json(*now));
    if (!now->enrolled) {
        std::fprintf(stderr, "terminal-sync: not enrolled: run `terminal-sync enroll` first\n");
        return 1;
    }
    return now->last_error || now->pending > 0 ? 1 : 0;
}

int provision(const std::filesystem::path& from, const std::filesystem::path& config_file) {
    if (config::is_provisioned(config_file)) {
        std::fprintf(stderr,
                     "terminal-sync: %s exists: this terminal is already provisioned; nothing "
                     "changed (to start over, flash it again)\n",
                     config_file.c_str());
        return kAlreadyProvisioned;
    }
    config::Provisioning values;
    config::TerminalConfig config;
    try {
        values = config::load_provisioning(from);
        config = config::write_provisioned_config(config_file, values);
    } catch (const config::ConfigError& error) {
        std::fprintf(stderr, "terminal-sync: %s\n", error.what());
        return 2;
    }
    std::printf("configured %s for %s\n", config_file.c_str(), config.server_url.c_str());
    // The values now live only on the data partition (0600): the readable copy goes.
    std::error_code ignored;
    if (!values.ca_file.empty()) std::filesystem::remove(values.ca_file, ignored);
    if (!std::filesystem::remove(from, ignored) || ignored) {
        std::fprintf(stderr, "terminal-sync: warning: cannot delete %s: %s\n", from.c_str(),
                     ignored.message().c_str());
    }
    if (enroll(config) != 0) {
        std::fprintf(stderr,
                     "terminal-sync: not enrolled yet; the kiosk enrols when it reaches %s\n",
                     config.server_url.c_str());
        return kProvisionedNotEnrolled;
    }
    try {
        config::forget_enrollment_code(config_file);
    } catch (const config::ConfigError& error) {
        std::fprintf(stderr, "terminal-sync: warning: %s\n", error.what());
    }
    return 0;
}

}  // namespace pt::terminal_sync
