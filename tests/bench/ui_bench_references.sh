#!/usr/bin/env bash
# ui_bench_references.sh: issue #4's two reference measurements for the UI figures, as medians of
# several runs: the floor (imgui_floor, a bare GLFW + ImGui window under Xvfb with Mesa llvmpipe)
# and the browser kiosk vendors ship (browser_kiosk.sh, Debian's Chromium, headless). Both show
# the same 10,000 work steps. Runs its own Xvfb on a free display and stops it again at exit.
#
# Usage: ui_bench_references.sh FLOOR_BINARY [RUNS]   (RUNS defaults to 5)
# e.g.   tests/bench/ui_bench_references.sh build/h-bench/tests/bench/imgui_floor
# Each run's JSON goes to stderr, the medians to stdout. Run it on a quiet machine: a compiler
# in the background shows up in every figure, and any other GL program (another kiosk, an e2e
# test, another Xvfb) shares Mesa's pages with the floor and so lowers its PSS (its USS, private
# pages only, and RSS are printed beside it).
set -euo pipefail
export LC_ALL=C TZ=UTC

floor=${1:?usage: ui_bench_references.sh FLOOR_BINARY [RUNS]}
runs=${2:-5}
[[ -x "$floor" ]] || { echo "ui_bench_references: $floor is not executable" >&2; exit 1; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
frames=310  # CPU per frame is taken over frames 10..310
idle_seconds=10
clk_tck=$(getconf CLK_TCK)

# --- Xvfb on a free display -----------------------------------------------------------------
display=""
for n in $(seq 90 199); do
  [[ -e /tmp/.X$n-lock || -e /tmp/.X11-unix/X$n ]] || { display=$n; break; }
done
[[ -n "$display" ]] || { echo "ui_bench_references: no free X display" >&2; exit 1; }
xvfb_pid="" floor_pid="" held=$(mktemp)
cleanup() {
  if [[ -n "$floor_pid" ]]; then kill -TERM "$floor_pid" 2>/dev/null || true; fi
  if [[ -n "$xvfb_pid" ]]; then kill -TERM "$xvfb_pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -f "$held"
}
trap cleanup EXIT
Xvfb ":$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
export DISPLAY=":$display"
for _ in $(seq 100); do [[ -S /tmp/.X11-unix/X$display ]] && break; sleep 0.05; done
[[ -S /tmp/.X11-unix/X$display ]] || { echo "ui_bench_references: Xvfb did not start" >&2; exit 1; }

# field JSON KEY: the number KEY has in a one-line JSON object.
field() { grep -o "\"$2\":[-0-9.]*" <<<"$1" | cut -d: -f2; }
# median: of the numbers on stdin, one a line.
median() {
  sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"
    else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# cpu_ticks PID: utime + stime of a process, in clock ticks (fields 14 and 15 of its stat).
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

echo "ui_bench_references: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)," \
  "display :$display, $runs runs" >&2

first_frame=() cpu_frame=() ui_frame=() floor_pss=() floor_uss=() floor_rss=() idle_cpu=() paint=() chromium_pss=()
for run in $(seq "$runs"); do
  # Start -> first frame, CPU per frame and PSS: --frames, t0 taken right before exec.
  out=$("$floor" --frames "$frames" --t0-ns "$(date +%s%N)")
  echo "floor run $run: $out" >&2
  first_frame+=("$(field "$out" start_to_first_frame_ms)")
  cpu_frame+=("$(field "$out" cpu_ms_per_frame)")
  ui_frame+=("$(field "$out" ui_cpu_ms_per_frame)")
  floor_pss+=("$(field "$out" pss_kb)")
  floor_uss+=("$(field "$out" uss_kb)")
  floor_rss+=("$(field "$out" rss_kb)")

  # Idle CPU: --hold draws its frames, prints its line, then waits for input that never comes.
  : >"$held"
  "$floor" --hold >"$held" &
  floor_pid=$!
  for _ in $(seq 200); do [[ -s "$held" ]] && break; sleep 0.05; done
  [[ -s "$held" ]] || { echo "ui_bench_references: imgui_floor --hold did not start" >&2; exit 1; }
  sleep 1  # let the window settle after its first frames
  before=$(cpu_ticks "$floor_pid")
  sleep "$idle_seconds"
  after=$(cpu_ticks "$floor_pid")
  kill -TERM "$floor_pid"
  wait "$floor_pid" 2>/dev/null || true
  floor_pid=""
  idle=$(awk -v t=$((after - before)) -v hz="$clk_tck" -v s="$idle_seconds" \
    'BEGIN { printf "%.2f", 100 * t / hz / s }')
  echo "floor run $run: idle CPU ${idle}% of a core over ${idle_seconds} s" >&2
  idle_cpu+=("$idle")

  out=$("$here/browser_kiosk.sh")
  echo "chromium run $run: $out" >&2
  paint+=("$(field "$out" start_to_first_paint_ms)")
  chromium_pss+=("$(field "$out" pss_kb)")
done

m() { printf '%s\n' "$@" | median; }
mb() { printf '%s\n' "$@" | median | awk '{ printf "%.1f", $1 / 1024 }'; }
echo "median of $runs runs (10,000 rows, 1280x800, Xvfb + Mesa llvmpipe, $(nproc) cores):"
printf '  floor start to first frame        %8.1f ms\n' "$(m "${first_frame[@]}")"
printf '  floor CPU per frame               %8.2f ms (process: ImGui + llvmpipe threads)\n' \
  "$(m "${cpu_frame[@]}")"
printf '    of which ImGui                  %8.2f ms (main thread, NewFrame to Render)\n' \
  "$(m "${ui_frame[@]}")"
printf '  floor PSS after %d frames        %8s MB (USS %s MB, RSS %s MB)\n' "$frames" \
  "$(mb "${floor_pss[@]}")" "$(mb "${floor_uss[@]}")" "$(mb "${floor_rss[@]}")"
printf '  floor idle CPU over %2d s          %8.2f %% of a core\n' "$idle_seconds" \
  "$(m "${idle_cpu[@]}")"
printf '  chromium start to first paint     %8.1f ms\n' "$(m "${paint[@]}")"
printf '  chromium PSS, all processes       %8s MB\n' "$(mb "${chromium_pss[@]}")"
# The same medians as one JSON line, for kiosk_bench.sh.
printf '{"floor_start_to_first_frame_ms": %s, "floor_cpu_ms_per_frame": %s, "floor_pss_mb": %s, "floor_uss_mb": %s, "floor_idle_cpu_percent": %s, "chromium_start_to_first_paint_ms": %s, "chromium_pss_mb": %s}\n' \
  "$(m "${first_frame[@]}")" "$(m "${cpu_frame[@]}")" "$(mb "${floor_pss[@]}")" \
  "$(mb "${floor_uss[@]}")" "$(m "${idle_cpu[@]}")" "$(m "${paint[@]}")" "$(mb "${chromium_pss[@]}")"
