#!/usr/bin/env bash
# Issue #4's UI figures in one run, side by side: the kiosk (kiosk_bench), the floor (a bare
# GLFW + Dear ImGui window with one 10,000-row table) and the browser kiosk (headless Chromium
# showing the same 10,000 rows as static HTML), all under Xvfb with Mesa's llvmpipe.
#   tests/bench/kiosk_bench.sh [BUILD_DIR]     (default build/release; needs `install-deps --bench`)
# Prints each figure, its reference, the ratio and the target.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
build=${1:-build/release}
cmake --build "$build" --target kiosk_bench imgui_floor partner-terminal plan-server >/dev/null

echo "== references (5 runs each) ==" >&2
refs=$(tests/bench/ui_bench_references.sh "$build/tests/bench/imgui_floor" 5 | tail -1)
echo "== kiosk (5 runs) ==" >&2
kiosk=$("$build/tests/bench/kiosk_bench" | tail -1)

get() { # get JSON KEY: a number from a flat JSON object
  sed -n "s/.*\"$2\": *\([0-9.eE+-]*\).*/\1/p" <<<"$1" | head -1
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

echo "$refs" >&2
echo "$kiosk" >&2
floor_start=$(get "$refs" floor_start_to_first_frame_ms)
floor_cpu=$(get "$refs" floor_cpu_ms_per_frame)
floor_pss=$(get "$refs" floor_pss_mb)
chromium_paint=$(get "$refs" chromium_start_to_first_paint_ms)
chromium_pss=$(get "$refs" chromium_pss_mb)
k_start=$(get "$kiosk" start_to_first_frame_ms)
k_scan=$(get "$kiosk" scan_to_list_ms)
k_cpu=$(get "$kiosk" cpu_ms_per_frame_classic_10k)
k_tiles=$(get "$kiosk" cpu_ms_per_frame_tiles_10k)
k_idle=$(get "$kiosk" idle_cpu_percent_login)
k_pss=$(get "$kiosk" pss_mb_after_login_10k)

printf '\n%-44s %10s %12s %10s %8s  %s\n' figure kiosk floor ratio chromium target
printf '%-44s %10.1f %12.1f %10s %8.0f  %s\n' "start to first frame (ms)" "$k_start" "$floor_start" "$(ratio "$k_start" "$floor_start")" "$chromium_paint" "<= 1.5x floor"
printf '%-44s %10.1f %12s %10s %8s  %s\n' "scan to work list drawn (ms)" "$k_scan" "-" "-" "-" "< 50 ms"
printf '%-44s %10.2f %12.2f %10s %8s  %s\n' "CPU per frame, classic table 10k (ms)" "$k_cpu" "$floor_cpu" "$(ratio "$k_cpu" "$floor_cpu")" "-" "<= 1.5x floor"
printf '%-44s %10.2f %12s %10s %8s  %s\n' "CPU per frame, tiles 10k (ms)" "$k_tiles" "-" "-" "-" "(information)"
printf '%-44s %10.2f %12s %10s %8s  %s\n' "CPU idle on the login screen (% of a core)" "$k_idle" "-" "-" "-" "< 1 %"
printf '%-44s %10.1f %12.1f %10s %8.0f  %s\n' "PSS after login, 10k work steps (MB)" "$k_pss" "$floor_pss" "+$(awk -v a="$k_pss" -v b="$floor_pss" 'BEGIN{printf "%.1f", a-b}') MB" "$chromium_pss" "<= floor + 25 MB"
