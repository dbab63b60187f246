#!/usr/bin/env bash
# Every ELF file in the Debian packages carries the hardening of cmake/project_options.cmake:
# hardening-check (devscripts) on each, and the compiler switches GCC recorded in each compile
# unit of its debug information (the -dbgsym package), for what hardening-check cannot see.
#
#   tests/packaging/check-hardening.sh BUILD_DIR     (build/release, or build/arm64 cross-built)
#
# Required of each program: PIE, stack protector, fortified libc calls, read-only relocations and
# immediate binding (full RELRO), control-flow protection; and in every compile unit of ours:
# -O2 (or another -O level: _FORTIFY_SOURCE needs the optimizer), -fstack-protector-strong,
# -fstack-clash-protection, -fcf-protection=full (x86-64) or -mbranch-protection=standard (arm64).
#
# Two answers of hardening-check are not taken at face value, and each is accepted only with the
# evidence named here:
#   * "Control flow integrity: no, not found!" -- hardening-check looks for the IBT/SHSTK (x86-64)
#     or BTI (arm64) property note, which the linker sets only when *every* input object has it.
#     Debian 12's glibc start files lack it (x86-64: Scrt1.o, crti.o, crtn.o, glibc built without
#     CET; arm64: Scrt1.o), so no program linked on Debian 12 gets it (hardening-check /usr/bin/ls
#     says the same). Accepted when the start files indeed lack it and every compile unit of the
#     program was built with -fcf-protection=full (endbr64 at every function entry of our code)
#     or -mbranch-protection=standard (BTI landing pads, PAC return addresses). Forcing the note
#     (ld -z ibt -z shstk, -z force-bti) would claim protection glibc's start code does not have.
#   * "Stack clash protection: unknown" -- hardening-check looks for the probing loop GCC emits
#     only for frames larger than a page; a program without one says "unknown" (not a failure of
#     hardening-check). Checked here through -fstack-clash-protection in every compile unit.
# Any other "no" fails.
#
# Exit status: 0 all protected, 1 a check failed, 2 bad usage or a missing tool.
set -euo pipefail

