#include "tests/support/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <stdexcept>
#include <utility>

namespace pt::test {
namespace {

CURL* handle(void* curl) {
    return curl;  // curl.h declares CURL as void
}

void global_init_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
            throw std::runtime_error("curl_global_init failed");
        }
    });
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

std::string trim(std::string text) {
    auto not_space = [](unsigned char c) { return std::isspace(c) == 0; };
    text.erase(text.begin(), std::find_if(text.begin(), text.end(), not_space));
    text.erase(std::find_if(text.rbegin(), text.rend(), not_space).base(), text.end());
    return text;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto& headers = *static_cast<std::map<std::string, std::string>*>(user);
    const std::string line(data, size * count);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        headers[name] = trim(line.substr(colon + 1));
    } else if (line.rfind("HTTP/", 0) == 0) {
        headers.clear();  // a new status line (e.g. after 100 Continue): only the last counts
    }
    return size * count;
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
        if (next == nullptr) throw std::runtime_error("curl_slist_append failed");
        list_ = next;
    }
    [[nodiscard]] curl_slist* get() const { return list_; }

private:
    curl_slist* list_ = nullptr;
};

}  // namespace

HttpClient::HttpClient() {
    global_init_once();
    curl_ = curl_easy_init();
    if (curl_ == nullptr) throw std::runtime_error("curl_easy_init failed");
}

HttpClient::~HttpClient() {
    curl_easy_cleanup(handle(curl_));
}

HttpResponse HttpClient::send(const HttpRequest& request) {
    CURL* curl = handle(curl_);
    curl_easy_reset(curl);
    HttpResponse response;
    HeaderList headers;
    headers.add("Expect:");  // no 100-continue round trip for large bodies
    headers.add("Accept: application/json");
    if (!request.bearer.empty()) headers.add("Authorization: Bearer " + request.bearer);
    for (const auto& [name, value] : request.headers)
        headers.add(name + ": " + value);
    if (request.body && !request.content_type.empty()) {
        headers.add("Content-Type: " + request.content_type);
    }

    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    if (!request.source_address.empty())
        curl_easy_setopt(curl, CURLOPT_INTERFACE, ("host!" + request.source_address).c_str());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long{timeout_.count()});
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
    if (request.method == "GET") {
        curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    if (!tls_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, tls_.ca_file.c_str());
    if (!tls_.pinned_key.empty()) {
        curl_easy_setopt(curl, CURLOPT_PINNEDPUBLICKEY, tls_.pinned_key.c_str());
    }
    if (!tls_.verify) {
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (request.body) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body->data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(request.body->size()));
    }

    const auto started = std::chrono::steady_clock::now();
    const CURLcode result = curl_easy_perform(curl);
    response.elapsed = std::chrono::steady_clock::now() - started;
    if (result != CURLE_OK) {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
        throw HttpError(
            request.method + " " + request.url + " failed: " + curl_easy_strerror(result),
            static_cast<int>(result), std::move(response));
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
}

void HttpClient::disconnect() {
    CURL* fresh = curl_easy_init();
    if (fresh == nullptr) throw std::runtime_error("curl_easy_init failed");
    curl_easy_cleanup(handle(curl_));
    curl_ = fresh;
}

std::string HttpClient::escape(std::string_view text) {
    char* escaped = curl_easy_escape(handle(curl_), text.data(), static_cast<int>(text.size()));
    if (escaped == nullptr) throw std::runtime_error("curl_easy_escape failed");
    std::string result(escaped);
    curl_free(escaped);
    return result;
}

HttpResponse HttpClient::get(const std::string& url, const std::string& bearer) {
    return send({"GET", url, std::nullopt, bearer});
}

HttpResponse HttpClient::post(const std::string& url, std::string body, const std::string& bearer) {
    return send({"POST", url, std::move(body), bearer});
}

HttpResponse HttpClient::put(const std::string& url, std::string body, const std::string& bearer) {
    return send({"PUT", url, std::move(body), bearer});
}

HttpResponse HttpClient::patch(const std::string& url, std::string body,
                               const std::string& bearer) {
    return send({"PATCH", url, std::move(body), bearer});
}

}  // namespace pt::test
