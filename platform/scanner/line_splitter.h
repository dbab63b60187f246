// Turns a serial scanner's byte stream into codes: lines ended by CR, LF or CR LF. Pure logic,
// shared by the serial reader and its tests.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pt::scanner {

/// What one chunk of bytes produced: finished codes, and complaints about dropped bytes.
struct SplitResult {
    std::vector<std::string> codes;
    std::vector<std::string> problems;
};

/// Splits bytes into codes. Non-printable bytes (controls other than CR/LF, DEL, anything
/// >= 0x80) are dropped and reported; codes shorter than min_length are dropped and reported;
/// a line longer than max_length is discarded whole and reported. Not thread-safe.
class LineSplitter {
public:
    /// A splitter for codes of min_length..max_length characters; never fails.
    explicit LineSplitter(std::size_t min_length, std::size_t max_length = 256)
        : min_length_(min_length), max_length_(max_length) {}

    /// Consumes a chunk of bytes (a line may span chunks); never fails.
    [[nodiscard]] SplitResult feed(std::string_view bytes);

    /// Forgets a partly received line (after the device was lost); never fails.
    void reset();

private:
    void end_line(SplitResult& result);

    std::size_t min_length_;
    std::size_t max_length_;
    std::string line_;
    std::size_t dropped_ = 0;  // garbage bytes in the current line
    bool overlong_ = false;
};

}  // namespace pt::scanner
