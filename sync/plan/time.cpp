#include "sync/plan/time.h"

#include <array>
#include <cstdio>

namespace pt::plan {
namespace {

using namespace std::chrono;

// Reads `count` decimal digits at `pos`; nullopt when any is not a digit.
std::optional<int> read_digits(std::string_view text, std::size_t pos, std::size_t count) {
    if (pos + count > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

bool is_separator(std::string_view text, std::size_t pos, char expected) {
    return pos < text.size() && text[pos] == expected;
}

}  // namespace

std::string format_rfc3339(Timestamp t) {
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss<seconds> hms{t - day};
    std::array<char, 32> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%04d-%02u-%02uT%02d:%02d:%02dZ",
                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
    return buffer.data();
}

std::optional<Timestamp> parse_rfc3339(std::string_view text) {
    // YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)
    const auto y = read_digits(text, 0, 4);
    const auto mo = read_digits(text, 5, 2);
    const auto d = read_digits(text, 8, 2);
    const auto h = read_digits(text, 11, 2);
    const auto mi = read_digits(text, 14, 2);
    const auto s = read_digits(text, 17, 2);
    if (!y || !mo || !d || !h || !mi || !s) return std::nullopt;
    if (!is_separator(text, 4, '-') || !is_separator(text, 7, '-') ||
        !(is_separator(text, 10, 'T') || is_separator(text, 10, 't')) ||
        !is_separator(text, 13, ':') || !is_separator(text, 16, ':')) {
        return std::nullopt;
    }
    const year_month_day ymd{year{*y}, month{static_cast<unsigned>(*mo)},
                             day{static_cast<unsigned>(*d)}};
    if (!ymd.ok() || *h > 23 || *mi > 59 || *s > 60) return std::nullopt;

    std::size_t pos = 19;
    if (is_separator(text, pos, '.')) {
        ++pos;
        const std::size_t first_digit = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
            ++pos;
        if (pos == first_digit) return std::nullopt;
    }
    seconds offset{0};
    if (is_separator(text, pos, 'Z') || is_separator(text, pos, 'z')) {
        ++pos;
    } else if (is_separator(text, pos, '+') || is_separator(text, pos, '-')) {
        const bool negative = text[pos] == '-';
        const auto oh = read_digits(text, pos + 1, 2);
        const auto om = read_digits(text, pos + 4, 2);
        if (!oh || !om || !is_separator(text, pos + 3, ':') || *oh > 23 || *om > 59) {
            return std::nullopt;
        }
        offset = hours{*oh} + minutes{*om};
        if (negative) offset = -offset;
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != text.size()) return std::nullopt;
    // A leap second (:60) is folded onto the next second, as sys_seconds has none.
    return sys_days{ymd} + hours{*h} + minutes{*mi} + seconds{*s} - offset;
}

}  // namespace pt::plan
