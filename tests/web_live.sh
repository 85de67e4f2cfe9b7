#!/usr/bin/env bash
# The dashboard live in a real browser: `darkwatch watch --http --db` on a
# RIS Live recording in which AS64501 goes dark (tests/rislive_outage.py),
# held back in two parts that web/test/live.test.mjs releases (GO1: up to the
# outage, GO2: the rest) while chromium has the overview and the live page
# open. Screenshots in SHOTS.
# Usage: tests/web_live.sh DARKWATCH SOURCE_DIR NODE_MODULES SHOTS
set -euo pipefail
DW=$1; SRC=$2; NM=$3; SHOTS=$4
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then echo "SKIP: no chromium at $CHROMIUM (scripts/setup.sh installs it)"; exit 77; fi
tmp=$(mktemp -d); pid=
cleanup() {
  [ -f "$tmp/feeder.pid" ] && kill "$(cat "$tmp/feeder.pid")" 2>/dev/null || true
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  wait 2>/dev/null; rm -rf "$tmp"
}
trap cleanup EXIT
python3 "$SRC/tests/rislive_outage.py" "$tmp/feed.json"
T0=1700000000
python3 - "$tmp" $T0 <<'PY'
import json, sys
d, t0 = sys.argv[1], int(sys.argv[2])
lines = open(f"{d}/feed.json").read().splitlines(True)
cut = next(i for i, l in enumerate(lines) if json.loads(l)["data"]["timestamp"] >= t0 + 4000)
open(f"{d}/part1.json", "w").writelines(lines[:cut])
open(f"{d}/part2.json", "w").writelines(lines[cut:])
PY
wait_file() { while [ ! -e "$1" ]; do sleep 0.05; done; }
mkfifo "$tmp/in"
( exec 3> "$tmp/in"; wait_file "$tmp/go1"; cat "$tmp/part1.json" >&3; wait_file "$tmp/go2"; cat "$tmp/part2.json" >&3; exec sleep 120 ) &
echo $! > "$tmp/feeder.pid"
"$DW" watch --ris-live "$tmp/in" --http 127.0.0.1:0 --geo none --as-names none --bin 60 --min-duration 120 --db "$tmp/live.db" \
    2> "$tmp/err" & pid=$!
http=
for _ in $(seq 200); do
  http=$(sed -n 's/.*http: .* on 127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/err" | head -1)
  [ -n "$http" ] && break
  sleep 0.05
done
[ -n "$http" ] || { echo "FAIL: watch --http did not start"; cat "$tmp/err"; exit 1; }
rc=0
NODE_MODULES=$NM CHROMIUM=$CHROMIUM node "$SRC/web/test/live.test.mjs" "http://127.0.0.1:$http" "$tmp/go1" "$tmp/go2" "$SHOTS" || rc=$?
kill "$(cat "$tmp/feeder.pid")" 2>/dev/null || true
kill -TERM $pid; wrc=0; wait $pid || wrc=$?; pid=
[ $wrc -eq 0 ] || { echo "FAIL: watch exit $wrc after SIGTERM"; tail "$tmp/err"; exit 1; }
exit $rc
