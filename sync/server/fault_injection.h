// plan-server's fault mode (`--faults SPEC`): network and server failures injected at random on
// the terminal endpoints, so the terminal's exactly-once delivery can be tested against the
// failures it must survive (issue #3 item 6). This file knows nothing of HTTP: it parses SPEC and
// draws one seeded decision per request; http_api.cpp turns it into an answer the transport
// drops, delays or cuts short (http_server.h, Delivery).
//
// SPEC is a comma-separated list of `fault=PROBABILITY[:PARAMETER]`, each fault at most once,
// probabilities in [0, 1] summing to at most 1 (one draw picks at most one fault per request):
//
//   drop_before=P              close the connection without answering; nothing applied
//   drop_after=P               apply the request, then close without answering
//   delay=P:DURATION           apply, answer DURATION late (`250ms`, `2s`)
//   status500=P                answer 500 without applying
//   status503=P[:retry_after=N] answer 503 with `Retry-After: N` (default 1) without applying
//   truncate=P                 apply, send the full Content-Length but only part of the body
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>

namespace pt::server {

/// What happens to one request.
enum class Fault { none, drop_before, drop_after, delay, status500, status503, truncate };

/// The fault's name as written in SPEC (`"none"` for none).
[[nodiscard]] std::string_view fault_name(Fault fault);

/// A parsed SPEC: the probability of each fault and its parameters.
struct FaultSpec {
    double drop_before = 0;
    double drop_after = 0;
    double delay = 0;
    double status500 = 0;
    double status503 = 0;
    double truncate = 0;
    std::chrono::milliseconds delay_duration{0};
    std::chrono::seconds retry_after{1};

    /// The probability of `fault` (0 for none).
    [[nodiscard]] double probability(Fault fault) const;
    /// SPEC text that parses back to this spec.
    [[nodiscard]] std::string to_string() const;
};

/// A SPEC that cannot be parsed; what() names the offending item.
class FaultSpecError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

/// Parses SPEC (grammar above). Throws FaultSpecError naming the bad item: unknown fault,
/// repeated fault, probability not a number in [0, 1], missing or malformed parameter,
/// probabilities summing to more than 1, empty SPEC.
[[nodiscard]] FaultSpec parse_fault_spec(std::string_view spec);

/// The seeded decision source: the same spec and seed give the same sequence of faults.
/// Thread-safe (one mutex around the generator; a draw costs nanoseconds).
class FaultInjector {
public:
    FaultInjector(FaultSpec spec, std::uint64_t seed);

    /// The fault for the next request.
    [[nodiscard]] Fault next();

    [[nodiscard]] const FaultSpec& spec() const { return spec_; }
    [[nodiscard]] std::uint64_t seed() const { return seed_; }

private:
    FaultSpec spec_;
    std::uint64_t seed_;
    std::mutex mutex_;
    std::mt19937_64 engine_;
};

}  // namespace pt::server
