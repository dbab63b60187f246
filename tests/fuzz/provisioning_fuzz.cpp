// The provisioning barcode (scanned at the set-up screen) and the provisioning file (from the
// EFI partition): either parsed into values that pass the transport's rules, or refused with
// ConfigError. The first byte chooses barcode or file; the file is written to a private
// temporary directory because that is how load_provisioning reads it.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "firmware/config/provisioning.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

const std::filesystem::path& scratch_dir() {
    static const std::filesystem::path dir = [] {
        std::string pattern = (std::filesystem::temp_directory_path() / "pt-fuzz-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) std::abort();
        return std::filesystem::path(pattern);
    }();
    return dir;
}

void check(const pt::config::Provisioning& values) {
    // A usable result always names a server and an enrolment code; a CA file is a bare name.
    if (values.server_url.empty() || values.enrollment_code.empty()) std::abort();
    if (values.ca_file.has_parent_path()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view text = pt::fuzz::as_text(data + 1, size - 1);
    try {
        if (data[0] % 2 == 0) {
            if (const auto values = pt::config::parse_provisioning_barcode(text)) {
                check(*values);
                if (!values->ca_file.empty()) std::abort();  // a barcode carries no CA
            }
        } else {
            const std::filesystem::path file = scratch_dir() / "provisioning.toml";
            std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
            check(pt::config::load_provisioning(file));
        }
    } catch (const pt::config::ConfigError&) {
        // refused with a message naming the key: the documented answer
    }
    return 0;
}
