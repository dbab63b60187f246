# Cross-compiling for 64-bit Arm (Raspberry Pi 4, arm64 panel PCs) on a Debian 12 x86-64 machine
# with Debian's cross toolchain and multiarch libraries (scripts/install-deps --arm64 installs
# crossbuild-essential-arm64, pkg-config:arm64 and the :arm64 -dev packages):
#
#   cmake -S . -B build/arm64 -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/aarch64-linux-gnu.cmake \
#         -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPT_BUILD_TESTS=OFF -DPT_BUILD_BENCH=OFF
#   cmake --build build/arm64 && (cd build/arm64 && DEB_HOST_ARCH=arm64 cpack -G DEB)
#
# images/build-image --arch arm64 --cross-build does exactly this. No sysroot: Debian's
# multiarch layout keeps the arm64 libraries in /usr/lib/aarch64-linux-gnu and their
# arch-specific headers in /usr/include/aarch64-linux-gnu next to the x86-64 ones; CMake finds
# them through CMAKE_LIBRARY_ARCHITECTURE, which it reads from the cross compiler.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(pt_triplet aarch64-linux-gnu)
set(CMAKE_C_COMPILER ${pt_triplet}-gcc)
set(CMAKE_CXX_COMPILER ${pt_triplet}-g++)
# CMake would otherwise take the x86-64 binutils for stripping and for CPack's debug packages.
find_program(CMAKE_OBJCOPY ${pt_triplet}-objcopy REQUIRED)
find_program(CMAKE_STRIP ${pt_triplet}-strip REQUIRED)
find_program(CMAKE_OBJDUMP ${pt_triplet}-objdump REQUIRED)

# pkg-config:arm64 installs aarch64-linux-gnu-pkg-config (pkgconf with the arm64 search path:
# /usr/lib/aarch64-linux-gnu/pkgconfig, /usr/share/pkgconfig).
find_program(PKG_CONFIG_EXECUTABLE ${pt_triplet}-pkg-config)
if(NOT PKG_CONFIG_EXECUTABLE)
  message(FATAL_ERROR "${pt_triplet}-pkg-config not found: apt-get install pkg-config:arm64 "
                      "(scripts/install-deps --arm64)")
endif()

# Programs built here cannot run on the build machine (unless qemu-user is registered with
# binfmt_misc); say so instead of letting try_run fail obscurely.
find_program(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64-static)

# CPack's DEB generator asks `dpkg --print-architecture` (amd64) unless told.
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE arm64 CACHE STRING "Debian architecture of the packages")
