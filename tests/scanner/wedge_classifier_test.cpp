#include "platform/scanner/wedge_classifier.h"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

using namespace pt::scanner;
using namespace std::chrono_literals;

namespace {

const Clock::time_point t0 = Clock::time_point{} + 1h;

Clock::time_point at(int ms) {
    return t0 + std::chrono::milliseconds(ms);
}

// One step of a timing table: a key at a time. '\n' is Enter, '\t' is Tab, '~' calls
// flush(at), '!' calls drain(); anything else is a character key.
struct Step {
    int ms;
    char key;
};

std::string describe(const std::vector<WedgeOutput>& outputs) {
    std::string text;
    for (const auto& output : outputs) {
        if (!text.empty()) text += ' ';
        if (const auto* scan = std::get_if<Scan>(&output)) {
            text += "Scan(" + scan->code + ")";
        } else if (const auto* typed = std::get_if<Typed>(&output)) {
            std::string shown = typed->text;
            if (shown == "\n") shown = "<enter>";
            if (shown == "\t") shown = "<tab>";
            text += "Typed(" + shown + ")";
        } else {
            text += "Rejected(" + std::get<Rejected>(output).text + ")";
        }
    }
    return text;
}

std::vector<WedgeOutput> run(WedgeClassifier& classifier, const std::vector<Step>& steps) {
    std::vector<WedgeOutput> all;
    const auto take = [&all](std::vector<WedgeOutput> some) {
        for (auto& output : some)
            all.push_back(std::move(output));
    };
    for (const auto& step : steps) {
        switch (step.key) {
            case '\n':
                take(classifier.feed(KeyEvent::enter(at(step.ms))));
                break;
            case '\t':
                take(classifier.feed(KeyEvent::tab(at(step.ms))));
                break;
            case '~':
                take(classifier.flush(at(step.ms)));
                break;
            case '!':
                take(classifier.drain());
                break;
            default:
                take(classifier.feed(KeyEvent::text(static_cast<char32_t>(step.key), at(step.ms))));
        }
    }
    return all;
}

// Characters `text` typed `gap` ms apart starting at `start`, as steps.
std::vector<Step> keys(int start, int gap, const std::string& text) {
    std::vector<Step> steps;
    for (std::size_t i = 0; i < text.size(); ++i)
        steps.push_back({start + gap * static_cast<int>(i), text[i]});
    return steps;
}

std::vector<Step> operator+(std::vector<Step> a, const std::vector<Step>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

struct Case {
    const char* name;
    std::vector<Step> steps;
    const char* expected;
};

const WedgeRule enter_rule{35ms, KeyEvent::Kind::enter, 3};

}  // namespace

TEST_CASE("wedge classifier: timing table (max_interkey 35 ms, terminator enter, min 3)") {
    const std::vector<Case> cases = {
        {"a scan: fast characters, then Enter", keys(0, 10, "ABC") + keys(30, 0, "\n"),
         "Scan(ABC)"},
        {"gaps of exactly max_interkey still are a scan", keys(0, 35, "4711") + keys(140, 0, "\n"),
         "Scan(4711)"},
        {"one gap of 36 ms splits the run",
         keys(0, 10, "AB") + keys(46, 10, "CD") + keys(56, 0, "\n"),
         "Typed(AB) Typed(CD) Typed(<enter>)"},
        {"a person typing a PIN slowly, then Enter", keys(0, 150, "1234") + keys(750, 0, "\n"),
         "Typed(1) Typed(2) Typed(3) Typed(4) Typed(<enter>)"},
        {"a person rolling two keys fast, then more",
         keys(0, 20, "12") + keys(200, 0, "3") + keys(400, 0, "\n"),
         "Typed(12) Typed(3) Typed(<enter>)"},
        {"a person: two fast keys and a fast Enter is still typing (shorter than min)",
         keys(0, 20, "12") + keys(40, 0, "\n"), "Typed(12) Typed(<enter>)"},
        {"a badge scanned into a PIN field becomes a scan, not PIN digits",
         keys(0, 0, "1") + keys(300, 8, "00471100") + keys(370, 0, "\n"),
         "Typed(1) Scan(00471100)"},
        {"a scan interrupted: released by flush as Rejected, not typed",
         keys(0, 10, "ABCD") + std::vector<Step>{{66, '~'}}, "Rejected(ABCD)"},
        {"flush exactly at the gap holds on", keys(0, 10, "ABCD") + std::vector<Step>{{65, '~'}},
         ""},
        {"a scan interrupted, then its terminator late: Rejected, then Enter typed",
         keys(0, 10, "ABC") + keys(100, 0, "\n"), "Rejected(ABC) Typed(<enter>)"},
        {"the terminator alone is typing", keys(0, 0, "\n"), "Typed(<enter>)"},
        {"Tab when the terminator is Enter: a fast run is rejected, Tab typed",
         keys(0, 10, "ABC") + keys(30, 0, "\t"), "Rejected(ABC) Typed(<tab>)"},
        {"a code shorter than min_length with terminator is typing",
         keys(0, 10, "AB") + keys(20, 0, "\n"), "Typed(AB) Typed(<enter>)"},
        {"two scans back to back", keys(0, 10, "ABC\n") + keys(40, 10, "DEF\n"),
         "Scan(ABC) Scan(DEF)"},
        {"a flush inside the gap does not break a scan",
         keys(0, 10, "AB") + std::vector<Step>{{30, '~'}} + keys(40, 10, "C\n"), "Scan(ABC)"},
        {"a single slow character is released by flush as typing",
         keys(0, 0, "7") + std::vector<Step>{{36, '~'}}, "Typed(7)"},
        {"a single character is never rejected, even when drained at once",
         keys(0, 0, "7") + std::vector<Step>{{1, '!'}}, "Typed(7)"},
        {"drain releases a pending fast run at once",
         keys(0, 5, "XYZ") + std::vector<Step>{{11, '!'}}, "Rejected(XYZ)"},
        {"typing, then a scan starting just after the gap", keys(0, 0, "9") + keys(36, 10, "ABC\n"),
         "Typed(9) Scan(ABC)"},
        {"a scan, then a person presses Enter much later",
         keys(0, 10, "ABC\n") + keys(500, 0, "\n"), "Scan(ABC) Typed(<enter>)"},
        {"events out of order count as no gap", keys(100, -10, "ABC") + keys(80, 0, "\n"),
         "Scan(ABC)"},
    };
    for (const auto& test : cases) {
        CAPTURE(test.name);
        WedgeClassifier classifier(enter_rule);
        CHECK(describe(run(classifier, test.steps)) == test.expected);
    }
}

TEST_CASE("wedge classifier: Tab as terminator") {
    const WedgeRule tab_rule{35ms, KeyEvent::Kind::tab, 3};
    const std::vector<Case> cases = {
        {"Tab ends a scan", keys(0, 10, "R-100") + keys(50, 0, "\t"), "Scan(R-100)"},
        {"Enter after a fast run: rejected, Enter typed", keys(0, 10, "R-100") + keys(50, 0, "\n"),
         "Rejected(R-100) Typed(<enter>)"},
        {"Tab alone is typing", keys(0, 0, "\t"), "Typed(<tab>)"},
    };
    for (const auto& test : cases) {
        CAPTURE(test.name);
        WedgeClassifier classifier(tab_rule);
        CHECK(describe(run(classifier, test.steps)) == test.expected);
    }
}

TEST_CASE("wedge classifier: min_length 1 and a slow scanner setting") {
    WedgeClassifier one(WedgeRule{35ms, KeyEvent::Kind::enter, 1});
    CHECK(describe(run(one, keys(0, 0, "Q") + keys(5, 0, "\n"))) == "Scan(Q)");
    WedgeClassifier slow(WedgeRule{80ms, KeyEvent::Kind::enter, 3});
    CHECK(describe(run(slow, keys(0, 70, "ABC\n"))) == "Scan(ABC)");
    CHECK(describe(run(slow, keys(1000, 90, "ABC"))) == "Typed(A) Typed(B)");
}

TEST_CASE("wedge classifier: characters are UTF-8 encoded") {
    WedgeClassifier classifier(enter_rule);
    auto out = classifier.feed(KeyEvent::text(U'ä', at(0)));
    CHECK(out.empty());
    out = classifier.feed(KeyEvent::text(U'€', at(500)));
    REQUIRE(out.size() == 1);
    CHECK(std::get<Typed>(out[0]).text == "\xC3\xA4");
    out = classifier.drain();
    REQUIRE(out.size() == 1);
    CHECK(std::get<Typed>(out[0]).text == "\xE2\x82\xAC");
}

TEST_CASE("wedge classifier: next_deadline tells the UI loop when to flush") {
    WedgeClassifier classifier(enter_rule);
    CHECK_FALSE(classifier.next_deadline());
    CHECK(classifier.feed(KeyEvent::text('5', at(0))).empty());
    REQUIRE(classifier.next_deadline());
    const auto deadline = *classifier.next_deadline();
    CHECK(deadline > at(35));
    CHECK(deadline <= at(36));
    CHECK(classifier.flush(deadline - Clock::duration{1}).empty());
    CHECK(describe(classifier.flush(deadline)) == "Typed(5)");
    CHECK_FALSE(classifier.pending());
    CHECK_FALSE(classifier.next_deadline());
}

TEST_CASE("wedge classifier: results do not depend on how often flush is called") {
    // Random key streams mixing scanner-speed and human-speed gaps, classified once with a
    // flush every millisecond and once with no flush until the end: same outputs, and every
    // character comes out exactly once in order.
    std::mt19937 random(4711);
    for (int round = 0; round < 300; ++round) {
        CAPTURE(round);
        std::vector<Step> steps;
        int now = 0;
        std::string all_chars;
        const int count = std::uniform_int_distribution(1, 20)(random);
        for (int i = 0; i < count; ++i) {
            const int kind = std::uniform_int_distribution(0, 9)(random);
            now += kind < 6 ? std::uniform_int_distribution(0, 40)(random)
                            : std::uniform_int_distribution(30, 300)(random);
            const char key = kind == 0   ? '\n'
                             : kind == 1 ? '\t'
                                         : static_cast<char>('A' + (i % 26));
            steps.push_back({now, key});
            if (key != '\n' && key != '\t') all_chars += key;
        }
        std::vector<Step> with_flushes;
        for (std::size_t i = 0; i < steps.size(); ++i) {
            const int from = i == 0 ? 0 : steps[i - 1].ms;
            for (int t = from; t < steps[i].ms; ++t)
                with_flushes.push_back({t, '~'});
            with_flushes.push_back(steps[i]);
        }
        steps.push_back({now + 1000, '~'});
        with_flushes.push_back({now + 1000, '~'});

        WedgeClassifier a(enter_rule);
        WedgeClassifier b(enter_rule);
        const auto lazy = run(a, steps);
        const auto eager = run(b, with_flushes);
        CHECK(describe(lazy) == describe(eager));
        CHECK_FALSE(a.pending());

        std::string seen;
        for (const auto& output : lazy) {
            if (const auto* scan = std::get_if<Scan>(&output)) seen += scan->code;
            if (const auto* typed = std::get_if<Typed>(&output))
                if (typed->text != "\n" && typed->text != "\t") seen += typed->text;
            if (const auto* rejected = std::get_if<Rejected>(&output)) seen += rejected->text;
        }
        CHECK(seen == all_chars);
    }
}

TEST_CASE("wedge rule from the config") {
    pt::scanner::ScannerConfig config;
    config.max_interkey = 50ms;
    config.terminator = "tab";
    config.min_length = 6;
    const auto rule = WedgeRule::from(config);
    CHECK(rule.max_interkey == 50ms);
    CHECK(rule.terminator == KeyEvent::Kind::tab);
    CHECK(rule.min_length == 6);
    config.terminator = "enter";
    CHECK(WedgeRule::from(config).terminator == KeyEvent::Kind::enter);
    config.terminator = "space";
    CHECK_THROWS_AS((void)WedgeRule::from(config), std::invalid_argument);
    config.terminator = "enter";
    config.min_length = -1;
    CHECK_THROWS_AS((void)WedgeRule::from(config), std::invalid_argument);
}
