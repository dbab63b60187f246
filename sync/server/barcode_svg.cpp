#include "sync/server/barcode_svg.h"

#include <qrencode.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <new>
#include <string>

#if PT_HAVE_ZINT
#include <zint.h>
#endif

namespace pt::server {
namespace {

std::optional<ModuleMatrix> encode_qr(std::string_view text) {
    const std::string terminated(text);  // libqrencode reads a C string
    const std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeString8bit(terminated.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
    if (!code) {
        if (errno == ENOMEM) throw std::bad_alloc();
        return std::nullopt;  // ERANGE: too long for the largest QR code
    }
    ModuleMatrix matrix;
    matrix.width = code->width;
    matrix.height = code->width;
    const auto modules =
        static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width);
    matrix.dark.resize(modules);
    for (std::size_t i = 0; i < modules; ++i)
        matrix.dark[i] = code->data[i] & 1U;  // bit 0: dark; the others say which part it is
    return matrix;
}

#if PT_HAVE_ZINT
std::optional<ModuleMatrix> encode_code128(std::string_view text) {
    const std::unique_ptr<zint_symbol, decltype(&ZBarcode_Delete)> symbol(ZBarcode_Create(),
                                                                          &ZBarcode_Delete);
    if (!symbol) throw std::bad_alloc();
    symbol->symbology = BARCODE_CODE128;
    symbol->input_mode = DATA_MODE;  // the bytes as they are
    const int result =
        ZBarcode_Encode(symbol.get(), reinterpret_cast<const unsigned char*>(text.data()),
                        static_cast<int>(text.size()));
    if (result >= ZINT_ERROR || symbol->rows < 1 || symbol->width < 1) return std::nullopt;
    ModuleMatrix matrix;
    matrix.width = symbol->width;
    matrix.height = 1;
    matrix.dark.resize(static_cast<std::size_t>(matrix.width));
    for (int x = 0; x < matrix.width; ++x) {
        // zint packs a row's modules into bits, least significant first.
        matrix.dark[static_cast<std::size_t>(x)] =
            (symbol->encoded_data[0][x >> 3] >> (x & 7)) & 1U;
    }
    return matrix;
}
#endif

}  // namespace

bool barcode_kind_available(BarcodeKind kind) {
#if PT_HAVE_ZINT
    (void)kind;
    return true;
#else
    return kind != BarcodeKind::code128;
#endif
}

std::optional<ModuleMatrix> encode_barcode(BarcodeKind kind, std::string_view text) {
    if (text.empty() || text.find('\0') != std::string_view::npos) return std::nullopt;
    switch (kind) {
        case BarcodeKind::qr:
            return encode_qr(text);
        case BarcodeKind::code128:
#if PT_HAVE_ZINT
            return encode_code128(text);
#else
            return std::nullopt;
#endif
    }
    return std::nullopt;
}

std::string barcode_svg(const ModuleMatrix& matrix, BarcodeKind kind) {
    const bool linear = kind == BarcodeKind::code128;
    const int quiet = linear ? 10 : 4;
    const int pixels_per_module = linear ? 2 : 4;
    const int bar_height = linear ? std::max(40, matrix.width * 15 / 100) : 1;
    const int width = matrix.width + 2 * quiet;
    const int height = (linear ? bar_height : matrix.height) + 2 * quiet;
    std::string path;
    path.reserve(static_cast<std::size_t>(matrix.width) * static_cast<std::size_t>(matrix.height));
    for (int y = 0; y < matrix.height; ++y) {
        for (int x = 0; x < matrix.width;) {
            if (!matrix.at(x, y)) {
                ++x;
                continue;
            }
            int run = 1;  // dark modules side by side: one rectangle
            while (x + run < matrix.width && matrix.at(x + run, y))
                ++run;
            const int row_height = linear ? bar_height : 1;
            path += 'M' + std::to_string(x + quiet) + ',' + std::to_string(y + quiet) + 'h' +
                    std::to_string(run) + 'v' + std::to_string(row_height) + 'h' +
                    std::to_string(-run) + 'z';
            x += run;
        }
    }
    const std::string w = std::to_string(width);
    const std::string h = std::to_string(height);
    return R"(<?xml version="1.0" encoding="UTF-8"?>)"
           "\n"
           R"(<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 )" +
           w + ' ' + h + R"(" width=")" + std::to_string(width * pixels_per_module) +
           R"(" height=")" + std::to_string(height * pixels_per_module) +
           R"(" shape-rendering="crispEdges"><rect width=")" + w + R"(" height=")" + h +
           R"(" fill="#fff"/><path fill="#000" d=")" + path + R"("/></svg>)" + "\n";
}

}  // namespace pt::server
