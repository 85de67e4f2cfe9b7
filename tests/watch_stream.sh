#!/usr/bin/env bash
# watch --http is one server (api::Server) with /v2/stream live from the
# engine: a RIS Live recording in which AS64501 goes dark for half an hour
# (tests/rislive_outage.py) is fed to `watch --ris-live -` once a client is
# connected to /v2/stream (curl -N); the stream must carry the outage's
# event.open for asn:64501 (end null), bins naming it open, then its
# event.close. While it runs the same port serves /status (darkwatch status),
# /metrics, the dashboard, and the JSON API over watch's own --db as it is
# written (the outage's zeros in /v2/signals/raw). Without --db the API
# answers 503 "no store" and the rest still works.
# Usage: tests/watch_stream.sh DARKWATCH SOURCE_DIR
set -euo pipefail
DW=$1; SRC=$2
tmp=$(mktemp -d); pid=; cpid=
cleanup() {
  [ -f "$tmp/feeder.pid" ] && kill "$(cat "$tmp/feeder.pid")" 2>/dev/null || true
  kill $pid $cpid 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; tail -20 "$tmp/err" 2>/dev/null; exit 1; }
python3 "$SRC/tests/rislive_outage.py" "$tmp/feed.json"
T0=1700000000

start_watch() {  # extra flags...
  : > "$tmp/err"; rm -f "$tmp/go" "$tmp/feeder.pid" "$tmp/in"; mkfifo "$tmp/in"
  # the recording waits for "go", then stays open (watch goes on serving)
  ( exec 3> "$tmp/in"; while [ ! -e "$tmp/go" ]; do sleep 0.05; done; cat "$tmp/feed.json" >&3; exec sleep 60 ) &
  echo $! > "$tmp/feeder.pid"
  "$DW" watch --ris-live "$tmp/in" --http 127.0.0.1:0 --geo none --as-names none --bin 60 --min-duration 120 "$@" 2> "$tmp/err" & pid=$!
  for _ in $(seq 200); do
    http=$(sed -n 's/.*http: .* on 127.0.0.1:\([0-9]*\).*/\1/p' "$tmp/err" | head -1)
    [ -n "$http" ] && break
    sleep 0.05
  done
  [ -n "$http" ] || fail "watch --http did not start"
  base=http://127.0.0.1:$http
}
stop_watch() {  # SIGTERM while the input is still open and silent: exit 0 within 5 s
  local t0 t1 rc=0
  t0=$(date +%s.%N); kill -TERM $pid; wait $pid || rc=$?; t1=$(date +%s.%N); pid=
  kill "$(cat "$tmp/feeder.pid")" 2>/dev/null || true
  [ $rc -eq 0 ] || fail "watch: exit $rc after SIGTERM"
  python3 -c "import sys; sys.exit(0 if $t1 - $t0 < 5 else 1)" || fail "SIGTERM with the input open took more than 5 s"
}
wait_for() {  # FILE PATTERN [tenths]
  for _ in $(seq ${3:-200}); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}

# 1. with --db: the stream, and the API over the store watch is writing
start_watch --db "$tmp/live.db"
curl -sN "$base/v2/stream" > "$tmp/sse" & cpid=$!
wait_for "$tmp/sse" "^: darkwatch stream" || fail "no /v2/stream hello"
touch "$tmp/go"
wait_for "$tmp/sse" "^event: event.close" || { head -c 3000 "$tmp/sse"; fail "no event.close on /v2/stream"; }
python3 - "$tmp/sse" $T0 <<'PY' || fail "the stream's messages"
import json, sys
text, t0 = open(sys.argv[1]).read(), int(sys.argv[2])
msgs = []
for block in text.split("\n\n"):
    ev = [l[7:] for l in block.split("\n") if l.startswith("event: ")]
    data = "\n".join(l[6:] for l in block.split("\n") if l.startswith("data: "))
    if ev: msgs.append((ev[0], json.loads(data)))
