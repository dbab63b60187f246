# Debian packages (CPack DEB), one per component group:
#
#   partner-terminal  the kiosk program, terminal-sync, translations, the kiosk session (systemd
#                     unit, sysusers and tmpfiles entries)
#   plan-server       the reference central plan and its systemd unit
#
# Build them from a configured build tree:  cd BUILD && cpack -G DEB
# tests/packaging/check-debs.sh builds and checks them (ctest label `image`).
#
# Installed files come from the install() rules of the targets' folders (the programs, the
# translations) plus the rules here. Every rule names its COMPONENT, partner-terminal or
# plan-server, and each component is one package; a rule without one would land in CMake's
# `Unspecified` component, which is not shipped. Destinations come from GNUInstallDirs (included
# by the top CMakeLists.txt), the system files' from systemd's pkg-config.

set(pt_debian_dir ${PROJECT_SOURCE_DIR}/cmake/debian)
set(pt_systemd_dir ${PROJECT_SOURCE_DIR}/images/systemd)

# Debian 12's systemd wants units in /lib/systemd/system (not yet /usr/lib: dpkg does not know
# that the two are one directory on a merged-/usr system); pkg-config asks systemd itself.
pkg_get_variable(pt_systemd_unit_dir systemd systemdsystemunitdir)
pkg_get_variable(pt_sysusers_dir systemd sysusersdir)
pkg_get_variable(pt_tmpfiles_dir systemd tmpfilesdir)
if(NOT pt_systemd_unit_dir)
  set(pt_systemd_unit_dir /lib/systemd/system)
endif()
if(NOT pt_sysusers_dir)
  set(pt_sysusers_dir /usr/lib/sysusers.d)
endif()
if(NOT pt_tmpfiles_dir)
  set(pt_tmpfiles_dir /usr/lib/tmpfiles.d)
endif()

# --- partner-terminal ---------------------------------------------------------------------
# The system files go to absolute paths (/lib/systemd/system, /usr/lib/*.d), which
# `cmake --install --prefix DIR` would write onto the build machine itself. EXCLUDE_FROM_ALL keeps
# them out of a plain install; CPack installs its components by name, so the packages get them.
# (The kiosk, terminal-sync and the translations: firmware/kiosk, firmware/terminal_sync, ui/.)
install(FILES ${pt_systemd_dir}/partner-terminal.service
              ${pt_systemd_dir}/partner-terminal-provision.service
              ${pt_systemd_dir}/partner-terminal-healthy.service
        DESTINATION ${pt_systemd_unit_dir} COMPONENT partner-terminal EXCLUDE_FROM_ALL)
install(FILES ${pt_systemd_dir}/partner-terminal.sysusers DESTINATION ${pt_sysusers_dir}
        RENAME partner-terminal.conf COMPONENT partner-terminal EXCLUDE_FROM_ALL)
install(FILES ${pt_systemd_dir}/partner-terminal.tmpfiles DESTINATION ${pt_tmpfiles_dir}
        RENAME partner-terminal.conf COMPONENT partner-terminal EXCLUDE_FROM_ALL)
install(FILES ${pt_debian_dir}/partner-terminal/README.Debian
              ${pt_debian_dir}/partner-terminal/terminal.toml.example
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/partner-terminal COMPONENT partner-terminal)

# --- plan-server (its program: sync/server/CMakeLists.txt) -------------------------------------
install(FILES ${pt_systemd_dir}/plan-server.service DESTINATION ${pt_systemd_unit_dir}
        COMPONENT plan-server EXCLUDE_FROM_ALL)
install(FILES ${pt_debian_dir}/plan-server/README.Debian
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/plan-server COMPONENT plan-server)

