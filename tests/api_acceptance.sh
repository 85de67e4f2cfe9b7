#!/usr/bin/env bash
# The HTTP API end to end: replay the scenario into a store, `darkwatch serve`
# it on a free loopback port, and ask every route over real sockets
# (tests/api_acceptance.py: shapes, KP's 22 Dec 2014 outage, minima kept by
# maxPoints, 400/404, traversal attempts, limits, a slow client dropped).
# Usage: tests/api_acceptance.sh DARKWATCH SCENARIO_DIR
set -euo pipefail
DW=$1; S=$2
HERE=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
"$DW" replay "$S" --db "$tmp/run.db" --events "$tmp/events.jsonl" 2>/dev/null || true
[ -s "$tmp/run.db" ] || { echo "replay wrote no store"; exit 1; }
chmod a-w "$tmp/run.db"  # read-only is enough for serve
"$DW" serve --db "$tmp/run.db" --listen 127.0.0.1:0 2> "$tmp/serve.err" &
pid=$!
for _ in $(seq 100); do
  port=$(sed -n 's|.*http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$tmp/serve.err")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "${port:-}" ] || { cat "$tmp/serve.err"; exit 1; }
python3 "$HERE/api_acceptance.py" "$port" "$tmp/events.jsonl"
# the store is as it was: serve wrote nothing
sqlite3 "$tmp/run.db" "PRAGMA quick_check" | grep -qx ok
kill -TERM "$pid"; wait "$pid"; rc=$?; pid=
[ $rc -eq 0 ] || { echo "serve did not stop cleanly on SIGTERM (rc $rc)"; exit 1; }
