// Argon2id hashes of short secrets (PINs, badge codes), as libsodium's crypto_pwhash_str string:
// algorithm, limits and a random salt travel inside the string, so a hash made with other limits
// still verifies.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pt::secrets {

/// The cost of each new hash.
struct SlowHashLimits {
    std::uint64_t ops = 0;
    std::size_t mem = 0;
    /// libsodium's "interactive" limits (2 passes over 64 MiB, tens of milliseconds): the default.
    [[nodiscard]] static SlowHashLimits interactive();
    /// 2 passes over 16 MiB (~15 ms here): for a hash every scanned code is checked against (the
    /// technician badge), so a scan does not stall the kiosk's screen.
    [[nodiscard]] static SlowHashLimits per_scan();
    /// The smallest limits libsodium allows: for tests only.
    [[nodiscard]] static SlowHashLimits minimal();
};

/// True when `text` has the shape of a slow_hash() string (`$argon2id$…`, not too long).
[[nodiscard]] bool is_slow_hash(std::string_view text);

/// The Argon2id string of `secret`. Throws std::runtime_error when libsodium cannot start or the
/// memory for the hash cannot be had.
[[nodiscard]] std::string slow_hash(std::string_view secret,
                                    const SlowHashLimits& limits = SlowHashLimits::interactive());
/// True when `hash` was made of `secret`. A malformed `hash` never matches.
[[nodiscard]] bool slow_hash_matches(std::string_view hash, std::string_view secret);

}  // namespace pt::secrets
