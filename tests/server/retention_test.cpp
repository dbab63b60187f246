// R14 (product.md; sync-api.md "Administration"): a finished work step leaves every partner's
// view finished_retention_days after it finished, on the server's clock, and the terminal's
// cache shrinks with it: over a simulated month and a half of daily plan changes, the cache's
// rows and file stay bounded.
#include <SQLiteCpp/Database.h>
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "sync/plan/view.h"
#include "sync/store/plan_cache.h"
#include "tests/plan/plan_builder.h"
#include "tests/server/service_harness.h"

using namespace pt;
using namespace pt::server::testing;
using plan::testing::PlanBuilder;

namespace {

constexpr auto kDay = std::chrono::hours{24};

plan::Dataset one_line() {
    PlanBuilder b;
    b.partner("P1").resource("R1", true, {"P1"}).order("O1");
    return b.dataset();
}

std::string new_step(int n) {
    return R"({"id": "W)" + std::to_string(n) +
           R"(", "order_id": "O1", "seq": 10, "operation": "Coat", "resource_id": "R1",
              "planned_start": "2026-11-23T06:00:00Z", "planned_end": "2026-11-23T08:00:00Z",
              "quantity": 10, "status": "open", "quantity_good": 0, "quantity_scrap": 0,
              "notes": ""})";
}

bool view_has_step(const plan::PartnerView& view, const std::string& id) {
    for (const auto& step : view.work_steps)
        if (step.id == id) return true;
    return false;
}

std::uintmax_t size_of(const std::filesystem::path& file) {
    std::error_code error;
    const auto size = std::filesystem::file_size(file, error);
    return error ? 0 : size;
}

}  // namespace

TEST_CASE("R14: a finished step leaves the view after finished_retention_days, not before") {
    ServiceHarness h;
    h.load(one_line());
    REQUIRE(h.service->post_work_step(kAdmin, new_step(1)).status == 201);
    REQUIRE(h.service->post_work_step(kAdmin, new_step(2)).status == 201);
    const std::string kiosk = h.enroll();
    REQUIRE(h.service->put_settings(kAdmin, R"({"finished_retention_days": 3})").status == 204);
    REQUIRE(h.service->patch_work_step(kAdmin, "W1", R"({"status": "finished"})").status == 204);

    std::string session = h.login(kiosk, "BADGE-P1");
    auto answer = h.pull(session);
    CHECK(view_has_step(answer.view, "W1"));
    h.now += 3 * kDay - std::chrono::seconds{1};
    session = h.login(kiosk, "BADGE-P1");  // the day's shift (sessions last 12 hours)
    answer = h.pull(session, answer.cursor);
    CHECK(answer.view.work_steps.empty());  // nothing changed yet
    h.now += std::chrono::seconds{1};
    answer = h.pull(session, answer.cursor);
    REQUIRE(answer.removed.work_steps.size() == 1);  // R10's removal, by time alone
    CHECK(answer.removed.work_steps[0] == "W1");
    CHECK(h.service->get_partner_view(kAdmin, "P1").body.find("\"W1\"") == std::string::npos);

    // Its order stays while W2 anchors it; with W2 finished and retired too, the order goes.
    REQUIRE(h.service->patch_work_step(kAdmin, "W2", R"({"status": "finished"})").status == 204);
    h.now += 3 * kDay;
    session = h.login(kiosk, "BADGE-P1");
    answer = h.pull(session);
    CHECK(answer.view.work_steps.empty());
    CHECK(answer.view.orders.empty());

    // A longer retention brings them back.
    REQUIRE(h.service->put_settings(kAdmin, R"({"finished_retention_days": 30})").status == 204);
    answer = h.pull(session);
    CHECK(answer.view.work_steps.size() == 2);
}

