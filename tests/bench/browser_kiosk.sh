#!/usr/bin/env bash
# browser_kiosk.sh: the alternative vendors ship, measured the way imgui_floor measures the floor
# (issue #4's UI figures). Writes a static HTML page with the same 10,000 work steps as
# imgui_floor (same 6 columns, same generated rows), opens it in Debian's Chromium (headless)
# and prints one JSON line:
#   start_to_first_paint_ms  process start -> first-contentful-paint (the first rows of the table)
#   pss_kb                   summed Pss of every Chromium process, 3 s after the page has loaded
# and for context: start_to_navigation_ms (navigation start), start_to_background_paint_ms (the
# 'first-paint' entry), start_to_load_ms (loadEventEnd: all 10,000 rows parsed and laid out),
# first_paint_seen_ms (when this script first saw the paint: an upper bound that checks the
# clocks agree), processes (how many PSS was summed over).
#
# How start -> first paint is measured: the script takes CLOCK_REALTIME (date +%s%N) right before
# it starts /usr/bin/chromium (Debian's launcher, which execs the browser in the same process),
# and afterwards asks the page itself over the DevTools protocol for performance.timeOrigin
# (navigation start, Unix epoch in ms) plus the startTime of its 'first-contentful-paint' entry:
# the time Chromium painted the first text of the table. Both are wall-clock times on the same
# machine, so their difference is process start -> first paint. The protocol runs over
# --remote-debugging-pipe (NUL-separated JSON on fds 3 and 4): no port, no websocket client.
#
# Usage: browser_kiosk.sh [--size WxH] [--headed]
#   --size    the window, default 1280x800
#   --headed  instead of headless, a real kiosk window (--kiosk) on $DISPLAY, as a vendor's panel
#             PC would show it; for comparison, the references use headless
# Needs chromium (scripts/install-deps --bench).
set -euo pipefail
export LC_ALL=C

width=1280 height=800 mode=headless
while (($#)); do
  case "$1" in
    --size) IFS=x read -r width height <<<"$2"; shift 2 ;;
    --headed) mode=headed; shift ;;
    *) echo "usage: browser_kiosk.sh [--size WxH] [--headed]" >&2; exit 2 ;;
  esac
done
command -v chromium >/dev/null || { echo "browser_kiosk: chromium is not installed" >&2; exit 1; }

work=$(mktemp -d /tmp/browser_kiosk.XXXXXX)
chromium_pid=""
cleanup() {
  if [[ -n "$chromium_pid" ]] && kill -0 "$chromium_pid" 2>/dev/null; then
    kill -TERM "$chromium_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$chromium_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$chromium_pid" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The page: the same rows as imgui_floor's make_rows(), same font and size, a dark theme. A plain
# table, as a vendor's page would have; the header row stays put like the floor's frozen row.
awk -v rows=10000 'BEGIN {
  split("Shaft 40x120|Flange DN50|Bearing housing|Gear wheel z=32|Cover plate 3mm|" \
        "Bracket L80|Spindle M16", art, "|")
  split("Saw|Turn|Mill|Drill|Deburr|Harden|Grind|Inspect", op, "|")
  split("done|running|planned|paused", st, "|")
  print "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Work steps</title><style>"
  print "html,body{margin:0;background:#1a1a1a;color:#fff;font:24px \"DejaVu Sans\",sans-serif}"
  print "table{width:100%;border-collapse:collapse}"
  print "td,th{padding:2px 4px;text-align:left;border-left:1px solid #444}"
  print "th{position:sticky;top:0;background:#2e3a4a;font-weight:normal}"
  print "tr:nth-child(even){background:#262626}</style></head><body><table><thead><tr>"
  print "<th>ID</th><th>Order</th><th>Article</th><th>Operation</th><th>Planned start</th>"
  print "<th>Status</th></tr></thead><tbody>"
  for (i = 0; i < rows; i++) {
    # days since 1970 -> civil date (H. Hinnant), as imgui_floor does; 40 steps a day from 06:00
    z = 19723 + int(i / 40) + 719468
    era = int(z / 146097); doe = z - era * 146097
    yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
    doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
    mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
    m = mp < 10 ? mp + 3 : mp - 9; y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    minutes = 6 * 60 + (i % 40) * 15
    printf "<tr><td>WS-%05d</td><td>PO-%05d</td><td>%s</td><td>%s</td>" \
      "<td>%04d-%02d-%02d %02d:%02d</td><td>%s</td></tr>\n",
      i + 1, int(i / 8) + 1, art[int(i / 8) % 7 + 1], op[i % 8 + 1],
      y, m, d, int(minutes / 60), minutes % 60, st[int(i / 3) % 4 + 1]
  }
  print "</tbody></table></body></html>"
}' >"$work/page.html"

