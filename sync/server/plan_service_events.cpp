// POST /api/v1/events: each event of a request judged by the rules (sync/plan), applied to the
// plan and recorded exactly once, all in one transaction (sync-api.md, "Events").
#include <algorithm>
#include <unordered_map>

#include "sync/plan/feedback.h"
#include "sync/plan/session_binding.h"
#include "sync/plan/step_notes.h"
#include "sync/protocol/limits.h"
#include "sync/server/plan_service_impl.h"
#include "sync/server/tokens.h"

namespace pt::server {
namespace {

/// One request's events from one terminal, under the service's mutex: what the rules say of
/// each, the change it makes, and its record. Remembers what it replaced, so a failed
/// transaction can put the plan back.
class EventBatch {
public:
    EventBatch(plan::Plan& plan, DatasetStore& dataset, EventStore& events, LoginHistory& logins,
               const std::string& terminal, plan::Timestamp now, std::chrono::seconds offline_grace)
        : plan_(plan),
          dataset_(dataset),
          events_(events),
          logins_(logins),
          terminal_(terminal),
          now_(now),
          offline_grace_(offline_grace) {}

    /// Judges, applies and records one event; its answer for the terminal.
    protocol::EventResult process(const protocol::DecodedEvent& item) {
        if (auto original = events_.outcome_of(item.id)) {
            // The first answer may have been lost: the terminal records this one.
            return {item.id, protocol::ResultStatus::duplicate, "", std::move(original)};
        }
        if (!item.event) {
            // Only an id of the contract's shape is kept: a hostile one may be megabytes.
            if (protocol::is_uuid_shaped(item.id))
                events_.add_malformed(item.id, item.error, terminal_, now_);
            return {item.id,
                    protocol::ResultStatus::rejected,
                    std::string(plan::name_of(plan::Verdict::invalid)),
                    {}};
        }
        const plan::Event& event = *item.event;
        std::optional<plan::CorrectionFacts> correction;
        if (event.type == plan::EventType::work_step_corrected)
            correction = correction_facts(event);
        const plan::CorrectionFacts* facts = correction ? &*correction : nullptr;
        const plan::Decision decision = judge(event, facts);
        if (decision.verdict != plan::Verdict::accepted)
            return reject(item, decision.verdict, decision.message);
        // An event is accepted only when all of it was applied (sync-api.md, Limits).
        if (const auto not_applied = apply(event, facts))
            return reject(item, plan::Verdict::invalid, not_applied->message);
        const auto op = plan_.find_operator(event.operator_id);
        const std::string name = op ? op->op->name : std::string();
        events_.add_accepted(event, partner_of(event.operator_id), terminal_, now_, name);
        if (event.type == plan::EventType::work_step_note) {
            // Dated no later than received: a clock ahead must not keep it newest for weeks.
            accepted_notes_.push_back({event.id, event.target_id, name,
                                       std::min(event.occurred_at, now_), event.data.text});
        }
        return {item.id, protocol::ResultStatus::accepted, "", {}};
    }

    /// The notes this batch accepted, for the service's note log once its transaction committed.
    [[nodiscard]] std::vector<plan::ViewStepNote>& accepted_notes() { return accepted_notes_; }

    /// Puts back every record this batch replaced, newest first. True when that failed (then
    /// only reloading the plan helps).
    bool undo() {
        // Newest first. (Iterators: clang 14, which clang-tidy is, cannot parse libstdc++ 12's
        // views::reverse.)
        // NOLINTNEXTLINE(modernize-loop-convert)
        for (auto it = old_steps_.rbegin(); it != old_steps_.rend(); ++it) {
            if (plan_.update_work_step(*it)) return true;
        }
        // NOLINTNEXTLINE(modernize-loop-convert)
        for (auto it = old_processes_.rbegin(); it != old_processes_.rend(); ++it) {
            if (plan_.update_process(*it)) return true;
        }
        return false;
    }

private:
    /// What the event log and the logins say of a correction's report and approver (the rules
    /// judge them in sync/plan). Earlier events of this request are in the log already.
    plan::CorrectionFacts correction_facts(const plan::Event& event) {
        plan::CorrectionFacts facts;
        if (auto report = events_.report_in_force(event.data.corrects)) {
            facts.report = std::move(report->event);
            facts.report_partner_id = std::move(report->partner_id);
        }
        facts.approver_has_session = logged_in_before(event.data.approved_by, event.occurred_at);
        return facts;
    }

    plan::Decision judge(const plan::Event& event, const plan::CorrectionFacts* correction) {
        if (!bound_to_session(event)) {
            // Checked first and answered like an operator that does not exist, so the answer
            // tells nothing about which operators exist or whose they are.
            return {plan::Verdict::unknown_operator,
                    "no online login of operator '" + event.operator_id +
                        "' on this terminal within the offline grace period"};
        }
        const auto op = plan_.find_operator(event.operator_id);
        if (!op) return plan::decide_event(plan_, event, now_);  // unknown_operator
        return plan::decide_event(plan_, access_of(op->partner->id), event, correction);
    }

    /// The operator's partner as the event is recorded (the feeds filter by it); empty when
    /// there is no such operator.
    std::string partner_of(const std::string& operator_id) const {
        const auto op = plan_.find_operator(operator_id);
        return op ? op->partner->id : std::string();
    }

