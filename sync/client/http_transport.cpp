#include "sync/client/http_transport.h"

#include <arpa/inet.h>
#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <utility>

#include "sync/client/retry_after.h"

namespace pt::client {
namespace {

constexpr std::string_view kPinPrefix = "sha256//";
constexpr std::size_t kSha256Base64Length = 44;  // 32 bytes → 43 characters + one '='

void global_init_once() {
    // curl_global_init is not thread-safe on every libcurl build; once per process suffices.
    static std::once_flag once;
    static CURLcode result = CURLE_OK;
    std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
    if (result != CURLE_OK) throw std::runtime_error("curl_global_init failed");
}

bool is_base64_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '/';
}

/// One `sha256//…` entry: base64 of exactly 32 bytes.
bool is_sha256_pin(std::string_view pin) {
    if (pin.substr(0, kPinPrefix.size()) != kPinPrefix) return false;
    const std::string_view value = pin.substr(kPinPrefix.size());
    return value.size() == kSha256Base64Length && value.back() == '=' &&
           std::all_of(value.begin(), value.end() - 1, is_base64_char);
}

/// "64 MiB" for whole mebibytes, else "N bytes".
std::string size_text(std::size_t bytes) {
    constexpr std::size_t kMiB = std::size_t{1} << 20;
    if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
    return std::to_string(bytes) + " bytes";
}

/// A CURLU with RAII.
struct ParsedUrl {
    CURLU* url = curl_url();
    ~ParsedUrl() { curl_url_cleanup(url); }
    ParsedUrl() = default;
    ParsedUrl(const ParsedUrl&) = delete;
    ParsedUrl& operator=(const ParsedUrl&) = delete;
    /// One part, or "" when it is not there.
    [[nodiscard]] std::string part(CURLUPart which) const {
        char* text = nullptr;
        if (curl_url_get(url, which, &text, 0) != CURLUE_OK || text == nullptr) return {};
        std::string out(text);
        curl_free(text);
        return out;
    }
};

/// 127.0.0.0/8, ::1 or `localhost` (which libcurl resolves to loopback itself, never by DNS).
bool is_loopback_host(std::string host) {
    std::transform(host.begin(), host.end(), host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (host == "localhost") return true;
    in_addr v4{};
    if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) {
        return (ntohl(v4.s_addr) >> 24) == 127;
    }
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
        in6_addr v6{};
        return ::inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
    }
    return false;
}

/// A header line's value: what follows the colon, without blanks or the line break.
std::string header_value(std::string_view text) {
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && blank(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && blank(text.back()))
        text.remove_suffix(1);
    return std::string(text);
}

/// What the callbacks of one exchange write into.
struct Exchange {
    HttpResponse response;
    std::size_t max_bytes = 0;
    bool too_large = false;
    const std::atomic<bool>* cancel = nullptr;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto& exchange = *static_cast<Exchange*>(user);
    const std::size_t bytes = size * count;
    if (exchange.response.body.size() + bytes > exchange.max_bytes) {
        exchange.too_large = true;
        return 0;  // makes libcurl fail the transfer with CURLE_WRITE_ERROR
    }
    exchange.response.body.append(data, bytes);
    return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto& headers = static_cast<Exchange*>(user)->response.headers;
    const std::string_view line(data, size * count);
    if (line.rfind("HTTP/", 0) == 0) {
        headers.clear();  // a new status line (after 100 Continue): only the last one counts
        return size * count;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return size * count;
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    headers[name] = header_value(line.substr(colon + 1));
    return size * count;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto& exchange = *static_cast<Exchange*>(user);
    return exchange.cancel != nullptr && exchange.cancel->load() ? 1 : 0;
}

/// curl_slist with RAII.
class HeaderList {
public:
    HeaderList() = default;
    ~HeaderList() { curl_slist_free_all(list_); }
    HeaderList(const HeaderList&) = delete;
    HeaderList& operator=(const HeaderList&) = delete;
    void add(const std::string& line) {
        curl_slist* next = curl_slist_append(list_, line.c_str());
        if (next == nullptr) throw std::bad_alloc();
        list_ = next;
    }
    [[nodiscard]] curl_slist* get() const { return list_; }

private:
    curl_slist* list_ = nullptr;
};

long millis(std::chrono::milliseconds value) {
    return value.count();
}

}  // namespace

std::string_view name_of(HttpMethod method) {
    switch (method) {
        case HttpMethod::get:
            return "GET";
        case HttpMethod::post:
            return "POST";
        case HttpMethod::put:
            return "PUT";
        case HttpMethod::patch:
            return "PATCH";
        case HttpMethod::del:
            break;
    }
    return "DELETE";
}

