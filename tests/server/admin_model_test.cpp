// Model-based test of the administration (sync-api.md "Administration"): random sequences of
// object calls — create, change, delete of every kind, with the refusals a real administrator
// meets — against a reference model, a plain dataset the test changes by the contract's words.
// After each call its status is the model's; every few calls each partner's full pull equals
// the rules applied to the model, and each terminal's delta-applied view equals its full pull.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>

#include "sync/plan/view.h"
#include "tests/plan/plan_builder.h"
#include "tests/server/client_view.h"
#include "tests/server/service_harness.h"

using namespace pt;
using namespace pt::server::testing;

namespace {

template <typename T>
auto find_id(std::vector<T>& list, const std::string& id) {
    return std::find_if(list.begin(), list.end(), [&](const T& item) { return item.id == id; });
}

template <typename T>
bool has_id(const std::vector<T>& list, const std::string& id) {
    return std::any_of(list.begin(), list.end(), [&](const T& item) { return item.id == id; });
}

/// The model and the calls, each made on the service and, as the contract says, on the model.
class Session {
public:
    explicit Session(unsigned seed) : rng_(seed) {
        plan::testing::PlanBuilder b;
        b.partner("P1").partner("P2").partner("P3");
        b.resource("R1", true, {"P1"}).resource("R2", true, {"P2", "P3"});
        b.resource("R3", false, {}).resource("R4", true, {"P3"});
        b.order("O1", std::nullopt, plan::Inheritance::full).order("O2", "O1");
        b.order("O3", std::nullopt, plan::Inheritance::limited, {"P2"});
        b.step("W1", "O1", "R1").step("W2", "O2", "R2").step("W3", "O3", "R4");
        b.process("C1", "O1").process("C2", "O3");
        model_ = b.dataset();
        for (auto& p : model_.partners)
            p.allow_process_feedback = true;
        h_.load(model_);
        terminal_ = h_.enroll();
    }

    void random_call() {
        const std::string n = std::to_string(++made_);
        switch (pick(12)) {
            case 0: {  // POST a work step, sometimes with an unknown order or resource
                plan::WorkStep step = plan::testing::PlanBuilder()
                                          .step("NW" + n, order_or_unknown(), resource_or_unknown())
                                          .dataset()
                                          .work_steps.front();
                const bool ok = has_id(model_.orders, step.order_id) &&
                                has_id(model_.resources, step.resource_id);
                expect(h_.service->post_work_step(kAdmin, protocol::encode_work_step(step)),
                       ok ? 201 : 422);
                if (ok) model_.work_steps.push_back(step);
                break;
            }
            case 1:
                remove(model_.work_steps, "work step", [&](const std::string& id) {
                    return h_.service->delete_work_step(kAdmin, id);
                });
                break;
            case 2: {  // PATCH a work step: its status, or a move to another resource
                if (model_.work_steps.empty()) break;
                plan::WorkStep& step = model_.work_steps[pick(model_.work_steps.size())];
                if (pick(2) == 0) {
                    step.status = static_cast<plan::WorkStepStatus>(pick(5));
                    expect(h_.service->patch_work_step(
                               kAdmin, step.id,
                               R"({"status": ")" + std::string(plan::name_of(step.status)) + "\"}"),
                           204);
                } else {
                    step.resource_id = model_.resources[pick(model_.resources.size())].id;
                    expect(h_.service->patch_work_step(
                               kAdmin, step.id, R"({"resource_id": ")" + step.resource_id + "\"}"),
                           204);
                }
                break;
            }
            case 3: {
                const plan::Process process{
                    "NC" + n,   order_or_unknown(),         "Prep",
                    "material", plan::testing::at_hour(30), plan::ProcessStatus::open,
                    ""};
                const bool ok = has_id(model_.orders, process.order_id);
                expect(h_.service->post_process(kAdmin, protocol::encode_process(process)),
                       ok ? 201 : 422);
                if (ok) model_.processes.push_back(process);
                break;
            }
            case 4:
                remove(model_.processes, "process", [&](const std::string& id) {
                    return h_.service->delete_process(kAdmin, id);
                });
                break;
            case 5: {  // POST an order: top-level (limited, full, or naming a partner) or below one
                plan::Order order{"NO" + n,
                                  "PO-" + n,
                                  "Art",
                                  5,
                                  plan::testing::at_hour(50),
                                  std::nullopt,
                                  plan::Inheritance::limited,
                                  {}};
                if (!model_.orders.empty() && pick(2) == 0) {
                    order.parent_id = model_.orders[pick(model_.orders.size())].id;
                    order.external_inheritance.reset();
                } else if (pick(2) == 0) {
                    order.external_inheritance = plan::Inheritance::full;
                }
                if (!model_.partners.empty() && pick(4) == 0)
                    order.named_partner_ids = {model_.partners[pick(model_.partners.size())].id};
                expect(h_.service->post_order(kAdmin, protocol::encode_order(order)), 201);
                model_.orders.push_back(order);
                break;
            }
            case 6: {  // DELETE an order: 409 while it holds sub-orders, steps or processes
                if (model_.orders.empty()) break;
                const std::string id = model_.orders[pick(model_.orders.size())].id;
                const bool held =
                    std::any_of(model_.orders.begin(), model_.orders.end(),
                                [&](const plan::Order& o) { return o.parent_id == id; }) ||
                    std::any_of(model_.work_steps.begin(), model_.work_steps.end(),
                                [&](const plan::WorkStep& w) { return w.order_id == id; }) ||
                    std::any_of(model_.processes.begin(), model_.processes.end(),
                                [&](const plan::Process& p) { return p.order_id == id; });
                expect(h_.service->delete_order(kAdmin, id), held ? 409 : 204);
                if (!held) model_.orders.erase(find_id(model_.orders, id));
                break;
            }
            case 7: {
                plan::Resource resource{"NR" + n, "Res " + n, pick(4) != 0, {}};
                if (!model_.partners.empty())
                    resource.partner_ids = {model_.partners[pick(model_.partners.size())].id};
                expect(h_.service->post_resource(kAdmin, protocol::encode_resource(resource)), 201);
                model_.resources.push_back(resource);
                break;
            }
            case 8: {  // DELETE a resource: 409 while work steps are planned on it
                if (model_.resources.empty()) break;
                const std::string id = model_.resources[pick(model_.resources.size())].id;
                const bool held =
                    std::any_of(model_.work_steps.begin(), model_.work_steps.end(),
                                [&](const plan::WorkStep& w) { return w.resource_id == id; });
                expect(h_.service->delete_resource(kAdmin, id), held ? 409 : 204);
                if (!held) model_.resources.erase(find_id(model_.resources, id));
                break;
            }
            case 9: {  // POST a partner, then its operator
                plan::Partner partner{"NP" + n, "Partner " + n, plan::ModuleSet::all(), true, {}};
                expect(h_.service->post_partner(kAdmin, protocol::encode_partner(partner)), 201);
                const std::string op = R"({"id": "OP-NP)" + n + R"(", "partner_id": "NP)" + n +
                                       R"(", "name": "Op", "badge": "BADGE-NP)" + n + "\"}";
                expect(h_.service->post_operator(kAdmin, op), 201);
                partner.operators.push_back({"OP-NP" + n, "Op", "BADGE-NP" + n, std::nullopt});
                model_.partners.push_back(partner);
                break;
            }
            case 10: {  // DELETE a partner: its operators go, resources and orders forget it
                if (model_.partners.size() <= 1) break;
                const std::string id = model_.partners[pick(model_.partners.size())].id;
                expect(h_.service->delete_partner(kAdmin, id), 204);
                model_.partners.erase(find_id(model_.partners, id));
                for (auto& r : model_.resources)
                    std::erase(r.partner_ids, id);
                for (auto& o : model_.orders)
                    std::erase(o.named_partner_ids, id);
                held_.erase(id);
                break;
            }
            default: {  // PATCH a resource's partners (what R1 reads)
                if (model_.resources.empty() || model_.partners.empty()) break;
                plan::Resource& resource = model_.resources[pick(model_.resources.size())];
                resource.partner_ids = {model_.partners[pick(model_.partners.size())].id};
                expect(h_.service->patch_resource(
                           kAdmin, resource.id,
                           R"({"partner_ids": [")" + resource.partner_ids[0] + "\"]}"),
                       204);
                break;
            }
        }
    }

    /// Every partner's full pull against the rules on the model; each terminal's deltas.
    void check_views() {
        plan::Plan reference;
        REQUIRE_FALSE(reference.replace_all(model_));
        for (const plan::Partner& partner : model_.partners) {
            CAPTURE(partner.id);
            auto [it, fresh] = held_.try_emplace(partner.id);
            Terminal& t = it->second;
            if (fresh) t.session = h_.login(terminal_, partner.operators.front().badge);
            const auto delta = h_.pull(t.session, t.cursor);
            t.held.apply(delta);
            t.cursor = delta.cursor;
            const auto full = h_.pull(t.session);
            const auto expected = plan::compute_view(reference, partner.id, h_.now);
            REQUIRE(expected.has_value());
            CHECK(full.view == *expected);
            CHECK(t.held.as_view() == full.view);
        }
    }

    /// How often each status was expected (and seen): every refusal must have come up.
    [[nodiscard]] const std::map<int, int>& statuses() const { return statuses_; }

