// What follows an operator's change (review of issue 15's administration): a login racing a
// badge change, a PIN change or a re-created operator gets no session; an operator moved to
// another partner or deleted loses its login history (R13), so its old partner's terminal can
// no longer report for it; a dataset PUT cleans up like the calls; finished_at is never later
// than the server's clock. Each case failed before its fix.
#include <doctest/doctest.h>

#include <functional>
#include <utility>

#include "tests/plan/plan_builder.h"
#include "tests/server/service_harness.h"

using namespace pt;
using namespace pt::server::testing;
using plan::testing::PlanBuilder;

namespace {

constexpr const char* kPin = "90417112";

plan::Dataset with_pin_operator_and_two_partners() {
    PlanBuilder b;
    b.partner("P1").partner("P2");
    b.resource("R1", true, {"P1"}).resource("R2", true, {"P2"});
    b.order("O1").step("W1", "O1", "R1").order("O2").step("W2", "O2", "R2");
    plan::Dataset data = b.dataset();
    data.partners[0].operators.push_back({"OP-PIN", "Pia", "BADGE-PIN", std::string(kPin)});
    return data;
}

/// Makes the next login meet `change` between its PIN check and its outcome.
void before_next_outcome(ServiceHarness& h, std::function<void()> change) {
    h.after_pin_check = [&h, pending = std::move(change)]() mutable {
        if (!pending) return;
        const auto run = std::exchange(pending, nullptr);
        run();
    };
}

}  // namespace

TEST_CASE("a login racing a change of its badge, its PIN or its operator gets no session") {
    ServiceHarness h;
    h.load(with_pin_operator_and_two_partners());
    const std::string kiosk = h.enroll();
    SUBCASE("the badge is replaced") {
        before_next_outcome(h, [&] {
            REQUIRE(
                h.service->patch_operator(kAdmin, "OP-P1", R"({"badge": "BADGE-NEW"})").status ==
                200);
        });
        CHECK(h.login_reply(kiosk, "BADGE-P1").status == 401);
        CHECK(h.login_reply(kiosk, "BADGE-NEW").status == 201);
    }
    SUBCASE("the PIN changes") {
        before_next_outcome(h, [&] {
            REQUIRE(h.service->patch_operator(kAdmin, "OP-PIN", R"({"pin": "11112222"})").status ==
                    200);
        });
        CHECK(h.login_reply(kiosk, "BADGE-PIN", kPin).status == 401);
        CHECK(h.login_reply(kiosk, "BADGE-PIN", "11112222").status == 201);
    }
    SUBCASE("the operator is deleted and made again for another partner") {
        before_next_outcome(h, [&] {
            REQUIRE(h.service->delete_operator(kAdmin, "OP-P1").status == 204);
            REQUIRE(h.service
                        ->post_operator(kAdmin, R"({"id": "OP-P1", "partner_id": "P2",
                                                    "name": "New", "badge": "BADGE-OTHER"})")
                        .status == 201);
        });
        CHECK(h.login_reply(kiosk, "BADGE-P1").status == 401);
    }
}

TEST_CASE("an operator moved or made again elsewhere: its old partner's terminal cannot report") {
    ServiceHarness h;
    h.load(with_pin_operator_and_two_partners());
    const std::string kiosk = h.enroll();
    (void)h.login(kiosk, "BADGE-P1");  // OP-P1 of P1 on P1's kiosk: R13 binds its reports here
    SUBCASE("moved") {
        REQUIRE(h.service->patch_operator(kAdmin, "OP-P1", R"({"partner_id": "P2"})").status ==
                200);
    }
    SUBCASE("deleted and made again") {
        REQUIRE(h.service->delete_operator(kAdmin, "OP-P1").status == 204);
        REQUIRE(h.service
                    ->post_operator(kAdmin, R"({"id": "OP-P1", "partner_id": "P2",
                                                "name": "New", "badge": "BADGE-OTHER"})")
                    .status == 201);
    }
    const auto results =
        h.send(kiosk, {make_event(plan::EventType::work_step_started, "OP-P1", "W2")});
    REQUIRE(results.size() == 1);
    CHECK(results[0].status == protocol::ResultStatus::rejected);
    CHECK(results[0].reason == "unknown_operator");
}

TEST_CASE("a dataset PUT that drops an operator or a resource cleans up as the DELETE does") {
    ServiceHarness h;
    h.load(with_pin_operator_and_two_partners());
    const std::string kiosk = h.enroll();
    for (int i = 0; i < 10; ++i)
        (void)h.login_reply(kiosk, "BADGE-PIN", "00000000");  // locked now
    REQUIRE(
        h.service->patch_terminal(kAdmin, h.terminal_id, R"({"resource_ids": ["R1"]})").status ==
        204);

    plan::Dataset without = with_pin_operator_and_two_partners();
    without.partners[0].operators.pop_back();
    without.work_steps.erase(without.work_steps.begin());  // W1, the only step on R1
    without.resources.erase(without.resources.begin());    // R1
    h.load(without);
    h.load(with_pin_operator_and_two_partners());  // OP-PIN and R1 again: a new operator, a new
                                                   // resource

    // Not locked (on another terminal: this one is throttled after ten failures).
    const std::string other = h.enroll("Other");
    CHECK(h.login_reply(other, "BADGE-PIN", kPin).status == 201);
    const std::string listed = h.service->get_terminals(kAdmin).body;
    CHECK(listed.find(R"("resource_ids":["R1"])") == std::string::npos);
}

TEST_CASE("finished_at is never later than the server's clock (R14 counts from it)") {
    ServiceHarness h;
    h.load(with_pin_operator_and_two_partners());
    const std::string kiosk = h.enroll();
    (void)h.login(kiosk, "BADGE-P1");
    plan::Event started = make_event(plan::EventType::work_step_started, "OP-P1", "W1");
    plan::Event finished = make_event(plan::EventType::work_step_finished, "OP-P1", "W1");
    finished.occurred_at = h.now + std::chrono::days{3};  // a terminal clock running ahead
    finished.data.good = 10;
    const auto results = h.send(kiosk, {started, finished});
    REQUIRE(results.size() == 2);
    REQUIRE(results[1].status == protocol::ResultStatus::accepted);
    const plan::Dataset stored = h.service->dataset();
    REQUIRE(stored.work_steps[0].id == "W1");
    CHECK(stored.work_steps[0].finished_at == h.now);
}
