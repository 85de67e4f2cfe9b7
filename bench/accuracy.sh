#!/usr/bin/env bash
# Detection accuracy over every scenario we have, scored by ../shared/tools/score.py
# --strict (a country's outage counts only when reported as that country's):
# the shared ones, the specs in tests/scenarios (also run by ctest), the damaged
# copy of tests/scenarios/damaged-files (tests/damaged_files.sh) and the
# larger ones in bench/scenarios, each built by ../shared/tools/mkscenario.py
# from the 2014 registry data (cached in CACHE_DIR; the first run takes ~10 min).
# DW_SHARED names the shared folder when it is not ../shared.
# Prints each score line and the totals: truth outages found and timely,
# instability found, outage events raised, false outages.
# Usage: bench/accuracy.sh [CACHE_DIR (default /tmp/darkwatch-scenarios)]
set -u
cd "$(dirname "$0")/.."
DW=$PWD/build/darkwatch
CACHE=${1:-/tmp/darkwatch-scenarios}
out=$(mktemp); trap 'rm -f "$out"' EXIT
export DW_SHARED=${DW_SHARED:-$PWD/../shared}
for s in "$DW_SHARED"/data/scenarios/*/; do
  echo "== $(basename "$s")"
  tests/scenario_acceptance.sh "$DW" "$s"
done > "$out" 2>&1
tests/generated_scenarios.sh "$DW" "$CACHE" >> "$out" 2>&1
echo "== damaged-files (truncated + empty update file)" >> "$out"
tests/damaged_files.sh "$DW" "$CACHE" >> "$out" 2>&1
tests/generated_scenarios.sh "$DW" "$CACHE" bench/scenarios >> "$out" 2>&1
grep -E "^==|^(MISSED|LATE|FALSE|FAIL)|outages found|^outage events" "$out"
grep -E "outages found|^outage events" "$out" | python3 -c '
import re, sys
rows, events = [], 0
for line in sys.stdin:
    nums = [int(x) for x in re.findall(r"\d+", line)]
    if line.startswith("outage events"):
        events += nums[0]
    else:
        rows.append(nums)  # found, truth, timely, truth, instability found, truth, false
s = [sum(r[i] for r in rows) for i in range(7)]
print(f"{len(rows)} scenarios: outages found {s[0]}/{s[1]}, timely {s[2]}/{s[3]}, instability {s[4]}/{s[5]}, "
      f"{events} outage events, false outages {s[6]}")'
