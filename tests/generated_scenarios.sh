#!/usr/bin/env bash
# Builds the scenario specs in tests/scenarios with tests/build_scenario.sh
# (../shared/tools/mkscenario.py), replays each and scores it with score.py.
# Built archives are cached in CACHE_DIR.
# Usage: tests/generated_scenarios.sh DARKWATCH CACHE_DIR [SPEC_DIR (default tests/scenarios)]
set -euo pipefail
DW=$1; CACHE=$2
HERE=$(cd "$(dirname "$0")" && pwd)
SPECS=${3:-$HERE/scenarios}
mkdir -p "$CACHE"
rc=0
for spec in "$SPECS"/*.json; do
  name=$(basename "$spec" .json)
  "$HERE/build_scenario.sh" "$spec" "$CACHE/$name"
  echo "== $name"
  "$HERE/scenario_acceptance.sh" "$DW" "$CACHE/$name" || rc=1
done
exit $rc