std::string_view name_of(TransportErrorKind kind) {
    switch (kind) {
        case TransportErrorKind::connect_failed:
            return "connect_failed";
        case TransportErrorKind::timeout:
            return "timeout";
        case TransportErrorKind::tls:
            return "tls";
        case TransportErrorKind::pinned_key_mismatch:
            return "pinned_key_mismatch";
        case TransportErrorKind::other:
            break;
    }
    return "other";
}

std::optional<std::string> pinned_key_problem(std::string_view pin) {
    std::string_view rest = pin;
    while (true) {
        const auto end = rest.find(';');
        if (!is_sha256_pin(rest.substr(0, end))) {
            return "must be sha256//<base64 of 32 bytes> (the server's public key hash; several "
                   "joined by ';')";
        }
        if (end == std::string_view::npos) return std::nullopt;
        rest.remove_prefix(end + 1);
    }
}

std::optional<std::string> url_problem(std::string_view url, bool allow_insecure_http) {
    ParsedUrl parsed;
    if (parsed.url == nullptr) throw std::bad_alloc();
    if (curl_url_set(parsed.url, CURLUPART_URL, std::string(url).c_str(), 0) != CURLUE_OK) {
        return "must be a URL such as https://plan.example.com";
    }
    const std::string scheme = parsed.part(CURLUPART_SCHEME);  // lower case from libcurl
    if (scheme == "https") return std::nullopt;
    if (scheme != "http") return "must start with https://";
    if (allow_insecure_http || is_loopback_host(parsed.part(CURLUPART_HOST))) return std::nullopt;
    return "http:// goes to this machine only (127.0.0.0/8, ::1, localhost): use https://, or "
           "for development allow_insecure_http = true in the configuration file";
}

std::optional<std::string> validate(const TransportOptions& options) {
    using std::chrono::milliseconds;
    if (options.connect_timeout <= milliseconds(0) || options.total_timeout <= milliseconds(0)) {
        return "connect and total timeouts must be positive";
    }
    if (options.low_speed_bytes_per_second < 0 || options.low_speed_time.count() < 0) {
        return "the low-speed limit must not be negative";
    }
    if (options.max_response_bytes == 0) return "max_response_bytes must be positive";
    if (!options.pinned_public_key.empty()) {
        if (auto problem = pinned_key_problem(options.pinned_public_key))
            return "pinned public key " + *problem;
    }
    if (!options.ca_file.empty()) {
        std::error_code error;
        if (!std::filesystem::is_regular_file(options.ca_file, error)) {
            return "CA file " + options.ca_file.string() + " is not a readable file";
        }
        if (!std::ifstream(options.ca_file)) {
            return "CA file " + options.ca_file.string() + " cannot be read";
        }
    }
    return std::nullopt;
}

TransportErrorKind classify_curl_code(int curl_code) noexcept {
    switch (static_cast<CURLcode>(curl_code)) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
        case CURLE_COULDNT_CONNECT:
            return TransportErrorKind::connect_failed;
        case CURLE_OPERATION_TIMEDOUT:
            return TransportErrorKind::timeout;
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return TransportErrorKind::pinned_key_mismatch;
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_CRL_BADFILE:
        case CURLE_SSL_INVALIDCERTSTATUS:
        case CURLE_SSL_ENGINE_NOTFOUND:
        case CURLE_SSL_ENGINE_SETFAILED:
        case CURLE_SSL_ENGINE_INITFAILED:
        case CURLE_SSL_SHUTDOWN_FAILED:
        case CURLE_SSL_CLIENTCERT:
        case CURLE_USE_SSL_FAILED:
            return TransportErrorKind::tls;
        default:
            break;
    }
    return TransportErrorKind::other;
}

struct HttpTransport::Handle {
    CURL* curl = nullptr;
    char error[CURL_ERROR_SIZE] = {};
    ~Handle() { curl_easy_cleanup(curl); }
};

HttpTransport::HttpTransport(TransportOptions options)
    : options_(std::move(options)), handle_(std::make_unique<Handle>()) {
    if (auto problem = validate(options_)) throw std::invalid_argument(*problem);
    if (options_.user_agent.empty())
        options_.user_agent = std::string("partner-terminal/") + PT_VERSION;
    if (!options_.wall_clock) options_.wall_clock = [] { return std::chrono::system_clock::now(); };
    global_init_once();
    handle_->curl = curl_easy_init();
    if (handle_->curl == nullptr) throw std::runtime_error("curl_easy_init failed");
}

