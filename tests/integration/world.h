// A running plan-server with a dataset, one enrolled terminal and a session per partner of
// standard_dataset() (P1 via OP1, P2 via OP3, P3 via OP4): the setting most tests start from.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tests/integration/datasets.h"
#include "tests/integration/harness.h"
#include "tests/integration/plan_view.h"

namespace pt::itest {

class World {
public:
    /// Starts a server, PUTs `dataset`, enrols a terminal and logs in one operator per partner.
    explicit World(const json& dataset = standard_dataset());

    Harness h;
    Terminal terminal;
    std::map<std::string, std::string> session;  ///< partner id -> session token
    /// partner id -> a second session, used only by `view()`: the fresh pulls a test compares
    /// with do not add cursors to the session whose cursors the test follows.
    std::map<std::string, std::string> checker;
    std::map<std::string, json> login;  ///< partner id -> login answer
    /// The columns the test expects partners to get (kept in step with settings changes).
    std::vector<std::string> work_step_columns;
    std::vector<std::string> process_columns;
    /// What the last `view()` found different from the model (empty: nothing).
    std::string last_model_diff;

    /// A cursor-less pull for the partner, checked with check_plan_answer.
    [[nodiscard]] json pull(const std::string& partner);
    /// A pull with a cursor, checked with check_plan_answer.
    [[nodiscard]] json pull(const std::string& partner, const std::string& cursor);
    /// The partner's view from a cursor-less pull on the checker session, CHECKed against
    /// expected_plan() of the current dataset.
    [[nodiscard]] PlanView view(const std::string& partner);
    /// Posts one event from the terminal and returns its result object.
    [[nodiscard]] json post_one(const json& event);
    /// PUT /admin/v1/settings with `external_columns` and remembers them.
    void set_columns(const std::vector<std::string>& work_steps,
                     const std::vector<std::string>& processes);
};

/// The operator of each partner in standard_dataset().
inline const std::map<std::string, std::string> kOperatorOf = {
    {"P1", "OP1"}, {"P2", "OP3"}, {"P3", "OP4"}};
inline const std::map<std::string, std::string> kBadgeOf = {
    {"P1", "B-1001"}, {"P2", "B-2001"}, {"P3", "B-3001"}};

/// `{"status": s}` or `{"status": s, "reason": r}` of an event result, for short CHECKs.
[[nodiscard]] std::string outcome(const json& result);

}  // namespace pt::itest
