#include "tests/support/xvfb.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace pt::test {
namespace {

bool display_taken(int number) {
    return std::filesystem::exists("/tmp/.X" + std::to_string(number) + "-lock") ||
           std::filesystem::exists("/tmp/.X11-unix/X" + std::to_string(number));
}

}  // namespace

Xvfb::Xvfb(int width, int height) {
    const std::string screen = std::to_string(width) + "x" + std::to_string(height) + "x24";
    for (int number = 90 + ::getpid() % 50; number < 400; ++number) {
        if (display_taken(number)) continue;
        const std::string display = ":" + std::to_string(number);
        const pid_t child = ::fork();
        if (child < 0) throw std::runtime_error("fork failed for Xvfb");
        if (child == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            const int null = ::open("/dev/null", O_RDWR);
            ::dup2(null, 1);
            ::dup2(null, 2);
            ::execlp("Xvfb", "Xvfb", display.c_str(), "-screen", "0", screen.c_str(), "-nolisten",
                     "tcp", "-noreset", static_cast<char*>(nullptr));
            ::_exit(127);
        }
        // Ready when its socket exists; gone early means the number was taken after all.
        const auto socket = "/tmp/.X11-unix/X" + std::to_string(number);
        for (int i = 0; i < 200; ++i) {
            int status = 0;
            if (::waitpid(child, &status, WNOHANG) == child) {
                if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
                    throw std::runtime_error("Xvfb is not installed (scripts/install-deps)");
                break;
            }
            if (std::filesystem::exists(socket)) {
                pid_ = child;
                display_ = display;
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        ::kill(child, SIGKILL);
        ::waitpid(child, nullptr, 0);
    }
    throw std::runtime_error("no X display could be started with Xvfb");
}

Xvfb::~Xvfb() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
}

void Xvfb::screenshot(const std::filesystem::path& png) const {
    std::filesystem::create_directories(png.parent_path());
    if (run_on_display(display_, "import -window root '" + png.string() + "'") != 0)
        throw std::runtime_error("screenshot failed: " + png.string());
}

int run_on_display(const std::string& display, const std::string& command) {
    const std::string line = "DISPLAY=" + display + " " + command;
    const int status = std::system(line.c_str());
    if (status == -1 || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
}

std::filesystem::path screenshot_dir(const std::filesystem::path& default_dir) {
    if (const char* dir = std::getenv("PT_SCREENSHOT_DIR"); dir != nullptr && *dir != '\0')
        return dir;
    return default_dir;
}

}  // namespace pt::test
