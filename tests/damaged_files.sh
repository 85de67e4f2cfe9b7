#!/usr/bin/env bash
# A truncated and an empty update file in the middle of an outage: builds
# tests/scenarios/damaged-files.json (the undamaged archive is the control
# that generated_scenarios scores), copies it, cuts route-views2's 11:00 update
# file after a fifth of its bytes (mid bzip2 stream: the peer reset at 11:05 is
# lost with the rest) and empties its 11:30 one (the peer's return and table),
# then checks that the replay names the truncated file and still scores clean
# under score.py --strict against the same truth, and that each file not
# read to its end is a data gap of route-views2 from where it stops (issue 9
# item 12: its peers must not keep voting on a view that missed those updates).
# Usage: tests/damaged_files.sh DARKWATCH CACHE_DIR
set -euo pipefail
DW=$1; CACHE=$2
HERE=$(cd "$(dirname "$0")" && pwd)
built=$CACHE/damaged-files
"$HERE/build_scenario.sh" "$HERE/scenarios/damaged-files.json" "$built"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
S=$tmp/damaged-files
mkdir "$S"
cp -r "$built/route-views2" "$built/rrc00" "$built/truth.json" "$S/"
cut=$S/route-views2/UPDATES/updates.20160315.1100.bz2
empty=$S/route-views2/UPDATES/updates.20160315.1130.bz2
[ -s "$cut" ] && [ -s "$empty" ]
truncate -s $(( $(stat -c %s "$cut") / 5 )) "$cut"
: > "$empty"
"$DW" replay "$S" --events "$tmp/events.jsonl" 2> "$tmp/stderr" || true
if ! grep -q "$(basename "$cut")" "$tmp/stderr"; then
  echo "FAIL: nothing on stderr names the truncated $(basename "$cut")"; exit 1
fi
if ! grep -q "$(basename "$empty")" "$tmp/stderr"; then
  echo "FAIL: nothing on stderr names the empty $(basename "$empty")"; exit 1
fi
for at in 2016-03-15T11:00:00Z 2016-03-15T11:30:00Z; do
  if ! grep '"kind":"collector_gap"' "$tmp/events.jsonl" | grep '"collector":"route-views2"' | grep -q "\"start\":\"$at\""; then
    echo "FAIL: no collector_gap of route-views2 from $at (a file not read to its end is a data gap)"; exit 1
  fi
done
# the notice says why the data is missing: which file was not read to its end
for f in "$cut" "$empty"; do
  if ! grep '"kind":"collector_gap"' "$tmp/events.jsonl" | grep -q "\"reason\":\"update file $(basename "$f") was not read to its end\""; then
    echo "FAIL: no collector_gap names $(basename "$f") as its reason"; exit 1
  fi
done
echo "outage events: $(grep -c '"kind":"outage"' "$tmp/events.jsonl")"
SCORE=${DW_SHARED:-$HERE/../../shared}/tools/score.py
[ -f "$SCORE" ] || SCORE=$HERE/score.py
python3 "$SCORE" --strict "$S/truth.json" "$tmp/events.jsonl"
