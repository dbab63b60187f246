#include "sync/client/retry_after.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace pt::client {
namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kShortDays = {"Mon", "Tue", "Wed", "Thu",
                                                        "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 7> kLongDays = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

std::string_view trim(std::string_view text) {
    const auto blank = [](char c) { return c == ' ' || c == '\t'; };
    while (!text.empty() && blank(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && blank(text.back()))
        text.remove_suffix(1);
    return text;
}

/// A small cursor over the date text: each reader consumes what it matched or fails.
class Reader {
public:
    explicit Reader(std::string_view text) : text_(text) {}

    [[nodiscard]] bool done() const { return pos_ == text_.size(); }

    bool literal(std::string_view expected) {
        if (text_.substr(pos_, expected.size()) != expected) return false;
        pos_ += expected.size();
        return true;
    }

    /// Exactly `count` digits (a leading blank stands for a zero when `blank_pad` is set).
    std::optional<int> digits(std::size_t count, bool blank_pad = false) {
        if (pos_ + count > text_.size()) return std::nullopt;
        int value = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const char c = text_[pos_ + i];
            if (blank_pad && i == 0 && c == ' ') continue;
            if (c < '0' || c > '9') return std::nullopt;
            value = value * 10 + (c - '0');
        }
        pos_ += count;
        return value;
    }

    /// One of `names`; returns its index.
    template <std::size_t N>
    std::optional<unsigned> one_of(const std::array<std::string_view, N>& names) {
        for (std::size_t i = 0; i < N; ++i) {
            if (literal(names[i])) return static_cast<unsigned>(i);
        }
        return std::nullopt;
    }

    /// `HH:MM:SS`.
    std::optional<seconds> time_of_day() {
        const auto h = digits(2);
        if (!h || !literal(":")) return std::nullopt;
        const auto m = digits(2);
        if (!m || !literal(":")) return std::nullopt;
        const auto s = digits(2);
        if (!s || *h > 23 || *m > 59 || *s > 60) return std::nullopt;
        return hours(*h) + minutes(*m) + seconds(*s);
    }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

std::optional<sys_seconds> make_time(int y, unsigned month_index, int d, seconds time) {
    const year_month_day date{year{y}, month{month_index + 1}, day{static_cast<unsigned>(d)}};
    if (!date.ok()) return std::nullopt;
    return sys_days{date} + time;
}

// `Sun, 06 Nov 1994 08:49:37 GMT`
std::optional<sys_seconds> parse_imf_fixdate(std::string_view text) {
    Reader in(text);
    if (!in.one_of(kShortDays) || !in.literal(", ")) return std::nullopt;
    const auto d = in.digits(2);
    if (!d || !in.literal(" ")) return std::nullopt;
    const auto mon = in.one_of(kMonths);
    if (!mon || !in.literal(" ")) return std::nullopt;
    const auto y = in.digits(4);
    if (!y || !in.literal(" ")) return std::nullopt;
    const auto time = in.time_of_day();
    if (!time || !in.literal(" GMT") || !in.done()) return std::nullopt;
    return make_time(*y, *mon, *d, *time);
}

// `Sunday, 06-Nov-94 08:49:37 GMT`; a two-digit year more than 50 years ahead of 2000 + yy is
// read as the previous century (RFC 9110 §5.6.7). Without a "now" here, 70..99 are 19yy.
std::optional<sys_seconds> parse_rfc850(std::string_view text) {
    Reader in(text);
    if (!in.one_of(kLongDays) || !in.literal(", ")) return std::nullopt;
    const auto d = in.digits(2);
    if (!d || !in.literal("-")) return std::nullopt;
    const auto mon = in.one_of(kMonths);
    if (!mon || !in.literal("-")) return std::nullopt;
    const auto yy = in.digits(2);
    if (!yy || !in.literal(" ")) return std::nullopt;
    const auto time = in.time_of_day();
    if (!time || !in.literal(" GMT") || !in.done()) return std::nullopt;
    const int y = *yy >= 70 ? 1900 + *yy : 2000 + *yy;
    return make_time(y, *mon, *d, *time);
}

// `Sun Nov  6 08:49:37 1994` (asctime)
std::optional<sys_seconds> parse_asctime(std::string_view text) {
    Reader in(text);
    if (!in.one_of(kShortDays) || !in.literal(" ")) return std::nullopt;
    const auto mon = in.one_of(kMonths);
    if (!mon || !in.literal(" ")) return std::nullopt;
    const auto d = in.digits(2, /*blank_pad=*/true);
    if (!d || !in.literal(" ")) return std::nullopt;
    const auto time = in.time_of_day();
    if (!time || !in.literal(" ")) return std::nullopt;
    const auto y = in.digits(4);
    if (!y || !in.done()) return std::nullopt;
    return make_time(*y, *mon, *d, *time);
}

}  // namespace

std::optional<sys_seconds> parse_http_date(std::string_view text) {
    text = trim(text);
    if (auto t = parse_imf_fixdate(text)) return t;
    if (auto t = parse_rfc850(text)) return t;
    return parse_asctime(text);
}

std::optional<seconds> parse_retry_after(std::string_view value, system_clock::time_point now) {
    value = trim(value);
    if (value.empty()) return std::nullopt;
    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        std::int64_t total = 0;
        for (const char c : value) {
            total = total * 10 + (c - '0');
            if (total >= kRetryAfterSaturation.count()) return kRetryAfterSaturation;
        }
        return seconds(total);
    }
    const auto date = parse_http_date(value);
    if (!date) return std::nullopt;
    // In whole seconds: `now` counts nanoseconds, which overflow for dates after 2262.
    const auto left = *date - floor<seconds>(now);
    return std::clamp(left, seconds(0), kRetryAfterSaturation);
}

}  // namespace pt::client
