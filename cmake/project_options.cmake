# Shared interface targets: every target links terminal::options and terminal::warnings.
add_library(pt_options INTERFACE)
add_library(terminal::options ALIAS pt_options)
target_compile_features(pt_options INTERFACE cxx_std_20)
target_compile_definitions(pt_options INTERFACE PT_VERSION="${PROJECT_VERSION}")

add_library(pt_warnings INTERFACE)
add_library(terminal::warnings ALIAS pt_warnings)
target_compile_options(pt_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                             -Wold-style-cast -Wcast-align -Woverloaded-virtual
                                             -Wnull-dereference -Wformat=2
                                             # Aggregates here have default member initializers;
                                             # naming a few fields is the point of designated init.
                                             -Wno-missing-field-initializers
                                             # Implicit narrowing and sign changes, a missing
                                             # override (cmake_template's set).
                                             -Wconversion -Wsign-conversion -Wsuggest-override)
# GCC's alone (clang 14, the fuzz tree's compiler, has none of them).
target_compile_options(pt_warnings INTERFACE
                       "$<$<CXX_COMPILER_ID:GNU>:-Wduplicated-cond;-Wlogical-op;-Wuseless-cast>")

if(PT_SANITIZE)
  set(pt_san_flags -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_compile_options(pt_options INTERFACE ${pt_san_flags})
  target_link_options(pt_options INTERFACE ${pt_san_flags})
  target_compile_definitions(pt_options INTERFACE PT_SANITIZED=1)
endif()

# The test-only trees (ASan, TSan, fuzz) keep line tables, all a sanitizer report needs, not full
# debug information (the Beast server unit under ASan: 97 s with -g, 81 s with -g1). Their
# programs never ship; the release tree keeps -g for the -dbgsym packages.
if(PT_SANITIZE OR PT_TSAN OR PT_FUZZ)
  target_compile_options(pt_options INTERFACE -g1)
endif()

# ThreadSanitizer (the test command's third tree: unit, integration and crash tests). Not
# combinable with ASan; built with the usual compiler.
if(PT_TSAN)
  if(PT_SANITIZE OR PT_FUZZ)
    message(FATAL_ERROR "PT_TSAN cannot be combined with PT_SANITIZE or PT_FUZZ")
  endif()
  set(pt_tsan_flags -fsanitize=thread -fno-omit-frame-pointer)
  # -O1, as ThreadSanitizer's documentation suggests: half the compile time of -O2 here (the
  # Beast server unit: 102 s -> 51 s) for the same reports.
  target_compile_options(pt_options INTERFACE ${pt_tsan_flags} -O1)
  target_link_options(pt_options INTERFACE ${pt_tsan_flags})
  target_compile_definitions(pt_options INTERFACE PT_SANITIZED=1 PT_TSAN=1)
endif()

# Coverage-guided fuzzing (tests/fuzz): clang's libFuzzer, with ASan+UBSan, on every library the
# targets link, so coverage reaches into them. Only the fuzz targets are meant to be built here.
if(PT_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "PT_FUZZ needs clang (CXX=clang++-14)")
  endif()
  set(pt_fuzz_flags -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                    -fno-sanitize-recover=undefined)
  # -O1, as libFuzzer's documentation builds its targets.
  target_compile_options(pt_options INTERFACE ${pt_fuzz_flags} -O1)
  target_link_options(pt_options INTERFACE -fsanitize=address,undefined)
  target_compile_definitions(pt_options INTERFACE PT_SANITIZED=1 PT_FUZZING=1)
endif()

# Hardening of everything we ship (tests/packaging/check-hardening.sh checks the packaged
# programs with hardening-check). Every object gets it through terminal::options, so the static
# libraries linked into the programs are protected too, not just their main.cpp.
#   -fstack-protector-strong   canaries in functions with arrays or address-taken locals
#   -fstack-clash-protection   large stack frames are probed page by page
#   -fcf-protection            Intel CET (endbr64, shadow stack markers) on x86-64;
#   -mbranch-protection        its arm64 counterpart (BTI, pointer authentication)
#   PIE, -z relro -z now       full RELRO: the GOT is read-only once the program has started
#   _FORTIFY_SOURCE=2          checked memcpy/snprintf/read …; it needs the optimizer (glibc warns
#                              without -O) and clashes with the sanitizers' own interceptors, so
#                              only optimized builds without ASan, TSan or libFuzzer get it
# PIE is named here, not through POSITION_INDEPENDENT_CODE: that gives the static libraries
# -fPIC, whose interposable calls keep GCC from inlining across them; -fPIE does not (and Debian's
# GCC defaults to it anyway; this keeps it so with any compiler). No target here is a shared library.
include(CheckCXXCompilerFlag)
target_compile_options(pt_options INTERFACE -fPIE -fstack-protector-strong -fstack-clash-protection)
check_cxx_compiler_flag(-fcf-protection=full PT_HAVE_CF_PROTECTION)
check_cxx_compiler_flag(-mbranch-protection=standard PT_HAVE_BRANCH_PROTECTION)
if(PT_HAVE_CF_PROTECTION)
  target_compile_options(pt_options INTERFACE -fcf-protection=full)
elseif(PT_HAVE_BRANCH_PROTECTION)
  target_compile_options(pt_options INTERFACE -mbranch-protection=standard)
endif()
target_link_options(pt_options INTERFACE -pie -Wl,-z,relro -Wl,-z,now)
if(NOT PT_SANITIZE AND NOT PT_TSAN AND NOT PT_FUZZ)
  target_compile_definitions(
    pt_options INTERFACE $<$<CONFIG:Release,RelWithDebInfo,MinSizeRel>:_FORTIFY_SOURCE=2>)
endif()

if(PT_CLANG_TIDY)
  find_program(CLANG_TIDY_EXE NAMES clang-tidy REQUIRED)
  set(CMAKE_CXX_CLANG_TIDY ${CLANG_TIDY_EXE})
endif()

# pt_include_root(TARGET NAME): the target's own include root, a directory in the build tree
# (include/NAME) holding one link, to the current folder under its path from the project root.
# "sync/store/outbox.h" resolves for the target and for what links it; a header of a library it
# does not link does not resolve at all: the compiler holds the layers (tests/architecture
# checks their order).
function(pt_include_root target name)
  file(RELATIVE_PATH folder ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR})
  set(root ${PROJECT_BINARY_DIR}/include/${name})
  get_filename_component(parent ${root}/${folder} DIRECTORY)
  file(MAKE_DIRECTORY ${parent})
  file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR} ${root}/${folder} SYMBOLIC)
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "EXECUTABLE")
    target_include_directories(${target} PRIVATE ${root})
  else()
    target_include_directories(${target} PUBLIC ${root})
  endif()
endfunction()

# pt_library(NAME alias SOURCES ...): a static library with the shared options and its own
# include root.
function(pt_library name alias)
  add_library(${name} STATIC ${ARGN})
  add_library(terminal::${alias} ALIAS ${name})
  target_link_libraries(${name} PUBLIC terminal::options PRIVATE terminal::warnings)
  pt_include_root(${name} ${alias})
endfunction()