opens = [d for n, d in msgs if n == "event.open"]
closes = [d for n, d in msgs if n == "event.close"]
assert len(opens) == 1, opens
o = opens[0]
assert o["kind"] == "outage" and o["entity"] == {"type": "asn", "code": "64501"}, o
assert o["end"] is None, o
start = o["start"] if isinstance(o["start"], int) else None
c = closes[0]
assert c["kind"] == "outage" and c["entity"]["code"] == "64501" and c["end"] is not None, c
bins = [d for n, d in msgs if n == "bin"]
assert bins, "no bin message"
dark = [b for b in bins if any(x["entity"] == {"type": "asn", "code": "64501"} and x["kind"] == "outage" for x in b["open"])]
assert dark, "no bin names asn:64501 open"
assert all(t0 + 3600 <= b["bin"] < t0 + 5400 + 60 for b in dark), [b["bin"] - t0 for b in dark]
assert all(b["countries"] == [] for b in bins), "--geo none has no countries"
assert [b["bin"] for b in bins] == sorted(b["bin"] for b in bins)
print(f"stream: {len(msgs)} messages, {len(bins)} bins ({len(dark)} with asn:64501 dark), outage open and closed")
PY
# the same port: status, metrics, the dashboard, the API over the live store
"$DW" status --http "127.0.0.1:$http" > "$tmp/status" || fail "darkwatch status"
grep -q "ris-live" "$tmp/status" || { cat "$tmp/status"; fail "status does not name the ris-live queue"; }
# (into a file: grep -q leaving a pipe early would kill the writer, and pipefail would call that a failure)
"$DW" status --http "127.0.0.1:$http" --metrics > "$tmp/metrics" || fail "darkwatch status --metrics"
grep -q '^darkwatch_peer_awaited' "$tmp/metrics" || { head -20 "$tmp/metrics"; fail "metrics"; }
curl -sf "$base/" | grep -qi "<html" || fail "the dashboard is not served by watch"
curl -sf "$base/v2/entities/query?entityType=asn&search=64501" > "$tmp/ent" || fail "entities from the live store"
python3 -c "import json,sys; d=json.load(open(sys.argv[1]))['data']; assert [e['code'] for e in d] == ['64501'], d" "$tmp/ent" \
  || { cat "$tmp/ent"; fail "asn:64501 not in the live store"; }
curl -sf "$base/v2/signals/raw/asn/64501?from=$((T0 + 1800))&until=$((T0 + 7200))" > "$tmp/sig" || fail "signals from the live store"
python3 - "$tmp/sig" $T0 <<'PY' || { head -c 600 "$tmp/sig"; fail "the outage is not in the live store's series"; }
import json, sys
t0 = int(sys.argv[2])
s = [x for x in json.load(open(sys.argv[1]))["data"][0] if x["subtype"] == "visible24s"][0]
v = s["values"]
at = lambda t: v[(t - s["from"]) // s["step"]]
assert at(t0 + 3000) == 20 and at(t0 + 4500) == 0 and at(t0 + 6000) == 20, (at(t0 + 3000), at(t0 + 4500), at(t0 + 6000))
PY
kill $cpid 2>/dev/null || true; cpid=
stop_watch

# 2. without --db: the API says there is no store; the stream, status and the page work
start_watch
code=$(curl -s -o "$tmp/nostore" -w '%{http_code}' "$base/v2/entities/query?entityType=asn")
[ "$code" = 503 ] || fail "no store: HTTP $code, not 503"
grep -q '"no store' "$tmp/nostore" || { cat "$tmp/nostore"; fail "no store: the error does not say so"; }
"$DW" status --http "127.0.0.1:$http" > /dev/null || fail "status without --db"
curl -sf "$base/" | grep -qi "<html" || fail "the dashboard without --db"
curl -sN "$base/v2/stream" > "$tmp/sse2" & cpid=$!
wait_for "$tmp/sse2" "^: darkwatch stream" || fail "no /v2/stream without --db"
touch "$tmp/go"
wait_for "$tmp/sse2" "^event: event.open" || fail "no event.open without --db"
kill $cpid 2>/dev/null || true; cpid=
stop_watch
echo "watch --http: one server; /v2/stream carried asn:64501's outage open and close; the API read the live store; no store: 503: ok"
