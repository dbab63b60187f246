// The sync client's results as the app layer takes them: a login (firmware/app/login_result.h:
// the outcome, the operator's profile without its token, the offline times, the server's wait)
// and the engine's status (app::SyncInfo). The token and the held badge stay in the kiosk
// (TerminalApp), for the sync engine and the relogin.
#pragma once

#include "firmware/app/login_result.h"
#include "firmware/app/ui_model.h"
#include "sync/client/login_service.h"
#include "sync/client/sync_status.h"

namespace pt::kiosk {

/// The profile of a session response, without its token.
[[nodiscard]] app::OperatorProfile operator_profile(const protocol::LoginResponse& response);

/// What the app's session needs of `result`.
[[nodiscard]] app::LoginResult app_login_result(const client::LoginResult& result);

/// What the screens show of the engine's `status`.
[[nodiscard]] app::SyncInfo sync_info(const client::SyncStatus& status);

}  // namespace pt::kiosk
