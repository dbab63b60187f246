#include "platform/scanner/wedge_classifier.h"

#include <stdexcept>

namespace pt::scanner {
namespace {

void append_utf8(std::string& out, char32_t c) {
    const auto put = [&out](unsigned value) { out.push_back(static_cast<char>(value)); };
    const auto cp = static_cast<unsigned>(c);
    if (cp < 0x80) {
        put(cp);
    } else if (cp < 0x800) {
        put(0xC0 | (cp >> 6));
        put(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        put(0xE0 | (cp >> 12));
        put(0x80 | ((cp >> 6) & 0x3F));
        put(0x80 | (cp & 0x3F));
    } else if (cp < 0x110000) {
        put(0xF0 | (cp >> 18));
        put(0x80 | ((cp >> 12) & 0x3F));
        put(0x80 | ((cp >> 6) & 0x3F));
        put(0x80 | (cp & 0x3F));
    }  // not a code point: dropped
}

}  // namespace

WedgeRule WedgeRule::from(const scanner::ScannerConfig& scanner) {
    WedgeRule rule;
    if (scanner.terminator == "enter") {
        rule.terminator = KeyEvent::Kind::enter;
    } else if (scanner.terminator == "tab") {
        rule.terminator = KeyEvent::Kind::tab;
    } else {
        throw std::invalid_argument("scanner.terminator must be \"enter\" or \"tab\", not \"" +
                                    scanner.terminator + "\"");
    }
    if (scanner.min_length < 0) throw std::invalid_argument("scanner.min_length is negative");
    if (scanner.max_interkey.count() < 0)
        throw std::invalid_argument("scanner.max_interkey is negative");
    rule.min_length = static_cast<std::size_t>(scanner.min_length);
    rule.max_interkey = scanner.max_interkey;
    return rule;
}

bool WedgeClassifier::within_gap(Clock::time_point at) const {
    // Events reordered by the caller (at < last_) count as no gap at all.
    return at <= last_ || at - last_ <= rule_.max_interkey;
}

void WedgeClassifier::end_run(std::vector<WedgeOutput>& out) {
    if (run_.empty()) return;
    if (run_chars_ >= rule_.min_length && run_chars_ > 1) {
        out.emplace_back(Rejected{std::move(run_)});
    } else {
        out.emplace_back(Typed{std::move(run_)});
    }
    run_.clear();
    run_chars_ = 0;
}

std::vector<WedgeOutput> WedgeClassifier::feed(const KeyEvent& key) {
    std::vector<WedgeOutput> out;
    if (!run_.empty() && !within_gap(key.at)) end_run(out);

    if (key.kind == KeyEvent::Kind::character) {
        append_utf8(run_, key.character);
        ++run_chars_;
        last_ = key.at;
        return out;
    }

    if (key.kind == rule_.terminator && !run_.empty() && run_chars_ >= rule_.min_length) {
        out.emplace_back(Scan{std::move(run_), ScanSource::wedge});
        run_.clear();
        run_chars_ = 0;
        return out;
    }

    // Enter or Tab typed by a person, the terminator after a too-short run, or the other of
    // Enter/Tab ending a scanner-speed run: what is held ends as a run without terminator
    // (so a mis-terminated scan is Rejected, never typed), then the key itself is typed.
    end_run(out);
    out.emplace_back(Typed{key.kind == KeyEvent::Kind::enter ? "\n" : "\t"});
    return out;
}

std::vector<WedgeOutput> WedgeClassifier::flush(Clock::time_point now) {
    std::vector<WedgeOutput> out;
    if (!run_.empty() && !within_gap(now)) end_run(out);
    return out;
}

std::vector<WedgeOutput> WedgeClassifier::drain() {
    std::vector<WedgeOutput> out;
    end_run(out);
    return out;
}

std::optional<Clock::time_point> WedgeClassifier::next_deadline() const {
    if (run_.empty()) return std::nullopt;
    // flush() releases only when strictly past the gap; one tick later is the first such time.
    return last_ + rule_.max_interkey + Clock::duration{1};
}

}  // namespace pt::scanner
