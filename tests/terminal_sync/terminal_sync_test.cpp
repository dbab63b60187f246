// terminal-sync, the technicians' tool, driven as a technician would: the real binary, a TOML
// config, the real plan-server on loopback.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sync/store/credentials.h"
#include "sync/store/outbox.h"
#include "tests/client/client_fixture.h"

namespace {

using pt::client::itest::ServerFixture;

struct Run {
    int exit_code = -1;
    std::string out;  ///< stdout and stderr together
};

Run terminal_sync(const std::filesystem::path& config, const std::string& command) {
    const std::string line =
        std::string(TERMINAL_SYNC_BIN) + " --config '" + config.string() + "' " + command + " 2>&1";
    Run run;
    FILE* pipe = ::popen(line.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 4096> buffer{};
    while (const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) {
        run.out.append(buffer.data(), n);
    }
    const int status = ::pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

nlohmann::json json_of(const Run& run) {
    // stderr lines (if any) follow the JSON document; parse the document only.
    const auto end = run.out.rfind('}');
    REQUIRE(end != std::string::npos);
    return nlohmann::json::parse(run.out.substr(0, end + 1));
}

std::filesystem::path write_config(const pt::test::TempDir& dir, const std::string& body) {
    const auto file = dir / "terminal.toml";
    std::ofstream(file) << body;
    return file;
}

std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The client dataset with W1 in progress: quantity reports on it are accepted.
pt::plan::Dataset dataset_with_w1_started() {
    pt::plan::Dataset dataset = pt::client::itest::client_dataset();
    for (auto& step : dataset.work_steps) {
        if (step.id == "W1") step.status = pt::plan::WorkStepStatus::in_progress;
    }
    return dataset;
}

/// Logs OP1 in online on the enrolled terminal in `data_dir` (R13: the server takes OP1's
/// reports from it only then) and queues `count` quantity reports of OP1 on W1; their ids.
std::vector<std::string> queue_reports(const std::filesystem::path& data_dir,
                                       const std::string& server_url, int count) {
    pt::store::TerminalDb db(data_dir / "terminal.db");
    const auto credentials = pt::store::Credentials(db).load();
    REQUIRE(credentials.has_value());
    pt::client::HttpTransport transport;
    pt::client::SyncApiClient api(transport, server_url);
    REQUIRE(api.login(credentials->token, {.badge = "B-1001"}).ok());
    pt::store::Outbox outbox(db);
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) {
        auto event =
            pt::client::itest::make_event(pt::plan::EventType::work_step_quantity, "OP1", "W1");
        ids.push_back(event.id);
        (void)outbox.append(event, "P1");
    }
    return ids;
}

}  // namespace

TEST_CASE("terminal-sync: enrol, inspect, sync, and report trouble") {
    ServerFixture server(dataset_with_w1_started());
    pt::test::TempDir dir("pt-terminal-sync-");
    const auto data_dir = dir / "data";
    const auto config =
        write_config(dir, "server_url = \"" + server.url() + "\"\n" + "data_dir = \"" +
                              data_dir.string() + "\"\n" + "enrollment_code = \"" +
                              server.new_enrollment_code() + "\"\nterminal_name = \"hall 2\"\n");

    const Run before = terminal_sync(config, "status");
    CHECK(before.exit_code == 1);
    CHECK(before.out.find("not enrolled yet") != std::string::npos);

    const Run enrolled = terminal_sync(config, "enroll");
    REQUIRE(enrolled.exit_code == 0);
    CHECK(enrolled.out.find("enrolled as ") == 0);
    const Run again = terminal_sync(config, "enroll");
    CHECK(again.exit_code == 0);
    CHECK(again.out.find("already enrolled as ") == 0);

    const auto status = json_of(terminal_sync(config, "status"));
    CHECK(status["enrolled"] == true);
    CHECK(status["outbox"]["pending"] == 0);

    const std::vector<std::string> ids = queue_reports(data_dir, server.url(), 5);
    const auto pending = json_of(terminal_sync(config, "outbox"));
    REQUIRE(pending["entries"].size() == 5);
    CHECK(pending["entries"][0]["state"] == "pending");
    CHECK(pending["entries"][0]["event"]["id"] == ids[0]);

    const Run synced = terminal_sync(config, "sync");
    CHECK(synced.exit_code == 0);
    CHECK(json_of(synced)["pending"] == 0);
    const auto received = server.events();
    REQUIRE(received.size() == 5);
    for (std::size_t i = 0; i < ids.size(); ++i)
        CHECK(received[i].event.id == ids[i]);
    CHECK(json_of(terminal_sync(config, "outbox"))["entries"][4]["state"] == "accepted");

    // With the server gone, sync says so and keeps the event.
    {
        pt::store::TerminalDb db(data_dir / "terminal.db");
        (void)pt::store::Outbox(db).append(
            pt::client::itest::make_event(pt::plan::EventType::work_step_quantity, "OP1", "W1"),
            "P1");
    }
    REQUIRE(server.process().stop() == 0);
    const Run offline = terminal_sync(config, "sync");
    CHECK(offline.exit_code == 1);
    const auto offline_status = json_of(offline);
    CHECK(offline_status["pending"] == 1);
    CHECK(offline_status["last_error"]["kind"] == "unreachable");
}

TEST_CASE("terminal-sync: a bad configuration names the file and the key") {
    pt::test::TempDir dir("pt-terminal-sync-");
    const auto config =
        write_config(dir, "server_url = \"https://x\"\ndata_dir = \"/tmp\"\nidle_timeout = 5\n");
    const Run run = terminal_sync(config, "status");
    CHECK(run.exit_code == 2);
    CHECK(run.out.find(config.string()) != std::string::npos);
    CHECK(run.out.find("`idle_timeout`") != std::string::npos);

    const Run unknown = terminal_sync(dir / "missing.toml", "status");
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.out.find("cannot read") != std::string::npos);
}

