#!/usr/bin/env bash
# watch stops cleanly on SIGTERM and SIGINT: while a router is connected and
# silent, it stops accepting, flushes the store and the events, and exits 0
# within 5 s; /status and /metrics answer while it runs (darkwatch status).
# Usage: tests/watch_signals.sh DARKWATCH
set -euo pipefail
DW=$1
tmp=$(mktemp -d); pid=; cpid=
trap 'kill $pid $cpid 2>/dev/null || true; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; cat "$tmp/err" 2>/dev/null; exit 1; }
port_of() {  # the port a "listening on ADDR:PORT" line names
  for _ in $(seq 100); do
    p=$(sed -n "s|.*$1.* on 127.0.0.1:\([0-9]*\).*|\1|p" "$tmp/err" | head -1)
    [ -n "$p" ] && { echo "$p"; return; }
    sleep 0.05
  done
  fail "no $1 port"
}
for sig in TERM INT; do
  : > "$tmp/err"
  "$DW" watch --bmp 127.0.0.1:0 --http 127.0.0.1:0 --geo none --as-names none --db "$tmp/live.sqlite" \
    --events "$tmp/ev.jsonl" 2> "$tmp/err" & pid=$!
  bmp=$(port_of "bmp: listening"); http=$(port_of "http: /status")
  # a router that connects and says nothing
  python3 -c "import socket,time,sys; s=socket.create_connection(('127.0.0.1',$bmp)); time.sleep(30)" & cpid=$!
  for _ in $(seq 100); do grep -q "connected (source 127.0.0.1)" "$tmp/err" && break; sleep 0.05; done
  "$DW" status --http "127.0.0.1:$http" > "$tmp/status" || fail "status"
  grep -q "bmp  127.0.0.1" "$tmp/status" || { cat "$tmp/status"; fail "status does not show the connection"; }
  "$DW" status --http "127.0.0.1:$http" --metrics > "$tmp/metrics" || fail "metrics"
  grep -q '^darkwatch_connection_up{router="127.0.0.1",kind="bmp",connection="1"} 1$' "$tmp/metrics" || { cat "$tmp/metrics"; fail "metrics"; }
  grep -q '^# TYPE darkwatch_received_bytes_total counter$' "$tmp/metrics" || fail "counter type"
  t0=$(date +%s.%N)
  kill -$sig $pid
  rc=0; wait $pid || rc=$?
  t1=$(date +%s.%N)
  pid=
  kill $cpid 2>/dev/null || true; cpid=
  [ $rc -eq 0 ] || fail "SIG$sig: exit $rc"
  python3 -c "import sys; d=$t1-$t0; sys.exit(0 if d < 5 else 1)" || fail "SIG$sig: took more than 5 s"
  grep -q "SIG$sig: stopping" "$tmp/err" || fail "SIG$sig not logged"
  grep -q "stored .* signal rows in $tmp/live.sqlite" "$tmp/err" || fail "SIG$sig: the store was not flushed"
  [ -f "$tmp/ev.jsonl" ] || fail "SIG$sig: no events file"
  python3 -c "import sqlite3,sys; m=dict(sqlite3.connect(sys.argv[1]).execute('select key, value from meta')); sys.exit(0 if m.get('darkwatch_version') and 'last_ts' in m else 1)" "$tmp/live.sqlite" \
    || fail "SIG$sig: the store has no complete meta table"
done
# BGP only: it keeps running with no connection, refuses (and logs) an
# address that is not a configured peer, and stops on SIGTERM
: > "$tmp/err"
"$DW" watch --bgp 127.0.0.1:0 --asn 64512 --router-id 192.0.2.1 --peer 192.0.2.77:65001 --geo none --as-names none \
  2> "$tmp/err" & pid=$!
bgp=$(port_of "bgp: listening")
sleep 0.5
kill -0 $pid 2>/dev/null || fail "watch --bgp ended by itself"
python3 -c "import socket; s=socket.create_connection(('127.0.0.1',$bgp)); s.settimeout(5); assert s.recv(10) == b''" \
  || fail "an unconfigured peer was not closed"
for _ in $(seq 50); do grep -q "refused: 127.0.0.1 is not a configured peer" "$tmp/err" && break; sleep 0.05; done
grep -q "connection from 127.0.0.1:[0-9]* refused: 127.0.0.1 is not a configured peer" "$tmp/err" || fail "refusal not logged"
kill -TERM $pid; rc=0; wait $pid || rc=$?; pid=
[ $rc -eq 0 ] || fail "watch --bgp: exit $rc"
grep -q "SIGTERM: stopping" "$tmp/err" || fail "watch --bgp: SIGTERM not logged"
echo "watch: SIGTERM and SIGINT exit 0 within 5 s, store flushed; status and metrics served: ok"
