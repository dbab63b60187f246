#!/usr/bin/env bash
# The image build is reproducible: a second build from the same tree, commit and keys must give
# the same disk image, byte for byte (compressed image and block map compared with the
# image_build fixture's). The packages come from the Debian mirror, so both builds must see the
# same archive state: run soon after the first (in CI, right after it).
#   tests/image/check-reproducible.sh BUILD_DIR IMAGE_DIR     (root; exit 77 without)
set -euo pipefail
((EUID == 0)) || { echo "check-reproducible: needs root"; exit 77; }
repo=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=${1:?usage: check-reproducible.sh BUILD_DIR IMAGE_DIR}
first=${2:?usage: check-reproducible.sh BUILD_DIR IMAGE_DIR}
second=$(mktemp -d /var/tmp/check-reproducible.XXXXXX)
trap 'rm -rf --one-file-system "$second"' EXIT

# The same keys as the first build (its development keys), so the images' keyrings agree.
"$repo/images/build-image" --build-dir "$build_dir" --out "$second" \
    --signing-key "$first/keys/development-signing.key" \
    --update-key "$first/keys/development-update.key" --update-cert "$first/keys/development-update.cert.pem" \
    >"$second/build.log" 2>&1 || { tail -20 "$second/build.log"; echo "check-reproducible: second build failed"; exit 1; }

# shellcheck source-path=SCRIPTDIR source=../support/checks.sh
source "$(dirname "$0")/../support/checks.sh"
for file in "$first"/*.img.zst "$first"/*.img.bmap; do
    name=$(basename "$file")
    if cmp -s "$file" "$second/$name"; then
        pass "$name identical ($(sha256sum "$file" | cut -c1-16)…)"
    else
        fail "$name differs between two builds"
    fi
done
if ((failures)); then
    # Say where: which partition differs, and in how many bytes.
    image=$(ls "$first"/*.img)
    zstd -q -d -f "$second/$(basename "$image").zst" -o "$second/second.img"
    sfdisk --json "$image" | python3 "$(dirname "$0")/partitions.py" | awk 'NR > 1 {print $1, $3, $4}' |
        while read -r name start size; do
            differing=$( (cmp -l <(dd if="$image" bs=512 skip="$start" count="$size" status=none) \
                <(dd if="$second/second.img" bs=512 skip="$start" count="$size" status=none) || true) | wc -l)
            echo "      partition $name: $differing bytes differ"
        done
    echo "check-reproducible: $failures file(s) differ"
    exit 1
fi
echo "check-reproducible: two builds gave the same image"
