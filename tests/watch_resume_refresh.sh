#!/usr/bin/env bash
# Issue 10 "restarts lose nothing", the half a checkpoint cannot hold: what
# the peers withdrew while watch was down. watch --bmp --db takes the first
# half of kp-2014-small (tests/mrt_to_bmp.py --until 16:00: PeerUps, the
# RIB dump, the morning's updates), is killed with SIGKILL after a
# checkpoint, and is restarted; the router then sends its table again as a
# router does on reconnecting (tests/bmp_resend.py: PeerUps and the dump's
# routes at 16:05, without North Korea's 175.45.176.0/22, withdrawn while
# watch was down), and later messages move the clock on. Checks:
#  - the restarted watch awaits its peers (log, and `status` per peer) and
#    keeps their vote;
#  - once the warm-up (600 s) after the sessions came back is over, each
#    peer holds exactly the routes it sent again: the routes the checkpoint
#    held and the router left out are swept, and the peers the router did
#    not bring back are down;
#  - the sweep is evidence: North Korea's outage is raised from it.
# Usage: tests/watch_resume_refresh.sh DARKWATCH SCENARIO_DIR SOURCE_DIR
set -euo pipefail
DW=$1; S=$2; SRC=$3
tmp=$(mktemp -d); pid=
trap 'kill -9 $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; tail -20 "$tmp/err" 2>/dev/null; exit 1; }
source "$SRC/tests/watch_lib.sh"
OPTS=(--geo rir --as-names none --db "$tmp/live.db" --checkpoint-every 1)
python3 "$SRC/tests/mrt_to_bmp.py" "$S/route-views2" "$tmp/a.bmp" --until 2014-12-22T16:00:00Z 2>/dev/null
read -r left kept <<<"$(python3 "$SRC/tests/bmp_resend.py" "$tmp/a.bmp" "$tmp/c.bmp" --at 2014-12-22T16:05:00Z \
  --without 175.45.176.0/22 --tick 2014-12-22T16:20:00Z --tick 2014-12-22T16:30:00Z --tick 2014-12-22T16:40:00Z)"
[ "$left" -gt 0 ] || fail "the table sent again leaves nothing out: the test shows nothing"
routes() { python3 -c "import json; s=json.load(open('$tmp/st.json')); print(sum(p['prefixes_v4'] + p['prefixes_v6'] for p in s['peers']), sum(p['up'] for p in s['peers']))"; }

# 1. the first half, a checkpoint, kill -9
start_watch "${OPTS[@]}"
feed_then_kill "$tmp/a.bmp"
read -r before up_before <<<"$(routes)"

# 2. restart; the router comes back with its table, less North Korea
start_watch "${OPTS[@]}" --events "$tmp/events.jsonl"
grep -q "peers awaited" "$tmp/err" || fail "the resumed peers are not awaited"
sleep 1.2  # a status snapshot
status > "$tmp/st.json"
python3 -c "import json,sys; s=json.load(open('$tmp/st.json')); a=[p['awaited'] for p in s['peers'] if p['up']]; sys.exit(0 if a and all(x == 'session' for x in a) else 1)" ||
  fail "status does not show the restored peers awaited: $(cat "$tmp/st.json")"
python3 "$SRC/tests/bmp_send.py" "$bmp" "$tmp/c.bmp" --hold 30 > /dev/null & sender=$!
sleep 1
wait_drained
status > "$tmp/st.json"; read -r after up_after <<<"$(routes)"
python3 -c "import json,sys; s=json.load(open('$tmp/st.json')); sys.exit(0 if not any(p['awaited'] for p in s['peers']) else 1)" ||
  fail "peers still awaited after the warm-up"
stop_watch
kill $sender 2>/dev/null || true; wait $sender 2>/dev/null || true
echo "routes held: $before at the kill ($up_before peers up); the router sent $kept again and left out $left;" \
     "after the warm-up: $after ($up_after peers up)"
[ "$after" -eq "$kept" ] || fail "after the sweep the peers hold $after routes, not the $kept the router sent again"
[ "$after" -lt "$before" ] || fail "nothing was swept"
python3 - "$tmp/events.jsonl" <<'PY' || fail "no outage from the sweep"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
kp = [e for e in ev if e["kind"] == "outage" and e["entity"].get("code") == "KP" and e["start"] >= "2014-12-22T16:15"]
assert kp, [(e["kind"], e["entity"], e["start"]) for e in ev]
print("the sweep raised", kp[0]["entity"], "outage from", kp[0]["start"])
PY
echo "watch restart: routes withdrawn while it was down are swept by the table sent again: ok"
