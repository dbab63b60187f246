// What every fuzz target shares: the input as text, and the rule that a decoder either returns
// or throws its own documented error. Any other exception escapes to libFuzzer, which reports
// it as a crash (a deadly signal) with the input that caused it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace pt::fuzz {

[[nodiscard]] inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

}  // namespace pt::fuzz
