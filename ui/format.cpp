#include "ui/format.h"

#include <cstdio>
#include <ctime>

namespace pt::ui {
namespace {

std::tm local(std::chrono::system_clock::time_point t) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
    std::tm parts{};
    ::localtime_r(&seconds, &parts);
    return parts;
}

}  // namespace

std::string clock_hm(std::chrono::system_clock::time_point t) {
    const std::tm p = local(t);
    char text[16];
    std::snprintf(text, sizeof text, "%02d:%02d", p.tm_hour, p.tm_min);
    return text;
}

std::string clock_hms(std::chrono::system_clock::time_point t) {
    const std::tm p = local(t);
    char text[16];
    std::snprintf(text, sizeof text, "%02d:%02d:%02d", p.tm_hour, p.tm_min, p.tm_sec);
    return text;
}

std::string day_time(std::chrono::system_clock::time_point t, const Translations& tr) {
    const std::tm p = local(t);
    char text[48];
    std::snprintf(text, sizeof text, "%s %02d.%02d. %02d:%02d", tr(kDayKeys[p.tm_wday % 7]),
                  p.tm_mday, p.tm_mon + 1, p.tm_hour, p.tm_min);
    return text;
}

std::string duration_hms(std::chrono::seconds d) {
    const long long total = d.count() < 0 ? 0 : d.count();
    char text[32];
    if (total >= 3600) {
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", total / 3600, (total / 60) % 60,
                      total % 60);
    } else {
        std::snprintf(text, sizeof text, "%lld:%02lld", total / 60, total % 60);
    }
    return text;
}

std::string ago(std::chrono::system_clock::time_point then,
                std::chrono::system_clock::time_point now, const Translations& tr) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now - then).count();
    if (seconds < 60) return tr("time.just_now");
    if (seconds < 3600) return format_text(tr("time.minutes_ago"), {std::to_string(seconds / 60)});
    if (seconds < 86400) return format_text(tr("time.hours_ago"), {std::to_string(seconds / 3600)});
    return format_text(tr("time.days_ago"), {std::to_string(seconds / 86400)});
}

const char* status_text(plan::WorkStepStatus status, const Translations& tr) {
    switch (status) {
        case plan::WorkStepStatus::open:
            return tr("status.open");
        case plan::WorkStepStatus::in_progress:
            return tr("status.in_progress");
        case plan::WorkStepStatus::paused:
            return tr("status.paused");
        case plan::WorkStepStatus::finished:
            return tr("status.finished");
        case plan::WorkStepStatus::cancelled:
            return tr("status.cancelled");
    }
    return tr("status.open");
}

const char* status_text(plan::ProcessStatus status, const Translations& tr) {
    switch (status) {
        case plan::ProcessStatus::open:
            return tr("status.open");
        case plan::ProcessStatus::in_progress:
            return tr("status.in_progress");
        case plan::ProcessStatus::done:
            return tr("status.done");
        case plan::ProcessStatus::cancelled:
            return tr("status.cancelled");
    }
    return tr("status.open");
}

}  // namespace pt::ui
