# One smoke test of a shipped program (tests/smoke/CMakeLists.txt):
#   cmake -DPROGRAM=FILE -DNAME=NAME -DCHECK=CHECK -DVERSION=X.Y.Z -P check_program.cmake
# CHECK is what the program is asked and must answer:
#   help            --help: exit 0, a usage text on standard output ("usage: NAME …") that names
#                   --help and --version, nothing on standard error
#   version         --version: exit 0, exactly "NAME VERSION" on standard output, nothing on
#                   standard error
#   unknown_option  --no-such-option: exit 2 (bad usage, as each program documents), nothing on
#                   standard output, a message on standard error that starts with "NAME: " and
#                   names the option
foreach(variable PROGRAM NAME CHECK VERSION)
  if(NOT DEFINED ${variable})
    message(FATAL_ERROR "check_program.cmake: -D${variable}=… is missing")
  endif()
endforeach()

if(CHECK STREQUAL "help")
  set(arguments --help)
elseif(CHECK STREQUAL "version")
  set(arguments --version)
elseif(CHECK STREQUAL "unknown_option")
  set(arguments --no-such-option)
else()
  message(FATAL_ERROR "check_program.cmake: unknown CHECK '${CHECK}'")
endif()

execute_process(COMMAND ${PROGRAM} ${arguments} RESULT_VARIABLE status OUTPUT_VARIABLE out
                ERROR_VARIABLE err TIMEOUT 30)
set(run "${NAME} ${arguments}")
set(shown "exit status: ${status}\nstandard output:\n${out}\nstandard error:\n${err}")

if(CHECK STREQUAL "unknown_option")
  # A number: a crash or a timeout is reported as text, and is no answer either.
  if(NOT status STREQUAL "2")
    message(FATAL_ERROR "${run}: exit status 2 (bad usage) expected\n${shown}")
  endif()
  if(NOT out STREQUAL "")
    message(FATAL_ERROR "${run}: nothing on standard output expected\n${shown}")
  endif()
  string(FIND "${err}" "${NAME}: " prefix_at)
  string(FIND "${err}" "--no-such-option" option_at)
  if(NOT prefix_at EQUAL 0 OR option_at EQUAL -1)
    message(FATAL_ERROR "${run}: a message naming the option on standard error expected\n${shown}")
  endif()
  return()
endif()

if(NOT status STREQUAL "0")
  message(FATAL_ERROR "${run}: exit status 0 expected\n${shown}")
endif()
if(NOT err STREQUAL "")
  message(FATAL_ERROR "${run}: nothing on standard error expected\n${shown}")
endif()
if(CHECK STREQUAL "version")
  if(NOT out STREQUAL "${NAME} ${VERSION}\n")
    message(FATAL_ERROR "${run}: '${NAME} ${VERSION}' (the project's version) expected\n${shown}")
  endif()
else()
  string(FIND "${out}" "usage: ${NAME} " usage_at)
  string(FIND "${out}" "--help" help_at)
  string(FIND "${out}" "--version" version_at)
  if(NOT usage_at EQUAL 0 OR help_at EQUAL -1 OR version_at EQUAL -1)
    message(FATAL_ERROR
            "${run}: a usage text ('usage: ${NAME} …', naming --help and --version) expected\n"
            "${shown}")
  endif()
endif()
