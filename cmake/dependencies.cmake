# Every dependency comes from Debian 12's archive (scripts/install-deps installs them).
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
find_package(SQLiteCpp REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CURL REQUIRED)
find_package(tomlplusplus 3 REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
# Debian's cpp-httplib is a compiled library (libcpp-httplib.so) configured by pkg-config.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
# Scanners attached as evdev devices are grabbed exclusively through libevdev.
pkg_check_modules(EVDEV REQUIRED IMPORTED_TARGET libevdev)
if(PT_BUILD_TESTS)
  find_package(doctest REQUIRED)
endif()
