// The delta contract of GET /plan (sync-api.md): a client that applies a reset and then every
// delta holds exactly what a cursor-less pull returns, field for field — through random admin
// changes of every kind, events, dataset replacements, stale and unknown cursors and restarts.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <sstream>

#include "sync/plan/view.h"
#include "tests/server/client_view.h"
#include "tests/server/service_harness.h"

namespace {

using namespace pt;
using namespace pt::server::testing;

/// One partner's terminal: its session, its view and the last few cursors it held.
struct Client {
    std::string partner;
    std::string session;
    std::string verifier;  ///< a second session for reference pulls (own cursor group)
    ClientView view;
    std::string cursor;
    std::vector<std::pair<std::string, ClientView>> history;  ///< older (cursor, view)
};

class Fuzzer {
public:
    explicit Fuzzer(unsigned seed) : rng_(seed) {}

    bool chance(double p) { return std::uniform_real_distribution<>(0, 1)(rng_) < p; }
    int below(int n) { return std::uniform_int_distribution<>(0, n - 1)(rng_); }
    template <typename T>
    const T& pick(const std::vector<T>& list) {
        return list[static_cast<std::size_t>(below(static_cast<int>(list.size())))];
    }
    std::vector<std::string> subset(const std::vector<std::string>& from, double p) {
        std::vector<std::string> out;
        for (const auto& item : from) {
            if (chance(p)) out.push_back(item);
        }
        return out;
    }
    plan::Timestamp time() { return start_time() + std::chrono::hours{below(300)}; }

private:
    std::mt19937 rng_;
};

std::string json_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += (i ? ",\"" : "\"") + items[i] + "\"";
    }
    return out + "]";
}
std::string quoted(const std::string& text) {
    return "\"" + text + "\"";
}

const std::vector<std::string> kPartners{"P0", "P1", "P2", "P3"};
const std::vector<std::string> kModules{"workbench", "planning", "dashboard", "planning_objects"};
const std::vector<std::string> kStepColumns{
    "order_number",  "article",        "operation",   "seq",
    "resource_name", "planned_start",  "planned_end", "quantity",
    "quantity_good", "quantity_scrap", "notes"};
const std::vector<std::string> kProcessColumns{"order_number", "name", "type", "due", "notes"};
const std::vector<std::string> kStepStatuses{"open", "in_progress", "paused", "finished",
                                             "cancelled"};
const std::vector<std::string> kProcessStatuses{"open", "in_progress", "done", "cancelled"};

plan::Dataset random_dataset(Fuzzer& f) {
    plan::Dataset d;
    d.settings.pause_reasons = {{"MAT", "Material"}};
    d.settings.scrap_reasons = {{"SURF", "Surface"}};
    for (std::size_t i = 0; i < kPartners.size(); ++i) {
        plan::Partner p{
            kPartners[i], "Partner " + kPartners[i], plan::ModuleSet::all(), f.chance(0.5), {}};
        if (f.chance(0.3)) p.modules.erase(plan::Module::workbench);
        p.operators.push_back({"OP-" + p.id, "Op", "B-" + p.id, std::nullopt});
        d.partners.push_back(std::move(p));
    }
    for (int i = 0; i < 10; ++i) {
        d.resources.push_back({"R" + std::to_string(i), "Resource " + std::to_string(i),
                               f.chance(0.7), f.subset(kPartners, 0.3)});
    }
    for (int i = 0; i < 24; ++i) {
        plan::Order o{"O" + std::to_string(i),
                      "PO-" + std::to_string(i),
                      "Art",
                      10,
                      f.time(),
                      std::nullopt,
                      std::nullopt,
                      {}};
        if (i >= 6 && f.chance(0.8)) {
            o.parent_id = "O" + std::to_string(f.below(i));
        } else {
            o.external_inheritance =
                f.chance(0.5) ? plan::Inheritance::full : plan::Inheritance::limited;
        }
        if (f.chance(0.1)) o.named_partner_ids = {f.pick(kPartners)};
        d.orders.push_back(std::move(o));
    }
    for (int i = 0; i < 80; ++i) {
        plan::WorkStep w;
        w.id = "W" + std::to_string(i);
        w.order_id = "O" + std::to_string(f.below(24));
        w.resource_id = "R" + std::to_string(f.below(10));
        w.seq = 10 * f.below(5);
        w.operation = "Op";
        w.planned_start = f.time();
        w.planned_end = w.planned_start + std::chrono::hours{2};
        w.quantity = 10;
        w.status = f.chance(0.1) ? plan::WorkStepStatus::cancelled : plan::WorkStepStatus::open;
        d.work_steps.push_back(std::move(w));
    }
    for (int i = 0; i < 30; ++i) {
        d.processes.push_back(
            {"PR" + std::to_string(i), "O" + std::to_string(f.below(24)), "Process", "material",
             f.time(), f.chance(0.1) ? plan::ProcessStatus::cancelled : plan::ProcessStatus::open,
             ""});
    }
    return d;
}

