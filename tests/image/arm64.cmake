# The arm64 image (issue #5 item 6; images/build-image --arch arm64, images/rpi4/README.md),
# included from tests/image/CMakeLists.txt. Label `image`; without root both tests are
# skipped (77).
#
# image_arm64_build (fixture pt_image_arm64): cross-builds the packages in the source tree's
#   build/arm64 (Debian's cross toolchain, incremental: ~1 s when nothing changed, ~2 min from
#   scratch on 2 cores), cpack, then the root file system with mmdebstrap under qemu-user and
#   the disk image. Needs root, the Debian mirror (main and non-free-firmware) and qemu-aarch64
#   registered with binfmt_misc (scripts/install-deps --images --arm64). The slow part is mmdebstrap: every
#   maintainer script runs emulated, mkinitramfs too (with a short module list, MODULES=list:
#   images/rpi4/initramfs-modules; measured in images/rpi4/README.md).
# image_arm64_check: the static checks of check-image on that image (~5 s; it reads the
#   architecture from the image and adds the Raspberry Pi and initrd checks).
# image_arm64_hardening: tests/packaging/check-hardening.sh on the cross-built packages
#   (~15 s).
# Both also carry the label `image-arm64` (`ctest -L image -LE image-arm64` leaves them out for
# a quicker round). The build takes ~5–5.5 min here alone (it took ~12.5 min with Debian's
# MODULES=most initrd, ~8 min of it emulated mkinitramfs); on one core beside the other image
# tests of a clean-clone run it took 31 min (1864 s), in CI 36 min, and 40+ min in a run with
# more beside it: the cross build alone took 25 of them on its core. So the test cross-builds in
# unity batches (build-image --unity; a release compiles source by source), and TIMEOUT is 60
# min: a slow run ends with the amd64 tests, not with a timeout. It takes one processor
# slot: the cross build is held to one compile job, and mmdebstrap under qemu-user is one
# emulated process at a time, so the other core runs the next test (it ran alone, RUN_SERIAL,
# until the CI run grew past its time budget; a core then idled for most of those minutes).
set(pt_arm64_image_dir ${PROJECT_BINARY_DIR}/image-arm64)
set(pt_arm64_image ${pt_arm64_image_dir}/partner-terminal-${PROJECT_VERSION}-arm64.img)
set(pt_arm64_need_root "if ((EUID != 0)); then echo 'needs root'; exit 77; fi")
add_test(NAME image_arm64_build
         COMMAND bash -c "${pt_arm64_need_root}; exec \"$0\" --arch arm64 --cross-build --unity --out \"$1\""
                 ${PROJECT_SOURCE_DIR}/images/build-image ${pt_arm64_image_dir})
add_test(NAME image_arm64_check
         COMMAND bash -c "${pt_arm64_need_root}; exec \"$0\" \"$1\""
                 ${CMAKE_CURRENT_SOURCE_DIR}/check-image ${pt_arm64_image})
set_tests_properties(image_arm64_build PROPERTIES FIXTURES_SETUP pt_image_arm64 TIMEOUT 3600
                     ENVIRONMENT "CMAKE_BUILD_PARALLEL_LEVEL=1" COST 1000)
# The cross-built packages carry the same hardening as the amd64 ones (BTI and PAC for
# control flow; check-hardening.sh, ~15 s).
add_test(NAME image_arm64_hardening
         COMMAND bash -c "${pt_arm64_need_root}; exec bash \"$0\" \"$1\""
                 ${PROJECT_SOURCE_DIR}/tests/packaging/check-hardening.sh ${PROJECT_SOURCE_DIR}/build/arm64)
set_tests_properties(image_arm64_check image_arm64_hardening PROPERTIES
                     FIXTURES_REQUIRED pt_image_arm64 TIMEOUT 300)
set_tests_properties(image_arm64_build image_arm64_check image_arm64_hardening PROPERTIES
                     LABELS "image;image-arm64" SKIP_RETURN_CODE 77)
set_property(TEST image_arm64_build image_arm64_check image_arm64_hardening
             APPEND PROPERTY ENVIRONMENT "LC_ALL=C;TZ=UTC")
