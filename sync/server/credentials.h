// How plan-server keeps badges and PINs (sync-api.md "Credentials"): write-only. A badge is stored
// as a keyed hash (BLAKE2b under a 256-bit key kept in FILE.key beside the database FILE), so equal
// badges still find each other and a copied database alone reveals none; a PIN as an Argon2id
// string (libsodium's crypto_pwhash_str, interactive limits), so even the key does not reveal it.
#pragma once

#include <filesystem>
#include <mutex>
#include <semaphore>
#include <string>
#include <string_view>

namespace pt::server {

class Credentials {
public:
    /// Reads the key from `key_file`, or creates it (mode 0600, 32 random bytes) when it does not
    /// exist and `may_create`. Throws StoreError when the file is missing and may not be made,
    /// is not exactly 32 bytes, or cannot be read or written. Needs init_crypto().
    Credentials(const std::filesystem::path& key_file, bool may_create);
    ~Credentials();
    Credentials(const Credentials&) = delete;
    Credentials& operator=(const Credentials&) = delete;

    /// The key file of the database `db_file`: `FILE.key`.
    [[nodiscard]] static std::filesystem::path key_file_of(const std::filesystem::path& db_file);

    /// The badge as stored: 64 lower-case hex digits of its keyed hash.
    [[nodiscard]] std::string badge_hash(std::string_view badge) const;
    /// The PIN as stored: an Argon2id string with its own salt. Throws std::runtime_error when
    /// the memory for it cannot be had.
    [[nodiscard]] std::string pin_hash(std::string_view pin) const;
    /// True when `pin` is the one `stored` was made of. An unreadable `stored` never matches.
    [[nodiscard]] bool pin_matches(std::string_view stored, std::string_view pin) const;
    /// The work of one pin_matches() whose answer is always no: an unknown or locked badge costs
    /// what a wrong PIN costs, so timing does not tell which badges exist.
    void check_no_pin(std::string_view pin) const;

private:
    std::string key_;
    /// A hash no PIN matches, for check_no_pin(); made at its first use (it costs a PIN's hash).
    mutable std::once_flag decoy_made_;
    mutable std::string decoy_;
    /// Each Argon2id check takes 64 MiB for about 100 ms: two at a time at most, so a
    /// burst of logins queues instead of taking the server's memory.
    mutable std::counting_semaphore<2> argon2_slots_{2};
};

}  // namespace pt::server
