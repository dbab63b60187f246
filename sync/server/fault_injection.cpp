#include "sync/server/fault_injection.h"

#include <array>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <set>
#include <sstream>

namespace pt::server {
namespace {

constexpr std::array kFaults = {Fault::drop_before, Fault::drop_after, Fault::delay,
                                Fault::status500,   Fault::status503,  Fault::truncate};

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

[[noreturn]] void fail(std::string_view item, const std::string& why) {
    throw FaultSpecError("bad fault '" + std::string(item) + "': " + why);
}

std::optional<Fault> fault_named(std::string_view name) {
    for (const Fault fault : kFaults) {
        if (fault_name(fault) == name) return fault;
    }
    return std::nullopt;
}

/// The probability field of `fault` in `spec` (const or not).
template <typename Spec>
auto& probability_of(Spec& spec, Fault fault) {
    switch (fault) {
        case Fault::drop_before:
            return spec.drop_before;
        case Fault::drop_after:
            return spec.drop_after;
        case Fault::delay:
            return spec.delay;
        case Fault::status500:
            return spec.status500;
        case Fault::status503:
            return spec.status503;
        case Fault::truncate:
            return spec.truncate;
        case Fault::none:
            break;
    }
    throw std::logic_error("no probability for Fault::none");
}

/// A whole non-negative integer, or nothing.
template <typename Integer>
std::optional<Integer> parse_integer(std::string_view text) {
    Integer value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value < 0) return std::nullopt;
    return value;
}

/// `250ms` or `2s` (a whole number and a unit).
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
    long long scale = 0;
    if (text.ends_with("ms")) {
        scale = 1;
        text.remove_suffix(2);
    } else if (text.ends_with("s")) {
        scale = 1000;
        text.remove_suffix(1);
    } else {
        return std::nullopt;
    }
    const auto count = parse_integer<long long>(text);
    if (!count || *count > 3'600'000 / scale) return std::nullopt;  // at most an hour
    return std::chrono::milliseconds(*count * scale);
}

void parse_item(std::string_view item, FaultSpec& spec, std::set<Fault>& seen) {
    const auto eq = item.find('=');
    if (eq == std::string_view::npos) fail(item, "expected NAME=PROBABILITY");
    const std::string_view name = trim(item.substr(0, eq));
    std::string_view value = trim(item.substr(eq + 1));
    std::optional<std::string_view> parameter;
    if (const auto colon = value.find(':'); colon != std::string_view::npos) {
        parameter = trim(value.substr(colon + 1));
        value = trim(value.substr(0, colon));
    }

    const std::optional<Fault> fault = fault_named(name);
    if (!fault) {
        fail(item,
             "unknown fault (known: drop_before, drop_after, delay, status500, status503, "
             "truncate)");
    }
    if (!seen.insert(*fault).second) fail(item, "given twice");

    double probability = -1;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(),
                                              probability, std::chars_format::fixed);
    if (value.empty() || error != std::errc{} || end != value.data() + value.size() ||
        !(probability >= 0 && probability <= 1)) {
        fail(item, "the probability must be a number from 0 to 1");
    }
    probability_of(spec, *fault) = probability;

    switch (*fault) {
        case Fault::delay: {
            if (!parameter) fail(item, "delay needs a duration, as in delay=0.1:200ms");
            const auto duration = parse_duration(*parameter);
            if (!duration) fail(item, "the duration must be like 200ms or 2s (at most 1 hour)");
            spec.delay_duration = *duration;
            break;
        }
        case Fault::status503:
            if (parameter) {
                constexpr std::string_view kKey = "retry_after=";
                const auto seconds = parameter->starts_with(kKey)
                                         ? parse_integer<long long>(parameter->substr(kKey.size()))
                                         : std::nullopt;
                if (!seconds || *seconds > 86'400) {
                    fail(item, "the parameter must be retry_after=SECONDS (0 to 86400)");
                }
                spec.retry_after = std::chrono::seconds(*seconds);
            }
            break;
        default:
            if (parameter) fail(item, "takes no parameter");
            break;
    }
}

}  // namespace

std::string_view fault_name(Fault fault) {
    switch (fault) {
        case Fault::none:
            return "none";
        case Fault::drop_before:
            return "drop_before";
        case Fault::drop_after:
            return "drop_after";
        case Fault::delay:
            return "delay";
        case Fault::status500:
            return "status500";
        case Fault::status503:
            return "status503";
        case Fault::truncate:
            return "truncate";
    }
    return "unknown";
}

double FaultSpec::probability(Fault fault) const {
    if (fault == Fault::none) return 0;
    return probability_of(*this, fault);
}

std::string FaultSpec::to_string() const {
    std::ostringstream out;
    const char* separator = "";
    for (const Fault fault : kFaults) {
        const double p = probability(fault);
        if (p <= 0) continue;
        out << separator << fault_name(fault) << '=' << p;
        if (fault == Fault::delay) out << ':' << delay_duration.count() << "ms";
        if (fault == Fault::status503) out << ":retry_after=" << retry_after.count();
        separator = ",";
    }
    return out.str();
}

FaultSpec parse_fault_spec(std::string_view spec) {
    FaultSpec parsed;
    std::set<Fault> seen;
    std::string_view rest = spec;
    for (;;) {
        const auto comma = rest.find(',');
        const std::string_view item = trim(rest.substr(0, comma));
        if (item.empty()) {
            throw FaultSpecError(spec.empty()
                                     ? "empty fault spec"
                                     : "empty item in fault spec '" + std::string(spec) + "'");
        }
        parse_item(item, parsed, seen);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    double total = 0;
    for (const Fault fault : kFaults)
        total += parsed.probability(fault);
    if (total > 1 + 1e-9) {
        std::ostringstream sum;
        sum << total;
        throw FaultSpecError("the fault probabilities add up to " + sum.str() + ", more than 1");
    }
    return parsed;
}

FaultInjector::FaultInjector(FaultSpec spec, std::uint64_t seed)
    : spec_(spec), seed_(seed), engine_(seed) {}

Fault FaultInjector::next() {
    double draw = 0;
    {
        const std::lock_guard lock(mutex_);
        // 53 random bits as a double in [0, 1): the same on every platform for the same seed
        // (std::uniform_real_distribution's algorithm is implementation-defined).
        draw = static_cast<double>(engine_() >> 11) * 0x1.0p-53;
    }
    double upper = 0;
    for (const Fault fault : kFaults) {
        const double p = spec_.probability(fault);
        upper += p;
        if (p > 0 && draw < upper) return fault;
    }
    return Fault::none;
}

}  // namespace pt::server
