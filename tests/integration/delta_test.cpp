// The delta contract of GET /api/v1/plan: a client that starts empty and applies a reset and
// then each delta holds exactly what a cursor-less pull returns, object for object.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <random>

#include "tests/integration/world.h"

namespace pt::itest {
namespace {

/// Drives random admin changes and events against a World, keeping the order tree in step
/// so that the expected answer of each change (2xx or 422) is known.
class RandomChanges {
public:
    RandomChanges(World& world, std::uint32_t seed) : w_(world), rng_(seed) {
        const json dataset = w_.h.get_dataset();
        for (const auto& order : dataset["orders"]) {
            const std::string id = order["id"].get<std::string>();
            orders_.push_back(id);
            parent_[id] = order["parent_id"].is_null() ? "" : order["parent_id"].get<std::string>();
        }
        for (const auto& step : dataset["work_steps"])
            steps_.push_back(step["id"]);
        for (const auto& process : dataset["processes"])
            processes_.push_back(process["id"]);
        for (const auto& resource : dataset["resources"])
            resources_.push_back(resource["id"]);
    }

    /// Makes one random change; returns what it did (for failure messages).
    std::string step() {
        switch (pick(16)) {
            case 13:
                return patch(
                    "orders", any(orders_),
                    {{pick(2) == 0 ? "number" : "article", "X-" + std::to_string(pick(1000))}});
            case 14:
                return pick(2) == 0 ? patch("resources", any(resources_),
                                            {{"name", "Line " + std::to_string(pick(1000))}})
                       : pick(2) == 0
                           ? patch("work_steps", any(steps_),
                                   {{"notes", "note " + std::to_string(pick(100))}})
                           : patch("work_steps", any(steps_), {{"quantity_good", pick(100)}});
            case 15:
                return pick(4) == 0 ? replace_dataset()
                                    : patch("processes", any(processes_),
                                            {{"notes", "note " + std::to_string(pick(100))}});
            case 0:
                return patch("work_steps", any(steps_), {{"resource_id", any(resources_)}});
            case 1:
                return patch(
                    "work_steps", any(steps_),
                    {{"status", any(std::vector<std::string>{"open", "in_progress", "paused",
                                                             "finished", "cancelled"})}});
            case 2:
                return patch("work_steps", any(steps_),
                             {{"planned_start", "2026-11-" + std::to_string(10 + pick(18)) + "T0" +
                                                    std::to_string(pick(10)) + ":00:00Z"}});
            case 3:
                return patch("resources", any(resources_), {{"external", pick(3) != 0}});
            case 4:
                return patch("resources", any(resources_), {{"partner_ids", partners()}});
            case 5: {
                json modules = subset({"workbench", "planning", "dashboard", "planning_objects"});
                return patch("partners", any(kPartners), {{"modules", modules}});
            }
            case 6:
                return patch("partners", any(kPartners),
                             {{"allow_process_feedback", pick(2) == 0}});
            case 7: {
                const auto ws = subset_of(kAllWorkStepColumns);
                const auto pr = subset_of(kAllProcessColumns);
                w_.set_columns(ws, pr);
                return "PUT settings columns " + json(ws).dump() + " " + json(pr).dump();
            }
            case 8:
                return move_order();
            case 9:
                return set_inheritance();
            case 10:
                return patch("orders", any(orders_), {{"named_partner_ids", partners()}});
            case 11:
                return pick(2) == 0 ? create_order() : event();
            default:
                return patch("processes", any(processes_),
                             {{"status", any(std::vector<std::string>{"open", "in_progress", "done",
                                                                      "cancelled"})}});
        }
    }

