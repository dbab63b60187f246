#include "tests/client/client_fixture.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <thread>

#include "sync/client/enrollment.h"
#include "sync/store/credentials.h"
#include "sync/store/event_id.h"
#include "sync/store/outbox.h"

#ifndef PLAN_SERVER_BIN
#error "PLAN_SERVER_BIN must name the plan-server executable"
#endif

namespace pt::client::itest {
namespace {

using namespace std::chrono;

plan::Timestamp at(int day, int hour) {
    return sys_days{year{2026} / November / day} + hours(hour);
}

std::string random_token() {
    std::random_device device;
    std::string token = "admin-";
    for (int i = 0; i < 4; ++i)
        token += std::to_string(device());
    return token;
}

plan::Partner partner(std::string id, std::string name, std::vector<plan::Module> modules,
                      bool process_feedback, std::vector<plan::Operator> operators) {
    plan::Partner p{.id = std::move(id), .name = std::move(name)};
    for (const auto module : modules)
        p.modules.insert(module);
    p.allow_process_feedback = process_feedback;
    p.operators = std::move(operators);
    return p;
}

plan::Order order(std::string id, std::optional<std::string> parent,
                  std::optional<plan::Inheritance> inheritance,
                  std::vector<std::string> named = {}) {
    static int number = 4700;
    return plan::Order{.id = id,
                       .number = "PO-" + std::to_string(++number),
                       .article = "Article " + id,
                       .quantity = 100,
                       .due = at(30, 12),
                       .parent_id = std::move(parent),
                       .external_inheritance = inheritance,
                       .named_partner_ids = std::move(named)};
}

plan::WorkStep step(std::string id, std::string order_id, std::string resource, int day) {
    return plan::WorkStep{.id = std::move(id),
                          .order_id = std::move(order_id),
                          .seq = 10,
                          .operation = "Operation",
                          .resource_id = std::move(resource),
                          .planned_start = at(day, 6),
                          .planned_end = at(day, 14),
                          .quantity = 100,
                          .notes = "note"};
}

plan::Process process(std::string id, std::string order_id) {
    return plan::Process{.id = std::move(id),
                         .order_id = std::move(order_id),
                         .name = "Provide material",
                         .type = "material",
                         .due = at(25, 8),
                         .notes = ""};
}

}  // namespace

bool wait_until(const std::function<bool()>& condition, milliseconds timeout) {
    const auto deadline = steady_clock::now() + timeout;
    while (steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::sleep_for(milliseconds(3));
    }
    return condition();
}

plan::Dataset client_dataset() {
    using plan::Inheritance;
    using plan::Module;
    plan::Dataset d;
    d.settings.default_external_inheritance = Inheritance::limited;
    d.settings.pause_reasons = {{"MAT", "Waiting for material"}};
    d.settings.scrap_reasons = {{"SURF", "Surface defect"}};
    d.partners = {
        partner("P1", "Coating", {Module::workbench, Module::planning}, false,
                {{"OP1", "Ana", "B-1001", std::nullopt}, {"OP2", "Ben", "B-1002", "4711"}}),
        partner("P2", "Hardening",
                {Module::workbench, Module::planning, Module::dashboard, Module::planning_objects},
                true, {{"OP3", "Cem", "B-2001", std::nullopt}}),
        partner("P3", "Viewer", {Module::planning}, true,
                {{"OP4", "Dora", "B-3001", std::nullopt}}),
    };
    d.resources = {{"R1", "Coating line", true, {"P1"}},
                   {"R2", "Furnace", true, {"P2"}},
                   {"R3", "Shared cell", true, {"P1", "P2"}},
                   {"R4", "Internal mill", false, {"P1"}},
                   {"R5", "Spare", true, {}}};
    d.orders = {order("O1", std::nullopt, Inheritance::limited),
                order("O11", "O1", std::nullopt),
                order("O111", "O11", std::nullopt),
                order("O2", std::nullopt, Inheritance::full),
                order("O21", "O2", std::nullopt),
                order("O211", "O21", std::nullopt),
                order("O3", std::nullopt, Inheritance::limited),
                order("O31", "O3", std::nullopt, {"P3"}),
                order("O4", std::nullopt, Inheritance::limited),
                order("O5", std::nullopt, Inheritance::full)};
    d.work_steps = {
        step("W1", "O1", "R1", 23),  step("W2", "O11", "R4", 23), step("W3", "O111", "R2", 24),
        step("W4", "O2", "R4", 24),  step("W5", "O21", "R1", 25), step("W6", "O211", "R5", 25),
        step("W7", "O3", "R3", 26),  step("W8", "O31", "R4", 26), step("W9", "O4", "R2", 27),
        step("W10", "O4", "R5", 27), step("W11", "O5", "R3", 28), step("W12", "O5", "R4", 28)};
    d.processes = {process("PR1", "O1"),  process("PR2", "O11"), process("PR3", "O2"),
                   process("PR4", "O21"), process("PR5", "O31"), process("PR6", "O5")};
    return d;
}

// ---- ServerFixture --------------------------------------------------------------------------

ServerFixture::ServerFixture(const plan::Dataset& dataset)
    : dir_("pt-client-server-"),
      admin_token_(random_token()),
      server_(test::PlanServerOptions{.binary = PLAN_SERVER_BIN,
                                      .db = dir_ / "server.db",
                                      .log_dir = dir_.path(),
                                      .admin_token = admin_token_}) {
    server_.start();
    put_dataset(dataset);
}

ServerFixture::~ServerFixture() {
    // plan-server lets idle kept-alive connections linger up to 2 s before it exits.
    http_.disconnect();
    if (server_.running()) (void)server_.stop();
}

test::HttpResponse ServerFixture::admin(const std::string& method, const std::string& path,
                                        std::optional<std::string> body) {
    return http_.send(
        {.method = method, .url = url() + path, .body = std::move(body), .bearer = admin_token_});
}

void ServerFixture::put_dataset(const plan::Dataset& dataset) {
    const auto response = admin("PUT", "/admin/v1/dataset", protocol::encode_dataset(dataset));
    INFO(response.body);
    REQUIRE(response.status == 204);
}

std::string ServerFixture::new_enrollment_code() {
    const auto response = admin("POST", "/admin/v1/enrollment_codes", std::string());
    INFO(response.body);
    REQUIRE(response.status == 201);
    return protocol::decode_enrollment_code(response.body);
}

std::vector<protocol::RecordedEvent> ServerFixture::events() {
    const auto response = admin("GET", "/admin/v1/events");
    INFO(response.body.substr(0, 500));
    REQUIRE(response.status == 200);
    return protocol::decode_recorded_events(response.body);
}

// ---- TerminalFixture ------------------------------------------------------------------------

TerminalFixture::TerminalFixture(const std::string& server_url, store::TerminalDbOptions options)
    : db(std::make_unique<store::TerminalDb>(file, std::move(options))),
      transport(TransportOptions{.total_timeout = seconds(20)}),
      api(transport, server_url) {}

void TerminalFixture::enroll(ServerFixture& server) {
    const auto result = enroll_terminal(*db, api, server.new_enrollment_code(), "Kiosk 1");
    INFO(describe(result.error()));
    REQUIRE(result.ok());
}

std::string TerminalFixture::terminal_token() {
    const auto credentials = store::Credentials(*db).load();
    REQUIRE(credentials.has_value());
    return credentials->token;
}

protocol::LoginResponse TerminalFixture::login(const std::string& badge,
                                               const std::optional<std::string>& pin) {
    auto result = api.login(terminal_token(), {.badge = badge, .pin = pin});
    INFO(describe(result.error()));
    REQUIRE(result.ok());
    return std::move(result).value();
}

SyncEngineOptions TerminalFixture::engine_options(const std::string& server_url) const {
    SyncEngineOptions options;
    options.database = file;
    options.server_url = server_url;
    options.transport.total_timeout = seconds(20);
    options.transport.connect_timeout = seconds(2);
    options.pull_interval = hours(1);  // cycles only when the test (or an event) asks
    options.backoff = {.base = milliseconds(20), .cap = milliseconds(200)};
    return options;
}

std::string TerminalFixture::append(const plan::Event& event, const std::string& partner_id) {
    (void)store::Outbox(*db).append(event, partner_id);
    return event.id;
}

plan::Event make_event(plan::EventType type, const std::string& operator_id,
                       const std::string& target) {
    plan::Event event;
    event.id = store::new_event_id();
    event.type = type;
    event.operator_id = operator_id;
    event.target_id = target;
    event.occurred_at = time_point_cast<seconds>(system_clock::now());
    if (type == plan::EventType::work_step_quantity ||
        type == plan::EventType::work_step_finished) {
        event.data.good = 1;
    }
    if (type == plan::EventType::work_step_paused) event.data.reason = "MAT";
    return event;
}

plan::PartnerView sorted(plan::PartnerView view) {
    const auto by_id = [](const auto& a, const auto& b) { return a.id < b.id; };
    std::sort(view.orders.begin(), view.orders.end(), by_id);
    std::sort(view.resources.begin(), view.resources.end(), by_id);
    std::sort(view.work_steps.begin(), view.work_steps.end(), by_id);
    std::sort(view.processes.begin(), view.processes.end(), by_id);
    return view;
}

bool sync_and_wait(SyncEngine& engine, milliseconds timeout) {
    const auto mark = system_clock::now();
    engine.sync_now();
    return wait_until(
        [&] {
            const auto status = engine.status();
            return !status->syncing && status->last_attempt && *status->last_attempt >= mark;
        },
        timeout);
}

namespace {

template <typename T>
void compare_lists(const char* what, const std::vector<T>& cached, const std::vector<T>& server,
                   std::string& out) {
    std::map<std::string, const T*> by_id;
    for (const auto& item : server)
        by_id[item.id] = &item;
    for (const auto& item : cached) {
        const auto it = by_id.find(item.id);
        if (it == by_id.end()) {
            out += std::string(what) + " " + item.id + " only cached; ";
        } else {
            if (!(*it->second == item)) out += std::string(what) + " " + item.id + " differs; ";
            by_id.erase(it);
        }
    }
    for (const auto& [id, item] : by_id)
        out += std::string(what) + " " + id + " missing from the cache; ";
}

}  // namespace

std::string view_difference(const plan::PartnerView& cached, const plan::PartnerView& server) {
    std::string out;
    compare_lists("order", cached.orders, server.orders, out);
    compare_lists("resource", cached.resources, server.resources, out);
    compare_lists("work step", cached.work_steps, server.work_steps, out);
    compare_lists("process", cached.processes, server.processes, out);
    return out;
}

bool wait_for_cycle(const SyncEngine& engine, std::uint64_t after, milliseconds timeout) {
    return wait_until([&] { return engine.status()->cycles > after; }, timeout);
}

}  // namespace pt::client::itest
