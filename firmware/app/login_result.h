// What a login gives the kiosk's session (product.md §5), as the app layer sees it: how it went
// and who is logged in. No token and no badge: the kiosk turns the sync client's result into
// this (firmware/kiosk/login_results.h) and keeps the token and the held badge itself, for the
// sync engine and the relogin, so nothing drawn from the session can reach them.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sync/plan/types.h"

namespace pt::app {

enum class LoginOutcome : std::uint8_t {
    online,           ///< the server accepted
    offline,          ///< server unreachable; the terminal's vault accepted badge and PIN
    refused,          ///< the server refused: final, no offline fallback
    throttled,        ///< too many failed logins here (429); the operator waits
    offline_refused,  ///< server unreachable; badge unknown here, too old, or wrong PIN
    not_enrolled,     ///< the terminal has no credentials: enrol first
    store_failed,     ///< the terminal's database failed while checking
};

/// The logged-in operator: the session response (sync-api.md) without its token.
struct OperatorProfile {
    std::string operator_id;
    std::string operator_name;
    std::string partner_id;
    std::string partner_name;
    plan::ModuleSet modules;
    bool allow_process_feedback = false;
    plan::WorkStepColumns work_step_columns;
    plan::ProcessColumns process_columns;
    std::vector<plan::Reason> pause_reasons;
    std::vector<plan::Reason> scrap_reasons;
    /// The machines this terminal stands at that the partner owns: the workbench opens
    /// filtered to them (sync-api.md "Terminal resources").
    std::vector<std::string> terminal_resource_ids;
    bool operator==(const OperatorProfile&) const = default;
};

struct OperatorSession {
    OperatorProfile profile;
    bool offline = false;  ///< opened without the server
    /// Offline: when this session started without the server ("offline since").
    std::optional<std::chrono::system_clock::time_point> offline_since;
    /// Offline: the end of the grace period; a report after it would be refused (R13).
    std::optional<std::chrono::system_clock::time_point> offline_until;
};

struct LoginResult {
    LoginOutcome outcome = LoginOutcome::refused;
    std::optional<OperatorSession> session;  ///< for online and offline
    /// throttled: how long the server asked the operator to wait, when it said.
    std::optional<std::chrono::seconds> retry_after;
    /// offline_refused without a PIN: the terminal knows this badge with a PIN, so the PIN pad
    /// may help.
    bool pin_may_help = false;
};

}  // namespace pt::app
