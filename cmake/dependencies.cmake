# Every dependency comes from Debian 12's archive (scripts/install-deps installs them).
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(SQLiteCpp REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CURL REQUIRED)
find_package(tomlplusplus 3 REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
# plan-server's HTTP: Boost.Beast on Asio (header-only, libboost-dev), TLS through OpenSSL.
find_package(Boost 1.74 REQUIRED)
find_package(OpenSSL 3 REQUIRED)
# plan-server draws provisioning barcodes (issue 16): QR codes with libqrencode, Code 128 with
# libzint, which Debian 12 ships without a pkg-config file. libzint's runtime package cannot be
# installed for arm64 beside the build machine's own (it is not Multi-Arch: same), so a cross
# build goes without it and its plan-server answers Code 128 with 501.
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
# A cross build does not look: find_library would take the build machine's /usr/lib/libzint.so.
if(NOT CMAKE_CROSSCOMPILING)
  find_path(ZINT_INCLUDE_DIR zint.h)
  find_library(ZINT_LIBRARY zint)
endif()
if(NOT CMAKE_CROSSCOMPILING AND ZINT_INCLUDE_DIR AND ZINT_LIBRARY)
  add_library(pt_zint INTERFACE)
  add_library(terminal::zint ALIAS pt_zint)
  target_include_directories(pt_zint SYSTEM INTERFACE ${ZINT_INCLUDE_DIR})
  target_link_libraries(pt_zint INTERFACE ${ZINT_LIBRARY})
elseif(NOT CMAKE_CROSSCOMPILING)
  message(FATAL_ERROR "libzint not found: apt-get install libzint-dev (scripts/install-deps)")
endif()
# Scanners attached as evdev devices are grabbed exclusively through libevdev.
pkg_check_modules(EVDEV REQUIRED IMPORTED_TARGET libevdev)
if(PT_BUILD_TESTS)
  find_package(doctest REQUIRED)
endif()
# The kiosk's window and screens: Dear ImGui 1.86 (a static library with the GLFW and OpenGL 3
# backends and FreeType compiled in), GLFW, Mesa's GL, FreeType, and libsystemd for sd_notify.
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET GLOBAL imgui)
find_package(glfw3 3.3 REQUIRED)
find_package(OpenGL REQUIRED)
find_package(Freetype REQUIRED)
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
# Their headers are system headers (no warnings of theirs). Two targets:
# terminal::imgui_core — Dear ImGui with FreeType, no window and no GL: what the screens draw
# with (ui/), so a program that only draws, like the headless screen tests, links neither;
# terminal::imgui — that plus the GLFW and OpenGL 3 backends, for the window.
add_library(pt_imgui_core INTERFACE)
add_library(terminal::imgui_core ALIAS pt_imgui_core)
target_include_directories(pt_imgui_core SYSTEM INTERFACE ${IMGUI_INCLUDE_DIRS})
target_link_libraries(pt_imgui_core INTERFACE PkgConfig::IMGUI Freetype::Freetype)
add_library(pt_imgui INTERFACE)
add_library(terminal::imgui ALIAS pt_imgui)
target_include_directories(pt_imgui SYSTEM INTERFACE ${IMGUI_INCLUDEDIR}/backends)
target_link_libraries(pt_imgui INTERFACE pt_imgui_core glfw OpenGL::GL ${CMAKE_DL_LIBS})
