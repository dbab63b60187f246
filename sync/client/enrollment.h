// Enrolment (product.md §6 step 2, sync-api.md POST /terminals/enroll): the terminal trades its
// one-time enrolment code for its own id and token and keeps them in its database.
#pragma once

#include <string_view>

#include "sync/client/api_result.h"
#include "sync/client/sync_api_client.h"
#include "sync/store/credentials.h"
#include "sync/store/terminal_db.h"

namespace pt::client {

/// Enrols with `code` under `name` and saves the credentials in `db` (replacing earlier ones).
/// Credentials already in `db` (re-enrolment) send their token as `previous_token`, so the
/// server enrols the same terminal again under its id rather than a new one.
/// Fails as the call does (401: unknown or spent code; transport …), and then saves nothing.
/// Throws StoreError when the answer cannot be saved — the code is spent then, so the
/// technician needs a new one (the message says so).
[[nodiscard]] ApiResult<store::TerminalCredentials> enroll_terminal(store::TerminalDb& db,
                                                                    SyncApiClient& api,
                                                                    std::string_view code,
                                                                    std::string_view name);

}  // namespace pt::client
