#!/usr/bin/env bash
# images/rauc/rauc-systemd-boot, RAUC's bootloader backend, on plain files: an ESP directory, two
# slot file systems made with mkfs.ext4 -d, by-partlabel/by-partuuid directories of links. It
# walks an update the way RAUC drives it (mark the target bad, write it, set it primary), then a
# failed trial (tries spent) and a blessing, and checks what systemd-boot would read.
#   tests/image/check-rauc-backend.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
backend=$repo/images/rauc/rauc-systemd-boot
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck source-path=SCRIPTDIR source=../support/checks.sh
source "$(dirname "$0")/../support/checks.sh"
expect() { # WHAT EXPECTED ACTUAL
    if [[ "$2" == "$3" ]]; then pass "$1: $3"; else fail "$1: expected '$2', got '$3'"; fi
}

export PARTNER_TERMINAL_ESP=$work/esp PARTNER_TERMINAL_SLOTS=$work/by-partlabel \
    PARTNER_TERMINAL_PARTUUIDS=$work/by-partuuid
mkdir -p "$work/esp/loader/entries" "$work/esp/root-a" "$work/by-partlabel" "$work/by-partuuid"

# Two slot file systems; B carries a newer kernel and other kernel options.
make_slot() { # NAME KERNEL VERSION OPTIONS
    local tree=$work/tree-$1
    mkdir -p "$tree/boot" "$tree/usr/lib/partner-terminal-image"
    echo "kernel $2 of $1" >"$tree/boot/vmlinuz-$2"
    echo "initrd $2 of $1" >"$tree/boot/initrd.img-$2"
    echo "old kernel" >"$tree/boot/vmlinuz-6.1.0-1-amd64"
    echo "$3" >"$tree/usr/lib/partner-terminal-image/version"
    echo "$4" >"$tree/usr/lib/partner-terminal-image/kernel-options"
    truncate -s 16M "$work/$1.img"
    mkfs.ext4 -q -F -d "$tree" "$work/$1.img"
    ln -s "$work/$1.img" "$work/by-partlabel/$1"
}
make_slot root-a 6.1.0-9-amd64 0.1.0 "ro quiet"
make_slot root-b 6.1.0-12-amd64 0.2.0 "ro quiet panic=10"
ln -s "$work/root-a.img" "$work/by-partuuid/AAAAAAAA-0000-4000-8000-00000000000A"
ln -s "$work/root-b.img" "$work/by-partuuid/bbbbbbbb-0000-4000-8000-00000000000b"
cat >"$work/esp/loader/entries/root-a.conf" <<'EOF'
title      Partner Terminal 0.1.0 (slot A)
sort-key   partner-terminal
version    1
linux      /root-a/vmlinuz
initrd     /root-a/initrd.img
options    root=PARTUUID=aaaaaaaa-0000-4000-8000-00000000000a rauc.slot=A ro quiet
EOF
entries() { (cd "$work/esp/loader/entries" && echo *); }

expect "primary of a fresh terminal" A "$("$backend" get-primary)"
expect "state of A" good "$("$backend" get-state A)"
expect "state of B without an entry" bad "$("$backend" get-state B)"

# RAUC: mark the target bad before writing it (no entry: nothing to do), then set it primary.
"$backend" set-state B bad
expect "entries after marking an entry-less B bad" "root-a.conf" "$(entries)"
"$backend" set-primary B
expect "entries after set-primary B" "root-a.conf root-b+3.conf" "$(entries)"
entry=$work/esp/loader/entries/root-b+3.conf
expect "B's kernel on the ESP (the newest of its /boot)" "kernel 6.1.0-12-amd64 of root-b" "$(cat "$work/esp/root-b/vmlinuz")"
expect "B's initrd on the ESP" "initrd 6.1.0-12-amd64 of root-b" "$(cat "$work/esp/root-b/initrd.img")"
expect "B's options: lower-case PARTUUID, slot name, B's own options" \
    "options    root=PARTUUID=bbbbbbbb-0000-4000-8000-00000000000b rauc.slot=B ro quiet panic=10" \
    "$(grep '^options' "$entry")"
expect "B's generation is newer than A's" "version    2" "$(grep '^version' "$entry")"
expect "B's title names its version" "title      Partner Terminal 0.2.0 (slot B)" "$(grep '^title' "$entry")"
expect "primary after set-primary B" B "$("$backend" get-primary)"
expect "no half-copied files left" "initrd.img vmlinuz" "$(cd "$work/esp/root-b" && echo *)"

# systemd-boot spends the tries (root-b+0-3.conf): B is bad, A boots again.
mv "$entry" "$work/esp/loader/entries/root-b+0-3.conf"
expect "primary after B's tries are spent" A "$("$backend" get-primary)"
expect "state of a B without tries" bad "$("$backend" get-state B)"

# A second attempt: set-primary B again replaces the bad entry, with a newer generation.
"$backend" set-primary B
expect "entries after a second set-primary B" "root-a.conf root-b+3.conf" "$(entries)"
expect "its generation" "version    3" "$(grep '^version' "$entry")"
# One try spent, then blessed (what systemd-bless-boot does; RAUC's mark-good does the same).
mv "$entry" "$work/esp/loader/entries/root-b+2-1.conf"
expect "state of B while on trial" good "$("$backend" get-state B)"
"$backend" set-state B good
expect "entries after B is marked good" "root-a.conf root-b.conf" "$(entries)"
expect "primary once both are good: the newer" B "$("$backend" get-primary)"
"$backend" set-state A bad
expect "entries after A is marked bad" "root-a+0.conf root-b.conf" "$(entries)"
expect "state of A" bad "$("$backend" get-state A)"

# The next update goes to A; its generation is above B's.
"$backend" set-primary A
expect "entries after set-primary A" "root-a+3.conf root-b.conf" "$(entries)"
expect "A's generation" "version    4" "$(grep '^version' "$work/esp/loader/entries/root-a+3.conf")"
# udev names /dev/disk/by-partuuid in lower case: an upper-case root= is never found.
expect "A's root, in lower case though its link is upper case" \
    "options    root=PARTUUID=aaaaaaaa-0000-4000-8000-00000000000a rauc.slot=A ro quiet" \
    "$(grep '^options' "$work/esp/loader/entries/root-a+3.conf")"
expect "primary" A "$("$backend" get-primary)"

# What must fail, loudly and without touching the entries.
before=$(entries)
for args in "set-primary C" "set-state A maybe" "get-state" "frobnicate"; do
    # shellcheck disable=SC2086  # split on purpose
    if out=$("$backend" $args 2>&1); then fail "'$args' succeeded: $out"; else pass "refused '$args': $out"; fi
done
rm "$work/by-partuuid/bbbbbbbb-0000-4000-8000-00000000000b"
if out=$("$backend" set-primary B 2>&1); then fail "set-primary without a PARTUUID succeeded"; else pass "refused: $out"; fi
expect "entries unchanged by the refusals" "$before" "$(entries)"

checks_done check-rauc-backend
