// An evdev scanner (a USB HID scanner seen as a keyboard) grabbed exclusively, so its keys never
// reach the window as typing; its key events are decoded on a background thread into Scans.
#pragma once

#include <filesystem>
#include <thread>

#include "platform/scanner/evdev_decoder.h"
#include "platform/scanner/scan_queue.h"
#include "platform/scanner/scanner_config.h"

struct libevdev;

namespace pt::scanner {

/// Reads one evdev device until stop() or destruction. Garbled codes and a lost device go to
/// the ProblemSink; codes go to the queue.
class EvdevScanner {
public:
    /// Opens `config.evdev_device`, grabs it (LIBEVDEV_GRAB) and starts reading. Throws
    /// std::system_error when it cannot be opened, is not an evdev device, or another program
    /// holds the grab; std::invalid_argument on a bad terminator.
    EvdevScanner(const scanner::ScannerConfig& config, ScanQueue& queue, ProblemSink problems);
    ~EvdevScanner();
    EvdevScanner(const EvdevScanner&) = delete;
    EvdevScanner& operator=(const EvdevScanner&) = delete;

    /// Stops the reader, joins it and releases the grab; idempotent, never fails.
    void stop();

private:
    void run();
    void close_all();

    ScanQueue& queue_;
    ProblemSink problems_;
    std::filesystem::path device_;
    EvdevDecoder decoder_;
    int fd_ = -1;
    libevdev* dev_ = nullptr;
    int stop_pipe_[2] = {-1, -1};
    std::thread reader_;
};

}  // namespace pt::scanner
