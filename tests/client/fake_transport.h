// A scripted Transport for unit tests: every request is recorded and answered by a handler the
// test sets, so API-client and engine behaviour can be checked without a network.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "sync/client/transport.h"

namespace pt::client::testing {

/// An HTTP answer with `status`, `body` and optional Retry-After seconds.
inline HttpResponse answer(long status, std::string body = {},
                           std::optional<std::chrono::seconds> retry_after = std::nullopt) {
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    response.retry_after = retry_after;
    if (retry_after) response.headers["retry-after"] = std::to_string(retry_after->count());
    return response;
}

/// Thread-safe: the engine thread sends while the test thread reads `requests()`.
class FakeTransport final : public Transport {
public:
    using Handler = std::function<HttpResult(const HttpRequest&)>;

    explicit FakeTransport(Handler handler = {}) : handler_(std::move(handler)) {}

    void set_handler(Handler handler) {
        std::lock_guard lock(mutex_);
        handler_ = std::move(handler);
    }

    HttpResult send(const HttpRequest& request) override {
        Handler handler;
        {
            std::lock_guard lock(mutex_);
            requests_.push_back(request);
            handler = handler_;
        }
        if (!handler) return TransportError{TransportErrorKind::connect_failed, "no handler"};
        return handler(request);
    }

    [[nodiscard]] std::vector<HttpRequest> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }

private:
    mutable std::mutex mutex_;
    Handler handler_;
    std::vector<HttpRequest> requests_;
};

/// Hands the engine a transport that forwards to a FakeTransport the test keeps.
class ForwardingTransport final : public Transport {
public:
    explicit ForwardingTransport(Transport& target) : target_(target) {}
    HttpResult send(const HttpRequest& request) override { return target_.send(request); }

private:
    Transport& target_;
};

}  // namespace pt::client::testing
