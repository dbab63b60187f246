// What the configuration tests share: how they read an error message, and a well-formed key pin.
#pragma once

#include <string>
#include <string_view>

namespace pt::config::test {

/// True when `message` names `a` and (if given) `b`.
inline bool mentions(const std::string& message, std::string_view a, std::string_view b = {}) {
    return message.find(a) != std::string::npos && message.find(b) != std::string::npos;
}

/// A pinned_key of the right shape: `sha256//` and the base64 of 32 bytes.
inline const std::string kPin = "sha256//" + std::string(43, 'A') + "=";

}  // namespace pt::config::test
