// What a scan means (product.md §3): at the login screen a badge logs in, but a run card
// (an order number or work step id) never logs anybody in — it shows a hint; garbage is
// refused with a reason; logged in, a run card of the partner's view opens that work step; the
// technician badge opens the technician screen everywhere. Pure: the app applies the route.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "firmware/app/intents.h"
#include "firmware/app/session.h"
#include "sync/plan/view.h"

namespace pt::app {

/// What tells a provisioning barcode and a run card from a badge (a run card scanned at the
/// login screen must not be taken for one).
struct ScanPatterns {
    /// Scans beginning with this are provisioning barcodes (the kiosk gives
    /// config::kProvisioningBarcodePrefix): never a badge, in any state. Empty: none.
    std::string provisioning_prefix;
    /// Order numbers: one of these prefixes, then digits and dashes (`PO-2026-0001`).
    std::vector<std::string> order_prefixes{"PO-"};
    /// Work step ids: one of these prefixes, then digits (`W0001`).
    std::vector<std::string> work_step_prefixes{"W"};
    /// Order numbers and work step ids known on this terminal (e.g. from every cached plan).
    std::unordered_set<std::string> known_codes;
    /// True when `code` looks like, or is known as, an order number or work step id.
    [[nodiscard]] bool matches(std::string_view code) const;
};

/// Longer scans are garbage (no badge or run card is this long).
inline constexpr std::size_t kMaxScanLength = 128;

enum class ScanKind : std::uint8_t {
    login,             ///< a badge: Session::scan_badge(code)
    technician,        ///< the technician badge: Session::scan_badge(code) opens technician
    open_work_step,    ///< open `work_step_ids.front()`
    choose_work_step,  ///< an order with several open work steps: let the operator choose
    run_card_hint,     ///< a run card where it cannot be used (login screen): show `message`
    not_found,         ///< logged in, a run card not in the partner's view: show `message`
    rejected,          ///< garbage: show `message`, do nothing else
    ignored,           ///< a login is under way; the scan is dropped
    provisioning,      ///< a provisioning barcode on a set-up terminal: show `message`, no more
    captured,          ///< text for the screen (intent::CaptureScans: a note): `code`
};

/// `login`, `technician`, `open_work_step`, …
[[nodiscard]] std::string_view name_of(ScanKind kind);

struct ScanRoute {
    ScanKind kind = ScanKind::rejected;
    std::string code;                        ///< the scan, trimmed
    std::vector<std::string> work_step_ids;  ///< open / choose: best first
    std::string order_number;                ///< choose: the scanned order
    std::string message;                     ///< for the operator; empty for login/open
};

/// The scan without surrounding blanks and terminators (space, tab, CR, LF).
[[nodiscard]] std::string_view trim_scan(std::string_view raw);
/// Why `code` (trimmed) is garbage, or "" when it is a plausible code.
[[nodiscard]] std::string scan_garbage_reason(std::string_view code);

/// Routes `raw` for the session's state; `view` is the partner's (optimistic) view when
/// logged in (ignored otherwise). Never fails: garbage becomes `rejected`. A provisioning
/// barcode (`PTPROV1;…`, it holds an enrolment code) is `provisioning` in every state, with
/// an empty `code`: it is never a badge, and its content goes nowhere. With `capture_text` (a
/// note's entry is open, intent::CaptureScans) a logged-in scan of a run card or of a text with a
/// space is `captured`; anything else is `rejected`, since it may be a badge (the technician
/// badge still opens the technician screen).
[[nodiscard]] ScanRoute route_scan(std::string_view raw, const Session& session,
                                   const plan::PartnerView& view, const ScanPatterns& patterns = {},
                                   bool capture_text = false);

/// The screen intent of an open_work_step or choose_work_step route; nullopt for the others
/// (login and technician go to Session::scan_badge, the rest only show their message).
[[nodiscard]] std::optional<Intent> intent_of(const ScanRoute& route);

}  // namespace pt::app
