// What the chaos test (chaos_e2e_test.cpp, issue 12 item 3) checks, as pure functions of what it
// read: the kiosk's outbox (`terminal-sync outbox`), the actions its detail screen offers
// (`ctl ui`), the server's accepted events (`GET /admin/v1/events`) and the attention screen's
// items (`ctl status` on that screen). No I/O here, so the rules can be read in one place.
//
// The per-step rule (product.md §4): whatever the terminal's own reports on a work step imply
// — the last of its started / resumed / paused / finished events that was not refused, by outbox
// sequence — the detail screen may only offer what §4 allows from that state. The test's own
// admin changes of a step's status break that link; they are remembered as "marks" (the outbox's
// last sequence when the change was made), and a step is not judged while its last own report
// is older than its mark, or a report after the mark is still unanswered. Nor is it judged in a
// session of another partner than the one that made that last report (a step on a resource two
// partners share): that session cannot know the report before it syncs (R11 keeps one partner's
// unsent reports from another's screen).
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pt::e2e::chaos {

using nlohmann::json;

/// Work step states of product.md §4 (cancelled steps are no one's to report on).
enum class StepState { open, in_progress, paused, finished };

/// `open`, `in_progress`, `paused`, `finished`.
[[nodiscard]] std::string_view name_of(StepState state);

/// The detail screen's action targets the rule looks at.
inline constexpr std::string_view kDetailActions[] = {
    "detail.start", "detail.pause", "detail.resume", "detail.quantity", "detail.finish"};

/// True when §4 allows detail action `action` (one of kDetailActions) from `state`: start from
/// open; pause from in_progress; resume from paused; quantity and finish from in_progress or
/// paused.
[[nodiscard]] bool action_allowed(std::string_view action, StepState state);

/// For each work step whose status the test changed through the admin API: the outbox's highest
/// sequence at the time of the last such change (0 for an empty outbox).
using AdminMarks = std::map<std::string, std::int64_t>;

/// The highest sequence in `outbox` (the `entries` of `terminal-sync outbox`), 0 when empty.
[[nodiscard]] std::int64_t last_sequence(const json& outbox);

/// The state the terminal's own reports on `step` imply, with the report that implies it.
struct Expectation {
    StepState state = StepState::open;
    std::int64_t sequence = 0;
    std::string event_id;
    std::string type;
    std::string partner_id;  ///< whose session recorded it
};

/// What the own, not refused reports on `step` imply for a session of `partner_id` (see the
/// file comment); nullopt when there is none, when an admin change of the step's status leaves
/// it open, or when another partner made the last report.
[[nodiscard]] std::optional<Expectation> expected_state(const json& outbox, const std::string& step,
                                                        const std::string& partner_id,
                                                        const AdminMarks& marks);

/// The actions of `offered` that `state` does not allow.
[[nodiscard]] std::vector<std::string> invalid_offers(const std::vector<std::string>& offered,
                                                      StepState state);

/// The outbox rows on `step`, one line each (`#seq type state [reason] id`), for messages and
/// for telling whether two reads of the outbox differ on that step.
[[nodiscard]] std::string rows_on(const json& outbox, const std::string& step);

/// The end of a round, once nothing is pending: every row `accepted` appears exactly once among
/// `server_events`, every row `rejected` never; no row is `pending` or `duplicate`; every server
/// event of `terminal_id` is a row of the outbox. Returns one line per problem.
[[nodiscard]] std::vector<std::string> delivery_problems(const json& outbox,
                                                         const json& server_events,
                                                         const std::string& terminal_id);

/// The partners (`partner_id` of the rows) with refused reports.
[[nodiscard]] std::vector<std::string> partners_with_refusals(const json& outbox);

/// The attention screen of `partner_id` (`attention` of `ctl status`) against the outbox: each
/// refused row of that partner is listed with its reason, and nothing else is. One line per
/// problem.
[[nodiscard]] std::vector<std::string> attention_problems(const json& outbox,
                                                          const std::string& partner_id,
                                                          const json& attention);

}  // namespace pt::e2e::chaos