    /// R13: an online login of the event's operator on this terminal, shortly before.
    bool bound_to_session(const plan::Event& event) {
        return logged_in_before(event.operator_id, event.occurred_at);
    }

    /// Whether `operator_id` logged in online on this terminal within the grace before `at`.
    bool logged_in_before(const std::string& operator_id, plan::Timestamp at) {
        auto it = logins_by_operator_.find(operator_id);
        if (it == logins_by_operator_.end()) {
            it = logins_by_operator_.emplace(operator_id, logins_.runs(terminal_, operator_id))
                     .first;
        }
        return plan::bound_to_session(it->second, at, offline_grace_);
    }

    /// Events change statuses and quantities only, never what a partner may see (access depends
    /// on links, trees and cancellations; R14's retirement is read from each step as it is), so
    /// one access per partner serves the whole request.
    const plan::PartnerAccess& access_of(const std::string& partner_id) {
        auto it = access_by_partner_.find(partner_id);
        if (it == access_by_partner_.end())
            it = access_by_partner_
                     .emplace(partner_id, *plan::compute_access(plan_, partner_id, now_))
                     .first;
        return it->second;
    }

    /// Applies an accepted event to its work step or process, in memory and in the database.
    std::optional<plan::PlanError> apply(const plan::Event& event,
                                         const plan::CorrectionFacts* correction) {
        if (event.type == plan::EventType::process_feedback) {
            const plan::Handle h = *plan_.process_handle(event.target_id);
            const plan::Process before = plan_.process_at(h);
            auto not_applied = plan_.update_process(plan::apply_to_process(before, event));
            if (!not_applied) {
                old_processes_.push_back(before);
                dataset_.save_process(h, plan_.process_at(h));
            }
            return not_applied;
        }
        const plan::Handle h = *plan_.work_step_handle(event.target_id);
        const plan::WorkStep before = plan_.work_step_at(h);
        plan::WorkStep after = plan::apply_to_work_step(before, event, correction);
        // R14 counts from finished_at, which comes from the terminal's clock: never later than
        // the server's now (a clock ahead must not keep a step in the views past its time).
        if (after.finished_at && *after.finished_at > now_) after.finished_at = now_;
        auto not_applied = plan_.update_work_step(std::move(after));
        if (!not_applied) {
            old_steps_.push_back(before);
            dataset_.save_work_step(h, plan_.work_step_at(h));
        }
        return not_applied;
    }

    protocol::EventResult reject(const protocol::DecodedEvent& item, plan::Verdict verdict,
                                 const std::string& message) {
        const std::string_view reason = plan::name_of(verdict);
        events_.add_rejected(*item.event, partner_of(item.event->operator_id), reason, message,
                             terminal_, now_);
        return {item.id, protocol::ResultStatus::rejected, std::string(reason), {}};
    }

    plan::Plan& plan_;
    DatasetStore& dataset_;
    EventStore& events_;
    LoginHistory& logins_;
    const std::string& terminal_;
    plan::Timestamp now_;
    std::chrono::seconds offline_grace_;
    std::unordered_map<std::string, plan::PartnerAccess> access_by_partner_;
    std::unordered_map<std::string, std::vector<plan::LoginRun>> logins_by_operator_;
    std::vector<plan::WorkStep> old_steps_;
    std::vector<plan::Process> old_processes_;
    std::vector<plan::ViewStepNote> accepted_notes_;
};

}  // namespace

Reply PlanService::post_events(std::string_view bearer, std::string_view body) {
    const std::string token_hash = hash_token(bearer);
    std::optional<std::string> terminal;
    {
        const std::lock_guard lock(impl_->mutex);
        terminal = impl_->authenticate_terminal(token_hash, impl_->now());
    }
    if (!terminal) return unauthorized("a terminal token is required");
    std::vector<protocol::DecodedEvent> decoded;
    try {
        decoded = protocol::decode_events_request(body);
    } catch (const protocol::ProtocolError& e) {
        return bad_request(e);
    }

    std::vector<protocol::EventResult> results;
    results.reserve(decoded.size());
    {
        const std::lock_guard lock(impl_->mutex);
        Impl& x = *impl_;
        const plan::Timestamp now = x.now();
        EventBatch batch(x.plan, x.dataset, x.events, x.logins, *terminal, now,
                         x.options.offline_grace);
        const auto write = [&] {
            for (const protocol::DecodedEvent& item : decoded)
                results.push_back(batch.process(item));
            const bool refused_some =
                std::any_of(results.begin(), results.end(), [](const protocol::EventResult& r) {
                    return r.status == protocol::ResultStatus::rejected;
                });
            // After a refusal (the terminal's own cap), and at most hourly otherwise (the age).
            if (refused_some || now - x.refused_pruned_at >= std::chrono::hours{1}) {
                x.events.prune_refused(*terminal, x.options.refused_per_terminal,
                                       now - x.options.refused_retention);
                x.refused_pruned_at = now;
            }
        };
        x.persist(write, [&batch] { return batch.undo(); });
        // Only what the database holds: a failed transaction threw before this.
        for (plan::ViewStepNote& note : batch.accepted_notes())
            x.notes.add(std::move(note));
        if (now - x.notes_pruned_at >= std::chrono::hours{1}) {
            x.notes.forget_before(now - plan::kStepNoteDays);
            x.notes_pruned_at = now;
        }
    }
    return json_reply(200, protocol::encode_event_results(results));
}

}  // namespace pt::server
