// The fleet run of security_bench (issue 13): N simulated terminals on one plan-server, each
// logging in once and then, every cycle, pulling its partner's plan with its cursor and pushing
// a quantity report (every third cycle the same report again, as after a lost answer), with a
// health report once a minute. One thread drives every terminal through libcurl's multi interface,
// so the load generator costs what a real client would and shares the two cores with the server.
// Afterwards the server's event log and work step totals are compared with what was sent:
// nothing lost, nothing counted twice.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace pt::bench {

struct FleetOptions {
    std::size_t terminals = 2'000;
    std::size_t partners = 20;  ///< terminals are spread evenly; each has a work step of its own
    std::chrono::seconds duration{60};
    /// Between the starts of a terminal's cycles (the kiosk syncs every 15 s).
    std::chrono::seconds cycle{15};
};

/// Latency of one kind of request, in milliseconds.
struct RequestFigures {
    std::string name;
    std::size_t count = 0;
    double p50 = 0;
    double p99 = 0;
    double worst = 0;
};

struct FleetFigures {
    std::size_t requests = 0;
    /// No answer at all: refused, reset, timed out (libcurl's error).
    std::size_t connection_errors = 0;
    /// An answer, but not the one expected (a 5xx, a 429, a refused event …).
    std::size_t unexpected_answers = 0;
    std::vector<std::string> first_problems;  ///< up to five, for the report
    std::size_t events_sent = 0;              ///< distinct event ids
    std::size_t events_accepted = 0;          ///< of those, answered accepted
    std::size_t events_resent = 0;            ///< answered "duplicate", as they should be
    std::size_t events_recorded = 0;          ///< in GET /admin/v1/events
    /// Event ids recorded twice, recorded but never sent or answered as refused, or answered
    /// accepted and missing.
    std::size_t events_wrong = 0;
    /// Work steps whose quantity_good differs from the reports recorded for them (one good
    /// part each).
    std::size_t totals_wrong = 0;
    double seconds = 0;  ///< the run itself (set-up not included)
    RequestFigures all;
    std::vector<RequestFigures> by_kind;
};

/// Loads a dataset for the fleet into the server at `base_url` (replacing its plan), enrols
/// the terminals, runs them and checks the result. Throws std::runtime_error when the set-up
/// fails.
[[nodiscard]] FleetFigures run_fleet(const std::string& base_url, const std::string& admin_token,
                                     const FleetOptions& options);

}  // namespace pt::bench
