#!/usr/bin/env bash
# Many routers at once: N simulated BMP routers (default 100), each a TCP
# connection sending the Juniper M320 stream (one peer with a real IPv4 full
# table, 707k announcements), all started together against one
# `darkwatch watch --bmp`. Every connection is its own router, so routing
# state holds N peers with a full table each. Reports the time until the
# last route is applied (every queue empty; the routers stay connected, so no
# table is torn down inside the time), peak RSS, and routes/s; then, as the
# yardstick, the single-thread decode time of the same routes from MRT: the
# stream recorded by `watch --record` (its RIB file and its updates, bzip2
# taken off first) decoded by `darkwatch dump --type state` pinned to one
# core, times N. Goals (issue 10): peak RSS under 4 GB, time under 2x the
# yardstick.
# Usage: [N=100] bench/bmp-fleet.sh [DARKWATCH] [STREAM]   (run it under /work/wt/heavy.sh on shared machines)
set -euo pipefail
cd "$(dirname "$0")/.."
DW=${1:-build/darkwatch}
STREAM=${2:-../shared/data/bmp/juniper-m320/m320.bmp.xz}
N=${N:-100}
tmp=$(mktemp -d); pid=; sender=
trap 'kill $pid $sender 2>/dev/null || true; rm -rf "$tmp"' EXIT
xz -dc "$STREAM" > "$tmp/stream.bmp" 2>/dev/null || cp "$STREAM" "$tmp/stream.bmp"
now() { date +%s.%N; }
. bench/lib.sh
per=$("$DW" dump -m "$tmp/stream.bmp" 2>/dev/null | grep -c '|A|')  # announcements in one stream

# N routers at once
watch_start ${WATCH_ARGS:-}  # e.g. "--config limits.toml": smaller queues for many routers
t0=$(now); bmp_send "$bmp" "$tmp/stream.bmp" "$N" & sender=$!
watch_wait_applied $((per * N)) "${LIMIT:-900}"; t1=$(now)
rss=$(awk '/VmHWM/{print $2}' /proc/$pid/status)
ann=$(python3 -c "import json; print(json.load(open('$tmp/st.json'))['announcements'])")
peers=$(python3 -c "import json; print(len(json.load(open('$tmp/st.json')).get('peers', [])))")
kill $sender 2>/dev/null || true; wait $sender 2>/dev/null || true; sender=
watch_stop
fleet_s=$(python3 -c "print($t1 - $t0)")
printf 'watch, %d routers at once: %d peers, %d announcements applied in %.1f s (%.0f routes/s), peak RSS %d MB\n' \
  "$N" "$peers" "$ann" "$fleet_s" "$(python3 -c "print($ann/$fleet_s)")" $((rss / 1024))

# the yardstick: the same routes from MRT, one core
watch_start --record "$tmp/rec"
bmp_send "$bmp" "$tmp/stream.bmp" 1 & sender=$!
watch_wait_applied "$per"
kill $sender 2>/dev/null || true; wait $sender 2>/dev/null || true; sender=
watch_stop
# the recorded MRT (a RIB file and the updates), decompressed first: the
# yardstick is decoding, not bzip2
mkdir -p "$tmp/mrt"
for f in $(find "$tmp/rec" -name '*.bz2' ! -name '.partial-*' | sort); do bzip2 -dc "$f" > "$tmp/mrt/$(basename "$f" .bz2)"; done
files=$(ls "$tmp/mrt"/* 2>/dev/null | sort)
[ -n "$files" ] || { echo "nothing was recorded (watch --record): no yardstick"; exit 0; }
entries=$("$DW" dump -m $files 2>/dev/null | grep -c '|[AB]|' || true)
t0=$(now); taskset -c 0 "$DW" dump --type state $files > /dev/null 2>&1; t1=$(now)
one=$(python3 -c "print($t1 - $t0)")
printf 'yardstick: the recorded MRT (%d routes) decoded on one core in %.2f s; x%d = %.1f s\n' \
  "$entries" "$one" "$N" "$(python3 -c "print($one*$N)")"
printf 'ratio (fleet seconds / yardstick seconds): %.2fx (goal < 2x)\n' "$(python3 -c "print($fleet_s/($one*$N))")"