/// One random change through the admin endpoints (refusals with 404/422 are fine: they must
/// change nothing, which the convergence check then also covers).
void random_admin_change(ServiceHarness& h, Fuzzer& f, int& new_orders) {
    auto& s = *h.service;
    const plan::Dataset current = s.dataset();
    std::vector<std::string> orders, resources, steps, processes;
    for (const auto& o : current.orders)
        orders.push_back(o.id);
    for (const auto& r : current.resources)
        resources.push_back(r.id);
    for (const auto& w : current.work_steps)
        steps.push_back(w.id);
    for (const auto& p : current.processes)
        processes.push_back(p.id);
    server::Reply reply;
    switch (f.below(12)) {
        case 0:
            reply = s.patch_work_step(kAdmin, f.pick(steps),
                                      "{\"resource_id\": " + quoted(f.pick(resources)) + "}");
            break;
        case 1:
            reply = s.patch_work_step(
                kAdmin, f.pick(steps),
                "{\"status\": " + quoted(f.pick(kStepStatuses)) +
                    ", \"notes\": " + quoted("n" + std::to_string(f.below(9))) +
                    ", \"planned_start\": " + quoted(plan::format_rfc3339(f.time())) + "}");
            break;
        case 2:
            reply = s.patch_work_step(kAdmin, f.pick(steps),
                                      "{\"order_id\": " + quoted(f.pick(orders)) + "}");
            break;
        case 3:
            reply = s.patch_resource(
                kAdmin, f.pick(resources),
                "{\"external\": " + std::string(f.chance(0.6) ? "true" : "false") +
                    ", \"partner_ids\": " + json_list(f.subset(kPartners, 0.3)) +
                    ", \"name\": " + quoted("Res " + std::to_string(f.below(5))) + "}");
            break;
        case 4:
            reply = s.patch_partner(
                kAdmin, f.pick(kPartners),
                "{\"modules\": " + json_list(f.subset(kModules, 0.7)) +
                    ", \"allow_process_feedback\": " + (f.chance(0.5) ? "true" : "false") + "}");
            break;
        case 5: {
            std::string columns = "{";
            if (f.chance(0.8))
                columns += "\"work_steps\": " + json_list(f.subset(kStepColumns, 0.6));
            if (f.chance(0.8)) {
                if (columns.size() > 1) columns += ", ";
                columns += "\"processes\": " + json_list(f.subset(kProcessColumns, 0.6));
            }
            columns += "}";
            reply = s.put_settings(kAdmin, "{\"external_columns\": " + columns +
                                               ", \"default_external_inheritance\": " +
                                               quoted(f.chance(0.5) ? "full" : "limited") + "}");
            break;
        }
        case 6: {
            const std::string parent = f.chance(0.3) ? "null" : quoted(f.pick(orders));
            reply = s.patch_order(kAdmin, f.pick(orders), "{\"parent_id\": " + parent + "}");
            break;
        }
        case 7:
            reply = s.patch_order(
                kAdmin, f.pick(orders),
                "{\"external_inheritance\": " + quoted(f.chance(0.5) ? "full" : "limited") +
                    ", \"number\": " + quoted("N" + std::to_string(f.below(9))) +
                    ", \"named_partner_ids\": " + json_list(f.subset(kPartners, 0.1)) + "}");
            break;
        case 8:
            reply = s.patch_process(kAdmin, f.pick(processes),
                                    "{\"status\": " + quoted(f.pick(kProcessStatuses)) +
                                        ", \"order_id\": " + quoted(f.pick(orders)) + "}");
            break;
        case 9: {
            const std::string parent = f.chance(0.5) ? "null" : quoted(f.pick(orders));
            reply = s.post_order(kAdmin, "{\"id\": \"NEW" + std::to_string(++new_orders) +
                                             "\", \"number\": \"PO\", \"article\": \"A\", "
                                             "\"quantity\": 1, \"due\": \"2026-12-01T00:00:00Z\", "
                                             "\"parent_id\": " +
                                             parent + ", \"named_partner_ids\": []}");
            break;
        }
        case 10: {
            // Objects that disappear from the plan altogether, and new ones.
            plan::Dataset next = current;
            if (!next.work_steps.empty()) {
                next.work_steps.erase(next.work_steps.begin() +
                                      f.below(static_cast<int>(next.work_steps.size())));
            }
            if (!next.processes.empty() && f.chance(0.5)) next.processes.pop_back();
            plan::WorkStep extra =
                current.work_steps.empty() ? plan::WorkStep{} : current.work_steps.front();
            extra.id = "X" + std::to_string(++new_orders);
            extra.order_id = f.pick(orders);
            extra.resource_id = f.pick(resources);
            extra.status = plan::WorkStepStatus::open;
            next.work_steps.push_back(extra);
            // dataset() holds the badges' hashes; replace_dataset() takes them in clear (a
            // changed badge would end the operator's sessions).
            for (plan::Partner& partner : next.partners)
                for (plan::Operator& op : partner.operators)
                    op.badge = "B-" + partner.id;
            REQUIRE(h.service->replace_dataset(std::move(next)) == std::nullopt);
            return;
        }
        default: {
            // Events: some accepted, most refused; they change statuses and quantities.
            static const std::vector<plan::EventType> types{
                plan::EventType::work_step_started, plan::EventType::work_step_paused,
                plan::EventType::work_step_resumed, plan::EventType::work_step_finished,
                plan::EventType::process_feedback,  plan::EventType::work_step_note};
            std::vector<plan::Event> events;
            for (int i = 0; i < 5; ++i) {
                const plan::EventType type = f.pick(types);
                plan::EventData data;
                data.reason = "MAT";
                data.good = 1;
                data.process_status = plan::ProcessStatus::in_progress;
                data.text = "Übergabe";
                events.push_back(make_event(
                    type, "OP-" + f.pick(kPartners),
                    type == plan::EventType::process_feedback ? f.pick(processes) : f.pick(steps),
                    data));
            }
            (void)h.send(h.terminal_token, events);
            return;
        }
    }
    CHECK_MESSAGE(
        (reply.status == 204 || reply.status == 201 || reply.status == 404 || reply.status == 422),
        reply.status << " " << reply.body);
}

}  // namespace

