#include "tests/integration/harness.h"

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <regex>

#ifndef PLAN_SERVER_BIN
#error "PLAN_SERVER_BIN must name the plan-server executable"
#endif

namespace pt::itest {
namespace {

bool is_2xx(const HttpResponse& response) {
    return response.status >= 200 && response.status < 300;
}

}  // namespace

bool is_rfc3339_utc(const std::string& text) {
    static const std::regex pattern(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z)");
    return std::regex_match(text, pattern);
}

std::set<std::string> keys_of(const json& object) {
    std::set<std::string> keys;
    if (!object.is_object()) return keys;
    for (const auto& item : object.items())
        keys.insert(item.key());
    return keys;
}

std::string describe(const HttpResponse& response) {
    std::string body = response.body;
    if (body.size() > 2000) body = body.substr(0, 2000) + "…";
    return "HTTP " + std::to_string(response.status) + " " + body;
}

json body_json(const HttpResponse& response) {
    return json::parse(response.body, nullptr, /*allow_exceptions=*/false);
}

bool is_error_body(const HttpResponse& response) {
    const json body = body_json(response);
    return body.is_object() && body.contains("error") && body["error"].is_string() &&
           !body["error"].get<std::string>().empty() && body.contains("message") &&
           body["message"].is_string();
}

json make_event(const std::string& type, const std::string& operator_id,
                const std::string& target_id, json data) {
    return json{{"id", new_uuid()},
                {"type", type},
                {"operator_id", operator_id},
                {"target_id", target_id},
                {"occurred_at", now_rfc3339()},
                {"data", std::move(data)}};
}

// ---- Harness ------------------------------------------------------------------------------

namespace {

test::PlanServerOptions options_for(const test::TempDir& dir, const std::string& token, bool demo,
                                    std::vector<std::string> extra_args) {
    test::PlanServerOptions options;
    // PT_PLAN_SERVER points the suite at another implementation of the same command line.
    const char* binary = std::getenv("PT_PLAN_SERVER");
    options.binary = binary != nullptr && *binary != '\0' ? binary : PLAN_SERVER_BIN;
    options.db = dir / "plan.db";
    options.log_dir = dir.path();
    options.admin_token = token;
    options.demo = demo;
    options.extra_args = std::move(extra_args);
    if (const char* timeout = std::getenv("PT_SERVER_START_TIMEOUT_MS")) {
        options.start_timeout = std::chrono::milliseconds(std::atol(timeout));
    }
    return options;
}

}  // namespace

Harness::Harness(bool demo, std::vector<std::string> extra_args)
    : dir_("pt-integration-"),
      admin_token_("admin-" + random_hex(24)),
      server_(options_for(dir_, admin_token_, demo, std::move(extra_args))) {
    server_.start();
}

Harness::~Harness() {
    if (!server_.running()) return;
    http_.disconnect();  // an idle kept-alive connection would only make the stop wait
    const int status = server_.stop();
    CHECK_MESSAGE(status == 0, "plan-server did not exit 0 on SIGTERM (status ", status, ")\n",
                  server_.log_tail());
}

std::string Harness::url(const std::string& path) const {
    return server_.base_url() + path;
}

HttpResponse Harness::send(const std::string& method, const std::string& path,
                           std::optional<std::string> body, const std::string& bearer) {
    test::HttpRequest request;
    request.method = method;
    request.url = url(path);
    request.body = std::move(body);
    request.bearer = bearer;
    HttpResponse response = http_.send(request);
    static const bool trace = std::getenv("PT_HTTP_TRACE") != nullptr;
    if (trace) {
        std::fprintf(stderr, "%s %s -> %ld in %.3f s\n", method.c_str(), path.c_str(),
                     response.status, response.elapsed.count());
    }
    return response;
}

HttpResponse Harness::admin(const std::string& method, const std::string& path,
                            std::optional<std::string> body) {
    return send(method, path, std::move(body), admin_token_);
}

HttpResponse Harness::admin(const std::string& method, const std::string& path, const json& body) {
    return send(method, path, body.dump(), admin_token_);
}

HttpResponse Harness::try_login(const Terminal& terminal, const std::string& badge,
                                const std::optional<std::string>& pin) {
    json body{{"badge", badge}};
    if (pin) body["pin"] = *pin;
    return send("POST", "/api/v1/sessions", body.dump(), terminal.token);
}

HttpResponse Harness::try_pull(const std::string& session_token,
                               const std::optional<std::string>& cursor) {
    std::string path = "/api/v1/plan";
    if (cursor) path += "?cursor=" + http_.escape(*cursor);
    return send("GET", path, std::nullopt, session_token);
}

HttpResponse Harness::try_post_events(const std::string& terminal_token, const json& events) {
    return send("POST", "/api/v1/events", json{{"events", events}}.dump(), terminal_token);
}

void Harness::put_dataset(const json& dataset) {
    const HttpResponse response = admin("PUT", "/admin/v1/dataset", dataset);
    REQUIRE_MESSAGE(response.status == 204, "PUT /admin/v1/dataset: ", describe(response));
}

json Harness::get_dataset() {
    const HttpResponse response = admin("GET", "/admin/v1/dataset");
    REQUIRE_MESSAGE(response.status == 200, "GET /admin/v1/dataset: ", describe(response));
    const json body = body_json(response);
    REQUIRE_MESSAGE(body.is_object(),
                    "GET /admin/v1/dataset is no JSON object: ", describe(response));
    return body;
}

void Harness::put_settings(const json& settings) {
    const HttpResponse response = admin("PUT", "/admin/v1/settings", settings);
    REQUIRE_MESSAGE(response.status == 204, "PUT /admin/v1/settings ", settings.dump(), ": ",
                    describe(response));
}

void Harness::patch(const std::string& collection, const std::string& id, const json& change) {
    const HttpResponse response = admin("PATCH", "/admin/v1/" + collection + "/" + id, change);
    REQUIRE_MESSAGE(is_2xx(response), "PATCH /admin/v1/", collection, "/", id, " ", change.dump(),
                    ": ", describe(response));
}

std::string Harness::new_enrollment_code() {
    const HttpResponse response =
        admin("POST", "/admin/v1/enrollment_codes", std::optional<std::string>(""));
    REQUIRE_MESSAGE(response.status == 201,
                    "POST /admin/v1/enrollment_codes: ", describe(response));
    const json body = body_json(response);
    REQUIRE_MESSAGE((body.is_object() && body.contains("code") && body["code"].is_string()),
                    "enrollment code answer: ", describe(response));
    return body["code"].get<std::string>();
}

Terminal Harness::enroll(const std::string& name) {
    const std::string code = new_enrollment_code();
    const HttpResponse response =
        send("POST", "/api/v1/terminals/enroll", json{{"code", code}, {"name", name}}.dump(), {});
    REQUIRE_MESSAGE(response.status == 201, "enroll: ", describe(response));
    const json body = body_json(response);
    REQUIRE_MESSAGE((body.is_object() && body.value("terminal_id", json()).is_string() &&
                     body.value("token", json()).is_string()),
                    "enroll answer: ", describe(response));
    return {body["terminal_id"].get<std::string>(), body["token"].get<std::string>()};
}

json Harness::login(const Terminal& terminal, const std::string& badge,
                    const std::optional<std::string>& pin) {
    const HttpResponse response = try_login(terminal, badge, pin);
    REQUIRE_MESSAGE(response.status == 201, "login with badge ", badge, ": ", describe(response));
    const json body = body_json(response);
    REQUIRE_MESSAGE((body.is_object() && body.value("token", json()).is_string()),
                    "login answer: ", describe(response));
    return body;
}

std::string Harness::session(const Terminal& terminal, const std::string& badge,
                             const std::optional<std::string>& pin) {
    return login(terminal, badge, pin)["token"].get<std::string>();
}

json Harness::pull(const std::string& session_token, const std::optional<std::string>& cursor) {
    const HttpResponse response = try_pull(session_token, cursor);
    REQUIRE_MESSAGE(response.status == 200, "GET /api/v1/plan: ", describe(response));
    const json body = body_json(response);
    REQUIRE_MESSAGE(body.is_object(), "plan answer is no JSON object: ", describe(response));
    return body;
}

json Harness::post_events(const std::string& terminal_token, const json& events) {
    const HttpResponse response = try_post_events(terminal_token, events);
    REQUIRE_MESSAGE(response.status == 200, "POST /api/v1/events: ", describe(response));
    const json body = body_json(response);
    REQUIRE_MESSAGE((body.is_object() && body.value("results", json()).is_array()),
                    "events answer: ", describe(response));
    REQUIRE_MESSAGE(body["results"].size() == events.size(),
                    "one result per event expected: ", describe(response));
    return body["results"];
}

json Harness::admin_events() {
    const HttpResponse response = admin("GET", "/admin/v1/events");
    REQUIRE_MESSAGE(response.status == 200, "GET /admin/v1/events: ", describe(response));
    const json body = body_json(response);
    REQUIRE_MESSAGE((body.is_object() && body.value("events", json()).is_array()),
                    "admin events answer: ", describe(response));
    return body["events"];
}

/// `plan-server token ARGS --db FILE` of the harness's server; stdout and the exit status.
namespace {

/// Runs a shell command line; its standard output and exit status.
CommandResult run_command_line(const std::string& line) {
    CommandResult result;
    std::FILE* pipe = ::popen(line.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[256];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr)
        result.out += buffer;
    const int status = ::pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

}  // namespace

CommandResult token_command(Harness& h, const std::string& args) {
    const auto& options = h.server().options();
    return run_command_line(options.binary.string() + " token " + args + " --db '" +
                            options.db.string() + "' 2>/dev/null");
}

CommandResult user_command(Harness& h, const std::string& args, const std::string& password) {
    const auto& options = h.server().options();
    // The password on standard input, as a script would give it (never on the command line).
    return run_command_line("printf '%s\\n' '" + password + "' | " + options.binary.string() +
                            " user " + args + " --db '" + options.db.string() + "' 2>/dev/null");
}

std::string api_token(Harness& h, const std::string& name, const std::string& role) {
    const CommandResult added = token_command(h, "add " + name + " --role " + role);
    REQUIRE_MESSAGE(added.status == 0, added.out);
    return added.out.substr(0, added.out.find('\n'));  // the token is the first line
}

}  // namespace pt::itest
