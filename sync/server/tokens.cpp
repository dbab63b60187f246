#include "sync/server/tokens.h"

#include <sodium.h>

#include <array>
#include <stdexcept>
#include <vector>

namespace pt::server {
namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

using Digest = std::array<unsigned char, crypto_generichash_BYTES>;

Digest digest_of(std::string_view secret) {
    Digest digest{};
    crypto_generichash(digest.data(), digest.size(),
                       reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
                       nullptr, 0);
    return digest;
}

}  // namespace

void init_crypto() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not initialise");
}

std::string random_token() {
    std::array<unsigned char, 32> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::string text(
        sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(text.data(), text.size(), bytes.data(), bytes.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    text.resize(text.find('\0'));
    sodium_memzero(bytes.data(), bytes.size());
    return text;
}

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    randombytes_buf(raw.data(), raw.size());
    std::string text(bytes * 2 + 1, '\0');
    sodium_bin2hex(text.data(), text.size(), raw.data(), raw.size());
    text.pop_back();
    return text;
}

std::string random_enrollment_code() {
    std::string code;
    for (int group = 0; group < 4; ++group) {
        if (group > 0) code += '-';
        for (int i = 0; i < 4; ++i)
            code += kCrockford[randombytes_uniform(kCrockford.size())];
    }
    return code;
}

std::string normalize_enrollment_code(std::string_view code) {
    std::string out;
    out.reserve(code.size());
    for (char c : code) {
        if (c == '-' || c == ' ' || c == '\t') continue;
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        if (c == 'O') c = '0';
        if (c == 'I' || c == 'L') c = '1';
        out += c;
    }
    return out;
}

std::string hash_token(std::string_view secret) {
    const Digest digest = digest_of(secret);
    std::string text(digest.size() * 2 + 1, '\0');
    sodium_bin2hex(text.data(), text.size(), digest.data(), digest.size());
    text.pop_back();
    return text;
}

bool secrets_equal(std::string_view a, std::string_view b) {
    const Digest da = digest_of(a);
    const Digest db = digest_of(b);
    return sodium_memcmp(da.data(), db.data(), da.size()) == 0;
}

}  // namespace pt::server
