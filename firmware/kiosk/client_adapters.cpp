#include "firmware/kiosk/client_adapters.h"

namespace pt::kiosk {
namespace {

app::LoginOutcome app_outcome(client::LoginOutcome outcome) {
    switch (outcome) {
        case client::LoginOutcome::online:
            return app::LoginOutcome::online;
        case client::LoginOutcome::offline:
            return app::LoginOutcome::offline;
        case client::LoginOutcome::refused:
            return app::LoginOutcome::refused;
        case client::LoginOutcome::throttled:
            return app::LoginOutcome::throttled;
        case client::LoginOutcome::offline_refused:
            return app::LoginOutcome::offline_refused;
        case client::LoginOutcome::not_enrolled:
            return app::LoginOutcome::not_enrolled;
        case client::LoginOutcome::store_failed:
            break;
    }
    return app::LoginOutcome::store_failed;
}

}  // namespace

app::OperatorProfile operator_profile(const protocol::LoginResponse& response) {
    return {.operator_id = response.operator_id,
            .operator_name = response.operator_name,
            .partner_id = response.partner_id,
            .partner_name = response.partner_name,
            .modules = response.modules,
            .allow_process_feedback = response.allow_process_feedback,
            .work_step_columns = response.work_step_columns,
            .process_columns = response.process_columns,
            .pause_reasons = response.pause_reasons,
            .scrap_reasons = response.scrap_reasons,
            .terminal_resource_ids =
                response.terminal ? response.terminal->resource_ids : std::vector<std::string>{}};
}

app::LoginResult app_login_result(const client::LoginResult& result) {
    app::LoginResult app{.outcome = app_outcome(result.outcome),
                         .pin_may_help = result.pin_may_help};
    if (result.session) {
        app.session = app::OperatorSession{.profile = operator_profile(result.session->profile),
                                           .offline = result.session->offline,
                                           .offline_since = result.session->offline_since,
                                           .offline_until = result.session->offline_until};
    }
    if (result.online_error) app.retry_after = result.online_error->retry_after;
    return app;
}

app::SyncInfo sync_info(const client::SyncStatus& status) {
    app::SyncInfo info{.enrolled = status.enrolled,
                       .online = status.online,
                       .syncing = status.syncing,
                       .terminal_revoked = status.terminal_revoked,
                       .pending = status.pending,
                       .rejected = status.rejected,
                       .last_success = status.last_success,
                       .last_attempt = status.last_attempt,
                       .next_attempt = status.next_attempt,
                       .consecutive_failures = status.consecutive_failures,
                       .cycles = status.cycles,
                       .server_url = status.server_url};
    if (status.last_error) {
        info.last_error =
            app::SyncInfo::Error{.kind = std::string(name_of(status.last_error->kind)),
                                 .message = status.last_error->message,
                                 .at = status.last_error->at};
    }
    return info;
}

}  // namespace pt::kiosk
