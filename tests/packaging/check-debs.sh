#!/usr/bin/env bash
# Builds the Debian packages from a configured and built build tree and checks them.
#
#   tests/packaging/check-debs.sh BUILD_DIR             names, control fields, Depends, file
#                                                       lists, stripped binaries, scripts, units
#   tests/packaging/check-debs.sh --install BUILD_DIR   the above, then installs both packages
#                                                       with apt into a fresh Debian 12 chroot
#                                                       (mmdebstrap; root and the Debian mirror
#                                                       needed) and checks what they set up,
#                                                       runs the programs there, verifies the
#                                                       units, and purges them again
#
# Exit status: 0 all checks passed, 1 a check failed (each failure is printed), 2 bad usage or a
# missing tool, 77 --install without root (ctest reports it as skipped).
# PT_DEBIAN_MIRROR overrides the mirror mmdebstrap uses (default: its own for bookworm).
set -euo pipefail

usage() {
    echo "usage: $0 [--install] BUILD_DIR" >&2
    exit 2
}

install_check=0
if [[ "${1:-}" == "--install" ]]; then
    install_check=1
    shift
fi
(($# == 1)) || usage
build_dir=$(realpath "$1")
[[ -f "$build_dir/CPackConfig.cmake" ]] ||
    { echo "check-debs: $build_dir has no CPackConfig.cmake (not a configured build tree)" >&2; exit 2; }

for tool in cpack dpkg-deb dpkg-shlibdeps file systemd-analyze apt-get; do
    command -v "$tool" >/dev/null ||
        { echo "check-debs: '$tool' not found (scripts/install-deps --images installs it)" >&2; exit 2; }
done
if ((install_check)); then
    if ((EUID != 0)); then
        echo "check-debs: --install needs root (chroot into the test system); skipped" >&2
        exit 77
    fi
    command -v mmdebstrap >/dev/null ||
        { echo "check-debs: 'mmdebstrap' not found (scripts/install-deps --images installs it)" >&2; exit 2; }
fi

work=$(mktemp -d /tmp/check-debs.XXXXXX)
cleanup() {
    # The chroot may still have the host's /proc etc. mounted if mmdebstrap was interrupted.
    rm -rf --one-file-system "$work"
}
trap cleanup EXIT

# shellcheck source-path=SCRIPTDIR source=../support/checks.sh
source "$(dirname "$0")/../support/checks.sh"

# --- build -----------------------------------------------------------------------------------
version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build_dir/CPackConfig.cmake")
[[ -n "$version" ]] || { echo "check-debs: no CPACK_PACKAGE_VERSION in CPackConfig.cmake" >&2; exit 2; }
arch=$(dpkg --print-architecture)
deb_version="$version-1"

# -B: our own output directory, so a concurrent cpack in the same tree cannot interfere.
if ! cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log" >&2
    echo "check-debs: cpack failed (is the build tree built?)" >&2
    exit 1
fi

terminal_deb="$work/out/partner-terminal_${deb_version}_${arch}.deb"
server_deb="$work/out/plan-server_${deb_version}_${arch}.deb"

# --- names -----------------------------------------------------------------------------------
expected_names=$(printf '%s\n' "partner-terminal-dbgsym_${deb_version}_${arch}.ddeb" \
    "partner-terminal_${deb_version}_${arch}.deb" "plan-server-dbgsym_${deb_version}_${arch}.ddeb" \
    "plan-server_${deb_version}_${arch}.deb" | sort)
actual_names=$(find "$work/out" -maxdepth 1 -type f \( -name '*.deb' -o -name '*.ddeb' \) -printf '%f\n' | sort)
if [[ "$actual_names" == "$expected_names" ]]; then
    pass "packages: $(echo "$actual_names" | tr '\n' ' ')"
else
    fail "packages built: expected"$'\n'"$expected_names"$'\n'"got"$'\n'"$actual_names"
    exit 1
fi

# --- control fields ---------------------------------------------------------------------------
field() { dpkg-deb -f "$1" "$2"; }
# The names in a Depends field, without versions or alternatives' versions.
depends_names() { field "$1" Depends | tr ',' '\n' | sed 's/([^)]*)//g; s/|/\n/g' | tr -d ' ' | sed '/^$/d'; }

for deb in "$terminal_deb" "$server_deb"; do
    name=$(basename "$deb" | cut -d_ -f1)
    [[ "$(field "$deb" Package)" == "$name" ]] || fail "$name: Package is '$(field "$deb" Package)'"
    [[ "$(field "$deb" Version)" == "$deb_version" ]] || fail "$name: Version is '$(field "$deb" Version)', not $deb_version"
    [[ "$(field "$deb" Architecture)" == "$arch" ]] || fail "$name: Architecture is '$(field "$deb" Architecture)'"
    [[ -n "$(field "$deb" Maintainer)" ]] || fail "$name: no Maintainer"
    [[ -n "$(field "$deb" Description)" ]] || fail "$name: no Description"
done

# What each package must depend on: the run-time needs no linker sees (cmake/packaging.cmake),
# and what dpkg-shlibdeps must have found in the binaries.
check_depends() {
    local deb=$1 name=$2
    shift 2
    local deps want
    deps=$(depends_names "$deb")
    for want in "$@"; do
        grep -qx -- "$want" <<<"$deps" || fail "$name: Depends lacks $want (has: $(field "$deb" Depends))"
    done
}
check_depends_not() {
    local deb=$1 name=$2
    shift 2
    local deps unwanted
    deps=$(depends_names "$deb")
    for unwanted in "$@"; do
        if grep -qx -- "$unwanted" <<<"$deps"; then fail "$name: should not depend on $unwanted"; fi
    done
}
check_depends "$terminal_deb" partner-terminal \
    fonts-dejavu-core libgl1-mesa-dri cage xwayland systemd seatd \
    libc6 libstdc++6 libglfw3 libfreetype6 libcurl4 libsqlite3-0 libsodium23 libsystemd0 \
    libevdev2 libtomlplusplus3
# plan-server's HTTP is Boost.Beast on Asio, compiled in (headers only); TLS is OpenSSL's libssl3.
check_depends "$server_deb" plan-server systemd libc6 libstdc++6 libsqlite3-0 libsodium23 libssl3 \
    libqrencode4 libzint2.11
if depends_names "$server_deb" | grep -q '^libcpp-httplib'; then
    fail "plan-server: still depends on libcpp-httplib (has: $(field "$server_deb" Depends))"
fi
# A server needs no display: nothing of the kiosk's window may leak into its dependencies.
check_depends_not "$server_deb" plan-server libglfw3 libopengl0 libgl1 libgl1-mesa-dri cage xwayland \
    fonts-dejavu-core libfreetype6 libcurl4
((failures == 0)) && pass "control fields and Depends"

# --- files -----------------------------------------------------------------------------------
list_files() { dpkg-deb -c "$1" | awk '$1 !~ /^d/ {print $6}' | sed 's|^\./|/|' | sort; }
expected_terminal_files=$(sort <<'EOF'
/lib/systemd/system/partner-terminal-healthy.service
/lib/systemd/system/partner-terminal-provision.service
/lib/systemd/system/partner-terminal.service
/usr/bin/partner-terminal
/usr/bin/terminal-sync
/usr/lib/sysusers.d/partner-terminal.conf
/usr/lib/tmpfiles.d/partner-terminal.conf
/usr/share/doc/partner-terminal/README.Debian
/usr/share/doc/partner-terminal/terminal.toml.example
/usr/share/partner-terminal/translations/de.toml
/usr/share/partner-terminal/translations/en.toml
EOF
)
# The console's pages: every file of sync/server/console (issue 16).
source_dir=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$build_dir/CMakeCache.txt")
expected_server_files=$( (
    cat <<'EOF'
/lib/systemd/system/plan-server.service
/usr/bin/plan-server
/usr/share/doc/plan-server/README.Debian
EOF
    for page in "$source_dir"/sync/server/console/*; do
        echo "/usr/share/plan-server/console/$(basename "$page")"
    done
) | sort)
check_files() {
    local deb=$1 name=$2 expected=$3 actual
    actual=$(list_files "$deb")
    if [[ "$actual" == "$expected" ]]; then
        pass "$name: files"
    else
        fail "$name: files differ from the expected list (< expected, > packaged):"$'\n'"$(diff <(echo "$expected") <(echo "$actual") | grep '^[<>]')"
    fi
}
check_files "$terminal_deb" partner-terminal "$expected_terminal_files"
check_files "$server_deb" plan-server "$expected_server_files"

# Every translation in the source tree is shipped (the list above names today's).
for toml in "$source_dir"/ui/translations/*.toml; do
    list_files "$terminal_deb" | grep -qx "/usr/share/partner-terminal/translations/$(basename "$toml")" ||
        fail "partner-terminal: translation $(basename "$toml") not packaged"
done

# Nothing under /etc: the package has no conffiles (an image's /etc is read-only anyway).
if dpkg-deb -I "$terminal_deb" conffiles >/dev/null 2>&1; then
    fail "partner-terminal: unexpected conffiles: $(dpkg-deb -I "$terminal_deb" conffiles)"
fi

# Unpacked trees for the checks below.
mkdir -p "$work/terminal" "$work/server"
dpkg-deb -x "$terminal_deb" "$work/terminal"
dpkg-deb -x "$server_deb" "$work/server"
dpkg-deb -e "$terminal_deb" "$work/terminal-control"
dpkg-deb -e "$server_deb" "$work/server-control"

for binary in "$work/terminal/usr/bin/partner-terminal" "$work/terminal/usr/bin/terminal-sync" \
    "$work/server/usr/bin/plan-server"; do
    description=$(file -b "$binary")
    [[ "$description" == *ELF* && "$description" == *", stripped"* ]] ||
        fail "$(basename "$binary") is not a stripped ELF program: $description"
done
# The packaged programs run and know their version (on the build machine its libraries exist).
for program in "$work/terminal/usr/bin/partner-terminal" "$work/server/usr/bin/plan-server"; do
    out=$("$program" --version 2>&1) || fail "$(basename "$program") --version failed: $out"
    [[ "$out" == "$(basename "$program") $version" ]] ||
        fail "$(basename "$program") --version says '$out', not '$(basename "$program") $version'"
done
((failures == 0)) && pass "binaries stripped, --version $version"

# --- maintainer scripts and session files -------------------------------------------------
for script in "$work"/terminal-control/{postinst,prerm,postrm} "$work"/server-control/{postinst,prerm,postrm}; do
    [[ -x "$script" ]] || fail "$script is missing or not executable"
    sh -n "$script" || fail "$script: syntax error"
done
if command -v shellcheck >/dev/null; then
    shellcheck -s sh "$work"/terminal-control/{postinst,prerm,postrm} \
        "$work"/server-control/{postinst,prerm,postrm} || fail "shellcheck on the maintainer scripts"
fi

sysusers=$work/terminal/usr/lib/sysusers.d/partner-terminal.conf
# A fixed UID: the data partition's files must keep their owner across image updates.
grep -q '^u partner-terminal 961 ' "$sysusers" || fail "sysusers.d: no user partner-terminal with UID 961"
tmpfiles=$work/terminal/usr/lib/tmpfiles.d/partner-terminal.conf
grep -Eq '^d /var/lib/partner-terminal 0700 partner-terminal partner-terminal' "$tmpfiles" ||
    fail "tmpfiles.d: /var/lib/partner-terminal is not 0700 partner-terminal"

# --- units ---------------------------------------------------------------------------------
unit=$work/terminal/lib/systemd/system/partner-terminal.service
# What the kiosk session is (issue #5): cage running the app as the kiosk user, sd_notify with
# the app as cage's child, a watchdog, restarted whatever happens.
for line in 'Type=notify' 'NotifyAccess=all' 'User=partner-terminal' 'Restart=always' \
    'Environment=XDG_RUNTIME_DIR=/run/partner-terminal' 'RuntimeDirectory=partner-terminal'; do
    grep -qx "$line" "$unit" || fail "partner-terminal.service lacks '$line'"
done
# A PAM session would move cage and the app out of the unit's cgroup, and systemd would ignore
# their READY=1 and WATCHDOG=1; ProtectHome= would hide /run/user. Both broke the kiosk in QEMU.
if grep -Eq '^(PAMName|ProtectHome)=' "$unit"; then
    fail "partner-terminal.service sets PAMName= or ProtectHome= (see the unit's comments)"
fi
grep -Eq '^WatchdogSec=[1-9]' "$unit" || fail "partner-terminal.service has no WatchdogSec"
grep -Eq '^ExecStart=/usr/bin/cage -- .*/usr/bin/partner-terminal --config /etc/partner-terminal/terminal.toml$' "$unit" ||
    fail "partner-terminal.service does not run partner-terminal under cage with /etc/partner-terminal/terminal.toml"
# An unconfigured kiosk shows its set-up screen: nothing may keep the unit from starting then.
if grep -q '^ConditionPathExists=' "$unit"; then
    fail "partner-terminal.service has a ConditionPathExists= (the set-up screen needs no file)"
fi
provision_unit=$work/terminal/lib/systemd/system/partner-terminal-provision.service
grep -q '^ExecStart=/usr/bin/terminal-sync --config /etc/partner-terminal/terminal.toml provision --from /efi/partner-terminal/provisioning.toml$' "$provision_unit" ||
    fail "partner-terminal-provision.service does not run terminal-sync provision from the EFI partition"
grep -q '^Before=partner-terminal.service$' "$provision_unit" ||
    fail "partner-terminal-provision.service does not run before the kiosk"
healthy_unit=$work/terminal/lib/systemd/system/partner-terminal-healthy.service
grep -q '^RequiredBy=boot-complete.target$' "$healthy_unit" ||
    fail "partner-terminal-healthy.service does not gate boot-complete.target"
grep -q '^FailureAction=reboot$' "$healthy_unit" ||
    fail "partner-terminal-healthy.service does not reboot (spend a try) when the kiosk fails"
# Without this the app (not the main pid) ignores WATCHDOG_USEC and systemd kills a healthy kiosk.
grep -q 'env -u WATCHDOG_PID' "$unit" || fail "partner-terminal.service does not drop WATCHDOG_PID for the app"
server_unit=$work/server/lib/systemd/system/plan-server.service
grep -qx 'StateDirectory=plan-server' "$server_unit" || fail "plan-server.service has no StateDirectory"
grep -q -- '--db %S/plan-server/' "$server_unit" || fail "plan-server.service does not keep its database in the state directory"

# systemd-analyze verify on the unit files against the unpacked packages: syntax, directives,
# specifiers. It also checks each ExecStart program exists; in an unpacked tree cage, chown and sh
# do not (dependencies and essential packages), so those messages are expected here and the full verification is in
# the --install check. Any other message fails.
verify_root=$work/verify-root
mkdir -p "$verify_root"
cp -a "$work/terminal/." "$work/server/." "$verify_root/"
# The host's units, so targets and dependencies (sysinit.target, dbus.socket …) resolve.
mkdir -p "$verify_root/lib/systemd/system"
cp -an /lib/systemd/system/. "$verify_root/lib/systemd/system/"
verify_out=$(systemd-analyze --root="$verify_root" verify \
    /lib/systemd/system/partner-terminal.service /lib/systemd/system/plan-server.service \
    /lib/systemd/system/partner-terminal-provision.service \
    /lib/systemd/system/partner-terminal-healthy.service 2>&1) || true
unexpected=$(grep -Ev '^partner-terminal(-provision|-healthy)?\.service: Command (/usr/bin/cage|/bin/chown|/bin/sh) is not executable' <<<"$verify_out" | sed '/^$/d' || true)
if [[ -n "$unexpected" ]]; then
    fail "systemd-analyze verify:"$'\n'"$unexpected"
else
    pass "systemd-analyze verify (unpacked; cage comes with the --install check)"
fi

# --- installed with apt into a fresh Debian 12 ------------------------------------------------
if ((install_check)); then
    root=$work/chroot
    mirror=()
    [[ -n "${PT_DEBIAN_MIRROR:-}" ]] && mirror=("$PT_DEBIAN_MIRROR")
    # --variant=apt: the smallest system apt works in, so the packages' own Depends must bring
    # everything they need. apt installs them from inside the chroot (apt-get install ./x.deb
    # resolves their dependencies from the archive as a technician's apt would).
    # shellcheck disable=SC2016  # "$1" is the hook's argument, expanded by mmdebstrap's shell
    if ! mmdebstrap --variant=apt --mode=root --skip=cleanup/apt/lists \
        --customize-hook="copy-in $terminal_deb $server_deb /tmp" \
        --customize-hook='chroot "$1" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends /tmp/'"$(basename "$terminal_deb") /tmp/$(basename "$server_deb")" \
        bookworm "$root" "${mirror[@]}" >"$work/mmdebstrap.log" 2>&1; then
        tail -30 "$work/mmdebstrap.log" >&2
        fail "apt could not install the packages into a fresh bookworm (log above)"
        echo "check-debs: $failures check(s) failed" >&2
        exit 1
    fi
    pass "apt-get install of both packages into a fresh bookworm"
    in_root() { chroot "$root" "$@"; }

    # The programs start with only what the packages pulled in: shared libraries are complete.
    [[ "$(in_root partner-terminal --version 2>&1)" == "partner-terminal $version" ]] ||
        fail "partner-terminal --version in the chroot: $(in_root partner-terminal --version 2>&1)"
    [[ "$(in_root plan-server --version 2>&1)" == "plan-server $version" ]] ||
        fail "plan-server --version in the chroot: $(in_root plan-server --version 2>&1)"
    in_root terminal-sync --help >/dev/null 2>&1 || fail "terminal-sync --help in the chroot"
    for path in /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf \
        /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf /usr/bin/cage /usr/bin/Xwayland; do
        [[ -e "$root$path" ]] || fail "$path missing after installation (a run-time dependency)"
    done
    compgen -G "$root/usr/lib/*/dri/swrast_dri.so" >/dev/null || fail "Mesa's swrast_dri.so missing after installation"
    # cage gets its devices from seatd, which must be installed and enabled.
    [[ -L "$root/etc/systemd/system/multi-user.target.wants/seatd.service" ]] ||
        fail "seatd.service is not enabled after installation"

    # postinst: the kiosk user, its data directory, the units enabled, plan-server's settings.
    passwd_line=$(grep '^partner-terminal:' "$root/etc/passwd" || true)
    [[ "$passwd_line" == *":/var/lib/partner-terminal:/usr/sbin/nologin" ]] ||
        fail "user partner-terminal: '$passwd_line'"
    groups=$(in_root id -nG partner-terminal 2>&1 || true)
    for group in input dialout video render; do
        [[ " $groups " == *" $group "* ]] || fail "partner-terminal is not in group $group ($groups)"
    done
    owner_mode=$(in_root stat -c '%U %a' /var/lib/partner-terminal 2>&1 || true)
    [[ "$owner_mode" == "partner-terminal 700" ]] || fail "/var/lib/partner-terminal is '$owner_mode'"
    [[ -L "$root/etc/systemd/system/graphical.target.wants/partner-terminal.service" ]] ||
        fail "partner-terminal.service is not enabled"
    [[ -L "$root/etc/systemd/system/multi-user.target.wants/partner-terminal-provision.service" ]] ||
        fail "partner-terminal-provision.service is not enabled"
    [[ -L "$root/etc/systemd/system/boot-complete.target.requires/partner-terminal-healthy.service" ]] ||
        fail "partner-terminal-healthy.service is not required by boot-complete.target"
    [[ "$(readlink "$root/etc/partner-terminal/terminal.toml")" == /var/lib/partner-terminal/terminal.toml ]] ||
        fail "/etc/partner-terminal/terminal.toml is not a link into /var/lib/partner-terminal"
    [[ "$(in_root id -u partner-terminal 2>&1)" == 961 ]] || fail "partner-terminal's UID is not 961"
    [[ -L "$root/etc/systemd/system/multi-user.target.wants/plan-server.service" ]] ||
        fail "plan-server.service is not enabled"
    env_file=$root/etc/plan-server/plan-server.env
    [[ "$(stat -c '%U %a' "$env_file" 2>&1)" == "root 600" ]] ||
        fail "/etc/plan-server/plan-server.env is '$(stat -c '%U %a' "$env_file" 2>&1)', not root 600"
    grep -Eq '^PLAN_SERVER_ADMIN_TOKEN=[0-9a-f]{64}$' "$env_file" || fail "plan-server.env has no random admin token"

    # Full verification: every program, user and unit now exists in the tree.
    if verify_out=$(systemd-analyze --root="$root" verify \
        /lib/systemd/system/partner-terminal.service /lib/systemd/system/plan-server.service \
        /lib/systemd/system/partner-terminal-provision.service \
        /lib/systemd/system/partner-terminal-healthy.service 2>&1) &&
        [[ -z "$verify_out" ]]; then
        pass "systemd-analyze verify in the installed system"
    else
        fail "systemd-analyze verify in the installed system:"$'\n'"$verify_out"
    fi

    # Purge: settings and unit links go; the terminal's data stays (its outbox may hold reports).
    if in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y partner-terminal plan-server >"$work/purge.log" 2>&1; then
        [[ ! -e "$env_file" ]] || fail "purge left /etc/plan-server/plan-server.env (the admin token)"
        [[ -d "$root/var/lib/partner-terminal" ]] || fail "purge removed /var/lib/partner-terminal"
        leftovers=$(find "$root/etc/systemd/system" -name 'partner-terminal*.service' -o -name 'plan-server.service')
        [[ -z "$leftovers" ]] || fail "purge left unit links: $leftovers"
        pass "apt-get purge"
    else
        cat "$work/purge.log" >&2
        fail "apt-get purge failed"
    fi
fi

checks_done check-debs "$build_dir"