(($# == 1)) || { echo "usage: $0 BUILD_DIR" >&2; exit 2; }
build_dir=$(realpath "$1")
[[ -f "$build_dir/CPackConfig.cmake" ]] ||
    { echo "check-hardening: $build_dir has no CPackConfig.cmake (not a configured build tree)" >&2; exit 2; }
for tool in cpack dpkg-deb file readelf hardening-check; do
    command -v "$tool" >/dev/null ||
        { echo "check-hardening: '$tool' not found (scripts/install-deps --images installs it)" >&2; exit 2; }
done

# shellcheck source-path=SCRIPTDIR source=../support/checks.sh
source "$(dirname "$0")/../support/checks.sh"

work=$(mktemp -d /tmp/check-hardening.XXXXXX)
trap 'rm -rf "$work"' EXIT
if ! cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log" >&2
    echo "check-hardening: cpack failed (is the build tree built?)" >&2
    exit 1
fi
mkdir -p "$work/root" "$work/debug"
shopt -s nullglob
debs=("$work"/out/*.deb)
((${#debs[@]} > 0)) || { echo "check-hardening: cpack made no .deb" >&2; exit 1; }
for deb in "${debs[@]}"; do dpkg-deb -x "$deb" "$work/root"; done
for ddeb in "$work"/out/*.ddeb; do dpkg-deb -x "$ddeb" "$work/debug"; done

arch=$(dpkg-deb -f "${debs[0]}" Architecture)
case $arch in
amd64) control_flow=-fcf-protection=full ;;
arm64) control_flow=-mbranch-protection=standard ;;
*) control_flow="" ;;
esac
required_switches=(-fstack-protector-strong -fstack-clash-protection ${control_flow:+"$control_flow"})

# The compile units' recorded switches, one line per unit of ours (GNU C/C++, not assembler).
producers() { # DEBUG_FILE
    readelf --debug-dump=info --dwarf-depth=1 "$1" 2>/dev/null |
        sed -n 's/^.*DW_AT_producer *: *\(([^)]*): *\)\{0,1\}\(GNU C.*\)$/\2/p'
}

# Does the linker have a reason to drop the control-flow property note (x86-64: IBT/SHSTK,
# arm64: BTI)? It keeps it only when every input object has it. Debian 12: yes, glibc's Scrt1.o
# lacks it on both (for arm64 the cross compiler's start files are those of the target).
start_files_lack_control_flow_note() {
    local compiler=gcc feature='x86 feature: IBT, SHSTK' crt
    if [[ "$arch" == arm64 ]]; then
        feature='AArch64 feature: BTI'
        [[ "$(dpkg --print-architecture)" == arm64 ]] || compiler=aarch64-linux-gnu-gcc
    fi
    command -v "$compiler" >/dev/null || return 1
    for crt in $("$compiler" -print-file-name=Scrt1.o) $("$compiler" -print-file-name=crti.o); do
        [[ -f "$crt" ]] || continue
        readelf -n "$crt" 2>/dev/null | grep -q "$feature" || return 0
    done
    return 1
}

elves=0
while IFS= read -r -d '' path; do
    file -b "$path" | grep -q '^ELF' || continue
    elves=$((elves + 1))
    failures_before=$failures
    name=${path#"$work/root"}
    report=$(hardening-check "$path" 2>&1) || true

    # The debug file of this ELF, by build id (CPack's -dbgsym package keeps them so).
    build_id=$(readelf -n "$path" | sed -n 's/^ *Build ID: *\([0-9a-f]*\)$/\1/p')
    debug=$work/debug/usr/lib/debug/.build-id/${build_id:0:2}/${build_id:2}.debug
    units=""
    if [[ -n "$build_id" && -f "$debug" ]]; then
        units=$(producers "$debug")
    fi
    if [[ -z "$units" ]]; then
        fail "$name: no compile units in its debug information (build id '${build_id:-none}')"
        continue
    fi
    unit_count=$(wc -l <<<"$units")
    missing=""
    for switch in "${required_switches[@]}"; do
        lacking=$(grep -vc -- " $switch\( \|$\)" <<<"$units" || true)
        ((lacking == 0)) || missing+=" $switch (in $lacking of $unit_count units)"
    done
    unoptimized=$(grep -vcE -- ' -O([1-3]|s|fast)( |$)' <<<"$units" || true)
    ((unoptimized == 0)) || missing+=" -O1..3 (in $unoptimized of $unit_count units; _FORTIFY_SOURCE needs it)"
    if [[ -n "$missing" ]]; then
        fail "$name: compiled without$missing"
    fi

    while IFS= read -r line; do
        [[ "$line" =~ ^\ (.+):\ (.+)$ ]] || continue
        check=${BASH_REMATCH[1]} answer=${BASH_REMATCH[2]}
        case "$check: $answer" in
        *": yes"*) ;;
        "Control flow integrity: no, not found!")
            if [[ -n "$control_flow" && -z "$missing" ]] && start_files_lack_control_flow_note; then
                echo "      $name: control-flow note missing only because glibc's start files lack it" \
                    "(all $unit_count units $control_flow)"
            else
                fail "$name: $check: $answer"
            fi
            ;;
        "Stack clash protection: unknown"*)
            [[ -z "$missing" ]] || fail "$name: $check: $answer" ;;
        "Fortify Source functions: unknown, no protectable libc functions used") ;;
        *) fail "$name: $check: $answer" ;;
        esac
    done <<<"$report"
    ((failures > failures_before)) || pass "$name: $(grep -c ': yes' <<<"$report") of $(grep -c '^ ' <<<"$report") hardening-check answers yes; $unit_count compile units hardened"
done < <(find "$work/root" -type f -print0 | sort -z)

((elves > 0)) || fail "no ELF file in the packages"
checks_done check-hardening "$elves ELF files in ${#debs[@]} packages"
