#!/usr/bin/env bash
# Warm start (issue 10 `--warm`): the live part of a run starts at FROM, just
# after an outage began. A cold engine has no baseline yet in its first bin,
# and takes the dark state for normal: no outage. Warmed with the archive up
# to FROM (no alerts, no rows), it has the 24-hour baselines and the loss in
# progress, and reports the outage with the times the uninterrupted replay
# gives. The warm period's own events that ended before FROM are not reported.
# Usage: tests/warm_start.sh DARKWATCH SCENARIO_DIR FROM ENTITY(country:KP)
set -euo pipefail
DW=$1; SC=$2; FROM=$3; ENT=$4
[ -d "$SC" ] || { echo "SKIP: no scenario at $SC"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$DW" replay "$SC" --events "$T/whole.jsonl" 2> /dev/null || fail "uninterrupted replay"
"$DW" replay "$SC" --from "$FROM" --events "$T/cold.jsonl" 2> /dev/null || fail "cold replay"
"$DW" replay "$SC" --from "$FROM" --warm "$SC" --db "$T/warm.db" --alert "$T/alerts.jsonl" --events "$T/warm.jsonl" 2> "$T/warm.err" || fail "warm replay: $(tail -3 "$T/warm.err")"
grep -h "warm start" "$T/warm.err"
python3 - "$T" "$FROM" "$ENT" <<'PY'
import json, sys, datetime
t, frm, ent = sys.argv[1], sys.argv[2], sys.argv[3]
kind, code = ent.split(":")
start = int(datetime.datetime.fromisoformat(frm.replace("Z", "+00:00")).timestamp())
def load(name):
    return [json.loads(l) for l in open(f"{t}/{name}") if l.strip()]
def outages(evs):
    out = []
    for e in evs:
        if e.get("kind") != "outage": continue
        en = e.get("entity", {})
        if en.get("type") == kind and str(en.get("code")) == code: out.append(e)
    return out
def ts(x):
    if x is None or isinstance(x, int): return x
    return int(datetime.datetime.fromisoformat(x.replace("Z", "+00:00")).timestamp())
near = lambda evs: [e for e in outages(evs) if abs(ts(e["start"]) - start) < 1800]
whole, cold, warm = near(load("whole.jsonl")), near(load("cold.jsonl")), near(load("warm.jsonl"))
assert whole, f"the uninterrupted replay has no {ent} outage near {frm}: nothing to test"
assert not cold, f"a cold start found the outage without baselines ({cold[0]['start']}): the test shows nothing"
assert warm, f"the warm start missed the {ent} outage that began just before {frm}"
w, u = warm[0], whole[0]
assert (w["start"], w.get("end")) == (u["start"], u.get("end")), f"warm {w['start']}..{w.get('end')} vs uninterrupted {u['start']}..{u.get('end')}"
for e in load("warm.jsonl"):
    end = ts(e.get("end"))
    assert end is None or end >= start, f"an event over before the live part was reported: {e.get('kind')} {e.get('start')}..{e.get('end')}"
alerts = [json.loads(l) for l in open(f"{t}/alerts.jsonl") if l.strip()]
print(f"warm start: {ent} outage {w['start']} .. {w.get('end')} (cold start: none); {len(alerts)} alerts")
PY
# rows from the bin that holds FROM on: the warm period's own bins are not stored
sqlite3 "$T/warm.db" "SELECT min(bin) FROM signal;" | { read b; [ $((b + 300)) -gt "$(date -d "$FROM" +%s)" ] || fail "signal rows of the warm period stored (first bin $b)"; }
echo "first stored bin: $(sqlite3 "$T/warm.db" "SELECT datetime(min(bin), 'unixepoch') FROM signal;")"