    /// PUT /admin/v1/dataset with the current plan, a few things changed, and one order fewer.
    std::string replace_dataset() {
        json dataset = w_.h.get_dataset();
        for (auto& step : dataset["work_steps"]) {
            if (pick(3) == 0) step["status"] = pick(2) == 0 ? "open" : "cancelled";
        }
        for (auto& resource : dataset["resources"]) {
            if (pick(3) == 0) resource["external"] = !resource.value("external", false);
        }
        // Drop one leaf order with its work steps and processes (ids come back later only as
        // new objects, if at all).
        std::set<std::string> parents;
        for (const auto& order : dataset["orders"]) {
            if (order["parent_id"].is_string())
                parents.insert(order["parent_id"].get<std::string>());
        }
        std::string dropped;
        for (const auto& order : dataset["orders"]) {
            const std::string id = order["id"].get<std::string>();
            if (parents.count(id) == 0 && id.rfind("N", 0) == 0) dropped = id;
        }
        if (!dropped.empty()) {
            const auto erase_if = [&](json& list, const char* key) {
                json kept = json::array();
                for (auto& item : list) {
                    if (item.value(key, "") != dropped) kept.push_back(item);
                }
                list = kept;
            };
            erase_if(dataset["orders"], "id");
            erase_if(dataset["work_steps"], "order_id");
            erase_if(dataset["processes"], "order_id");
            orders_.erase(std::find(orders_.begin(), orders_.end(), dropped));
            parent_.erase(dropped);
        }
        w_.h.put_dataset(dataset);
        return "PUT dataset (dropped order '" + dropped + "')";
    }

    std::string event() {
        const std::string partner = any(kPartners);
        const std::string operator_id = kOperatorOf.at(partner);
        json e;
        switch (pick(6)) {
            case 0:
                e = make_event("work_step.started", operator_id, any(steps_));
                break;
            case 1:
                e = make_event("work_step.paused", operator_id, any(steps_), {{"reason", "MAT"}});
                break;
            case 2:
                e = make_event("work_step.resumed", operator_id, any(steps_));
                break;
            case 3:
                e = make_event("work_step.quantity", operator_id, any(steps_),
                               {{"good", pick(20)}, {"scrap", 0}});
                break;
            case 4:
                e = make_event("work_step.finished", operator_id, any(steps_),
                               {{"good", pick(50)}, {"scrap", 1}, {"scrap_reason", "SURF"}});
                break;
            default:
                e = make_event("process.feedback", operator_id, any(processes_),
                               {{"status", pick(2) == 0 ? "in_progress" : "done"}});
        }
        const json result = w_.post_one(e);
        return "event " + e.dump() + " -> " + outcome(result);
    }

    std::size_t pick(std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
    }

private:
    inline static const std::vector<std::string> kPartners = {"P1", "P2", "P3"};

    template <typename T>
    const T& any(const std::vector<T>& items) {
        return items[pick(items.size())];
    }
    std::string any(const json& items) { return items[pick(items.size())].get<std::string>(); }

    json subset(const std::vector<std::string>& items) {
        json result = json::array();
        for (const auto& item : items) {
            if (pick(2) == 0) result.push_back(item);
        }
        return result;
    }
    std::vector<std::string> subset_of(const std::vector<std::string>& items) {
        std::vector<std::string> result;
        for (const auto& item : items) {
            if (pick(3) != 0) result.push_back(item);
        }
        return result;
    }
    json partners() { return subset(kPartners); }

    std::string patch(const std::string& collection, const std::string& id, const json& change) {
        w_.h.patch(collection, id, change);
        return "PATCH " + collection + "/" + id + " " + change.dump();
    }

    bool is_ancestor(const std::string& ancestor, std::string of) const {
        while (!of.empty()) {
            if (of == ancestor) return true;
            of = parent_.at(of);
        }
        return false;
    }

    std::string move_order() {
        const std::string id = any(orders_);
        const std::string parent = pick(4) == 0 ? "" : any(orders_);
        const json change = {{"parent_id", parent.empty() ? json(nullptr) : json(parent)}};
        const HttpResponse response = w_.h.admin("PATCH", "/admin/v1/orders/" + id, change);
        const bool cycle = !parent.empty() && is_ancestor(id, parent);
        const std::string text =
            "PATCH orders/" + id + " " + change.dump() + " -> " + describe(response);
        if (cycle) {
            CHECK_MESSAGE(response.status == 422, "a cycle must be refused: ", text);
        } else {
            CHECK_MESSAGE((response.status >= 200 && response.status < 300), text);
            if (response.status < 300) parent_[id] = parent;
        }
        return text;
    }

    std::string set_inheritance() {
        const std::string id = any(orders_);
        const json change = {{"external_inheritance", pick(2) == 0 ? "limited" : "full"}};
        const HttpResponse response = w_.h.admin("PATCH", "/admin/v1/orders/" + id, change);
        const std::string text =
            "PATCH orders/" + id + " " + change.dump() + " -> " + describe(response);
        if (parent_.at(id).empty()) {
            CHECK_MESSAGE((response.status >= 200 && response.status < 300), text);
        } else {
            CHECK_MESSAGE(response.status == 422, "sub-order setting must be refused: ", text);
        }
        return text;
    }

