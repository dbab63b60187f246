// A tiny TCP server on 127.0.0.1 (a port the kernel picks) for HttpTransport's tests: it
// answers every connection with canned bytes, or stays silent, so timeouts, headers, TLS
// failures and size limits can be provoked without a real HTTP server.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pt::client::testing {

class LocalServer {
public:
    enum class Mode {
        answer,  ///< read one request (headers + Content-Length body), write the canned bytes
        silent,  ///< accept and read, never answer (until the server is destroyed)
        greet,   ///< write the canned bytes at once without reading, then close
    };

    /// Listens at once; throws std::runtime_error when the socket cannot be set up.
    explicit LocalServer(std::string canned, Mode mode = Mode::answer);
    ~LocalServer();
    LocalServer(const LocalServer&) = delete;
    LocalServer& operator=(const LocalServer&) = delete;

    [[nodiscard]] int port() const { return port_; }
    /// `http://127.0.0.1:PORT`.
    [[nodiscard]] std::string url() const;
    /// The raw requests received so far.
    [[nodiscard]] std::vector<std::string> requests() const;

    /// A port on 127.0.0.1 where nothing listens (bound, then closed).
    [[nodiscard]] static int unused_port();

private:
    void serve();
    void handle(int connection);

    std::string canned_;
    Mode mode_;
    int listener_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    mutable std::mutex mutex_;
    std::vector<std::string> requests_;
    std::thread thread_;
};

}  // namespace pt::client::testing
