#!/usr/bin/env bash
# Acceptance for the store path: replay into a database, then `detect --db`
# over it alone, and score those events against the truth.
# Usage: tests/detect_db_acceptance.sh DARKWATCH SCENARIO_DIR
set -euo pipefail
DW=$1; S=$2
HERE=$(cd "$(dirname "$0")" && pwd)
SCORE=${DW_SHARED:-$HERE/../../shared}/tools/score.py
[ -f "$SCORE" ] || SCORE=$HERE/score.py
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$DW" replay "$S" --db "$tmp/run.db" --events "$tmp/replay.jsonl" 2>/dev/null || true
"$DW" detect --db "$tmp/run.db" --events "$tmp/events.jsonl"
# an AS named in the replay's events is named in detect's (from the store's entity table)
python3 - "$tmp/replay.jsonl" "$tmp/events.jsonl" <<'PY'
import json, sys
def names(path):
    out = {}
    for line in open(path):
        e = json.loads(line).get("entity", {})
        if e.get("type") == "asn":
            out.setdefault(e["code"], set()).add(e.get("name"))
    return out
replay, detect = names(sys.argv[1]), names(sys.argv[2])
missing = [a for a, n in detect.items() if None in n and replay.get(a, {None}) != {None}]
print(f"AS entities in detect's events: {len(detect)}, without the name the replay gave them: {len(missing)}")
sys.exit(1 if missing or not detect else 0)
PY
"$DW" signal --db "$tmp/run.db" --entity country:KP --csv > "$tmp/kp.csv"
grep -q ',4,' "$tmp/kp.csv" && grep -q '^2014-12-22T16:15:00Z,0,' "$tmp/kp.csv"
"$DW" report --db "$tmp/run.db" --entity country:KP --png "$tmp/kp.png" > "$tmp/report.txt"
grep -q "single upstream" "$tmp/report.txt" && [ -s "$tmp/kp.png" ]
python3 "$SCORE" --strict "$S/truth.json" "$tmp/events.jsonl"
