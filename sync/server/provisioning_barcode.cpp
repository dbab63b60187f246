#include "sync/server/provisioning_barcode.h"

namespace pt::server {
namespace {

bool printable_ascii(std::string_view text) {
    for (const char c : text) {
        if (c < '!' || c > '~') return false;
    }
    return true;
}

bool starts_with_lower(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

/// `;`, `=` and `%` as the terminal's reader decodes them.
void append_escaped(std::string& out, std::string_view value) {
    for (const char c : value) {
        switch (c) {
            case ';':
                out += "%3B";
                break;
            case '=':
                out += "%3D";
                break;
            case '%':
                out += "%25";
                break;
            default:
                out += c;
        }
    }
}

}  // namespace

std::optional<std::string> barcode_url_problem(std::string_view url) {
    if (url.size() > kLongestBarcodeUrl) {
        return "server_url: at most " + std::to_string(kLongestBarcodeUrl) + " bytes";
    }
    std::string_view rest;
    if (starts_with_lower(url, "https://")) {
        rest = url.substr(8);
    } else if (starts_with_lower(url, "http://")) {
        rest = url.substr(7);
    } else {
        return "server_url: an http:// or https:// URL is expected";
    }
    if (!printable_ascii(url) || url.find(';') != std::string_view::npos) {
        return "server_url: printable ASCII without spaces or ';' is expected";
    }
    if (rest.empty() || rest.front() == '/' || rest.front() == '?' || rest.front() == '#' ||
        rest.front() == ':' || rest.front() == '@') {
        return "server_url: the URL has no host";
    }
    return std::nullopt;
}

std::optional<std::string> barcode_badge_problem(std::string_view badge) {
    if (badge.empty() || badge.size() > kLongestBarcodeBadge || !printable_ascii(badge)) {
        return "technician_badge: 1 to " + std::to_string(kLongestBarcodeBadge) +
               " bytes of printable ASCII without spaces are expected";
    }
    return std::nullopt;
}

std::string provisioning_barcode_text(const ProvisioningValues& values) {
    std::string text = "PTPROV1;server_url=";
    append_escaped(text, values.server_url);
    text += ";enrollment_code=";
    append_escaped(text, values.enrollment_code);
    if (!values.technician_badge.empty()) {
        text += ";technician_badge=";
        append_escaped(text, values.technician_badge);
    }
    return text;
}

}  // namespace pt::server
