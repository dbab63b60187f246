#include "platform/scanner/line_splitter.h"

#include <cstdio>

namespace pt::scanner {

void LineSplitter::reset() {
    line_.clear();
    dropped_ = 0;
    overlong_ = false;
}

void LineSplitter::end_line(SplitResult& result) {
    // Problems name lengths and kinds only: the line may be (part of) a badge or a PIN, which
    // must not reach the journal or the technician screen.
    if (dropped_ > 0) {
        result.problems.push_back("serial scanner: dropped " + std::to_string(dropped_) +
                                  " non-printable byte(s) in a scan of " +
                                  std::to_string(line_.size()) + " characters");
    }
    if (overlong_) {
        result.problems.push_back("serial scanner: discarded a code longer than " +
                                  std::to_string(max_length_) + " characters");
    } else if (!line_.empty() && line_.size() < min_length_) {
        result.problems.push_back("serial scanner: ignored a scan of " +
                                  std::to_string(line_.size()) + " characters, shorter than " +
                                  std::to_string(min_length_));
    } else if (!line_.empty()) {
        result.codes.push_back(std::move(line_));
    }
    reset();
}

SplitResult LineSplitter::feed(std::string_view bytes) {
    SplitResult result;
    for (const char ch : bytes) {
        const auto byte = static_cast<unsigned char>(ch);
        if (byte == '\r' || byte == '\n') {
            // CR LF ends one line: the LF then finds an empty, clean line and emits nothing.
            end_line(result);
        } else if (byte < 0x20 || byte >= 0x7F) {
            ++dropped_;
        } else if (line_.size() >= max_length_) {
            overlong_ = true;
        } else {
            line_.push_back(ch);
        }
    }
    return result;
}

}  // namespace pt::scanner