TEST_CASE(
    "terminal-sync provision: the first boot turns the EFI partition's file into an "
    "enrolled terminal") {
    ServerFixture server(pt::client::itest::client_dataset());
    pt::test::TempDir dir("pt-terminal-sync-");
    // The image's layout: the configuration path links into the data partition.
    std::filesystem::create_directories(dir / "esp" / "partner-terminal");
    std::filesystem::create_directories(dir / "data");
    std::filesystem::create_directories(dir / "etc");
    const auto config = dir / "etc" / "terminal.toml";
    std::filesystem::create_symlink(dir / "data" / "terminal.toml", config);
    const auto from = dir / "esp" / "partner-terminal" / "provisioning.toml";
    const auto provision = [&] {
        return terminal_sync(config, "provision --from '" + from.string() + "'");
    };

    // A broken file changes nothing and names the key.
    std::ofstream(from) << "server_url = \"" << server.url() << "\"\n";
    Run bad = provision();
    CHECK(bad.exit_code == 2);
    CHECK(bad.out.find("`enrollment_code`") != std::string::npos);
    CHECK(std::filesystem::exists(from));
    CHECK_FALSE(std::filesystem::exists(dir / "data" / "terminal.toml"));

    const std::string code = server.new_enrollment_code();
    std::ofstream(from) << "server_url = \"" << server.url() << "\"\nenrollment_code = \"" << code
                        << "\"\nterminal_name = \"coating 1\"\n";
    const Run done = provision();
    CHECK(done.exit_code == 0);
    CHECK(done.out.find("enrolled as ") != std::string::npos);
    CHECK(done.out.find(code) == std::string::npos);  // the code is never printed
    CHECK_FALSE(std::filesystem::exists(from));       // no readable copy left on the ESP
    const std::string text = read_text(dir / "data" / "terminal.toml");
    CHECK(text.find(code) == std::string::npos);  // spent: gone from the configuration
    CHECK(text.find("data_dir = '" + (dir / "data").string() + "'") != std::string::npos);
    CHECK(json_of(terminal_sync(config, "status"))["enrolled"] == true);

    // Once provisioned, a second file changes nothing.
    std::ofstream(from) << "server_url = \"https://elsewhere\"\nenrollment_code = \"X\"\n";
    const Run again = provision();
    CHECK(again.exit_code == 4);
    CHECK(std::filesystem::exists(from));
    CHECK(json_of(terminal_sync(config, "status"))["server_url"] == server.url());
}

TEST_CASE(
    "terminal-sync provision: no server at first boot leaves a configured terminal that "
    "enrols later") {
    pt::test::TempDir dir("pt-terminal-sync-");
    const auto config = dir / "terminal.toml";
    const auto from = dir / "provisioning.toml";
    // Nothing listens on port 1.
    std::ofstream(from) << "server_url = \"http://127.0.0.1:1\"\nenrollment_code = \"CODE-1\"\n";
    const Run run = terminal_sync(config, "provision --from '" + from.string() + "'");
    CHECK(run.exit_code == 3);
    CHECK(run.out.find("not enrolled yet") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(from));
    CHECK(json_of(terminal_sync(config, "status"))["enrolled"] == false);
    const std::string text = read_text(config);
    CHECK(text.find("CODE-1") != std::string::npos);  // kept (0600) for the kiosk's enrolment
}

