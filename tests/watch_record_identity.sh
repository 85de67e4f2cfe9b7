#!/usr/bin/env bash
# Issue 10 "watch equals replay of its recording": the kp-2014-small scenario
# as a router would send it over BMP (tests/mrt_to_bmp.py: its RIB dump as
# Route Monitoring, then every UPDATE with its time) into `darkwatch watch
# --bmp --record DIR --events FILE` over loopback; SIGTERM (exit 0 within
# 5 s, no temporary file left); `bgpdump -m` decodes every recorded file;
# `darkwatch replay DIR` with the same --bin/--min-duration/--geo gives the
# same events (the North Korea outage among them).
# Compared: every outage, instability and short outage whole (kind, entity,
# start, end, severity, prefixes, explanation, ...), every peer_down notice.
# Allowed to differ, and why:
#  - collector_gap notices: the router's session ends when watch stops, a
#    PeerDown stamped with the wall clock (2026) after data from 2014; watch
#    sees the clock leap (engine::kMaxClockJump) and says so in a notice
#    named after the tick source ("watch"), while the recording holds no
#    files for the 12 years between (the recorder's own leap guard) and
#    replay names that as the archive's gap of files, under the router's
#    name. Both must have one; reason and bounds are each side's own words.
# Usage: tests/watch_record_identity.sh DARKWATCH SCENARIO_DIR SOURCE_DIR
set -euo pipefail
DW=$1; S=$2; SRC=$3
command -v bgpdump >/dev/null || { echo "SKIP: bgpdump not installed (scripts/setup.sh installs it)"; exit 77; }
tmp=$(mktemp -d); pid=
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; tail -20 "$tmp/err" 2>/dev/null; exit 1; }
source "$SRC/tests/watch_lib.sh"
OPTS=(--geo rir --as-names none --bin 300 --min-duration 300)

python3 "$SRC/tests/mrt_to_bmp.py" "$S/route-views2" "$tmp/kp.bmp"
start_watch --record "$tmp/rec" --events "$tmp/watch.jsonl" "${OPTS[@]}"
python3 "$SRC/tests/bmp_send.py" "$bmp" "$tmp/kp.bmp" --hold 1 > /dev/null
wait_drained
sleep 1.5  # the connection's end (after --hold) reaches the engine
wait_drained
stop_watch
grep -q "darkwatch: recorded [1-9]" "$tmp/err" || fail "no recording summary"
[ -z "$(find "$tmp/rec" -name '.partial-*')" ] || fail "temporary files left after SIGTERM"
files=$(bgpdump_all "$tmp/rec")
"$DW" replay "$tmp/rec" --events "$tmp/replay.jsonl" "${OPTS[@]}" 2> "$tmp/replay.err" || { cat "$tmp/replay.err"; fail "replay of the recording"; }
python3 - "$tmp/watch.jsonl" "$tmp/replay.jsonl" "$files" <<'PY' || fail "watch and the replay of its recording differ"
import json, sys
def load(p):
    return [json.loads(l) for l in open(p) if l.strip()]
w, r = load(sys.argv[1]), load(sys.argv[2])
def split(evs):
    same = [json.dumps(e, sort_keys=True) for e in evs if e.get("kind") != "collector_gap"]
    gaps = [e for e in evs if e.get("kind") == "collector_gap"]
    return same, gaps
ws, wg = split(w)
rs, rg = split(r)
assert any('"kind": "outage"' in x and "KP" in x for x in ws), "no outage of North Korea raised by watch"
if ws != rs:
    a, b = set(ws), set(rs)
    for x in sorted(a - b)[:5]: print("only watch: ", x[:400])
    for x in sorted(b - a)[:5]: print("only replay:", x[:400])
    sys.exit(1)
assert wg and rg, ("the session's end at the wall clock is a gap on both sides", wg, rg)
kinds = {}
for x in ws: k = json.loads(x)["kind"]; kinds[k] = kinds.get(k, 0) + 1
print(f"{sys.argv[3]} recorded files decode with bgpdump; watch and replay of the recording: {len(ws)} events identical {kinds}; "
      f"gap notices: watch {len(wg)}, replay {len(rg)}")
PY
