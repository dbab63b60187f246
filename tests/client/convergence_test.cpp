// Convergence (product.md §5): random changes by the administrator — work steps moved,
// cancelled, edited; resources relinked or made internal; partner options; columns; inheritance
// and named partners — with engine pulls in between. After every sync, PlanCache::load(partner)
// equals a fresh full pull of that partner, object for object and field for field.
#include <doctest/doctest.h>

#include <map>
#include <random>

#include "sync/store/plan_cache.h"
#include "tests/client/client_fixture.h"

namespace pt::client::itest {
namespace {

const std::vector<std::string> kPartners = {"P1", "P2", "P3"};
const std::map<std::string, std::string> kBadges = {
    {"P1", "B-1001"}, {"P2", "B-2001"}, {"P3", "B-3001"}};

/// Random admin changes as (method, path, body).
class ChangeMaker {
public:
    explicit ChangeMaker(std::uint32_t seed) : random_(seed) {}

    struct Change {
        std::string method;
        std::string path;
        std::string body;
    };

    Change next() {
        switch (pick(8)) {
            case 0:
                return patch("work_steps", one_of(work_steps()),
                             R"({"resource_id": ")" + one_of(resources()) + "\"}");
            case 1:
                return patch(
                    "work_steps", one_of(work_steps()),
                    R"({"status": ")" +
                        one_of({"open", "in_progress", "paused", "finished", "cancelled"}) + "\"}");
            case 2:
                return patch("work_steps", one_of(work_steps()),
                             R"({"notes": "n)" + std::to_string(pick(1000)) +
                                 R"(", "quantity_good": )" + std::to_string(pick(100)) +
                                 R"(, "planned_start": "2026-11-2)" + std::to_string(pick(5)) +
                                 R"(T05:00:00Z"})");
            case 3:
                return patch("resources", one_of(resources()),
                             R"({"external": )" + boolean() + R"(, "partner_ids": )" +
                                 subset(kPartners) + "}");
            case 4:
                return patch(
                    "partners", one_of(kPartners),
                    R"({"modules": )" +
                        subset({"workbench", "planning", "dashboard", "planning_objects"}) +
                        R"(, "allow_process_feedback": )" + boolean() + "}");
            case 5:
                return {"PUT", "/admin/v1/settings",
                        R"({"external_columns": {"work_steps": )" +
                            subset({"order_number", "article", "operation", "seq", "resource_name",
                                    "planned_start", "planned_end", "quantity", "quantity_good",
                                    "quantity_scrap", "notes"}) +
                            R"(, "processes": )" +
                            subset({"order_number", "name", "type", "due", "notes"}) + "}}"};
            case 6:
                if (pick(2) == 0) {
                    return patch(
                        "orders", one_of({"O1", "O2", "O3", "O4", "O5"}),
                        R"({"external_inheritance": ")" + one_of({"limited", "full"}) + "\"}");
                }
                return patch("orders",
                             one_of({"O1", "O11", "O111", "O2", "O21", "O3", "O31", "O4", "O5"}),
                             R"({"named_partner_ids": )" + subset(kPartners) + "}");
            default:
                return patch("processes", one_of({"PR1", "PR2", "PR3", "PR4", "PR5", "PR6"}),
                             R"({"status": ")" +
                                 one_of({"open", "in_progress", "done", "cancelled"}) +
                                 R"(", "notes": "p)" + std::to_string(pick(100)) + "\"}");
        }
    }

    /// 0 … n-1.
    std::size_t pick(std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(random_);
    }

private:
    static std::vector<std::string> work_steps() {
        std::vector<std::string> ids;
        for (int i = 1; i <= 12; ++i)
            ids.push_back("W" + std::to_string(i));
        return ids;
    }
    static std::vector<std::string> resources() { return {"R1", "R2", "R3", "R4", "R5"}; }

    static Change patch(const std::string& collection, const std::string& id, std::string body) {
        return {"PATCH", "/admin/v1/" + collection + "/" + id, std::move(body)};
    }
    std::string one_of(const std::vector<std::string>& options) {
        return options[pick(options.size())];
    }
    std::string boolean() { return pick(2) == 0 ? "false" : "true"; }
    std::string subset(const std::vector<std::string>& options) {
        std::string list = "[";
        for (const auto& option : options) {
            if (pick(2) == 0) continue;
            if (list.size() > 1) list += ", ";
            list += "\"" + option + "\"";
        }
        return list + "]";
    }

    std::mt19937 random_;
};

TEST_CASE("convergence through random admin changes with engine pulls in between") {
    ServerFixture server;
    INFO("server output:\n", server.log_tail());
    TerminalFixture terminal(server.url());
    terminal.enroll(server);

    SyncEngine engine(terminal.engine_options(server.url()));
    engine.start();
    std::map<std::string, std::string> checker;  // partner -> a session only for full pulls
    for (const auto& partner : kPartners) {
        engine.set_session(partner, terminal.login(kBadges.at(partner)).token);
        checker[partner] = terminal.login(kBadges.at(partner)).token;
    }

    const std::uint32_t seed = std::random_device{}();
    INFO("seed ", seed);
    ChangeMaker changes(seed);
    store::PlanCache cache(*terminal.db);
    int compared = 0;
    for (int round = 0; round < 60; ++round) {
        CAPTURE(round);
        const std::size_t count = 1 + changes.pick(3);
        for (std::size_t i = 0; i < count; ++i) {
            const auto change = changes.next();
            const auto response = server.admin(change.method, change.path, change.body);
            INFO(change.method, " ", change.path, " ", change.body, " -> ", response.status, " ",
                 response.body);
            // 422: the change would break the dataset's rules (e.g. start after end); the plan
            // is unchanged, which is a fine case for convergence too.
            REQUIRE((response.status / 100 == 2 || response.status == 422));
        }
        if (changes.pick(4) == 0) continue;  // sometimes several rounds of changes in one delta

        REQUIRE(sync_and_wait(engine));
        const auto status = engine.status();
        INFO("last error: ", status->last_error ? status->last_error->message : "");
        REQUIRE(status->consecutive_failures == 0);
        REQUIRE(status->sessions.size() == kPartners.size());
        for (const auto& partner : kPartners) {
            CAPTURE(partner);
            const auto full = terminal.api.pull(checker.at(partner), std::nullopt);
            REQUIRE(full.ok());
            const auto cached = cache.load(partner);
            const auto expected = sorted(full.value().view);
            INFO(view_difference(cached, expected));
            CHECK(cached == expected);
            ++compared;
        }
    }
    CHECK(compared > 0);
}

}  // namespace
}  // namespace pt::client::itest
