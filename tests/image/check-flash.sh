#!/usr/bin/env bash
# images/flash as a technician uses it, on plain files (no loop devices here), against the image
# of this tree (the image_build fixture): a good flash with provisioning, then everything it must
# refuse before writing a byte.
#   tests/image/check-flash.sh IMAGE_DIR        (root; exit 77 without)
set -euo pipefail
((EUID == 0)) || { echo "check-flash: needs root"; exit 77; }
repo=$(cd "$(dirname "$0")/../.." && pwd)
flash=$repo/images/flash
dir=${1:?usage: check-flash.sh IMAGE_DIR}
image=$(ls "$dir"/*.img.zst)
raw=${image%.zst}
key=$dir/partner-terminal-signing.pub.pem
work=$(mktemp -d /var/tmp/check-flash.XXXXXX)
trap 'rm -rf --one-file-system "$work"' EXIT
# shellcheck source-path=SCRIPTDIR source=../support/checks.sh
source "$(dirname "$0")/../support/checks.sh"
# refused WHAT PATTERN ARGS...: flash must exit non-zero, say PATTERN, and leave no target.
refused() {
    local what=$1 pattern=$2 out
    shift 2
    rm -f "$work/target.img"
    if out=$("$flash" "$@" 2>&1); then
        fail "$what: flash succeeded"
    elif [[ "$out" != *"$pattern"* ]]; then
        fail "$what: expected '$pattern', got: $out"
    elif [[ -e "$work/target.img" ]]; then
        fail "$what: a target was written anyway"
    else
        pass "refused: $what"
    fi
}

# --- a good flash with provisioning -------------------------------------------------------
echo "-----BEGIN CERTIFICATE-----" >"$work/site-ca.pem"
started=$(date +%s)
if "$flash" "$image" "$work/target.img" --public-key "$key" --allow-file --yes \
    --server-url https://plan.example.com --enrollment-code K7P2-9QXM-TEST \
    --ca-file "$work/site-ca.pem" --terminal-name "coating 1" --technician-badge TECH-42 >"$work/flash.log" 2>&1; then
    pass "flash with provisioning ($(($(date +%s) - started)) s)"
else
    cat "$work/flash.log"
    fail "flash with provisioning"
fi
esp_start=$(sfdisk --json "$work/target.img" | python3 "$(dirname "$0")/partitions.py" |
    awk 'NR > 1 && $1 == "esp" {print $3 * 512}')
export MTOOLS_SKIP_CHECK=1
written=$(mtype -i "$work/target.img@@$esp_start" ::/partner-terminal/provisioning.toml 2>&1 || true)
for line in 'server_url = "https://plan.example.com"' 'enrollment_code = "K7P2-9QXM-TEST"' \
    'ca_file = "ca.pem"' 'terminal_name = "coating 1"' 'technician_badge = "TECH-42"'; do
    [[ "$written" == *"$line"* ]] || fail "provisioning on the ESP lacks '$line': $written"
done
mtype -i "$work/target.img@@$esp_start" ::/partner-terminal/ca.pem | cmp -s - "$work/site-ca.pem" ||
    fail "the CA file on the ESP differs"
mtype -i "$work/target.img@@$esp_start" ::/EFI/BOOT/BOOTX64.EFI >/dev/null 2>&1 ||
    fail "the ESP lost its boot loader"
((failures == 0)) && pass "provisioning on the EFI partition"

# Without provisioning the written disk is the image itself, byte for byte.
rm -f "$work/target.img"
"$flash" "$image" "$work/target.img" --public-key "$key" --allow-file --yes >/dev/null 2>&1 ||
    fail "flash without provisioning"
if cmp -s "$work/target.img" "$raw"; then
    pass "written disk equals the image"
else
    fail "written disk differs from $raw"
fi

# --- refusals ----------------------------------------------------------------------------------
mkdir -p "$work/tampered"
cp "$dir"/SHA256SUMS "$dir"/SHA256SUMS.sig "$dir"/*.bmap "$work/tampered/"
cp --sparse=always "$image" "$work/tampered/"
tampered=$work/tampered/$(basename "$image")
printf '\x00' | dd of="$tampered" bs=1 seek=1000 conv=notrunc status=none
refused "an image with one byte changed" "does not match its checksum" \
    "$tampered" "$work/target.img" --public-key "$key" --allow-file --yes
cp "$image" "$tampered"
# One hex digit of the first checksum changed, whatever it was (0 becomes 1, anything else 0).
sed -i '1{s/^0/1/;t;s/^./0/}' "$work/tampered/SHA256SUMS"
refused "SHA256SUMS altered after signing" "does not verify" \
    "$tampered" "$work/target.img" --public-key "$key" --allow-file --yes
cp "$dir/SHA256SUMS" "$work/tampered/"
openssl genpkey -algorithm ed25519 -out "$work/other.key" 2>/dev/null
openssl pkey -in "$work/other.key" -pubout -out "$work/other.pub.pem"
refused "a signature by another key" "does not verify" \
    "$tampered" "$work/target.img" --public-key "$work/other.pub.pem" --allow-file --yes
rm "$work/tampered/SHA256SUMS.sig"
refused "an unsigned image" "unsigned" \
    "$tampered" "$work/target.img" --public-key "$key" --allow-file --yes
refused "no public key given" "--public-key" "$image" "$work/target.img" --allow-file --yes
refused "a plain file without --allow-file" "not a block device" \
    "$image" "$work/target.img" --public-key "$key" --yes
refused "provisioning without an enrolment code" "--enrollment-code is required" \
    "$image" "$work/target.img" --public-key "$key" --allow-file --yes --server-url https://x
refused "a server URL that is not https" "https://" \
    "$image" "$work/target.img" --public-key "$key" --allow-file --yes \
    --server-url ftp://x --enrollment-code A
# The disk this machine runs from: refused before anything is written (and --dry-run never
# writes, should a check ever fail to see it).
system_disk=$(lsblk -nrpso NAME,TYPE "$(findmnt -nro SOURCE /)" 2>/dev/null | awk '$2 == "disk" {print $1}' | head -1)
if [[ -b "$system_disk" ]]; then
    refused "the system disk $system_disk" "$system_disk" \
        "$image" "$system_disk" --public-key "$key" --yes --dry-run
else
    echo "skip: no block device behind / here"
fi
if out=$("$flash" --colour "$image" x 2>&1); then
    fail "an unknown option was accepted"
else
    # shellcheck disable=SC2015  # pass only echoes, it cannot fail
    [[ "$out" == *"unknown option"* && "$out" == *"IMAGE.img.zst DEVICE"* ]] && pass "unknown option: usage" ||
        fail "unknown option: $out"
fi

checks_done check-flash
