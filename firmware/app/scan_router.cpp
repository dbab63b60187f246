#include "firmware/app/scan_router.h"

#include <algorithm>
#include <tuple>

namespace pt::app {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/// `code` is `prefix` followed by at least one character, all from `allowed`.
bool prefix_then(std::string_view code, std::string_view prefix, bool allow_dash) {
    if (code.size() <= prefix.size() || code.substr(0, prefix.size()) != prefix) {
        return false;
    }
    const auto rest = code.substr(prefix.size());
    return is_digit(rest.front()) && std::all_of(rest.begin(), rest.end(), [&](char c) {
               return is_digit(c) || (allow_dash && c == '-');
           });
}

/// Unfinished steps first (in progress, paused, open), then by sequence and id.
int status_rank(plan::WorkStepStatus status) {
    switch (status) {
        case plan::WorkStepStatus::in_progress:
            return 0;
        case plan::WorkStepStatus::paused:
            return 1;
        case plan::WorkStepStatus::open:
            return 2;
        case plan::WorkStepStatus::finished:
            return 3;
        case plan::WorkStepStatus::cancelled:
            return 4;
    }
    return 4;
}

bool unfinished(plan::WorkStepStatus status) {
    return status_rank(status) <= 2;
}

ScanRoute route_order(const plan::ViewOrder& order, const plan::PartnerView& view,
                      std::string code) {
    std::vector<const plan::ViewWorkStep*> steps;
    for (const auto& step : view.work_steps) {
        if (step.order_id == order.id) {
            steps.push_back(&step);
        }
    }
    if (steps.empty()) {
        return {.kind = ScanKind::not_found,
                .code = std::move(code),
                .message = "No work step of this order is yours."};
    }
    std::stable_sort(steps.begin(), steps.end(), [](const auto* a, const auto* b) {
        return std::tuple(status_rank(a->status), a->seq.value_or(0), a->id) <
               std::tuple(status_rank(b->status), b->seq.value_or(0), b->id);
    });
    const auto open_count = std::count_if(
        steps.begin(), steps.end(), [](const auto* step) { return unfinished(step->status); });
    ScanRoute route{.kind = open_count > 1 ? ScanKind::choose_work_step : ScanKind::open_work_step,
                    .code = std::move(code),
                    .order_number = order.number};
    for (const auto* step : steps) {
        if (open_count <= 1 || unfinished(step->status)) {
            route.work_step_ids.push_back(step->id);
        }
    }
    if (route.kind == ScanKind::open_work_step) {
        route.work_step_ids.resize(1);
    }
    return route;
}

ScanRoute route_logged_in(std::string code, const plan::PartnerView& view,
                          const ScanPatterns& patterns) {
    const auto step = std::find_if(view.work_steps.begin(), view.work_steps.end(),
                                   [&](const auto& s) { return s.id == code; });
    if (step != view.work_steps.end()) {
        return {.kind = ScanKind::open_work_step, .code = code, .work_step_ids = {step->id}};
    }
    const auto order = std::find_if(view.orders.begin(), view.orders.end(), [&](const auto& o) {
        return o.number == code || o.id == code;
    });
    if (order != view.orders.end()) {
        return route_order(*order, view, std::move(code));
    }
    if (patterns.matches(code)) {
        return {.kind = ScanKind::not_found,
                .code = std::move(code),
                .message = "This run card is not one of your work steps."};
    }
    // Neither a run card nor anything of this partner: another operator's badge (R11: the
    // current session ends before the new login).
    return {.kind = ScanKind::login, .code = std::move(code)};
}

}  // namespace

bool ScanPatterns::matches(std::string_view code) const {
    if (known_codes.contains(std::string(code))) {
        return true;
    }
    const auto any = [&](const std::vector<std::string>& prefixes, bool dash) {
        return std::any_of(prefixes.begin(), prefixes.end(),
                           [&](const std::string& p) { return prefix_then(code, p, dash); });
    };
    return any(order_prefixes, true) || any(work_step_prefixes, false);
}

std::string_view name_of(ScanKind kind) {
    switch (kind) {
        case ScanKind::login:
            return "login";
        case ScanKind::technician:
            return "technician";
        case ScanKind::open_work_step:
            return "open_work_step";
        case ScanKind::choose_work_step:
            return "choose_work_step";
        case ScanKind::run_card_hint:
            return "run_card_hint";
        case ScanKind::not_found:
            return "not_found";
        case ScanKind::rejected:
            return "rejected";
        case ScanKind::ignored:
            return "ignored";
        case ScanKind::provisioning:
            return "provisioning";
        case ScanKind::captured:
            return "captured";
    }
    return "rejected";
}

std::string_view trim_scan(std::string_view raw) {
    constexpr std::string_view blanks = " \t\r\n";
    const auto first = raw.find_first_not_of(blanks);
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = raw.find_last_not_of(blanks);
    return raw.substr(first, last - first + 1);
}

std::string scan_garbage_reason(std::string_view code) {
    if (code.empty()) {
        return "Empty scan.";
    }
    if (code.size() > kMaxScanLength) {
        return "Scan too long to be a badge or run card.";
    }
    const bool control = std::any_of(code.begin(), code.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
    if (control) {
        return "Scan contains control characters.";
    }
    return {};
}

ScanRoute route_scan(std::string_view raw, const Session& session, const plan::PartnerView& view,
                     const ScanPatterns& patterns, bool capture_text) {
    const auto trimmed = trim_scan(raw);
    if (!patterns.provisioning_prefix.empty() &&
        trimmed.starts_with(patterns.provisioning_prefix)) {
        return {.kind = ScanKind::provisioning,
                .message = "A provisioning barcode: this terminal is already set up."};
    }
    if (auto reason = scan_garbage_reason(trimmed); !reason.empty()) {
        return {.kind = ScanKind::rejected,
                .code = std::string(trimmed.substr(0, kMaxScanLength)),
                .message = std::move(reason)};
    }
    std::string code(trimmed);
    if (session.is_technician_badge(code)) {
        return {.kind = ScanKind::technician, .code = std::move(code)};
    }
    switch (session.state()) {
        case SessionState::logging_in:
            return {.kind = ScanKind::ignored,
                    .code = std::move(code),
                    .message = "Logging in, please wait."};
        case SessionState::logged_in:
            if (capture_text) {
                // A run card, or a text (with a space), goes into the note; anything else may be
                // a badge, and a badge is never written anywhere.
                if (patterns.matches(code) || code.find(' ') != std::string::npos)
                    return {.kind = ScanKind::captured, .code = std::move(code)};
                return {.kind = ScanKind::rejected,
                        .code = std::move(code),
                        .message = "Not taken into the note: it may be a badge."};
            }
            return route_logged_in(std::move(code), view, patterns);
        case SessionState::logged_out:
        case SessionState::pin_needed:
        case SessionState::technician:
            break;
    }
    if (patterns.matches(code)) {
        return {.kind = ScanKind::run_card_hint,
                .code = std::move(code),
                .message = "This is a run card. Scan your badge first."};
    }
    return {.kind = ScanKind::login, .code = std::move(code)};
}

std::optional<Intent> intent_of(const ScanRoute& route) {
    if (route.kind == ScanKind::open_work_step && !route.work_step_ids.empty()) {
        return intent::OpenWorkStep{route.work_step_ids.front()};
    }
    if (route.kind == ScanKind::choose_work_step) {
        return intent::ChooseWorkStep{route.order_number, route.work_step_ids};
    }
    return std::nullopt;
}

}  // namespace pt::app