    std::string create_order() {
        const std::string id = "N" + std::to_string(orders_.size());
        const std::string parent = pick(2) == 0 ? "" : any(orders_);
        json order = dataset_order(id, parent, parent.empty() && pick(2) == 0 ? "full" : "");
        if (order["external_inheritance"].is_null()) order.erase("external_inheritance");
        if (pick(2) == 0) order["named_partner_ids"] = partners();
        const HttpResponse response = w_.h.admin("POST", "/admin/v1/orders", order);
        const std::string text = "POST orders " + order.dump() + " -> " + describe(response);
        CHECK_MESSAGE(response.status == 201, text);
        if (response.status == 201) {
            orders_.push_back(id);
            parent_[id] = parent;
        }
        return text;
    }

    World& w_;
    std::mt19937 rng_;
    std::vector<std::string> orders_;
    std::map<std::string, std::string> parent_;  // order -> parent ("" = top-level)
    json steps_ = json::array();
    json processes_ = json::array();
    json resources_ = json::array();
};

std::uint32_t seed_from_environment() {
    const char* text = std::getenv("PT_SEED");
    return text != nullptr ? static_cast<std::uint32_t>(std::strtoul(text, nullptr, 10))
                           : 20261123U;
}

}  // namespace

TEST_CASE("delta contract: reset + deltas converge to a fresh pull through random changes") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    const std::uint32_t seed = seed_from_environment();
    INFO("seed ", seed, " (set PT_SEED to repeat another sequence)");
    w.h.patch("partners", "P3", {{"modules", {"workbench", "planning"}}});
    RandomChanges changes(w, seed);

    struct Client {
        PlanView view;
        std::string cursor;
    };
    struct Snapshot {
        std::string partner;
        Client client;
    };
    std::map<std::string, Client> clients;
    for (const char* partner : {"P1", "P2", "P3"}) {
        const json answer = w.pull(partner);
        clients[partner] = {PlanView::of(answer), answer["cursor"].get<std::string>()};
    }
    std::vector<Snapshot> snapshots;  // old cursors, checked again at the end
    std::deque<std::string> recent;   // the last changes, for the failure message
    INFO("recent changes:\n", [&] {
        std::string text;
        for (const auto& line : recent)
            text += "  " + line + "\n";
        return text;
    }());

    std::size_t upserted = 0;
    std::size_t removed = 0;
    // The latest cursor of a client must give a delta; an old one may have been forgotten
    // ("a cursor the server no longer knows"), but must still converge.
    bool latest_cursor = true;
    const auto count = [&](const json& delta) {
        if (latest_cursor) {
            CHECK_MESSAGE(delta.value("reset", true) == false,
                          "the latest cursor of a client must give a delta: ", delta.dump());
        }
        for (const auto& kind : kPlanKinds) {
            upserted += delta.value(kind, json::array()).size();
            removed += delta["removed"].value(kind, json::array()).size();
        }
    };
    const auto sync_and_compare = [&](const std::string& partner, Client& client) {
        recent.push_back("pull " + partner + " with cursor " + client.cursor + ", compare");
        const json delta = w.pull(partner, client.cursor);
        count(delta);
        client.view.apply(delta);
        client.cursor = delta["cursor"].get<std::string>();
        const PlanView fresh = w.view(partner);  // also compared with the model of R1–R9
        const std::string diff = client.view.diff(fresh);
        CHECK_MESSAGE(diff.empty(), partner, ": accumulated view differs from a fresh pull:\n",
                      diff);
        return diff.empty() && w.last_model_diff.empty();
    };

    const int kSteps = 160;
    for (int i = 0; i < kSteps; ++i) {
        recent.push_back(std::to_string(i) + ": " + changes.step());
        while (recent.size() > 16)
            recent.pop_front();
        if (changes.pick(3) == 0) {
            const std::string partner = std::vector<std::string>{"P1", "P2", "P3"}[changes.pick(3)];
            if (changes.pick(2) == 0) {
                recent.push_back("pull " + partner + " with cursor " + clients[partner].cursor);
                const json delta = w.pull(partner, clients[partner].cursor);
                count(delta);
                clients[partner].view.apply(delta);
                clients[partner].cursor = delta["cursor"].get<std::string>();
            } else if (!sync_and_compare(partner, clients[partner])) {
                break;  // one divergence is enough to read; later ones follow from it
            }
            if (changes.pick(8) == 0) snapshots.push_back({partner, clients[partner]});
        }
    }
    for (auto& [partner, client] : clients)
        (void)sync_and_compare(partner, client);
    recent.push_back("(old cursors)");
    latest_cursor = false;
    for (auto& snapshot : snapshots)
        (void)sync_and_compare(snapshot.partner, snapshot.client);
    // The sequence really exercised deltas (guards against a vacuous pass).
    CHECK(snapshots.size() > 0);
    CHECK(upserted > 20);
    CHECK(removed > 5);
}

