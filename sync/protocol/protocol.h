// The wire format of sync-api.md: JSON text <-> domain. Every field name lives here and
// nowhere else. Decoders are strict: a wrong type or a missing required field throws
// ProtocolError naming the field (e.g. `work_steps[3].planned_start`), never crashes.
// Unknown fields are ignored by decoders (the contract welcomes additions).
#pragma once

#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sync/plan/feedback.h"
#include "sync/plan/plan.h"
#include "sync/plan/preview.h"
#include "sync/plan/view.h"

namespace pt::protocol {

/// A document that breaks the contract. `field()` is the JSON path of the culprit
/// (empty when the text is not JSON at all).
class ProtocolError : public std::runtime_error {
public:
    /// `over_limit`: well-formed, but a value breaks sync-api.md's Limits (an id's shape, a
    /// name's or text's length): an admin object that does is answered 422, not 400.
    ProtocolError(std::string field, const std::string& message, bool over_limit = false);
    [[nodiscard]] const std::string& field() const { return field_; }
    [[nodiscard]] bool over_limit() const { return over_limit_; }

private:
    std::string field_;
    bool over_limit_ = false;
};

inline constexpr std::size_t kMaxEventsPerRequest = 1000;

// ---- errors -------------------------------------------------------------------------------
struct ErrorBody {
    std::string error;    ///< machine code, e.g. `unauthorized`
    std::string message;  ///< human readable
};
[[nodiscard]] std::string encode_error(const ErrorBody& body);
[[nodiscard]] ErrorBody decode_error(std::string_view text);

// ---- dataset and admin documents ----------------------------------------------------------
/// How a dataset document shows operators' credentials (sync-api.md "Credentials").
enum class OperatorCredentials {
    included,  ///< `badge` and `pin`: a document to PUT
    withheld,  ///< `has_pin` only: what `GET /admin/v1/dataset` answers
};
[[nodiscard]] std::string encode_dataset(
    const plan::Dataset& dataset, OperatorCredentials credentials = OperatorCredentials::included);
/// A `PUT /admin/v1/dataset` body. An operator may leave out `badge` and `pin` to keep the
/// stored ones: its id is then in `keeps_badge` (and its Operator::badge empty) or `keeps_pin`.
/// `has_pin` is ignored.
struct DatasetUpload {
    plan::Dataset dataset;
    std::set<std::string, std::less<>> keeps_badge;
    std::set<std::string, std::less<>> keeps_pin;
};
/// Missing `external_columns` lists mean every column; a top-level order may omit
/// `external_inheritance` (it then takes the default when the plan is built).
[[nodiscard]] DatasetUpload decode_dataset_upload(std::string_view text);
/// A whole document: every operator with its `badge` (ProtocolError otherwise); no `pin`, none.
[[nodiscard]] plan::Dataset decode_dataset(std::string_view text);
/// `POST /admin/v1/orders`: one dataset order object (the reply carries the order as stored).
[[nodiscard]] std::string encode_order(const plan::Order& order);
[[nodiscard]] plan::Order decode_order(std::string_view text);
/// `POST /admin/v1/partners`: a dataset partner object without operators (they come with
/// `POST /admin/v1/operators`: a non-empty `operators` is refused).
[[nodiscard]] plan::Partner decode_partner(std::string_view text);
/// `POST /admin/v1/resources`, `…/work_steps`, `…/processes`: one dataset object each
/// (`finished_at` is ignored: the server keeps its own).
[[nodiscard]] plan::Resource decode_resource(std::string_view text);
[[nodiscard]] plan::WorkStep decode_work_step(std::string_view text);
[[nodiscard]] plan::Process decode_process(std::string_view text);
/// The objects as a `POST` answers them (operators as GET shows them: `has_pin`, no badge).
[[nodiscard]] std::string encode_partner(const plan::Partner& partner);
[[nodiscard]] std::string encode_resource(const plan::Resource& resource);
[[nodiscard]] std::string encode_work_step(const plan::WorkStep& step);
[[nodiscard]] std::string encode_process(const plan::Process& process);
/// `POST /admin/v1/operators`: `{"id", "partner_id", "name", "badge", "pin"?, "role"?}`.
struct NewOperator {
    std::string partner_id;
    plan::Operator op;  ///< badge and PIN in clear, as sent
};
[[nodiscard]] NewOperator decode_new_operator(std::string_view text);
/// `PATCH /admin/v1/operators/{id}`: `name`, `badge`, `pin` (null: none), `partner_id`, `role`;
/// badge and PIN in clear, as sent.
[[nodiscard]] plan::OperatorChange decode_operator_change(std::string_view text);
/// An operator as `GET` shows it, with its partner: `{"id", "name", "role", "has_pin",
/// "partner_id"}` — never the badge or PIN.
[[nodiscard]] std::string encode_operator(const plan::Operator& op, std::string_view partner_id);
/// `PATCH /admin/v1/orders/{id}`; `id` in the body is refused (ids never change).
[[nodiscard]] plan::OrderChange decode_order_change(std::string_view text);
// `PATCH` of the other objects: the given fields are written into `target`.
void apply_work_step_patch(plan::WorkStep& target, std::string_view text);
void apply_process_patch(plan::Process& target, std::string_view text);
/// Only `name`, `modules`, `allow_process_feedback` may be patched.
void apply_partner_patch(plan::Partner& target, std::string_view text);
/// Only `name`, `external`, `partner_ids` may be patched.
void apply_resource_patch(plan::Resource& target, std::string_view text);
/// `PUT /admin/v1/settings`: each key optional (`default_external_inheritance`,
/// `external_columns`, `reasons`, `finished_retention_days`).
void apply_settings_update(plan::Settings& target, std::string_view text);
/// `{"code", "expires_at"}` of `POST /admin/v1/enrollment_codes`.
[[nodiscard]] std::string encode_enrollment_code(std::string_view code, plan::Timestamp expires_at);
/// The `code` of that answer.
[[nodiscard]] std::string decode_enrollment_code(std::string_view text);
/// The optional `{"expires_in_s": N}` of that request (an empty body is none); N must be a
/// whole number. Throws ProtocolError.
[[nodiscard]] std::optional<std::int64_t> decode_enrollment_code_request(std::string_view text);
struct ListedEnrollmentCode {
    std::string code;
    plan::Timestamp created_at{};
    plan::Timestamp expires_at{};
};
/// `{"codes": [{"code", "created_at", "expires_at"}]}` of `GET /admin/v1/enrollment_codes`.
[[nodiscard]] std::string encode_enrollment_codes(const std::vector<ListedEnrollmentCode>& codes);

/// The names of a JSON object's fields in the order given (an audit entry's summary of a
/// change); empty when `text` is no JSON object.
[[nodiscard]] std::vector<std::string> field_names(std::string_view text);

/// `POST /admin/v1/preview`: `{"method", "path", "body"?}` of one admin change. `body` comes
/// back as JSON text for its call's own decoder (empty when absent or null).
struct PreviewRequest {
    std::string method;
    std::string path;
    std::string body;
};
[[nodiscard]] PreviewRequest decode_preview_request(std::string_view text);
/// `{"partners": [{"id", "gains": {"orders", "work_steps", "processes"}, "loses": {…}}]}`.
[[nodiscard]] std::string encode_preview(const std::vector<plan::PartnerDifference>& partners);
[[nodiscard]] std::vector<plan::PartnerDifference> decode_preview(std::string_view text);

/// `POST /console/api/sign-in`: `{"name", "password"}` (a name of the id shape; a password of
/// at most 1,024 bytes).
struct ConsoleSignIn {
    std::string name;
    std::string password;
};
[[nodiscard]] ConsoleSignIn decode_console_sign_in(std::string_view text);
/// The signed-in user, as sign-in and `GET /console/api/me` answer: `{"name", "role", "csrf"}`.
struct ConsoleSession {
    std::string name;
    std::string role;
    std::string csrf;
    bool operator==(const ConsoleSession&) const = default;
};
[[nodiscard]] std::string encode_console_session(const ConsoleSession& session);

// ---- the console's lists (issue 16; console_lists_codec.cpp) ------------------------------
// Each object as GET /admin/v1/dataset shows it, plus what the console's list shows beside it.

/// An operator's wrong PINs and whether its badge is locked (sync-api.md "Login throttling").
struct BadgeLock {
    std::int64_t wrong_pins = 0;
    bool locked = false;
};
/// A partner with, per operator in order, its badge lock.
struct ListedPartner {
    plan::Partner partner;
    std::vector<BadgeLock> locks;
};
/// `{"partners": [...]}`: operators as GET shows them plus `wrong_pins` and `locked`.
[[nodiscard]] std::string encode_partner_list(const std::vector<ListedPartner>& partners);
/// `{"resources": [...]}`.
[[nodiscard]] std::string encode_resource_list(const std::vector<plan::Resource>& resources);
/// The settings object of the dataset document.
[[nodiscard]] std::string encode_settings(const plan::Settings& settings);
/// An order with the number of its direct sub-orders, work steps and processes.
struct ListedOrder {
    plan::Order order;
    std::int64_t child_count = 0;
    std::int64_t work_step_count = 0;
    std::int64_t process_count = 0;
};
/// `{"orders": [...], "next": ID|null}`.
[[nodiscard]] std::string encode_order_page(const std::vector<ListedOrder>& orders,
                                            const std::optional<std::string>& next);
/// A work step with its order's number and its resource's name.
struct ListedWorkStep {
    plan::WorkStep step;
    std::string order_number;
    std::string resource_name;
};
/// `{"work_steps": [...], "total": N, "offset": O}`.
[[nodiscard]] std::string encode_work_step_page(const std::vector<ListedWorkStep>& steps,
                                                std::int64_t total, std::int64_t offset);
/// A process with its order's number.
struct ListedProcess {
    plan::Process process;
    std::string order_number;
};
/// `{"processes": [...], "total": N, "offset": O}`.
[[nodiscard]] std::string encode_process_page(const std::vector<ListedProcess>& processes,
                                              std::int64_t total, std::int64_t offset);

/// One admin change, as `GET /admin/v1/audit` lists it; never a badge, PIN or token.
struct AuditEntry {
    std::int64_t seq = 0;
    plan::Timestamp at{};
    std::string actor;  ///< the token's name; `admin-token` for the bootstrap token
    std::string method;
    std::string path;
    std::string summary;
    bool operator==(const AuditEntry&) const = default;
};
/// `{"entries": [...], "next": SEQ}`: `next` is the last `seq`, or the `after` asked for.
[[nodiscard]] std::string encode_audit_page(const std::vector<AuditEntry>& entries,
                                            std::int64_t next);
[[nodiscard]] std::pair<std::vector<AuditEntry>, std::int64_t> decode_audit_page(
    std::string_view text);

// ---- enrolment and login -------------------------------------------------------------------
struct EnrollRequest {
    std::string code;
    std::string name;
    /// Our addition (sync-api.md, "Credentials"): the token the terminal held before, so that a
    /// re-enrolment keeps its terminal id and with it its login history (R13). Left out of the
    /// body when absent; 1 to kMaxTokenLength bytes when present.
    std::optional<std::string> previous_token;
};
struct EnrollResponse {
    std::string terminal_id;
    std::string token;
};
[[nodiscard]] std::string encode(const EnrollRequest& request);
[[nodiscard]] EnrollRequest decode_enroll_request(std::string_view text);
[[nodiscard]] std::string encode(const EnrollResponse& response);
[[nodiscard]] EnrollResponse decode_enroll_response(std::string_view text);

struct LoginRequest {
    std::string badge;
    std::optional<std::string> pin;
};
/// The terminal a session was opened on (sync-api.md, "Terminal resources").
struct SessionTerminal {
    std::string id;
    std::string name;
    /// Of the terminal's resources, those the session's partner owns: the workbench opens
    /// filtered to them.
    std::vector<std::string> resource_ids;
    bool operator==(const SessionTerminal&) const = default;
};

struct LoginResponse {
    std::string token;
    plan::Timestamp expires_at{};
    std::string operator_id;
    std::string operator_name;
    /// product.md §8: a lead approves corrections on the terminal, offline too. An addition to
    /// sync-api.md's session response (`operator.role`); absent: operator.
    plan::OperatorRole operator_role = plan::OperatorRole::operator_;
    std::string partner_id;
    std::string partner_name;
    plan::ModuleSet modules;
    bool allow_process_feedback = false;
    plan::WorkStepColumns work_step_columns;
    plan::ProcessColumns process_columns;
    std::vector<plan::Reason> pause_reasons;
    std::vector<plan::Reason> scrap_reasons;
    /// How long after an operator's last online login on this terminal offline logins are
    /// allowed (sync-api.md, "Events are bound to sessions"); absent from older servers.
    std::optional<std::int64_t> offline_grace_s;
    /// Absent from older servers.
    std::optional<SessionTerminal> terminal;
    bool operator==(const LoginResponse&) const = default;
};
[[nodiscard]] std::string encode(const LoginRequest& request);
[[nodiscard]] LoginRequest decode_login_request(std::string_view text);
[[nodiscard]] std::string encode(const LoginResponse& response);
[[nodiscard]] LoginResponse decode_login_response(std::string_view text);

// ---- terminal health -------------------------------------------------------------------------
/// `POST /api/v1/terminals/health` (sync-api.md, "Terminal health"): all but software_version
/// optional (JSON null reads as absent).
struct HealthReport {
    std::string software_version;
    std::optional<std::string> image_version;
    std::optional<std::string> boot_slot;
    std::optional<std::int64_t> outbox_pending;
    std::optional<plan::Timestamp> oldest_pending_at;
    std::optional<std::int64_t> refused_unseen;
    std::optional<plan::Timestamp> last_sync_at;
    std::optional<std::string> last_error;
    std::optional<std::int64_t> uptime_s;
    std::optional<bool> session_open;
    bool operator==(const HealthReport&) const = default;
};
/// Writes every field, absent ones as null.
[[nodiscard]] std::string encode(const HealthReport& report);
/// Throws ProtocolError for a wrong type, a negative count or an invalid time.
[[nodiscard]] HealthReport decode_health_report(std::string_view text);
/// Why the report breaks the size limits (a string over kMaxNameLength characters; a
/// last_error over kMaxTextLength), or nullopt when it keeps them (→ 422 otherwise).
[[nodiscard]] std::optional<std::string> health_report_out_of_bounds(const HealthReport& report);

/// A terminal's latest report with the server's time of receipt.
struct ReceivedHealth {
    HealthReport report;
    plan::Timestamp received_at{};
    bool operator==(const ReceivedHealth&) const = default;
};

/// `PATCH /admin/v1/terminals/{id}`: each field optional; a name of 1 to kMaxNameLength
/// characters, at most 1,000 distinct resource ids.
struct TerminalChange {
    std::optional<std::string> name;
    std::optional<std::vector<std::string>> resource_ids;
};
[[nodiscard]] TerminalChange decode_terminal_change(std::string_view text);

/// One row of `GET /admin/v1/terminals`.
struct ListedTerminal {
    std::string id;
    std::string name;
    plan::Timestamp enrolled_at{};
    std::optional<plan::Timestamp> last_seen_at;  ///< null until its first request
    bool revoked = false;
    std::vector<std::string> resource_ids;
    std::int64_t failed_logins_24h = 0;
    std::optional<ReceivedHealth> health;  ///< null before the first report
    bool operator==(const ListedTerminal&) const = default;
};
/// `{"terminals": [...]}`; `health` carries `received_at` beside the report's fields.
[[nodiscard]] std::string encode_terminals(const std::vector<ListedTerminal>& terminals);
[[nodiscard]] std::vector<ListedTerminal> decode_terminals(std::string_view text);

// ---- plan pull -------------------------------------------------------------------------------
struct RemovedIds {
    std::vector<std::string> orders;
    std::vector<std::string> work_steps;
    std::vector<std::string> processes;
    std::vector<std::string> resources;
    std::vector<std::string> step_notes;
    bool operator==(const RemovedIds&) const = default;
};
/// `GET /api/v1/plan`: upserts in `view`, deletions in `removed`.
struct PlanResponse {
    std::string cursor;
    bool reset = false;
    plan::PartnerView view;
    RemovedIds removed;
    bool operator==(const PlanResponse&) const = default;
};
/// Writes exactly the contract's fields: identity fields plus the columns that are set.
[[nodiscard]] std::string encode(const PlanResponse& response);
[[nodiscard]] PlanResponse decode_plan_response(std::string_view text);

// ---- events ----------------------------------------------------------------------------------
/// One event of a request as decoded: `event` is empty when the event is malformed, and
/// `error` says why (the server answers `rejected` / `invalid` for it).
struct DecodedEvent {
    std::string id;
    std::optional<plan::Event> event;
    std::string error;
};
[[nodiscard]] std::string encode_event(const plan::Event& event);
/// Encodes `{"events": [...]}`.
[[nodiscard]] std::string encode_events_request(const std::vector<plan::Event>& events);
/// Throws ProtocolError (→ 400, nothing applied) when the body as a whole is malformed: not
/// JSON, no `events` array, more than kMaxEventsPerRequest events, an event that is not an
/// object or has no non-empty string `id`. Everything else is judged per event.
[[nodiscard]] std::vector<DecodedEvent> decode_events_request(std::string_view text);

enum class ResultStatus : std::uint8_t { accepted, duplicate, rejected };
/// The outcome of the first time an event was received, carried by every `duplicate` result
/// (sync-api.md, "Duplicates carry the first answer"): `accepted`, or `rejected` with its reason.
struct OriginalOutcome {
    ResultStatus status = ResultStatus::accepted;  ///< never `duplicate`
    std::string reason;                            ///< set for rejected
    bool operator==(const OriginalOutcome&) const = default;
};
struct EventResult {
    std::string id;
    ResultStatus status = ResultStatus::accepted;
    std::string reason;  ///< set for rejected: `not_visible`, `invalid`, …
    /// Set for duplicate (a server older than the December 2026 additions leaves it out).
    std::optional<OriginalOutcome> original;
    bool operator==(const EventResult&) const = default;
};
[[nodiscard]] std::string_view name_of(ResultStatus status);
[[nodiscard]] std::string encode_event_results(const std::vector<EventResult>& results);
[[nodiscard]] std::vector<EventResult> decode_event_results(std::string_view text);

/// An event as listed by `GET /admin/v1/events` (accepted) or `GET /admin/v1/refusals`.
struct RecordedEvent {
    std::int64_t seq = 0;  ///< the server's order of receipt, strictly increasing
    plan::Event event;     ///< of an undecoded one, only the id
    /// A refused event that could not be decoded: only its id is known (no `type` on the wire).
    bool undecoded = false;
    plan::Timestamp received_at{};
    std::string terminal_id;
    std::string reason;   ///< refusals only: the wire reason (`not_visible` …)
    std::string message;  ///< refusals only: the detail
    bool operator==(const RecordedEvent&) const = default;
};
/// One page of the event feed: `next` is the last `seq` returned, or the `after` asked for.
struct EventPage {
    std::vector<RecordedEvent> events;
    std::int64_t next = 0;
    bool operator==(const EventPage&) const = default;
};
/// `{"events": [...], "next": SEQ}`; refusals carry `reason` and `message`.
[[nodiscard]] std::string encode_event_page(const EventPage& page, bool refusals);
[[nodiscard]] EventPage decode_event_page(std::string_view text);
[[nodiscard]] std::string encode_recorded_events(const std::vector<RecordedEvent>& events);
[[nodiscard]] std::vector<RecordedEvent> decode_recorded_events(std::string_view text);

}  // namespace pt::protocol
