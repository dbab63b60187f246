// The HTTP face of PlanService on cpp-httplib: routes of sync-api.md plus `GET /healthz`,
// JSON error bodies for everything httplib answers on its own (404, 405, 413, 400), a size
// limit on request bodies, and one log line per request (method, path, status, time — never
// a token, never a query string). With a FaultInjector, the terminal endpoints (/api/v1/…)
// suffer the injected faults (fault_injection.h); admin endpoints and /healthz never do.
#pragma once

#include <cstddef>
#include <cstdio>

namespace httplib {
class Server;
}

namespace pt::server {

class PlanService;
class FaultInjector;

struct HttpLimits {
    /// Largest request body at all (the admin dataset: ~250 bytes per work step).
    std::size_t max_body = std::size_t{512} << 20;
    /// Largest body on /api/ (1,000 events fit many times over).
    std::size_t max_terminal_body = std::size_t{16} << 20;
};

/// Installs every route, the error, exception and logging handlers on `server` (an
/// httplib::SSLServer too). `service` and `faults` must outlive the server; `log` (may be null)
/// receives one line per request and one per injected fault; `faults` null: no fault mode.
void install_http_api(httplib::Server& server, PlanService& service, std::FILE* log,
                      HttpLimits limits = {}, FaultInjector* faults = nullptr);

}  // namespace pt::server
