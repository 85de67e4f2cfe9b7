#!/usr/bin/env bash
# Issue 12's checks on a real scenario archive (kp-2014 or its small copy):
# North Korea has 4 prefixes, 1,024 addresses and one origin (AS131279);
# AS4837 carries 100% of it and is a single point of failure; --without 4837
# leaves 0%; its tier is severe; the ranking lists it; with --db, replay
# stores daily profiles that profile --db reads back, and the outage's
# explanation says KP had a single international upstream.
# Usage: tests/profile_acceptance.sh DARKWATCH ARCHIVE [--with-db]
set -eu
DW=$1 A=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
# the state before the outage of 22 Dec 16:15 (every archive starts on the 19th or later)
AT=2014-12-22T12:00:00Z
"$DW" profile "$A" --entity country:KP --at $AT --json > "$T/kp.json" 2> "$T/err" || { cat "$T/err"; exit 1; }
"$DW" profile "$A" --entity country:KP --at $AT --without 4837 --json > "$T/without.json" 2>> "$T/err"
"$DW" profile "$A" --entity asn:131279 --at $AT --json > "$T/as.json" 2>> "$T/err"
"$DW" profile "$A" --rank --at $AT --csv > "$T/rank.csv" 2>> "$T/err"
"$DW" profile "$A" --entity country:KP --at $AT > "$T/kp.txt" 2>> "$T/err"
python3 - "$T" <<'PY'
import csv, json, sys
t = sys.argv[1]
kp = json.load(open(f"{t}/kp.json"))
def check(ok, what):
    if not ok:
        print("FAIL:", what); sys.exit(1)
    print("ok:", what)
s = kp["size"]
check(s["prefixes"] == 4, f"KP has 4 prefixes ({s['prefixes']})")
check(s["ipv4_addresses"] == 1024, f"KP has 1,024 addresses ({s['ipv4_addresses']})")
check([o["asn"] for o in kp["origins"]] == [131279], f"KP's one origin is AS131279 ({[o['asn'] for o in kp['origins']]})")
dep = {d["asn"]: d["share"] for d in kp["dependence"]}
check(dep.get(4837) == 1.0, f"AS4837 carries 100% ({dep})")
check([f["asn"] for f in kp["single_points_of_failure"]][:1] == [4837] or 4837 in [f["asn"] for f in kp["single_points_of_failure"]],
      "AS4837 is a single point of failure")
check([u["asn"] for u in kp["international_upstreams"]] == [4837], f"its one international upstream is AS4837 ({kp['international_upstreams']})")
check(kp["tier"] == "severe", f"tier severe ({kp['tier']})")
check(kp["vantage_points"] >= 2, f"seen from {kp['vantage_points']} full-feed vantage points")
w = json.load(open(f"{t}/without.json"))["what_if"]
check(w["space_left"] == 0 and w["prefixes_left"] == 0 and w["origins_left"] == 0, f"--without 4837 leaves 0% ({w['space_left']})")
check([a["asn"] for a in w["origins_cut_off"]] == [131279], "AS131279 is cut off")
check(all(v["space_left"] == 0 for v in w["per_vantage_point"]), "from every vantage point")
a = json.load(open(f"{t}/as.json"))
check(a.get("country") == "KP" and a["size"]["prefixes"] == 4, "asn:131279 is KP's, with the 4 prefixes")
rows = {r["country"]: r for r in csv.DictReader(open(f"{t}/rank.csv"))}
check(rows["KP"]["tier"] == "severe" and rows["KP"]["international_upstreams"] == "1" and rows["KP"]["networks"] == "1",
      f"ranking: KP severe with 1 upstream, 1 network ({rows.get('KP')})")
check(len(rows) > 30, f"ranking lists every country ({len(rows)})")
txt = open(f"{t}/kp.txt").read()
check("every path to KP crosses AS4837: losing it leaves 0% reachable" in txt, "the text says it in words")
PY
[ "${3:-}" = --with-db ] || exit 0
"$DW" replay "$A" --db "$T/run.db" --events "$T/events.jsonl" 2> "$T/replay.err" || { cat "$T/replay.err"; exit 1; }
grep "exposure profiles" "$T/replay.err"
"$DW" profile --db "$T/run.db" --entity country:KP --at $AT --json > "$T/db.json"
"$DW" profile --db "$T/run.db" --entity country:KP --history > "$T/history.txt"
"$DW" profile --db "$T/run.db" --rank --json > "$T/dbrank.jsonl"
python3 - "$T" <<'PY'
import json, sys
t = sys.argv[1]
def check(ok, what):
    if not ok:
        print("FAIL:", what); sys.exit(1)
    print("ok:", what)
p = json.load(open(f"{t}/db.json"))
check(p["size"]["prefixes"] == 4 and p["tier"] == "severe" and p["dependence"][0]["asn"] == 4837, "the stored profile of KP (22 Dec)")
days = open(f"{t}/history.txt").read().splitlines()
# one a day while KP is routed (at 00:05 on 23 Dec it is in its outage: no row)
check(len(days) >= 1 and all("AS4837" in d and "severe" in d for d in days), f"stored profiles day by day ({len(days)})")
rank = [json.loads(l) for l in open(f"{t}/dbrank.jsonl")]
check(any(r["country"] == "KP" and r["tier"] == "severe" for r in rank), "the stored ranking")
ev = [json.loads(l) for l in open(f"{t}/events.jsonl")]
kp = [e for e in ev if e.get("kind") == "outage" and e["entity"]["type"] == "country" and e["entity"]["code"] == "KP"]
check(kp, "KP's outage found")
x = kp[0]["explanation"].get("exposure", "")
check(x.startswith("KP had a single international upstream (AS4837") and "100% of its space" in x, f"the explanation: {x}")
PY
