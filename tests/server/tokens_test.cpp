// Secrets: randomness, shapes, hashing, constant-time comparison, code normalisation.
#include "sync/server/tokens.h"

#include <doctest/doctest.h>

#include <set>

using namespace pt::server;

TEST_CASE("tokens are long, url-safe and distinct; only their hashes are stored") {
    init_crypto();
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const std::string token = random_token();
        CHECK(token.size() == 43);  // 256 bits in base64url without padding
        CHECK(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                      "0123456789-_") == std::string::npos);
        CHECK(seen.insert(token).second);
    }
    const std::string token = random_token();
    CHECK(hash_token(token) == hash_token(token));
    CHECK(hash_token(token) != hash_token(token + "x"));
    CHECK(hash_token(token).size() == 64);
    CHECK(hash_token(token).find(token) == std::string::npos);
    CHECK(random_hex(16).size() == 32);
}

TEST_CASE("secrets compare by value only") {
    CHECK(secrets_equal("4711", "4711"));
    CHECK_FALSE(secrets_equal("4711", "4712"));
    CHECK_FALSE(secrets_equal("4711", "47110"));
    CHECK_FALSE(secrets_equal("", "x"));
    CHECK(secrets_equal("", ""));
}

TEST_CASE("enrolment codes are typable and typed forgivingly") {
    init_crypto();
    const std::string code = random_enrollment_code();
    REQUIRE(code.size() == 19);
    CHECK(code[4] == '-');
    CHECK(code[9] == '-');
    CHECK(code[14] == '-');
    CHECK(code.find_first_of("ILOU") == std::string::npos);
    CHECK(normalize_enrollment_code(code) == normalize_enrollment_code(code));
    CHECK(normalize_enrollment_code("ab1o-il 0z") == "AB10110Z");
    CHECK(random_enrollment_code() != code);
}
