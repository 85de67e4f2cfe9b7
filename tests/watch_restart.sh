#!/usr/bin/env bash
# Issue 10 §3 fault check "kill -9 of watch then restart": watch --bmp --db
# --record --checkpoint-every 1 takes the first half of kp-2014-small as a
# router sends it (tests/mrt_to_bmp.py --until 16:00, the RIB and the
# morning's updates), is killed with SIGKILL, and then:
#  - no half MRT file under a final name: every finished .bz2 decodes with
#    bgpdump (temporary .partial-* files may be left; the restart removes them);
#  - the restarted watch (same command line) resumes from the checkpoint in
#    the store: before any byte is sent again it holds the same prefixes,
#    peers and routes, and the event time the log names is the first half's;
#    the exposure paths come back with it;
#  - the second half alone (updates from 16:00, no RIB dump) then raises the
#    North Korea outage of 16:15: the baselines came through the restart
#    (a cold start on those updates holds only the routes they announce, checked too).
# Usage: tests/watch_restart.sh DARKWATCH SCENARIO_DIR SOURCE_DIR
set -euo pipefail
DW=$1; S=$2; SRC=$3
command -v bgpdump >/dev/null || { echo "SKIP: bgpdump not installed (scripts/setup.sh installs it)"; exit 77; }
tmp=$(mktemp -d); pid=
trap 'kill -9 $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; tail -20 "$tmp/err" 2>/dev/null; exit 1; }
source "$SRC/tests/watch_lib.sh"
OPTS=(--geo rir --as-names none --db "$tmp/live.db" --record "$tmp/rec" --checkpoint-every 1)
python3 "$SRC/tests/mrt_to_bmp.py" "$S/route-views2" "$tmp/a.bmp" --until 2014-12-22T16:00:00Z 2>/dev/null
python3 "$SRC/tests/mrt_to_bmp.py" "$S/route-views2" "$tmp/b.bmp" --from 2014-12-22T16:00:00Z 2>/dev/null
# prefixes, peers, routes held (all peers' tables)
counts() { python3 -c "import json,sys; s=json.load(open('$tmp/st.json')); print(s['prefixes'], len(s['peers']), sum(p['prefixes_v4'] + p['prefixes_v6'] for p in s['peers']))"; }

# 1. the first half, then kill -9 while the router is still connected
start_watch "${OPTS[@]}"
feed_then_kill "$tmp/a.bmp"
before=$(counts)
cp "$tmp/err" "$tmp/err.first"
n=$(bgpdump_all "$tmp/rec")
partial=$(find "$tmp/rec" -name '.partial-*' | wc -l)
echo "killed: $before (prefixes, peers, routes); $n finished files decode, $partial temporary left"

# 2. restart: resumed before anything is sent
start_watch "${OPTS[@]}" --events "$tmp/events.jsonl"
grep -q "resumed from the checkpoint in .* (event time 2014-12-22T1[45]:" "$tmp/err" || fail "not resumed from the checkpoint"
# the exposure profiles' AS paths came through too (saved with each checkpoint)
grep -q "exposure paths resumed: [1-9][0-9]* distinct AS paths" "$tmp/err" || fail "exposure paths not resumed"
grep -q "peers awaited" "$tmp/err" || fail "the resumed peers do not await their sessions"
sleep 1.2
status > "$tmp/st.json"; after=$(counts)
[ "$before" = "$after" ] || fail "state before the kill ($before) is not the state resumed ($after)"

# 3. the second half raises the outage against the baselines that came through
python3 "$SRC/tests/bmp_send.py" "$bmp" "$tmp/b.bmp" --hold 30 > /dev/null & sender=$!
sleep 1
wait_drained
resumed=$(counts)
stop_watch
kill $sender 2>/dev/null || true; wait $sender 2>/dev/null || true
[ -z "$(find "$tmp/rec" -name '.partial-*')" ] || fail "temporary files left after SIGTERM"
# the recorder cleans a router's folder when that router is heard again
[ "$partial" = 0 ] || grep -q "removing .*partial-.*left unfinished" "$tmp/err" || fail "temporary files not cleaned"
bgpdump_all "$tmp/rec" > /dev/null
python3 - "$tmp/events.jsonl" <<'PY' || fail "no outage after the restart"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
kp = [e for e in ev if e["kind"] == "outage" and "KP" in json.dumps(e["entity"])]
late = [e for e in kp if e["start"].startswith("2014-12-22T16:1")]
assert late, [(e["kind"], e["start"]) for e in ev]
# the resumed detector also holds what the first process raised (as replay --resume does)
early = [e for e in kp if e["start"] < "2014-12-22T16:00"]
assert early, "the first half's outages did not come through the restart"
print("after the restart: the outage of", late[0]["entity"], "from", late[0]["start"], "to", late[0]["end"],
      f"; {len(early)} outages of the first half kept")
PY
# a cold start on the second half alone knows only the prefixes its updates
# name (no table came through): the resumed state is not a cold one
rm -rf "$tmp/cold"; mkdir "$tmp/cold"
start_watch --geo rir --as-names none --events "$tmp/cold/events.jsonl"
python3 "$SRC/tests/bmp_send.py" "$bmp" "$tmp/b.bmp" --hold 30 > /dev/null & sender=$!
sleep 1
wait_drained
cold=$(counts)
stop_watch
kill $sender 2>/dev/null || true; wait $sender 2>/dev/null || true
echo "prefixes, peers and routes after the second half: resumed $resumed, cold $cold"
[ "${cold##* }" -lt "${resumed##* }" ] || fail "a cold start holds as many routes ($cold) as the resumed run ($resumed): the test shows nothing"
echo "watch kill -9 and restart: no half file under a final name, state resumed from the checkpoint: ok"
