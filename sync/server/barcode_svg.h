// Barcodes as SVG: the symbol's modules come from libqrencode (QR code) or libzint (Code 128);
// the SVG is written here from that module matrix: one path of dark modules on white, a quiet
// zone around, crisp edges (no anti-aliased seams between modules when printed or scaled).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pt::server {

enum class BarcodeKind : std::uint8_t { qr, code128 };

/// The modules of a symbol, row by row; a linear symbol has one row.
struct ModuleMatrix {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> dark;  ///< width × height, 1 = dark

    [[nodiscard]] bool at(int x, int y) const {
        return dark[static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                    static_cast<std::size_t>(x)] != 0;
    }
};

/// True when this build can draw `kind` (an arm64 cross build may lack libzint: its Debian
/// package cannot be installed beside the build machine's own).
[[nodiscard]] bool barcode_kind_available(BarcodeKind kind);

/// The symbol for `text` (bytes, as they are): a QR code at error correction level M, or
/// Code 128; nullopt when the text is too long for the symbol. Throws std::bad_alloc.
[[nodiscard]] std::optional<ModuleMatrix> encode_barcode(BarcodeKind kind, std::string_view text);

/// The matrix as an SVG document: quiet zone of 4 modules (QR) or 10 (Code 128), a linear
/// symbol's bars as tall as 15 % of its width (at least 40 modules), 4 px per module (QR) or 2.
[[nodiscard]] std::string barcode_svg(const ModuleMatrix& matrix, BarcodeKind kind);

}  // namespace pt::server
