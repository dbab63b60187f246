// A serial (RS-232 / USB CDC-ACM) barcode scanner: the port in raw mode at the configured
// speed, read on a background thread, each CR/LF-terminated line pushed as a Scan.
#pragma once

#include <filesystem>
#include <thread>

#include "platform/scanner/line_splitter.h"
#include "platform/scanner/scan_queue.h"
#include "platform/scanner/scanner_config.h"

namespace pt::scanner {

/// Reads one serial scanner until stop() or destruction. Garbage bytes, too-short codes and a
/// lost device go to the ProblemSink; codes go to the queue.
class SerialScanner {
public:
    /// Opens `config.serial_device` raw at `config.serial_baud` and starts reading. Throws
    /// std::system_error when the device cannot be opened or configured, std::invalid_argument
    /// on a baud rate termios does not know.
    SerialScanner(const scanner::ScannerConfig& config, ScanQueue& queue, ProblemSink problems);
    ~SerialScanner();
    SerialScanner(const SerialScanner&) = delete;
    SerialScanner& operator=(const SerialScanner&) = delete;

    /// Stops the reader and joins it (promptly: it polls a stop pipe); idempotent, never fails.
    void stop();

private:
    void run();

    ScanQueue& queue_;
    ProblemSink problems_;
    std::filesystem::path device_;
    LineSplitter splitter_;
    int fd_ = -1;
    int stop_pipe_[2] = {-1, -1};
    std::thread reader_;
};

}  // namespace pt::scanner
