#!/usr/bin/env bash
# The dashboard in a real browser (issue 11 item 4): replay kp-2014-small into
# a database, `darkwatch serve` it on a free loopback port, and drive Debian's
# chromium through web/test/dashboard.test.mjs (playwright-core). Screenshots
# of each page land in SHOTS.
# Usage: tests/web_dashboard.sh DARKWATCH SCENARIO_DIR NODE_MODULES SHOTS
set -euo pipefail
DW=$1; S=$2; NM=$3; SHOTS=$4
HERE=$(cd "$(dirname "$0")" && pwd)
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then echo "SKIP: no chromium at $CHROMIUM (scripts/setup.sh installs it)"; exit 77; fi
if ! "$DW" serve --help >/dev/null 2>&1; then echo "SKIP: this darkwatch has no 'serve' command"; exit 77; fi
tmp=$(mktemp -d); srv=
trap '[ -n "$srv" ] && kill "$srv" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT
"$DW" replay "$S" --db "$tmp/run.db" --events /dev/null 2> "$tmp/replay.err" || { cat "$tmp/replay.err"; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$DW" serve --db "$tmp/run.db" --listen "127.0.0.1:$port" > "$tmp/serve.log" 2>&1 & srv=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/v2/entities/query?limit=1" >/dev/null 2>&1 && break
  kill -0 "$srv" 2>/dev/null || { echo "darkwatch serve exited:"; cat "$tmp/serve.log"; exit 1; }
  sleep 0.1
done
NODE_MODULES=$NM CHROMIUM=$CHROMIUM node "$HERE/../web/test/dashboard.test.mjs" "http://127.0.0.1:$port" "$S" "$SHOTS"
