#include "tests/support/webdriver.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <fstream>
#include <thread>

#include "tests/support/file_contents.h"

namespace pt::test {
namespace {

using nlohmann::json;
constexpr const char* kElementKey = "element-6066-11e4-a52e-4f735466cecf";

/// A port nobody listens on now (the kernel's pick), for chromedriver's --port.
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
        if (fd >= 0) ::close(fd);
        throw WebDriverError("no free port for chromedriver");
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

std::string base64_decode(const std::string& text) {
    std::array<int, 256> value{};
    value.fill(-1);
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (std::size_t i = 0; i < alphabet.size(); ++i)
        value[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
    std::string out;
    out.reserve(text.size() * 3 / 4);
    unsigned bits = 0;
    int count = 0;
    for (const char c : text) {
        const int v = value[static_cast<unsigned char>(c)];
        if (v < 0) continue;  // padding, line breaks
        bits = (bits << 6U) | static_cast<unsigned>(v);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out.push_back(static_cast<char>((bits >> static_cast<unsigned>(count)) & 0xFFU));
        }
    }
    return out;
}

Element element_of(const json& value) {
    if (!value.is_object() || !value.contains(kElementKey))
        throw WebDriverError("not an element: " + value.dump());
    return Element{value.at(kElementKey).get<std::string>()};
}

}  // namespace

Browser::Browser(int width, int height, const std::filesystem::path& log_dir)
    : log_file_(log_dir / "chromedriver.log") {
    for (const char* tool : {"/usr/bin/chromedriver", "/usr/bin/chromium"}) {
        if (::access(tool, X_OK) != 0)
            throw WebDriverError(std::string(tool) +
                                 " is missing (scripts/install-deps installs it)");
    }
    const int port = free_port();
    std::vector<std::string> args = {"/usr/bin/chromedriver", "--port=" + std::to_string(port),
                                     "--log-path=" + log_file_.string()};
    std::vector<char*> argv;
    for (auto& arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    const pid_t parent = ::getpid();
    driver_pid_ = ::fork();
    if (driver_pid_ < 0) throw WebDriverError("fork failed");
    if (driver_pid_ == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(126);
        const int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
        if (null_fd < 0 || ::dup2(null_fd, 0) < 0 || ::dup2(null_fd, 1) < 0 ||
            ::dup2(null_fd, 2) < 0) {
            ::_exit(126);
        }
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    driver_url_ = "http://127.0.0.1:" + std::to_string(port);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    for (;;) {
        try {
            const auto status = http_.get(driver_url_ + "/status");
            if (status.status == 200 && json::parse(status.body)["value"].value("ready", false))
                break;
        } catch (const std::exception&) {
            // not listening yet
        }
        if (std::chrono::steady_clock::now() > deadline)
            throw WebDriverError("chromedriver did not come up\n" + file_contents(log_file_));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const json options = {
        {"binary", "/usr/bin/chromium"},
        {"args",
         {"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
          "--disable-background-networking", "--disable-dev-shm-usage", "--lang=en-US",
          "--window-size=" + std::to_string(width) + "," + std::to_string(height)}},
    };
    const json created = call(
        "POST", "/session",
        json{{"capabilities",
              {{"alwaysMatch", {{"browserName", "chrome"}, {"goog:chromeOptions", options}}}}}});
    session_ = created.at("sessionId").get<std::string>();
}

Browser::~Browser() {
    try {
        if (!session_.empty()) call("DELETE", "/session/" + session_);
    } catch (const std::exception&) {
        // the driver is killed below anyway
    }
    if (driver_pid_ > 0) {
        ::kill(driver_pid_, SIGTERM);
        int status = 0;
        ::waitpid(driver_pid_, &status, 0);
    }
}

json Browser::call(const std::string& method, const std::string& path,
                   const std::optional<json>& body) {
    HttpRequest request;
    request.method = method;
    request.url = driver_url_ + path;
    if (body)
        request.body = body->dump();
    else if (method == "POST")
        request.body = "{}";
    const HttpResponse response = http_.send(request);
    json answer = json::parse(response.body, nullptr, false);
    if (answer.is_discarded())
        throw WebDriverError(method + " " + path + ": not JSON: " + response.body.substr(0, 300));
    if (response.status != 200) {
        const json& value = answer["value"];
        throw WebDriverError(method + " " + path + ": " + value.value("error", "?") + ": " +
                             value.value("message", "").substr(0, 600));
    }
    return answer["value"];
}

std::string Browser::session_path(const std::string& rest) const {
    return "/session/" + session_ + rest;
}

void Browser::go(const std::string& url) {
    call("POST", session_path("/url"), json{{"url", url}});
}

void Browser::resize(int width, int height) {
    call("POST", session_path("/window/rect"), json{{"width", width}, {"height", height}});
}

std::string Browser::url() {
    return call("GET", session_path("/url")).get<std::string>();
}

std::vector<Element> Browser::find_all(const std::string& css) {
    std::vector<Element> found;
    for (const json& value :
         call("POST", session_path("/elements"), json{{"using", "css selector"}, {"value", css}})) {
        found.push_back(element_of(value));
    }
    return found;
}

Element Browser::find(const std::string& css, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto found = find_all(css);
        if (!found.empty()) return found.front();
        if (std::chrono::steady_clock::now() > deadline)
            throw WebDriverError("no element '" + css + "' on " + url());
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

bool Browser::appears(const std::string& css, std::chrono::milliseconds timeout) {
    try {
        (void)find(css, timeout);
        return true;
    } catch (const WebDriverError&) {
        return false;
    }
}

Element Browser::find_with_text(const std::string& css, const std::string& text,
                                std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        for (const Element& element : find_all(css)) {
            try {
                if (this->text(element).find(text) != std::string::npos) return element;
            } catch (const WebDriverError&) {
                // went stale while we looked
            }
        }
        if (std::chrono::steady_clock::now() > deadline)
            throw WebDriverError("no '" + css + "' with text '" + text + "' on " + url());
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

void Browser::click(const Element& element) {
    call("POST", session_path("/element/" + element.id + "/click"));
}

void Browser::type(const Element& element, const std::string& text) {
    call("POST", session_path("/element/" + element.id + "/value"), json{{"text", text}});
}

void Browser::clear(const Element& element) {
    call("POST", session_path("/element/" + element.id + "/clear"));
}

std::string Browser::text(const Element& element) {
    return call("GET", session_path("/element/" + element.id + "/text")).get<std::string>();
}

json Browser::property(const Element& element, const std::string& name) {
    return call("GET", session_path("/element/" + element.id + "/property/" + name));
}

json Browser::run(const std::string& script, const json& args) {
    return call("POST", session_path("/execute/sync"), json{{"script", script}, {"args", args}});
}

json Browser::run_async(const std::string& script, const json& args) {
    return call("POST", session_path("/execute/async"), json{{"script", script}, {"args", args}});
}

std::filesystem::path Browser::screenshot(const std::filesystem::path& file) {
    const std::string png =
        base64_decode(call("GET", session_path("/screenshot")).get<std::string>());
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << png;
    return file;
}

void Browser::wait_for(const std::string& what, const std::string& condition,
                       std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const json result = run(condition);
        if (!result.is_null() && result != false && result != 0 && result != "") return;
        if (std::chrono::steady_clock::now() > deadline)
            throw WebDriverError("waited in vain for " + what + " on " + url());
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

}  // namespace pt::test