TEST_CASE("R14's setting: 0 to 3650 days, the administrator's, kept across a restart") {
    ServiceHarness h;
    h.load(one_line());
    CHECK(h.service->put_settings(kAdmin, R"({"finished_retention_days": -1})").status == 400);
    CHECK(h.service->put_settings(kAdmin, R"({"finished_retention_days": 3651})").status == 422);
    CHECK(h.service->put_settings(kAdmin, R"({"finished_retention_days": "7"})").status == 400);
    REQUIRE(h.service->put_settings(kAdmin, R"({"finished_retention_days": 0})").status == 204);
    h.open();
    CHECK(h.service->dataset().settings.finished_retention_days == 0);
    const server::Reply got = h.service->get_dataset(kAdmin);
    CHECK(got.body.find(R"("finished_retention_days":0)") != std::string::npos);
}

TEST_CASE("R14 on the terminal: over 45 simulated days the cache stays bounded") {
    ServiceHarness h;
    h.load(one_line());  // the default retention, 21 days
    const std::string kiosk = h.enroll();
    test::TempDir dir("pt-retention-");
    const auto file = dir / "terminal.db";
    store::TerminalDb db(file);
    store::PlanCache cache(db);

    constexpr int kPerDay = 20;
    int made = 0;
    std::size_t rows_day_30 = 0;
    std::uintmax_t bytes_day_30 = 0;
    std::size_t most_rows = 0;
    for (int day = 1; day <= 45; ++day) {
        CAPTURE(day);
        // A day of planning: new steps in the morning, yesterday's finished in the evening.
        for (int i = 0; i < kPerDay; ++i)
            REQUIRE(h.service->post_work_step(kAdmin, new_step(++made)).status == 201);
        for (int i = made - 2 * kPerDay + 1; i <= made - kPerDay; ++i) {
            if (i < 1) continue;
            REQUIRE(
                h.service
                    ->patch_work_step(kAdmin, "W" + std::to_string(i), R"({"status": "finished"})")
                    .status == 204);
        }
        // The shift's operator logs in and the terminal pulls on from its cursor.
        const std::string session = h.login(kiosk, "BADGE-P1");
        const auto cursor = cache.cursor("P1");
        cache.apply("P1", h.pull(session, cursor.value_or("")), 0);
        db.checkpoint();  // as the sync engine does after each cycle
        const std::size_t rows = cache.load("P1").work_steps.size();
        CHECK(rows == h.pull(session).view.work_steps.size());  // the cache is the full view
        most_rows = std::max(most_rows, rows);
        if (day == 30) {
            rows_day_30 = rows;
            bytes_day_30 = size_of(file) + size_of(file.string() + "-wal");
        }
        h.now += kDay;
    }
    // Open today's and yesterday's steps, and 21 days of finished ones: never more.
    CHECK(most_rows <= static_cast<std::size_t>(kPerDay * (2 + 21)));
    const std::size_t rows_day_45 = cache.load("P1").work_steps.size();
    CHECK(rows_day_45 == rows_day_30);  // steady: as many leave each day as arrive
    const std::uintmax_t bytes_day_45 = size_of(file) + size_of(file.string() + "-wal");
    MESSAGE("cache: " << rows_day_45 << " work steps on day 45 (" << made << " made); file "
                      << bytes_day_30 << " bytes on day 30, " << bytes_day_45 << " on day 45");
    CHECK(bytes_day_45 <= bytes_day_30 + bytes_day_30 / 10);  // freed pages are reused
}

TEST_CASE(
    "R14 after an upgrade: steps finished before finished_at was kept retire from the start") {
    // Review finding: such steps had no finished_at and stayed in every view for ever.
    ServiceHarness h;
    h.load(one_line());
    REQUIRE(h.service->post_work_step(kAdmin, new_step(1)).status == 201);
    REQUIRE(h.service->patch_work_step(kAdmin, "W1", R"({"status": "finished"})").status == 204);
    h.service.reset();
    {
        SQLite::Database db((h.dir / "plan.db").string(), SQLite::OPEN_READWRITE);
        db.exec("UPDATE work_steps SET finished_at = NULL");  // as an older plan-server left it
    }
    h.now += 2 * kDay;
    h.open();  // this start stamps it
    REQUIRE(h.service->dataset().work_steps[0].finished_at == h.now);
    const std::string kiosk = h.enroll();
    h.now += 21 * kDay;
    CHECK(h.pull(h.login(kiosk, "BADGE-P1")).view.work_steps.empty());
}
