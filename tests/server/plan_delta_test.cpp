// Snapshots and diffs of partner views: every wire field counts, absent differs from empty,
// blobs round-trip and damaged ones are refused.
#include "sync/server/plan_delta.h"

#include <doctest/doctest.h>

using namespace pt;
using namespace pt::server;

namespace {

plan::PartnerView sample_view() {
    plan::PartnerView view;
    view.orders.push_back({"O1", "PO-1", "Art", 5, plan::Timestamp{}, std::nullopt, "O1"});
    view.orders.push_back({"O2", "PO-2", "Art", 5, plan::Timestamp{}, "O1", "O1"});
    view.resources.push_back({"R1", "Line", true});
    plan::ViewWorkStep step;
    step.id = "W1";
    step.order_id = "O1";
    step.resource_id = "R1";
    step.notes = "";
    view.work_steps.push_back(step);
    plan::ViewProcess process;
    process.id = "PR1";
    process.order_id = "O1";
    view.processes.push_back(process);
    view.step_notes.push_back({"N1", "W1", "Ana", plan::Timestamp{}, "Haftgrund dünn"});
    return view;
}

}  // namespace

TEST_CASE("a content hash covers every field, presence included") {
    plan::ViewWorkStep a;
    a.id = "W1";
    plan::ViewWorkStep b = a;
    CHECK(content_hash(a) == content_hash(b));
    b.notes = "";  // present but empty is not absent (R9)
    CHECK(content_hash(a) != content_hash(b));
    b = a;
    b.feedback_allowed = true;
    CHECK(content_hash(a) != content_hash(b));
    b = a;
    b.quantity_good = 0;
    CHECK(content_hash(a) != content_hash(b));

    plan::ViewResource own{"R1", "Line", true};
    plan::ViewResource foreign{"R1", "Line", false};
    CHECK(content_hash(own) != content_hash(foreign));

    plan::ViewOrder top{"O1", "PO", "A", 1, plan::Timestamp{}, std::nullopt, "O1"};
    plan::ViewOrder sub = top;
    sub.parent_id = "O9";
    CHECK(content_hash(top) != content_hash(sub));
    sub = top;
    sub.top_id = "O9";
    CHECK(content_hash(top) != content_hash(sub));
}

TEST_CASE("snapshot blobs round-trip; damaged blobs are refused") {
    const ViewSnapshot snapshot = snapshot_of(sample_view());
    CHECK(snapshot.object_count() == 6);
    CHECK(snapshot.step_notes.size() == 1);
    const std::string blob = encode_snapshot(snapshot);
    CHECK(decode_snapshot(blob) == snapshot);
    CHECK(decode_snapshot(encode_snapshot(ViewSnapshot{})) == ViewSnapshot{});
    CHECK_FALSE(decode_snapshot(""));
    CHECK_FALSE(decode_snapshot(blob.substr(0, blob.size() - 1)));
    CHECK_FALSE(decode_snapshot(blob + "x"));
    std::string wrong_magic = blob;
    wrong_magic[0] = 'X';
    CHECK_FALSE(decode_snapshot(wrong_magic));
    // A version-1 blob (before notes) reads as a terminal holding no notes.
    ViewSnapshot without_notes = snapshot;
    without_notes.step_notes.clear();
    std::string version1 = encode_snapshot(without_notes);
    version1.resize(version1.size() - 1);  // the empty note list's count
    version1[1] = 1;
    CHECK(decode_snapshot(version1) == without_notes);
    ViewSnapshot unsorted;
    unsorted.orders = {{"B", 1}, {"A", 2}};
    CHECK_FALSE(decode_snapshot(encode_snapshot(unsorted)));
}

TEST_CASE("a diff upserts new and changed objects and removes vanished ids") {
    const plan::PartnerView before_view = sample_view();
    const ViewSnapshot before = snapshot_of(before_view);

    plan::PartnerView now = before_view;
    now.orders.erase(now.orders.begin());  // O1 gone
    now.work_steps[0].status = plan::WorkStepStatus::in_progress;
    now.resources.push_back({"R2", "Other", false});
    sort_by_id(now);
    const ViewSnapshot after = snapshot_of(now);
    const PlanDelta delta = diff_views(before, after, now);
    CHECK(delta.removed.orders == std::vector<std::string>{"O1"});
    CHECK(delta.upserts.orders.empty());
    REQUIRE(delta.upserts.work_steps.size() == 1);
    CHECK(delta.upserts.work_steps[0].status == plan::WorkStepStatus::in_progress);
    REQUIRE(delta.upserts.resources.size() == 1);
    CHECK(delta.upserts.resources[0].id == "R2");
    CHECK(delta.upserts.processes.empty());
    CHECK(delta.upserts.step_notes.empty());  // unchanged
    CHECK_FALSE(delta.empty());

    plan::PartnerView noted = now;
    noted.step_notes.push_back({"N2", "W1", "Ben", plan::Timestamp{}, "Übergabe: Ofen 2 kalt"});
    noted.step_notes.erase(noted.step_notes.begin());
    const PlanDelta note_delta = diff_views(after, snapshot_of(noted), noted);
    REQUIRE(note_delta.upserts.step_notes.size() == 1);
    CHECK(note_delta.upserts.step_notes[0].id == "N2");
    CHECK(note_delta.removed.step_notes == std::vector<std::string>{"N1"});
    CHECK(note_delta.upserts.work_steps.empty());

    CHECK(diff_views(after, after, now).empty());
    const PlanDelta from_nothing = diff_views(ViewSnapshot{}, after, now);
    CHECK(from_nothing.upserts == now);
    const PlanDelta to_nothing = diff_views(after, ViewSnapshot{}, plan::PartnerView{});
    CHECK(to_nothing.removed.work_steps == std::vector<std::string>{"W1"});
    CHECK(to_nothing.removed.resources == std::vector<std::string>{"R1", "R2"});
}
