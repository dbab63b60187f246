#include "firmware/app/update_notice.h"

#include <algorithm>
#include <array>
#include <utility>

namespace pt::app {
namespace {

constexpr std::array<std::pair<std::string_view, UpdateState>, 5> kStates{{
    {"confirm", UpdateState::confirm},
    {"confirmed", UpdateState::confirmed},
    {"installing", UpdateState::installing},
    {"current", UpdateState::current},
    {"failed", UpdateState::failed},
}};

/// The reasons update-from-stick gives, with the number of arguments each text takes.
constexpr std::array<std::pair<std::string_view, std::size_t>, 10> kReasons{{
    {"not_fat", 0},
    {"bundle_count", 1},
    {"not_signed", 0},
    {"failed_before", 0},
    {"version_unknown", 0},
    {"no_version", 0},
    {"older", 2},
    {"cannot_ask", 0},
    {"not_confirmed", 0},
    {"write_failed", 1},
}};

UpdateNoticeCommand refuse(std::string why) {
    return {std::nullopt, false, std::move(why)};
}

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> words;
    while (!text.empty()) {
        const auto space = text.find(' ');
        if (space != 0) words.emplace_back(text.substr(0, space));
        if (space == std::string_view::npos) break;
        text.remove_prefix(space + 1);
    }
    return words;
}

/// An argument is a version or a count: Debian's version alphabet, nothing else reaches the
/// screen.
bool is_argument(std::string_view word) {
    return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               c == '.' || c == '+' || c == '~' || c == ':' || c == '-';
    });
}

/// A known reason with exactly its arguments.
bool is_reason(const std::vector<std::string>& words) {
    if (words.empty() || !std::all_of(words.begin() + 1, words.end(),
                                      [](const std::string& word) { return is_argument(word); })) {
        return false;
    }
    return std::any_of(kReasons.begin(), kReasons.end(), [&](const auto& reason) {
        return reason.first == words.front() && reason.second + 1 == words.size();
    });
}

}  // namespace

std::string_view name_of(UpdateState state) {
    for (const auto& [name, value] : kStates) {
        if (value == state) return name;
    }
    return "installing";
}

std::chrono::seconds notice_lifetime(UpdateState state) {
    using std::chrono::minutes;
    switch (state) {
        case UpdateState::confirm:
            return minutes(1);
        case UpdateState::confirmed:
            return minutes(5);
        case UpdateState::installing:
            return minutes(30);
        case UpdateState::current:
            return minutes(1);
        case UpdateState::failed:
            return minutes(10);
    }
    return minutes(1);
}

std::optional<UpdateFailure> failure_of(const UpdateNotice& notice) {
    if (notice.state != UpdateState::failed) return std::nullopt;
    std::vector<std::string> words = words_of(notice.detail);
    if (words.empty()) return std::nullopt;
    UpdateFailure failure{std::move(words.front()), {}};
    failure.arguments.assign(std::make_move_iterator(words.begin() + 1),
                             std::make_move_iterator(words.end()));
    return failure;
}

std::int64_t seconds_left(const UpdateNotice& notice, std::chrono::system_clock::time_point now) {
    if (now >= notice.until) return 0;
    return std::chrono::ceil<std::chrono::seconds>(notice.until - now).count();
}

bool confirm_update(std::optional<UpdateNotice>& notice,
                    std::chrono::system_clock::time_point now) {
    if (!notice || notice->state != UpdateState::confirm || now >= notice->until) return false;
    notice->state = UpdateState::confirmed;
    notice->until = now + notice_lifetime(UpdateState::confirmed);
    return true;
}

UpdateNoticeCommand parse_update_notice(std::string_view argument,
                                        std::chrono::system_clock::time_point now) {
    const bool control = std::any_of(argument.begin(), argument.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    if (control) return refuse("control characters in the notice");
    const auto space = argument.find(' ');
    const std::string_view word = argument.substr(0, space);
    std::string_view detail = space == std::string_view::npos ? "" : argument.substr(space + 1);
    while (!detail.empty() && detail.front() == ' ')
        detail.remove_prefix(1);
    while (!detail.empty() && detail.back() == ' ')
        detail.remove_suffix(1);
    if (word == "clear") {
        if (!detail.empty()) return refuse("clear takes nothing after it");
        return {std::nullopt, true, {}};
    }
    const auto* found = std::find_if(kStates.begin(), kStates.end(),
                                     [&](const auto& entry) { return entry.first == word; });
    if (found == kStates.end() || found->second == UpdateState::confirmed) {
        return refuse("expected confirm, installing, current, failed or clear");
    }
    if (detail.empty()) {
        return refuse(std::string(word) + (found->second == UpdateState::failed
                                               ? " needs a reason"
                                               : " needs a version"));
    }
    const bool failed = found->second == UpdateState::failed;
    if (failed && (detail.size() > kMaxUpdateDetail || !is_reason(words_of(detail)))) {
        return refuse(
            "failed needs a known reason: not_fat, bundle_count N, not_signed, failed_before, "
            "version_unknown, no_version, older VERSION RUNNING, cannot_ask, not_confirmed "
            "or write_failed VERSION");
    }
    if (!failed && (detail.size() > kMaxUpdateDetail || !is_argument(detail))) {
        return refuse(std::string(word) + " needs one version (A-Z a-z 0-9 . + ~ : -)");
    }
    UpdateNotice notice{found->second, std::string(detail), now + notice_lifetime(found->second)};
    return {std::move(notice), true, {}};
}

}  // namespace pt::app
