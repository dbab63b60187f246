#include "tests/support/file_contents.h"

#include <fstream>

namespace pt::test {

std::string file_contents(const std::filesystem::path& file, std::uintmax_t offset) {
    std::error_code error;
    const std::uintmax_t size = std::filesystem::file_size(file, error);
    if (error || size <= offset) return {};
    std::ifstream in(file, std::ios::binary);
    if (!in) return {};
    in.seekg(static_cast<std::streamoff>(offset));
    std::string bytes(size - offset, '\0');
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return bytes;
}

}  // namespace pt::test
