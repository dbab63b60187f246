#include "tests/e2e/chaos_checks.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace pt::e2e::chaos {
namespace {

std::string text_of(const json& object, const char* key) {
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

const json& event_of(const json& row) {
    return row.at("event");
}

/// The state a report leaves its work step in; nullopt for reports that keep the state
/// (quantity, notes …) and for other targets' reports.
std::optional<StepState> state_after(const std::string& type) {
    if (type == "work_step.started" || type == "work_step.resumed") return StepState::in_progress;
    if (type == "work_step.paused") return StepState::paused;
    if (type == "work_step.finished") return StepState::finished;
    return std::nullopt;
}

std::string describe(const json& row) {
    std::ostringstream out;
    const json& event = event_of(row);
    out << "#" << row.value("sequence", std::int64_t{0}) << " " << text_of(event, "type") << " "
        << text_of(row, "state");
    if (const std::string reason = text_of(row, "reason"); !reason.empty())
        out << " (" << reason << ")";
    out << " " << text_of(event, "id") << " by " << text_of(event, "operator_id") << " ("
        << text_of(row, "partner_id") << ")";
    return out.str();
}

}  // namespace

std::string_view name_of(StepState state) {
    switch (state) {
        case StepState::open:
            return "open";
        case StepState::in_progress:
            return "in_progress";
        case StepState::paused:
            return "paused";
        case StepState::finished:
            return "finished";
    }
    return "?";
}

bool action_allowed(std::string_view action, StepState state) {
    if (action == "detail.start") return state == StepState::open;
    if (action == "detail.pause") return state == StepState::in_progress;
    if (action == "detail.resume") return state == StepState::paused;
    if (action == "detail.quantity" || action == "detail.finish")
        return state == StepState::in_progress || state == StepState::paused;
    return true;  // not an action of §4
}

std::int64_t last_sequence(const json& outbox) {
    std::int64_t last = 0;
    for (const auto& row : outbox)
        last = std::max(last, row.value("sequence", std::int64_t{0}));
    return last;
}

std::optional<Expectation> expected_state(const json& outbox, const std::string& step,
                                          const std::string& partner_id, const AdminMarks& marks) {
    const auto mark = marks.find(step);
    std::optional<Expectation> last;
    bool unanswered_after_mark = false;
    for (const auto& row : outbox) {
        const json& event = event_of(row);
        if (text_of(event, "target_id") != step) continue;
        const std::string state = text_of(row, "state");
        const std::int64_t sequence = row.value("sequence", std::int64_t{0});
        if (mark != marks.end() && sequence > mark->second && state == "pending")
            unanswered_after_mark = true;
        if (state == "rejected") continue;  // a refused report implies nothing
        const std::string type = text_of(event, "type");
        const auto after = state_after(type);
        if (!after) continue;
        if (!last || sequence > last->sequence)
            last = Expectation{*after, sequence, text_of(event, "id"), type,
                               text_of(row, "partner_id")};
    }
    if (!last || last->partner_id != partner_id) return std::nullopt;
    if (mark != marks.end()) {
        // The server's status came from the admin change; or a report recorded after it may
        // still be refused, while the kiosk's cache already shows the admin's status.
        if (last->sequence <= mark->second || unanswered_after_mark) return std::nullopt;
    }
    return last;
}

std::vector<std::string> invalid_offers(const std::vector<std::string>& offered, StepState state) {
    std::vector<std::string> invalid;
    for (const auto& action : offered) {
        if (!action_allowed(action, state)) invalid.push_back(action);
    }
    return invalid;
}

std::string rows_on(const json& outbox, const std::string& step) {
    std::string out;
    for (const auto& row : outbox) {
        if (text_of(event_of(row), "target_id") != step) continue;
        out += "  " + describe(row) + "\n";
    }
    return out;
}

std::vector<std::string> delivery_problems(const json& outbox, const json& server_events,
                                           const std::string& terminal_id) {
    std::vector<std::string> problems;
    std::map<std::string, int> accepted_count;
    for (const auto& event : server_events)
        ++accepted_count[text_of(event, "id")];
    std::set<std::string> in_outbox;
    for (const auto& row : outbox) {
        const std::string id = text_of(event_of(row), "id");
        in_outbox.insert(id);
        const std::string state = text_of(row, "state");
        const int times = accepted_count.contains(id) ? accepted_count.at(id) : 0;
        if (state == "accepted") {
            if (times != 1) {
                problems.push_back("accepted row " + describe(row) + " is among the server's " +
                                   "accepted events " + std::to_string(times) + " times");
            }
        } else if (state == "rejected") {
            if (times != 0) {
                problems.push_back("refused row " + describe(row) + " is among the server's " +
                                   "accepted events " + std::to_string(times) + " times");
            }
            if (text_of(row, "reason").empty())
                problems.push_back("refused row " + describe(row) + " has no reason");
        } else {
            // `pending`: never answered although nothing is pending any more; `duplicate`: the
            // original outcome was not recorded (issue 12: a refusal never reaches the operator).
            problems.push_back("row " + describe(row) + " ended `" + state +
                               "` (the server accepted it " + std::to_string(times) + " times)");
        }
    }
    for (const auto& event : server_events) {
        if (text_of(event, "terminal_id") != terminal_id) continue;
        if (!in_outbox.contains(text_of(event, "id"))) {
            problems.push_back("the server accepted " + text_of(event, "type") + " " +
                               text_of(event, "id") + " on " + text_of(event, "target_id") +
                               " from this terminal, which is in no outbox row");
        }
    }
    return problems;
}

std::vector<std::string> partners_with_refusals(const json& outbox) {
    std::set<std::string> partners;
    for (const auto& row : outbox) {
        if (text_of(row, "state") == "rejected") partners.insert(text_of(row, "partner_id"));
    }
    return {partners.begin(), partners.end()};
}

std::vector<std::string> attention_problems(const json& outbox, const std::string& partner_id,
                                            const json& attention) {
    std::vector<std::string> problems;
    std::map<std::string, std::string> shown;  // event id → reason
    for (const auto& item : attention)
        shown[text_of(item, "event_id")] = text_of(item, "reason");
    std::set<std::string> refused;
    for (const auto& row : outbox) {
        if (text_of(row, "state") != "rejected" || text_of(row, "partner_id") != partner_id)
            continue;
        const std::string id = text_of(event_of(row), "id");
        refused.insert(id);
        const auto found = shown.find(id);
        if (found == shown.end()) {
            problems.push_back("refused row " + describe(row) + " of " + partner_id +
                               " is not on its attention screen");
        } else if (found->second != text_of(row, "reason")) {
            problems.push_back("refused row " + describe(row) + " is on the attention screen " +
                               "with reason `" + found->second + "`");
        }
    }
    for (const auto& [id, reason] : shown) {
        if (!refused.contains(id)) {
            problems.push_back("the attention screen of " + partner_id + " lists " + id + " (" +
                               reason + "), which is no refused row of that partner");
        }
    }
    return problems;
}

}  // namespace pt::e2e::chaos
