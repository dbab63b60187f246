#include "sync/server/credentials.h"

#include <sodium.h>

#include <array>
#include <fstream>
#include <system_error>

#include "sync/files/private_file.h"
#include "sync/secrets/slow_hash.h"
#include "sync/server/database.h"

namespace pt::server {
namespace {

constexpr std::size_t kKeyBytes = crypto_generichash_KEYBYTES;

std::string read_key(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw StoreError("cannot read the badge key " + file.string());
    // One byte more than a key: enough to tell a longer file, never a large allocation.
    std::string key(kKeyBytes + 1, '\0');
    in.read(key.data(), static_cast<std::streamsize>(key.size()));
    key.resize(static_cast<std::size_t>(in.gcount()));
    if (key.size() != kKeyBytes) {
        throw StoreError("the badge key " + file.string() + " is damaged (" +
                         (key.size() > kKeyBytes ? "longer than" : "shorter than") + " " +
                         std::to_string(kKeyBytes) +
                         " bytes): restore it from the backup of the database it belongs to");
    }
    return key;
}

std::string make_key(const std::filesystem::path& file) {
    std::string key(kKeyBytes, '\0');
    randombytes_buf(key.data(), key.size());
    try {
        files::write_private_file(file, key);
    } catch (const std::system_error& e) {
        throw StoreError("cannot create the badge key " + file.string() + ": " + e.what());
    }
    return key;
}

}  // namespace

Credentials::Credentials(const std::filesystem::path& key_file, bool may_create) {
    if (sodium_init() < 0) throw StoreError("libsodium could not initialise");
    std::error_code error;
    const bool exists = std::filesystem::exists(key_file, error);
    if (exists) {
        files::make_private(key_file);
        key_ = read_key(key_file);
    } else if (may_create) {
        key_ = make_key(key_file);
    } else {
        throw StoreError("the badge key " + key_file.string() +
                         " is missing, but the database holds badges hashed with it: restore it "
                         "from the backup of that database (no badge can be checked without it)");
    }
}

Credentials::~Credentials() {
    sodium_memzero(key_.data(), key_.size());
}

std::filesystem::path Credentials::key_file_of(const std::filesystem::path& db_file) {
    return db_file.string() + ".key";
}

std::string Credentials::badge_hash(std::string_view badge) const {
    std::array<unsigned char, crypto_generichash_BYTES> digest{};
    crypto_generichash(digest.data(), digest.size(),
                       reinterpret_cast<const unsigned char*>(badge.data()), badge.size(),
                       reinterpret_cast<const unsigned char*>(key_.data()), key_.size());
    std::string text(digest.size() * 2 + 1, '\0');
    sodium_bin2hex(text.data(), text.size(), digest.data(), digest.size());
    text.pop_back();
    return text;
}

std::string Credentials::pin_hash(std::string_view pin) const {
    argon2_slots_.acquire();
    try {
        std::string hash = secrets::slow_hash(pin);
        argon2_slots_.release();
        return hash;
    } catch (...) {
        argon2_slots_.release();
        throw;
    }
}

bool Credentials::pin_matches(std::string_view stored, std::string_view pin) const {
    argon2_slots_.acquire();
    const bool matches = secrets::slow_hash_matches(stored, pin);
    argon2_slots_.release();
    return matches;
}

void Credentials::check_no_pin(std::string_view pin) const {
    std::call_once(decoy_made_, [this] {
        std::array<unsigned char, 16> random{};
        randombytes_buf(random.data(), random.size());
        decoy_ =
            pin_hash(std::string_view(reinterpret_cast<const char*>(random.data()), random.size()));
    });
    (void)pin_matches(decoy_, pin);
}

}  // namespace pt::server
