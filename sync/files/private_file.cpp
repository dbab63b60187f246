#include "sync/files/private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace pt::files {
namespace {

[[noreturn]] void fail(const std::string& action, const std::filesystem::path& file) {
    throw std::system_error(errno, std::generic_category(), action + " " + file.string());
}

}  // namespace

void create_private_file(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) return;
        fail("creating", file);
    }
    ::close(fd);
    std::filesystem::path directory = file.parent_path();
    if (directory.empty()) directory = ".";
    const int dir_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
        (void)::fsync(dir_fd);  // best effort: SQLite syncs the directory again for the WAL
        ::close(dir_fd);
    }
}

void make_private(const std::filesystem::path& file) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
        const std::filesystem::path path = file.string() + suffix;
        struct stat status {};
        if (::stat(path.c_str(), &status) != 0) {
            if (errno == ENOENT) continue;
            fail("checking the mode of", path);
        }
        // ENOENT: another connection closed and removed its -wal / -shm in between.
        if ((status.st_mode & 0077) != 0 && ::chmod(path.c_str(), 0600) != 0 && errno != ENOENT) {
            fail("making private", path);
        }
    }
}

}  // namespace pt::files
