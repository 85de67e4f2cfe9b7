#!/usr/bin/env bash
# End-to-end alert latency on the loopback lab (issue 10): tests/lab_bmp.sh
# run K times (exabgp feeds gobgpd and FRR; both stream BMP to watch and
# peer with it over BGP; one origin's prefixes are withdrawn). Each run
# prints when the open alert was written against (a) the outage's start +
# min-duration, the moment it qualified, and (b) the last withdrawal +
# min-duration (the issue's yardstick). Reports both medians.
# Usage: [K=3] bench/alert-latency.sh [DARKWATCH]   (about 2 minutes a run; needs root, exabgp, gobgpd, frr)
set -euo pipefail
cd "$(dirname "$0")/.."
DW=$(realpath "${1:-build/darkwatch}")  # the lab script runs from its own folder: absolute paths
K=${K:-3}
out=$(mktemp); trap 'rm -f "$out"' EXIT
for i in $(seq "$K"); do
  tests/lab_bmp.sh "$DW" "$(cd ../shared && pwd)" "$PWD" > "$out.$i" 2>&1 || { tail -20 "$out.$i"; echo "run $i failed"; exit 1; }
  grep "alert written" "$out.$i" | tee -a "$out"
  rm -f "$out.$i"
done
python3 - "$out" << 'PY'
import re, statistics, sys
a, b = [], []
for line in open(sys.argv[1]):
    m = re.search(r"([+-][0-9.]+) s from the outage's start \+ min-duration.*?([+-][0-9.]+) s from the last withdrawal", line)
    if m: a.append(float(m.group(1))); b.append(float(m.group(2)))
print(f"{len(a)} runs: median {statistics.median(a):+.1f} s after the outage qualified (start + min-duration), "
      f"median {statistics.median(b):+.1f} s from the last withdrawal + min-duration (goal: under 1 s)")
PY
