#include "sync/server/command_support.h"

#include <SQLiteCpp/Statement.h>

#include <cstdio>
#include <ctime>
#include <filesystem>

#include "sync/server/database.h"

namespace pt::server {

std::optional<SQLite::Database> open_for_command(const std::string& file, const char* command) {
    if (!std::filesystem::exists(file)) {
        std::fprintf(stderr,
                     "plan-server %s: no database at %s (plan-server makes it at its first "
                     "start)\n",
                     command, file.c_str());
        return std::nullopt;
    }
    {
        SQLite::Database existing(file, SQLite::OPEN_READONLY);
        SQLite::Statement version(existing, "PRAGMA user_version");
        version.executeStep();
        if (version.getColumn(0).getInt() != kSchemaVersion) {
            std::fprintf(stderr,
                         "plan-server %s: %s has schema %d, this plan-server %d: start this "
                         "plan-server on it first\n",
                         command, file.c_str(), version.getColumn(0).getInt(), kSchemaVersion);
            return std::nullopt;
        }
    }
    return open_database(file);
}

std::string utc_text(plan::Timestamp at) {
    const std::time_t t = std::chrono::system_clock::to_time_t(at);
    std::tm parts{};
    ::gmtime_r(&t, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

}  // namespace pt::server
