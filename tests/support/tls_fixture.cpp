#include "tests/support/tls_fixture.h"

#include <cstdlib>
#include <stdexcept>

#include "tests/support/file_contents.h"

namespace pt::test {
namespace {

/// `text` in single quotes for /bin/sh.
std::string quoted(const std::filesystem::path& path) {
    std::string text = "'";
    for (const char c : path.string()) {
        if (c == '\'') {
            text += "'\\''";
        } else {
            text += c;
        }
    }
    return text + "'";
}

/// Runs `command` with /bin/sh, its output into `log`; throws with that output on failure.
void run(const std::string& command, const std::filesystem::path& log) {
    const std::string line = "{ " + command + " ; } >" + quoted(log) + " 2>&1";
    if (std::system(line.c_str()) != 0) {
        throw std::runtime_error("tls fixture: `" + command + "` failed:\n" + file_contents(log));
    }
}

TlsIdentity make_identity(const std::filesystem::path& dir, const std::string& name,
                          const std::string& subject) {
    TlsIdentity identity{dir / (name + ".crt"), dir / (name + ".key"), {}};
    const std::filesystem::path log = dir / (name + ".openssl.log");
    // Two days, P-256, no passphrase; `req -x509` marks it a CA (basicConstraints CA:TRUE), so
    // the certificate itself is the CA file that trusts it.
    run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2"
        " -subj " +
            subject + " -addext subjectAltName=IP:127.0.0.1 -keyout " + quoted(identity.key) +
            " -out " + quoted(identity.cert),
        log);
    // The pin as libcurl wants it: SHA-256 of the DER SubjectPublicKeyInfo, base64.
    const std::filesystem::path pin_file = dir / (name + ".pin");
    run("openssl x509 -in " + quoted(identity.cert) +
            " -pubkey -noout | openssl pkey -pubin -outform der"
            " | openssl dgst -sha256 -binary | base64 >" +
            quoted(pin_file),
        log);
    std::string digest = file_contents(pin_file);
    while (!digest.empty() && (digest.back() == '\n' || digest.back() == '\r'))
        digest.pop_back();
    if (digest.size() != 44) {  // 32 bytes in base64
        throw std::runtime_error("tls fixture: unexpected public-key digest '" + digest + "'\n" +
                                 file_contents(log));
    }
    identity.pin = "sha256//" + digest;
    return identity;
}

}  // namespace

TlsMaterial make_tls_material(const std::filesystem::path& dir) {
    return TlsMaterial{make_identity(dir, "server", "/CN=127.0.0.1"),
                       make_identity(dir, "unrelated", "/CN=127.0.0.1/O=Unrelated")};
}

}  // namespace pt::test
