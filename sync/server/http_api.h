// The HTTP face of PlanService: the routes of sync-api.md plus `GET /healthz`, JSON error bodies
// for 404 and 405, the body limits of sync-api.md "Limits" per endpoint, and the admin token
// checked as soon as a request's header is complete (a tokenless body is never read). The
// transport (http_server.h) does sockets, parsing and the request log. With a FaultInjector,
// the terminal endpoints (/api/v1/…) suffer the injected faults (fault_injection.h); admin
// endpoints and /healthz never do.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string_view>

#include "sync/server/http_server.h"

namespace pt::server {

class PlanService;
class FaultInjector;
class ConsoleAssets;

/// The largest body sync-api.md "Limits" allows on `method path`: terminal endpoints 4 MiB,
/// `PUT /admin/v1/dataset` 256 MiB, `PUT /admin/v1/documents/{id}` 64 MiB, every other 1 MiB.
[[nodiscard]] std::size_t body_limit_for(std::string_view method, std::string_view path);

class HttpApi final : public HttpHandler {
public:
    /// `service` and `faults` must outlive the api; `log` (may be null) receives one line per
    /// injected fault; `faults` null: no fault mode.
    /// `console` (may be null: no console) holds the console's files served under /console/.
    HttpApi(PlanService& service, std::FILE* log, FaultInjector* faults = nullptr,
            const ConsoleAssets* console = nullptr);
    ~HttpApi() override;
    HttpApi(const HttpApi&) = delete;
    HttpApi& operator=(const HttpApi&) = delete;

    [[nodiscard]] HeadVerdict on_head(const HttpRequest& head) override;
    [[nodiscard]] HttpAnswer handle(const HttpRequest& request) override;

private:
    PlanService& service_;
    std::FILE* log_;
    FaultInjector* faults_;
    const ConsoleAssets* console_;
};

}  // namespace pt::server
