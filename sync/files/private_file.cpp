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

void sync_directory_of(const std::filesystem::path& file) {
    std::filesystem::path directory = file.parent_path();
    if (directory.empty()) directory = ".";
    const int dir_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
        (void)::fsync(dir_fd);  // best effort: the entry is there; a power cut may lose it
        ::close(dir_fd);
    }
}

}  // namespace

void create_private_file(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) return;
        fail("creating", file);
    }
    ::close(fd);
    sync_directory_of(file);  // SQLite syncs the directory again for the WAL
}

void write_file_atomically(const std::filesystem::path& file, std::string_view content,
                           mode_t mode) {
    const std::filesystem::path partial = file.string() + ".partial";
    const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) fail("creating", partial);
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            const int saved = errno;
            ::close(fd);
            ::unlink(partial.c_str());
            errno = saved;
            fail("writing", partial);
        }
        written += static_cast<std::size_t>(n);
    }
    // O_CREAT's mode is masked by the umask and ignored for a leftover partial file.
    if (::fchmod(fd, mode) != 0 || ::fsync(fd) != 0) {
        const int saved = errno;
        ::close(fd);
        ::unlink(partial.c_str());
        errno = saved;
        fail("syncing", partial);
    }
    ::close(fd);
    if (::rename(partial.c_str(), file.c_str()) != 0) {
        const int saved = errno;
        ::unlink(partial.c_str());
        errno = saved;
        fail("renaming to", file);
    }
    sync_directory_of(file);
}

void write_private_file(const std::filesystem::path& file, std::string_view content) {
    write_file_atomically(file, content, 0600);
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