# --- CPack ---------------------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "Partner Terminal")
set(CPACK_PACKAGE_CONTACT "Partner Terminal maintainers <maintainers@users.noreply.r-seed-041e6d3f.example>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
# Absolute install destinations (/lib/systemd/system, /usr/lib/sysusers.d) are what these packages are
# for; CPack's DEB generator stages them under the package root.
set(CPACK_WARN_ON_ABSOLUTE_INSTALL_DESTINATION OFF)

set(CPACK_DEB_COMPONENT_INSTALL ON)
# Exactly these components; anything installed under another name is not shipped.
set(CPACK_COMPONENTS_ALL partner-terminal plan-server)
set(CPACK_COMPONENTS_GROUPING ONE_PER_GROUP)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # NAME_VERSION_ARCH.deb, as Debian names them
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Library dependencies come from dpkg-shlibdeps (dpkg-dev) reading the binaries, so they name
# exactly the Debian packages and versions the build machine linked against.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Stripped binaries in the packages (an image carries them on every slot): CPack moves the debug
# information into NAME-dbgsym_VERSION_ARCH.ddeb next to each package (found by build id when a
# crash is analysed). Not CPACK_STRIP_FILES: that strips before CPack can keep the symbols.
set(CPACK_DEBIAN_DEBUGINFO_PACKAGE ON)

# Each package's Description is its component description: the first line is the summary,
# the rest the extended description (CPack indents it by one space, as Debian policy has it).
# Dependencies no linker sees:
#   fonts-dejavu-core  ui/theme.cpp loads DejaVuSans*.ttf from /usr/share/fonts via FreeType
#   libgl1-mesa-dri    Mesa's drivers (llvmpipe where there is no GPU), loaded by libGL at run time
#   cage, xwayland     the kiosk session: cage is the compositor; the app is a GLFW/X11 program
#                      (Debian's libglfw3), so cage runs it through Xwayland
#   seatd              gives cage the display and input devices (partner-terminal.service says
#                      why not a logind session)
#   systemd            the unit, sysusers and tmpfiles in postinst
set(CPACK_DEBIAN_PARTNER-TERMINAL_PACKAGE_NAME partner-terminal)
set(CPACK_DEBIAN_PARTNER-TERMINAL_PACKAGE_DEPENDS
    "systemd, seatd, fonts-dejavu-core, libgl1-mesa-dri, cage, xwayland")
set(CPACK_DEBIAN_PARTNER-TERMINAL_DESCRIPTION
    "Partner Terminal shop-floor kiosk
The touch kiosk on an external partner's shop floor: an operator scans a badge, sees that
partner's share of the central production plan and reports back, online or offline.
Includes the kiosk session (cage on tty1 as the user partner-terminal, watchdog, restart
on failure) and terminal-sync, the technicians' command-line tool.")
set(CPACK_DEBIAN_PARTNER-TERMINAL_PACKAGE_CONTROL_EXTRA
    ${pt_debian_dir}/partner-terminal/postinst ${pt_debian_dir}/partner-terminal/prerm
    ${pt_debian_dir}/partner-terminal/postrm)

set(CPACK_DEBIAN_PLAN-SERVER_PACKAGE_NAME plan-server)
set(CPACK_DEBIAN_PLAN-SERVER_PACKAGE_DEPENDS "systemd")
set(CPACK_DEBIAN_PLAN-SERVER_DESCRIPTION
    "Partner Terminal reference central plan server
plan-server serves the sync API that Partner Terminal kiosks enrol with, log in through,
pull their partner's plan from and push their reports to (HTTP or HTTPS, SQLite).
Runs as a systemd service with its database in /var/lib/plan-server.")
set(CPACK_DEBIAN_PLAN-SERVER_PACKAGE_CONTROL_EXTRA
    ${pt_debian_dir}/plan-server/postinst ${pt_debian_dir}/plan-server/prerm
    ${pt_debian_dir}/plan-server/postrm)

include(CPack)

cpack_add_component_group(partner-terminal)
cpack_add_component_group(plan-server)
cpack_add_component(partner-terminal GROUP partner-terminal)
cpack_add_component(plan-server GROUP plan-server)
