// Certificates for HTTPS tests, made at test time with the `openssl` command (no key is ever
// committed): a self-signed server certificate for 127.0.0.1 (CN and subjectAltName IP), which
// is also the CA file a client trusts, and an unrelated second one, each with the public-key pin
// libcurl takes (CURLOPT_PINNEDPUBLICKEY).
#pragma once

#include <filesystem>
#include <string>

namespace pt::test {

/// One self-signed certificate, its private key and its pin.
struct TlsIdentity {
    std::filesystem::path cert;  ///< PEM certificate (self-signed: its own CA file)
    std::filesystem::path key;   ///< PEM private key (P-256), unencrypted
    std::string pin;             ///< `sha256//BASE64` of the certificate's public key
};

/// The certificates of one HTTPS test.
struct TlsMaterial {
    TlsIdentity server;     ///< for plan-server: CN=127.0.0.1, subjectAltName IP:127.0.0.1
    TlsIdentity unrelated;  ///< another CA with another key: trusting or pinning it must fail
};

/// Writes a fresh TlsMaterial into `dir` (which must exist). Throws std::runtime_error with
/// openssl's output when the command is missing or fails.
[[nodiscard]] TlsMaterial make_tls_material(const std::filesystem::path& dir);

}  // namespace pt::test
