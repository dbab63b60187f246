// Whole-file reads for tests (logs, reports, raw database bytes).
#pragma once

#include <filesystem>
#include <string>

namespace pt::test {

/// The bytes of `file` from `offset` on; empty when the file is missing or shorter.
[[nodiscard]] std::string file_contents(const std::filesystem::path& file,
                                        std::uintmax_t offset = 0);

}  // namespace pt::test
