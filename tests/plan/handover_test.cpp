// Handover between shifts (product.md §8): what changed on the partner's own steps since an
// operator's last logout, and what a logout remembers (a step stays marked until opened).
#include "sync/plan/handover.h"

#include <doctest/doctest.h>

#include "plan_builder.h"

using namespace pt::plan;
using namespace pt::plan::testing;

namespace {

ViewWorkStep own_step(std::string id, std::string resource,
                      WorkStepStatus status = WorkStepStatus::open) {
    ViewWorkStep w;
    w.id = std::move(id);
    w.order_id = "O1";
    w.resource_id = std::move(resource);
    w.status = status;
    w.planned_start = at_hour(8);
    w.planned_end = at_hour(10);
    w.quantity = 100;
    return w;
}

PartnerView view_with(std::vector<ViewWorkStep> steps, std::vector<ViewStepNote> notes = {}) {
    PartnerView view;
    view.resources = {{"R1", "Line 1", true}, {"R2", "Line 2", true}, {"SAW", "Saw", false}};
    view.work_steps = std::move(steps);
    view.step_notes = std::move(notes);
    return view;
}

StepChanges changes_of(std::initializer_list<StepChange> list) {
    StepChanges set;
    for (const StepChange c : list)
        set.insert(c);
    return set;
}

}  // namespace

TEST_CASE("§8 handover: each kind of change since the last logout, own steps only") {
    const PartnerView before =
        view_with({own_step("W1", "R1"), own_step("W2", "R1"), own_step("W3", "R1"),
                   own_step("W4", "R1", WorkStepStatus::in_progress), own_step("W5", "R1"),
                   own_step("W6", "R1"), own_step("W-saw", "SAW")},
                  {{"N1", "W1", "Ben", at_hour(5), "seen before the logout"}});
    const std::vector<StepMemory> memory = remember(before, {}, {});
    CHECK(memory.size() == 6);  // W-saw is not the partner's own
    CHECK(changes_since(before, memory, "Ana").empty());

    PartnerView after = before;
    after.work_steps[1].resource_id = "R2";                 // W2 moved
    after.work_steps[2].planned_end = at_hour(12);          // W3 re-timed
    after.work_steps[3].status = WorkStepStatus::finished;  // W4 finished by someone
    after.work_steps[4].quantity = 120;                     // W5 quantity
    after.work_steps[5].status = WorkStepStatus::paused;    // W6 status
    after.work_steps[6].status = WorkStepStatus::finished;  // W-saw: not own
    after.work_steps.push_back(own_step("W7", "R2"));       // new
    // N4 was written offline elsewhere before the logout and came after it: new all the same.
    after.step_notes = {{"N1", "W1", "Ben", at_hour(5), "seen before the logout"},
                        {"N2", "W1", "Ben", at_hour(7), "new"},
                        {"N3", "W1", "Ana", at_hour(7), "her own"},
                        {"N4", "W1", "Ben", at_hour(4), "new too"}};
    const auto changed = changes_since(after, memory, "Ana");
    REQUIRE(changed.size() == 7);
    CHECK(changed[0] == ChangedStep{"W1", changes_of({StepChange::notes}), 2});
    CHECK(changed[1] == ChangedStep{"W2", changes_of({StepChange::moved}), 0});
    CHECK(changed[2] == ChangedStep{"W3", changes_of({StepChange::re_timed}), 0});
    CHECK(changed[3] == ChangedStep{"W4", changes_of({StepChange::finished}), 0});
    CHECK(changed[4] == ChangedStep{"W5", changes_of({StepChange::quantity}), 0});
    CHECK(changed[5] == ChangedStep{"W6", changes_of({StepChange::status}), 0});
    CHECK(changed[6] == ChangedStep{"W7", changes_of({StepChange::added}), 0});

    SUBCASE("a step stays marked until opened: the next logout keeps what was left of it") {
        const auto next = remember(after, memory, {"W1", "W7", "W3"});
        const auto again = changes_since(after, next, "Ana");
        REQUIRE(again.size() == 3);
        CHECK(again[0] == ChangedStep{"W1", changes_of({StepChange::notes}), 2});
        CHECK(again[1] == ChangedStep{"W3", changes_of({StepChange::re_timed}), 0});
        CHECK(again[2] == ChangedStep{"W7", changes_of({StepChange::added}), 0});
        // Opened ones are remembered as they are now, their notes seen.
        const auto opened = remember(after, next, {});
        CHECK(changes_since(after, opened, "Ana").empty());
    }
    SUBCASE("a step that left the view is no change") {
        PartnerView gone = after;
        gone.work_steps.erase(gone.work_steps.begin() + 1);
        CHECK(changes_since(gone, memory, "Ana").size() == 6);
    }
}
