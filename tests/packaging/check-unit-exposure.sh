#!/usr/bin/env bash
# How much each systemd unit we ship leaves exposed, as `systemd-analyze security` rates it
# (0 = fully sandboxed … 10 = unrestricted), against the limit issue 13 set for it:
#
#   partner-terminal.service             5.0  the kiosk: cage needs the DRM, input devices, tty1
#   partner-terminal-provision.service   4.0  first boot, as root: reads the EFI partition
#   partner-terminal-update@.service     4.0  the USB-stick update, as root (images/rootfs)
#   partner-terminal-healthy.service     2.0  asks systemd whether the kiosk is up (boot counting)
#   plan-server.service                  2.0  the central plan facing every terminal
#
#   tests/packaging/check-unit-exposure.sh SOURCE_DIR
#
# Offline (the unit files as written, nothing started): no root, no image, a second or two.
# The units must also still work; the image tests boot them (image_update, image_rollback).
# Exit status: 0 all within their limits, 1 one is not, 2 bad usage or no systemd-analyze.
set -euo pipefail

(($# == 1)) || { echo "usage: $0 SOURCE_DIR" >&2; exit 2; }
source_dir=$(realpath "$1")
command -v systemd-analyze >/dev/null ||
    { echo "check-unit-exposure: 'systemd-analyze' not found (scripts/install-deps --images installs systemd)" >&2; exit 2; }

# shellcheck source-path=SCRIPTDIR source=../support/checks.sh
source "$(dirname "$0")/../support/checks.sh"

limits=(
    "images/systemd/partner-terminal.service 5.0"
    "images/systemd/partner-terminal-provision.service 4.0"
    "images/rootfs/etc/systemd/system/partner-terminal-update@.service 4.0"
    "images/systemd/partner-terminal-healthy.service 2.0"
    "images/systemd/plan-server.service 2.0"
)
for entry in "${limits[@]}"; do
    read -r unit limit <<<"$entry"
    path=$source_dir/$unit
    [[ -f "$path" ]] || { fail "$unit: no such file"; continue; }
    report=$(systemd-analyze security --offline=yes "$path" 2>&1) || true
    # "→ Overall exposure level for NAME: 3.7 OK 🙂" ("->" in the C locale).
    level=$(sed -n 's/^.*Overall exposure level for [^:]*: \([0-9][0-9.]*\) .*$/\1/p' <<<"$report")
    if [[ -z "$level" ]]; then
        fail "$unit: no exposure level in systemd-analyze's report:"$'\n'"$report"
    elif awk -v level="$level" -v limit="$limit" 'BEGIN { exit !(level <= limit) }'; then
        pass "$(basename "$unit"): exposure $level (limit $limit)"
    else
        # What it still allows, worst first, so the failure says what to tighten.
        # ("✗ SETTING … 0.3", "- SETTING … 0.3" in the C locale; the last field is its weight).
        open=$(grep -E '^(✗|-) ' <<<"$report" | awk '{ print $NF "\t" $0 }' | sort -rn | cut -f2- |
            sed 's/^/      /' || true)
        fail "$(basename "$unit"): exposure $level, above its limit $limit; still open:"$'\n'"$open"
    fi
done

checks_done check-unit-exposure
