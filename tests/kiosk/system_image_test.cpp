#include "firmware/kiosk/system_image.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/temp_dir.h"

namespace pt::kiosk {
namespace {

void write(const std::filesystem::path& file, const std::string& text) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file) << text;
}

TEST_CASE("the boot slot is the rauc.slot word of the kernel command line") {
    CHECK(boot_slot_of("BOOT_IMAGE=/vmlinuz root=PARTUUID=6f60 rauc.slot=B ro quiet") == "B");
    CHECK(boot_slot_of("rauc.slot=A\n") == "A");
    CHECK(boot_slot_of("root=/dev/vda2 ro quiet") == "");
    CHECK(boot_slot_of("") == "");
    CHECK(boot_slot_of("xrauc.slot=B rauc.slots=A") == "");
    CHECK(boot_slot_of("rauc.slot=A rauc.slot=B") == "B");  // the last one, as the kernel reads it
    CHECK(boot_slot_of("rauc.slot=" + std::string(100, 'x')) == "");
}

TEST_CASE("the image's version and slot are read from the image's files; a dev machine has none") {
    test::TempDir root;
    CHECK(read_system_image(root.path()).version.empty());
    CHECK(read_system_image(root.path()).slot.empty());

    write(root.path() / "usr/lib/partner-terminal-image/version", "0.2.0\n");
    write(root.path() / "proc/cmdline", "root=PARTUUID=0e1f rauc.slot=B ro panic=10\n");
    const SystemImage image = read_system_image(root.path());
    CHECK(image.version == "0.2.0");
    CHECK(image.slot == "B");

    // A damaged version file shows nothing rather than garbage.
    write(root.path() / "usr/lib/partner-terminal-image/version", std::string(500, '9'));
    CHECK(read_system_image(root.path()).version.empty());
}

}  // namespace
}  // namespace pt::kiosk
