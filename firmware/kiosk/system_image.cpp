#include "firmware/kiosk/system_image.h"

#include <algorithm>
#include <fstream>

namespace pt::kiosk {
namespace {

constexpr std::size_t kMaxField = 64;  // a version or slot name; anything longer is not ours

std::string first_line(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string line;
    if (!in || !std::getline(in, line)) return {};
    line.erase(std::remove_if(line.begin(), line.end(),
                              [](char c) { return static_cast<unsigned char>(c) < 0x20; }),
               line.end());
    if (line.size() > kMaxField) return {};
    return line;
}

}  // namespace

std::string boot_slot_of(std::string_view kernel_command_line) {
    constexpr std::string_view kKey = "rauc.slot=";
    std::string slot;
    std::size_t at = 0;
    while (at < kernel_command_line.size()) {
        const std::size_t end =
            std::min(kernel_command_line.find_first_of(" \t\n", at), kernel_command_line.size());
        const std::string_view word = kernel_command_line.substr(at, end - at);
        // The last one counts, as for the kernel's own parameters.
        if (word.starts_with(kKey) && word.size() - kKey.size() <= kMaxField)
            slot = std::string(word.substr(kKey.size()));
        at = end + 1;
    }
    return slot;
}

SystemImage read_system_image(const std::filesystem::path& root) {
    SystemImage image;
    image.version = first_line(root / "usr/lib/partner-terminal-image/version");
    std::ifstream cmdline(root / "proc/cmdline");
    std::string line;  // the kernel writes it as one line
    if (std::getline(cmdline, line)) image.slot = boot_slot_of(line);
    return image;
}

}  // namespace pt::kiosk
