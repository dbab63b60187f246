// Files only their owner may read: the terminal's database and plan-server's (they hold tokens'
// hashes, badges' hashes, the outbox). Created with mode 0600 whatever the umask, before SQLite
// opens them; SQLite gives the -wal and -shm files the mode of the database file.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <stdexcept>
#include <string_view>

namespace pt::files {

/// Creates `file` with mode 0600 unless it exists, and syncs its directory so the new entry
/// survives a power cut. Throws std::system_error (with the path) when it cannot.
void create_private_file(const std::filesystem::path& file);
/// Takes group and other bits away from `file` and its `-wal` / `-shm` files where they have
/// any (a database created by an older version, or by hand). Throws std::system_error.
void make_private(const std::filesystem::path& file);
/// Writes `content` to `file` with `mode` whole or not at all: into `FILE.partial`, synced, then
/// renamed over `file` and the directory synced, so a crash leaves the old file or the new one.
/// Throws std::system_error (with the path) when it cannot.
void write_file_atomically(const std::filesystem::path& file, std::string_view content,
                           mode_t mode);
/// write_file_atomically with mode 0600.
void write_private_file(const std::filesystem::path& file, std::string_view content);

}  // namespace pt::files
