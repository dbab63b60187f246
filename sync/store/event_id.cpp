#include "sync/store/event_id.h"

#include <sodium.h>

#include <array>

#include "sync/store/sodium_init.h"

namespace pt::store {

namespace {
constexpr std::string_view kHex = "0123456789abcdef";
constexpr std::array<std::size_t, 4> kDashes{8, 13, 18, 23};

bool is_dash_position(std::size_t i) {
    for (const std::size_t dash : kDashes) {
        if (i == dash) return true;
    }
    return false;
}
}  // namespace

std::string new_event_id() {
    detail::ensure_sodium();
    std::array<unsigned char, 16> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0fU) | 0x40U);  // version 4
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3fU) | 0x80U);  // RFC 4122 variant
    std::string text;
    text.reserve(36);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) text.push_back('-');
        text.push_back(kHex[bytes[i] >> 4U]);
        text.push_back(kHex[bytes[i] & 0x0fU]);
    }
    return text;
}

bool is_event_id(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (is_dash_position(i)) {
            if (text[i] != '-') return false;
        } else if (kHex.find(text[i]) == std::string_view::npos) {
            return false;
        }
    }
    return text[14] == '4' && std::string_view("89ab").find(text[19]) != std::string_view::npos;
}

}  // namespace pt::store