private:
    struct Terminal {
        std::string session;
        std::string cursor;
        ClientView held;
    };

    std::size_t pick(std::size_t below) {
        return std::uniform_int_distribution<std::size_t>(0, below - 1)(rng_);
    }
    std::string order_or_unknown() {
        return model_.orders.empty() || pick(8) == 0 ? "O-unknown"
                                                     : model_.orders[pick(model_.orders.size())].id;
    }
    std::string resource_or_unknown() {
        return model_.resources.empty() || pick(8) == 0
                   ? "R-unknown"
                   : model_.resources[pick(model_.resources.size())].id;
    }
    void expect(const server::Reply& reply, int status) {
        CHECK_MESSAGE(reply.status == status, reply.body);
        ++statuses_[status];
    }
    /// DELETE of a random object of `list` (or of an unknown id: 404).
    template <typename T, typename Delete>
    void remove(std::vector<T>& list, const char* kind, Delete call) {
        CAPTURE(kind);
        if (list.empty() || pick(10) == 0) {
            expect(call("nothing-" + std::to_string(made_)), 404);
            return;
        }
        const std::string id = list[pick(list.size())].id;
        expect(call(id), 204);
        list.erase(find_id(list, id));
    }

    std::mt19937_64 rng_;
    ServiceHarness h_;
    plan::Dataset model_;
    std::string terminal_;
    std::map<std::string, Terminal> held_;
    std::map<int, int> statuses_;
    int made_ = 0;
};

}  // namespace

TEST_CASE("random admin calls: statuses, full pulls and deltas follow a reference model") {
    for (const unsigned seed : {11U, 12U, 13U}) {
        CAPTURE(seed);
        Session s(seed);
        for (int call = 0; call < 150; ++call) {
            CAPTURE(call);
            s.random_call();
            if (call % 5 == 4) s.check_views();
        }
        s.check_views();
        for (const int status : {201, 204, 404, 409, 422})
            CHECK_MESSAGE(s.statuses().count(status) == 1, "no call answered ", status);
    }
}
