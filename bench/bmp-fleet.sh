#!/usr/bin/env bash
# Many routers at once: N simulated BMP routers (default 100), each a TCP
# connection sending the Juniper M320 stream (one peer with a real IPv4 full
# table, 707k announcements), all started together against one
# `darkwatch watch --bmp`. Every connection is its own router, so routing
# state holds N peers with a full table each. Reports the time until the
# last route is applied (every connection closed, every queue empty), peak
# RSS, and routes/s; then, as the yardstick, the single-thread decode time of
# the same routes from MRT: the stream recorded by `watch --record` as a
# TABLE_DUMP_V2 RIB and decoded by `darkwatch dump --type state` pinned to
# one core, times N. Goals (issue 10): peak RSS under 4 GB, time under 2x
# the yardstick.
# Usage: [N=100] bench/bmp-fleet.sh [DARKWATCH] [STREAM]   (run it under /work/wt/heavy.sh on shared machines)
set -euo pipefail
cd "$(dirname "$0")/.."
DW=${1:-build/darkwatch}
STREAM=${2:-../shared/data/bmp/juniper-m320/m320.bmp.xz}
N=${N:-100}
tmp=$(mktemp -d); pid=
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
xz -dc "$STREAM" > "$tmp/stream.bmp" 2>/dev/null || cp "$STREAM" "$tmp/stream.bmp"
now() { date +%s.%N; }
stop_watch() {  # SIGTERM; watch must exit within 5 s (issue 10), else it is killed and that is said
  kill -TERM $pid
  for _ in $(seq 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  if kill -0 $pid 2>/dev/null; then echo "watch did not exit within 10 s of SIGTERM: killed"; kill -9 $pid; fi
  wait $pid 2>/dev/null || true; pid=
}

start_watch() {  # extra watch args...: starts watch, sets pid, bmp, http
  "$DW" watch --bmp 127.0.0.1:0 --http 127.0.0.1:0 --geo none --as-names none "$@" 2> "$tmp/err" & pid=$!
  for _ in $(seq 400); do
    bmp=$(sed -n 's/.*bmp: listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/err")
    http=$(sed -n 's/.*http: .* on 127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/err")
    [ -n "$bmp" ] && [ -n "$http" ] && return 0; sleep 0.05
  done
  echo "watch did not start:"; cat "$tmp/err"; exit 1
}
send_all() {  # n: n connections at once, each the whole stream
  python3 - "$bmp" "$tmp/stream.bmp" "$1" <<'PY'
import socket, sys, threading
port, data, n = int(sys.argv[1]), open(sys.argv[2], 'rb').read(), int(sys.argv[3])
socks = [socket.create_connection(('127.0.0.1', port)) for _ in range(n)]
def send(s):
    s.sendall(data); s.close()
ts = [threading.Thread(target=send, args=(s,)) for s in socks]
for t in ts: t.start()
for t in ts: t.join()
PY
}
wait_drained() {  # n: until n connections have closed and nothing is queued (at most LIMIT s, default 900)
  local end=$((SECONDS + ${LIMIT:-900})) prev=
  while [ $SECONDS -lt $end ]; do
    "$DW" status --http "127.0.0.1:$http" --json > "$tmp/st.json" 2>/dev/null || true
    # the batch the engine holds is in no queue: done when the count also stood still since the last look
    cur=$(python3 - "$tmp/st.json" "$1" <<'PY' 2>/dev/null || echo -1
import json, sys
s = json.load(open(sys.argv[1])); n = int(sys.argv[2])
closed = [c for c in s['connections'] if not c['open']]
print(s['announcements'] if len(closed) >= n and not any(q['depth'] for q in s['queues']) else -1)
PY
)
    [ "$cur" != -1 ] && [ "$cur" = "${prev:-}" ] && return 0
    prev=$cur
    sleep 0.1
  done
  echo "watch did not drain within ${LIMIT:-900} s"; exit 1
}

# N routers at once
start_watch
t0=$(now); send_all "$N"; wait_drained "$N"; t1=$(now)
rss=$(awk '/VmHWM/{print $2}' /proc/$pid/status)
ann=$(python3 -c "import json; print(json.load(open('$tmp/st.json'))['announcements'])")
peers=$(python3 -c "import json; print(len(json.load(open('$tmp/st.json')).get('peers', [])))")
stop_watch
fleet_s=$(python3 -c "print($t1 - $t0)")
printf 'watch, %d routers at once: %d peers, %d announcements applied in %.1f s (%.0f routes/s), peak RSS %d MB\n' \
  "$N" "$peers" "$ann" "$fleet_s" "$(python3 -c "print($ann/$fleet_s)")" $((rss / 1024))

# the yardstick: the same routes from MRT, one core
start_watch --record "$tmp/rec"
send_all 1; wait_drained 1
stop_watch
rib=$(find "$tmp/rec" -path '*RIBS*' -name 'rib.*' | head -1)
if [ -z "$rib" ]; then echo "no RIB was recorded (watch --record): no yardstick"; exit 0; fi
entries=$("$DW" dump -m "$rib" 2>/dev/null | grep -c '|B|' || true)
t0=$(now); taskset -c 0 "$DW" dump --type state "$rib" > /dev/null 2>&1; t1=$(now)
one=$(python3 -c "print($t1 - $t0)")
printf 'yardstick: %s (%d entries) decoded on one core in %.2f s; x%d = %.1f s\n' \
  "$(basename "$rib")" "$entries" "$one" "$N" "$(python3 -c "print($one*$N)")"
printf 'ratio (fleet seconds / yardstick seconds): %.2fx (goal < 2x)\n' "$(python3 -c "print($fleet_s/($one*$N))")"
