#!/usr/bin/env bash
# watch --db stores daily exposure profiles (issue 12 §7). kp-2014-small (the
# 22 Dec RIB and every update to 23 Dec 09:00) is turned into RIS Live lines
# (tests/mrt_to_rislive.py) and watched as a finite input: the store then
# holds a profile of KP for 22 Dec (at the first bin with full-feed vantage
# points: AS4837
# its one international upstream, 100%, tier severe, a single point of
# failure; none on the 23rd: at midnight, in its outage, no route to it is
# left), the US one for each day, read back by `profile --db --history`. The real RIS Live sample
# (one day, no bin closes) gets its day's profile at the end of the run.
# Usage: tests/watch_profiles.sh DARKWATCH SCENARIO_DIR DATA_DIR
set -euo pipefail
DW=$1; S=$2; D=$3
HERE=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; cat "$tmp/err" 2>/dev/null | tail -20; exit 1; }
C=$S/route-views2
"$DW" dump --json "$C"/RIBS/rib.20141222.0000.bz2 $(ls "$C"/UPDATES/* | sort) 2> "$tmp/dump.err" |
  python3 "$HERE/mrt_to_rislive.py" route-views2 > "$tmp/all.jsonl"
# RIS Live has no RIB dump: the routing state decides who is full-feed when a
# session changes (rib::RibState::refresh_voters). One does right after the
# table (another peer's session drops at 00:00:30), as at a collector's start.
python3 - "$tmp/all.jsonl" > "$tmp/kp.jsonl" <<'PY'
import json, sys
drop = json.dumps({"type": "ris_message", "data": {"timestamp": 1419206430, "peer": "192.0.0.250", "peer_asn": "64500",
                   "host": "route-views2", "type": "RIS_PEER_STATE", "state": "down"}})
done = False
for line in open(sys.argv[1]):
    if not done and json.loads(line)["data"]["timestamp"] > 1419206400:
        print(drop)
        done = True
    sys.stdout.write(line)
PY
[ "$(wc -l < "$tmp/kp.jsonl")" -gt 30000 ] || fail "the RIS Live copy of the scenario is short"
timeout 120 "$DW" watch --ris-live "$tmp/kp.jsonl" --db "$tmp/live.sqlite" --events /dev/null 2> "$tmp/err" ||
  fail "watch exited $?"
grep -q "darkwatch: exposure profiles: [1-9]" "$tmp/err" || fail "watch says no profiles were kept"
sqlite3 "$tmp/live.sqlite" "SELECT entity, date(day, 'unixepoch'), ts, json FROM profile WHERE entity = 'country:KP' ORDER BY day" \
  -separator $'\t' > "$tmp/kp.tsv"
python3 - "$tmp/kp.tsv" <<'PY' || fail "KP's stored profiles"
import json, sys
rows = [l.rstrip("\n").split("\t", 3) for l in open(sys.argv[1])]
days = [r[1] for r in rows]
assert days == ["2014-12-22"], f"KP's profile of 22 Dec (none on the 23rd: at 00:00 it is dark): {days}"
p = json.loads(rows[0][3])
ups = [(u["asn"], u["share"]) for u in p["international_upstreams"]]
assert ups == [(4837, 1.0)], f"22 Dec: AS4837 alone at 100% ({ups})"
assert p["tier"] == "severe", p["tier"]
assert p["size"]["ipv4_addresses"] == 1024 and p["size"]["prefixes"] == 4, p["size"]
assert any(f["asn"] == 4837 and "every path to KP crosses AS4837" in f["text"] for f in p["single_points_of_failure"]), p["single_points_of_failure"]
assert int(rows[0][2]) == 1419206400 + 300, f"taken at the first bin's end ({rows[0][2]})"
print("ok: KP profiles", days, ups)
PY
us=$(sqlite3 "$tmp/live.sqlite" "SELECT group_concat(date(day, 'unixepoch')) FROM profile WHERE entity = 'country:US'")
[ "$us" = "2014-12-22,2014-12-23" ] || fail "the US has a profile of each day of the data ($us)"
n=$(sqlite3 "$tmp/live.sqlite" "SELECT count(*) FROM profile WHERE entity LIKE 'asn:%'")
[ "$n" -gt 100 ] || fail "origin ASes' profiles ($n)"
"$DW" profile --db "$tmp/live.sqlite" --entity country:KP --history > "$tmp/hist" 2>> "$tmp/err" || fail "profile --history"
grep -q "2014-12-22" "$tmp/hist" || { cat "$tmp/hist"; fail "profile --history does not list 22 Dec"; }

# the real RIS Live sample: a few lines of one day, no bin closes; its day's
# profile is taken at the end
timeout 20 "$DW" watch --ris-live "$D/rislive/libbgpstream__test_ris-live-stream.json" --geo none --as-names none \
  --db "$tmp/sample.sqlite" 2> "$tmp/err" || fail "watch on the sample exited $?"
got=$(sqlite3 "$tmp/sample.sqlite" "SELECT date(day, 'unixepoch') FROM profile WHERE entity = 'asn:268481'")
[ "$got" = "2019-03-26" ] || fail "the sample's origin AS268481 has no profile of 2019-03-26 ($got)"
echo "watch --db stores daily exposure profiles: ok"