# DevTools over the pipe. Opened read-write so that neither end blocks; fd 5 writes commands to
# Chromium's fd 3, fd 6 reads its replies and events from its fd 4.
mkfifo "$work/to_chromium" "$work/from_chromium"
exec 5<>"$work/to_chromium" 6<>"$work/from_chromium"
next_id=0 reply=""
# cdp METHOD PARAMS [SESSION]: sends one command and sets $reply to its reply (skipping events).
# Not for $(...): the id counter must survive the call.
cdp() {
  local session=${3:+,\"sessionId\":\"$3\"} message
  next_id=$((next_id + 1))
  printf '{"id":%d,"method":"%s","params":%s%s}\0' "$next_id" "$1" "$2" "$session" >&5
  while IFS= read -r -d '' -t 30 -u 6 message; do
    [[ "$message" == "{\"id\":$next_id,"* ]] && { reply=$message; return 0; }
  done
  echo "browser_kiosk: no reply to $1" >&2
  return 1
}

display_flags=(--headless)
if [[ "$mode" == headed ]]; then
  [[ -n "${DISPLAY:-}" ]] || { echo "browser_kiosk: --headed needs DISPLAY" >&2; exit 1; }
  display_flags=(--kiosk --ozone-platform=x11 "--window-position=0,0")
fi

t0_ns=$(date +%s%N)
chromium "${display_flags[@]}" --no-sandbox --disable-gpu --no-first-run \
  --disable-background-networking --user-data-dir="$work/profile" \
  --window-size="$width,$height" --remote-debugging-pipe \
  "file://$work/page.html" 3<"$work/to_chromium" 4>"$work/from_chromium" 2>"$work/chromium.log" &
chromium_pid=$!

cdp Target.getTargets '{}'
target=$(grep -o '"targetId":"[0-9A-F]*","type":"page"' <<<"$reply" | head -1 | cut -d'"' -f4 \
  || true)
[[ -n "$target" ]] || { echo "browser_kiosk: no page target" >&2; exit 1; }
cdp Target.attachToTarget "{\"targetId\":\"$target\",\"flatten\":true}"
session=$(grep -o '"sessionId":"[0-9A-F]*"' <<<"$reply" | head -1 | cut -d'"' -f4 || true)

# Asks the page until it has loaded: "<timeOrigin> <first-paint> <first-contentful-paint>
# <loadEventEnd>" in ms (times after timeOrigin, relative to it).
probe='(()=>{const p=n=>{const e=performance.getEntriesByName(n)[0];return e?e.startTime:-1};'
probe+='const nav=performance.getEntriesByType("navigation")[0];'
probe+='return ["T",performance.timeOrigin,p("first-paint"),p("first-contentful-paint"),'
probe+='nav?nav.loadEventEnd:0].join(" ")})()'
probe_json=${probe//\"/\\\"}
timings="" seen_ns=""  # seen: when this loop first saw the paint, a check on the clocks above
for _ in $(seq 300); do
  cdp Runtime.evaluate "{\"expression\":\"$probe_json\",\"returnByValue\":true}" "$session"
  timings=$(grep -o '"value":"T [-0-9. ]*"' <<<"$reply" | cut -d'"' -f4 || true)
  read -r _ origin _ fcp load <<<"${timings:-T 0 0 -1 0}"
  [[ "$fcp" != "-1" && -z "$seen_ns" ]] && seen_ns=$(date +%s%N)
  [[ "$fcp" != "-1" && "$load" != "0" ]] && break
  sleep 0.1
done
[[ "$fcp" != "-1" && "$load" != "0" ]] || { echo "browser_kiosk: page never painted" >&2; exit 1; }
read -r _ origin first_paint fcp load <<<"$timings"

# Memory once the page is shown and idle: every process descending from the browser, plus any
# that Chromium re-parented away (they all carry our profile directory on their command line).
sleep 3
pids=$(ps -e -o pid=,ppid= | awk -v root="$chromium_pid" '
  { parent[$1] = $2; all[NR] = $1 }
  END { for (i in all) { p = all[i]; q = p
          while (q != "" && q != root && q > 1) q = parent[q]
          if (q == root) print p } }')
pids+=" $(grep -l -s -F "$work/profile" /proc/[0-9]*/cmdline | cut -d/ -f3 | tr '\n' ' ' || true)"
pss_kb=0 processes=0
for pid in $(tr ' ' '\n' <<<"$pids" | sort -un); do
  pss=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || true)
  [[ -n "$pss" ]] || continue
  pss_kb=$((pss_kb + pss)) processes=$((processes + 1))
done

awk -v t0="$t0_ns" -v seen="$seen_ns" -v origin="$origin" -v fp="$first_paint" -v fcp="$fcp" \
    -v load="$load" -v pss="$pss_kb" -v n="$processes" -v w="$width" -v h="$height" \
    -v mode="$mode" 'BEGIN {
  t0_ms = t0 / 1e6
  printf "{\"rows\":10000,\"width\":%d,\"height\":%d,\"mode\":\"%s\",", w, h, mode
  printf "\"start_to_navigation_ms\":%.3f,", origin - t0_ms
  printf "\"start_to_background_paint_ms\":%.3f,", origin + fp - t0_ms
  printf "\"start_to_first_paint_ms\":%.3f,", origin + fcp - t0_ms
  printf "\"first_paint_seen_ms\":%.3f,", (seen - t0) / 1e6
  printf "\"start_to_load_ms\":%.3f,", origin + load - t0_ms
  printf "\"pss_kb\":%d,\"processes\":%d}\n", pss, n
}'
