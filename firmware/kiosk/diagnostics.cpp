#include "firmware/kiosk/diagnostics.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <ctime>

namespace pt::kiosk {

double ms_since_process_start() {
    std::FILE* stat = std::fopen("/proc/self/stat", "r");
    if (stat == nullptr) return -1;
    char buffer[1024];
    const std::size_t n = std::fread(buffer, 1, sizeof buffer - 1, stat);
    std::fclose(stat);
    buffer[n] = '\0';
    const char* after_name = std::strrchr(buffer, ')');  // the name may contain spaces
    if (after_name == nullptr) return -1;
    unsigned long long start_ticks = 0;
    // Fields 3..22 follow the name; starttime is field 22.
    // NOLINTNEXTLINE(cert-err34-c): the count of fields converted is checked; /proc is trusted.
    if (std::sscanf(after_name + 2,
                    "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d "
                    "%llu",
                    &start_ticks) != 1) {
        return -1;
    }
    timespec boot{};
    ::clock_gettime(CLOCK_BOOTTIME, &boot);
    const double now_ms =
        static_cast<double>(boot.tv_sec) * 1e3 + static_cast<double>(boot.tv_nsec) / 1e6;
    return now_ms -
           static_cast<double>(start_ticks) * 1e3 / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

double process_cpu_ms() {
    timespec t{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

}  // namespace pt::kiosk
