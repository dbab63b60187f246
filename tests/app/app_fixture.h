// Shared helpers of the terminal::app tests: profiles, login results and a small partner view.
#pragma once

#include <chrono>
#include <string>

#include "firmware/app/session.h"
#include "sync/plan/overlay.h"

namespace pt::app::test {

inline TimePoint at(std::int64_t seconds) {
    return TimePoint{} + std::chrono::hours{24 * 365 * 56} + std::chrono::seconds{seconds};
}

inline OperatorProfile profile(std::string operator_id, std::string partner_id,
                               plan::ModuleSet modules = plan::ModuleSet::all(),
                               bool process_feedback = true) {
    OperatorProfile p;
    p.operator_id = std::move(operator_id);
    p.operator_name = "Name";
    p.partner_id = std::move(partner_id);
    p.partner_name = "Partner";
    p.modules = modules;
    p.allow_process_feedback = process_feedback;
    p.work_step_columns = plan::WorkStepColumns::all();
    p.process_columns = plan::ProcessColumns::all();
    p.pause_reasons = {{"BREAK", "Break"}, {"MATERIAL", "Material missing"}};
    p.scrap_reasons = {{"DAMAGED", "Damaged"}, {"WRONG", "Wrong size"}};
    return p;
}

inline LoginResult online(OperatorProfile p) {
    LoginResult result;
    result.outcome = LoginOutcome::online;
    result.session = OperatorSession{.profile = std::move(p)};
    return result;
}

inline LoginResult offline(OperatorProfile p, TimePoint since) {
    LoginResult result;
    result.outcome = LoginOutcome::offline;
    result.session =
        OperatorSession{.profile = std::move(p), .offline = true, .offline_since = since};
    return result;
}

inline LoginResult outcome(LoginOutcome o) {
    LoginResult result;
    result.outcome = o;
    return result;
}

/// Logs `p` in with badge `badge` at `now`.
inline void log_in(Session& session, const OperatorProfile& p, TimePoint now,
                   std::string_view badge = "B-1001") {
    const auto attempt = session.scan_badge(badge, now);
    (void)session.apply_login_result(attempt.value().id, online(p), now);
}

inline plan::ViewWorkStep step(std::string id, std::string order_id, std::int64_t seq,
                               plan::WorkStepStatus status = plan::WorkStepStatus::open,
                               bool feedback = true) {
    plan::ViewWorkStep s;
    s.id = std::move(id);
    s.order_id = std::move(order_id);
    s.resource_id = "R1";
    s.seq = seq;
    s.status = status;
    s.feedback_allowed = feedback;
    return s;
}

/// Orders O001 (PO-2026-0001: W0001 finished, W0002 in progress, W0003 open), O002
/// (PO-2026-0002: W0004 open), O003 (PO-2026-0003: W0005 finished, W0006 paused, W0007 open),
/// O004 (PO-2026-0004: no work step of this partner); processes PR001 open, PR002 done, PR003
/// open without feedback.
inline plan::OptimisticView demo_view() {
    using S = plan::WorkStepStatus;
    plan::OptimisticView v;
    for (int i = 1; i <= 4; ++i) {
        plan::ViewOrder o;
        o.id = "O00" + std::to_string(i);
        o.number = "PO-2026-000" + std::to_string(i);
        v.view.orders.push_back(o);
    }
    v.view.work_steps = {
        step("W0001", "O001", 10, S::finished), step("W0002", "O001", 20, S::in_progress),
        step("W0003", "O001", 30, S::open),     step("W0004", "O002", 10, S::open),
        step("W0005", "O003", 10, S::finished), step("W0006", "O003", 20, S::paused),
        step("W0007", "O003", 30, S::open),     step("W0008", "O002", 20, S::open, false),
        step("W0009", "O002", 30, S::cancelled)};
    const auto process = [](std::string id, plan::ProcessStatus status, bool feedback) {
        plan::ViewProcess p;
        p.id = std::move(id);
        p.order_id = "O001";
        p.status = status;
        p.feedback_allowed = feedback;
        return p;
    };
    v.view.processes = {process("PR001", plan::ProcessStatus::open, true),
                        process("PR002", plan::ProcessStatus::done, true),
                        process("PR003", plan::ProcessStatus::open, false)};
    return v;
}

}  // namespace pt::app::test
