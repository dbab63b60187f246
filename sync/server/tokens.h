// Secrets of plan-server: random tokens, enrolment codes and the hashes the database keeps
// instead of them. Tokens are never stored or logged in clear; only hash_token() goes to disk.
#pragma once

#include <string>
#include <string_view>

namespace pt::server {

/// Initialises libsodium once (idempotent, thread-safe). Throws std::runtime_error when the
/// library cannot initialise (no entropy source).
void init_crypto();

/// 256 bits of randomness as 43 base64url characters (no padding). Needs init_crypto().
[[nodiscard]] std::string random_token();

/// `bytes` random bytes as lower-case hex (ids of terminals and cursors). Needs init_crypto().
[[nodiscard]] std::string random_hex(std::size_t bytes);

/// A human-typable enrolment code: 4 groups of 4 Crockford base32 characters (80 bits),
/// e.g. `7KQ2-M9XD-3HRT-ZP4V`. Needs init_crypto().
[[nodiscard]] std::string random_enrollment_code();

/// The canonical form of a typed code: upper case, separators and spaces dropped, and the
/// look-alikes O→0, I/L→1 mapped as Crockford base32 does. Used before hashing a code.
[[nodiscard]] std::string normalize_enrollment_code(std::string_view code);

/// A 256-bit BLAKE2b hash of the secret as lower-case hex: what the database stores.
[[nodiscard]] std::string hash_token(std::string_view secret);

/// Compares two secrets in time independent of where they differ (both are hashed first,
/// so their lengths leak nothing either).
[[nodiscard]] bool secrets_equal(std::string_view a, std::string_view b);

}  // namespace pt::server
