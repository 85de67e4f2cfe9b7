#!/usr/bin/env bash
# Issue 10 `watch --warm ARCHIVE`: the morning of kp-2014-small (its RIB dump
# and the updates before 16:00, in a folder named as the BMP router will be,
# 127.0.0.1, so the warm peers are the router's) warms the engine; then the
# router sends only the updates from 16:00 (tests/mrt_to_bmp.py --from: no
# table, no PeerUp). The 16:15 outage of North Korea is raised: state and
# baselines came from the archive (a cold start on the same updates raises
# none: tests/watch_restart.sh). What ended before the warm archive's end
# (the morning's short outages) is not reported; what lasts into the live
# part (the instability until 16:15) is.
# Usage: tests/watch_warm.sh DARKWATCH SCENARIO_DIR SOURCE_DIR
set -euo pipefail
DW=$1; S=$2; SRC=$3
tmp=$(mktemp -d); pid=
trap 'kill $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; tail -20 "$tmp/err" 2>/dev/null; exit 1; }
source "$SRC/tests/watch_lib.sh"
w="$tmp/warm/127.0.0.1"; mkdir -p "$w/RIBS" "$w/UPDATES"
cp "$S/route-views2/RIBS/rib.20141222.0000.bz2" "$w/RIBS/"
for f in "$S"/route-views2/UPDATES/updates.20141222.*.bz2; do
  hm=$(basename "$f" .bz2); hm=${hm##*.}
  [ "$hm" \< 1600 ] && cp "$f" "$w/UPDATES/"
done
python3 "$SRC/tests/mrt_to_bmp.py" "$S/route-views2" "$tmp/b.bmp" --from 2014-12-22T16:00:00Z 2>/dev/null
start_watch --geo rir --as-names none --warm "$tmp/warm" --events "$tmp/events.jsonl"
grep -q "warm start: 2014-12-22T00:00:00Z to 2014-12-22T15:5" "$tmp/err" || fail "no warm start summary"
python3 "$SRC/tests/bmp_send.py" "$bmp" "$tmp/b.bmp" --hold 30 > /dev/null & sender=$!
sleep 1
wait_drained
stop_watch
kill $sender 2>/dev/null || true; wait $sender 2>/dev/null || true
python3 - "$tmp/events.jsonl" <<'PY' || fail "events after the warm start"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
kp = [e for e in ev if e["kind"] == "outage" and e["entity"] == {"type": "country", "code": "KP"}]
assert [e["start"][:15] for e in kp] == ["2014-12-22T16:1"], [(e["kind"], e["start"]) for e in ev]
early = [e for e in ev if e.get("end") and e["end"] < "2014-12-22T15:59"]
assert not early, ("reported though over before the live part", early[:2])
inst = [e for e in ev if e["kind"] == "instability" and e["entity"] == {"type": "country", "code": "KP"}]
assert inst and inst[0]["end"] >= "2014-12-22T16", "the instability lasting into the live part is reported"
print("warm start: the outage from", kp[0]["start"], "to", kp[0]["end"], f"; {len(ev)} events and notices reported")
PY
echo "watch --warm: state and baselines from the archive: ok"
