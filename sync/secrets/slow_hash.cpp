#include "sync/secrets/slow_hash.h"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace pt::secrets {
namespace {

void ensure_sodium() {
    // sodium_init() is thread-safe and idempotent; a static runs it once.
    static const int status = sodium_init();
    if (status < 0) throw std::runtime_error("libsodium could not initialise");
}

}  // namespace

SlowHashLimits SlowHashLimits::interactive() {
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

SlowHashLimits SlowHashLimits::per_scan() {
    constexpr std::size_t kMiB = std::size_t{1024} * 1024;
    return {2, 16 * kMiB};
}

SlowHashLimits SlowHashLimits::minimal() {
    return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

std::string slow_hash(std::string_view secret, const SlowHashLimits& limits) {
    ensure_sodium();
    std::array<char, crypto_pwhash_STRBYTES> text{};
    if (crypto_pwhash_str_alg(text.data(), secret.data(), secret.size(), limits.ops, limits.mem,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("a slow hash failed (out of memory or invalid limits)");
    }
    return std::string(text.data());
}

bool is_slow_hash(std::string_view text) {
    return text.starts_with("$argon2id$") && text.size() < crypto_pwhash_STRBYTES;
}

bool slow_hash_matches(std::string_view hash, std::string_view secret) {
    ensure_sodium();
    // libsodium reads a NUL-terminated string of at most crypto_pwhash_STRBYTES - 1 characters.
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
    const std::string terminated(hash);
    return crypto_pwhash_str_verify(terminated.c_str(), secret.data(), secret.size()) == 0;
}

}  // namespace pt::secrets