HttpTransport::~HttpTransport() = default;

namespace {

/// Everything of an exchange that comes from the options: protocols, proxy, timeouts, how the
/// server is verified, the size cap.
void set_connection_options(CURL* curl, const TransportOptions& options) {
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    // An empty string disables proxies outright, including http_proxy & co. from the
    // environment: a kiosk must not follow whatever a shell profile exports.
    curl_easy_setopt(curl, CURLOPT_PROXY, options.proxy.c_str());
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, millis(options.connect_timeout));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, millis(options.total_timeout));
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, options.low_speed_bytes_per_second);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, long{options.low_speed_time.count()});
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    // A pinned key without a CA file is the trust anchor itself (a provisioning barcode can
    // carry a pin, not a CA): the server must present exactly that key, whoever signed its
    // certificate and whatever name it carries. With a CA file, or the system's store, both
    // the chain and the pin are checked.
    const bool pin_is_anchor = options.ca_file.empty() && !options.pinned_public_key.empty();
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, pin_is_anchor ? 0L : 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, pin_is_anchor ? 0L : 2L);
    if (!options.ca_file.empty()) {
        curl_easy_setopt(curl, CURLOPT_CAINFO, options.ca_file.c_str());
    }
    if (!options.pinned_public_key.empty()) {
        curl_easy_setopt(curl, CURLOPT_PINNEDPUBLICKEY, options.pinned_public_key.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_USERAGENT, options.user_agent.c_str());
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // whatever this libcurl can decode
    // A Content-Length above the cap fails before the body is read; a compressed body is
    // counted after decompression in on_body().
    curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(options.max_response_bytes));
}

void set_method_and_body(CURL* curl, const HttpRequest& request) {
    switch (request.method) {
        case HttpMethod::get:
            curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
            break;
        case HttpMethod::post:
            curl_easy_setopt(curl, CURLOPT_POST, 1L);
            break;
        default:
            // name_of() returns views of string literals, so data() is NUL-terminated.
            curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, name_of(request.method).data());
            break;
    }
    if (request.body) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body->data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(request.body->size()));
    } else if (request.method == HttpMethod::post) {
        // Without POSTFIELDS a POST would read its body from stdin.
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t{0});
    }
}

/// The error of a failed exchange, in words for the technician.
TransportError failure(CURLcode code, const Exchange& exchange, const char* error_buffer,
                       std::size_t max_response_bytes) {
    TransportError error;
    error.kind = classify_curl_code(static_cast<int>(code));
    if (exchange.too_large || code == CURLE_FILESIZE_EXCEEDED) {
        error.message = "answer larger than " + size_text(max_response_bytes) +
                        " (after decompression): refused";
    } else if (code == CURLE_ABORTED_BY_CALLBACK) {
        error.message = "cancelled";
    } else {
        error.message = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
    }
    return error;
}

}  // namespace

HttpResult HttpTransport::send(const HttpRequest& request) {
    CURL* curl = handle_->curl;
    // Reset clears the options of the previous exchange but keeps its connection alive.
    curl_easy_reset(curl);
    handle_->error[0] = '\0';

    if (auto problem = url_problem(request.url, options_.allow_insecure_http)) {
        return TransportError{.kind = TransportErrorKind::other, .message = "URL " + *problem};
    }

    Exchange exchange;
    exchange.max_bytes = options_.max_response_bytes;
    exchange.cancel = options_.cancel;

    HeaderList headers;
    headers.add("Expect:");  // no 100-continue round trip before a large batch of events
    headers.add("Accept: application/json");
    if (!request.bearer.empty()) headers.add("Authorization: Bearer " + request.bearer);
    if (request.body) headers.add("Content-Type: application/json");

    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    set_connection_options(curl, options_);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, handle_->error);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &exchange);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &exchange);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &exchange);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, options_.cancel != nullptr ? 0L : 1L);
    set_method_and_body(curl, request);

    const CURLcode code = curl_easy_perform(curl);
    if (code != CURLE_OK)
        return failure(code, exchange, handle_->error, options_.max_response_bytes);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &exchange.response.status);
    if (const auto it = exchange.response.headers.find("retry-after");
        it != exchange.response.headers.end()) {
        exchange.response.retry_after = parse_retry_after(it->second, options_.wall_clock());
    }
    return std::move(exchange.response);
}

}  // namespace pt::client
