#include "tests/bench/bench_http.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

namespace pt::bench {

test::HttpResponse must(test::HttpResponse response, long status, const std::string& what) {
    if (response.status != status) {
        throw std::runtime_error(what + ": HTTP " + std::to_string(response.status) + " " +
                                 response.body.substr(0, 300));
    }
    return response;
}

std::string enroll_terminal(test::HttpClient& http, const std::string& base_url,
                            const std::string& admin_token, const std::string& name) {
    using nlohmann::json;
    const json code = json::parse(must(http.send({"POST", base_url + "/admin/v1/enrollment_codes",
                                                  std::nullopt, admin_token}),
                                       201, "POST /admin/v1/enrollment_codes")
                                      .body);
    const json enrolled =
        json::parse(must(http.send({"POST", base_url + "/api/v1/terminals/enroll",
                                    json{{"code", code.at("code")}, {"name", name}}.dump(), ""}),
                         201, "enrol")
                        .body);
    return enrolled.at("token").get<std::string>();
}

double percentile_of_sorted(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) return 0;
    return sorted[static_cast<std::size_t>(q * static_cast<double>(sorted.size() - 1) + 0.5)];
}

}  // namespace pt::bench
