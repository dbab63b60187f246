// What the parts of security_bench share against a real plan-server: calls that must succeed,
// enrolling a terminal, and percentiles of latency samples.
#pragma once

#include <string>
#include <vector>

#include "tests/support/http_client.h"

namespace pt::bench {

/// `response` when its status is `status`; otherwise throws std::runtime_error naming `what`
/// with the status and the start of the body.
test::HttpResponse must(test::HttpResponse response, long status, const std::string& what);

/// A new enrolment code from the admin API, enrolled with under `name`: the terminal's token.
/// Throws like must().
[[nodiscard]] std::string enroll_terminal(test::HttpClient& http, const std::string& base_url,
                                          const std::string& admin_token, const std::string& name);

/// The `q` quantile (nearest rank) of samples sorted ascending; 0 for none.
[[nodiscard]] double percentile_of_sorted(const std::vector<double>& sorted, double q);

}  // namespace pt::bench
