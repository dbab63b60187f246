#include "tests/support/wire_values.h"

#include <ctime>
#include <random>

namespace pt::test {
namespace {

std::mt19937_64& rng() {
    static std::mt19937_64 engine{std::random_device{}()};
    return engine;
}

}  // namespace

std::string random_hex(std::size_t bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string text;
    std::uniform_int_distribution<int> byte(0, 255);
    for (std::size_t i = 0; i < bytes; ++i) {
        const int value = byte(rng());
        text += kDigits[value >> 4];
        text += kDigits[value & 15];
    }
    return text;
}

std::string new_uuid() {
    std::string hex = random_hex(16);
    hex[12] = '4';
    hex[16] = "89ab"[std::uniform_int_distribution<int>(0, 3)(rng())];
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
           hex.substr(16, 4) + "-" + hex.substr(20);
}

std::string now_rfc3339() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    ::gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

}  // namespace pt::test