TEST_CASE("a delta lists what changed since the cursor, and nothing when nothing changed") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    const json first = w.pull("P1");
    const json unchanged = w.pull("P1", first["cursor"].get<std::string>());
    CHECK(unchanged.value("reset", true) == false);
    CHECK_MESSAGE(ids_mentioned(unchanged).empty(), "nothing changed: ", unchanged.dump());

    w.h.patch("work_steps", "WA11", {{"planned_start", "2026-11-24T05:00:00Z"}});
    w.h.patch("work_steps", "WB1", {{"planned_start", "2026-11-24T05:00:00Z"}});  // P2's
    const json delta = w.pull("P1", unchanged["cursor"].get<std::string>());
    CHECK(delta.value("reset", true) == false);
    CHECK_MESSAGE((ids_mentioned(delta) == std::set<std::string>{"WA11"}), delta.dump());
    CHECK(delta["work_steps"][0].value("planned_start", "") == "2026-11-24T05:00:00Z");

    // A changed order number shows in the order and in its work steps' order_number column.
    w.h.patch("orders", "OA11", {{"number", "PO-NEW"}});
    const json renamed = w.pull("P1", delta["cursor"].get<std::string>());
    CHECK_MESSAGE((ids_mentioned(renamed) == std::set<std::string>{"OA11", "WA11"}),
                  renamed.dump());
    PlanView view = PlanView::of(first);
    view.apply(unchanged);
    view.apply(delta);
    view.apply(renamed);
    const PlanView fresh = w.view("P1");
    CHECK_MESSAGE(view == fresh, view.diff(fresh));
}

TEST_CASE("an unknown cursor gives reset: true and everything") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    for (const std::string cursor : {"no-such-cursor", "0", "999999999", ""}) {
        const json answer = w.pull("P2", cursor);
        if (cursor.empty()) continue;  // `?cursor=` may count as no cursor; both mean reset
        CHECK_MESSAGE(answer.value("reset", false), "cursor '", cursor, "': ", answer.dump());
        const PlanView fresh = w.view("P2");
        CHECK(PlanView::of(answer) == fresh);
    }
}

TEST_CASE("a cursor of partner A used by partner B's session reveals nothing of A") {
    World w;
    PT_SERVER_LOG_ON_FAILURE(w.h);
    const json first = w.pull("P1");
    const std::string cursor_of_p1 = first["cursor"].get<std::string>();
    // Changes that a P1 delta would carry, and that P2 must never learn about.
    w.h.patch("work_steps", "WA11", {{"status", "in_progress"}});
    w.h.patch("orders", "OC1", {{"named_partner_ids", json::array()}});
    w.h.patch("resources", "R1", {{"name", "Renamed line"}});

    const json answer = w.pull("P2", cursor_of_p1);
    CHECK_MESSAGE(answer.value("reset", false), "expected reset: true, got ", answer.dump());
    const PlanView fresh = w.view("P2");
    CHECK_MESSAGE(PlanView::of(answer) == fresh, PlanView::of(answer).diff(fresh));
    const std::set<std::string> only_p1 = {"OA11", "WA11", "R1", "OC", "OC1", "WC0", "WC1"};
    for (const auto& id : ids_mentioned(answer)) {
        CHECK_MESSAGE(only_p1.count(id) == 0, "P2's answer mentions P1's ", id, ": ",
                      answer.dump());
    }
    CHECK(answer.dump().find("Renamed line") == std::string::npos);

    // Another operator of the same partner may continue from the cursor.
    const std::string same_partner = w.h.session(w.terminal, "B-1002", "4711");
    PlanView view = PlanView::of(first);
    view.apply(w.h.pull(same_partner, cursor_of_p1));
    const PlanView p1_now = w.view("P1");
    CHECK_MESSAGE(view == p1_now, view.diff(p1_now));
}

}  // namespace pt::itest
