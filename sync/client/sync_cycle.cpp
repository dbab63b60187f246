#include "sync/client/sync_cycle.h"

#include <algorithm>

#include "sync/store/credentials.h"
#include "sync/store/outbox.h"
#include "sync/store/plan_cache.h"

namespace pt::client::detail {
namespace {

SyncErrorKind kind_of(ApiStatus status, bool push) {
    switch (status) {
        case ApiStatus::unauthorized:
            return push ? SyncErrorKind::terminal_unauthorized : SyncErrorKind::session_expired;
        case ApiStatus::rejected_input:
            return push ? SyncErrorKind::batch_refused : SyncErrorKind::server_error;
        case ApiStatus::server_busy:
            return SyncErrorKind::server_busy;
        case ApiStatus::transport_error:
            return SyncErrorKind::unreachable;
        case ApiStatus::bad_response:
            return SyncErrorKind::bad_response;
        case ApiStatus::server_error:
        case ApiStatus::success:
            break;
    }
    return SyncErrorKind::server_error;
}

/// Whether the server answered as a working server does (an answer we did not like is still
/// an answer); 5xx, 429/503 and no answer at all mean "offline" for the UI.
bool answered(ApiStatus status) {
    return !is_unreachable(status);
}

/// Failures after which asking the server anything else in this cycle is pointless.
bool server_down(const CycleReport& report) {
    if (!report.failure) return false;
    const SyncErrorKind kind = report.failure->kind;
    return kind == SyncErrorKind::unreachable || kind == SyncErrorKind::server_busy ||
           kind == SyncErrorKind::server_error || kind == SyncErrorKind::store;
}

void fail(CycleReport& report, SyncErrorKind kind, std::string message,
          std::optional<std::chrono::seconds> retry_after = std::nullopt) {
    if (report.failure) return;  // the first failure is the one that explains the cycle
    report.failure = CycleFailure{kind, std::move(message), retry_after};
}

}  // namespace

CycleReport SyncCycle::run(const CycleInput& input, const std::atomic<bool>& stop) {
    CycleReport report;
    try {
        // Read every cycle: enrolment (by the CLI or the technician screen) is picked up
        // without restarting the engine, and the token never sits in engine memory for long.
        const auto credentials = store::Credentials(db_).load();
        report.enrolled = credentials.has_value();
        if (credentials) report.terminal_id = credentials->terminal_id;
        // Push before pull (product.md §5): the pull then already shows the effect of what the
        // operators reported, and events reach the server in recording order.
        if (credentials) push_all(credentials->token, input, stop, report);
        if (credentials && !stop.load() && !server_down(report) && !report.terminal_refused) {
            report_health(credentials->terminal_id, credentials->token, input, report);
        }
        for (const auto& [partner_id, token] : input.sessions) {
            if (stop.load() || server_down(report) || report.push_outcome_unknown) break;
            pull_one(partner_id, token, report);
        }
        if (credentials && !report.contacted && !stop.load()) {
            // Nothing to push or pull: still find out whether the server answers, so an idle
            // login screen says "online" or "offline" truthfully.
            report.contacted = true;
            report.online = api_.reachable();
        }
    } catch (const store::StoreError& error) {
        fail(report, SyncErrorKind::store, error.what());
    }
    return report;
}

void SyncCycle::push_all(const std::string& terminal_token, const CycleInput& input,
                         const std::atomic<bool>& stop, CycleReport& report) {
    store::Outbox outbox(db_);
    const std::size_t batch_size =
        std::clamp<std::size_t>(input.batch_size, 1, protocol::kMaxEventsPerRequest);
    while (!stop.load()) {
        const std::vector<store::OutboxEntry> batch = outbox.pending(batch_size);
        if (batch.empty()) return;
        std::vector<plan::Event> events;
        events.reserve(batch.size());
        for (const auto& entry : batch)
            events.push_back(entry.event);

        // Exactly once rests on the server's event ids: whatever happens to this request, the
        // events stay pending and the next attempt sends the same ids, which the server then
        // answers `duplicate` if it had already stored them.
        const auto result = api_.push(terminal_token, events);
        report.contacted = true;
        report.online = answered(result.status());
        if (result.status() == ApiStatus::unauthorized) {
            report.terminal_refused = true;
        } else if (result.ok() || result.status() == ApiStatus::rejected_input) {
            report.terminal_accepted = true;  // the server checks the token before the body
        }
        if (!result.ok()) {
            // Without an answer the server may have applied the batch: a pull now could bring
            // the effect of events still pending here, and the view would show them twice.
            report.push_outcome_unknown = result.status() != ApiStatus::rejected_input &&
                                          result.status() != ApiStatus::unauthorized;
            // A 400 refuses the batch as a whole: nothing was applied, so marking the events
            // rejected would lose reports that may be fine; they stay pending, in order, and
            // the engine backs off and reports batch_refused until someone fixes the cause.
            fail(
                report, kind_of(result.status(), /*push=*/true),
                "push of " + std::to_string(events.size()) + " events: " + describe(result.error()),
                result.error().retry_after);
            return;
        }
        const std::size_t changed = outbox.record_results(result.value());
        report.events_answered += changed;
        if (input.on_batch_recorded) input.on_batch_recorded();
        if (changed == 0) {
            // Every answer was for an event no longer pending: only a race with another
            // writer could do that; stop instead of sending the same batch in a loop.
            fail(report, SyncErrorKind::bad_response, "push answers changed no pending event");
            return;
        }
    }
}

void SyncCycle::report_health(const std::string& terminal_id, const std::string& terminal_token,
                              const CycleInput& input, CycleReport& report) {
    if (!input.health) return;
    if (!input.health->due && input.health->last_reported_terminal == terminal_id) return;
    protocol::HealthReport health = input.health->report;
    const store::Outbox outbox(db_);
    const store::OutboxCounts counts = outbox.counts();
    health.outbox_pending = counts.pending;
    // The terminal keeps every refused report until someone deals with it (attention screen);
    // nothing marks one as seen, so all of them count.
    health.refused_unseen = counts.rejected;
    if (const auto oldest = outbox.oldest_pending_time()) {
        health.oldest_pending_at = std::chrono::time_point_cast<std::chrono::seconds>(*oldest);
    }
    const auto failure = api_.report_health(terminal_token, health);
    report.contacted = true;
    if (!failure) {
        report.online = true;
        report.terminal_accepted = true;
        report.health = HealthOutcome::delivered;
        return;
    }
    // A 404 is an answer of a working (older) server, not an outage.
    report.online = answered(failure->status) || failure->http_status == 404;
    if (failure->status == ApiStatus::unauthorized) {
        report.terminal_refused = true;
        report.health = HealthOutcome::failed;
        fail(report, SyncErrorKind::terminal_unauthorized, "health report: " + describe(*failure),
             failure->retry_after);
        return;
    }
    // Anything else only concerns the report, never the sync: a 404 is a server older than
    // the endpoint, the rest is tried again when the next report is due.
    report.health =
        failure->http_status == 404 ? HealthOutcome::not_supported : HealthOutcome::failed;
}

void SyncCycle::pull_one(const std::string& partner_id, const std::string& token,
                         CycleReport& report) {
    store::PlanCache cache(db_);
    // Every accepted event answered by now is in what this pull brings; the ones answered
    // later stay laid on the cached view until the next pull (store/optimistic_view.h).
    const std::int64_t answered_through = store::Outbox(db_).answered_through();
    const auto result = api_.pull(token, cache.cursor(partner_id));
    report.contacted = true;
    report.online = answered(result.status());
    if (result.ok()) {
        // Delta and cursor in one transaction: a crash leaves either the old view with the old
        // cursor or the new view with the new one, never a view the cursor does not describe.
        cache.apply(partner_id, result.value(), answered_through);
        ++report.pulls_applied;
        return;
    }
    if (result.status() == ApiStatus::unauthorized) {
        // Final for this token (expired or revoked): no retry, the app logs the operator in
        // again. Not a failure of the cycle: the server is fine.
        report.expired.push_back(ExpiredSession{partner_id, token});
        return;
    }
    fail(report, kind_of(result.status(), /*push=*/false),
         "pull for partner " + partner_id + ": " + describe(result.error()),
         result.error().retry_after);
}

}  // namespace pt::client::detail