TEST_CASE("delta pulls converge to a full pull through any sequence of changes") {
    int notes_seen = 0;  // over all seeds: the notes in full pulls checked
    for (unsigned seed : {1U, 2U, 3U}) {
        CAPTURE(seed);
        ServiceHarness h;
        Fuzzer f(seed);
        h.load(random_dataset(f));
        h.terminal_token = h.enroll();

        std::vector<Client> clients;
        for (const std::string& partner : kPartners) {
            Client c;
            c.partner = partner;
            c.session = h.login(h.terminal_token, "B-" + partner);
            c.verifier = h.login(h.terminal_token, "B-" + partner);
            clients.push_back(std::move(c));
        }

        int new_orders = 0;
        int deltas_with_changes = 0;
        int removals = 0;
        for (int step = 0; step < 100; ++step) {
            CAPTURE(step);
            random_admin_change(h, f, new_orders);
            if (f.chance(0.03)) h.open();  // restart: cursors and sessions survive

            plan::Plan reference;  // the rules themselves, on the plan as it is now
            REQUIRE_FALSE(reference.replace_all(h.service->dataset()));
            for (Client& c : clients) {
                if (!f.chance(0.6)) continue;
                std::string cursor = c.cursor;
                if (!c.history.empty() && f.chance(0.15)) {
                    // A terminal that lost the last response pulls again from an older cursor.
                    const auto& [old_cursor, old_view] = c.history[static_cast<std::size_t>(
                        f.below(static_cast<int>(c.history.size())))];
                    cursor = old_cursor;
                    c.view = old_view;
                } else if (f.chance(0.05)) {
                    cursor = "forgotten";
                }
                const auto response = h.pull(c.session, cursor);
                if (!response.reset) {
                    const auto& d = response.view;
                    if (!d.orders.empty() || !d.work_steps.empty() || !d.resources.empty() ||
                        !d.processes.empty()) {
                        ++deltas_with_changes;
                    }
                    removals += static_cast<int>(
                        response.removed.orders.size() + response.removed.work_steps.size() +
                        response.removed.resources.size() + response.removed.processes.size());
                } else {
                    CHECK(response.removed == protocol::RemovedIds{});
                }
                c.view.apply(response);
                if (response.cursor != c.cursor) {
                    c.history.emplace_back(response.cursor, c.view);
                    if (c.history.size() > 2) c.history.erase(c.history.begin());
                }
                c.cursor = response.cursor;

                const auto full = h.pull(c.verifier);
                REQUIRE(full.reset);
                CHECK(c.view.as_view() == full.view);
                // The reference plan has no notes: those are the accepted ones on own steps.
                plan::PartnerView without_notes = full.view;
                without_notes.step_notes.clear();
                CHECK(without_notes == *plan::compute_view(reference, c.partner, h.now));
                for (const plan::ViewStepNote& note : full.view.step_notes) {
                    const auto noted = std::find_if(
                        full.view.work_steps.begin(), full.view.work_steps.end(),
                        [&](const plan::ViewWorkStep& w) { return w.id == note.work_step_id; });
                    REQUIRE(noted != full.view.work_steps.end());
                    const bool own =
                        std::any_of(full.view.resources.begin(), full.view.resources.end(),
                                    [&](const plan::ViewResource& r) {
                                        return r.id == noted->resource_id && r.own;
                                    });
                    CHECK(own);
                    notes_seen += 1;
                }
            }
        }
        CHECK(deltas_with_changes > 50);
        CHECK(removals > 20);
    }
    CHECK(notes_seen > 0);
}
