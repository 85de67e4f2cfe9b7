#!/usr/bin/env bash
# Exposure profiles on the full-size bench table (issue 12's bench): time and
# peak RSS of (1) replay alone, (2) replay keeping paths and daily profiles,
# (3) loading the state and profiling every country and every origin AS
# (`profile --all`), and (4) `profile --rank`; then the United States' figures.
# Build the archive once (several minutes, a few GB):
#   ../shared/tools/mkscenario.py ../shared/scenarios/bench-fulltable.json /tmp/dw-bench-fulltable \
#     (the arguments of the kp-2014 command in ../shared/README.md)
# Usage: bench/profile.sh [ARCHIVE (default /tmp/dw-bench-fulltable)]
set -u
cd "$(dirname "$0")/.."
A=${1:-/tmp/dw-bench-fulltable}
DW=build/darkwatch
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
run() {  # label, command...
  local label=$1; shift
  /usr/bin/time -f "$label: wall %e s, peak RSS %M KB" "$@" 2> "$T/err" > "$T/out"
  grep -E "replayed|exposure profiles|routing state at|profiled|wall" "$T/err" | grep -v "^darkwatch: geography"
}
run "replay alone" $DW replay "$A" --events /dev/null --profiles off
run "replay with daily profiles" $DW replay "$A" --events /dev/null --profiles on
run "profile --all (every country and origin AS)" $DW profile "$A" --all -o "$T/all.jsonl"
run "profile --rank" $DW profile "$A" --rank
head -12 "$T/out"
python3 - "$T/all.jsonl" <<'PY'
import json, sys
n = c = spof = 0
for line in open(sys.argv[1]):
    p = json.loads(line)
    if p["entity"] == "country:US":
        us = p
    n += 1
    c += p["entity"].startswith("country:")
print(f"{n} profiles ({c} countries, {n - c} origin ASes)")
s = us["size"]
print(f"US: {s['prefixes']} prefixes, {us['origin_count']} origins, {s['ipv4_addresses']} IPv4 addresses, "
      f"{us['vantage_points']} vantage points, {us['international_upstream_count']} international upstreams ({us['tier']}), "
      f"largest dependence {us['dependence'][0]['share'] if us['dependence'] else 0}, "
      f"single points of failure: {len(us['single_points_of_failure'])}")
PY