TEST_CASE(
    "terminal-sync provision: a ca_file outside the provisioning directory is refused before "
    "anything is copied or deleted") {
    // Issue 13, finding 13: `ca_file` may be absolute or hold `..`; the named file was copied
    // into the data directory and then deleted, as root.
    pt::test::TempDir dir("pt-terminal-sync-");
    std::filesystem::create_directories(dir / "esp");
    std::filesystem::create_directories(dir / "data");
    const auto victim = dir / "victim.pem";
    std::ofstream(victim) << "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    const auto config = dir / "data" / "terminal.toml";
    const auto from = dir / "esp" / "provisioning.toml";
    for (const std::string& name : {victim.string(), std::string("../victim.pem")}) {
        std::ofstream(from) << "server_url = \"http://127.0.0.1:1\"\nenrollment_code = \"C\"\n"
                            << "ca_file = \"" << name << "\"\n";
        const Run run = terminal_sync(config, "provision --from '" + from.string() + "'");
        CHECK_MESSAGE(run.exit_code == 2, name);
        CHECK_MESSAGE(run.out.find("ca_file") != std::string::npos, run.out);
        CHECK(std::filesystem::exists(victim));
        CHECK(std::filesystem::exists(from));
        CHECK_FALSE(std::filesystem::exists(config));
        CHECK_FALSE(std::filesystem::exists(dir / "data" / "ca.pem"));
    }
}

TEST_CASE(
    "terminal-sync enroll --new-code: a revoked terminal keeps its outbox, is enrolled again "
    "under its id and delivers each pending event once") {
    ServerFixture server(dataset_with_w1_started());
    pt::test::TempDir dir("pt-terminal-sync-");
    const auto data_dir = dir / "data";
    const std::string first_code = server.new_enrollment_code();
    const auto config =
        write_config(dir, "server_url = \"" + server.url() + "\"\ndata_dir = \"" +
                              data_dir.string() + "\"\nenrollment_code = \"" + first_code + "\"\n");
    REQUIRE(terminal_sync(config, "enroll").exit_code == 0);
    const std::vector<std::string> ids = queue_reports(data_dir, server.url(), 3);
    std::string terminal_id;
    {
        pt::store::TerminalDb db(data_dir / "terminal.db");
        terminal_id = pt::store::Credentials(db).load().value().terminal_id;
    }
    REQUIRE(server.admin("DELETE", "/admin/v1/terminals/" + terminal_id).status == 204);

    const Run refused = terminal_sync(config, "sync");
    CHECK(refused.exit_code == 1);
    CHECK(json_of(refused)["terminal_revoked"] == true);
    CHECK(json_of(refused)["pending"] == 3);
    CHECK(terminal_sync(config, "enroll").out.find("already enrolled as ") == 0);

    const auto code_file = dir / "code";
    const auto enroll_with = [&](const std::string& code) {
        std::ofstream(code_file) << code;
        return terminal_sync(config, "enroll --new-code < '" + code_file.string() + "'");
    };
    CHECK(enroll_with("").exit_code == 2);
    CHECK(enroll_with("two words").exit_code == 2);
    CHECK(enroll_with(std::string(300, 'A')).exit_code == 2);
    const Run spent = enroll_with(first_code + "\n");
    CHECK(spent.exit_code == 1);
    CHECK(spent.out.find("enrolment failed") != std::string::npos);
    CHECK(terminal_sync(config, "sync").exit_code == 1);  // still revoked, still pending
    CHECK(server.events().empty());

    const std::string new_code = server.new_enrollment_code();
    const Run again = enroll_with(new_code + "\n");
    REQUIRE_MESSAGE(again.exit_code == 0, again.out);
    CHECK(again.out == "enrolled again as " + terminal_id + "\n");
    CHECK(again.out.find(new_code) == std::string::npos);
    const Run delivered = terminal_sync(config, "sync");
    CHECK(delivered.exit_code == 0);
    CHECK(json_of(delivered)["terminal_revoked"] == false);
    CHECK(json_of(delivered)["pending"] == 0);
    CHECK(terminal_sync(config, "sync").exit_code == 0);
    const auto received = server.events();
    REQUIRE(received.size() == 3);
    for (std::size_t i = 0; i < ids.size(); ++i)
        CHECK(received[i].event.id == ids[i]);
}
